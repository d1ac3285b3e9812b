/**
 * Restart policies as Docker has them (`--restart no|always|on-failure[:N]|unless-stopped`)
 * and Docker's restart manager: which exit is restarted, and after which back-off.
 * Pure functions: the engine keeps the state and the clock.
 */
import { OrcError } from '../../common/errors.js';

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

/** Docker's HostConfig.RestartPolicy. */
export interface RestartPolicy {
  Name: RestartPolicyName;
  /** on-failure only: 0 means no limit. */
  MaximumRetryCount: number;
}

export const NO_RESTART: RestartPolicy = { Name: 'no', MaximumRetryCount: 0 };

/** The first back-off, its multiplier, its cap, and how long a run must last to reset it (Docker's restartmanager). */
export const BACKOFF_START_MS = 100;
export const BACKOFF_MAX_MS = 60_000;
export const BACKOFF_RESET_AFTER_MS = 10_000;

/** `no`, `always`, `unless-stopped`, `on-failure`, `on-failure:N` (N ≥ 0). */
export function parseRestartPolicy(v: string): RestartPolicy {
  const m = /^(no|always|unless-stopped|on-failure)(?::(.*))?$/.exec(v);
  const bad = (why: string): OrcError => new OrcError('ORC_USAGE', `--restart: invalid restart policy "${v}": ${why}`);
  if (m === null) throw bad('expected no, always, on-failure[:max-retries] or unless-stopped');
  const name = m[1] as RestartPolicyName;
  if (m[2] === undefined) return { Name: name, MaximumRetryCount: 0 };
  if (name !== 'on-failure') throw bad(`maximum retry count is only valid with on-failure`);
  if (!/^[0-9]+$/.test(m[2]) || !Number.isSafeInteger(Number(m[2]))) throw bad('maximum retry count must be a whole number ≥ 0');
  return { Name: name, MaximumRetryCount: Number(m[2]) };
}

/** Docker's `--restart` text for a policy: `on-failure:3`, `always`. */
export function formatRestartPolicy(p: RestartPolicy): string {
  return p.Name === 'on-failure' && p.MaximumRetryCount > 0 ? `on-failure:${p.MaximumRetryCount}` : p.Name;
}

export interface ExitFacts {
  exitCode: number;
  /** Restarts so far (RestartCount). */
  restartCount: number;
  /** The user stopped or killed it (Docker's HasBeenManuallyStopped). */
  manuallyStopped: boolean;
  /** This very exit was caused by the user's stop, or kill with SIGKILL / the stop signal (Docker's ExitOnNext). */
  exitOnNext: boolean;
}

/**
 * Whether a container that just exited is restarted by the engine watching it.
 * The user's stop/kill is never undone here, whatever the policy.
 */
export function restartOnExit(p: RestartPolicy, f: ExitFacts): boolean {
  if (f.exitOnNext) return false;
  switch (p.Name) {
    case 'no':
      return false;
    case 'always':
      return true;
    case 'unless-stopped':
      return !f.manuallyStopped;
    case 'on-failure':
      return f.exitCode !== 0 && (p.MaximumRetryCount === 0 || f.restartCount < p.MaximumRetryCount);
  }
}

/**
 * Whether an exited container is started when an engine opens the data root
 * (Docker's daemon start): `always` even after the user stopped it;
 * `unless-stopped` unless the user stopped it; `on-failure` after a failure
 * the user did not cause, within its retry count.
 */
export function restartOnEngineStart(p: RestartPolicy, f: ExitFacts): boolean {
  switch (p.Name) {
    case 'no':
      return false;
    case 'always':
      return true;
    case 'unless-stopped':
      return !f.manuallyStopped;
    case 'on-failure':
      return !f.manuallyStopped && restartOnExit(p, { ...f, exitOnNext: false });
  }
}

/** The next back-off: 100 ms, doubling, capped at 1 min; back to 100 ms after a run of 10 s or more. */
export function nextBackoff(previousMs: number, ranMs: number): number {
  const prev = ranMs >= BACKOFF_RESET_AFTER_MS ? 0 : previousMs;
  if (prev <= 0) return BACKOFF_START_MS;
  return Math.min(prev * 2, BACKOFF_MAX_MS);
}
