// Logs over the workers' sessions: a real Dispatcher on 127.0.0.1 (insecure
// gRPC; the caller's node id comes from an x-test-node header instead of a
// certificate), the in-memory store, and real AgentSessions whose logs
// provider yields canned lines. Then Control.ServiceLogs over it, through
// controlHandlers and the ClusterClient.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { serviceSpec } from '../../common/cluster/defaults.js';
import { DEFAULT_RESTART_POLICY, type Node, type Service, type Task, type TaskState, type TaskStatus } from '../../common/cluster/types.js';
import { isOrcError } from '../../common/errors.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { Dispatcher, type DispatcherCall, type NodeLogChunk } from '../../manager/dispatcher/index.js';
import { ControlApi, controlHandlers, serviceLogsHandler } from '../../manager/control/index.js';
import { CONTROL_PROTO, CONTROL_SERVICE, DISPATCHER_PROTO, DISPATCHER_SERVICE } from '../../proto/loader-options.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { ClusterClient } from '../../cli/client/cluster.js';
import { AgentSession, type AgentSessionEvent } from '../../worker/agent/session.js';
import type { ApplyOptions, TaskExecutor } from '../../worker/agent/executor-types.js';
import type { TaskLogOptions, TaskLogRecord, TaskLogsProvider } from '../../worker/agent/logs.js';
import { idSequence, open, seal } from './control-helpers.js';

const identify = (call: DispatcherCall): { nodeId: string } | undefined => {
  const v = call.metadata.get('x-test-node')[0];
  return typeof v === 'string' ? { nodeId: v } : undefined;
};

function status(state: TaskState): TaskStatus {
  return { state, timestamp: 1, message: '', err: '', containerId: '', exitCode: 0, health: '' };
}

function task(id: string, nodeId: string, slot: number, state: TaskState = 'running'): Task {
  return {
    id, version: 0, createdAt: slot, updatedAt: 0, serviceId: 'svc1', serviceName: 'web', slot, nodeId,
    spec: {
      container: {
        image: 'busybox', command: [], args: [], env: [], workdir: '', user: '', hostname: '', labels: {}, mounts: [],
        stopSignal: '', init: false, secrets: [], configs: [],
      },
      resources: { limits: { nanoCpus: 0, memoryBytes: 0 }, reservations: { nanoCpus: 0, memoryBytes: 0 } },
      restartPolicy: DEFAULT_RESTART_POLICY,
      placement: { constraints: [], preferences: [], maxReplicasPerNode: 0 },
      forceUpdate: 0, networks: [],
    },
    specVersion: 1, desiredState: 'running', status: status(state), networks: [], ports: [], jobIteration: 0, labels: {},
  };
}

function service(): Service {
  return { id: 'svc1', version: 0, createdAt: 0, updatedAt: 0, spec: serviceSpec('web', 'busybox'), specVersion: 1, endpoint: { ports: [] }, jobIteration: 0 };
}

function downNode(id: string, name: string): Node {
  return {
    id, version: 0, createdAt: 0, updatedAt: 0,
    spec: { name, labels: {}, role: 'worker', availability: 'active' },
    description: { hostname: name, platform: { os: 'linux', architecture: 'amd64' }, resources: { nanoCpus: 1e9, memoryBytes: 1 << 30 }, engineVersion: 't' },
    status: { state: 'down', addr: '10.0.0.2', message: 'heartbeat failure', downSince: 1 },
    certSerial: '',
  };
}

class NoExecutor implements TaskExecutor {
  async apply(_tasks: Task[], _opts: ApplyOptions): Promise<void> {}
  onStatus(): void {}
  statuses(): Map<string, TaskStatus> {
    return new Map();
  }
}

const line = (taskId: string, text: string, ms: number, stream: 'stdout' | 'stderr' = 'stdout'): TaskLogRecord => ({ taskId, stream, data: Buffer.from(text), timestampMs: ms });

/** A node's logs: canned lines per task (the last `tail`), then, following, lines pushed by the test until the subscription closes. */
class FakeLogs {
  readonly calls: { taskIds: string[]; opts: TaskLogOptions; signal: AbortSignal; closed: boolean }[] = [];
  private live: ((r: TaskLogRecord) => void) | undefined;

  constructor(private readonly canned: Record<string, TaskLogRecord[]>) {}

  readonly provider: TaskLogsProvider = (taskIds, opts, signal) => this.read([...taskIds], opts, signal);

  push(r: TaskLogRecord): void {
    assert.ok(this.live !== undefined, 'no follower to push to');
    this.live(r);
  }

  private async *read(taskIds: string[], opts: TaskLogOptions, signal: AbortSignal): AsyncGenerator<TaskLogRecord> {
    const call = { taskIds, opts, signal, closed: false };
    this.calls.push(call);
    for (const id of taskIds) {
      const lines = this.canned[id];
      if (lines === undefined) {
        yield { taskId: id, stream: 'stderr', data: Buffer.alloc(0), timestampMs: 0, error: `task ${id} has no container on this node` };
        continue;
      }
      yield* opts.tail >= 0 ? lines.slice(lines.length - opts.tail) : lines;
    }
    if (!opts.follow) return;
    const queue: TaskLogRecord[] = [];
    let wake: (() => void) | undefined;
    this.live = (r) => {
      queue.push(r);
      wake?.();
    };
    const onAbort = (): void => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const r = queue.shift();
        if (r !== undefined) {
          yield r;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      call.closed = true;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.live = undefined;
    }
  }
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A leader: the store, a running dispatcher, and a server with its Dispatcher service and Control.ServiceLogs. */
async function leader(): Promise<{ store: MemoryStore; dispatcher: Dispatcher; addr: string }> {
  const store = new MemoryStore();
  const dispatcher = new Dispatcher(store, { heartbeatPeriodMs: 2000, managers: () => [], logsStreamWaitMs: 1000 });
  const ac = new AbortController();
  const running = dispatcher.run(ac.signal);
  await waitFor('the dispatcher', () => dispatcher.heartbeatPeriodMs() > 0);
  const server = new grpc.Server();
  server.addService(serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE), dispatcher.grpcHandlers(identify));
  const api = new ControlApi(store, { newId: idSequence(), seal, open });
  server.addService(serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE), controlHandlers(api, { serviceLogs: serviceLogsHandler(store, () => dispatcher) }));
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e !== null ? reject(e) : resolve(p))));
  cleanups.push(async () => {
    server.forceShutdown();
    ac.abort();
    await running;
  });
  return { store, dispatcher, addr: `127.0.0.1:${port}` };
}

/** A worker's agent with a session to `addr` and `logs` as its provider; resolves once connected. */
async function worker(addr: string, nodeId: string, logs: TaskLogsProvider): Promise<{ session: AgentSession; events: AgentSessionEvent[]; stop: () => Promise<void> }> {
  const session = new AgentSession({
    managers: [addr], credentials: grpc.credentials.createInsecure(), executor: new NoExecutor(), metadata: { 'x-test-node': nodeId },
    backoffMs: { min: 20, max: 100 }, logs,
    description: { hostname: nodeId, platform: { os: 'linux', architecture: 'amd64' }, resources: { nanoCpus: 1e9, memoryBytes: 1 << 30 }, engineVersion: 'test' },
  });
  const events: AgentSessionEvent[] = [];
  session.on((e) => events.push(e));
  const ac = new AbortController();
  const running = session.run(ac.signal);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    ac.abort();
    await running;
  };
  cleanups.push(stop);
  await waitFor(`${nodeId} connected`, () => session.connected());
  return { session, events, stop };
}

async function collect(it: AsyncIterable<NodeLogChunk>): Promise<NodeLogChunk[]> {
  const out: NodeLogChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

const text = (chunks: readonly { data: Buffer }[]): string[] => chunks.map((c) => c.data.toString());

describe('dispatcher: log subscriptions over the session', () => {
  it('a subscription reaches the worker with its options and the lines come back in order, an unreadable task as an error chunk', async () => {
    const { dispatcher, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'one\n', 1000.5), line('t1', 'two\n', 1001, 'stderr'), line('t1', 'three\n', 1002)] });
    await worker(addr, 'n1', logs.provider);
    const chunks = await collect(dispatcher.subscribeLogs('n1', { taskIds: ['t1', 't9'], follow: false, tail: -1, timestamps: true }, new AbortController().signal));
    assert.equal(logs.calls.length, 1);
    assert.deepEqual(logs.calls[0]?.taskIds, ['t1', 't9']);
    assert.deepEqual(logs.calls[0]?.opts, { follow: false, tail: -1, timestamps: true });
    assert.deepEqual(chunks.map((c) => [c.taskId, c.stream, c.data.toString(), c.timestampMs, c.error]), [
      ['t1', 'stdout', 'one\n', 1000.5, ''],
      ['t1', 'stderr', 'two\n', 1001, ''],
      ['t1', 'stdout', 'three\n', 1002, ''],
      ['t9', 'stderr', '', 0, 'task t9 has no container on this node'],
    ]);
  });

  it('tail reaches the worker: only the last lines come back', async () => {
    const { dispatcher, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'a\n', 1), line('t1', 'b\n', 2), line('t1', 'c\n', 3)] });
    await worker(addr, 'n1', logs.provider);
    const chunks = await collect(dispatcher.subscribeLogs('n1', { taskIds: ['t1'], follow: false, tail: 2 }, new AbortController().signal));
    assert.deepEqual(text(chunks), ['b\n', 'c\n']);
  });

  it('following: new lines come as the worker publishes them; cancelling closes the worker\'s side', async () => {
    const { dispatcher, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'old\n', 1)] });
    const w = await worker(addr, 'n1', logs.provider);
    const ac = new AbortController();
    const it = dispatcher.subscribeLogs('n1', { taskIds: ['t1'], follow: true, tail: -1 }, ac.signal)[Symbol.asyncIterator]();
    assert.equal((await it.next()).value?.data.toString(), 'old\n');
    await waitFor('the follower', () => logs.calls.length === 1);
    logs.push(line('t1', 'new 1\n', 2));
    assert.equal((await it.next()).value?.data.toString(), 'new 1\n');
    logs.push(line('t1', 'new 2\n', 3));
    assert.equal((await it.next()).value?.data.toString(), 'new 2\n');
    ac.abort();
    assert.equal((await it.next()).done, true, 'the consumer\'s iteration ends');
    await waitFor('the worker to close its reader', () => logs.calls[0]?.closed === true);
    await waitFor('the worker to end its publishing', () => w.events.some((e) => e.type === 'logs-done'));
    assert.ok(w.session.connected(), 'the session stays open');
  });

  it('leaving the loop early closes the worker\'s side too', async () => {
    const { dispatcher, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'x\n', 1)] });
    await worker(addr, 'n1', logs.provider);
    for await (const c of dispatcher.subscribeLogs('n1', { taskIds: ['t1'], follow: true }, new AbortController().signal)) {
      assert.equal(c.data.toString(), 'x\n');
      break;
    }
    await waitFor('the worker to close its reader', () => logs.calls[0]?.closed === true);
  });

  it('a node without a session fails at once with ORC_UNAVAILABLE naming it', async () => {
    const { dispatcher } = await leader();
    const started = Date.now();
    await assert.rejects(
      collect(dispatcher.subscribeLogs('n7', { taskIds: ['t1'], follow: true }, new AbortController().signal)),
      (e: unknown) => isOrcError(e) && e.code === 'ORC_UNAVAILABLE' && /node n7 is not reachable/.test(e.message),
    );
    assert.ok(Date.now() - started < 500, 'no waiting for a node that has no session');
  });

  it('a session that ends while following fails the subscription with ORC_UNAVAILABLE', async () => {
    const { dispatcher, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'x\n', 1)] });
    const w = await worker(addr, 'n1', logs.provider);
    const it = dispatcher.subscribeLogs('n1', { taskIds: ['t1'], follow: true }, new AbortController().signal)[Symbol.asyncIterator]();
    assert.equal((await it.next()).value?.data.toString(), 'x\n');
    const next = it.next();
    await w.stop();
    await assert.rejects(next, (e: unknown) => isOrcError(e) && e.code === 'ORC_UNAVAILABLE' && /node n1 is not reachable/.test(e.message));
  });
});

describe('Control.ServiceLogs over the dispatcher', () => {
  it('tasks on a connected node and a down one: the connected one\'s lines, an error naming the down node, then the end', async () => {
    const { store, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'hello from 1\n', 10)], t3: [line('t3', 'hello from 3\n', 11, 'stderr')] });
    await worker(addr, 'n1', logs.provider);
    await store.commit([
      { op: 'create', kind: 'service', object: service() },
      { op: 'create', kind: 'node', object: downNode('n2', 'w2') },
      { op: 'create', kind: 'task', object: task('t1', 'n1', 1) },
      { op: 'create', kind: 'task', object: task('t2', 'n2', 2) },
      { op: 'create', kind: 'task', object: task('t3', 'n1', 3) },
      { op: 'create', kind: 'task', object: task('t4', '', 4, 'pending') },
    ]);
    const client = new ClusterClient(addr, grpc.credentials.createInsecure(), { local: false });
    cleanups.push(() => client.close());
    const lines = [];
    for await (const l of client.serviceLogs('web', { follow: false }, new AbortController().signal)) lines.push(l);
    assert.deepEqual(lines[0], {
      taskId: '', nodeId: 'n2', nodeName: 'w2', serviceName: 'web', slot: 0, stream: '', data: Buffer.alloc(0), timestampMs: 0,
      error: 'node w2 (id n2) is not reachable: down (heartbeat failure)',
    }, 'the unreachable node first');
    assert.deepEqual(lines.slice(1).map((l) => [l.taskId, l.nodeId, l.nodeName, l.serviceName, l.slot, l.stream, l.data.toString(), l.timestampMs, l.error]), [
      ['t1', 'n1', 'n1', 'web', 1, 'stdout', 'hello from 1\n', 10, ''],
      ['t3', 'n1', 'n1', 'web', 3, 'stderr', 'hello from 3\n', 11, ''],
    ]);
    assert.deepEqual(logs.calls.map((c) => c.taskIds), [['t1', 't3']], 'one subscription per node, with its tasks');
  });

  it('by task id: only that task; an unknown name is ORC_NOT_FOUND', async () => {
    const { store, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'one\n', 1)], t3: [line('t3', 'three\n', 2)] });
    await worker(addr, 'n1', logs.provider);
    await store.commit([
      { op: 'create', kind: 'service', object: service() },
      { op: 'create', kind: 'task', object: task('t1', 'n1', 1) },
      { op: 'create', kind: 'task', object: task('t3', 'n1', 3) },
    ]);
    const client = new ClusterClient(addr, grpc.credentials.createInsecure(), { local: false });
    cleanups.push(() => client.close());
    const lines = [];
    for await (const l of client.serviceLogs('t3', {}, new AbortController().signal)) lines.push(l);
    assert.deepEqual(text(lines), ['three\n']);
    await assert.rejects(async () => {
      for await (const _ of client.serviceLogs('nope', {}, new AbortController().signal)) assert.fail('no lines');
    }, (e: unknown) => (e as { code?: string }).code === 'ORC_NOT_FOUND');
  });

  it('following: lines keep coming until the client stops', async () => {
    const { store, addr } = await leader();
    const logs = new FakeLogs({ t1: [line('t1', 'first\n', 1)] });
    await worker(addr, 'n1', logs.provider);
    await store.commit([{ op: 'create', kind: 'service', object: service() }, { op: 'create', kind: 'task', object: task('t1', 'n1', 1) }]);
    const client = new ClusterClient(addr, grpc.credentials.createInsecure(), { local: false });
    cleanups.push(() => client.close());
    const ac = new AbortController();
    const it = client.serviceLogs('web', { follow: true, tail: 5 }, ac.signal)[Symbol.asyncIterator]();
    assert.equal((await it.next()).value?.data.toString(), 'first\n');
    await waitFor('the follower', () => logs.calls.length === 1);
    assert.equal(logs.calls[0]?.opts.tail, 5);
    logs.push(line('t1', 'later\n', 2));
    assert.equal((await it.next()).value?.data.toString(), 'later\n');
    ac.abort();
    assert.equal((await it.next()).done, true);
    await waitFor('the worker to close its reader', () => logs.calls[0]?.closed === true);
  });

  it('a manager without the dispatcher (not the leader) answers ORC_UNAVAILABLE', async () => {
    const store = new MemoryStore();
    const server = new grpc.Server();
    const api = new ControlApi(store, { newId: idSequence(), seal, open });
    server.addService(serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE), controlHandlers(api, { serviceLogs: serviceLogsHandler(store, () => undefined) }));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e !== null ? reject(e) : resolve(p))));
    cleanups.push(() => server.forceShutdown());
    const client = new ClusterClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { local: false });
    cleanups.push(() => client.close());
    await assert.rejects(async () => {
      for await (const _ of client.serviceLogs('web', {}, new AbortController().signal)) assert.fail('no lines');
    }, (e: unknown) => (e as { code?: string }).code === 'ORC_UNAVAILABLE');
  });
});
