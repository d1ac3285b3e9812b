/**
 * `orc config` against `docker-compose config` on the generated 200-service
 * project with two override files.
 *
 * (a) whole command: both CLIs with the same -f flags in the same project
 *     directory, stdout to /dev/null, warm-ups then interleaved timed runs
 *     (orc first on even runs, the peer first on odd ones, so drift in the
 *     machine's load falls on both); median and p90 wall time, ratio orc/peer.
 * (b) in-process: `loadProject` on the same project, warm-ups then timed
 *     iterations; median (and p90).
 *
 * One untimed run of each command first checks that both print all services,
 * so the two sides are known to do the same work.
 *
 *   node dist/bench/config.js [--runs N] [--warmups N] [--iterations N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { isOrcError } from '../common/errors.js';
import { loadProject } from '../compose/index.js';
import { generateProject, type GeneratedProject } from './gen-project.js';
import {
  cleanEnv,
  describeFailure,
  findRepoRoot,
  machineLine,
  markdownTable,
  median,
  orcCommand,
  parseOptions,
  peerVersion,
  percentile,
  timeCommand,
  type BenchOptions,
  type BenchReport,
  type RunSpec,
} from './harness.js';

const PEER = 'docker-compose';
const RATIO_TARGET = 0.5;
const LOAD_TARGET_MS = 50;
const RUN_TIMEOUT_MS = 60_000;

/** How many services a `config` output lists, or an explanation of why it could not be read. */
function countServices(stdout: string): number | string {
  try {
    const doc: unknown = parse(stdout);
    if (typeof doc !== 'object' || doc === null) return 'output is not a YAML mapping';
    const services = (doc as { services?: unknown }).services;
    if (typeof services !== 'object' || services === null) return 'output has no services mapping';
    return Object.keys(services).length;
  } catch (e) {
    return `output is not YAML: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function indent(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed === '' ? '    (no stderr)' : trimmed.split('\n').map((l) => `    ${l}`).join('\n');
}

async function wholeCommand(
  project: GeneratedProject,
  opts: BenchOptions,
  peer: string | null,
  report: BenchReport,
): Promise<void> {
  const env = cleanEnv(project.variables);
  const fileArgs = project.files.flatMap((f) => ['-f', f]);
  const orc = orcCommand(findRepoRoot());
  const orcSpec: RunSpec = { cmd: orc.cmd, args: [...orc.args, 'config', ...fileArgs], cwd: project.dir, env, timeoutMs: RUN_TIMEOUT_MS };
  const peerSpec: RunSpec | null =
    peer === null ? null : { cmd: PEER, args: [...fileArgs, 'config'], cwd: project.dir, env, timeoutMs: RUN_TIMEOUT_MS };

  // Untimed check: both succeed and print every service.
  let orcOk = true;
  const check = await timeCommand({ ...orcSpec, captureStdout: true });
  if (check.code !== 0) {
    orcOk = false;
    report.ok = false;
    const hint = check.stderr.includes('ERR_MODULE_NOT_FOUND') ? ' (is the repository built? npm run build)' : '';
    report.notes.push(
      `orc config failed (${describeFailure(check)})${hint}: ${orc.cmd} ${orcSpec.args.join(' ')}\n${indent(check.stderr)}`,
    );
  } else {
    const n = countServices(check.stdout);
    if (n !== project.services) {
      report.ok = false;
      report.notes.push(`orc config printed ${typeof n === 'number' ? `${n} services` : n}; expected ${project.services} services`);
    }
  }
  let peerOk = peerSpec !== null;
  if (peerSpec !== null) {
    const pc = await timeCommand({ ...peerSpec, captureStdout: true });
    if (pc.code !== 0) {
      peerOk = false;
      report.notes.push(`${PEER} config failed (${describeFailure(pc)}); peer figures left out\n${indent(pc.stderr)}`);
    } else {
      const n = countServices(pc.stdout);
      if (n !== project.services) report.notes.push(`${PEER} config printed ${String(n)} services; expected ${project.services}`);
    }
  }

  const series: Array<{ key: 'orc' | 'peer'; spec: RunSpec }> = [];
  if (orcOk) series.push({ key: 'orc', spec: orcSpec });
  if (peerOk && peerSpec !== null) series.push({ key: 'peer', spec: peerSpec });
  const samples: Record<'orc' | 'peer', number[]> = { orc: [], peer: [] };

  for (let i = 0; i < opts.warmups + opts.runs; i++) {
    const order = i % 2 === 0 ? series : [...series].reverse();
    for (const s of order) {
      const r = await timeCommand(s.spec);
      if (r.code !== 0) {
        const who = s.key === 'orc' ? 'orc config' : `${PEER} config`;
        report.notes.push(`${who} failed on run ${i + 1} (${describeFailure(r)})\n${indent(r.stderr)}`);
        if (s.key === 'orc') report.ok = false;
        return;
      }
      if (i >= opts.warmups) samples[s.key].push(r.ms);
    }
  }

  report.samples['config.orc'] = samples.orc;
  report.samples['config.peer'] = samples.peer;
  const orcMed = samples.orc.length > 0 ? median(samples.orc) : null;
  const orcP90 = samples.orc.length > 0 ? percentile(samples.orc, 90) : null;
  const peerMed = samples.peer.length > 0 ? median(samples.peer) : null;
  const peerP90 = samples.peer.length > 0 ? percentile(samples.peer, 90) : null;
  const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a / b);
  const medRatio = ratio(orcMed, peerMed);
  const label = `config, ${project.services} services + ${project.files.length - 1} overrides`;
  report.rows.push(
    {
      benchmark: `${label} (median)`,
      orcMs: orcMed,
      peerMs: peerMed,
      ratio: medRatio,
      target: `≤ ${RATIO_TARGET}`,
      met: medRatio === null ? null : medRatio <= RATIO_TARGET,
    },
    { benchmark: `${label} (p90)`, orcMs: orcP90, peerMs: peerP90, ratio: ratio(orcP90, peerP90), target: '—', met: null },
  );
}

function inProcess(project: GeneratedProject, opts: BenchOptions, report: BenchReport): void {
  const env: Record<string, string | undefined> = cleanEnv(project.variables);
  const files = project.files.map((f) => join(project.dir, f));
  let warnings: string[] = [];
  const load = (): void => {
    const result = loadProject({ cwd: project.dir, env, files });
    warnings = result.warnings.map((w) => `${w.code}: ${w.message}`);
  };
  const times: number[] = [];
  let first = Number.NaN;
  try {
    const warmups = Math.max(opts.warmups, 5);
    for (let i = 0; i < warmups + opts.iterations; i++) {
      const t0 = process.hrtime.bigint();
      load();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i === 0) first = ms;
      if (i >= warmups) times.push(ms);
    }
  } catch (e) {
    report.ok = false;
    // an OrcError's message already says what and where; anything else needs its stack
    const detail = isOrcError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
    report.notes.push(`loadProject failed on the generated project:\n${indent(detail)}`);
    return;
  }
  report.samples['loadProject'] = times;
  if (warnings.length > 0) {
    const shown = warnings.slice(0, 5).join('\n');
    report.notes.push(`loadProject reported ${warnings.length} warning(s) on the generated project:\n${indent(shown)}`);
  }
  const med = median(times);
  report.rows.push(
    { benchmark: 'config, loader in-process (median)', orcMs: med, peerMs: null, ratio: null, target: `< ${LOAD_TARGET_MS} ms`, met: med < LOAD_TARGET_MS },
    { benchmark: 'config, loader in-process (p90)', orcMs: percentile(times, 90), peerMs: null, ratio: null, target: '—', met: null },
    { benchmark: 'config, loader in-process (first call)', orcMs: first, peerMs: null, ratio: null, target: '—', met: null },
  );
}

/** Runs the `orc config` benchmark in a temporary project and removes it afterwards. */
export async function runConfigBench(opts: BenchOptions): Promise<BenchReport> {
  const peerVer = peerVersion(PEER, ['version', '--short']);
  const report: BenchReport = {
    name: 'config',
    peer: peerVer === null ? null : `${PEER} ${peerVer}`,
    rows: [],
    notes: [],
    samples: {},
    ok: true,
  };
  if (peerVer === null) {
    report.notes.push(`${PEER} is not installed: peer figures left out. Install the peers with: bash bench/setup-peers.sh`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'orc-bench-config-'));
  try {
    // a fixed folder name gives both tools the same project name on every run
    const project = generateProject(join(tmp, 'benchproj'));
    await wholeCommand(project, opts, peerVer, report);
    inProcess(project, opts, report);
  } finally {
    if (process.env['ORC_BENCH_KEEP'] === '1') report.notes.push(`project kept in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  return report;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseOptions(process.argv.slice(2));
  const report = await runConfigBench(opts);
  process.stdout.write(`${markdownTable([report])}\n\n${machineLine(opts)}\n`);
  for (const n of report.notes) process.stdout.write(`\n${n}\n`);
  if (!report.ok) process.exitCode = 1;
}
