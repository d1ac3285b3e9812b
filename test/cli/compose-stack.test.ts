// `orc up|down|create|run|ls` against a fake engine: what the CLI sends
// (the StackSpec, Compose's flags), how it shows progress and errors, and
// its exit codes. The daemon side is tested on its own.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type * as grpc from '@grpc/grpc-js';
import { OrcError } from '../../common/errors.js';
import { toStatus } from '../../worker/daemon/status.js';
import { withFiles } from '../helpers/tmp.js';
import { fakeEngine, runOrc, type FakeEngine, type Handler } from './compose-stack-fake.js';

type Ev = { kind: string; name: string; status: string; detail: string; service: string };
type UpReq = { spec_json: string; services: string[]; scale: Record<string, number>; no_deps: boolean; force_recreate: boolean; no_recreate: boolean; remove_orphans: boolean; no_start: boolean; wait: boolean; wait_timeout: number; timeout?: number; no_pull: boolean; registry_auth_json: string };
type DownReq = { project: string; spec_json: string; volumes: boolean; rmi: string; remove_orphans: boolean; timeout?: number };

const COMPOSE = `services:
  web:
    image: localhost:5000/web:1
    depends_on: [db]
    secrets: [token]
  db:
    image: busybox
networks:
  back: {}
secrets:
  token:
    environment: TOKEN
`;

const events = (list: Ev[], fail?: OrcError): Handler => (call: grpc.ServerWritableStream<unknown, Ev>) => {
  for (const e of list) call.write(e);
  if (fail !== undefined) call.emit('error', toStatus(fail));
  else call.end();
};

const ev = (kind: string, name: string, status: string, service = ''): Ev => ({ kind, name, status, detail: '', service });
const started: Ev[] = [ev('network', 'p_default', 'Creating'), ev('network', 'p_default', 'Created'), ev('container', 'p-db-1', 'Starting', 'db'), ev('container', 'p-db-1', 'Started', 'db'), ev('container', 'p-web-1', 'Started', 'web')];

async function withEngine<T>(handlers: Record<string, Handler>, fn: (e: FakeEngine) => Promise<T>): Promise<T> {
  const engine = await fakeEngine(handlers);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

const project = (fn: (dir: string) => Promise<void>): Promise<void> => withFiles({ 'p/compose.yaml': COMPOSE }, (dir) => fn(join(dir, 'p')));

describe('orc up', () => {
  it('sends the project\'s spec with Compose\'s flags and prints plain progress lines on stderr', () => project((dir) => withEngine({ StackUp: events(started) }, async (engine) => {
    const r = await runOrc(engine.host, ['up', '-d', '--scale', 'web=3', '--no-recreate', '--remove-orphans', '-t', '5', '--wait', '--wait-timeout', '30', 'web'], { cwd: dir, env: { TOKEN: 's3cret' } });
    assert.equal(r.code, 0, r.stderr);
    const [req] = engine.seen('StackUp') as UpReq[];
    assert.ok(req);
    const spec = JSON.parse(req.spec_json) as { name: string; services: Record<string, unknown>; secrets: Record<string, { content?: string; environment?: string }>; networks: Record<string, { name: string }> };
    assert.equal(spec.name, 'p');
    assert.deepEqual(Object.keys(spec.services).sort(), ['db', 'web']);
    assert.equal(spec.networks['back']?.name, 'p_back');
    // the daemon does not see this shell: the secret travels as content
    assert.deepEqual(spec.secrets['token'], { name: 'p_token', content: 's3cret' });
    assert.deepEqual(req.services, ['web']);
    assert.deepEqual(req.scale, { web: 3 });
    assert.equal(req.no_recreate, true);
    assert.equal(req.force_recreate, false);
    assert.equal(req.remove_orphans, true);
    assert.equal(req.timeout, 5);
    assert.equal(req.wait, true);
    assert.equal(req.wait_timeout, 30);
    assert.equal(req.no_start, false);
    assert.equal(req.no_pull, false);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, [' Network p_default  Creating', ' Network p_default  Created', ' Container p-db-1  Starting', ' Container p-db-1  Started', ' Container p-web-1  Started', ''].join('\n'));
  })));

  it('takes the project flags before or after the command', () => withFiles({ 'a/other.yaml': 'services:\n  x:\n    image: busybox\n' }, (root) => withEngine({ StackUp: events([]) }, async (engine) => {
    const cwd = join(root, 'a');
    for (const args of [['-f', 'other.yaml', '-p', 'named', 'up', '-d'], ['up', '-f', 'other.yaml', '-d', '-p', 'named'], ['compose', '-f', 'other.yaml', 'up', '-d', '-p', 'named']]) {
      const r = await runOrc(engine.host, args, { cwd });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    const names = (engine.seen('StackUp') as UpReq[]).map((q) => (JSON.parse(q.spec_json) as { name: string; services: object }).name);
    assert.deepEqual(names, ['named', 'named', 'named']);
  })));

  it('create is up without starting; --pull never is no_pull and every service\'s pull_policy', () => project((dir) => withEngine({ StackUp: events([]) }, async (engine) => {
    assert.equal((await runOrc(engine.host, ['compose', 'create', '--pull', 'never'], { cwd: dir, env: { TOKEN: 't' } })).code, 0);
    const [req] = engine.seen('StackUp') as UpReq[];
    assert.equal(req?.no_start, true);
    assert.equal(req?.no_pull, true);
    const spec = JSON.parse(req?.spec_json ?? '{}') as { services: Record<string, { pull_policy?: string }> };
    assert.deepEqual(Object.values(spec.services).map((s) => s.pull_policy), ['never', 'never']);
  })));

  it('sends the credentials orc login stored for the registries of the images, and only those', () => project(async (dir) => {
    mkdirSync(join(dir, '.orc-config'));
    const auth = (u: string): string => Buffer.from(`${u}:pw`).toString('base64');
    writeFileSync(join(dir, '.orc-config', 'config.json'), JSON.stringify({ auths: { 'localhost:5000': { auth: auth('me') }, 'elsewhere.example:443': { auth: auth('no') } } }));
    await withEngine({ StackUp: events([]) }, async (engine) => {
      assert.equal((await runOrc(engine.host, ['up', '-d'], { cwd: dir, env: { TOKEN: 't' } })).code, 0);
      const [req] = engine.seen('StackUp') as UpReq[];
      assert.deepEqual(JSON.parse(req?.registry_auth_json ?? ''), { 'localhost:5000': { username: 'me', password: 'pw' } });
    });
  }));

  it('refuses a secret whose environment variable is unset, before calling the daemon', () => project((dir) => withEngine({ StackUp: events([]) }, async (engine) => {
    const r = await runOrc(engine.host, ['up', '-d'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /secret "token".*TOKEN.*not set/);
    assert.equal(engine.seen('StackUp').length, 0);
  })));

  it('a failure of the reconciler is its message on stderr and exit 1, after the progress so far', () => project((dir) => withEngine({
    StackUp: events([ev('container', 'p-db-1', 'Started', 'db')], new OrcError('ORC_RUNTIME', 'service "web": container p-web-1 failed to start: exec: "nope": not found')),
  }, async (engine) => {
    const r = await runOrc(engine.host, ['up', '-d'], { cwd: dir, env: { TOKEN: 't' } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, ' Container p-db-1  Started\nerror: service "web": container p-web-1 failed to start: exec: "nope": not found\n');
  })));

  it('refuses what Compose refuses, with its exit codes', () => project((dir) => withEngine({ StackUp: events([]) }, async (engine) => {
    const cases: Array<[string[], number, RegExp]> = [
      [['up', '-d', '--abort-on-container-exit'], 1, /--detach cannot be combined with --abort-on-container-exit/],
      [['up', '-d', '--exit-code-from', 'web'], 1, /--detach cannot be combined/],
      [['up', '--wait', '--attach', 'web'], 1, /--wait cannot be combined/],
      [['up', '--force-recreate', '--no-recreate'], 1, /--force-recreate and --no-recreate are incompatible/],
      [['up', '--exit-code-from', 'nope'], 1, /no such service: nope/],
      [['up', '-d', '--scale', 'nope=2'], 1, /no such service: nope/],
      [['up', '-d', '--scale', 'web'], 1, /invalid --scale "web"/],
      [['up', '--attach', 'nope'], 1, /cannot attach to services not included in up: nope/],
      [['up', '-d', 'nope'], 1, /no such service: nope/],
      [['up', '--no-such-flag'], 2, /unknown option/],
      [['up', '--pull', 'sometimes'], 2, /invalid/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runOrc(engine.host, args, { cwd: dir, env: { TOKEN: 't' } });
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.equal(engine.seen('StackUp').length, 0);
  })));

  it('draws Compose\'s block on a terminal: a header with the count, a mark and a time a line', () => project((dir) => withEngine({ StackUp: events(started) }, async (engine) => {
    const r = await runOrc(engine.host, ['up', '-d', '--progress', 'tty'], { cwd: dir, env: { TOKEN: 't' } });
    assert.equal(r.code, 0, r.stderr);
    // eslint-disable-next-line no-control-regex
    const plain = r.stderr.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    const last = plain.slice(plain.lastIndexOf('[+]')).split('\n');
    assert.equal(last[0], '[+] Running 3/3');
    assert.match(last[1] ?? '', /^ ✔ Network p_default\s+Created\s+\d+\.\ds$/);
    assert.match(last[2] ?? '', /^ ✔ Container p-db-1\s+Started\s+\d+\.\ds$/);
    assert.match(last[3] ?? '', /^ ✔ Container p-web-1 Started\s+\d+\.\ds$/);
    assert.ok(r.stderr.includes('\x1b[34m'), 'finished lines are blue');
  })));
});

describe('orc down', () => {
  it('with only -p and no file, sends the name alone', () => withFiles({}, (dir) => withEngine({ StackDown: events([ev('container', 'proj-web-1', 'Removed', 'web'), ev('network', 'proj_default', 'Removed')]) }, async (engine) => {
    const r = await runOrc(engine.host, ['-p', 'proj', 'down', '-v', '--rmi', 'local', '-t', '3'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const [req] = engine.seen('StackDown') as DownReq[];
    assert.deepEqual(req && { project: req.project, spec_json: req.spec_json, volumes: req.volumes, rmi: req.rmi, remove_orphans: req.remove_orphans, timeout: req.timeout }, { project: 'proj', spec_json: '', volumes: true, rmi: 'local', remove_orphans: false, timeout: 3 });
    assert.equal(r.stderr, ' Container proj-web-1  Removed\n Network proj_default  Removed\n');
  })));

  it('with a file, sends its spec so declared networks and volumes are removed by name', () => project((dir) => withEngine({ StackDown: events([]) }, async (engine) => {
    const r = await runOrc(engine.host, ['compose', 'down', '--remove-orphans'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const [req] = engine.seen('StackDown') as DownReq[];
    assert.equal(req?.project, 'p');
    assert.equal(req?.remove_orphans, true);
    assert.equal(req?.timeout, undefined);
    assert.equal((JSON.parse(req?.spec_json ?? '{}') as { networks: Record<string, { name: string }> }).networks['back']?.name, 'p_back');
  })));

  it('refuses a bad --rmi and a missing project with exit 1', () => withFiles({}, (dir) => withEngine({ StackDown: events([]) }, async (engine) => {
    const bad = await runOrc(engine.host, ['-p', 'x', 'down', '--rmi', 'some'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid value for --rmi: "some"/);
    const none = await runOrc(engine.host, ['down'], { cwd: dir });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no compose file found/);
    assert.equal(engine.seen('StackDown').length, 0);
  })));

  it('a failure is the daemon\'s message and exit 1', () => withFiles({}, (dir) => withEngine({ StackDown: events([], new OrcError('ORC_CONFLICT', 'network proj_default is in use by container other')) }, async (engine) => {
    const r = await runOrc(engine.host, ['-p', 'proj', 'down'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: network proj_default is in use by container other\n');
  })));
});

describe('orc compose ls', () => {
  const list: Handler = (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, {
    stacks: [{ name: 'alpha', status: 'running(2)', config_files: '/a/compose.yaml' }, { name: 'beta', status: 'exited(1)', config_files: '/b/compose.yaml,/b/override.yaml' }],
  });

  it('prints Compose\'s table, json, names, and filters by name', () => withFiles({}, (dir) => withEngine({ StackList: list }, async (engine) => {
    const t = await runOrc(engine.host, ['compose', 'ls', '-a'], { cwd: dir });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout, 'NAME    STATUS       CONFIG FILES\nalpha   running(2)   /a/compose.yaml\nbeta    exited(1)    /b/compose.yaml,/b/override.yaml\n');
    assert.deepEqual(engine.seen('StackList'), [{ all: true }]);
    const j = await runOrc(engine.host, ['compose', 'ls', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(j.stdout), [{ Name: 'alpha', Status: 'running(2)', ConfigFiles: '/a/compose.yaml' }, { Name: 'beta', Status: 'exited(1)', ConfigFiles: '/b/compose.yaml,/b/override.yaml' }]);
    assert.equal((await runOrc(engine.host, ['compose', 'ls', '-q', '--filter', 'name=bet'], { cwd: dir })).stdout, 'beta\n');
    const bad = await runOrc(engine.host, ['compose', 'ls', '--filter', 'label=x'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid filter 'label'/);
  })));
});

describe('progress and prefixes, in-process', () => {
  it('a working line spins and counts its time; a finished one keeps its duration', async () => {
    const { createProgress } = await import('../../cli/commands/compose/progress.js');
    let now = 1_000;
    let text = '';
    const p = createProgress({ mode: 'tty', write: (t) => (text += t), now: () => now, period: 0, width: () => 60 });
    p.event({ kind: 'container', name: 'p-db-1', status: 'Starting', detail: '', service: 'db' });
    now += 1_500;
    p.event({ kind: 'network', name: 'p_default', status: 'Created', detail: '', service: '' });
    p.stop();
    // eslint-disable-next-line no-control-regex
    const last = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split('[+]').at(-1)?.split('\n') ?? [];
    assert.equal(last[0], ' Running 1/2');
    assert.match(last[1] ?? '', /^ [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Container p-db-1 Starting\s+1\.5s$/);
    assert.match(last[2] ?? '', /^ ✔ Network p_default Created\s+0\.0s$/);
    assert.equal(last[1]?.length, 60);
  });

  it('prefixes are padded to the longest name and coloured per service on a terminal', async () => {
    const { PrefixPrinter } = await import('../../cli/commands/compose/attached.js');
    let out = '';
    const printer = new PrefixPrinter({ out: (t) => (out += t), err: (t) => (out += t) }, ['web-1', 'db-1', 'web-2'], { color: true, prefix: true, timestamps: false });
    const line = (s: string): { stream: 'stdout'; time: string; log: Buffer } => ({ stream: 'stdout', time: '', log: Buffer.from(s) });
    printer.log('web-1', 'web', line('a\nb\n'));
    printer.log('db-1', 'db', line('c'));
    printer.log('web-2', 'web', line('d\n'));
    assert.equal(out, [
      '\x1b[36mweb-1  | \x1b[0ma', '\x1b[36mweb-1  | \x1b[0mb', '\x1b[33mdb-1   | \x1b[0mc', '\x1b[36mweb-2  | \x1b[0md', '',
    ].join('\n'));
  });
});
