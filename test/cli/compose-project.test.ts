// The pure parts of `orc compose`'s project commands: which containers a
// project's labels select, Compose's names and messages, the log prefixes and
// colours, and ps's columns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerSummary, LogEntry } from '../../cli/client/index.js';
import { LogPrinter, PALETTE } from '../../cli/commands/compose/log-printer.js';
import { splitServicePath, resolveEnv } from '../../cli/commands/compose/project-exec.js';
import { repositoryAndTag } from '../../cli/commands/compose/project-images.js';
import { isYes } from '../../cli/commands/compose/project-lifecycle.js';
import { displayPorts, psJson, publishers, quotedCommand, statusFilter } from '../../cli/commands/compose/project-ps.js';
import { byName, nameWithoutProject, selectContainers, specifiedContainer, startOrder } from '../../cli/commands/compose/project-scope.js';
import { OrcError } from '../../common/errors.js';
import type { Io } from '../../cli/io.js';

const L = 'com.docker.compose';

function ctr(project: string, service: string, n: number, o: { oneOff?: boolean; state?: string; name?: string; deps?: string } = {}): ContainerSummary {
  const name = o.name ?? (o.oneOff === true ? `${project}-${service}-run-${n}` : `${project}-${service}-${n}`);
  return {
    id: `${name}-id`.padEnd(64, '0'),
    names: [`/${name}`],
    image: 'busybox:1',
    imageId: 'sha256:abc',
    command: 'sh -c sleep 300',
    created: 1_700_000_000,
    state: o.state ?? 'running',
    status: 'Up 2 seconds',
    health: '',
    labels: {
      [`${L}.project`]: project,
      [`${L}.service`]: service,
      [`${L}.container-number`]: String(n),
      [`${L}.oneoff`]: o.oneOff === true ? 'True' : 'False',
      ...(o.deps !== undefined ? { [`${L}.depends_on`]: o.deps } : {}),
    },
  };
}

function capture(): Io & { text: () => string } {
  let out = '';
  return { out: (t) => void (out += t), err: (t) => void (out += t), text: () => out };
}

describe('containers by Compose\'s labels', () => {
  const list = [
    ctr('p', 'web', 2),
    ctr('p', 'web', 1, { state: 'exited' }),
    ctr('p', 'db', 1),
    ctr('p', 'web', 1, { oneOff: true }),
    ctr('q', 'web', 1),
  ];

  it('a project\'s containers are those labelled with its name; one-offs only when asked', () => {
    assert.deepEqual(byName(selectContainers(list, 'p')).map((c) => c.names[0]), ['/p-db-1', '/p-web-1', '/p-web-2']);
    assert.equal(selectContainers(list, 'p', { oneOff: 'include' }).length, 4);
    assert.deepEqual(selectContainers(list, 'p', { oneOff: 'only' }).map((c) => c.names[0]), ['/p-web-run-1']);
    assert.deepEqual(selectContainers(list, 'p', { services: ['web'], runningOnly: true }).map((c) => c.names[0]), ['/p-web-2']);
    assert.deepEqual(selectContainers(list, 'q').map((c) => c.names[0]), ['/q-web-1']);
  });

  it('--index picks by container number, service containers before one-offs; none is Compose\'s message', () => {
    assert.equal(specifiedContainer(list, 'p', 'web', 0).names[0], '/p-web-1');
    assert.equal(specifiedContainer(list, 'p', 'web', 0, { runningOnly: true }).names[0], '/p-web-2');
    assert.equal(specifiedContainer(list, 'p', 'web', 0, { oneOff: 'include', runningOnly: true }).names[0], '/p-web-2');
    assert.equal(specifiedContainer([ctr('p', 'web', 1, { oneOff: true })], 'p', 'web', 0, { oneOff: 'include' }).names[0], '/p-web-run-1');
    assert.throws(() => specifiedContainer(list, 'p', 'web', 3), (e: unknown) => e instanceof OrcError && e.code === 'ORC_NOT_FOUND' && e.message === 'service "web" is not running container #3');
    assert.throws(() => specifiedContainer(list, 'p', 'cache', 0), { message: 'service "cache" is not running' });
  });

  it('the log name drops the project; a custom container_name stays whole', () => {
    assert.equal(nameWithoutProject(ctr('my-app', 'web', 1)), 'web-1');
    assert.equal(nameWithoutProject(ctr('p', 'web', 1, { name: 'frontdoor' })), 'frontdoor');
  });

  it('without a file, the depends_on label orders the services: dependencies first', () => {
    const cs = [ctr('p', 'web', 1, { deps: 'api:service_started:false' }), ctr('p', 'api', 1, { deps: 'db:service_healthy:true,cache:service_started:false' }), ctr('p', 'db', 1), ctr('p', 'cache', 1)];
    const order = startOrder({ name: 'p' }, cs);
    assert.ok(order.indexOf('db') < order.indexOf('api'));
    assert.ok(order.indexOf('cache') < order.indexOf('api'));
    assert.ok(order.indexOf('api') < order.indexOf('web'));
    assert.equal(order.length, 4);
  });
});

describe('LogPrinter', () => {
  it('pads every prefix to the longest name plus one, then " | "', () => {
    const io = capture();
    const p = new LogPrinter(io, { color: false, prefix: true, timestamps: false });
    p.register('web-1');
    p.register('db-10');
    p.register('a');
    p.log('a', 'one\ntwo\n');
    p.log('web-1', 'hi');
    assert.equal(io.text(), 'a      | one\na      | two\nweb-1  | hi\n');
  });

  it('colours each name with the next colour of Compose\'s palette, the whole prefix', () => {
    const io = capture();
    const p = new LogPrinter(io, { color: true, prefix: true, timestamps: false });
    p.log('x-1', 'a\n');
    p.log('y-1', 'b\n');
    p.status('x-1', 'exited with code 0');
    assert.equal(io.text(), `\x1b[${PALETTE[0]}mx-1  | \x1b[0ma\n\x1b[${PALETTE[1]}my-1  | \x1b[0mb\n\x1b[${PALETTE[0]}mx-1 exited with code 0\x1b[0m\n`);
    assert.deepEqual(PALETTE, ['36', '33', '32', '35', '34', '36;1', '33;1', '32;1', '35;1', '34;1']);
  });

  it('without a prefix or colour, lines are as the container wrote them; -t puts the time first', () => {
    const io = capture();
    const p = new LogPrinter(io, { color: false, prefix: false, timestamps: true });
    p.log('web-1', 'hello\n', '2024-01-01T00:00:00.000000000Z');
    assert.equal(io.text(), '2024-01-01T00:00:00.000000000Z hello\n');
  });

  it('joins records split inside a line, and prints a last line without a newline when the stream ends', async () => {
    const io = capture();
    const p = new LogPrinter(io, { color: false, prefix: true, timestamps: false });
    async function* records(): AsyncGenerator<LogEntry> {
      for (const s of ['par', 'tial\nnext', ' line\nlast']) yield { stream: 'stdout', time: 't', log: Buffer.from(s) };
    }
    await p.print('w', records());
    assert.equal(io.text(), 'w  | partial\nw  | next line\nw  | last\n');
  });
});

describe('ps columns', () => {
  it('ports from Docker\'s NetworkSettings.Ports: published as ip:port->port/proto, exposed bare, sorted', () => {
    const pubs = publishers({ '443/tcp': null, '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }] });
    assert.equal(displayPorts(pubs), '127.0.0.1:5353->53/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 443/tcp');
    assert.deepEqual(pubs[0], { URL: '127.0.0.1', TargetPort: 53, PublishedPort: 5353, Protocol: 'udp' });
  });

  it('COMMAND is quoted and cut at 20 characters unless --no-trunc', () => {
    assert.equal(quotedCommand('sh -c echo hello; sleep 300', true), '"sh -c echo hello; s…"');
    assert.equal(quotedCommand('sh -c echo hello; sleep 300', false), '"sh -c echo hello; sleep 300"');
    assert.equal(quotedCommand('true', true), '"true"');
  });

  it('the JSON line carries Compose\'s keys', () => {
    const o = JSON.parse(psJson({ c: ctr('p', 'web', 1), health: 'healthy', exitCode: 0, pubs: [] }, true, 1_700_000_010_000)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(o), ['Command', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name', 'Names', 'Networks', 'Ports', 'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status']);
    assert.equal(o['Name'], 'p-web-1');
    assert.equal(o['Service'], 'web');
    assert.equal(o['Publishers'], null);
    assert.equal(o['CreatedAt'], '2023-11-14 22:13:20 +0000 UTC');
    assert.equal(o['RunningFor'], '10 seconds ago');
  });

  it('--filter status=S is --status S; other filters are refused', () => {
    assert.deepEqual(statusFilter('status=exited', ['running']), ['running', 'exited']);
    assert.throws(() => statusFilter('name=x', []), { message: 'unknown filter name' });
    assert.throws(() => statusFilter('status', []), { message: 'arguments to --filter should be in form KEY=VAL' });
  });
});

describe('arguments', () => {
  it('SERVICE:PATH names a service unless the path is absolute or starts with a dot', () => {
    assert.deepEqual(splitServicePath('web:/etc/hosts'), { service: 'web', path: '/etc/hosts' });
    assert.deepEqual(splitServicePath('/tmp/a:b'), { path: '/tmp/a:b' });
    assert.deepEqual(splitServicePath('./a:b'), { path: './a:b' });
    assert.deepEqual(splitServicePath('file.txt'), { path: 'file.txt' });
  });

  it('exec -e KEY takes this process\'s value', () => {
    assert.deepEqual(resolveEnv(['A=1', 'B', 'C'], { B: 'two' }), ['A=1', 'B=two']);
  });

  it('image references split into repository and tag as Docker\'s familiar names', () => {
    assert.deepEqual(repositoryAndTag('busybox:1.36'), ['busybox', '1.36']);
    assert.deepEqual(repositoryAndTag('docker.io/library/nginx:latest'), ['nginx', 'latest']);
    assert.deepEqual(repositoryAndTag('127.0.0.1:5000/app'), ['127.0.0.1:5000/app', '']);
    assert.deepEqual(repositoryAndTag('app@sha256:abcd'), ['app', '']);
  });

  it('rm\'s prompt takes Compose\'s yes', () => {
    for (const y of ['y', 'Y', 'yes', 'true', '1']) assert.equal(isYes(y), true, y);
    for (const n of ['', 'n', 'no', 'maybe']) assert.equal(isYes(n), false, n);
  });
});
