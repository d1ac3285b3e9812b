/**
 * What one pass over a service decided: the writes (in units that must be
 * committed together), an update of the service itself, the times it wants
 * to be looked at again, and log lines. Deciding is pure; the orchestrator
 * commits.
 */
import type { Node, Service, Task, TaskState } from '../../common/cluster/types.js';
import type { WriteOp } from '../store/store.js';
import { OrcError } from '../../common/errors.js';
import { newTask } from './task-factory.js';

/** What a pass knows besides the service and its tasks. */
export interface Ctx {
  now: number;
  nodes: ReadonlyMap<string, Node>;
  newId: () => string;
}

export class Plan {
  /** Each unit is committed whole (an old task's shutdown with its replacement's creation). */
  readonly units: WriteOp[][] = [];
  /** The service as it should be written (update status, rollback), committed with the first units. */
  service: Service | undefined;
  readonly wakeAt: number[] = [];
  readonly logs: string[] = [];
  /** Ids of the tasks this pass writes (created or changed). */
  readonly changed = new Set<string>();

  constructor(private readonly ctx: Ctx) {}

  /** Sets the task's desiredState (in place) and returns the op; each task is written at most once per pass. */
  desire(t: Task, state: TaskState): WriteOp {
    if (this.changed.has(t.id)) throw new OrcError('ORC_INTERNAL', `task ${t.id} written twice in one pass`);
    this.changed.add(t.id);
    t.desiredState = state;
    return { op: 'update', kind: 'task', object: t };
  }

  create(service: Service, where: { slot?: number; nodeId?: string }): { task: Task; op: WriteOp } {
    const task = newTask(service, { ...where, now: this.ctx.now, id: this.ctx.newId() });
    this.changed.add(task.id);
    return { task, op: { op: 'create', kind: 'task', object: task } };
  }

  add(...ops: WriteOp[]): void {
    if (ops.length > 0) this.units.push(ops);
  }

  wake(at: number): void {
    if (at > this.ctx.now) this.wakeAt.push(at);
  }

  log(line: string): void {
    this.logs.push(line);
  }

  /** Nothing to write. */
  get empty(): boolean {
    return this.units.length === 0 && this.service === undefined;
  }
}

/** A readable name for a task in logs and messages: `web.2 (id)` or `web.<node> (id)`. */
export function taskName(t: Task): string {
  return `${t.serviceName}.${t.slot > 0 ? String(t.slot) : t.nodeId} (${t.id})`;
}
