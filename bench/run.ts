/**
 * Runs every benchmark in bench/ in one go, prints one Markdown table (ready to
 * paste into README.md) and writes the figures and raw samples as JSON beside
 * the compiled harness: dist/bench-results.json.
 *
 *   npm run bench [-- --runs N --warmups N --iterations N --containers N --only config]
 *
 * Exits non-zero when orc itself failed in any benchmark.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runClusterBench } from './cluster.js';
import { runComposeBench } from './compose.js';
import { runConfigBench } from './config.js';
import { runDnsBench } from './dns.js';
import { runEngineBench } from './engine.js';
import { runIdleBench } from './idle.js';
import { runPullBench } from './pull.js';
import { runRunRmBench } from './run-rm.js';
import { runRuntimeBench } from './runtime.js';
import { runSchedulerBench } from './scheduler.js';
import { machineLine, markdownTable, parseOptions, type BenchOptions, type BenchReport } from './harness.js';

interface Benchmark {
  name: string;
  run: (opts: BenchOptions) => Promise<BenchReport>;
}

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'config', run: runConfigBench },
  { name: 'runtime', run: runRuntimeBench },
  { name: 'engine', run: runEngineBench },
  { name: 'run', run: runRunRmBench },
  { name: 'idle', run: runIdleBench },
  { name: 'pull', run: runPullBench },
  { name: 'compose', run: runComposeBench },
  { name: 'dns', run: runDnsBench },
  { name: 'scheduler', run: runSchedulerBench },
  { name: 'cluster', run: runClusterBench },
];

const RESULTS_FILE = fileURLToPath(new URL('../bench-results.json', import.meta.url));

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const unknown = opts.only.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no benchmark named ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})\n`);
    return 2;
  }
  const selected = opts.only.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => opts.only.includes(b.name));
  const reports: BenchReport[] = [];
  for (const b of selected) {
    process.stderr.write(`bench: ${b.name}…\n`);
    reports.push(await b.run(opts));
  }

  const peers = reports.map((r) => r.peer).filter((p): p is string => p !== null);
  process.stdout.write(`${markdownTable(reports)}\n\n`);
  process.stdout.write(`peers: ${peers.length > 0 ? [...new Set(peers)].join(', ') : 'none installed'}; ratio = orc / peer\n`);
  process.stdout.write(`${machineLine(opts)}\n`);
  for (const r of reports) for (const n of r.notes) process.stdout.write(`\n[${r.name}] ${n}\n`);

  const json = {
    date: new Date().toISOString(),
    node: process.version,
    options: { runs: opts.runs, warmups: opts.warmups, iterations: opts.iterations, containers: opts.containers },
    machine: machineLine(opts),
    benchmarks: reports,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nresults written to ${RESULTS_FILE}\n`);
  return reports.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main();
