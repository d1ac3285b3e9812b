// The dispatcher over real gRPC on 127.0.0.1 (insecure; the caller's node
// id comes from an x-test-node header instead of a certificate), with the
// in-memory store, the worker's AgentSession and a fake executor.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  DEFAULT_RESTART_POLICY,
  type Config, type Node, type Secret, type Task, type TaskState, type TaskStatus,
} from '../../common/cluster/types.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { Dispatcher, followerHandlers, acceptStatus, type DispatcherCall } from '../../manager/dispatcher/index.js';
import { DISPATCHER_PROTO, DISPATCHER_SERVICE } from '../../proto/loader-options.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import type { DispatcherClient } from '../../proto/generated/orc/dispatcher/v1/Dispatcher.js';
import type { SessionMessage__Output } from '../../proto/generated/orc/dispatcher/v1/SessionMessage.js';
import { AgentSession, type AgentSessionEvent } from '../../worker/agent/session.js';
import type { ApplyOptions, TaskExecutor } from '../../worker/agent/executor-types.js';

const PERIOD = 100;
const identify = (call: DispatcherCall): { nodeId: string } | undefined => {
  const v = call.metadata.get('x-test-node')[0];
  return typeof v === 'string' ? { nodeId: v } : undefined;
};

function status(state: TaskState, timestamp = Date.now(), more: Partial<TaskStatus> = {}): TaskStatus {
  return { state, timestamp, message: '', err: '', containerId: '', exitCode: 0, health: '', ...more };
}

function task(id: string, nodeId: string, state: TaskState, refs: { secrets?: string[]; configs?: string[] } = {}): Task {
  const ref = (x: string): { id: string; name: string; target: string; uid: string; gid: string; mode: number } => ({ id: x, name: x, target: x, uid: '0', gid: '0', mode: 0o444 });
  return {
    id, version: 0, createdAt: 0, updatedAt: 0, serviceId: 'svc', serviceName: 'web', slot: 1, nodeId,
    spec: {
      container: {
        image: 'busybox', command: [], args: [], env: [], workdir: '', user: '', hostname: '', labels: {}, mounts: [],
        stopSignal: '', init: false, secrets: (refs.secrets ?? []).map(ref), configs: (refs.configs ?? []).map(ref),
      },
      resources: { limits: { nanoCpus: 0, memoryBytes: 0 }, reservations: { nanoCpus: 0, memoryBytes: 0 } },
      restartPolicy: DEFAULT_RESTART_POLICY,
      placement: { constraints: [], preferences: [], maxReplicasPerNode: 0 },
      forceUpdate: 0, networks: [],
    },
    specVersion: 1, desiredState: 'running', status: status(state, 1), networks: [], ports: [], jobIteration: 0, labels: {},
  };
}

function nodeObject(id: string, state: Node['status']['state'], downSince?: number): Node {
  return {
    id, version: 0, createdAt: 0, updatedAt: 0,
    spec: { name: id, labels: {}, role: 'worker', availability: 'active' },
    description: { hostname: id, platform: { os: 'linux', architecture: 'amd64' }, resources: { nanoCpus: 1e9, memoryBytes: 1 << 30 }, engineVersion: 't' },
    status: { state, addr: '10.0.0.1', message: '', ...(downSince !== undefined ? { downSince } : {}) },
    certSerial: '',
  };
}

const description = (host: string): Node['description'] => ({ hostname: host, platform: { os: 'linux', architecture: 'amd64' }, resources: { nanoCpus: 2e9, memoryBytes: 1 << 30 }, engineVersion: 'test' });

class FakeExecutor implements TaskExecutor {
  readonly applies: { ids: string[]; tasks: Task[]; complete: boolean; files: Map<string, Buffer> }[] = [];
  readonly states = new Map<string, TaskStatus>();
  private readonly listeners: ((id: string, s: TaskStatus) => void)[] = [];
  async apply(tasks: Task[], opts: ApplyOptions): Promise<void> {
    this.applies.push({ ids: tasks.map((t) => t.id).sort(), tasks, complete: opts.complete, files: opts.files });
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
  last(): { ids: string[]; tasks: Task[]; complete: boolean; files: Map<string, Buffer> } | undefined {
    return this.applies.at(-1);
  }
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Everything a test starts, stopped in afterEach whatever happened. */
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(handlers: grpc.UntypedServiceImplementation): Promise<{ addr: string; server: grpc.Server }> {
  const server = new grpc.Server();
  server.addService(serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE), handlers);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e !== null ? reject(e) : resolve(p))));
  cleanups.push(() => server.forceShutdown());
  return { addr: `127.0.0.1:${port}`, server };
}

async function startDispatcher(store: MemoryStore, opts: { secretData?: (id: string) => Promise<Buffer | undefined>; heartbeatPeriodMs?: number } = {}): Promise<{ d: Dispatcher; addr: string; stop: () => void }> {
  const d = new Dispatcher(store, { heartbeatPeriodMs: PERIOD, managers: () => [{ nodeId: 'm1', addr: 'manager-1:4243' }], ...opts });
  const ac = new AbortController();
  const running = d.run(ac.signal);
  cleanups.push(async () => {
    ac.abort();
    await running;
  });
  const { addr } = await serve(d.grpcHandlers(identify));
  return { d, addr, stop: () => ac.abort() };
}

function agent(addrs: string[], nodeId: string, executor: TaskExecutor): { session: AgentSession; events: AgentSessionEvent[] } {
  const session = new AgentSession({
    managers: addrs, credentials: grpc.credentials.createInsecure(), description: description(`host-${nodeId}`), executor,
    metadata: { 'x-test-node': nodeId }, backoffMs: { min: 20, max: 200 },
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

function rawClient(addr: string): DispatcherClient {
  const Ctor = grpc.makeClientConstructor(serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE), DISPATCHER_SERVICE);
  const c = new Ctor(addr, grpc.credentials.createInsecure()) as unknown as DispatcherClient;
  cleanups.push(() => c.close());
  return c;
}

const md = (nodeId: string): grpc.Metadata => {
  const m = new grpc.Metadata();
  m.set('x-test-node', nodeId);
  return m;
};

/** Opens a session by hand; resolves with its first message (the stream stays open until the test ends). */
async function openSession(c: DispatcherClient, nodeId: string): Promise<{ first: SessionMessage__Output; call: grpc.ClientReadableStream<SessionMessage__Output>; errors: grpc.ServiceError[] }> {
  const call = c.Session({ description_json: JSON.stringify(description(`host-${nodeId}`)) }, md(nodeId));
  cleanups.push(() => call.cancel());
  const errors: grpc.ServiceError[] = [];
  call.on('error', (e: grpc.ServiceError) => errors.push(e));
  const first = await new Promise<SessionMessage__Output>((resolve, reject) => {
    call.once('data', resolve);
    call.once('error', reject);
  });
  return { first, call, errors };
}

function unary<Req>(fn: (req: Req, m: grpc.Metadata, cb: (e: grpc.ServiceError | null) => void) => unknown, req: Req, nodeId: string): Promise<grpc.ServiceError | null> {
  return new Promise((resolve) => fn(req, md(nodeId), (e) => resolve(e)));
}

describe('dispatcher: sessions', () => {
  it('a node opening a session is created in the store, ready, with its hostname, the worker role and active', async () => {
    const store = new MemoryStore();
    const { addr } = await startDispatcher(store);
    const { session, events } = agent([addr], 'n1', new FakeExecutor());
    await waitFor('the session', () => session.connected());
    const node = await store.get('node', 'n1');
    assert.ok(node !== undefined);
    assert.equal(node.status.state, 'ready');
    assert.equal(node.status.addr, '127.0.0.1');
    assert.deepEqual(node.spec, { name: 'host-n1', labels: {}, role: 'worker', availability: 'active' });
    assert.equal(node.description.hostname, 'host-n1');
    assert.equal(events[0]?.type, 'connected');
    assert.equal(session.nodeObject()?.id, 'n1');
    assert.deepEqual(session.managers(), ['manager-1:4243']);
  });

  it('a down node that opens a session is ready again and its downSince is cleared', async () => {
    const store = new MemoryStore();
    await store.commit([{ op: 'create', kind: 'node', object: nodeObject('n1', 'down', 12345) }]);
    const { addr } = await startDispatcher(store);
    const { session } = agent([addr], 'n1', new FakeExecutor());
    await waitFor('the session', () => session.connected());
    const node = await store.get('node', 'n1');
    assert.equal(node?.status.state, 'ready');
    assert.equal(node?.status.downSince, undefined);
  });

  it('a call without an identity is refused (UNAUTHENTICATED)', async () => {
    const store = new MemoryStore();
    const { addr } = await startDispatcher(store);
    const c = rawClient(addr);
    const call = c.Session({ description_json: JSON.stringify(description('x')) });
    const err = await new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    assert.equal(err.code, grpc.status.UNAUTHENTICATED);
  });

  it('a node that misses three heartbeat periods is down, with downSince in the store, and its session is gone', async () => {
    const store = new MemoryStore();
    const { addr } = await startDispatcher(store);
    const c = rawClient(addr);
    const t0 = Date.now();
    const { first, errors } = await openSession(c, 'n1');
    assert.ok(first.heartbeat_period_ms > 0 && first.heartbeat_period_ms <= PERIOD);
    // Heartbeats for a while keep it ready.
    for (let i = 0; i < 5; i++) {
      await sleep(PERIOD);
      assert.equal(await unary(c.Heartbeat.bind(c), { session_id: first.session_id }, 'n1'), null);
    }
    assert.equal((await store.get('node', 'n1'))?.status.state, 'ready');
    await waitFor('the node down', async () => (await store.get('node', 'n1'))?.status.state === 'down');
    const node = await store.get('node', 'n1');
    assert.ok(node?.status.downSince !== undefined && node.status.downSince >= t0 + 8 * PERIOD);
    const err = await unary(c.Heartbeat.bind(c), { session_id: first.session_id }, 'n1');
    assert.equal(err?.code, grpc.status.NOT_FOUND);
    await waitFor('the session stream to fail', () => errors.length > 0);
    assert.equal(errors[0]?.code, grpc.status.NOT_FOUND);
  });

  it('a new dispatcher over the same store gives every ready node a full timeout, and leaves a down node as it was', async () => {
    const store = new MemoryStore();
    await store.commit([
      { op: 'create', kind: 'node', object: nodeObject('n1', 'ready') },
      { op: 'create', kind: 'node', object: nodeObject('n2', 'down', 777) },
    ]);
    const t0 = Date.now();
    await startDispatcher(store);
    await sleep(2 * PERIOD);
    assert.equal((await store.get('node', 'n1'))?.status.state, 'ready', 'declared down before its timeout');
    await waitFor('n1 down', async () => (await store.get('node', 'n1'))?.status.state === 'down');
    assert.ok(((await store.get('node', 'n1'))?.status.downSince ?? 0) >= t0 + 3 * PERIOD);
    assert.equal((await store.get('node', 'n2'))?.status.downSince, 777);
  });

  it('a manager that is not the leader sends the worker to the leader (orc-leader)', async () => {
    const store = new MemoryStore();
    const leader = await startDispatcher(store);
    const follower = await serve(followerHandlers(() => leader.addr));
    const c = rawClient(follower.addr);
    const call = c.Session({ description_json: JSON.stringify(description('x')) }, md('n1'));
    const err = await new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    assert.equal(err.code, grpc.status.UNAVAILABLE);
    assert.deepEqual(err.metadata.get('orc-leader'), [leader.addr]);
    const { session, events } = agent([follower.addr], 'n1', new FakeExecutor());
    await waitFor('the session with the leader', () => session.connected());
    assert.deepEqual(events.find((e) => e.type === 'connected'), { type: 'connected', addr: leader.addr, sessionId: (events[0] as { sessionId: string }).sessionId });
  });
});

describe('dispatcher: assignments', () => {
  it('sends the complete set first, then increments when a task is assigned, its desiredState changes or it is removed', async () => {
    const store = new MemoryStore();
    await store.commit([
      { op: 'create', kind: 'task', object: task('t1', 'n1', 'assigned') },
      { op: 'create', kind: 'task', object: task('t2', 'n1', 'pending') },
      { op: 'create', kind: 'task', object: task('t3', 'n2', 'assigned') },
    ]);
    const { addr } = await startDispatcher(store);
    const exec = new FakeExecutor();
    const { session } = agent([addr], 'n1', exec);
    const kinds: string[] = [];
    session.on((e) => {
      if (e.type === 'assignments') kinds.push(e.kind);
    });
    await waitFor('the complete set', () => exec.applies.length === 1);
    assert.deepEqual(exec.last()?.ids, ['t1']);
    assert.equal(exec.last()?.complete, true);
    assert.ok(session.connected());

    const t2 = await store.get('task', 't2');
    assert.ok(t2 !== undefined);
    t2.status = status('assigned');
    await store.commit([{ op: 'update', kind: 'task', object: t2 }]);
    await waitFor('t2 assigned', () => exec.last()?.ids.includes('t2') === true);
    assert.equal(kinds.at(-1), 'incremental');
    assert.equal(exec.last()?.complete, true, 'the merged set is complete: the executor may drop what it lacks');
    assert.deepEqual(exec.last()?.ids, ['t1', 't2']);

    const t1 = await store.get('task', 't1');
    assert.ok(t1 !== undefined);
    t1.desiredState = 'shutdown';
    await store.commit([{ op: 'update', kind: 'task', object: t1 }]);
    await waitFor('t1 to shut down', () => exec.last()?.tasks.find((t) => t.id === 't1')?.desiredState === 'shutdown');
    assert.equal(kinds.at(-1), 'incremental');

    // The worker's own report is not echoed back.
    const applies = exec.applies.length;
    exec.report('t2', status('running'));
    await waitFor('t2 running in the store', async () => (await store.get('task', 't2'))?.status.state === 'running');
    await sleep(150);
    assert.equal(exec.applies.length, applies);

    await store.commit([{ op: 'remove', kind: 'task', id: 't2' }]);
    await waitFor('t2 removed', () => exec.last()?.ids.includes('t2') === false);
    assert.deepEqual(exec.last()?.ids, ['t1']);
    assert.deepEqual(kinds.filter((k) => k === 'complete'), ['complete'], 'one complete set, increments after it');
  });

  it('sends a secret or config only to the nodes whose tasks reference it', async () => {
    const store = new MemoryStore();
    const secret: Secret = { id: 's1', version: 0, createdAt: 0, updatedAt: 0, spec: { name: 'db-password', labels: {}, data: 'ZW5jcnlwdGVk' } };
    const config: Config = { id: 'c1', version: 0, createdAt: 0, updatedAt: 0, spec: { name: 'nginx.conf', labels: {}, data: Buffer.from('listen 80;').toString('base64') } };
    await store.commit([
      { op: 'create', kind: 'secret', object: secret },
      { op: 'create', kind: 'config', object: config },
      { op: 'create', kind: 'task', object: task('t1', 'n1', 'assigned', { secrets: ['s1'], configs: ['c1'] }) },
      { op: 'create', kind: 'task', object: task('t2', 'n2', 'assigned') },
    ]);
    const asked: string[] = [];
    const { addr } = await startDispatcher(store, { secretData: async (id) => (asked.push(id), id === 's1' ? Buffer.from('hunter2') : undefined) });
    const e1 = new FakeExecutor();
    const e2 = new FakeExecutor();
    agent([addr], 'n1', e1);
    agent([addr], 'n2', e2);
    await waitFor('both complete sets', () => e1.applies.length === 1 && e2.applies.length === 1);
    assert.equal(e1.last()?.files.get('s1')?.toString(), 'hunter2');
    assert.equal(e1.last()?.files.get('c1')?.toString(), 'listen 80;');
    assert.equal(e2.last()?.files.size, 0);
    assert.deepEqual(asked, ['s1']);

    // A task referencing the secret lands on n2: now n2 gets it too.
    await store.commit([{ op: 'create', kind: 'task', object: task('t3', 'n2', 'assigned', { secrets: ['s1'] }) }]);
    await waitFor('n2 to get the secret', () => e2.last()?.files.get('s1')?.toString() === 'hunter2');
    assert.equal(e2.last()?.files.has('c1'), false);
    // When n1's task finishes, its files go.
    const t1 = await store.get('task', 't1');
    assert.ok(t1 !== undefined);
    t1.desiredState = 'shutdown';
    await store.commit([{ op: 'update', kind: 'task', object: t1 }]);
    await waitFor('n1 to drop the files', () => e1.last()?.files.size === 0);
  });
});

describe('dispatcher: task states', () => {
  it('acceptStatus keeps forward moves and newer reports of the same state, and never leaves a terminal state', () => {
    assert.equal(acceptStatus(status('assigned', 1), status('running', 2)), true);
    assert.equal(acceptStatus(status('running', 1), status('starting', 2)), false);
    assert.equal(acceptStatus(status('running', 2), status('running', 3, { health: 'healthy' })), true);
    assert.equal(acceptStatus(status('running', 3), status('running', 2, { health: 'healthy' })), false);
    assert.equal(acceptStatus(status('failed', 3), status('complete', 4)), false);
    assert.equal(acceptStatus(status('running', 3), status('failed', 2)), true);
  });

  it('writes forward moves and ignores a backward report', async () => {
    const store = new MemoryStore();
    await store.commit([{ op: 'create', kind: 'task', object: task('t1', 'n1', 'assigned') }]);
    // this client sends no heartbeats: a period long enough that its session outlives the test on a loaded machine
    const { addr } = await startDispatcher(store, { heartbeatPeriodMs: 10_000 });
    const c = rawClient(addr);
    const { first } = await openSession(c, 'n1');
    const send = (s: TaskStatus): Promise<grpc.ServiceError | null> =>
      unary(c.UpdateTaskStatus.bind(c), { session_id: first.session_id, updates: [{ task_id: 't1', status_json: JSON.stringify(s) }] }, 'n1');
    assert.equal(await send(status('running', 10)), null);
    assert.equal((await store.get('task', 't1'))?.status.state, 'running');
    assert.equal(await send(status('starting', 20)), null);
    assert.equal((await store.get('task', 't1'))?.status.state, 'running');
    assert.equal(await send(status('running', 30, { health: 'healthy' })), null);
    assert.equal((await store.get('task', 't1'))?.status.health, 'healthy');
    assert.equal(await send(status('complete', 40, { exitCode: 0 })), null);
    assert.equal(await send(status('running', 50)), null);
    assert.equal((await store.get('task', 't1'))?.status.state, 'complete');
    const bad = await unary(c.UpdateTaskStatus.bind(c), { session_id: first.session_id, updates: [{ task_id: 't1', status_json: '{"state":"flying"}' }] }, 'n1');
    assert.equal(bad?.code, grpc.status.INVALID_ARGUMENT);
  });

  it("refuses a report about another node's task, and writes nothing of that call", async () => {
    const store = new MemoryStore();
    await store.commit([
      { op: 'create', kind: 'task', object: task('t1', 'n1', 'assigned') },
      { op: 'create', kind: 'task', object: task('t2', 'n2', 'assigned') },
    ]);
    const { addr } = await startDispatcher(store);
    const c = rawClient(addr);
    const { first } = await openSession(c, 'n1');
    const err = await unary(c.UpdateTaskStatus.bind(c), {
      session_id: first.session_id,
      updates: [{ task_id: 't1', status_json: JSON.stringify(status('running')) }, { task_id: 't2', status_json: JSON.stringify(status('running')) }],
    }, 'n1');
    assert.equal(err?.code, grpc.status.PERMISSION_DENIED);
    assert.equal((await store.get('task', 't1'))?.status.state, 'assigned');
    assert.equal((await store.get('task', 't2'))?.status.state, 'assigned');
    // Another node cannot use n1's session either.
    const stolen = await unary(c.UpdateTaskStatus.bind(c), { session_id: first.session_id, updates: [] }, 'n2');
    assert.equal(stolen?.code, grpc.status.NOT_FOUND);
  });

  it('coalesces many reports into commits of at most 128 tasks', async () => {
    const store = new MemoryStore();
    const ids = Array.from({ length: 256 }, (_, i) => `t${i}`);
    for (let i = 0; i < ids.length; i += 128) await store.commit(ids.slice(i, i + 128).map((id) => ({ op: 'create' as const, kind: 'task' as const, object: task(id, 'n1', 'assigned') })));
    const { addr } = await startDispatcher(store);
    const c = rawClient(addr);
    const { first } = await openSession(c, 'n1');
    const before = await store.revision();
    const calls = [0, 1, 2, 3].map((k) => unary(c.UpdateTaskStatus.bind(c), {
      session_id: first.session_id,
      updates: ids.slice(k * 64, k * 64 + 64).map((id) => ({ task_id: id, status_json: JSON.stringify(status('running')) })),
    }, 'n1'));
    assert.deepEqual(await Promise.all(calls), [null, null, null, null]);
    const after = await store.revision();
    assert.equal(after - before, 2, 'four calls of 64 reports: two commits of 128');
    for (const id of ids) assert.equal((await store.get('task', id))?.status.state, 'running');
  });
});
