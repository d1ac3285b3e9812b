/**
 * Log subscriptions over the workers' sessions (see proto/dispatcher.proto):
 * the leader writes a subscription on the node's open Logs stream, the node
 * answers with PublishLogs chunks naming it, and `subscribe` yields them to
 * whoever asked (the control API's ServiceLogs). Workers listen on no port:
 * everything travels on calls they opened.
 *
 * A subscription ends when its node sends `close` (the lines are all sent),
 * when the consumer stops (a `close` goes to the node), or fails with
 * ORC_UNAVAILABLE when the node's session or its publishing call ends first.
 * A node that publishes faster than the consumer reads is paused (its
 * PublishLogs call stops being read) until the consumer catches up.
 */
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { Clock } from '../../common/clock.js';
import { OrcError } from '../../common/errors.js';
import type { Empty } from '../../proto/generated/orc/dispatcher/v1/Empty.js';
import type { LogChunk__Output } from '../../proto/generated/orc/dispatcher/v1/LogChunk.js';
import type { LogSubscription } from '../../proto/generated/orc/dispatcher/v1/LogSubscription.js';
import type { LogsRequest__Output } from '../../proto/generated/orc/dispatcher/v1/LogsRequest.js';

export interface LogSubscriptionOptions {
  /** The node's tasks whose logs are wanted. */
  taskIds: string[];
  /** Keep sending new lines until the containers end or the consumer stops. */
  follow: boolean;
  /** The last N lines of each task; -1 (or absent): all. */
  tail?: number;
  timestamps?: boolean;
}

/** One line a node published, or (with `error` set and no data) a task whose logs it could not read. */
export interface NodeLogChunk {
  /** '' for an error about the whole subscription. */
  taskId: string;
  stream: 'stdout' | 'stderr';
  data: Buffer;
  /** When the container wrote it (ms since the epoch). */
  timestampMs: number;
  error: string;
}

export type LogsCall = grpc.ServerWritableStream<LogsRequest__Output, LogSubscription>;
export type PublishCall = grpc.ServerReadableStream<LogChunk__Output, Empty>;

/** Chunks held for a slow consumer before the node's publishing call is paused, and resumed again. */
const HIGH_WATER = 1024;
const LOW_WATER = 256;

interface LogStream {
  sessionId: string;
  call: LogsCall;
}

interface Subscription {
  id: string;
  nodeId: string;
  sessionId: string;
  queue: NodeLogChunk[];
  /** The node sent its last chunk, or the consumer left. */
  ended: boolean;
  failure: OrcError | undefined;
  wake: (() => void) | undefined;
  /** The call that publishes it (once the first chunk came), paused while the queue is full. */
  publisher: PublishCall | undefined;
  paused: boolean;
}

/** ORC_UNAVAILABLE: a node cannot serve logs now (`reason` says why, for a message that names the node its own way). */
export class NodeUnreachableError extends OrcError {
  constructor(readonly nodeId: string, readonly reason: string) {
    super('ORC_UNAVAILABLE', `node ${nodeId} is not reachable: ${reason}`);
  }
}

export function unreachable(nodeId: string, reason: string): NodeUnreachableError {
  return new NodeUnreachableError(nodeId, reason);
}

export class LogBroker {
  /** Per node: its open Logs stream. */
  private readonly streams = new Map<string, LogStream>();
  private readonly subs = new Map<string, Subscription>();
  /** Subscribers waiting for a node's Logs stream to open. */
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(private readonly clock: Clock, private readonly log: (line: string) => void) {}

  /** Open subscriptions (for tests and traces). */
  size(): number {
    return this.subs.size;
  }

  /** A node's Logs stream opened (within session `sessionId`): it replaces an older one. */
  attach(nodeId: string, sessionId: string, call: LogsCall): void {
    const old = this.streams.get(nodeId);
    if (old !== undefined && old.call !== call) this.detach(nodeId, old.sessionId, 'its logs stream was replaced', { code: grpc.status.NOT_FOUND, details: 'a newer logs stream of this node replaced this one' });
    this.streams.set(nodeId, { sessionId, call });
    call.on('cancelled', () => {
      if (this.streams.get(nodeId)?.call === call) this.detach(nodeId, sessionId, 'it closed its logs stream');
    });
    this.log(`dispatcher: node ${nodeId}: logs stream open (session ${sessionId})`);
    for (const w of this.waiting.get(nodeId) ?? []) w();
    this.waiting.delete(nodeId);
  }

  /**
   * The node's session `sessionId` ended (or its Logs stream did): its
   * subscriptions fail, its Logs stream ends with `status` (when given and
   * still open).
   */
  detach(nodeId: string, sessionId: string, reason: string, status?: { code: grpc.status; details: string; metadata?: grpc.Metadata }): void {
    const s = this.streams.get(nodeId);
    if (s !== undefined && s.sessionId === sessionId) {
      this.streams.delete(nodeId);
      if (status !== undefined && !s.call.cancelled) s.call.emit('error', status);
    }
    for (const sub of this.subs.values()) {
      if (sub.nodeId !== nodeId || sub.sessionId !== sessionId || sub.ended) continue;
      this.fail(sub, unreachable(nodeId, reason));
    }
  }

  /**
   * What node `nodeId` publishes for a new subscription; waits up to
   * `waitMs` for its Logs stream when it has a session but has not opened
   * the stream yet. Throws ORC_UNAVAILABLE when it cannot be reached or the
   * session ends meanwhile; stopping (the signal, or leaving the loop) sends
   * the node `close`.
   */
  async *subscribe(nodeId: string, opts: LogSubscriptionOptions, signal: AbortSignal, waitMs: number): AsyncGenerator<NodeLogChunk> {
    if (signal.aborted) return;
    const stream = this.streams.get(nodeId) ?? (await this.waitForStream(nodeId, waitMs, signal));
    if (signal.aborted) return;
    if (stream === undefined) throw unreachable(nodeId, `it opened no logs stream within ${waitMs} ms`);
    const sub: Subscription = {
      id: randomBytes(16).toString('hex'), nodeId, sessionId: stream.sessionId, queue: [], ended: false,
      failure: undefined, wake: undefined, publisher: undefined, paused: false,
    };
    this.subs.set(sub.id, sub);
    const onAbort = (): void => this.wake(sub);
    signal.addEventListener('abort', onAbort, { once: true });
    let closedByNode = false;
    try {
      stream.call.write({
        subscription_id: sub.id, task_ids: opts.taskIds, follow: opts.follow, tail: opts.tail ?? -1,
        timestamps: opts.timestamps === true, close: false,
      });
      this.log(`dispatcher: node ${nodeId}: logs subscription ${sub.id} (${opts.taskIds.length} tasks${opts.follow ? ', follow' : ''})`);
      for (;;) {
        const next = sub.queue.shift();
        if (next !== undefined) {
          if (sub.paused && sub.queue.length <= LOW_WATER) {
            sub.paused = false;
            sub.publisher?.resume();
          }
          yield next;
          continue;
        }
        if (signal.aborted) return;
        if (sub.failure !== undefined) throw sub.failure;
        if (sub.ended) {
          closedByNode = true;
          return;
        }
        await new Promise<void>((resolve) => {
          sub.wake = resolve;
        });
        sub.wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.subs.delete(sub.id);
      if (sub.paused) sub.publisher?.resume();
      const current = this.streams.get(nodeId);
      if (!closedByNode && sub.failure === undefined && current !== undefined && current.sessionId === sub.sessionId && !current.call.cancelled) {
        current.call.write({ subscription_id: sub.id, close: true });
        this.log(`dispatcher: node ${nodeId}: logs subscription ${sub.id} closed by its consumer`);
      }
    }
  }

  /**
   * A PublishLogs call of node `nodeId`; `sessionOk(id)` says whether a
   * chunk's session id is an open session of that node. Answers once the
   * call ends; subscriptions it published and did not close end with it
   * (normally at its end, failing when it breaks).
   */
  publish(nodeId: string, sessionOk: (sessionId: string) => boolean, call: PublishCall, callback: grpc.sendUnaryData<Empty>): void {
    const mine = new Set<Subscription>();
    let done = false;
    const finish = (err: { code: grpc.status; details: string } | null): void => {
      if (done) return;
      done = true;
      for (const sub of mine) {
        if (sub.ended) continue;
        if (err === null) this.end(sub);
        else this.fail(sub, unreachable(nodeId, `its logs stopped: ${err.details}`));
      }
      if (err === null) callback(null, {});
      else callback(err);
    };
    call.on('data', (c: LogChunk__Output) => {
      if (done) return;
      if (!sessionOk(c.session_id)) {
        finish({ code: grpc.status.NOT_FOUND, details: `session ${c.session_id || '""'} is not open on this leader` });
        call.destroy();
        return;
      }
      const sub = this.subs.get(c.subscription_id);
      if (sub === undefined) return; // closed by its consumer meanwhile: late lines are dropped
      if (sub.nodeId !== nodeId) {
        finish({ code: grpc.status.PERMISSION_DENIED, details: `log subscription ${c.subscription_id} is not node ${nodeId}'s` });
        call.destroy();
        return;
      }
      if (sub.ended) return;
      mine.add(sub);
      sub.publisher = call;
      if (c.close) {
        if (c.error !== '') sub.queue.push({ taskId: c.task_id, stream: 'stderr', data: Buffer.alloc(0), timestampMs: c.timestamp_ms, error: c.error });
        this.end(sub);
        return;
      }
      sub.queue.push({
        taskId: c.task_id, stream: c.stream === 'stderr' ? 'stderr' : 'stdout', data: c.data, timestampMs: c.timestamp_ms, error: c.error,
      });
      if (!sub.paused && sub.queue.length >= HIGH_WATER) {
        sub.paused = true;
        call.pause();
      }
      this.wake(sub);
    });
    call.on('end', () => finish(null));
    call.on('error', (e: Error) => finish({ code: grpc.status.CANCELLED, details: e.message }));
    call.on('cancelled', () => finish({ code: grpc.status.CANCELLED, details: 'the node cancelled its publishing call' }));
  }

  private end(sub: Subscription): void {
    sub.ended = true;
    this.wake(sub);
  }

  private fail(sub: Subscription, e: OrcError): void {
    sub.failure ??= e;
    sub.ended = true;
    this.wake(sub);
  }

  private wake(sub: Subscription): void {
    const w = sub.wake;
    sub.wake = undefined;
    w?.();
  }

  private async waitForStream(nodeId: string, waitMs: number, signal: AbortSignal): Promise<LogStream | undefined> {
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let waiter: (() => void) | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          waiter = resolve;
          const set = this.waiting.get(nodeId) ?? new Set();
          set.add(resolve);
          this.waiting.set(nodeId, set);
        }),
        this.clock.sleep(waitMs, stop.signal).catch(() => undefined),
      ]);
    } finally {
      stop.abort();
      signal.removeEventListener('abort', onAbort);
      const set = this.waiting.get(nodeId);
      if (waiter !== undefined) set?.delete(waiter);
      if (set?.size === 0) this.waiting.delete(nodeId);
    }
    return this.streams.get(nodeId);
  }
}
