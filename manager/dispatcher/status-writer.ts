/**
 * Writes the task states workers report, coalesced: reports that arrive
 * within `delayMs` of each other go to the store together, at most
 * MAX_BATCH tasks per commit. Only forward moves are written (`acceptStatus`);
 * a report for a task that is gone, or no longer on the reporting node, is
 * dropped. `submit` resolves once its reports are written (or dropped).
 */
import type { Clock } from '../../common/clock.js';
import { isTerminal, stateRank, type Task, type TaskStatus } from '../../common/cluster/types.js';
import { isOrcError } from '../../common/errors.js';
import { MAX_BATCH, type Store, type WriteOp } from '../store/store.js';

/**
 * Whether a worker's report `next` replaces the stored `current`: a later
 * state always does, an earlier one never; within the same state (or among
 * the terminal ones, which share a rank) a terminal state is final, and an
 * older report than the stored one is stale.
 */
export function acceptStatus(current: TaskStatus, next: TaskStatus): boolean {
  const from = stateRank(current.state);
  const to = stateRank(next.state);
  if (to !== from) return to > from;
  if (isTerminal(current.state) && next.state !== current.state) return false;
  if (next.timestamp < current.timestamp) return false;
  return JSON.stringify(next) !== JSON.stringify(current);
}

export interface StatusReport {
  taskId: string;
  /** The node the report came from: the task must still be on it. */
  nodeId: string;
  status: TaskStatus;
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

export class StatusWriter {
  private pending = new Map<string, StatusReport>();
  private waiters: Waiter[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    private readonly delayMs = 50,
  ) {}

  submit(reports: readonly StatusReport[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the dispatcher stopped'));
    for (const r of reports) {
      const known = this.pending.get(r.taskId);
      if (known === undefined || acceptStatus(known.status, r.status)) this.pending.set(r.taskId, r);
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      void this.clock.sleep(this.delayMs).then(() => this.flush());
    }
    return done;
  }

  /** Refuses further reports; those not written yet fail (the worker sends them again). */
  close(): void {
    this.closed = true;
    const waiters = this.waiters;
    this.waiters = [];
    this.pending.clear();
    for (const w of waiters) w.reject(new Error('the dispatcher stopped'));
  }

  private async flush(): Promise<void> {
    const reports = [...this.pending.values()];
    const waiters = this.waiters;
    this.pending = new Map();
    this.waiters = [];
    this.scheduled = false;
    try {
      for (let i = 0; i < reports.length; i += MAX_BATCH) await this.write(reports.slice(i, i + MAX_BATCH));
      for (const w of waiters) w.resolve();
    } catch (e) {
      this.log(`dispatcher: writing ${reports.length} task states failed: ${e instanceof Error ? e.message : String(e)}`);
      for (const w of waiters) w.reject(e);
    }
  }

  /** One commit; re-read and try again when another writer moved a task meanwhile. */
  private async write(reports: readonly StatusReport[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const ops: WriteOp[] = [];
      const tasks = await Promise.all(reports.map((r) => this.store.get('task', r.taskId)));
      reports.forEach((r, i) => {
        const task: Task | undefined = tasks[i];
        if (task === undefined || task.nodeId !== r.nodeId) return;
        if (!acceptStatus(task.status, r.status)) {
          if (stateRank(r.status.state) < stateRank(task.status.state)) {
            this.log(`dispatcher: task ${r.taskId}: ignored a report of ${r.status.state} (it is ${task.status.state})`);
          }
          return;
        }
        this.log(`dispatcher: task ${r.taskId}: ${task.status.state} -> ${r.status.state}`);
        task.status = r.status;
        ops.push({ op: 'update', kind: 'task', object: task });
      });
      if (ops.length === 0) return;
      try {
        await this.store.commit(ops);
        return;
      } catch (e) {
        if (!isOrcError(e) || e.code !== 'ORC_CONFLICT' || attempt >= 5) throw e;
      }
    }
  }
}
