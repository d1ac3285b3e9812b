/**
 * Facts about services, tasks and nodes that every piece of the
 * orchestrator reads the same way: a service's mode, when a task still
 * counts for its slot, when it is up, when it has stopped.
 */
import {
  isTerminal, stateRank,
  type Node, type RestartPolicy, type Service, type Task, type TaskSpec, type TaskState,
} from '../../common/cluster/types.js';

export type ModeKind = 'replicated' | 'global' | 'replicated-job' | 'global-job';

export function modeOf(service: Service): ModeKind {
  const m = service.spec.mode;
  if ('replicated' in m) return 'replicated';
  if ('global' in m) return 'global';
  if ('replicatedJob' in m) return 'replicated-job';
  return 'global-job';
}

export function isJob(service: Service): boolean {
  const m = modeOf(service);
  return m === 'replicated-job' || m === 'global-job';
}

/** Tasks of global services and global jobs are keyed by node, the others by slot. */
export function isPerNode(service: Service): boolean {
  const m = modeOf(service);
  return m === 'global' || m === 'global-job';
}

export function replicasOf(service: Service): number {
  const m = service.spec.mode;
  return 'replicated' in m ? Math.max(0, Math.floor(m.replicated.replicas)) : 0;
}

/**
 * A replicated job's limits with Docker's defaults: maxConcurrent falls back
 * to totalCompletions (then 1), totalCompletions to maxConcurrent.
 */
export function jobLimits(service: Service): { maxConcurrent: number; totalCompletions: number } {
  const m = service.spec.mode;
  if (!('replicatedJob' in m)) return { maxConcurrent: 0, totalCompletions: 0 };
  const mc0 = Math.max(0, Math.floor(m.replicatedJob.maxConcurrent));
  const tc0 = Math.max(0, Math.floor(m.replicatedJob.totalCompletions));
  const maxConcurrent = mc0 || tc0 || 1;
  return { maxConcurrent, totalCompletions: tc0 || maxConcurrent };
}

/** A job's tasks end in `complete`; restart policy `any` would rerun a finished job forever, so jobs read it as `on-failure`. */
export function restartPolicyOf(service: Service): RestartPolicy {
  const p = service.spec.task.restartPolicy;
  return isJob(service) && p.condition === 'any' ? { ...p, condition: 'on-failure' } : p;
}

/** The manager still wants the task to run (desiredState running, or complete for jobs). */
export function wantsRun(t: Task): boolean {
  return t.desiredState === 'complete' || stateRank(t.desiredState) <= stateRank('running');
}

/** Wanted and not ended: the task occupies its slot. */
export function isRunnable(t: Task): boolean {
  return wantsRun(t) && !isTerminal(t.status.state);
}

/** Wanted but ended on its own: it waits for a restart, or holds its slot when the policy gave up. */
export function isEndedWanted(t: Task): boolean {
  return wantsRun(t) && isTerminal(t.status.state);
}

/** The spec names a healthcheck of its own (an empty test uses the image's; the worker's health report then decides). */
export function hasHealthcheck(spec: TaskSpec): boolean {
  const h = spec.container.healthcheck;
  return h !== undefined && h.test.length > 0 && h.test[0] !== 'NONE';
}

/** Running, and healthy when it has a healthcheck (or reports health at all). */
export function isUp(t: Task): boolean {
  if (t.status.state !== 'running') return false;
  if (t.status.health === 'healthy') return true;
  return t.status.health === '' && !hasHealthcheck(t.spec);
}

export function nodeDownOrGone(nodeId: string, nodes: ReadonlyMap<string, Node>): boolean {
  if (nodeId === '') return false;
  const n = nodes.get(nodeId);
  return n === undefined || n.status.state === 'down';
}

/**
 * The task will not run any more: it ended, or it is no longer wanted and
 * either never reached a node or sits on a node that is down or gone (no
 * worker will report its end).
 */
export function isStopped(t: Task, nodes: ReadonlyMap<string, Node>): boolean {
  if (isTerminal(t.status.state)) return true;
  if (wantsRun(t)) return false;
  return stateRank(t.status.state) < stateRank('assigned') || t.nodeId === '' || nodeDownOrGone(t.nodeId, nodes);
}

/** Ended by itself rather than stopped on the manager's request. */
export function endedOnItsOwn(state: TaskState): boolean {
  return state === 'complete' || state === 'failed' || state === 'rejected' || state === 'orphaned';
}

/** What went wrong with a task, for messages. */
export function failureReason(t: Task): string {
  const s = t.status;
  if (s.state === 'running' && s.health === 'unhealthy') return 'unhealthy container';
  const parts: string[] = [s.state];
  if (s.err !== '') parts.push(s.err);
  else if (s.exitCode !== 0) parts.push(`exit code ${s.exitCode}`);
  return parts.join(': ');
}

/** Structural equality of plain JSON data; an undefined property equals a missing one. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameData(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && sameData(ra[k], rb[k]));
}

/** The task runs the service's current task spec (no rolling update needed). */
export function isCurrent(t: Task, service: Service): boolean {
  return t.specVersion === service.specVersion || sameData(t.spec, service.spec.task);
}

/** Newest first: by status time, then creation, then id (a stable order). */
export function newestFirst(a: Task, b: Task): number {
  return b.status.timestamp - a.status.timestamp || b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
