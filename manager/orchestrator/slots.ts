/**
 * Long-running services, replicated and global, as slots: a replicated
 * service wants slots 1..replicas, a global one a slot per eligible node.
 * For each slot the pass keeps exactly one runnable task:
 *
 * - a task on a node that is gone, down or drained (replicated) or that is
 *   gone, drained or no longer fits (global) is shut down; a replicated one
 *   is replaced in the same commit;
 * - a task that ended while still wanted is restarted per restart policy
 *   (the old one shut down in the same commit as its replacement's
 *   creation), waits for its delay, or holds the slot when the policy gave
 *   up (until a new spec gives the slot another chance);
 * - an empty slot gets a task once the slot's stopping tasks have stopped
 *   (stop-first updates);
 * - extra runnable tasks are shut down (scale-down: the slots above
 *   replicas), except a start-first pair whose new task is not up yet.
 */
import type { Service, Task } from '../../common/cluster/types.js';
import type { WriteOp } from '../store/store.js';
import { nodeVerdict, eligibleNodes } from './global.js';
import {
  failureReason, isCurrent, isEndedWanted, isPerNode, jobLimits, modeOf, isRunnable, isStopped, isUp, newestFirst, nodeDownOrGone,
  replicasOf, restartPolicyOf, wantsRun,
} from './model.js';
import { taskName, type Ctx, type Plan } from './plan.js';
import { restartVerdict } from './restart.js';

export interface Where {
  slot?: number;
  nodeId?: string;
}

/** The slots of a service after a pass: what the rolling updater works on. */
export interface SlotView {
  /** The wanted slots, in order (slot number, node id). */
  keys: string[];
  where: Map<string, Where>;
  /** Every task of the service by slot, with this pass's changes applied. */
  groups: Map<string, Task[]>;
}

export function slotKey(t: Task, perNode: boolean): string {
  return perNode ? `n:${t.nodeId}` : `s:${t.slot}`;
}

export function wantedSlots(service: Service, ctx: Ctx): { keys: string[]; where: Map<string, Where> } {
  const where = new Map<string, Where>();
  if (isPerNode(service)) {
    for (const id of eligibleNodes(service, ctx.nodes)) where.set(`n:${id}`, { nodeId: id });
  } else {
    const n = modeOf(service) === 'replicated-job' ? jobLimits(service).totalCompletions : replicasOf(service);
    for (let i = 1; i <= n; i++) where.set(`s:${i}`, { slot: i });
  }
  return { keys: [...where.keys()], where };
}

export function groupBySlot(tasks: readonly Task[], perNode: boolean): Map<string, Task[]> {
  const groups = new Map<string, Task[]>();
  for (const t of tasks) {
    const k = slotKey(t, perNode);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [t]);
    else g.push(t);
  }
  return groups;
}

/** Order for keeping one of several runnable tasks: current spec, up, further along, newest. */
function keepOrder(service: Service): (a: Task, b: Task) => number {
  const score = (t: Task): number => (isCurrent(t, service) ? 4 : 0) + (isUp(t) ? 2 : 0);
  return (a, b) => score(b) - score(a) || newestFirst(a, b);
}

export function reconcileSlots(service: Service, tasks: Task[], ctx: Ctx, plan: Plan, mayCreate: boolean): SlotView {
  const perNode = isPerNode(service);
  const policy = restartPolicyOf(service);
  const { keys, where } = wantedSlots(service, ctx);
  const groups = groupBySlot(tasks, perNode);
  for (const k of keys) if (!groups.has(k)) groups.set(k, []);

  const create = (group: Task[], k: string): WriteOp | undefined => {
    const w = where.get(k);
    if (w === undefined) return undefined;
    const { task, op } = plan.create(service, w);
    group.push(task);
    return op;
  };

  for (const [k, group] of groups) {
    const wanted = where.has(k);
    const nodeId = k.startsWith('n:') ? k.slice(2) : '';
    const verdict = perNode ? nodeVerdict(ctx.nodes.get(nodeId), service) : 'run';

    // Tasks on nodes that are gone, down or drained.
    for (const t of group.filter(isRunnable)) {
      if (perNode) {
        if (verdict === 'stop') {
          plan.add(plan.desire(t, 'shutdown'));
          plan.log(`${taskName(t)}: its node is gone, drained or no longer fits: shut down`);
        }
        continue;
      }
      const node = t.nodeId === '' ? undefined : ctx.nodes.get(t.nodeId);
      const lost = t.nodeId !== '' && (nodeDownOrGone(t.nodeId, ctx.nodes) || node?.spec.availability === 'drain');
      if (!lost) continue;
      const unit = [plan.desire(t, 'shutdown')];
      const others = group.some((o) => o !== t && isRunnable(o));
      const op = wanted && !others && mayCreate ? create(group, k) : undefined;
      if (op !== undefined) unit.push(op);
      plan.add(...unit);
      plan.log(`${taskName(t)}: node ${t.nodeId} is ${node === undefined ? 'gone' : node.status.state === 'down' ? 'down' : 'drained'}: shut down${op !== undefined ? ' and replaced' : ''}`);
    }

    // Tasks that ended while still wanted.
    const ended = group.filter(isEndedWanted).sort(newestFirst);
    for (const t of ended) {
      const occupied = group.some(isRunnable);
      if (!wanted || occupied || t !== ended[0]) {
        if (perNode && verdict === 'keep' && !occupied && t === ended[0]) continue;
        plan.add(plan.desire(t, 'shutdown'));
        continue;
      }
      const v = restartVerdict(t, policy, group, false);
      if (v.restart && v.at > ctx.now) {
        plan.wake(v.at);
        continue;
      }
      if (!v.restart && isCurrent(t, service)) continue; // holds the slot
      const op = mayCreate ? create(group, k) : undefined;
      if (op === undefined) continue;
      plan.add(plan.desire(t, 'shutdown'), op);
      plan.log(v.restart
        ? `${taskName(t)} ended (${failureReason(t)}): restart attempt ${v.attempt}`
        : `${taskName(t)} ended (${failureReason(t)}, ${v.reason}): a new spec gives its slot a new task`);
    }

    const runnable = group.filter(isRunnable);
    if (!wanted) {
      // Replicated slots above the replica count (scale-down). Global tasks on
      // nodes that are down, disconnected or paused stay.
      if (!perNode) for (const t of runnable) plan.add(plan.desire(t, 'shutdown'));
      continue;
    }
    if (runnable.length === 0) {
      if (group.some(isEndedWanted)) continue;
      if (group.some((t) => !wantsRun(t) && !isStopped(t, ctx.nodes))) continue; // stop-first: wait for the old task to stop
      if (!mayCreate) continue;
      const op = create(group, k);
      if (op !== undefined) plan.add(op);
      continue;
    }
    if (runnable.length > 1) {
      const sorted = [...runnable].sort(keepOrder(service));
      const best = sorted[0] as Task;
      // A start-first replacement that is not up yet runs beside the task it replaces.
      const pairing = isCurrent(best, service) && !isUp(best) && sorted.some((t) => !isCurrent(t, service));
      const keepOld = pairing ? sorted.find((t) => !isCurrent(t, service)) : undefined;
      for (const t of sorted.slice(1)) {
        if (t === keepOld) continue;
        plan.add(plan.desire(t, 'shutdown'));
        if (isCurrent(best, service) && !isCurrent(t, service)) plan.log(`${taskName(t)}: replaced by ${best.id} (start-first): shut down`);
      }
    }
  }
  return { keys, where, groups };
}
