// The engine daemon end to end: `orc daemon` as a child process on a temp
// data root and socket, driven by the real CLI (`orc -H unix://S …`) and by
// the typed client. Every test stops what it started — containers, daemons,
// temp roots — even when it fails; the last test checks that no shim or
// overlay mount of this run is left. Needs root.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isOrcError } from '../../common/errors.js';
import { mountLines, shimProcessLines } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { IMAGE, bin, daemonFixture, orcWith, skip } from './helpers/daemon.js';

/** Short (sockets must fit 107 bytes) and unique to this run, so the leftover checks find only ours. */
const PREFIX = `/tmp/orcd${process.pid}-`;
const cgroupParent = `/orc-daemon-test-${process.pid}`;

describe('orc daemon and the docker-like commands', { skip }, () => {
  const d = daemonFixture(PREFIX, cgroupParent);
  const orc = d.orc;
  let archivePath = '';

  before(async () => {
    archivePath = await d.setUp({ load: false });
  });
  after(() => d.tearDown());

  it('image load -i FILE, then images lists it (stdin works too)', () => {
    const load = orc('image', 'load', '-i', archivePath);
    assert.equal(load.status, 0, load.stderr);
    assert.match(load.stdout, /Loaded image: daemon-test\/busybox:1/);
    const again = orcWith(d.socket, ['image', 'load'], { input: readFileSync(archivePath) });
    assert.equal(again.status, 0, again.stderr);
    const images = orc('images');
    assert.equal(images.status, 0, images.stderr);
    const [header, ...rows] = images.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    assert.equal(rows.length, 1);
    assert.match(rows[0] ?? '', /^daemon-test\/busybox\s+1\s+[0-9a-f]{12}\s+/);
  });

  it('run --rm IMG echo hi prints hi, exits 0 and leaves no container', () => {
    const r = orc('run', '--rm', IMAGE, 'echo', 'hi');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'hi\n');
    assert.equal(orc('ps', '-aq').stdout, '');
  });

  it('run exits with the container\'s own code, and options after the image go to the command', () => {
    const r = orc('run', '--name', 'three', IMAGE, 'sh', '-c', 'echo out; echo err >&2; exit 3');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.match(orc('ps', '-a').stdout, /Exited \(3\).*three/);
    assert.equal(orc('rm', 'three').status, 0);
  });

  it('an unknown image exits 125 with a clear message; a missing command exits 127', () => {
    const r = orc('run', '--rm', 'no-such/image:9', 'true');
    assert.equal(r.status, 125);
    assert.match(r.stderr, /no-such\/image:9/);
    const missing = orc('run', '--rm', IMAGE, '/no/such/binary');
    assert.equal(missing.status, 127, missing.stderr);
    assert.match(missing.stderr, /\/no\/such\/binary/);
    const usage = orc('run', '--bogus-flag', IMAGE);
    assert.equal(usage.status, 125);
    assert.equal(orc('ps', '-aq').stdout, '');
  });

  it('run -d → ps (table and json) → logs → stop -t 1 → ps -a shows Exited (137) → rm', () => {
    const run = orc('run', '-d', '--name', 'sleeper', '--label', 'app=test', IMAGE, 'sh', '-c', 'echo started; exec sleep 60');
    assert.equal(run.status, 0, run.stderr);
    const id = run.stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    try {
      const ps = orc('ps');
      assert.match(ps.stdout.split('\n')[0] ?? '', /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
      assert.match(ps.stdout, new RegExp(`${id.slice(0, 12)}\\s+daemon-test/busybox:1\\s+.*Up .*sleeper`));
      const json = orc('ps', '--format', 'json').stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
      assert.equal(json.length, 1);
      assert.equal(json[0]?.ID, id.slice(0, 12));
      assert.equal(json[0]?.Names, 'sleeper');
      assert.equal(json[0]?.State, 'running');
      assert.equal(json[0]?.Labels, 'app=test');
      let logs = '';
      for (let i = 0; i < 100 && logs === ''; i++) logs = orc('logs', 'sleeper').stdout;
      assert.equal(logs, 'started\n');
      assert.match(orc('logs', '-t', id.slice(0, 8)).stdout, /^\d{4}-\d\d-\d\dT\S+Z started\n$/);
      const stop = orc('stop', '-t', '1', 'sleeper');
      assert.equal(stop.status, 0, stop.stderr);
      assert.equal(orc('ps', '-q').stdout, '');
      assert.match(orc('ps', '-a').stdout, /Exited \(137\).*sleeper/);
      const inspect = JSON.parse(orc('inspect', 'sleeper').stdout) as Array<{ Id: string; State: { ExitCode: number; Status: string } }>;
      assert.equal(inspect[0]?.Id, id);
      assert.equal(inspect[0]?.State.ExitCode, 137);
      assert.equal(orc('wait', 'sleeper').stdout, '137\n');
    } finally {
      orc('rm', '-f', id);
    }
    assert.equal(orc('ps', '-aq').stdout, '');
    const gone = orc('rm', 'sleeper');
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /no such container: sleeper/);
  });

  it('a container outlives kill -9 of the daemon and is re-adopted by the next one, same id', async () => {
    const run = orc('run', '-d', IMAGE, 'sleep', '60');
    assert.equal(run.status, 0, run.stderr);
    const id = run.stdout.trim();
    try {
      await d.stop('SIGKILL');
      assert.ok(existsSync(d.socket), 'a killed daemon leaves its socket behind');
      await d.restart(); // replaces the stale socket
      const ps = orc('ps', '--no-trunc', '--format', 'json').stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
      assert.deepEqual(ps.map((c) => [c.ID, c.State]), [[id, 'running']]);
      assert.equal(orc('stop', '-t', '1', id).status, 0);
      assert.match(orc('ps', '-a').stdout, /Exited \(137\)/);
    } finally {
      orc('rm', '-f', id);
    }
  });

  it('a second daemon on a live socket refuses to start; SIGTERM stops the first cleanly', async () => {
    const second = spawnSync(process.execPath, [bin, 'daemon', '--data-root', join(d.root, 'other'), '--socket', d.socket], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(second.status, 1);
    assert.match(second.stderr, /another orc daemon is already listening/);
    assert.equal(await d.stop('SIGTERM'), 0);
    assert.ok(!existsSync(d.socket), 'a daemon stopped by SIGTERM removes its socket');
    await d.restart();
    const unreachable = orcWith(join(d.root, 'nobody'), ['ps']);
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /cannot reach the orc daemon at unix:\/\/.*nobody/);
  });

  it('the typed client: version, create/start/logs/wait/remove, errors keep their code', async () => {
    const { connect } = await import('../../cli/client/index.js');
    const client = await connect({ host: `unix://${d.socket}` });
    let id: string | undefined;
    try {
      const v = await client.version();
      assert.equal(v.dataRoot, d.root);
      assert.equal(v.apiVersion, '1');
      id = await client.createContainer(IMAGE, { command: ['sh', '-c', 'echo one; echo two >&2; exit 4'], labels: { k: 'v' } });
      await client.startContainer(id);
      const lines: string[] = [];
      for await (const e of client.logs(id, { follow: true })) lines.push(`${e.stream}:${e.log.toString()}`);
      assert.deepEqual(lines.sort(), ['stderr:two\n', 'stdout:one\n']);
      assert.equal(await client.waitContainer(id), 4);
      const [summary] = await client.listContainers({ all: true });
      assert.equal(summary?.id, id);
      assert.deepEqual(summary?.labels, { k: 'v' });
      assert.equal((await client.inspectContainer(id)).State.ExitCode, 4);
      const images = await client.images();
      assert.deepEqual(images.map((i) => i.repoTags), [[IMAGE]]);
      assert.ok(images[0] !== undefined && images[0].size > 100_000);
      await assert.rejects(client.removeImage(IMAGE), (e: unknown) => isOrcError(e) && e.code === 'ORC_CONFLICT');
      await assert.rejects(client.startContainer('nope'), (e: unknown) => isOrcError(e) && e.code === 'ORC_NOT_FOUND');
      await assert.rejects(client.createContainer(IMAGE, { memory: 'lots' }), (e: unknown) => isOrcError(e) && e.code === 'ORC_USAGE');
    } finally {
      if (id !== undefined) await client.removeContainer(id, { force: true }).catch(() => undefined);
      client.close();
    }
  });

  it('no shim or overlay mount of this run is left once the daemon is stopped', async () => {
    assert.equal(orc('ps', '-aq').stdout, '');
    await d.stop();
    const mounts = mountLines((l) => l.includes(PREFIX));
    assert.deepEqual(mounts, []);
    const shims = shimProcessLines().filter((l) => l.includes(PREFIX));
    assert.deepEqual(shims, []);
  });
});

describe('commands that do not talk to the daemon do not load gRPC', () => {
  it('orc --version and orc config leave @grpc/grpc-js unloaded', () => {
    const probe = (args: string[]): string => {
      const script = `import { createRequire } from 'node:module';
        const { main } = await import(${JSON.stringify(join(repoRoot, 'dist', 'cli', 'main.js'))});
        await main(${JSON.stringify(args)}, { out() {}, err() {} });
        const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@grpc'));
        process.stdout.write(String(loaded.length));`;
      return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(repoRoot, 'test', 'fixtures', 'config', 'webapp') }).stdout;
    };
    assert.equal(probe(['--version']), '0');
    assert.equal(probe(['config', '-q']), '0');
    assert.notEqual(probe(['-H', 'unix:///nonexistent/s', 'ps']), '0', 'the probe sees gRPC when a command does load it');
  });
});
