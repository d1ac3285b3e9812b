// The local engine's container lifecycle on a real kernel: a busybox image
// built by the test helpers, loaded into a temporary data root, run with
// orc-runtime under orc-shim. Every test kills what it started and removes
// its files even when it fails; the last tests check that no overlay mount,
// shim or cgroup of this run is left. Needs root.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Engine, formatEntry } from '../../worker/engine/index.js';
import { allCgroupDirs, readPid, sleep, waiter } from '../helpers/host.js';
import { cleanupRoot, collect, logText, orcShim, pidAlive, rejectsCode, runcPath, sh, shimDirOf, skip, engineRoots } from './helpers/engine.js';
import { fullBusyboxEntries, image, layer, legacyArchive } from './helpers/image.js';

const IMAGE = 'engine-test/busybox:1';
const waitFor = waiter(10_000, 25);

/** busybox with every applet as a symlink. */
let archive: Buffer | undefined;
function busyboxArchive(): Buffer {
  if (archive !== undefined) return archive;
  const entries = fullBusyboxEntries({ extra: [{ name: 'root', type: 'dir', mode: 0o700 }] });
  archive = legacyArchive([image([layer(entries)], [IMAGE], { Env: ['PATH=/bin', 'FROM_IMAGE=yes'], Cmd: ['sh'] })]);
  return archive;
}

const { cgroupParent, newRoot, openEngine, leftovers } = engineRoots('orc-engine-test', busyboxArchive);

describe('engine: container lifecycle', { skip }, () => {
  let root = '';
  let engine: Engine;

  before(async () => {
    root = await newRoot();
    engine = await openEngine(root);
  });
  after(() => {
    engine?.close();
    if (root !== '') cleanupRoot(root);
  });

  it('run echo hello → wait → exit 0, and the log has hello on stdout', async () => {
    const id = await engine.run(IMAGE, { command: ['echo', 'hello'] });
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal(await engine.wait(id), 0);
    const entries = await collect(engine.logs(id));
    assert.deepEqual(entries.map((e) => [e.stream, e.log]), [['stdout', 'hello\n']]);
    assert.match(entries[0]?.time ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);
    const info = engine.inspect(id);
    assert.equal(info.State.Status, 'exited');
    assert.equal(info.State.ExitCode, 0);
    await engine.remove(id);
  });

  it('passes the exit code through (exit 3) and keeps stderr apart', async () => {
    const id = await engine.run(IMAGE, sh('echo out; echo err >&2; exit 3'));
    assert.equal(await engine.wait(id), 3);
    const entries = await collect(engine.logs(id));
    assert.deepEqual(entries.map((e) => `${e.stream}:${e.log}`).sort(), ['stderr:err\n', 'stdout:out\n']);
    assert.equal(await logText(engine, id, { stdout: false }), 'err\n');
    assert.equal(engine.inspect(id).State.ExitCode, 3);
    await engine.remove(id);
  });

  it('stop: a pid-1 sleep ignores SIGTERM, so it is killed after the timeout (137)', async () => {
    const id = await engine.run(IMAGE, { command: ['sleep', '1000'] });
    const pid = engine.inspect(id).State.Pid;
    assert.ok(pidAlive(pid));
    const t0 = Date.now();
    await engine.stop(id, { timeout: 1 });
    const took = Date.now() - t0;
    assert.ok(took >= 900 && took < 8000, `stop took ${took} ms`);
    assert.equal(await engine.wait(id), 137);
    assert.equal(engine.inspect(id).State.Status, 'exited');
    assert.ok(!pidAlive(pid));
    await engine.stop(id); // stopping a stopped container is a no-op
    await engine.remove(id);
  });

  it('stop: a container that handles the stop signal ends without waiting for the timeout', async () => {
    const id = await engine.run(IMAGE, { ...sh('trap "echo bye; exit 0" USR1; while true; do sleep 0.1; done'), stopSignal: 'SIGUSR1' });
    await waitFor('the trap to be set', () => existsSync(`/proc/${engine.inspect(id).State.Pid}`));
    await sleep(200);
    const t0 = Date.now();
    await engine.stop(id, { timeout: 30 });
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(await engine.wait(id), 0);
    assert.equal(engine.inspect(id).Config.StopSignal, 'SIGUSR1');
    assert.match(await logText(engine, id), /bye/);
    await engine.remove(id);
  });

  it('kill sends a signal to the init (SIGKILL by default); a stopped container refuses it', async () => {
    const a = await engine.run(IMAGE, { command: ['sleep', '1000'] });
    await engine.kill(a);
    assert.equal(await engine.wait(a), 137);
    await rejectsCode(engine.kill(a), 'ORC_CONFLICT');
    const b = await engine.run(IMAGE, sh('trap "exit 42" HUP; while true; do sleep 0.1; done'));
    await sleep(300);
    await engine.kill(b, 'HUP');
    assert.equal(await engine.wait(b), 42);
    await rejectsCode(engine.kill(b, 'NOSUCHSIG'), 'ORC_USAGE');
    await engine.remove(a);
    await engine.remove(b);
  });

  it('remove refuses a running container without force, and removes everything with it', async () => {
    const id = await engine.run(IMAGE, { command: ['sleep', '1000'], name: 'to-remove' });
    const dir = join(root, 'containers', id);
    const pid = engine.inspect(id).State.Pid;
    await rejectsCode(engine.remove(id), 'ORC_CONFLICT');
    assert.equal(engine.inspect(id).State.Running, true);
    await engine.remove('to-remove', { force: true });
    assert.ok(!existsSync(dir));
    assert.ok(!readFileSync('/proc/mounts', 'utf8').includes(dir));
    assert.ok(!existsSync(join(root, 'runtime', 'orc', id)));
    assert.deepEqual(allCgroupDirs(`${cgroupParent}/${id}`), []);
    await waitFor('the init to be gone', () => !pidAlive(pid));
    await rejectsCode(() => engine.inspect(id), 'ORC_NOT_FOUND');
    await rejectsCode(engine.remove(id), 'ORC_NOT_FOUND');
    await rejectsCode(engine.start('to-remove'), 'ORC_NOT_FOUND');
  });

  it('names: given names are unique, bad ones refused, others generated; lookup by id, prefix or name', async () => {
    const a = await engine.create(IMAGE, { command: ['true'], name: 'web' });
    await rejectsCode(engine.create(IMAGE, { command: ['true'], name: 'web' }), 'ORC_CONFLICT');
    await rejectsCode(engine.create(IMAGE, { command: ['true'], name: 'bad name!' }), 'ORC_USAGE');
    const b = await engine.create(IMAGE, { command: ['true'] });
    const generated = engine.inspect(b).Name;
    assert.match(generated, /^\/[a-z]+_[a-z]+[0-9]*$/);
    assert.equal(engine.inspect('web').Id, a);
    assert.equal(engine.inspect('/web').Id, a);
    assert.equal(engine.inspect(a.slice(0, 12)).Id, a);
    assert.equal(engine.inspect(generated.slice(1)).Id, b);
    await rejectsCode(() => engine.inspect('nosuchcontainer'), 'ORC_NOT_FOUND');
    await engine.remove('web');
    const c = await engine.create(IMAGE, { command: ['true'], name: 'web' }); // the name is free again
    await engine.remove(c);
    await engine.remove(b);
  });

  it('list shows running containers (all: every one); inspect has Docker\'s fields', async () => {
    const running = await engine.run(IMAGE, { command: ['sleep', '1000'], name: 'lister', env: ['A=1'], labels: { tier: 'web' }, stopTimeout: 2 });
    const done = await engine.run(IMAGE, { command: ['true'] });
    await engine.wait(done);
    const created = await engine.create(IMAGE, { entrypoint: ['echo'], command: ['x'] });
    try {
      assert.deepEqual(engine.list().map((c) => c.Id), [running]);
      const all = engine.list({ all: true });
      assert.deepEqual(all.map((c) => c.Id).sort(), [running, done, created].sort());
      const byId = new Map(all.map((c) => [c.Id, c]));
      assert.equal(byId.get(running)?.State, 'running');
      assert.match(byId.get(running)?.Status ?? '', /^Up /);
      assert.match(byId.get(done)?.Status ?? '', /^Exited \(0\) /);
      assert.equal(byId.get(created)?.Status, 'Created');
      assert.deepEqual(byId.get(running)?.Names, ['/lister']);
      assert.equal(byId.get(running)?.Command, 'sleep 1000');

      const i = engine.inspect(running);
      assert.equal(i.Id, running);
      assert.equal(i.Name, '/lister');
      assert.match(i.Image, /^sha256:[0-9a-f]{64}$/);
      assert.equal(i.Config.Image, IMAGE);
      assert.equal(i.Path, 'sleep');
      assert.deepEqual(i.Args, ['1000']);
      assert.deepEqual(i.Config.Cmd, ['sleep', '1000']);
      assert.equal(i.Config.Entrypoint, null);
      assert.ok(i.Config.Env.includes('A=1') && i.Config.Env.includes('FROM_IMAGE=yes'));
      assert.equal(i.Config.Hostname, running.slice(0, 12));
      assert.deepEqual(i.Config.Labels, { tier: 'web' });
      assert.equal(i.Config.StopTimeout, 2);
      assert.equal(i.State.Status, 'running');
      assert.equal(i.State.Running, true);
      assert.ok(i.State.Pid > 0 && pidAlive(i.State.Pid));
      assert.equal(i.State.OOMKilled, false);
      assert.ok(Date.parse(i.State.StartedAt) >= Date.parse(i.Created));
      assert.equal(i.State.FinishedAt, '0001-01-01T00:00:00Z');
      assert.equal(i.HostConfig.Runtime, 'orc');
      assert.equal(i.HostConfig.NetworkMode, 'bridge');
      assert.ok(i.LogPath.endsWith('container.log'));

      const c = engine.inspect(created);
      assert.equal(c.State.Status, 'created');
      assert.equal(c.State.Pid, 0);
      assert.equal(c.State.StartedAt, '0001-01-01T00:00:00Z');
      assert.deepEqual(c.Config.Entrypoint, ['echo']);
      assert.deepEqual(c.Config.Cmd, ['x']);
      const d = engine.inspect(done);
      assert.ok(Date.parse(d.State.FinishedAt) >= Date.parse(d.State.StartedAt));
      // the container's own stop timeout (2 s) applies
      const t0 = Date.now();
      await engine.stop(running);
      assert.ok(Date.now() - t0 < 8000);
      assert.equal(engine.inspect(running).State.ExitCode, 137);
      // a stopped container starts again, keeping its log
      await engine.start(created);
      assert.equal(await engine.wait(created), 0);
      await engine.start(created);
      assert.equal(await engine.wait(created), 0);
      assert.equal(await logText(engine, created), 'x\nx\n');
    } finally {
      for (const id of [running, done, created]) await engine.remove(id, { force: true });
    }
  });

  it('logs: tail, since, timestamps, follow until the container ends', async () => {
    const id = await engine.run(IMAGE, sh('for i in 1 2 3 4 5; do echo line$i; done; sleep 0.5; echo late'));
    try {
      assert.equal(await engine.wait(id), 0);
      assert.equal(await logText(engine, id, { tail: 2 }), 'line5\nlate\n');
      assert.equal(await logText(engine, id, { tail: 0 }), '');
      const all = await collect(engine.logs(id));
      const late = all[5];
      assert.ok(late !== undefined);
      assert.equal(await logText(engine, id, { since: new Date(Date.parse(late.time) - 1) }), 'late\n');
      assert.equal(await logText(engine, id, { since: new Date(Date.now() + 60_000) }), '');
      assert.match(formatEntry(late, true), /^\d{4}-\d{2}-\d{2}T\S+Z late\n$/);

      const f = await engine.run(IMAGE, sh('for i in 1 2 3; do echo f$i; sleep 0.3; done'));
      try {
        const t0 = Date.now();
        const followed = await collect(engine.logs(f, { follow: true }));
        assert.deepEqual(followed.map((e) => e.log), ['f1\n', 'f2\n', 'f3\n']);
        assert.ok(Date.now() - t0 >= 500, 'follow returned before the container ended');
        assert.equal(engine.inspect(f).State.Status, 'exited');
      } finally {
        await engine.remove(f, { force: true });
      }
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('rotated log files are read oldest first', async () => {
    const r2 = await newRoot();
    const e2 = await Engine.open({ dataRoot: r2, runtime: 'orc', shim: orcShim, cgroupParent, logMaxSize: 4096, logMaxFiles: 3 });
    try {
      const id = await e2.run(IMAGE, sh('i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); done'));
      assert.equal(await e2.wait(id), 0);
      assert.ok(existsSync(join(shimDirOf(r2, id), 'container.log.1')), 'the log rotated');
      const lines = (await logText(e2, id)).split('\n').filter((l) => l !== '');
      const nums = lines.map((l) => Number(l.slice('line '.length)));
      assert.ok(nums.length > 50 && nums.length <= 300, `${nums.length} lines kept`);
      assert.deepEqual(nums, nums.map((_, i) => (nums[0] ?? 0) + i), 'in order, none lost between the files kept');
      assert.equal(nums.at(-1), 299);
      await e2.remove(id);
    } finally {
      e2.close();
      cleanupRoot(r2);
    }
  });

  it('a failed create or run leaves nothing behind: no mount, dir, cgroup or runtime state', async () => {
    const before = readdirSync(join(root, 'containers'));
    const mountsBefore = readFileSync('/proc/mounts', 'utf8');
    await rejectsCode(engine.create('no/such-image:1', { command: ['true'], name: 'ghost' }), 'ORC_NOT_FOUND');
    await rejectsCode(engine.create(IMAGE, { command: ['true'], memory: 'lots', name: 'ghost' }), 'ORC_USAGE');
    await rejectsCode(engine.create(IMAGE, { command: ['true'], user: 'nobody-here', name: 'ghost' }), 'ORC_NOT_FOUND');
    // the runtime refuses: the executable does not exist in the image
    await rejectsCode(engine.run(IMAGE, { command: ['/no/such/binary'], name: 'ghost' }), 'ORC_EXEC_NOT_FOUND');
    assert.deepEqual(readdirSync(join(root, 'containers')), before);
    assert.equal(readFileSync('/proc/mounts', 'utf8').split('\n').filter((l) => l.includes(root)).length,
      mountsBefore.split('\n').filter((l) => l.includes(root)).length);
    const rtRoot = join(root, 'runtime', 'orc');
    // (the runtime's seccomp cache may be there: it is not per container)
    assert.deepEqual(existsSync(rtRoot) ? readdirSync(rtRoot).filter((e) => e !== '@seccomp-cache') : [], []);
    const cg = allCgroupDirs(cgroupParent).flatMap((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name)));
    assert.deepEqual(cg, []);
    assert.ok(engine.list({ all: true }).every((c) => c.Names[0] !== '/ghost'));
    // and the name was not kept
    const id = await engine.create(IMAGE, { command: ['true'], name: 'ghost' });
    await engine.remove(id);
  });
});

describe('engine: restart survival', { skip }, () => {
  it('a new Engine on the same root re-adopts: running stays running (same pid, log grows), finished shows its code, a dead shim means 255', async () => {
    const root = await newRoot();
    let first: Engine | undefined;
    let second: Engine | undefined;
    try {
      first = await openEngine(root);
      const long = await first.run(IMAGE, { ...sh('while true; do echo tick; sleep 0.1; done'), name: 'long' });
      const short = await first.run(IMAGE, { ...sh('sleep 1; exit 7'), name: 'short' });
      const orphan = await first.run(IMAGE, { command: ['sleep', '1000'], name: 'orphan' });
      const longPid = first.inspect(long).State.Pid;
      const orphanPid = first.inspect(orphan).State.Pid;
      first.close();
      first = undefined;
      // while no engine runs: the short one ends, the orphan's shim is killed
      const orphanShim = readPid(join(shimDirOf(root, orphan), 'shim.pid'));
      assert.ok(orphanShim !== undefined);
      process.kill(orphanShim, 'SIGKILL');
      await waitFor('exit.json of the short container', () => existsSync(join(shimDirOf(root, short), 'exit.json')), 15_000);

      second = await openEngine(root);
      const l = second.inspect('long');
      assert.equal(l.State.Status, 'running');
      assert.equal(l.State.Pid, longPid);
      assert.ok(pidAlive(longPid));
      const ticks = (await logText(second, long)).split('\n').length;
      await sleep(600);
      assert.ok((await logText(second, long)).split('\n').length > ticks + 2, 'the log keeps growing');
      const s = second.inspect('short');
      assert.equal(s.State.Status, 'exited');
      assert.equal(s.State.ExitCode, 7);
      assert.equal(await second.wait('short'), 7);
      const o = second.inspect('orphan');
      assert.equal(o.State.Status, 'exited');
      assert.equal(o.State.ExitCode, 255);
      assert.match(o.State.Error, /shim/);
      await waitFor('the orphaned init to be killed', () => !pidAlive(orphanPid));
      // the adopted container is still under control
      await second.stop('long', { timeout: 0 });
      assert.equal(await second.wait('long'), 137);
      for (const id of [long, short, orphan]) await second.remove(id);
      assert.deepEqual(second.list({ all: true }), []);
    } finally {
      first?.close();
      second?.close();
      cleanupRoot(root);
    }
  });

  it('an engine killed with SIGKILL mid-way: its containers are re-adopted by the next one', async () => {
    const root = await newRoot();
    const script = join(root, 'child.mjs');
    const engineUrl = pathToFileURL(fileURLToPath(new URL('../../worker/engine/index.js', import.meta.url))).href;
    writeFileSync(script, `
      import { Engine } from ${JSON.stringify(engineUrl)};
      const engine = await Engine.open({ dataRoot: ${JSON.stringify(root)}, runtime: 'orc', shim: ${JSON.stringify(orcShim)}, cgroupParent: ${JSON.stringify(cgroupParent)}, pollMs: 200 });
      const long = await engine.run(${JSON.stringify(IMAGE)}, { command: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'], name: 'long' });
      const short = await engine.run(${JSON.stringify(IMAGE)}, { command: ['sh', '-c', 'sleep 0.5; exit 5'], name: 'short' });
      process.stdout.write(JSON.stringify({ long, short, pid: engine.inspect(long).State.Pid }) + '\\n');
      setInterval(() => undefined, 1000);
    `);
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let second: Engine | undefined;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) resolve(buf.split('\n')[0] ?? '');
        });
        child.once('exit', (code) => reject(new Error(`the engine process exited early (${String(code)})`)));
        setTimeout(() => reject(new Error('the engine process did not report')), 30_000).unref();
      });
      const started = JSON.parse(line) as { long: string; short: string; pid: number };
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await waitFor('exit.json of the short container', () => existsSync(join(shimDirOf(root, started.short), 'exit.json')), 15_000);

      second = await openEngine(root);
      const l = second.inspect(started.long);
      assert.equal(l.State.Status, 'running');
      assert.equal(l.State.Pid, started.pid);
      const before = (await logText(second, started.long)).length;
      await sleep(500);
      assert.ok((await logText(second, started.long)).length > before, 'the log keeps growing');
      assert.equal(second.inspect(started.short).State.ExitCode, 5);
      assert.equal(second.inspect(started.short).State.Status, 'exited');
      await second.remove(started.long, { force: true });
      await second.remove(started.short);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      second?.close();
      cleanupRoot(root);
    }
  });
});

describe('engine: with runc', { skip: skip || (runcPath === undefined ? 'runc is not installed' : false) }, () => {
  it('runs echo hello and stops a sleep the same way', async () => {
    const root = await newRoot();
    const engine = await openEngine(root, 'runc');
    try {
      const id = await engine.run(IMAGE, { command: ['echo', 'hello'] });
      assert.equal(await engine.wait(id), 0);
      assert.equal(await logText(engine, id), 'hello\n');
      const s = await engine.run(IMAGE, { command: ['sleep', '1000'] });
      await engine.stop(s, { timeout: 0 });
      assert.equal(await engine.wait(s), 137);
      assert.equal(engine.inspect(s).HostConfig.Runtime, 'runc');
      await engine.remove(id);
      await engine.remove(s);
    } finally {
      engine.close();
      cleanupRoot(root);
    }
  });
});

describe('engine: speed (measured, not asserted)', { skip }, () => {
  it('run + wait of busybox true, median of 20', async (t) => {
    const root = await newRoot();
    const engine = await openEngine(root);
    try {
      const times: number[] = [];
      const removes: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t0 = process.hrtime.bigint();
        const id = await engine.run(IMAGE, { command: ['true'] });
        assert.equal(await engine.wait(id), 0);
        const t1 = process.hrtime.bigint();
        await engine.remove(id);
        const t2 = process.hrtime.bigint();
        if (i === 0) continue; // warm-up: the first run unpacks the layer
        times.push(Number(t1 - t0) / 1e6);
        removes.push(Number(t2 - t1) / 1e6);
      }
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
      const msg = `run+wait of true: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}); remove: median ${median(removes).toFixed(1)} ms`;
      t.diagnostic(msg);
      process.stderr.write(`${msg}\n`);
    } finally {
      engine.close();
      cleanupRoot(root);
    }
  });
});

leftovers('engine: leftovers');
