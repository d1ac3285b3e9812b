/**
 * What every benchmark shares: where the repository is, how a command is timed,
 * the statistics (median, p90) and the Markdown table the results print as.
 * Nothing here touches the network; every child process has a time limit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One line of the results table. Times are milliseconds; null when not measured. */
export interface BenchRow {
  benchmark: string;
  orcMs: number | null;
  /** the peer's figure, when there is a peer for this row */
  peerMs: number | null;
  /** orc / peer */
  ratio: number | null;
  /** what the row is held to, as printed: '≤ 0.5' (ratio) or '< 50 ms' (orc) */
  target: string;
  /** whether the target was met; null when the figure is missing or the row has no target */
  met: boolean | null;
  /** what orcMs and peerMs hold: milliseconds (default), MiB (memory rows) or µs (latency rows) */
  unit?: 'ms' | 'MiB' | 'µs';
}

export interface BenchReport {
  name: string;
  /** peer name and version, e.g. 'docker-compose 1.29.2', or null when not installed */
  peer: string | null;
  rows: BenchRow[];
  /** lines a reader should see under the table (missing peer, failures, sanity checks) */
  notes: string[];
  /** raw samples in ms, by series name, for the JSON file */
  samples: Record<string, number[]>;
  /** false when orc itself failed: the run exits non-zero */
  ok: boolean;
}

export interface BenchOptions {
  /** timed runs per command for whole-command benchmarks */
  runs: number;
  /** whether `runs` was asked for (--runs, ORC_BENCH_RUNS); slow benchmarks take fewer runs by default */
  runsGiven?: boolean;
  /** warm-up runs per command before timing */
  warmups: number;
  /** timed iterations for in-process benchmarks */
  iterations: number;
  /** idle containers per engine in the memory benchmark */
  containers: number;
}

function isOrcRoot(dir: string): boolean {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(pkg, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'orc';
  } catch {
    return false;
  }
}

function walkUp(start: string): string | null {
  let dir = start;
  for (;;) {
    if (isOrcRoot(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * The repository root: the first folder above the compiled file that holds
 * orc's package.json. A private build outside the tree (tsc --outDir /tmp/…)
 * falls back to the working directory, so run it from the repository.
 */
export function findRepoRoot(): string {
  const root = walkUp(dirname(fileURLToPath(import.meta.url))) ?? walkUp(process.cwd());
  if (root === null) throw new Error('bench: cannot find the orc repository (package.json); run from the repository root');
  return root;
}

/** The command line that runs orc's CLI. */
export function orcCommand(repoRoot: string): { cmd: string; args: string[] } {
  return { cmd: process.execPath, args: [join(repoRoot, 'bin', 'orc.js')] };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1] ?? Number.NaN;
}

export interface RunResult {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** only when captured (captureStdout) */
  stdout: string;
  timedOut: boolean;
}

export interface RunSpec {
  cmd: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** kill the child after this long */
  timeoutMs: number;
  /** keep stdout in memory instead of sending it to /dev/null */
  captureStdout?: boolean;
}

const MAX_CAPTURE = 64 * 1024 * 1024;

/** Runs one command to completion and times it, spawn to exit, in wall-clock ms. */
export function timeCommand(spec: RunSpec): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const start = process.hrtime.bigint();
    const child = spawn(spec.cmd, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', spec.captureStdout === true ? 'pipe' : 'ignore', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout?.on('data', (b: Buffer) => {
      if (outBytes < MAX_CAPTURE) out.push(b);
      outBytes += b.length;
    });
    child.stderr?.on('data', (b: Buffer) => {
      if (errBytes < MAX_CAPTURE) err.push(b);
      errBytes += b.length;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, extra = ''): void => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolvePromise({
        ms,
        code,
        signal,
        stderr: Buffer.concat(err).toString('utf8') + extra,
        stdout: Buffer.concat(out).toString('utf8'),
        timedOut,
      });
    };
    child.on('error', (e) => finish(null, null, `${e.message}\n`));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

export function describeFailure(r: RunResult): string {
  if (r.timedOut) return `timed out after ${Math.round(r.ms)} ms`;
  if (r.signal !== null) return `killed by ${r.signal}`;
  if (r.code === null) return 'could not start';
  return `exit code ${r.code}`;
}

/** The version a peer reports, or null when it is not installed or does not answer. */
export function peerVersion(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
  if (r.error !== undefined || r.status !== 0) return null;
  return r.stdout.trim().split('\n')[0] ?? '';
}

/** The inherited environment minus what would change the peers' or orc's behaviour. */
export function cleanEnv(remove: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('COMPOSE_') || k.startsWith('ORC_') || remove.includes(k)) delete env[k];
  }
  return env;
}

export function fmtMs(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return '—';
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

function fmtValue(v: number | null, unit: BenchRow['unit']): string {
  if (unit === 'µs') return v === null || Number.isNaN(v) ? '—' : `${v.toFixed(0)} µs`;
  if (unit !== 'MiB') return fmtMs(v);
  return v === null || Number.isNaN(v) ? '—' : `${v.toFixed(2)} MiB`;
}

function fmtRatio(r: number | null): string {
  return r === null || Number.isNaN(r) ? '—' : r.toFixed(2);
}

function fmtTarget(row: BenchRow): string {
  if (row.met === null) return row.target;
  return `${row.target} ${row.met ? '✓' : '✗'}`;
}

/** The results as a Markdown table, ready to paste into README.md. */
export function markdownTable(reports: readonly BenchReport[]): string {
  const lines = ['| benchmark | orc | peer | ratio | target |', '|---|---:|---:|---:|---|'];
  for (const rep of reports) {
    for (const row of rep.rows) {
      lines.push(`| ${row.benchmark} | ${fmtValue(row.orcMs, row.unit)} | ${fmtValue(row.peerMs, row.unit)} | ${fmtRatio(row.ratio)} | ${fmtTarget(row)} |`);
    }
  }
  return lines.join('\n');
}

/** One line saying where and how the figures were taken. */
export function machineLine(opts: BenchOptions): string {
  const [l1] = loadavg();
  return (
    `node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model.trim() ?? 'unknown'}), ` +
    `load ${(l1 ?? 0).toFixed(2)}; ${opts.runs} interleaved runs after ${opts.warmups} warm-up(s), ` +
    `${opts.iterations} in-process iterations, ${opts.containers} idle containers per engine; figures are medians unless marked p90`
  );
}

/** Options from argv (--runs N, --warmups N, --iterations N) over ORC_BENCH_RUNS and defaults. */
export function parseOptions(argv: readonly string[]): BenchOptions & { only: string[] } {
  const envRuns = Number(process.env['ORC_BENCH_RUNS']);
  const envContainers = Number(process.env['ORC_BENCH_CONTAINERS']);
  const opts = {
    runs: Number.isInteger(envRuns) && envRuns > 0 ? envRuns : 15,
    warmups: 2,
    iterations: 50,
    containers: Number.isInteger(envContainers) && envContainers > 0 ? envContainers : 100,
    runsGiven: Number.isInteger(envRuns) && envRuns > 0,
    only: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    const num = (): number => {
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`bench: ${a} needs a whole number`);
      i++;
      return n;
    };
    if (a === '--runs') {
      opts.runs = Math.max(1, num());
      opts.runsGiven = true;
    }
    else if (a === '--warmups') opts.warmups = num();
    else if (a === '--iterations') opts.iterations = Math.max(1, num());
    else if (a === '--containers') opts.containers = Math.max(1, num());
    else if (a === '--only' && v !== undefined) {
      opts.only.push(v);
      i++;
    } else throw new Error(`bench: unknown argument ${a ?? ''} (known: --runs N, --warmups N, --iterations N, --containers N, --only NAME)`);
  }
  return opts;
}

/** The rows of a side-by-side figure: `<label> (median)` with its ratio against `target` (none when null), then `same (p90)`. */
export function medianAndP90Rows(label: string, orc: readonly number[], peer: readonly number[], target: number | null): BenchRow[] {
  const peerMed = peer.length > 0 ? median(peer) : null;
  const ratio = peerMed === null ? null : median(orc) / peerMed;
  return [
    {
      benchmark: `${label} (median)`,
      orcMs: median(orc),
      peerMs: peerMed,
      ratio,
      target: target === null ? '—' : `≤ ${target.toFixed(1)}`,
      met: target === null || ratio === null ? null : ratio <= target,
    },
    {
      benchmark: 'same (p90)',
      orcMs: percentile(orc, 90),
      peerMs: peer.length > 0 ? percentile(peer, 90) : null,
      ratio: peer.length > 0 ? percentile(orc, 90) / percentile(peer, 90) : null,
      target: '—',
      met: null,
    },
  ];
}

/** Marks `report` failed with the error's message. */
export function noteFailure(report: BenchReport, e: unknown): void {
  report.ok = false;
  report.notes.push(`failed: ${e instanceof Error ? e.message : String(e)}`);
}
