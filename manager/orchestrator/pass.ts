/**
 * One pass over one service: every piece in order, deciding only (the
 * orchestrator commits the plan).
 */
import type { Node, Service, Task } from '../../common/cluster/types.js';
import { reconcileJob } from './jobs.js';
import { isJob } from './model.js';
import { Plan, type Ctx } from './plan.js';
import { reapHistory, reapRemoved } from './reaper.js';
import { reconcileSlots } from './slots.js';
import { rollingUpdate } from './updater.js';

export interface PassOptions {
  /** Ended tasks kept per slot. */
  retention: number;
  /** False while the service's dependencies hold back its first tasks. */
  mayCreate: boolean;
}

/** `tasks` are the service's tasks (copies: the pass changes them in place). */
export function planService(service: Service, tasks: Task[], ctx: Ctx, o: PassOptions): Plan {
  const plan = new Plan(ctx);
  if (isJob(service)) {
    reconcileJob(service, tasks, ctx, plan, o.mayCreate);
  } else {
    const view = reconcileSlots(service, tasks, ctx, plan, o.mayCreate);
    rollingUpdate(service, view, ctx, plan);
    // A rollback decided in this pass rewrites the service alone; the next pass works from the restored spec.
    if (plan.service !== undefined && plan.service.specVersion !== service.specVersion) return plan;
  }
  reapHistory(service, tasks, ctx.nodes, o.retention, plan);
  return plan;
}

/** The tasks of a service that no longer exists. */
export function planRemoved(tasks: readonly Task[], ctx: Ctx & { nodes: ReadonlyMap<string, Node> }): Plan {
  const plan = new Plan(ctx);
  reapRemoved(tasks, ctx.nodes, plan);
  return plan;
}
