/**
 * Rolling updates (and rollbacks) of long-running services. The progress
 * lives in the store: the service's `updateStatus` and which tasks run the
 * current spec, so a new leader resumes where the last one stopped.
 *
 * A task is out of date when its spec differs from the service's task spec
 * (a scale-only change bumps specVersion without replacing anything; a
 * rollback leaves the tasks that never left the old spec alone). Slots are
 * replaced in batches of `parallelism` (0: all): a slot is in flight while
 * its old task is stopping (stop-first), its new task is not up yet (running
 * and, with a healthcheck, healthy), or for `delayMs` after the new task came
 * up. Failures among the tasks of the current specVersion since the update
 * started (ended on their own, or unhealthy) against the slots updated so
 * far decide `failureAction` once their ratio passes `maxFailureRatio`.
 */
import type { Service, Task, UpdateConfig } from '../../common/cluster/types.js';
import {
  endedOnItsOwn, failureReason, isCurrent, isEndedWanted, isPerNode, isRunnable, isStopped, isUp, wantsRun,
} from './model.js';
import { taskName, type Ctx, type Plan } from './plan.js';
import { slotKey, type SlotView } from './slots.js';

type UpdateStatus = NonNullable<Service['updateStatus']>;

function failedInUpdate(t: Task, service: Service, startedAt: number): boolean {
  if (t.specVersion !== service.specVersion || t.status.timestamp < startedAt) return false;
  if (t.status.state === 'running' && t.status.health === 'unhealthy') return true;
  return endedOnItsOwn(t.status.state) && t.status.state !== 'orphaned';
}

function withStatus(service: Service, status: UpdateStatus): Service {
  return { ...service, updateStatus: status };
}

export function rollingUpdate(service: Service, view: SlotView, ctx: Ctx, plan: Plan): void {
  const now = ctx.now;
  const perNode = isPerNode(service);
  const all = [...view.groups.values()].flat();
  let st = service.updateStatus;

  // Which slots still run an old spec (without a current task that is up).
  const outdated = view.keys.filter((k) => {
    const run = (view.groups.get(k) ?? []).filter(isRunnable);
    return run.some((t) => !isCurrent(t, service)) && !run.some((t) => isCurrent(t, service) && isUp(t));
  });

  const active = st !== undefined && (st.state === 'updating' || st.state === 'rollback_started');
  if (!active) {
    if (outdated.length === 0) return;
    const paused = st !== undefined && (st.state === 'paused' || st.state === 'rollback_paused');
    // A pause holds until the spec changes (no task carries the new specVersion yet).
    if (paused && all.some((t) => t.specVersion === service.specVersion)) return;
    st = { state: 'updating', startedAt: now, message: 'update in progress' };
    plan.service = withStatus(service, st);
    plan.log(`service ${service.spec.name}: update to spec version ${service.specVersion} started`);
  }
  if (st === undefined) return;
  const startedAt = st.startedAt;
  const rollingBack = st.state === 'rollback_started';
  const cfg: UpdateConfig = rollingBack ? service.spec.rollback : service.spec.update;

  // Failures since the update started, against the slots it updated.
  if (cfg.failureAction !== 'continue') {
    const current = all.filter((t) => t.specVersion === service.specVersion);
    const failed = current.filter((t) => failedInUpdate(t, service, startedAt)).sort((a, b) => a.status.timestamp - b.status.timestamp);
    const updated = new Set(current.map((t) => slotKey(t, perNode))).size;
    const first = failed[0];
    if (first !== undefined && failed.length / Math.max(1, updated) > cfg.maxFailureRatio) {
      const why = `task ${first.id} (${failureReason(first)})`;
      if (cfg.failureAction === 'rollback' && !rollingBack && service.previousSpec !== undefined) {
        plan.units.length = 0;
        plan.service = {
          ...service,
          spec: structuredClone(service.previousSpec),
          previousSpec: structuredClone(service.spec),
          specVersion: service.specVersion + 1,
          updateStatus: { state: 'rollback_started', startedAt: now, message: `update rolled back due to failure or early termination of ${why}` },
        };
        plan.log(`service ${service.spec.name}: ${why} failed during the update: rolling back`);
      } else {
        plan.service = withStatus(service, {
          state: rollingBack ? 'rollback_paused' : 'paused',
          startedAt,
          message: `${rollingBack ? 'rollback' : 'update'} paused due to failure or early termination of ${why}`,
        });
        plan.log(`service ${service.spec.name}: ${why} failed during the ${rollingBack ? 'rollback' : 'update'}: paused`);
      }
      return;
    }
  }

  // Slots in flight, and slots waiting for their turn.
  let inFlight = 0;
  let delaying = 0;
  let delayEnd = Infinity;
  const waiting: string[] = [];
  for (const k of view.keys) {
    const group = view.groups.get(k) ?? [];
    const run = group.filter(isRunnable);
    const fresh = run.filter((t) => isCurrent(t, service));
    const up = fresh.find(isUp);
    if (up !== undefined) {
      const ready = up.status.timestamp + cfg.delayMs;
      if (up.specVersion === service.specVersion && up.status.timestamp >= startedAt && ready > now) {
        delaying++;
        delayEnd = Math.min(delayEnd, ready);
      }
    } else if (fresh.length > 0) {
      inFlight++;
    } else if (run.length > 0) {
      waiting.push(k);
    } else if (group.some((t) => !isCurrent(t, service) && (isEndedWanted(t) || (!wantsRun(t) && !isStopped(t, ctx.nodes))))) {
      // Its old task is stopping (stop-first) or waits for a restart that will bring the current spec.
      inFlight++;
    }
  }

  // A slot whose new task came up less than delayMs ago holds its place in the batch.
  if (waiting.length > 0 && delaying > 0) plan.wake(delayEnd);
  let free = (cfg.parallelism > 0 ? cfg.parallelism : Infinity) - inFlight - delaying;
  for (const k of waiting) {
    if (free <= 0) break;
    free--;
    const group = view.groups.get(k) ?? [];
    const old = group.filter(isRunnable);
    const w = view.where.get(k) ?? {};
    const name = old[0] !== undefined ? taskName(old[0]) : k;
    if (cfg.order === 'start-first') {
      const { task, op } = plan.create(service, w);
      group.push(task);
      plan.add(op);
      plan.log(`${name}: starting its replacement ${task.id} (start-first)`);
      continue;
    }
    const unit = old.map((t) => plan.desire(t, 'shutdown'));
    // Never started anywhere (or its node is gone): nothing to wait for.
    if (old.every((t) => isStopped(t, ctx.nodes))) {
      const { task, op } = plan.create(service, w);
      group.push(task);
      unit.push(op);
    }
    plan.add(...unit);
    plan.log(`${name}: shut down for the update (stop-first)`);
  }

  if (waiting.length > 0 || inFlight > 0) return;
  // Everything runs the current spec: watch the last ones for monitorMs, then done.
  const current = all.filter((t) => t.specVersion === service.specVersion && isRunnable(t) && isUp(t) && t.status.timestamp >= startedAt);
  const monitorEnd = Math.max(0, ...current.map((t) => t.status.timestamp + cfg.monitorMs));
  if (monitorEnd > now) {
    plan.wake(monitorEnd);
    return;
  }
  const done = rollingBack ? 'rollback_completed' : 'completed';
  plan.service = withStatus(plan.service ?? service, {
    state: done, startedAt, completedAt: now, message: rollingBack ? 'rollback completed' : 'update completed',
  });
  plan.log(`service ${service.spec.name}: ${rollingBack ? 'rollback' : 'update'} completed`);
}
