/**
 * Task history. Per slot (per node for global services) at most
 * `taskHistoryRetentionLimit` ended tasks are kept, newest first (none for a
 * node that left the cluster, and a task there counts as ended); the limit
 * is raised to the restart policy's maxAttempts so that the attempts it
 * counts stay in the store. Tasks still wanted (a slot held after the
 * restart policy gave up, a job's completions) are never removed. Tasks of a
 * removed service get desiredState `remove` and are deleted once they ended,
 * never reached a node, or their node is down or gone.
 */
import { isTerminal, type Node, type Service, type Task } from '../../common/cluster/types.js';
import type { WriteOp } from '../store/store.js';
import { isPerNode, nodeDownOrGone, newestFirst, wantsRun } from './model.js';
import type { Plan } from './plan.js';
import { groupBySlot } from './slots.js';

export const DEFAULT_RETENTION = 5;

function removeOp(t: Task): WriteOp {
  return { op: 'remove', kind: 'task', id: t.id, version: t.version };
}

/** Removes the service's ended tasks beyond the retention limit (after this pass's other changes). */
export function reapHistory(service: Service, tasks: readonly Task[], nodes: ReadonlyMap<string, Node>, limit: number, plan: Plan): void {
  const keep = Math.max(limit, service.spec.task.restartPolicy.maxAttempts);
  // A task whose node left the cluster ends nowhere: it counts as ended.
  const ended = (t: Task): boolean => isTerminal(t.status.state) || (!wantsRun(t) && t.nodeId !== '' && !nodes.has(t.nodeId));
  for (const [k, group] of groupBySlot(tasks, isPerNode(service))) {
    // A global service's slot on a node that left keeps no history.
    const max = k.startsWith('n:') && !nodes.has(k.slice(2)) ? 0 : keep;
    const gone = group.filter((t) => ended(t) && (!wantsRun(t) || t.jobIteration !== service.jobIteration) && !plan.changed.has(t.id));
    if (gone.length <= max) continue;
    gone.sort(newestFirst);
    for (const t of gone.slice(max)) plan.add(removeOp(t));
  }
}

/** The tasks of a service that is gone. */
export function reapRemoved(tasks: readonly Task[], nodes: ReadonlyMap<string, Node>, plan: Plan): void {
  for (const t of tasks) {
    const gone = isTerminal(t.status.state) || t.nodeId === '' || nodeDownOrGone(t.nodeId, nodes);
    if (gone) plan.add(removeOp(t));
    else if (t.desiredState !== 'remove') plan.add(plan.desire(t, 'remove'));
  }
}
