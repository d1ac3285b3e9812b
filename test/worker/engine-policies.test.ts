// The engine's restart policies, --rm, log options, data-root lock, stats
// and top on a real kernel: busybox containers under orc-shim and
// orc-runtime in temporary data roots. Every test kills what it started and
// removes its roots even when it fails; the last test checks that no mount,
// shim or cgroup of this run is left. Needs root.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LOCK_FILE } from '../../worker/engine/index.js';
import { sleep, waiter } from '../helpers/host.js';
import { cleanupRoot, engineRoots, logText, rejectsCode, sh, shimDirOf, skip } from './helpers/engine.js';
import { fullBusyboxEntries, image, layer, legacyArchive } from './helpers/image.js';

const IMAGE = 'policy-test/busybox:1';
const waitFor = waiter(15_000, 25);

let archive: Buffer | undefined;
function busyboxArchive(): Buffer {
  archive ??= legacyArchive([image([layer(fullBusyboxEntries())], [IMAGE], { Env: ['PATH=/bin'], Cmd: ['sh'] })]);
  return archive;
}

const { newRoot, openEngine, leftovers, withEngine } = engineRoots('orc-policy-test', busyboxArchive);


describe('engine: restart policies', { skip }, () => {
  it('on-failure:2 with exit 3 restarts exactly twice: RestartCount 2, final exit 3, back-off 100 then 200 ms', () => withEngine(async ({ engine }) => {
    const id = await engine.run(IMAGE, { ...sh('echo run; exit 3'), restartPolicy: 'on-failure:2' });
    assert.equal(await engine.wait(id), 3);
    const info = engine.inspect(id);
    assert.equal(info.RestartCount, 2);
    assert.deepEqual(info.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.equal(info.State.Status, 'exited');
    assert.equal(info.State.Restarting, false);
    await sleep(700);
    assert.equal(engine.inspect(id).RestartCount, 2, 'no third restart');
    const starts: number[] = [];
    for await (const e of engine.logs(id)) starts.push(Date.parse(e.time.replace(/(\.\d{3})\d+/, '$1')));
    assert.equal(starts.length, 3, 'three runs');
    const gaps = [starts[1]! - starts[0]!, starts[2]! - starts[1]!];
    assert.ok(gaps[0]! >= 100 && gaps[1]! >= 200, `back-off gaps ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
    // the user's start begins a new count
    await engine.start(id);
    assert.equal(engine.inspect(id).RestartCount, 0);
    assert.equal(await engine.wait(id), 3);
    assert.equal(engine.inspect(id).RestartCount, 2);
    await engine.remove(id);
  }));

  it('a bad policy, and --rm with a policy, are usage errors', () => withEngine(async ({ engine }) => {
    await rejectsCode(engine.create(IMAGE, { command: ['true'], restartPolicy: 'sometimes' }), 'ORC_USAGE', /sometimes/);
    await rejectsCode(engine.create(IMAGE, { command: ['true'], restartPolicy: 'always:3' }), 'ORC_USAGE');
    await rejectsCode(engine.create(IMAGE, { command: ['true'], restartPolicy: 'on-failure:x' }), 'ORC_USAGE');
    await rejectsCode(engine.create(IMAGE, { command: ['true'], restartPolicy: 'always', autoRemove: true }), 'ORC_USAGE', /--rm/);
    assert.deepEqual(engine.list({ all: true }), []);
  }));

  it('always restarts a clean exit; stop ends it for good (no restart) until the next engine, which starts it again', () => withEngine(async ({ engine, reopen }) => {
    const id = await engine.run(IMAGE, { ...sh('sleep 0.2; exit 0'), restartPolicy: 'always', name: 'always' });
    const stopped = await engine.run(IMAGE, { ...sh('sleep 0.2; exit 0'), restartPolicy: 'unless-stopped', name: 'unless' });
    await waitFor('two restarts', () => engine.inspect(id).RestartCount >= 2 && engine.inspect(stopped).RestartCount >= 2);
    await engine.stop(id, { timeout: 1 });
    await engine.stop(stopped, { timeout: 1 });
    const count = engine.inspect(id).RestartCount;
    await sleep(800);
    assert.equal(engine.inspect(id).State.Status, 'exited');
    assert.equal(engine.inspect(id).RestartCount, count, 'a stopped always container stays stopped');
    assert.equal(engine.inspect(stopped).State.Status, 'exited');
    engine.close();
    // Docker's daemon start: always comes back, unless-stopped does not.
    engine = await reopen();
    await waitFor('the always container to run again', () => engine.inspect(id).State.Running);
    assert.equal(engine.inspect(stopped).State.Status, 'exited');
    await engine.kill(id);
    await engine.remove(id, { force: true });
    await engine.remove(stopped, { force: true });
  }));

  it('kill with SIGKILL is the user\'s stop: on-failure does not restart it', () => withEngine(async ({ engine }) => {
    const id = await engine.run(IMAGE, { command: ['sleep', '100'], restartPolicy: 'on-failure' });
    await engine.kill(id);
    assert.equal(await engine.wait(id), 137);
    await sleep(400);
    assert.equal(engine.inspect(id).RestartCount, 0);
    assert.equal(engine.inspect(id).State.Status, 'exited');
    await engine.remove(id);
  }));

  it('a container that fails while no engine runs is restarted by the next one; a pending back-off resumes', () => withEngine(async ({ engine, root, reopen }) => {
    const id = await engine.run(IMAGE, { ...sh('sleep 0.5; exit 4'), restartPolicy: 'on-failure:1' });
    engine.close();
    await waitFor('exit.json', () => existsSync(join(shimDirOf(root, id), 'exit.json')));
    engine = await reopen();
    assert.equal(await engine.wait(id), 4);
    assert.equal(engine.inspect(id).RestartCount, 1);
    // a back-off that was pending when the engine went away
    const slow = await engine.run(IMAGE, { ...sh('exit 5'), restartPolicy: 'on-failure:1' });
    await waitFor('the restart to be scheduled', () => engine.inspect(slow).State.Restarting || engine.inspect(slow).RestartCount === 1);
    engine.close();
    engine = await reopen();
    assert.equal(await engine.wait(slow), 5);
    assert.equal(engine.inspect(slow).RestartCount, 1);
    await engine.remove(id);
    await engine.remove(slow);
  }));
});

describe('engine: --rm, log options, the data-root lock', { skip }, () => {
  it('autoRemove: the engine removes the container when it exits, also when it exited while no engine ran', () => withEngine(async ({ engine, root, reopen }) => {
    const id = await engine.run(IMAGE, { ...sh('exit 6'), autoRemove: true });
    assert.equal(await engine.wait(id), 6);
    await waitFor('the container to be removed', () => engine.list({ all: true }).length === 0);
    assert.ok(!existsSync(join(root, 'containers', id)));
    assert.equal(await engine.wait(id), 6, 'wait by full id still answers');
    const later = await engine.run(IMAGE, { ...sh('sleep 0.5'), autoRemove: true, name: 'later' });
    engine.close();
    await waitFor('exit.json', () => existsSync(join(shimDirOf(root, later), 'exit.json')));
    engine = await reopen();
    assert.deepEqual(engine.list({ all: true }), []);
    assert.ok(!existsSync(join(root, 'containers', later)));
  }));

  it('--log-driver none keeps no log and logs says so; --log-opt max-size/max-file rotate; bad values are usage errors', () => withEngine(async ({ engine, root }) => {
    const quiet = await engine.run(IMAGE, { ...sh('echo secret'), logDriver: 'none' });
    assert.equal(await engine.wait(quiet), 0);
    assert.ok(lstatSync(join(shimDirOf(root, quiet), 'container.log')).isSymbolicLink());
    assert.deepEqual(engine.inspect(quiet).HostConfig.LogConfig, { Type: 'none', Config: {} });
    await rejectsCode(() => engine.logs(quiet), 'ORC_CONFLICT', /logging driver does not support reading/);
    const rotated = await engine.run(IMAGE, { ...sh('i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); done'), logOpts: ['max-size=4k', 'max-file=2'] });
    assert.equal(await engine.wait(rotated), 0);
    const dir = shimDirOf(root, rotated);
    assert.ok(existsSync(join(dir, 'container.log.1')));
    assert.ok(!existsSync(join(dir, 'container.log.2')), 'max-file=2 keeps two files');
    assert.deepEqual(engine.inspect(rotated).HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-size': '4k', 'max-file': '2' } });
    assert.ok((await logText(engine, rotated)).endsWith('line 299\n'));
    for (const bad of [['max-size=lots'], ['max-size=0'], ['max-file=0'], ['max-file=two'], ['compress=true'], ['nokey']]) {
      await rejectsCode(engine.create(IMAGE, { command: ['true'], logOpts: bad }), 'ORC_USAGE');
    }
    await rejectsCode(engine.create(IMAGE, { command: ['true'], logDriver: 'syslog' }), 'ORC_USAGE', /syslog/);
    await rejectsCode(engine.create(IMAGE, { command: ['true'], logDriver: 'none', logOpts: ['max-size=1m'] }), 'ORC_USAGE');
    await engine.remove(quiet);
    await engine.remove(rotated);
  }));

  it('a second Engine on the same data root fails with ORC_CONFLICT naming the pid; a stale lock is taken over', async () => {
    const root = await newRoot();
    const engine = await openEngine(root);
    try {
      assert.equal(readFileSync(join(root, LOCK_FILE), 'utf8'), `${process.pid}\n`);
      await rejectsCode(openEngine(root), 'ORC_CONFLICT', new RegExp(`data root ${root} is in use by pid ${process.pid}`));
    } finally {
      engine.close();
    }
    assert.ok(!existsSync(join(root, LOCK_FILE)), 'close releases the lock');
    // a dead owner
    const dead = spawnSync('true').pid ?? 999_999;
    writeFileSync(join(root, LOCK_FILE), `${dead}\n`);
    (await openEngine(root)).close();
    // a live process that started after the lock was written only reuses the pid
    writeFileSync(join(root, LOCK_FILE), `${process.pid}\n`);
    const old = new Date(Date.now() - 3600_000 * 24 * 365 * 20);
    utimesSync(join(root, LOCK_FILE), old, old);
    (await openEngine(root)).close();
    cleanupRoot(root);
  });
});

describe('engine: stats and top', { skip }, () => {
  it('stats: CPU time grows for a busy container, memory limit is --memory, pids counted; top lists its processes', () => withEngine(async ({ engine }) => {
    const id = await engine.run(IMAGE, { ...sh('sleep 100 & while :; do :; done'), memory: '64m' });
    await sleep(300);
    const a = await engine.stats(id);
    await sleep(500);
    const b = await engine.stats(id);
    assert.ok(b.cpuTotalNs - a.cpuTotalNs > 100e6, `cpu ns grew by ${b.cpuTotalNs - a.cpuTotalNs}`);
    assert.ok(b.systemCpuNs > a.systemCpuNs);
    assert.ok(b.onlineCpus >= 1);
    assert.equal(b.memoryLimit, 64 * 1024 * 1024);
    assert.ok(b.memoryUsage > 0);
    assert.equal(b.pids, 2);
    const pid = engine.inspect(id).State.Pid;
    const t = await engine.top(id);
    assert.deepEqual(t.Titles, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    assert.equal(t.Processes.length, 2);
    const init = t.Processes.find((p) => p[1] === String(pid));
    assert.ok(init !== undefined);
    assert.equal(init[0], 'root');
    assert.match(init[7] ?? '', /^sh -c sleep 100 &/);
    assert.ok(t.Processes.some((p) => p[7] === 'sleep 100' && p[2] === String(pid)));
    const custom = await engine.top(id, ['-o', 'pid,comm']);
    assert.deepEqual(custom.Titles, ['PID', 'COMMAND']);
    assert.deepEqual(custom.Processes.map((p) => p[1]).sort(), ['sh', 'sleep']);
    await engine.kill(id);
    await engine.wait(id);
    await rejectsCode(engine.top(id), 'ORC_CONFLICT');
    const stopped = await engine.stats(id);
    assert.equal(stopped.pids, 0);
    await engine.remove(id);
  }));
});

leftovers('engine policies: leftovers');
