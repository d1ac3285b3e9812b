// The worker's task executor over a real engine: busybox containers under
// orc-shim and orc-runtime in temporary data roots. A task's statuses in
// order, exits as complete or failed, a shutdown, no duplicate container on
// a second apply, adoption by a new executor (an agent restart), orphans
// removed from a complete set, a missing image rejected, health reports,
// secrets and configs written with their content and mode. The mapping of
// a task to the engine's create options is checked without root first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ContainerSpec, Task, TaskState, TaskStatus } from '../../common/cluster/types.js';
import { EngineExecutor, type EngineExecutorOptions } from '../../worker/agent/executor.js';
import { registryImages } from '../../worker/agent/executor-images.js';
import { SWARM_LABEL, taskContainerName, taskCreateOptions } from '../../worker/agent/executor-options.js';
import type { Engine } from '../../worker/engine/index.js';
import { engineRoots, logText, skip } from './helpers/engine.js';
import { fullBusyboxEntries, image, layer, legacyArchive } from './helpers/image.js';
import { freePort, skopeoPush, startRegistry } from './helpers/registry.js';

const IMAGE = 'executor-test/busybox:1';
const NODE = 'node0000000000000000000001';

let archive: Buffer | undefined;
function busyboxArchive(): Buffer {
  archive ??= legacyArchive([image([layer(fullBusyboxEntries())], [IMAGE], { Env: ['PATH=/bin'], Cmd: ['sh'] })]);
  return archive;
}

const { leftovers, withEngine } = engineRoots('orc-executor-test', busyboxArchive);

let seq = 0;
/** A task as the dispatcher sends it: assigned to NODE, desiredState running. */
function task(container: Partial<ContainerSpec>, over: Partial<Task> = {}): Task {
  seq += 1;
  const id = `task${String(seq).padStart(4, '0')}${Math.random().toString(36).slice(2, 10)}`;
  return {
    id, version: 1, createdAt: 0, updatedAt: 0,
    serviceId: 'svc0001', serviceName: 'web', slot: seq, nodeId: NODE,
    spec: {
      container: {
        image: IMAGE, command: [], args: [], env: [], workdir: '', user: '', hostname: '', labels: {}, mounts: [],
        stopSignal: '', init: false, secrets: [], configs: [], ...container,
      },
      resources: { limits: { nanoCpus: 0, memoryBytes: 0 }, reservations: { nanoCpus: 0, memoryBytes: 0 } },
      restartPolicy: { condition: 'none', delayMs: 0, maxAttempts: 0, windowMs: 0 },
      placement: { constraints: [], preferences: [], maxReplicasPerNode: 0 },
      forceUpdate: 0, networks: [],
    },
    specVersion: 1, desiredState: 'running',
    status: { state: 'assigned', timestamp: 0, message: 'assigned', err: '', containerId: '', exitCode: 0, health: '' },
    networks: [], ports: [], jobIteration: 0, labels: {},
    ...over,
  };
}

const LOOP = { command: ['sh', '-c', 'while :; do sleep 1; done'], stopGracePeriodMs: 300 };
const NO_FILES = new Map<string, Buffer>();

/** The reports of an executor, and waits for one (through onStatus: no polling). */
class Reports {
  readonly all: Array<{ taskId: string; status: TaskStatus }> = [];
  private waiters: Array<() => void> = [];

  constructor(executor: EngineExecutor) {
    executor.onStatus((taskId, status) => {
      this.all.push({ taskId, status });
      for (const w of [...this.waiters]) w();
    });
  }

  of(taskId: string): TaskStatus[] {
    return this.all.filter((r) => r.taskId === taskId).map((r) => r.status);
  }

  states(taskId: string): TaskState[] {
    return this.of(taskId).map((s) => s.state);
  }

  /** The first report of `taskId` that `pred` accepts (one already made counts); fails after `ms`. */
  async until(taskId: string, pred: (s: TaskStatus) => boolean, ms = 15_000): Promise<TaskStatus> {
    const found = (): TaskStatus | undefined => this.of(taskId).find(pred);
    const deadline = Date.now() + ms;
    for (;;) {
      const s = found();
      if (s !== undefined) return s;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`task ${taskId}: no such report within ${ms} ms (reports: ${this.states(taskId).join(', ')})`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.push(done);
      });
    }
  }

  state(taskId: string, state: TaskState, ms?: number): Promise<TaskStatus> {
    return this.until(taskId, (s) => s.state === state, ms);
  }
}

/** An executor on `engine` (closed after `fn`, even when it fails). */
async function withExecutor(engine: Engine, fn: (x: EngineExecutor, reports: Reports) => Promise<void>, opts: Partial<EngineExecutorOptions> = {}): Promise<void> {
  const x = new EngineExecutor({ engine, images: registryImages(engine, { timeoutMs: 5000 }), nodeId: NODE, ...opts });
  const reports = new Reports(x);
  try {
    await fn(x, reports);
  } finally {
    x.close();
  }
}

function containersOf(engine: Engine, taskId: string): string[] {
  return engine.list({ all: true }).filter((c) => c.Labels[SWARM_LABEL.taskId] === taskId).map((c) => c.Id);
}

describe('executor: a task as engine create options', () => {
  it('Swarm\'s name and labels, entrypoint and cmd, env, limits, mounts, health check, host ports, files', () => {
    const t = task({
      command: ['/bin/app'], args: ['--port', '80'], env: ['A=1', 'FROM_HOST'], workdir: '/srv', user: '1000:1000', hostname: 'h1',
      labels: { 'c.label': 'c', [SWARM_LABEL.taskId]: 'forged' }, init: true, stopSignal: 'SIGINT', stopGracePeriodMs: 2500,
      mounts: [
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
        { type: 'bind', source: '/srv/conf', target: '/conf', readOnly: true },
        { type: 'tmpfs', source: '', target: '/scratch', readOnly: false },
      ],
      healthcheck: { test: ['CMD', 'true'], intervalMs: 500, timeoutMs: 0, retries: 2, startPeriodMs: 1000 },
      secrets: [{ id: 's1', name: 'pw', target: 'pw', uid: '', gid: '', mode: 0 }],
      configs: [{ id: 'c1', name: 'conf', target: 'app.conf', uid: '10', gid: '20', mode: 0 }],
    }, {
      labels: { 't.label': 't' },
      ports: [
        { name: '', protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'host' },
        { name: '', protocol: 'udp', targetPort: 53, publishedPort: 0, publishMode: 'host' },
        { name: '', protocol: 'tcp', targetPort: 443, publishedPort: 30443, publishMode: 'ingress' },
      ],
    });
    t.spec.resources.limits = { nanoCpus: 1.5e9, memoryBytes: 64 << 20 };
    const o = taskCreateOptions(t, NODE, new Map([['s1', Buffer.from('secret')], ['conf', Buffer.from('cfg')]]));
    assert.equal(o.name, `web.${t.slot}.${t.id}`);
    assert.deepEqual(o.labels, {
      'c.label': 'c', 't.label': 't',
      [SWARM_LABEL.taskId]: t.id, [SWARM_LABEL.taskName]: `web.${t.slot}.${t.id}`, [SWARM_LABEL.serviceId]: 'svc0001',
      [SWARM_LABEL.serviceName]: 'web', [SWARM_LABEL.nodeId]: NODE,
    });
    assert.deepEqual(o.entrypoint, ['/bin/app']);
    assert.deepEqual(o.command, ['--port', '80']);
    assert.deepEqual(o.env, ['A=1'], 'an entry without = is not taken from the engine\'s environment');
    assert.equal(o.workdir, '/srv');
    assert.equal(o.user, '1000:1000');
    assert.equal(o.hostname, 'h1');
    assert.equal(o.init, true);
    assert.equal(o.stopSignal, 'SIGINT');
    assert.equal(o.stopTimeout, 3);
    assert.equal(o.restartPolicy, undefined, 'restarts are the manager\'s');
    assert.deepEqual(o.mounts, ['type=volume,source=data,target=/data', 'type=bind,source=/srv/conf,target=/conf,readonly', 'type=tmpfs,target=/scratch']);
    assert.deepEqual(o.healthcheck, { test: ['CMD', 'true'], interval: 500e6, retries: 2, startPeriod: 1000e6 });
    assert.equal(o.memory, 64 << 20);
    assert.equal(o.cpus, 1.5);
    assert.deepEqual(o.publish, [{ containerPort: 80, protocol: 'tcp', hostPort: '8080' }, { containerPort: 53, protocol: 'udp' }]);
    assert.deepEqual(o.files?.map((f) => [f.target, f.content.toString(), f.mode.toString(8), f.uid, f.gid]), [
      ['/run/secrets/pw', 'secret', '400', 0, 0],
      ['/app.conf', 'cfg', '444', 10, 20],
    ]);
  });

  it('a global task is named by the node; args alone replace the cmd only', () => {
    const t = task({ args: ['echo', 'hi'] }, { slot: 0, nodeId: '' });
    assert.equal(taskContainerName(t, NODE), `web.${NODE}.${t.id}`);
    const o = taskCreateOptions(t, NODE, NO_FILES);
    assert.equal(o.entrypoint, undefined);
    assert.deepEqual(o.command, ['echo', 'hi']);
    assert.equal(o.stopTimeout, 10);
  });

  it('a secret without its content, or a bad uid, is an invalid spec', () => {
    const ref = { id: 's9', name: 'missing', target: 'missing', uid: '', gid: '', mode: 0 };
    assert.throws(() => taskCreateOptions(task({ secrets: [ref] }), NODE, NO_FILES), (e: Error & { code?: string }) => e.code === 'ORC_INVALID_SPEC' && /missing/.test(e.message));
    assert.throws(() => taskCreateOptions(task({ secrets: [{ ...ref, uid: 'root' }] }), NODE, new Map([['s9', Buffer.from('x')]])), /numeric id/);
  });
});

describe('executor: tasks on a real engine', { skip }, () => {
  it('a task runs: accepted, preparing, starting, running in order, in a container named and labelled as Swarm does', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const t = task({ ...LOOP, env: ['GREETING=hi'] });
    await x.apply([t], { complete: true, files: NO_FILES });
    const running = await reports.state(t.id, 'running');
    assert.deepEqual(reports.states(t.id), ['accepted', 'preparing', 'starting', 'running']);
    const stamps = reports.of(t.id).map((s) => s.timestamp);
    assert.deepEqual(stamps, [...stamps].sort((a, b) => a - b));
    const info = engine.inspect(running.containerId);
    assert.equal(info.Name, `/web.${t.slot}.${t.id}`);
    assert.equal(info.State.Running, true);
    assert.equal(info.Config.Labels[SWARM_LABEL.taskId], t.id);
    assert.equal(info.Config.Labels[SWARM_LABEL.nodeId], NODE);
    assert.ok(info.Config.Env.includes('GREETING=hi'));
    assert.equal(info.HostConfig.RestartPolicy.Name, 'no');
    assert.equal(x.statuses().get(t.id)?.state, 'running');
    assert.equal(x.statuses().get(t.id)?.containerId, running.containerId);
  })));

  it('a command that exits 0 completes; one that exits 3 fails with exit code 3', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const ok = task({ command: ['sh', '-c', 'exit 0'] }, { desiredState: 'complete' });
    const bad = task({ command: ['sh', '-c', 'exit 3'] });
    await x.apply([ok, bad], { complete: true, files: NO_FILES });
    const done = await reports.state(ok.id, 'complete');
    assert.equal(done.exitCode, 0);
    assert.equal(done.err, '');
    const failed = await reports.state(bad.id, 'failed');
    assert.equal(failed.exitCode, 3);
    assert.equal(failed.err, 'task: non-zero exit (3)');
    assert.deepEqual(reports.states(bad.id), ['accepted', 'preparing', 'starting', 'running', 'failed']);
    await x.idle();
    // never restarted: the containers stay exited, one per task
    assert.equal(engine.inspect(failed.containerId).State.Status, 'exited');
    assert.equal(containersOf(engine, bad.id).length, 1);
  })));

  it('desiredState shutdown stops the container (its grace period, then SIGKILL) and reports shutdown; remove removes it', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const t = task(LOOP);
    await x.apply([t], { complete: true, files: NO_FILES });
    const { containerId } = await reports.state(t.id, 'running');
    await x.apply([{ ...t, desiredState: 'shutdown' }], { complete: true, files: NO_FILES });
    const down = await reports.state(t.id, 'shutdown');
    assert.equal(down.exitCode, 137, 'sh as pid 1 ignores SIGTERM: killed after the grace period');
    assert.equal(engine.inspect(containerId).State.Running, false);
    assert.deepEqual(reports.states(t.id), ['accepted', 'preparing', 'starting', 'running', 'shutdown']);
    await x.apply([{ ...t, desiredState: 'remove' }], { complete: true, files: NO_FILES });
    await x.idle();
    assert.deepEqual(containersOf(engine, t.id), []);
    assert.deepEqual(reports.states(t.id), ['accepted', 'preparing', 'starting', 'running', 'shutdown']);
  })));

  it('applying the same tasks again (even at once) makes no second container', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const t = task(LOOP);
    await Promise.all([x.apply([t], { complete: true, files: NO_FILES }), x.apply([t], { complete: false, files: NO_FILES })]);
    await reports.state(t.id, 'running');
    await x.apply([{ ...t, status: { ...t.status, state: 'running' } }], { complete: true, files: NO_FILES });
    await x.idle();
    assert.equal(containersOf(engine, t.id).length, 1);
    assert.deepEqual(reports.states(t.id), ['accepted', 'preparing', 'starting', 'running']);
  })));

  it('a new executor over the same engine (an agent restart) adopts the running container and follows its exit', () => withEngine(async ({ engine }) => {
    const t = task(LOOP);
    let containerId = '';
    await withExecutor(engine, async (x, reports) => {
      await x.apply([t], { complete: true, files: NO_FILES });
      containerId = (await reports.state(t.id, 'running')).containerId;
    });
    await withExecutor(engine, async (x, reports) => {
      await x.apply([t], { complete: true, files: NO_FILES });
      await x.idle();
      assert.deepEqual(containersOf(engine, t.id), [containerId]);
      assert.deepEqual(reports.states(t.id), ['running'], 'straight to running: no new container was made');
      assert.equal(x.statuses().get(t.id)?.containerId, containerId);
      await engine.kill(containerId, 'SIGKILL');
      const failed = await reports.state(t.id, 'failed');
      assert.equal(failed.exitCode, 137);
    });
    // and an exited one is reported with its exit code
    await withExecutor(engine, async (x, reports) => {
      await x.apply([t], { complete: true, files: NO_FILES });
      assert.deepEqual(reports.states(t.id), ['failed']);
      assert.equal(x.statuses().get(t.id)?.exitCode, 137);
      await x.idle();
      assert.deepEqual(containersOf(engine, t.id), [containerId], 'an ended task keeps its container until it is removed');
    });
  }));

  it('a complete set without a task removes its container; containers of unknown tasks are orphans', () => withEngine(async ({ engine }) => {
    const [a, b, c] = [task(LOOP), task(LOOP), task(LOOP)];
    await withExecutor(engine, async (x, reports) => {
      await x.apply([a, b, c], { complete: true, files: NO_FILES });
      await Promise.all([a, b, c].map((t) => reports.state(t.id, 'running')));
      await x.apply([b, c], { complete: true, files: NO_FILES });
      await x.idle();
      assert.deepEqual(containersOf(engine, a.id), []);
      assert.equal(x.statuses().has(a.id), false);
      assert.equal(containersOf(engine, b.id).length, 1);
    });
    await withExecutor(engine, async (x, reports) => {
      await x.apply([c], { complete: true, files: NO_FILES });
      await x.idle();
      assert.deepEqual(containersOf(engine, b.id), [], 'b\'s container was left by the last executor: an orphan');
      assert.equal(containersOf(engine, c.id).length, 1);
      assert.deepEqual(reports.states(c.id), ['running']);
    });
  }));

  it('an image that cannot be pulled rejects the task, saying which and why', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const ref = `127.0.0.1:${await freePort()}/missing/image:1`;
    const t = task({ ...LOOP, image: ref });
    await x.apply([t], { complete: true, files: NO_FILES });
    const rejected = await reports.state(t.id, 'rejected');
    assert.ok(rejected.err.startsWith(`pulling image ${ref}: `), rejected.err);
    assert.deepEqual(reports.states(t.id), ['accepted', 'preparing', 'rejected']);
    await x.idle();
    assert.deepEqual(containersOf(engine, t.id), []);
  })));

  it('an image missing from the store is pulled from its registry (once for two tasks), then runs', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-executor-registry-'));
    const registry = await startRegistry(dir);
    try {
      const file = join(dir, 'busybox.tar');
      writeFileSync(file, busyboxArchive());
      const ref = `127.0.0.1:${registry.port}/executor/pulled:1`;
      await skopeoPush(file, ref);
      const pulls: string[] = [];
      const off = new AbortController();
      void (async () => {
        for await (const e of engine.events.subscribe({ filters: { type: ['image'], event: ['pull'] }, signal: off.signal })) pulls.push(e.Actor.ID);
      })();
      const [a, b] = [task({ ...LOOP, image: ref }), task({ ...LOOP, image: ref })];
      await x.apply([a, b], { complete: true, files: NO_FILES });
      await Promise.all([reports.state(a.id, 'running'), reports.state(b.id, 'running')]);
      off.abort();
      assert.deepEqual(pulls, [ref]);
      assert.equal(engine.inspect(x.statuses().get(a.id)?.containerId ?? '').Config.Image, ref);
    } finally {
      await registry.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  })));

  it('a task the manager already saw end is not run again; a shutdown before the start reports shutdown without a container', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const ended = task(LOOP);
    ended.status = { ...ended.status, state: 'failed', err: 'task: non-zero exit (1)', exitCode: 1 };
    const early = task(LOOP, { desiredState: 'shutdown' });
    await x.apply([ended, early], { complete: true, files: NO_FILES });
    await x.idle();
    assert.deepEqual(reports.states(ended.id), []);
    assert.equal(x.statuses().get(ended.id)?.state, 'failed');
    assert.deepEqual(reports.states(early.id), ['shutdown']);
    assert.deepEqual(engine.list({ all: true }), []);
  })));

  it('a health check is reported: running with health starting, then healthy', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const t = task({
      // ready after a second: the failures before stay below the retries, so the health stays starting
      command: ['sh', '-c', 'sleep 1; touch /tmp/ready; while :; do sleep 1; done'], stopGracePeriodMs: 300,
      healthcheck: { test: ['CMD-SHELL', 'test -e /tmp/ready'], intervalMs: 150, timeoutMs: 2000, retries: 30, startPeriodMs: 0 },
    });
    await x.apply([t], { complete: true, files: NO_FILES });
    await reports.until(t.id, (s) => s.health === 'healthy');
    const running = reports.of(t.id).filter((s) => s.state === 'running');
    assert.deepEqual(running.map((s) => s.health), ['starting', 'healthy']);
    assert.equal(x.statuses().get(t.id)?.health, 'healthy');
  })));

  it('secrets and configs are written into the container with their content and mode', () => withEngine(({ engine }) => withExecutor(engine, async (x, reports) => {
    const t = task({
      command: ['sh', '-c', 'for f in /run/secrets/db_pass /etc/app.conf; do stat -c "%n %a %u" $f; cat $f; echo; done'],
      secrets: [{ id: 'sec1', name: 'db_pass', target: 'db_pass', uid: '', gid: '', mode: 0 }],
      configs: [{ id: 'cfg1', name: 'app_conf', target: '/etc/app.conf', uid: '0', gid: '0', mode: 0o440 }],
    }, { desiredState: 'complete' });
    const files = new Map([['sec1', Buffer.from('s3cr3t')], ['cfg1', Buffer.from('key=value')]]);
    await x.apply([t], { complete: true, files });
    const done = await reports.state(t.id, 'complete');
    assert.equal(await logText(engine, done.containerId), '/run/secrets/db_pass 400 0\ns3cr3t\n/etc/app.conf 440 0\nkey=value\n');
    const noContent = task({ ...LOOP, secrets: [{ id: 'sec2', name: 'other', target: 'other', uid: '', gid: '', mode: 0 }] });
    await x.apply([t, noContent], { complete: true, files });
    const rejected = await reports.state(noContent.id, 'rejected');
    assert.match(rejected.err, /secret "other" \(sec2\) was not provided/);
  })));
});

leftovers('executor: nothing of the run is left');
