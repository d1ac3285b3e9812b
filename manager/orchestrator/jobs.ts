/**
 * Jobs. A replicated job runs slots 1..totalCompletions, each until one of
 * its tasks completes with exit code 0, at most maxConcurrent slots at a
 * time (a slot waiting for a restart counts as running). A global job runs
 * once on each eligible node, including nodes that become eligible later.
 * Failed tasks restart per restart policy (`any` reads as `on-failure`); a
 * slot whose policy gave up stays failed. Bumping `jobIteration` shuts down
 * the previous iteration's tasks and runs the job again; only tasks of the
 * current iteration count.
 */
import type { Service, Task } from '../../common/cluster/types.js';
import { nodeVerdict } from './global.js';
import {
  failureReason, isEndedWanted, isPerNode, isRunnable, jobLimits, newestFirst, nodeDownOrGone, restartPolicyOf,
} from './model.js';
import { taskName, type Ctx, type Plan } from './plan.js';
import { restartVerdict } from './restart.js';
import { groupBySlot, wantedSlots } from './slots.js';

export function isSucceeded(t: Task): boolean {
  return t.status.state === 'complete' && t.status.exitCode === 0;
}

/** The job's tasks of the current iteration that completed, and how many it needs (global: one per eligible node). */
export function jobProgress(service: Service, tasks: readonly Task[], ctx: Pick<Ctx, 'nodes'>): { done: number; wanted: number } {
  const cur = tasks.filter((t) => t.jobIteration === service.jobIteration && isSucceeded(t));
  if (isPerNode(service)) {
    const nodes = new Set(cur.map((t) => t.nodeId));
    const wanted = [...ctx.nodes.values()].filter((n) => nodeVerdict(n, service) === 'run' || nodes.has(n.id)).length;
    return { done: nodes.size, wanted };
  }
  return { done: new Set(cur.map((t) => t.slot)).size, wanted: jobLimits(service).totalCompletions };
}

export function reconcileJob(service: Service, tasks: Task[], ctx: Ctx, plan: Plan, mayCreate: boolean): void {
  const perNode = isPerNode(service);
  const policy = restartPolicyOf(service);
  for (const t of tasks) {
    if (t.jobIteration !== service.jobIteration && isRunnable(t)) {
      plan.add(plan.desire(t, 'shutdown'));
      plan.log(`${taskName(t)}: iteration ${t.jobIteration} replaced by ${service.jobIteration}: shut down`);
    }
  }
  const current = tasks.filter((t) => t.jobIteration === service.jobIteration);
  const { keys, where } = wantedSlots(service, ctx);
  const groups = groupBySlot(current, perNode);
  for (const k of keys) if (!groups.has(k)) groups.set(k, []);

  let active = 0;
  const idle: string[] = [];
  for (const [k, group] of groups) {
    const wanted = where.has(k);
    const nodeId = k.startsWith('n:') ? k.slice(2) : '';
    const verdict = perNode ? nodeVerdict(ctx.nodes.get(nodeId), service) : 'run';
    const succeeded = group.some(isSucceeded);

    for (const t of group.filter(isRunnable)) {
      const node = t.nodeId === '' ? undefined : ctx.nodes.get(t.nodeId);
      const lost = perNode
        ? verdict === 'stop'
        : t.nodeId !== '' && (nodeDownOrGone(t.nodeId, ctx.nodes) || node?.spec.availability === 'drain');
      if (!lost && ((wanted && !succeeded) || verdict === 'keep')) continue;
      const unit = [plan.desire(t, 'shutdown')];
      if (lost && wanted && !perNode && !succeeded) {
        const { task, op } = plan.create(service, where.get(k) ?? {});
        group.push(task);
        unit.push(op);
      }
      plan.add(...unit);
      if (lost) plan.log(`${taskName(t)}: its node is gone, down or drained: shut down`);
    }
    if (succeeded) continue;

    const ended = group.filter((t) => isEndedWanted(t)).sort(newestFirst);
    let waitingRestart = false;
    for (const t of ended) {
      const occupied = group.some(isRunnable);
      if (!wanted || occupied || t !== ended[0]) {
        if (perNode && verdict === 'keep' && !occupied && t === ended[0]) continue;
        plan.add(plan.desire(t, 'shutdown'));
        continue;
      }
      const v = restartVerdict(t, policy, group, true);
      if (!v.restart) continue; // the slot failed for good
      if (v.at > ctx.now) {
        plan.wake(v.at);
        waitingRestart = true;
        continue;
      }
      const { task, op } = plan.create(service, where.get(k) ?? {});
      group.push(task);
      plan.add(plan.desire(t, 'shutdown'), op);
      plan.log(`${taskName(t)} ended (${failureReason(t)}): restart attempt ${v.attempt}`);
    }
    if (!wanted) continue;
    if (group.some(isRunnable) || waitingRestart) active++;
    else if (!group.some(isEndedWanted)) idle.push(k);
  }

  if (!mayCreate) return;
  const limit = perNode ? Infinity : jobLimits(service).maxConcurrent;
  for (const k of idle) {
    if (active >= limit) break;
    const { op } = plan.create(service, where.get(k) ?? {});
    plan.add(op);
    active++;
  }
}
