/**
 * The logs of this node's tasks, as the agent's session publishes them to
 * the leader: a task's container is found by Swarm's task-id label
 * (`com.docker.swarm.task.id`; the newest when a task has several), its
 * records are read from the engine (tail, follow), and the records of
 * several tasks are merged as they come, each task's in order.
 *
 * A task whose logs cannot be read (no container on this node, logging
 * disabled, the container removed meanwhile) yields one record with
 * `error` set instead of failing the others.
 */
import type { ContainerSummary, Engine, LogEntry } from '../engine/index.js';
import { SWARM_LABEL } from './executor-options.js';

export interface TaskLogOptions {
  /** Keep reading until the containers end (or the signal aborts). */
  follow: boolean;
  /** Only the last N records of each task; negative: all. */
  tail: number;
  /** Asked for by the client (the time travels with every record anyway). */
  timestamps: boolean;
}

export interface TaskLogRecord {
  taskId: string;
  stream: 'stdout' | 'stderr';
  /** The record as the container wrote it (its newline included); empty with `error`. */
  data: Buffer;
  /** When it was written, ms since the epoch (sub-ms as a fraction). */
  timestampMs: number;
  /** Set: this task's logs could not be read (and nothing else comes for it). */
  error?: string;
}

/** What the agent's session asks of the node for a log subscription. */
export type TaskLogsProvider = (taskIds: readonly string[], opts: TaskLogOptions, signal: AbortSignal) => AsyncIterable<TaskLogRecord>;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** RFC 3339 with up to nanoseconds → ms since the epoch, the sub-ms digits kept as a fraction. */
export function recordTimeMs(time: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(time);
  if (m === null) return Date.parse(time);
  const base = Date.parse(`${m[1] ?? ''}${m[3] ?? ''}`);
  return m[2] === undefined ? base : base + Number(`0.${m[2]}`) * 1000;
}

/** The container of task `taskId` on this engine: the newest carrying its label. */
export function taskContainer(engine: Pick<Engine, 'list'>, taskId: string): ContainerSummary | undefined {
  let found: ContainerSummary | undefined;
  for (const c of engine.list({ all: true })) {
    if (c.Labels[SWARM_LABEL.taskId] !== taskId) continue;
    if (found === undefined || c.Created > found.Created) found = c;
  }
  return found;
}

async function* oneTask(engine: Pick<Engine, 'list' | 'logs'>, taskId: string, opts: TaskLogOptions, signal: AbortSignal): AsyncGenerator<TaskLogRecord> {
  const failed = (error: string): TaskLogRecord => ({ taskId, stream: 'stderr', data: Buffer.alloc(0), timestampMs: Date.now(), error });
  const c = taskContainer(engine, taskId);
  if (c === undefined) {
    yield failed(`task ${taskId} has no container on this node`);
    return;
  }
  try {
    const records: AsyncGenerator<LogEntry> = engine.logs(c.Id, { follow: opts.follow, signal, ...(opts.tail >= 0 ? { tail: opts.tail } : {}) });
    for await (const e of records) {
      if (signal.aborted) return;
      yield { taskId, stream: e.stream, data: Buffer.from(e.log, 'utf8'), timestampMs: recordTimeMs(e.time) };
    }
  } catch (e) {
    if (!signal.aborted) yield failed(`task ${taskId}: ${message(e)}`);
  }
}

/**
 * The items of every source as they come (each source's in order); ends
 * when all have ended. Leaving early closes the sources.
 */
export async function* mergeAsync<T>(sources: readonly AsyncIterable<T>[]): AsyncGenerator<T> {
  const its = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ i: number; r: IteratorResult<T> }>>();
  const pull = (i: number): void => {
    const it = its[i];
    if (it === undefined) return;
    const p = it.next().then((r) => ({ i, r }));
    p.catch(() => undefined); // a source failing after the consumer left is no unhandled rejection
    pending.set(i, p);
  };
  its.forEach((_, i) => pull(i));
  try {
    while (pending.size > 0) {
      const { i, r } = await Promise.race(pending.values());
      if (r.done === true) {
        pending.delete(i);
        continue;
      }
      pull(i);
      yield r.value;
    }
  } finally {
    for (const i of pending.keys()) void its[i]?.return?.(undefined)?.catch(() => undefined);
  }
}

/** The provider over the local engine: what `AgentSession`'s `logs` option takes. */
export function engineTaskLogs(engine: Pick<Engine, 'list' | 'logs'>): TaskLogsProvider {
  return (taskIds, opts, signal) => mergeAsync([...new Set(taskIds)].map((id) => oneTask(engine, id, opts, signal)));
}
