/**
 * `orc run --rm IMG true` (the real CLI against an `orc daemon` on a private
 * socket) against `docker run --rm IMG true` (Debian's docker client against a
 * private dockerd), the same busybox image loaded into both. Whole commands,
 * spawn to exit; interleaved runs after warm-ups, median and p90.
 *
 * Like with like: `--network none` on both sides. Each side's default network
 * is timed too, as information: orc's default is a bare network namespace with
 * `lo`, Docker's is a veth pair on its bridge (here without iptables rules).
 *
 *   node dist/bench/run-rm.js [--runs N] [--warmups N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_IMAGE, startEngines, type Dockerd, type OrcDaemon } from './daemons.js';
import { cleanEnv, describeFailure, medianAndP90Rows, noteFailure, parseOptions, timeCommand, type BenchOptions, type BenchReport } from './harness.js';

const RATIO_TARGET = 0.3;
const TIMEOUT_MS = 60_000;

export async function runRunRmBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'run', peer: null, rows: [], notes: [], samples: {}, ok: true };
  if (process.getuid?.() !== 0) {
    report.notes.push('skipped: needs root (the orc daemon mounts overlays and makes namespaces and cgroups)');
    return report;
  }
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-run-'));
  let orcd: OrcDaemon | undefined;
  let dockerd: Dockerd | undefined;
  try {
    ({ orcd, dockerd } = await startEngines(join(dir, 'busybox.tar'), report));

    const env = cleanEnv(['DOCKER_HOST', 'DOCKER_CONTEXT']);
    const series = {
      orcNone: [] as number[],
      dockerNone: [] as number[],
      orcDefault: [] as number[],
      dockerBridge: [] as number[],
    };
    const kinds: Array<{ key: keyof typeof series; cli: { cmd: string; args: string[] } | undefined; net: string[] }> = [
      { key: 'orcNone', cli: orcd.cli, net: ['--network', 'none'] },
      { key: 'dockerNone', cli: dockerd?.cli, net: ['--network', 'none'] },
      { key: 'orcDefault', cli: orcd.cli, net: [] },
      { key: 'dockerBridge', cli: dockerd?.cli, net: [] },
    ];
    for (let i = 0; i < opts.warmups + opts.runs; i++) {
      // orc first on even runs, the peer first on odd ones
      const order = i % 2 === 0 ? kinds : [kinds[1], kinds[0], kinds[3], kinds[2]];
      for (const k of order) {
        if (k === undefined || k.cli === undefined) continue;
        const r = await timeCommand({
          cmd: k.cli.cmd,
          args: [...k.cli.args, 'run', '--rm', ...k.net, BENCH_IMAGE, 'true'],
          cwd: dir,
          env,
          timeoutMs: TIMEOUT_MS,
        });
        if (r.code !== 0) {
          const who = k.key.startsWith('orc') ? 'orc' : 'docker';
          report.notes.push(`${who} run --rm ${k.net.join(' ')} failed: ${describeFailure(r)} ${r.stderr.trim()}`);
          if (who === 'orc') report.ok = false;
          return report;
        }
        if (i >= opts.warmups) series[k.key].push(r.ms);
      }
    }
    report.samples = series;
    report.rows.push(...medianAndP90Rows('`run --rm` busybox `true`, `--network none` on both, whole CLI command', series.orcNone, series.dockerNone, RATIO_TARGET));
    report.rows.push(...medianAndP90Rows('`run --rm` busybox `true`, default network (orc: netns with lo; docker: bridge, no iptables)', series.orcDefault, series.dockerBridge, null).slice(0, 1));
    const left = [orcd.orc(['ps', '-aq']).stdout.trim(), dockerd?.docker(['ps', '-aq']).stdout.trim() ?? ''].filter((s) => s !== '');
    if (left.length > 0) report.notes.push(`containers left after run --rm: ${left.join(' ')}`);
  } catch (e) {
    noteFailure(report, e);
  } finally {
    await dockerd?.stop();
    await orcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runRunRmBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
}
