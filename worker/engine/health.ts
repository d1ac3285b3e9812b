/**
 * Health checks with Docker's HEALTHCHECK semantics: the container's
 * healthcheck (merged over the image's), one monitor per running container
 * that probes it through exec on the engine's Clock, and the state it keeps
 * in the container record (Status, FailingStreak, the last 5 results).
 *
 * Docker's rules (daemon/health.go): the first probe comes one interval after
 * the start; while the start period lasts and no probe has succeeded, probes
 * come every start interval and failures do not count; a success makes the
 * container `healthy` and clears the streak; `retries` counted failures in a
 * row make it `unhealthy`; a probe running past its timeout is killed and
 * counts as a failure (exit -1). A (re)start resets the status to `starting`
 * and the streak to 0 (the log stays); an exit ends probing and keeps the
 * last status.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { formatDuration } from '../../common/duration.js';
import { OrcError } from '../../common/errors.js';
import type { Healthcheck } from '../images/index.js';
import type { Clock } from './clock.js';
import { execsDir, type ExecHandle, type ExecRequest } from './exec.js';
import { readPid } from './shim.js';
import { signalInit } from './host.js';

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** One probe's result, as Docker's HealthcheckResult (times RFC 3339). */
export interface HealthResult {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

/** Docker's State.Health; kept in the container record. */
export interface HealthState {
  Status: HealthStatus;
  FailingStreak: number;
  /** The last results, oldest first. */
  Log: HealthResult[];
}

/** Docker's Config.Healthcheck (durations in nanoseconds; zero fields are left out). */
export interface HealthcheckConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** What `engine.onHealth` listeners receive on every status change. */
export interface HealthEvent {
  id: string;
  status: HealthStatus;
  failingStreak: number;
}

const NS_PER_MS = 1e6;
/** Docker's defaults (daemon/health.go). */
export const DEFAULT_INTERVAL_NS = 30e9;
export const DEFAULT_TIMEOUT_NS = 30e9;
export const DEFAULT_START_PERIOD_NS = 0;
export const DEFAULT_START_INTERVAL_NS = 5e9;
export const DEFAULT_RETRIES = 3;
export const MAX_LOG_ENTRIES = 5;
export const MAX_OUTPUT_BYTES = 4096;
/** Docker refuses non-zero durations under 1 ms. */
const MIN_DURATION_NS = 1e6;

const FLAGS = {
  interval: '--health-interval',
  timeout: '--health-timeout',
  startPeriod: '--health-start-period',
  startInterval: '--health-start-interval',
  retries: '--health-retries',
} as const;

/**
 * Docker's merge of the container's healthcheck over the image's: no
 * container healthcheck takes the image's; an empty test and zero fields
 * take the image's values.
 */
export function resolveHealthcheck(user: Healthcheck | undefined, image: Healthcheck | null): Healthcheck | undefined {
  if (user === undefined) return image === null ? undefined : structuredClone(image);
  const out: Healthcheck = { test: user.test.length > 0 ? [...user.test] : [...(image?.test ?? [])] };
  for (const k of ['interval', 'timeout', 'startPeriod', 'startInterval', 'retries'] as const) {
    const v = user[k] !== undefined && user[k] !== 0 ? user[k] : image?.[k];
    if (v !== undefined && v !== 0) out[k] = v;
  }
  return out;
}

/** Docker's checks of a healthcheck option (ORC_USAGE naming the flag). */
export function validateHealthcheck(hc: Healthcheck): void {
  const first = hc.test[0];
  if (first !== undefined && !['CMD', 'CMD-SHELL', 'NONE'].includes(first)) {
    throw new OrcError('ORC_USAGE', `--health-cmd: the healthcheck test must start with CMD, CMD-SHELL or NONE, not "${first}"`);
  }
  if (first === 'CMD-SHELL' && hc.test.length !== 2) {
    throw new OrcError('ORC_USAGE', `--health-cmd: a CMD-SHELL test takes exactly one shell command (got ${hc.test.length - 1})`);
  }
  if (first === 'CMD' && hc.test.length < 2) throw new OrcError('ORC_USAGE', '--health-cmd: a CMD test needs a command');
  for (const k of ['interval', 'timeout', 'startPeriod', 'startInterval'] as const) {
    const v = hc[k];
    if (v === undefined || v === 0) continue;
    if (!Number.isFinite(v) || v < MIN_DURATION_NS) {
      throw new OrcError('ORC_USAGE', `${FLAGS[k]}: ${formatGoDuration(v)} is too short: the value must be 0 (the default) or at least 1ms`);
    }
  }
  if (hc.retries !== undefined && (!Number.isSafeInteger(hc.retries) || hc.retries < 0)) {
    throw new OrcError('ORC_USAGE', `${FLAGS.retries}: ${hc.retries} is not a whole number ≥ 0`);
  }
}

/** The probe's command: `CMD` args as they are, `CMD-SHELL` through `/bin/sh -c`; undefined for none, `NONE` or an unknown type. */
export function probeCommand(hc: Healthcheck | undefined): string[] | undefined {
  if (hc === undefined) return undefined;
  const [kind, ...args] = hc.test;
  if (kind === 'CMD' && args.length > 0) return args;
  if (kind === 'CMD-SHELL' && args.length > 0) return ['/bin/sh', '-c', ...args];
  return undefined;
}

/** Docker's Config.Healthcheck of a resolved healthcheck. */
export function healthcheckConfig(hc: Healthcheck): HealthcheckConfig {
  return {
    Test: [...hc.test],
    ...(hc.interval ? { Interval: hc.interval } : {}),
    ...(hc.timeout ? { Timeout: hc.timeout } : {}),
    ...(hc.startPeriod ? { StartPeriod: hc.startPeriod } : {}),
    ...(hc.startInterval ? { StartInterval: hc.startInterval } : {}),
    ...(hc.retries ? { Retries: hc.retries } : {}),
  };
}

/** Go's Duration.String for whole nanoseconds: `30s`, `1m30s`, `500ms`, `1.5s`, `2h0m0s`. */
export function formatGoDuration(ns: number): string {
  return formatDuration(BigInt(Math.round(ns)));
}

/** `Up 5 seconds` gets ` (healthy)`, ` (unhealthy)` or ` (health: starting)`, as `docker ps`. */
export function statusSuffix(health: HealthState | undefined): string {
  if (health === undefined) return '';
  return health.Status === 'starting' ? ' (health: starting)' : ` (${health.Status})`;
}

/** Probe settings in milliseconds, with Docker's defaults. */
interface Timing {
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  startIntervalMs: number;
  retries: number;
  timeoutText: string;
}

function timing(hc: Healthcheck): Timing {
  const timeout = hc.timeout || DEFAULT_TIMEOUT_NS;
  return {
    intervalMs: (hc.interval || DEFAULT_INTERVAL_NS) / NS_PER_MS,
    timeoutMs: timeout / NS_PER_MS,
    startPeriodMs: (hc.startPeriod || DEFAULT_START_PERIOD_NS) / NS_PER_MS,
    startIntervalMs: (hc.startInterval || DEFAULT_START_INTERVAL_NS) / NS_PER_MS,
    retries: hc.retries || DEFAULT_RETRIES,
    timeoutText: formatGoDuration(timeout),
  };
}

/** A probe process: its exit code and combined output once it ended; `kill` ends it early. */
export interface ProbeProcess {
  result: Promise<{ exitCode: number; output: string }>;
  kill(): void;
}

/** Starts the probe command in the container (rejects when it cannot be started). */
export type Prober = (command: string[]) => Promise<ProbeProcess>;

/** Keeps the first 4096 bytes of stdout and stderr together; `...` marks what was cut (Docker's limitedBuffer). */
export class LimitedOutput {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;
  write(data: Buffer): void {
    const keep = Math.min(MAX_OUTPUT_BYTES - this.size, data.length);
    if (keep > 0) {
      this.chunks.push(data.subarray(0, keep));
      this.size += keep;
    }
    if (keep < data.length) this.truncated = true;
  }
  toString(): string {
    return Buffer.concat(this.chunks).toString('utf8') + (this.truncated ? '...' : '');
  }
}

/**
 * A Prober over the engine's exec: attached (the output is read), no
 * terminal; `kill` sends SIGKILL to the process while it is still the exec
 * shim's child (its pid from the exec's state dir), else ends the shim.
 */
export function execProber(dataRoot: string, exec: (req: ExecRequest) => Promise<ExecHandle>): Prober {
  return async (command) => {
    const h = await exec({ command });
    const out = new LimitedOutput();
    const drained = (async () => {
      if (h.session === undefined) return;
      for await (const chunk of h.session.output) out.write(chunk.data);
    })();
    const result = (async () => {
      const exitCode = await h.exited;
      await drained;
      return { exitCode, output: out.toString() };
    })();
    const kill = (): void => {
      const dir = join(execsDir(dataRoot), h.id.slice(0, 12));
      const shimPid = readPid(join(dir, 'shim.pid'));
      const pid = readPid(join(dir, 'exec.pid'));
      if (shimPid === undefined) return;
      if (pid !== undefined && signalInit(pid, shimPid, 9)) return;
      try {
        process.kill(shimPid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    return { result, kill };
  };
}

/** What a monitor needs of the container it watches. */
export interface MonitoredContainer {
  id: string;
  /** RFC 3339, of the current run. */
  startedAt: string;
  healthcheck: Healthcheck;
  /** The record's state, changed in place. */
  health: HealthState;
}

export interface MonitorDeps {
  clock: Clock;
  probe: Prober;
  /** Persists the record after a result (the record holds `health`). */
  persist: () => Promise<void>;
  /** Called after a result changed the status. */
  changed: (status: HealthStatus) => void;
}

/** How long a killed probe may take to end before the monitor goes on without it. */
const KILL_GRACE_MS = 5000;

/** The probing loop of one container's run; `stop` ends it and kills a probe in flight. */
export class HealthMonitor {
  private readonly abort = new AbortController();
  private readonly t: Timing;
  private readonly command: string[];
  private loop: Promise<void> | undefined;

  constructor(private readonly c: MonitoredContainer, private readonly deps: MonitorDeps) {
    this.t = timing(c.healthcheck);
    const command = probeCommand(c.healthcheck);
    if (command === undefined) throw new OrcError('ORC_INTERNAL', `container ${c.id.slice(0, 12)}: no probe in its healthcheck`);
    this.command = command;
  }

  start(): void {
    this.loop ??= this.run().catch(() => undefined);
  }

  /** Ends probing; resolves once a probe in flight was killed and its result dropped. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** Docker's getInterval: the start interval while starting within the start period, else the interval. */
  private nextDelay(): number {
    const since = this.deps.clock.now() - Date.parse(this.c.startedAt);
    if (since >= this.t.startPeriodMs) return this.t.intervalMs;
    return this.c.health.Status === 'starting' ? this.t.startIntervalMs : this.t.intervalMs;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const { clock } = this.deps;
    while (!signal.aborted) {
      try {
        await clock.sleep(this.nextDelay(), signal);
      } catch {
        return;
      }
      const start = clock.now();
      const result = await this.probeOnce(start);
      if (result === undefined || signal.aborted) return;
      this.record(result, start);
      await this.deps.persist().catch(() => undefined);
    }
  }

  /** One probe with its timeout; undefined when stopped meanwhile. */
  private async probeOnce(start: number): Promise<HealthResult | undefined> {
    const { clock } = this.deps;
    const iso = (ms: number): string => new Date(ms).toISOString();
    let proc: ProbeProcess;
    try {
      proc = await this.deps.probe(this.command);
    } catch (e) {
      return { Start: iso(start), End: iso(clock.now()), ExitCode: -1, Output: e instanceof Error ? e.message : String(e) };
    }
    const settle = new AbortController();
    const stopped = new Promise<'stopped'>((resolve) => {
      if (this.abort.signal.aborted) resolve('stopped');
      else this.abort.signal.addEventListener('abort', () => resolve('stopped'), { once: true, signal: settle.signal });
    });
    const timedOut = clock.sleep(this.t.timeoutMs, settle.signal).then(() => 'timeout' as const, () => 'timeout' as const);
    const done = proc.result.then((r) => r, (e: unknown) => ({ exitCode: -1, output: e instanceof Error ? e.message : String(e) }));
    try {
      const first = await Promise.race([done, timedOut, stopped]);
      if (typeof first === 'object') return { Start: iso(start), End: iso(clock.now()), ExitCode: first.exitCode, Output: first.output };
      proc.kill();
      const grace = new AbortController();
      await Promise.race([done, clock.sleep(KILL_GRACE_MS, grace.signal).catch(() => undefined)]);
      grace.abort();
      if (first === 'stopped') return undefined;
      return { Start: iso(start), End: iso(clock.now()), ExitCode: -1, Output: `Health check exceeded timeout (${this.t.timeoutText})` };
    } finally {
      settle.abort();
    }
  }

  /** Docker's handleProbeResult. */
  private record(result: HealthResult, start: number): void {
    const h = this.c.health;
    const before = h.Status;
    h.Log = [...h.Log, result].slice(-MAX_LOG_ENTRIES);
    if (result.ExitCode === 0) {
      h.FailingStreak = 0;
      h.Status = 'healthy';
    } else {
      const inStartPeriod = h.Status === 'starting' && start - Date.parse(this.c.startedAt) < this.t.startPeriodMs;
      if (!inStartPeriod) {
        h.FailingStreak += 1;
        if (h.FailingStreak >= this.t.retries) h.Status = 'unhealthy';
      }
    }
    if (h.Status !== before) this.deps.changed(h.Status);
  }
}

/** What the monitors need of a container record. */
export interface HealthRecord {
  id: string;
  startedAt: string;
  config: { healthcheck?: Healthcheck };
  health?: HealthState;
}

export interface MonitorsDeps {
  clock: Clock;
  /** A Prober for the container (through the engine's exec). */
  prober: (id: string) => Prober;
  /** Persists the container's record (ignored once it is gone). */
  persist: (id: string) => Promise<void>;
}

function trace(id: string, message: string): void {
  const t = process.env.ORC_TRACE;
  if (t === undefined || !t.split(',').some((x) => x === 'health' || x === '*')) return;
  process.stderr.write(`health: ${id.slice(0, 12)} ${message}\n`);
}

/**
 * The engine's monitors, one per running container with a probe; status
 * changes go to `onHealth` listeners (the stack reconciler waits on them).
 */
export class HealthMonitors {
  private readonly monitors = new Map<string, HealthMonitor>();
  private readonly events = new EventEmitter();

  constructor(private readonly deps: MonitorsDeps) {
    this.events.setMaxListeners(0);
  }

  /**
   * At a start: the status becomes `starting` and the streak 0 (the log stays).
   * Called before the record of the start is saved; no-op without a probe.
   */
  reset(r: HealthRecord): void {
    if (probeCommand(r.config.healthcheck) === undefined) return;
    const before = r.health?.Status;
    r.health = { Status: 'starting', FailingStreak: 0, Log: r.health?.Log ?? [] };
    if (before !== 'starting') this.emit(r.id, r.health);
  }

  /** Begins probing a running container: after its start, or resumed with its kept state when an engine adopts it. */
  start(r: HealthRecord): void {
    const hc = r.config.healthcheck;
    if (probeCommand(hc) === undefined || hc === undefined) return;
    void this.stop(r.id);
    if (r.health === undefined) this.reset(r);
    const health = r.health as HealthState;
    const m = new HealthMonitor(
      { id: r.id, startedAt: r.startedAt, healthcheck: hc, health },
      {
        clock: this.deps.clock,
        probe: this.deps.prober(r.id),
        persist: () => this.deps.persist(r.id),
        changed: (status) => {
          trace(r.id, `${status} (failing streak ${health.FailingStreak})`);
          this.emit(r.id, health);
        },
      },
    );
    this.monitors.set(r.id, m);
    trace(r.id, `probing: ${health.Status}`);
    m.start();
  }

  /** Ends the container's probing (its exit, stop, remove); resolves once no probe of it runs. */
  async stop(id: string): Promise<void> {
    const m = this.monitors.get(id);
    if (m === undefined) return;
    this.monitors.delete(id);
    await m.stop();
  }

  /** Every monitor (the engine closes). */
  async stopAll(): Promise<void> {
    const all = [...this.monitors.values()];
    this.monitors.clear();
    await Promise.all(all.map((m) => m.stop()));
  }

  /** Calls `listener` on every status change of any container; returns the function that removes it. */
  on(listener: (e: HealthEvent) => void): () => void {
    this.events.on('health', listener);
    return () => this.events.off('health', listener);
  }

  private emit(id: string, h: HealthState): void {
    const e: HealthEvent = { id, status: h.Status, failingStreak: h.FailingStreak };
    this.events.emit('health', e);
  }
}
