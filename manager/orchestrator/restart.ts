/**
 * The restart policy's verdict on a task that ended while still wanted.
 * A pure function of stored facts (the task, its slot's earlier tasks), so
 * a new leader reaches the same verdict: the delay runs from the task's
 * status time, and attempts are counted in the window that ends when the
 * task ended.
 */
import type { RestartPolicy, Task } from '../../common/cluster/types.js';
import { endedOnItsOwn } from './model.js';

export type RestartVerdict =
  | { restart: true; at: number; attempt: number }
  | { restart: false; reason: string };

/**
 * `task` ended (status terminal) with desiredState still running/complete.
 * `history`: the other tasks of its slot (or node); `job`: the service is a
 * job, whose successful completion is never restarted.
 */
export function restartVerdict(task: Task, policy: RestartPolicy, history: readonly Task[], job: boolean): RestartVerdict {
  const s = task.status;
  const succeeded = s.state === 'complete' && s.exitCode === 0;
  if (job && succeeded) return { restart: false, reason: 'completed' };
  if (policy.condition === 'none') return { restart: false, reason: 'restart policy is none' };
  if (policy.condition === 'on-failure' && succeeded) return { restart: false, reason: 'completed (restart policy is on-failure)' };
  const since = policy.windowMs > 0 ? s.timestamp - policy.windowMs : -Infinity;
  const earlier = history.filter(
    (h) => h.id !== task.id && endedOnItsOwn(h.status.state) && h.status.timestamp >= since && h.status.timestamp <= s.timestamp && (!job || h.jobIteration === task.jobIteration),
  ).length;
  if (policy.maxAttempts > 0 && earlier >= policy.maxAttempts) {
    return { restart: false, reason: `gave up after ${policy.maxAttempts} restart attempt${policy.maxAttempts === 1 ? '' : 's'}` };
  }
  return { restart: true, at: s.timestamp + Math.max(0, policy.delayMs), attempt: earlier + 1 };
}
