// The agent's session against real dispatchers over gRPC on 127.0.0.1
// (insecure; the node id travels in an x-test-node header): fail-over to
// another manager, a leader change behind the same address, and the task
// states re-sent after a reconnect.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { DEFAULT_RESTART_POLICY, type Task, type TaskState, type TaskStatus } from '../../common/cluster/types.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { Dispatcher, followerHandlers, type DispatcherCall, type ManagerAddress } from '../../manager/dispatcher/index.js';
import { DISPATCHER_PROTO, DISPATCHER_SERVICE } from '../../proto/loader-options.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import type { DispatcherHandlers } from '../../proto/generated/orc/dispatcher/v1/Dispatcher.js';
import { AgentSession, leaderHint, type AgentSessionEvent } from '../../worker/agent/session.js';
import type { ApplyOptions, TaskExecutor } from '../../worker/agent/executor-types.js';

const PERIOD = 100;
const identify = (call: DispatcherCall): { nodeId: string } | undefined => {
  const v = call.metadata.get('x-test-node')[0];
  return typeof v === 'string' ? { nodeId: v } : undefined;
};

function status(state: TaskState, timestamp = Date.now(), more: Partial<TaskStatus> = {}): TaskStatus {
  return { state, timestamp, message: '', err: '', containerId: '', exitCode: 0, health: '', ...more };
}

function task(id: string, nodeId: string): Task {
  return {
    id, version: 0, createdAt: 0, updatedAt: 0, serviceId: 'svc', serviceName: 'web', slot: 1, nodeId,
    spec: {
      container: { image: 'busybox', command: [], args: [], env: [], workdir: '', user: '', hostname: '', labels: {}, mounts: [], stopSignal: '', init: false, secrets: [], configs: [] },
      resources: { limits: { nanoCpus: 0, memoryBytes: 0 }, reservations: { nanoCpus: 0, memoryBytes: 0 } },
      restartPolicy: DEFAULT_RESTART_POLICY,
      placement: { constraints: [], preferences: [], maxReplicasPerNode: 0 },
      forceUpdate: 0, networks: [],
    },
    specVersion: 1, desiredState: 'running', status: status('assigned', 1), networks: [], ports: [], jobIteration: 0, labels: {},
  };
}

class FakeExecutor implements TaskExecutor {
  readonly applies: { ids: string[]; complete: boolean }[] = [];
  readonly states = new Map<string, TaskStatus>();
  private readonly listeners: ((id: string, s: TaskStatus) => void)[] = [];
  async apply(tasks: Task[], opts: ApplyOptions): Promise<void> {
    this.applies.push({ ids: tasks.map((t) => t.id).sort(), complete: opts.complete });
  }
  onStatus(listener: (id: string, s: TaskStatus) => void): void {
    this.listeners.push(listener);
  }
  statuses(): Map<string, TaskStatus> {
    return new Map(this.states);
  }
  report(id: string, s: TaskStatus): void {
    this.states.set(id, s);
    for (const l of this.listeners) l(id, s);
  }
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A manager's address whose Dispatcher service can change hands (follower → leader, leader → new leader). */
async function manager(): Promise<{ addr: string; serve(h: DispatcherHandlers): void; kill(): void }> {
  let current: DispatcherHandlers = followerHandlers(() => undefined);
  const handlers: DispatcherHandlers = {
    Session: (call) => current.Session(call),
    Heartbeat: (call, cb) => current.Heartbeat(call, cb),
    Assignments: (call) => current.Assignments(call),
    UpdateTaskStatus: (call, cb) => current.UpdateTaskStatus(call, cb),
    Logs: (call) => current.Logs(call),
    PublishLogs: (call, cb) => current.PublishLogs(call, cb),
  };
  const server = new grpc.Server();
  server.addService(serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE), handlers);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e !== null ? reject(e) : resolve(p))));
  cleanups.push(() => server.forceShutdown());
  return { addr: `127.0.0.1:${port}`, serve: (h) => (current = h), kill: () => server.forceShutdown() };
}

function startDispatcher(store: MemoryStore, managers: () => ManagerAddress[]): { handlers: DispatcherHandlers; stop(): Promise<void> } {
  const d = new Dispatcher(store, { heartbeatPeriodMs: PERIOD, managers });
  const ac = new AbortController();
  const running = d.run(ac.signal);
  const stop = async (): Promise<void> => {
    ac.abort();
    await running;
  };
  cleanups.push(stop);
  return { handlers: d.grpcHandlers(identify), stop };
}

function startAgent(addrs: string[], executor: TaskExecutor): { session: AgentSession; events: AgentSessionEvent[] } {
  const session = new AgentSession({
    managers: addrs, credentials: grpc.credentials.createInsecure(), executor, metadata: { 'x-test-node': 'n1' }, backoffMs: { min: 20, max: 100 },
    description: { hostname: 'worker-1', platform: { os: 'linux', architecture: 'amd64' }, resources: { nanoCpus: 1e9, memoryBytes: 1 << 30 }, engineVersion: 'test' },
  });
  const events: AgentSessionEvent[] = [];
  session.on((e) => events.push(e));
  const ac = new AbortController();
  const running = session.run(ac.signal);
  cleanups.push(async () => {
    ac.abort();
    await running;
  });
  return { session, events };
}

describe('agent session', () => {
  it('names the leader from a refusing manager (trailer or message)', () => {
    const md = new grpc.Metadata();
    md.set('orc-leader', '10.0.0.2:4243');
    assert.equal(leaderHint({ code: 14, details: 'x', metadata: md }), '10.0.0.2:4243');
    assert.equal(leaderHint({ code: 14, details: 'this manager is not the leader; orc-leader: 10.0.0.3:4243' }), '10.0.0.3:4243');
    assert.equal(leaderHint(new Error('connection refused')), undefined);
  });

  it('moves to the next manager when the leader dies, keeps the tasks meanwhile, and re-sends the task states', async () => {
    const store = new MemoryStore();
    await store.commit([{ op: 'create', kind: 'task', object: task('t1', 'n1') }, { op: 'create', kind: 'task', object: task('t2', 'n1') }]);
    const a = await manager();
    const b = await manager();
    b.serve(followerHandlers(() => a.addr));
    const list = (): ManagerAddress[] => [{ nodeId: 'ma', addr: a.addr }, { nodeId: 'mb', addr: b.addr }];
    const first = startDispatcher(store, list);
    a.serve(first.handlers);

    const exec = new FakeExecutor();
    const { session, events } = startAgent([a.addr], exec);
    await waitFor('the complete set from the first leader', () => exec.applies.length === 1);
    assert.deepEqual(exec.applies[0], { ids: ['t1', 't2'], complete: true });
    assert.deepEqual(session.managers(), [a.addr, b.addr], 'the agent learned the other manager');
    exec.report('t1', status('running'));
    exec.report('t2', status('running'));
    await waitFor('both running in the store', async () => (await store.get('task', 't1'))?.status.state === 'running' && (await store.get('task', 't2'))?.status.state === 'running');

    // The leader dies: no manager answers for a while.
    await first.stop();
    a.kill();
    await waitFor('the session lost', () => !session.connected());
    const applies = exec.applies.length;
    exec.report('t2', status('complete', Date.now(), { exitCode: 0 }));
    exec.states.set('t1', status('running', Date.now(), { health: 'healthy' })); // seen, never reported
    await sleep(3 * PERIOD);
    assert.equal(exec.applies.length, applies, 'nothing applied while no manager answers');
    assert.equal(session.connected(), false);

    // The other manager becomes the leader.
    const second = startDispatcher(store, () => [{ nodeId: 'mb', addr: b.addr }]);
    b.serve(second.handlers);
    await waitFor('a session with the new leader', () => session.connected() && session.manager() === b.addr);
    await waitFor('the states re-sent', async () => {
      const [t1, t2] = [await store.get('task', 't1'), await store.get('task', 't2')];
      return t1?.status.health === 'healthy' && t2?.status.state === 'complete';
    });
    assert.equal((await store.get('node', 'n1'))?.status.state, 'ready');
    const connected = events.filter((e) => e.type === 'connected').map((e) => (e as { addr: string }).addr);
    assert.deepEqual(connected, [a.addr, b.addr]);
    for (const apply of exec.applies.filter((x) => x.complete)) assert.deepEqual(apply.ids, ['t1', 't2'], 'a complete set missed a task');
    assert.equal(exec.applies.filter((x) => x.complete).length, 2);
  });

  it('opens a new session when the leader behind the same address changes', async () => {
    const store = new MemoryStore();
    await store.commit([{ op: 'create', kind: 'task', object: task('t1', 'n1') }]);
    const m = await manager();
    const list = (): ManagerAddress[] => [{ nodeId: 'm', addr: m.addr }];
    const first = startDispatcher(store, list);
    m.serve(first.handlers);
    const exec = new FakeExecutor();
    const { session, events } = startAgent([m.addr], exec);
    await waitFor('the first session', () => session.connected());
    await waitFor('the complete set', () => exec.applies.length === 1);
    exec.report('t1', status('running'));
    await waitFor('t1 running', async () => (await store.get('task', 't1'))?.status.state === 'running');

    const second = startDispatcher(store, list);
    m.serve(second.handlers);
    await first.stop();
    await waitFor('a second session', () => events.filter((e) => e.type === 'connected').length === 2 && session.connected());
    const ids = events.filter((e) => e.type === 'connected').map((e) => (e as { sessionId: string }).sessionId);
    assert.equal(ids.length, 2);
    await waitFor('the complete set again', () => exec.applies.filter((x) => x.complete).length === 2);
    await waitFor('the states re-sent', () => events.some((e, i) => e.type === 'statuses-sent' && i > events.findIndex((x, j) => x.type === 'connected' && j > 0)));
    exec.report('t1', status('complete', Date.now()));
    await waitFor('t1 complete through the new session', async () => (await store.get('task', 't1'))?.status.state === 'complete');
  });
});
