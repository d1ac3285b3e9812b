/**
 * N idle containers (`sleep`, `--network none`, default 100) on each engine:
 * the per-container monitor's memory. orc: the orc-shim processes of the
 * bench's `orc daemon`; Docker: the containerd-shim-runc-v2 processes of the
 * same number of containers under the bench's dockerd (matched by container
 * id). PSS from /proc/<pid>/smaps_rollup, summed over the shims and divided by
 * N (RSS shown too). The containers are started through each CLI, a few at a
 * time; that wall time is reported as information. Every container is removed
 * afterwards.
 *
 *   node dist/bench/idle.js [--containers N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_IMAGE, memoryOf, pidsWhere, sleep, startEngines, type Dockerd, type OrcDaemon } from './daemons.js';
import { cleanEnv, describeFailure, noteFailure, parseOptions, timeCommand, type BenchOptions, type BenchReport } from './harness.js';

const TARGET_MIB = 1;
/** `run -d` commands in flight at once, per engine. */
const PARALLEL = 4;

/** Starts `n` detached sleepers through a CLI, PARALLEL at a time; their ids and the wall time. */
async function startSleepers(cli: { cmd: string; args: string[] }, n: number, cwd: string): Promise<{ ids: string[]; ms: number; error?: string }> {
  const ids: string[] = [];
  let next = 0;
  let error: string | undefined;
  const env = cleanEnv(['DOCKER_HOST', 'DOCKER_CONTEXT']);
  const t = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < n && error === undefined) {
      next++;
      const r = await timeCommand({
        cmd: cli.cmd,
        args: [...cli.args, 'run', '-d', '--network', 'none', BENCH_IMAGE, 'sleep', '3600'],
        cwd,
        env,
        timeoutMs: 60_000,
        captureStdout: true,
      });
      const id = r.stdout.trim();
      if (r.code !== 0 || !/^[0-9a-f]{64}$/.test(id)) error = `run -d failed: ${describeFailure(r)} ${r.stderr.trim()}`;
      else ids.push(id);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { ids, ms: Number(process.hrtime.bigint() - t) / 1e6, ...(error !== undefined ? { error } : {}) };
}

/** Summed memory of `pids` in MiB. */
function summed(pids: number[]): { pss: number; rss: number; counted: number } {
  let pss = 0;
  let rss = 0;
  let counted = 0;
  for (const p of pids) {
    const m = memoryOf(p);
    if (m === null) continue;
    pss += m.pssKiB;
    rss += m.rssKiB;
    counted++;
  }
  return { pss: pss / 1024, rss: rss / 1024, counted };
}

function argAfter(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
}

export async function runIdleBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'idle', peer: null, rows: [], notes: [], samples: {}, ok: true };
  if (process.getuid?.() !== 0) {
    report.notes.push('skipped: needs root (the orc daemon mounts overlays and makes namespaces and cgroups)');
    return report;
  }
  const n = opts.containers;
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-idle-'));
  let orcd: OrcDaemon | undefined;
  let dockerd: Dockerd | undefined;
  let dockerIds: string[] = [];
  try {
    ({ orcd, dockerd } = await startEngines(join(dir, 'busybox.tar'), report));

    const orcStarted = await startSleepers(orcd.cli, n, dir);
    if (orcStarted.error !== undefined) {
      report.ok = false;
      report.notes.push(`orc ${orcStarted.error}`);
      return report;
    }
    let dockerStarted: { ids: string[]; ms: number; error?: string } | undefined;
    if (dockerd !== undefined) {
      dockerStarted = await startSleepers(dockerd.cli, n, dir);
      dockerIds = dockerStarted.ids;
      if (dockerStarted.error !== undefined) {
        report.notes.push(`docker ${dockerStarted.error}; docker is not measured`);
        dockerStarted = undefined;
      }
    }
    await sleep(1000); // let start-up allocations settle

    const dataRoot = orcd.dataRoot;
    const orcShims = pidsWhere((argv) => (argv[0] ?? '').endsWith('orc-shim') && argv.some((a) => a.startsWith(`${dataRoot}/`)));
    const orcMem = summed(orcShims);
    if (orcMem.counted !== n) report.notes.push(`expected ${n} orc-shim processes, measured ${orcMem.counted}`);
    let peerMem: { pss: number; rss: number; counted: number } | undefined;
    if (dockerStarted !== undefined) {
      const wanted = new Set(dockerStarted.ids);
      const shims = pidsWhere((argv) => (argv[0] ?? '').endsWith('containerd-shim-runc-v2') && wanted.has(argAfter(argv, '-id') ?? ''));
      peerMem = summed(shims);
      if (peerMem.counted !== n) report.notes.push(`expected ${n} containerd-shim-runc-v2 processes, measured ${peerMem.counted}`);
    }
    const per = (v: number | undefined, count: number | undefined): number | null => (v === undefined || count === undefined || count === 0 ? null : v / count);
    const orcPss = per(orcMem.pss, orcMem.counted);
    const peerPss = per(peerMem?.pss, peerMem?.counted);
    report.samples = {
      orcShimPssMiB: [orcMem.pss],
      orcShimRssMiB: [orcMem.rss],
      ...(peerMem !== undefined ? { dockerShimPssMiB: [peerMem.pss], dockerShimRssMiB: [peerMem.rss] } : {}),
      orcStartMs: [orcStarted.ms],
      ...(dockerStarted !== undefined ? { dockerStartMs: [dockerStarted.ms] } : {}),
    };
    report.rows.push(
      {
        benchmark: `${n} idle containers: shim PSS per container (orc-shim vs containerd-shim-runc-v2)`,
        orcMs: orcPss,
        peerMs: peerPss,
        ratio: orcPss !== null && peerPss !== null ? orcPss / peerPss : null,
        target: `≤ ${TARGET_MIB} MiB`,
        met: orcPss === null ? null : orcPss <= TARGET_MIB,
        unit: 'MiB',
      },
      {
        benchmark: 'same, RSS per container',
        orcMs: per(orcMem.rss, orcMem.counted),
        peerMs: per(peerMem?.rss, peerMem?.counted),
        ratio: peerMem !== undefined && peerMem.counted > 0 && orcMem.counted > 0 ? orcMem.rss / orcMem.counted / (peerMem.rss / peerMem.counted) : null,
        target: '—',
        met: null,
        unit: 'MiB',
      },
      {
        benchmark: `${n} × \`run -d --network none … sleep\`, ${PARALLEL} at a time, whole CLI commands (total)`,
        orcMs: orcStarted.ms,
        peerMs: dockerStarted?.ms ?? null,
        ratio: dockerStarted !== undefined ? orcStarted.ms / dockerStarted.ms : null,
        target: '—',
        met: null,
      },
    );
  } catch (e) {
    noteFailure(report, e);
  } finally {
    if (dockerd !== undefined) {
      const ids = dockerd.docker(['ps', '-aq', '--no-trunc']).stdout.split('\n').filter((l) => l !== '');
      // an already-running dockerd may hold others' containers: remove only ours
      const ours = dockerd.own ? ids : ids.filter((id) => dockerIds.includes(id));
      for (let i = 0; i < ours.length; i += 50) dockerd.docker(['rm', '-f', ...ours.slice(i, i + 50)]);
      await dockerd.stop();
    }
    await orcd?.stop(); // removes every container of its private daemon
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runIdleBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
}
