/**
 * The orchestrator: a reconcile loop over the store that owns the tasks'
 * creation and desiredState (manager/README.md, "who moves a task"). A full
 * pass over every service, then the store's watch; the watch keeps a cache
 * of the objects current, the work is coalesced per service, and timers
 * (restart delays, update delays, monitor windows) only wake a service up:
 * every decision is made from what the store holds, so a new leader
 * carries on.
 */
import { systemClock, type Clock } from '../../common/clock.js';
import { isOrcError, OrcError } from '../../common/errors.js';
import type { Cluster, Node, Service, Task } from '../../common/cluster/types.js';
import { Cache } from './cache.js';
import { MAX_BATCH, type Store, type StoreEvent, type WriteOp } from '../store/store.js';
import { waitingOn } from './depends.js';
import { planRemoved, planService } from './pass.js';
import type { Ctx, Plan } from './plan.js';
import { DEFAULT_RETENTION } from './reaper.js';
import { newTaskId } from './task-factory.js';

export { newTask, newTaskId, type NewTaskOptions } from './task-factory.js';
export { waitingOn, findDependency, type ClusterView } from './depends.js';
export { constraintsMatch } from './constraints.js';
export { restartVerdict, type RestartVerdict } from './restart.js';
export { isUp, isRunnable, wantsRun, hasHealthcheck } from './model.js';

export interface OrchestratorDeps {
  clock?: Clock;
  /** [0, 1), for task ids. */
  random?: () => number;
  log?: (line: string) => void;
  newId?: () => string;
}

/** A service that keeps conflicting this many passes in a row is left until something else wakes it. */
const MAX_CONFLICTS = 8;
/** Back-off after the store failed, before the next full pass. */
const RETRY_MS = 1000;

function nodeFingerprint(n: Node): string {
  return JSON.stringify([n.status.state, n.spec.availability, n.spec.role, n.spec.labels, n.description.hostname, n.description.platform]);
}

export class Orchestrator {
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly log: (line: string) => void;

  private readonly dirty = new Set<string>();
  private everything = false;
  private working = false;
  private wakeWorker: (() => void) | undefined;
  private readonly wakeups = new Map<string, number>();
  private timer: { at: number; ctrl: AbortController } | undefined;
  private readonly nodeMarks = new Map<string, string>();
  private readonly conflicts = new Map<string, number>();
  private readonly waitReasons = new Map<string, string>();
  private readonly cache = new Cache();
  private seenRevision = 0;

  constructor(private readonly store: Store, deps: OrchestratorDeps = {}) {
    this.clock = deps.clock ?? systemClock;
    const random = deps.random ?? Math.random;
    this.newId = deps.newId ?? (() => newTaskId(random));
    this.log = deps.log ?? (() => {});
  }

  /** No work pending or under way (tests wait for this after a change settles). */
  get idle(): boolean {
    return !this.working && !this.everything && this.dirty.size === 0;
  }

  /** Runs until the signal aborts: a full pass, then the watch (again from a full pass after a lost watch or a store error). */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const inner = new AbortController();
      const stop = (): void => inner.abort();
      signal.addEventListener('abort', stop, { once: true });
      let failed = false;
      try {
        const rev = await this.store.revision();
        const [services, tasks, nodes, clusters] = await Promise.all([
          this.store.list('service'), this.store.list('task'), this.store.list('node'), this.store.list('cluster'),
        ]);
        this.cache.reset({ services, tasks, nodes, clusters });
        this.nodeMarks.clear();
        for (const n of nodes) this.nodeMarks.set(n.id, nodeFingerprint(n));
        this.seenRevision = rev;
        this.everything = true;
        const following = this.follow(rev + 1, inner.signal).catch((e: unknown) => {
          if (inner.signal.aborted) return;
          // A compacted revision only needs a new full pass; anything else waits a little first.
          if (!isOrcError(e) || e.code !== 'ORC_CONFLICT') failed = true;
          this.log(`orchestrator: watch ended (${e instanceof Error ? e.message : String(e)}): starting over with a full pass`);
          inner.abort();
        });
        await this.work(inner.signal);
        await following;
      } catch (e) {
        if (!signal.aborted) {
          failed = true;
          this.log(`orchestrator: ${e instanceof Error ? e.message : String(e)}: starting over with a full pass`);
        }
      } finally {
        signal.removeEventListener('abort', stop);
        inner.abort();
        this.cancelTimer();
        this.working = false;
      }
      if (failed && !signal.aborted) await this.clock.sleep(RETRY_MS, signal).catch(() => {});
    }
  }

  private async follow(from: number, signal: AbortSignal): Promise<void> {
    for await (const e of this.store.watch(['service', 'task', 'node', 'cluster'], from, signal)) this.note(e);
    if (!signal.aborted) throw new OrcError('ORC_UNAVAILABLE', 'the store closed the watch');
  }

  private note(e: StoreEvent): void {
    this.seenRevision = Math.max(this.seenRevision, e.revision);
    if (!Cache.wanted(e.kind)) return;
    if (e.type === 'delete') this.cache.remove(e.kind, e.object.id, e.revision);
    else if (!this.cache.put(e.kind, e.object, e.revision)) return;
    if (e.kind === 'service') this.dirty.add(e.object.id);
    else if (e.kind === 'task') this.dirty.add((e.object as Task).serviceId);
    else if (e.kind === 'cluster') this.everything = true;
    else {
      // Heartbeats rewrite nodes often; only a change that placement reads wakes every service.
      const n = e.object as Node;
      const mark = e.type === 'delete' ? undefined : nodeFingerprint(n);
      if (mark === this.nodeMarks.get(n.id)) return;
      if (mark === undefined) this.nodeMarks.delete(n.id);
      else this.nodeMarks.set(n.id, mark);
      this.everything = true;
    }
    this.wakeWorker?.();
  }

  private async work(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (!this.everything && this.dirty.size === 0) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            this.wakeWorker = undefined;
            signal.removeEventListener('abort', done);
            resolve();
          };
          this.wakeWorker = done;
          signal.addEventListener('abort', done, { once: true });
        });
        continue;
      }
      this.working = true;
      try {
        await this.round(signal);
      } finally {
        this.working = false;
      }
    }
  }

  /** One pass over every dirty service, from the cache. */
  private async round(signal: AbortSignal): Promise<void> {
    const everything = this.everything;
    const ids = new Set(this.dirty);
    this.everything = false;
    this.dirty.clear();
    this.cache.forgetTombstones(this.seenRevision);

    const services = [...this.cache.services.values()];
    if (everything) {
      for (const s of services) ids.add(s.id);
      for (const id of this.cache.serviceIdsWithTasks()) ids.add(id);
    }
    // Services held back by their dependencies look again whenever anything moved.
    const held = services.filter((s) => s.spec.dependsOn.length > 0 && !this.cache.hasTasks(s.id));
    for (const s of held) ids.add(s.id);
    const view = held.length === 0 ? undefined : { services, tasks: this.cache.allTasks(), nodes: [...this.cache.nodes.values()] };

    const retention = retentionOf([...this.cache.clusters.values()]);
    const ctx: Ctx = { now: this.clock.now(), nodes: this.cache.nodes, newId: this.newId };
    for (const id of ids) {
      if (signal.aborted) return;
      const service = this.cache.services.get(id);
      // Shallow copies: a pass only sets desiredState (and a commit the version) on the tasks it writes.
      const mine = this.cache.tasksOf(id).map((t) => ({ ...t }));
      let plan: Plan;
      if (service === undefined) {
        this.wakeups.delete(id);
        if (mine.length === 0) continue;
        plan = planRemoved(mine, ctx);
      } else {
        const reason = view === undefined || this.cache.hasTasks(id) ? undefined : waitingOn(service, view);
        this.noteWaiting(service, reason);
        plan = planService(service, mine, ctx, { retention, mayCreate: reason === undefined });
      }
      this.setWakeup(id, plan.wakeAt);
      if (plan.empty) {
        this.conflicts.delete(id);
        continue;
      }
      try {
        await this.commit(plan);
        this.conflicts.delete(id);
        for (const line of plan.logs) this.log(`orchestrator: ${line}`);
      } catch (e) {
        if (!isOrcError(e) || (e.code !== 'ORC_CONFLICT' && e.code !== 'ORC_NOT_FOUND')) throw e;
        // Someone else wrote first: read what the plan wrote again, and decide again.
        await this.reread(plan);
        const n = (this.conflicts.get(id) ?? 0) + 1;
        this.conflicts.set(id, n);
        if (n < MAX_CONFLICTS) this.dirty.add(id);
        else this.log(`orchestrator: service ${id}: ${n} conflicting writes in a row (${e.message}); waiting for the next change`);
      }
    }
    this.armTimer();
  }

  private async reread(plan: Plan): Promise<void> {
    const ops: WriteOp[] = plan.units.flat();
    if (plan.service !== undefined) ops.push({ op: 'update', kind: 'service', object: plan.service });
    for (const op of ops) {
      if (!Cache.wanted(op.kind)) continue;
      const id = op.op === 'remove' ? op.id : op.object.id;
      const fresh = await this.store.get(op.kind, id);
      if (fresh !== undefined) this.cache.put(op.kind, fresh, fresh.version);
      else this.cache.remove(op.kind, id, await this.store.revision());
    }
  }

  private noteWaiting(service: Service, reason: string | undefined): void {
    const before = this.waitReasons.get(service.id);
    if (reason === before) return;
    if (reason === undefined) this.waitReasons.delete(service.id);
    else {
      this.waitReasons.set(service.id, reason);
      this.log(`orchestrator: service ${service.spec.name}: ${reason}`);
    }
  }

  /** The service's writes, the service first, in commits of at most MAX_BATCH ops that never split a unit. */
  private async commit(plan: Plan): Promise<void> {
    const commits: WriteOp[][] = [];
    let cur: WriteOp[] = plan.service === undefined ? [] : [{ op: 'update', kind: 'service', object: plan.service }];
    for (const unit of plan.units) {
      if (cur.length > 0 && cur.length + unit.length > MAX_BATCH) {
        commits.push(cur);
        cur = [];
      }
      cur.push(...unit);
    }
    if (cur.length > 0) commits.push(cur);
    for (const ops of commits) this.cache.applyCommit(ops, await this.store.commit(ops));
  }

  private setWakeup(id: string, times: readonly number[]): void {
    if (times.length === 0) this.wakeups.delete(id);
    else this.wakeups.set(id, Math.min(...times));
  }

  private armTimer(): void {
    let next = Infinity;
    for (const at of this.wakeups.values()) next = Math.min(next, at);
    if (next === Infinity) {
      this.cancelTimer();
      return;
    }
    if (this.timer?.at === next) return;
    this.cancelTimer();
    const ctrl = new AbortController();
    this.timer = { at: next, ctrl };
    this.clock.sleep(Math.max(0, next - this.clock.now()), ctrl.signal).then(() => {
      if (this.timer?.ctrl !== ctrl) return;
      this.timer = undefined;
      const now = this.clock.now();
      for (const [id, at] of this.wakeups) {
        if (at > now) continue;
        this.wakeups.delete(id);
        this.dirty.add(id);
      }
      this.wakeWorker?.();
      this.armTimer();
    }, () => {});
  }

  private cancelTimer(): void {
    this.timer?.ctrl.abort();
    this.timer = undefined;
  }
}

function retentionOf(clusters: readonly Cluster[]): number {
  const limit = clusters[0]?.spec.orchestration.taskHistoryRetentionLimit;
  return limit === undefined || !Number.isFinite(limit) || limit < 0 ? DEFAULT_RETENTION : Math.floor(limit);
}
