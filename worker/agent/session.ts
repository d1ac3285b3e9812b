/**
 * The worker's end of its session with the leader manager (see
 * proto/dispatcher.proto): opens a session with one manager after the other
 * until one answers, heartbeats at the period it is told, hands the
 * executor its tasks (a complete set, then merged increments), and reports
 * the executor's task states in coalesced batches.
 *
 * Any failure (a stream ending or failing, a refused heartbeat) ends the
 * session: after a short back-off the agent tries the leader a refusing
 * manager named (`orc-leader`), else the next manager of the latest list.
 * Losing the session never stops a container: the executor is only called
 * with what a manager sent. After a reconnect every state the executor knows
 * is reported again, once the new complete set has arrived.
 *
 * Logs go over the session too: the agent opens the leader's Logs stream
 * and, for each subscription it receives, reads the tasks' logs through the
 * `logs` provider and publishes them with PublishLogs, until they are all
 * sent (not following), the leader closes the subscription, or the session
 * ends.
 */
import { LEADER_METADATA_KEY } from '../../proto/wire.js';
import * as grpc from '@grpc/grpc-js';
import { systemClock, type Clock } from '../../common/clock.js';
import { stateRank, type Node, type NodeDescription, type Task, type TaskStatus } from '../../common/cluster/types.js';
import { DISPATCHER_PROTO, DISPATCHER_SERVICE } from '../../proto/loader-options.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import type { DispatcherClient } from '../../proto/generated/orc/dispatcher/v1/Dispatcher.js';
import type { AssignmentsMessage__Output } from '../../proto/generated/orc/dispatcher/v1/AssignmentsMessage.js';
import type { SessionMessage__Output } from '../../proto/generated/orc/dispatcher/v1/SessionMessage.js';
import type { LogChunk } from '../../proto/generated/orc/dispatcher/v1/LogChunk.js';
import type { LogSubscription__Output } from '../../proto/generated/orc/dispatcher/v1/LogSubscription.js';
import type { TaskExecutor } from './executor-types.js';
import type { TaskLogsProvider } from './logs.js';

export { LEADER_METADATA_KEY };

export interface AgentSessionOptions {
  /** Managers' dispatcher addresses (host:port), tried in order. */
  managers: string[];
  credentials: grpc.ChannelCredentials;
  channelOptions?: grpc.ChannelOptions;
  description: NodeDescription;
  executor: TaskExecutor;
  clock?: Clock;
  log?: (line: string) => void;
  /** [0, 1): back-off jitter. */
  random?: () => number;
  /** Metadata added to every call (the identity travels in the certificate; tests without TLS put it here). */
  metadata?: Record<string, string>;
  /** Back-off between attempts: from `min` doubling up to `max` (default 100 ms … 5 s). */
  backoffMs?: { min: number; max: number };
  /** How long to wait for a manager's first session message (default 10 s). */
  connectTimeoutMs?: number;
  /** How long task states are coalesced before being sent (default 50 ms). */
  batchDelayMs?: number;
  /** The logs of the node's tasks (`engineTaskLogs(engine)`); without it every log subscription is answered with an error. */
  logs?: TaskLogsProvider;
}

export type AgentSessionEvent =
  | { type: 'connected'; addr: string; sessionId: string }
  | { type: 'disconnected'; addr: string; error: string }
  | { type: 'assignments'; kind: 'complete' | 'incremental'; tasks: number }
  | { type: 'statuses-sent'; count: number }
  | { type: 'logs-subscription'; subscriptionId: string; taskIds: string[]; follow: boolean }
  | { type: 'logs-done'; subscriptionId: string; chunks: number; error: string };

interface Attempt {
  error: unknown;
  connected: boolean;
}

let clientConstructor: grpc.ServiceClientConstructor | undefined;
function dispatcherClient(addr: string, credentials: grpc.ChannelCredentials, options: grpc.ChannelOptions): DispatcherClient {
  clientConstructor ??= grpc.makeClientConstructor(serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE), DISPATCHER_SERVICE);
  return new clientConstructor(addr, credentials, options) as unknown as DispatcherClient;
}

/** Whether `a` is a later observation than `b` (a later state, or the same state seen later). */
function later(a: TaskStatus, b: TaskStatus): boolean {
  const ra = stateRank(a.state);
  const rb = stateRank(b.state);
  return ra !== rb ? ra > rb : a.timestamp > b.timestamp;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The leader a refusing manager named, from its trailer or its message. */
export function leaderHint(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as Partial<grpc.ServiceError>;
  const fromTrailer = err.metadata?.get(LEADER_METADATA_KEY)[0];
  if (typeof fromTrailer === 'string' && fromTrailer !== '') return fromTrailer;
  const m = /orc-leader: (\S+)/.exec(err.details ?? err.message ?? '');
  return m?.[1];
}

export class AgentSession {
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly random: () => number;
  private readonly listeners = new Set<(e: AgentSessionEvent) => void>();
  private addrs: string[];
  private current: string | undefined;
  private preferred: string | undefined;
  private session: { id: string; client: DispatcherClient; synced: boolean } | undefined;
  private lastSessionId = '';
  private node: Node | undefined;
  /** The node's tasks as the leader sent them, and the files they reference. */
  private tasks = new Map<string, Task>();
  private files = new Map<string, Buffer>();
  private applying: Promise<void> = Promise.resolve();
  /** States not sent yet. */
  private pending = new Map<string, TaskStatus>();
  private flushScheduled = false;
  private sending = false;

  constructor(private readonly opts: AgentSessionOptions) {
    if (opts.managers.length === 0) throw new Error('AgentSession: no manager address');
    this.clock = opts.clock ?? systemClock;
    const trace = /\bagent\b/.test(process.env['ORC_TRACE'] ?? '');
    this.log = opts.log ?? (trace ? (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) : () => {});
    this.random = opts.random ?? Math.random;
    this.addrs = [...opts.managers];
    opts.executor.onStatus((taskId, status) => {
      this.keep(taskId, status);
      this.scheduleFlush(this.opts.batchDelayMs ?? 50);
    });
  }

  /** Whether a session is open now. */
  connected(): boolean {
    return this.session !== undefined;
  }

  /** The manager of the open session (or of the last one). */
  manager(): string | undefined {
    return this.current;
  }

  /** The managers the agent knows, in the order it tries them. */
  managers(): string[] {
    return [...this.addrs];
  }

  /** The node object as the leader last sent it. */
  nodeObject(): Node | undefined {
    return this.node;
  }

  /** Session events; returns the unsubscriber. */
  on(listener: (e: AgentSessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: AgentSessionEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Keeps a session open (failing over between managers) until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = this.opts.backoffMs ?? { min: 100, max: 5000 };
    let failures = 0;
    while (!signal.aborted) {
      const addr = this.nextAddress();
      const attempt = await this.attempt(addr, signal);
      if (signal.aborted) break;
      const hint = leaderHint(attempt.error);
      this.preferred = hint !== undefined && hint !== addr ? hint : undefined;
      failures = attempt.connected ? 0 : failures + 1;
      this.log(`agent: session with ${addr} ${attempt.connected ? 'ended' : 'failed'}: ${message(attempt.error)}${this.preferred !== undefined ? ` (leader: ${this.preferred})` : ''}`);
      const delay = Math.min(backoff.max, backoff.min * 2 ** Math.min(failures, 16)) * (0.5 + this.random() / 2);
      try {
        await this.clock.sleep(failures === 0 ? backoff.min * this.random() : delay, signal);
      } catch {
        break;
      }
    }
  }

  /** The leader a manager named, else the manager after the one that failed. */
  private nextAddress(): string {
    if (this.preferred !== undefined) {
      const p = this.preferred;
      this.preferred = undefined;
      return p;
    }
    if (this.current === undefined) return this.addrs[0] as string;
    const i = this.addrs.indexOf(this.current);
    return this.addrs[(i + 1) % this.addrs.length] as string;
  }

  private async attempt(addr: string, signal: AbortSignal): Promise<Attempt> {
    this.current = addr;
    const client = dispatcherClient(addr, this.opts.credentials, this.opts.channelOptions ?? {});
    const calls: grpc.Call[] = [];
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let connected = false;
    try {
      const ended = new Promise<unknown>((resolve) => stop.signal.addEventListener('abort', () => resolve(new Error('stopped')), { once: true }));
      const sessionCall = client.Session(
        { node_id: '', description_json: JSON.stringify(this.opts.description), session_id_hint: this.lastSessionId },
        this.metadata(),
      );
      calls.push(sessionCall);
      // One listener for the whole stream: the first message opens the session, later ones update it.
      let opened: ((m: SessionMessage__Output) => void) | undefined;
      const sessionEnded = new Promise<unknown>((resolve) => {
        sessionCall.on('data', (m: SessionMessage__Output) => (opened !== undefined ? opened(m) : this.onSessionMessage(m)));
        sessionCall.on('error', resolve);
        sessionCall.on('end', () => resolve(new Error('the manager ended the session')));
      });
      const timeoutMs = this.opts.connectTimeoutMs ?? 10_000;
      const timer = new AbortController();
      const first = await Promise.race([
        new Promise<SessionMessage__Output>((resolve) => {
          opened = (m) => {
            opened = undefined;
            resolve(m);
          };
        }),
        sessionEnded.then((e) => Promise.reject(e instanceof Error ? e : new Error(message(e)))),
        ended.then((e) => Promise.reject(e instanceof Error ? e : new Error(message(e)))),
        this.clock.sleep(timeoutMs, timer.signal).then(
          () => Promise.reject(new Error(`no answer from ${addr} within ${timeoutMs} ms`)),
          () => Promise.reject(new Error('stopped')),
        ),
      ]).finally(() => timer.abort());
      this.onSessionMessage(first);
      const sessionId = first.session_id;
      if (sessionId === '') throw new Error('the manager opened a session without an id');
      this.lastSessionId = sessionId;
      this.session = { id: sessionId, client, synced: false };
      connected = true;
      this.log(`agent: session ${sessionId} open with ${addr}`);
      this.emit({ type: 'connected', addr, sessionId });

      const failures: Promise<unknown>[] = [ended, sessionEnded];
      const assignments = client.Assignments({ session_id: sessionId }, this.metadata());
      calls.push(assignments);
      failures.push(new Promise<unknown>((resolve) => {
        assignments.on('data', (m: AssignmentsMessage__Output) => this.onAssignments(m, sessionId));
        assignments.on('error', resolve);
        assignments.on('end', () => resolve(new Error('the manager ended the assignments stream')));
      }));
      failures.push(this.heartbeat(client, sessionId, first.heartbeat_period_ms, stop.signal));
      const logs = client.Logs({ session_id: sessionId }, this.metadata());
      calls.push(logs);
      const subscriptions = new Map<string, AbortController>();
      stop.signal.addEventListener('abort', () => {
        for (const ac of subscriptions.values()) ac.abort();
      }, { once: true });
      failures.push(new Promise<unknown>((resolve) => {
        logs.on('data', (m: LogSubscription__Output) => this.onLogSubscription(m, client, sessionId, subscriptions, stop.signal));
        logs.on('error', (e: Partial<grpc.ServiceError>) => {
          // A manager without Logs: the session goes on without them.
          if (e.code === grpc.status.UNIMPLEMENTED) this.log(`agent: ${addr} serves no log subscriptions`);
          else resolve(e);
        });
        logs.on('end', () => resolve(new Error('the manager ended the logs stream')));
      }));
      return { error: await Promise.race(failures), connected };
    } catch (e) {
      return { error: e, connected };
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      this.session = undefined;
      for (const c of calls) c.cancel();
      client.close();
      if (connected) this.emit({ type: 'disconnected', addr, error: signal.aborted ? 'stopped' : 'session lost' });
    }
  }

  private metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(this.opts.metadata ?? {})) md.set(k, v);
    return md;
  }

  private onSessionMessage(m: SessionMessage__Output): void {
    if (m.managers.length > 0) {
      const addrs = m.managers.map((x) => x.addr).filter((a) => a !== '');
      if (addrs.length > 0) this.addrs = addrs;
    }
    if (m.node_json !== '') {
      try {
        this.node = JSON.parse(m.node_json) as Node;
      } catch {
        this.log('agent: the manager sent a node object that is not JSON');
      }
    }
  }

  /** Resolves with the error that ends the session. */
  private async heartbeat(client: DispatcherClient, sessionId: string, periodMs: number, signal: AbortSignal): Promise<unknown> {
    let period = periodMs > 0 ? periodMs : 5000;
    for (;;) {
      try {
        await this.clock.sleep(period, signal);
      } catch {
        return new Error('stopped');
      }
      try {
        const res = await new Promise<{ period_ms: number }>((resolve, reject) => {
          client.Heartbeat({ session_id: sessionId }, this.metadata(), { deadline: new Date(Date.now() + Math.max(period, 1000)) }, (err, value) => {
            if (err !== null || value === undefined) reject(err ?? new Error('empty heartbeat answer'));
            else resolve(value);
          });
        });
        if (res.period_ms > 0) period = res.period_ms;
      } catch (e) {
        return e;
      }
    }
  }

  private onLogSubscription(m: LogSubscription__Output, client: DispatcherClient, sessionId: string, subscriptions: Map<string, AbortController>, session: AbortSignal): void {
    const id = m.subscription_id;
    if (m.close) {
      subscriptions.get(id)?.abort();
      subscriptions.delete(id);
      return;
    }
    if (id === '' || subscriptions.has(id) || session.aborted) return;
    const ac = new AbortController();
    subscriptions.set(id, ac);
    this.emit({ type: 'logs-subscription', subscriptionId: id, taskIds: [...m.task_ids], follow: m.follow });
    void this.publishLogs(m, client, sessionId, ac.signal, session).finally(() => {
      if (subscriptions.get(id) === ac) subscriptions.delete(id);
    });
  }

  /** One subscription's lines, then its closing chunk; `signal`: the leader closed it (or the session ended). */
  private async publishLogs(m: LogSubscription__Output, client: DispatcherClient, sessionId: string, signal: AbortSignal, session: AbortSignal): Promise<void> {
    const id = m.subscription_id;
    let broken: Error | undefined;
    const call = client.PublishLogs(this.metadata(), (err) => {
      if (err !== null) broken = err;
    });
    call.on('error', (e: Error) => {
      broken ??= e;
    });
    const base = { session_id: sessionId, subscription_id: id };
    /** Writes one chunk; waits while the call's buffer is full. */
    const write = async (chunk: LogChunk): Promise<void> => {
      if (call.write(chunk) || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          call.off('drain', done);
          call.off('error', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        call.on('drain', done);
        call.on('error', done);
        signal.addEventListener('abort', done, { once: true });
      });
    };
    let error = '';
    let chunks = 0;
    try {
      if (this.opts.logs === undefined) error = 'this node does not serve logs';
      else {
        for await (const r of this.opts.logs(m.task_ids, { follow: m.follow, tail: m.tail, timestamps: m.timestamps }, signal)) {
          if (signal.aborted || broken !== undefined) break;
          await write({ ...base, task_id: r.taskId, stream: r.stream, data: r.data, timestamp_ms: r.timestampMs, close: false, error: r.error ?? '' });
          chunks += 1;
        }
      }
    } catch (e) {
      if (!signal.aborted) error = message(e);
    }
    if (session.aborted || broken !== undefined) {
      call.cancel();
    } else {
      if (!signal.aborted) call.write({ ...base, close: true, error });
      call.end();
    }
    if (broken !== undefined) this.log(`agent: publishing the logs of subscription ${id} failed: ${message(broken)}`);
    this.emit({ type: 'logs-done', subscriptionId: id, chunks, error: error !== '' ? error : broken !== undefined ? message(broken) : '' });
  }

  private onAssignments(m: AssignmentsMessage__Output, sessionId: string): void {
    const complete = m.type === 'complete';
    if (complete) {
      this.tasks = new Map();
      this.files = new Map();
    }
    for (const json of m.applies) {
      try {
        const t = JSON.parse(json) as Task;
        this.tasks.set(t.id, t);
      } catch {
        this.log('agent: the manager sent a task that is not JSON');
      }
    }
    for (const id of m.removes) this.tasks.delete(id);
    for (const f of [...m.secrets, ...m.configs]) this.files.set(f.id, Buffer.from(f.data));
    for (const id of m.removes_files) this.files.delete(id);
    const tasks = [...this.tasks.values()];
    const files = new Map(this.files);
    this.emit({ type: 'assignments', kind: complete ? 'complete' : 'incremental', tasks: tasks.length });
    this.applying = this.applying
      // after the session's first complete set, the merged set is complete too: a task dropped from it is an orphan
      .then(() => this.opts.executor.apply(tasks, { complete: true, files }))
      .catch((e: unknown) => this.log(`agent: applying ${tasks.length} tasks failed: ${message(e)}`));
    if (complete && this.session?.id === sessionId && !this.session.synced) {
      // A new session: report every state the executor knows about the node's tasks.
      this.session.synced = true;
      for (const [id, status] of this.opts.executor.statuses()) this.keep(id, status);
      this.scheduleFlush(0);
    }
  }

  /** Keeps a state to send unless a later one of that task is waiting already. */
  private keep(taskId: string, status: TaskStatus): void {
    const waiting = this.pending.get(taskId);
    if (waiting === undefined || !later(waiting, status)) this.pending.set(taskId, status);
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    void this.clock.sleep(delayMs).then(async () => {
      this.flushScheduled = false;
      await this.flush();
    });
  }

  /** Sends the pending states of the node's tasks; on failure they wait for the next try (or the next session). */
  private async flush(): Promise<void> {
    const session = this.session;
    if (session === undefined || !session.synced || this.sending || this.pending.size === 0) return;
    const batch = new Map<string, TaskStatus>();
    for (const [id, status] of this.pending) {
      // States of tasks the leader no longer gives this node are of no use to it.
      if (this.tasks.has(id)) batch.set(id, status);
      this.pending.delete(id);
    }
    if (batch.size === 0) return;
    this.sending = true;
    try {
      await new Promise<void>((resolve, reject) => {
        const updates = [...batch].map(([task_id, status]) => ({ task_id, status_json: JSON.stringify(status) }));
        session.client.UpdateTaskStatus({ session_id: session.id, updates }, this.metadata(), { deadline: new Date(Date.now() + 10_000) }, (err) => (err === null ? resolve() : reject(err)));
      });
      this.emit({ type: 'statuses-sent', count: batch.size });
    } catch (e) {
      if ((e as Partial<grpc.ServiceError>).code === grpc.status.PERMISSION_DENIED) {
        this.log(`agent: the manager refused ${batch.size} task states: ${message(e)}`);
      } else {
        for (const [id, status] of batch) this.keep(id, status);
        if (this.session === session) this.scheduleFlush(500);
      }
    } finally {
      this.sending = false;
    }
    if (this.pending.size > 0 && this.session === session) this.scheduleFlush(this.opts.batchDelayMs ?? 50);
  }
}
