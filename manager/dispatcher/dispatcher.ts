/**
 * The dispatcher: the leader's end of every worker session (see
 * proto/dispatcher.proto). It marks a node ready when its session opens and
 * down after HEARTBEAT_MISSES periods without a heartbeat, streams each node
 * its tasks with the secrets and configs they reference, and writes the task
 * states workers report (forward moves only, coalesced). It also carries
 * log subscriptions to the nodes and their lines back (logs.ts).
 *
 * Liveness is kept in memory as a deadline per node; what outlives a leader
 * is in the store (`status.state`, `downSince`): a new leader gives every
 * node the store says is ready a full timeout, counted from its own start.
 */
import { LEADER_METADATA_KEY } from '../../proto/wire.js';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { systemClock, type Clock } from '../../common/clock.js';
import {
  DEFAULT_HEARTBEAT_MS, TASK_STATES,
  type Node, type NodeDescription, type NodeRole, type Task, type TaskState, type TaskStatus,
} from '../../common/cluster/types.js';
import { isOrcError, OrcError } from '../../common/errors.js';
import type { Store, StoreEvent } from '../store/store.js';
import type { DispatcherHandlers } from '../../proto/generated/orc/dispatcher/v1/Dispatcher.js';
import type { AssignmentsMessage } from '../../proto/generated/orc/dispatcher/v1/AssignmentsMessage.js';
import type { AssignmentsRequest__Output } from '../../proto/generated/orc/dispatcher/v1/AssignmentsRequest.js';
import type { SessionMessage } from '../../proto/generated/orc/dispatcher/v1/SessionMessage.js';
import type { SessionRequest__Output } from '../../proto/generated/orc/dispatcher/v1/SessionRequest.js';
import { AssignmentStream } from './assignments.js';
import { StatusWriter, type StatusReport } from './status-writer.js';
import { LogBroker, unreachable, type LogSubscriptionOptions, type NodeLogChunk } from './logs.js';

export { LEADER_METADATA_KEY };
/** Heartbeat periods a node may miss before it is declared down. */
export const HEARTBEAT_MISSES = 3;

export interface ManagerAddress {
  nodeId: string;
  /** host:port of its dispatcher and control API. */
  addr: string;
}

/** Who is calling, from the caller's certificate. */
export interface CallerIdentity {
  nodeId: string;
  /** The role the certificate grants; a node created by its first session gets it (default worker). */
  role?: NodeRole;
  /** The certificate's serial (hex), recorded on a node created by its first session. */
  certSerial?: string;
}

/** What `identify` may read of a call. */
export type DispatcherCall = Pick<grpc.ServerUnaryCall<unknown, unknown>, 'metadata' | 'getPeer' | 'getAuthContext'>;
export type Identify = (call: DispatcherCall) => CallerIdentity | undefined;

export interface DispatcherDeps {
  clock?: Clock;
  /** Default: the cluster object's spec.dispatcher.heartbeatPeriodMs, else DEFAULT_HEARTBEAT_MS. */
  heartbeatPeriodMs?: number;
  /** Every manager, the leader first: sent to workers so they know where to go. */
  managers: () => ManagerAddress[];
  /** A secret's plaintext (the store keeps it encrypted); without it no secret is sent. */
  secretData?: (id: string) => Promise<Buffer | undefined>;
  log?: (line: string) => void;
  /** [0, 1): the jitter of the heartbeat period told to workers. */
  random?: () => number;
  /** How long changes are coalesced into one message or one commit (default 50 ms). */
  batchDelayMs?: number;
  /** How long a log subscription waits for a node with a session to open its Logs stream (default 2 s). */
  logsStreamWaitMs?: number;
}

type SessionCall = grpc.ServerWritableStream<SessionRequest__Output, SessionMessage>;
type AssignmentsCall = grpc.ServerWritableStream<AssignmentsRequest__Output, AssignmentsMessage>;

interface Session {
  id: string;
  nodeId: string;
  call: SessionCall;
  streams: Map<AssignmentStream, AssignmentsCall>;
  /** The node object as last sent, without its status. */
  nodeSent: string;
}

interface GrpcError {
  code: grpc.status;
  details: string;
  metadata?: grpc.Metadata;
}

const fail = (code: grpc.status, details: string): GrpcError => ({ code, details });

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The node without what changes at every session or status write. */
function stableNode(node: Node): string {
  const { status: _s, version: _v, updatedAt: _u, ...rest } = node;
  return JSON.stringify(rest);
}

/** host:port or [v6]:port → the host. */
export function peerHost(peer: string): string {
  const p = peer.replace(/^ipv[46]:/, '');
  const colon = p.lastIndexOf(':');
  const host = colon > 0 && /^\d+$/.test(p.slice(colon + 1)) ? p.slice(0, colon) : p;
  return host.replace(/^\[(.*)\]$/, '$1');
}

function parseDescription(json: string): NodeDescription | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const d = v as Partial<NodeDescription>;
  if (typeof d.hostname !== 'string' || d.hostname === '') return undefined;
  return {
    hostname: d.hostname,
    platform: { os: String(d.platform?.os ?? ''), architecture: String(d.platform?.architecture ?? '') },
    resources: { nanoCpus: Number(d.resources?.nanoCpus ?? 0), memoryBytes: Number(d.resources?.memoryBytes ?? 0) },
    engineVersion: String(d.engineVersion ?? ''),
  };
}

const HEALTH = new Set(['', 'starting', 'healthy', 'unhealthy']);

/** A worker's TaskStatus, checked (the optional-looking fields take their zero values). */
export function parseStatus(json: string): TaskStatus | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Partial<Record<keyof TaskStatus, unknown>>;
  if (typeof s.state !== 'string' || !(TASK_STATES as readonly string[]).includes(s.state)) return undefined;
  if (typeof s.timestamp !== 'number' || !Number.isFinite(s.timestamp)) return undefined;
  const health = s.health ?? '';
  if (typeof health !== 'string' || !HEALTH.has(health)) return undefined;
  return {
    state: s.state as TaskState,
    timestamp: s.timestamp,
    message: typeof s.message === 'string' ? s.message : '',
    err: typeof s.err === 'string' ? s.err : '',
    containerId: typeof s.containerId === 'string' ? s.containerId : '',
    exitCode: typeof s.exitCode === 'number' ? s.exitCode : 0,
    health: health as TaskStatus['health'],
  };
}

export class Dispatcher {
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly random: () => number;
  private readonly batchDelayMs: number;
  private period: number;
  private running = false;
  private writer: StatusWriter | undefined;
  private readonly sessions = new Map<string, Session>();
  private readonly sessionOfNode = new Map<string, string>();
  /** Per node: when it is declared down unless a heartbeat comes first. */
  private readonly deadlines = new Map<string, number>();
  private managersSent = '';
  private readonly logs: LogBroker;

  constructor(private readonly store: Store, private readonly deps: DispatcherDeps) {
    this.clock = deps.clock ?? systemClock;
    const trace = /\bdispatcher\b/.test(process.env['ORC_TRACE'] ?? '');
    this.log = deps.log ?? (trace ? (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) : () => {});
    this.random = deps.random ?? Math.random;
    this.batchDelayMs = deps.batchDelayMs ?? 50;
    this.period = deps.heartbeatPeriodMs ?? DEFAULT_HEARTBEAT_MS;
    this.logs = new LogBroker(this.clock, this.log);
  }

  /** The heartbeat period in force. */
  heartbeatPeriodMs(): number {
    return this.period;
  }

  /**
   * The logs of tasks of node `nodeId` as the node publishes them: its
   * lines in order, and `error` chunks for tasks it cannot read. Its first
   * step throws ORC_UNAVAILABLE at once when the node has no session with this leader,
   * or later when the session ends before the lines do. Ends when the node
   * has sent everything (without `follow`); aborting `signal` (or leaving
   * the loop) tells the node to stop.
   */
  async *subscribeLogs(nodeId: string, opts: LogSubscriptionOptions, signal: AbortSignal): AsyncGenerator<NodeLogChunk> {
    if (!this.running) throw new OrcError('ORC_UNAVAILABLE', 'the dispatcher is not running on this manager: logs are served by the leader');
    if (!this.sessionOfNode.has(nodeId)) throw unreachable(nodeId, 'it has no session with the leader');
    yield* this.logs.subscribe(nodeId, opts, signal, this.deps.logsStreamWaitMs ?? 2000);
  }

  /** Whether node `nodeId` has a session with this dispatcher now. */
  hasSession(nodeId: string): boolean {
    return this.sessionOfNode.has(nodeId);
  }

  /** Serves sessions until the signal aborts; then every open session ends (UNAVAILABLE) so workers find the next leader. */
  async run(signal: AbortSignal): Promise<void> {
    const writer = new StatusWriter(this.store, this.clock, this.log, this.batchDelayMs);
    this.writer = writer;
    try {
      const revision = await this.store.revision();
      const cluster = (await this.store.list('cluster'))[0];
      if (this.deps.heartbeatPeriodMs === undefined && cluster !== undefined && cluster.spec.dispatcher.heartbeatPeriodMs > 0) {
        this.period = cluster.spec.dispatcher.heartbeatPeriodMs;
      }
      const start = this.clock.now();
      for (const node of await this.store.list('node')) {
        if (node.status.state === 'ready') this.deadlines.set(node.id, start + HEARTBEAT_MISSES * this.period);
      }
      this.managersSent = JSON.stringify(this.deps.managers());
      this.running = !signal.aborted;
      this.log(`dispatcher: started (heartbeat period ${this.period} ms, ${this.deadlines.size} ready nodes on probation)`);
      // Either loop failing (the store gone) stops the other: the session ends for every worker.
      const inner = new AbortController();
      const onAbort = (): void => inner.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      const stopOnError = (e: unknown): never => {
        inner.abort();
        throw e;
      };
      try {
        await Promise.all([this.tick(inner.signal).catch(stopOnError), this.follow(inner.signal, revision).catch(stopOnError)]);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } finally {
      this.running = false;
      writer.close();
      for (const s of [...this.sessions.values()]) this.dropSession(s, fail(grpc.status.UNAVAILABLE, 'the dispatcher stopped (leadership changed): open a session with the new leader'));
      this.deadlines.clear();
    }
  }

  /** Every Dispatcher rpc, for `server.addService(serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE), …)`. */
  grpcHandlers(identify: Identify): DispatcherHandlers {
    const who = (call: DispatcherCall): CallerIdentity | GrpcError => {
      if (!this.running) return fail(grpc.status.UNAVAILABLE, 'the dispatcher is not running on this manager');
      let id: CallerIdentity | undefined;
      try {
        id = identify(call);
      } catch (e) {
        return fail(grpc.status.UNAUTHENTICATED, message(e));
      }
      return id ?? fail(grpc.status.UNAUTHENTICATED, 'no node identity: connect with the node certificate the cluster CA issued');
    };
    const isError = (v: CallerIdentity | GrpcError): v is GrpcError => 'code' in v;
    const session = (id: string, nodeId: string): Session | GrpcError => {
      const s = this.sessions.get(id);
      if (s === undefined || s.nodeId !== nodeId) return fail(grpc.status.NOT_FOUND, `session ${id || '""'} is not open on this leader: open a new session`);
      return s;
    };
    return {
      Session: (call) => {
        const id = who(call);
        if (isError(id)) {
          call.emit('error', id);
          return;
        }
        this.openSession(call, id).catch((e: unknown) => call.emit('error', fail(grpc.status.UNAVAILABLE, `opening the session failed: ${message(e)}`)));
      },
      Heartbeat: (call, callback) => {
        const id = who(call);
        if (isError(id)) return callback(id);
        const s = session(call.request.session_id, id.nodeId);
        if ('code' in s) return callback(s);
        this.deadlines.set(s.nodeId, this.clock.now() + HEARTBEAT_MISSES * this.period);
        callback(null, { period_ms: this.toldPeriod() });
      },
      Assignments: (call) => {
        const id = who(call);
        if (isError(id)) {
          call.emit('error', id);
          return;
        }
        const s = session(call.request.session_id, id.nodeId);
        if ('code' in s) {
          call.emit('error', s);
          return;
        }
        const stream = new AssignmentStream(
          s.nodeId,
          (m) => call.write(m),
          { store: this.store, secretData: this.deps.secretData, log: this.log },
          this.clock,
          this.batchDelayMs,
        );
        s.streams.set(stream, call);
        call.on('cancelled', () => {
          stream.close();
          s.streams.delete(stream);
        });
        void stream.complete();
      },
      UpdateTaskStatus: (call, callback) => {
        const id = who(call);
        if (isError(id)) return callback(id);
        const s = session(call.request.session_id, id.nodeId);
        if ('code' in s) return callback(s);
        this.reportStatus(s.nodeId, call.request.updates).then(
          () => callback(null, {}),
          (e: unknown) => callback('code' in (e as object) ? (e as GrpcError) : fail(grpc.status.UNAVAILABLE, `the states were not written: ${message(e)}`)),
        );
      },
      Logs: (call) => {
        const id = who(call);
        if (isError(id)) {
          call.emit('error', id);
          return;
        }
        const s = session(call.request.session_id, id.nodeId);
        if ('code' in s) {
          call.emit('error', s);
          return;
        }
        this.logs.attach(s.nodeId, s.id, call);
      },
      PublishLogs: (call, callback) => {
        const id = who(call);
        if (isError(id)) return callback(id);
        this.logs.publish(id.nodeId, (sessionId) => this.sessions.get(sessionId)?.nodeId === id.nodeId, call, callback);
      },
    };
  }

  private toldPeriod(): number {
    return Math.max(1, Math.round(this.period * (1 - 0.1 * this.random())));
  }

  private async openSession(call: SessionCall, who: CallerIdentity): Promise<void> {
    const req = call.request;
    if (req.node_id !== '' && req.node_id !== who.nodeId) {
      call.emit('error', fail(grpc.status.PERMISSION_DENIED, `node id ${req.node_id} is not the one in the certificate (${who.nodeId})`));
      return;
    }
    const description = parseDescription(req.description_json);
    if (description === undefined) {
      call.emit('error', fail(grpc.status.INVALID_ARGUMENT, 'description_json is not a node description (JSON with at least a hostname)'));
      return;
    }
    const old = this.sessionOfNode.get(who.nodeId);
    const oldSession = old === undefined ? undefined : this.sessions.get(old);
    if (oldSession !== undefined) this.dropSession(oldSession);
    const hint = req.session_id_hint;
    const id = /^[0-9a-f]{32}$/.test(hint) && !this.sessions.has(hint) ? hint : randomBytes(16).toString('hex');
    this.deadlines.set(who.nodeId, this.clock.now() + HEARTBEAT_MISSES * this.period);
    const node = await this.registerNode(who, description, peerHost(call.getPeer()));
    if (call.cancelled || !this.running) return;
    const s: Session = { id, nodeId: who.nodeId, call, streams: new Map(), nodeSent: stableNode(node) };
    this.sessions.set(id, s);
    this.sessionOfNode.set(who.nodeId, id);
    call.on('cancelled', () => this.forget(s));
    this.log(`dispatcher: node ${who.nodeId} (${description.hostname}): session ${id} opened from ${node.status.addr}`);
    call.write({
      session_id: id,
      managers: this.deps.managers().map((m) => ({ node_id: m.nodeId, addr: m.addr })),
      heartbeat_period_ms: this.toldPeriod(),
      node_json: JSON.stringify(node),
    });
  }

  /** The node as ready (created when missing), its down-since cleared. */
  private async registerNode(who: CallerIdentity, description: NodeDescription, addr: string): Promise<Node> {
    for (let attempt = 0; ; attempt++) {
      const now = this.clock.now();
      const status = { state: 'ready' as const, addr, message: '', lastHeartbeat: now };
      const node = await this.store.get('node', who.nodeId);
      try {
        if (node === undefined) {
          const created: Node = {
            id: who.nodeId, version: 0, createdAt: now, updatedAt: now,
            spec: { name: description.hostname, labels: {}, role: who.role ?? 'worker', availability: 'active' },
            description, status, certSerial: who.certSerial ?? '',
          };
          await this.store.commit([{ op: 'create', kind: 'node', object: created }]);
          return created;
        }
        if (node.status.state !== 'ready') this.log(`dispatcher: node ${node.id}: ${node.status.state} -> ready`);
        node.description = description;
        node.status = status;
        await this.store.commit([{ op: 'update', kind: 'node', object: node }]);
        return node;
      } catch (e) {
        if (!isOrcError(e) || e.code !== 'ORC_CONFLICT' || attempt >= 5) throw e;
      }
    }
  }

  private async reportStatus(nodeId: string, updates: readonly { task_id: string; status_json: string }[]): Promise<void> {
    const reports: StatusReport[] = [];
    for (const u of updates) {
      const status = parseStatus(u.status_json);
      if (status === undefined || u.task_id === '') throw fail(grpc.status.INVALID_ARGUMENT, `task ${u.task_id || '""'}: status_json is not a task status`);
      reports.push({ taskId: u.task_id, nodeId, status });
    }
    const tasks: (Task | undefined)[] = await Promise.all(reports.map((r) => this.store.get('task', r.taskId)));
    for (const [i, t] of tasks.entries()) {
      if (t !== undefined && t.nodeId !== nodeId) {
        this.log(`dispatcher: node ${nodeId} reported the state of task ${t.id}, which is not its own (${t.nodeId || 'unassigned'}): refused`);
        throw fail(grpc.status.PERMISSION_DENIED, `task ${reports[i]?.taskId ?? ''} is not assigned to node ${nodeId}`);
      }
    }
    const writer = this.writer;
    if (writer === undefined || !this.running) throw fail(grpc.status.UNAVAILABLE, 'the dispatcher stopped');
    await writer.submit(reports.filter((_, i) => tasks[i] !== undefined));
  }

  /** Ends a session (and its assignment streams): without a status, normally. */
  private dropSession(s: Session, status?: GrpcError): void {
    this.forget(s, status);
    for (const [stream, call] of s.streams) {
      stream.close();
      if (!call.cancelled) call.emit('error', status ?? fail(grpc.status.NOT_FOUND, 'the session ended: open a new one'));
    }
    s.streams.clear();
    if (s.call.cancelled) return;
    if (status === undefined) s.call.end();
    else s.call.emit('error', status);
  }

  private forget(s: Session, status?: GrpcError): void {
    if (this.sessions.get(s.id) !== s) return;
    this.sessions.delete(s.id);
    if (this.sessionOfNode.get(s.nodeId) === s.id) this.sessionOfNode.delete(s.nodeId);
    this.logs.detach(s.nodeId, s.id, 'its session ended', status ?? fail(grpc.status.NOT_FOUND, 'the session ended: open a new one'));
    this.log(`dispatcher: node ${s.nodeId}: session ${s.id} closed`);
  }

  /** Deadlines and the managers list, every quarter period (at most every second). */
  private async tick(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.clock.sleep(Math.min(1000, Math.max(10, Math.floor(this.period / 4))), signal);
      } catch {
        return;
      }
      const now = this.clock.now();
      for (const [nodeId, deadline] of [...this.deadlines]) {
        if (deadline >= now) continue;
        this.deadlines.delete(nodeId);
        const sid = this.sessionOfNode.get(nodeId);
        const s = sid === undefined ? undefined : this.sessions.get(sid);
        if (s !== undefined) this.dropSession(s, fail(grpc.status.NOT_FOUND, `no heartbeat for ${HEARTBEAT_MISSES} periods: the session expired`));
        await this.markDown(nodeId, now).catch((e: unknown) => this.log(`dispatcher: node ${nodeId}: marking it down failed: ${message(e)}`));
      }
      const managers = this.deps.managers();
      const json = JSON.stringify(managers);
      if (json !== this.managersSent) {
        this.managersSent = json;
        for (const s of this.sessions.values()) s.call.write({ managers: managers.map((m) => ({ node_id: m.nodeId, addr: m.addr })) });
      }
    }
  }

  private async markDown(nodeId: string, now: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.deadlines.has(nodeId)) return; // a session opened meanwhile
      const node = await this.store.get('node', nodeId);
      if (node === undefined || node.status.state === 'down') return;
      this.log(`dispatcher: node ${nodeId}: ${node.status.state} -> down (no heartbeat for ${HEARTBEAT_MISSES} periods)`);
      node.status = { ...node.status, state: 'down', message: 'heartbeat failure', downSince: now };
      try {
        await this.store.commit([{ op: 'update', kind: 'node', object: node }]);
        return;
      } catch (e) {
        if (!isOrcError(e) || e.code !== 'ORC_CONFLICT' || attempt >= 5) throw e;
      }
    }
  }

  /** The store's changes, fanned out to the sessions; a compacted watch resends every node its complete set. */
  private async follow(signal: AbortSignal, revision: number): Promise<void> {
    let from = revision + 1;
    while (!signal.aborted) {
      try {
        for await (const e of this.store.watch(['task', 'secret', 'config', 'node', 'cluster'], from, signal)) {
          from = e.revision + 1;
          this.onEvent(e);
        }
        return;
      } catch (e) {
        if (signal.aborted) return;
        if (!isOrcError(e) || e.code !== 'ORC_CONFLICT') throw e;
        this.log(`dispatcher: the watch fell behind (${e.message}): sending every node its complete set again`);
        from = (await this.store.revision()) + 1;
        for (const s of this.sessions.values()) for (const stream of s.streams.keys()) void stream.complete();
      }
    }
  }

  private onEvent(e: StoreEvent): void {
    const deleted = e.type === 'delete';
    switch (e.kind) {
      case 'task': {
        const task = e.object as Task;
        for (const s of this.sessions.values()) for (const stream of s.streams.keys()) if (stream.concerns(task)) stream.offer(task, deleted);
        return;
      }
      case 'secret':
      case 'config':
        if (deleted) return;
        for (const s of this.sessions.values()) for (const stream of s.streams.keys()) stream.fileChanged(e.object.id);
        return;
      case 'node': {
        const node = e.object as Node;
        const sid = this.sessionOfNode.get(node.id);
        const s = sid === undefined ? undefined : this.sessions.get(sid);
        if (deleted) {
          this.deadlines.delete(node.id);
          if (s !== undefined) this.dropSession(s, fail(grpc.status.PERMISSION_DENIED, `node ${node.id} was removed from the cluster`));
          return;
        }
        if (s === undefined) return;
        const stable = stableNode(node);
        if (stable === s.nodeSent) return;
        s.nodeSent = stable;
        s.call.write({ node_json: JSON.stringify(node) });
        return;
      }
      case 'cluster': {
        const period = (e.object as { spec?: { dispatcher?: { heartbeatPeriodMs?: number } } }).spec?.dispatcher?.heartbeatPeriodMs;
        if (!deleted && this.deps.heartbeatPeriodMs === undefined && period !== undefined && period > 0) this.period = period;
        return;
      }
      default:
    }
  }
}

/**
 * The handlers of a manager that is not the leader: every call fails with
 * UNAVAILABLE and the leader's address (when known) in the `orc-leader`
 * trailer and in the message, so the worker goes there.
 */
export function followerHandlers(leader: () => string | undefined): DispatcherHandlers {
  const error = (): GrpcError => {
    const addr = leader();
    const metadata = new grpc.Metadata();
    if (addr !== undefined && addr !== '') metadata.set(LEADER_METADATA_KEY, addr);
    const details = addr !== undefined && addr !== '' ? `this manager is not the leader; ${LEADER_METADATA_KEY}: ${addr}` : 'this manager is not the leader and knows no leader yet';
    return { code: grpc.status.UNAVAILABLE, details, metadata };
  };
  return {
    Session: (call) => void call.emit('error', error()),
    Heartbeat: (_call, callback) => callback(error()),
    Assignments: (call) => void call.emit('error', error()),
    UpdateTaskStatus: (_call, callback) => callback(error()),
    Logs: (call) => void call.emit('error', error()),
    PublishLogs: (_call, callback) => callback(error()),
  };
}
