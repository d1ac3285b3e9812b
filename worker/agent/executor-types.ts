/**
 * What the agent's session needs of whatever runs the tasks on this node
 * (the engine, or a fake in tests). The session calls `apply` with the
 * node's assigned tasks and forwards the statuses the executor reports.
 */
import type { Task, TaskStatus } from '../../common/cluster/types.js';

export interface ApplyOptions {
  /** True: `tasks` is every task of the node; containers of tasks not in it are orphans and are removed. */
  complete: boolean;
  /** Secret and config id → data, for every file the tasks reference (plaintext: keep it off disk where possible). */
  files: Map<string, Buffer>;
}

export interface TaskExecutor {
  /** Brings the node's containers in line with the assigned tasks: runs tasks with desiredState running/complete that are not running yet, stops tasks whose desiredState is past running; when `complete` is true, containers of tasks not in the list are orphans and are removed. */
  apply(tasks: Task[], opts: ApplyOptions): Promise<void>;
  /** Status transitions the executor observed, forward only. */
  onStatus(listener: (taskId: string, status: TaskStatus) => void): void;
  /** Current statuses of all tasks it knows (resent after a reconnect). */
  statuses(): Map<string, TaskStatus>;
}
