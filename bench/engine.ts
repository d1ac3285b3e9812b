/**
 * The local engine in-process (`Engine` of worker/engine, runtime orc):
 * create + start + wait of a networkless busybox `true`, against `runc run`
 * of the very bundle the engine wrote for such a container (its config.json,
 * its mounted overlay as the rootfs). Interleaved runs after warm-ups, median
 * and p90. The engine's side includes what an engine does beyond the
 * runtime: the overlay mount, the bundle, the shim, the exit record; removing
 * the container afterwards is not timed.
 *
 *   node dist/bench/engine.js [--runs N] [--warmups N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeCgroupTree } from '../test/helpers/host.js';
import { unmountUnder } from '../test/worker/helpers/image.js';
import { Engine } from '../worker/engine/index.js';
import { BENCH_IMAGE, writeBenchImage } from './daemons.js';
import { describeFailure, findRepoRoot, medianAndP90Rows, noteFailure, parseOptions, peerVersion, timeCommand, type BenchOptions, type BenchReport } from './harness.js';

const RUNC = ['/usr/sbin/runc', '/usr/bin/runc'].find((p) => existsSync(p)) ?? null;
const RATIO_TARGET = 1.0;
const OPTIONS = { command: ['true'], network: 'none' };

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export async function runEngineBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'engine', peer: null, rows: [], notes: [], samples: {}, ok: true };
  const native = join(findRepoRoot(), 'native', 'build');
  if (process.getuid?.() !== 0 || !existsSync(join(native, 'orc-runtime')) || !existsSync(join(native, 'orc-shim')) || !existsSync('/bin/busybox')) {
    report.notes.push('skipped: needs root, native/build/orc-runtime and orc-shim (make -C native) and /bin/busybox (busybox-static)');
    return report;
  }
  if (RUNC === null) report.notes.push('runc is not installed: apt-get install runc (only orc is measured)');
  else report.peer = peerVersion(RUNC, ['--version'])?.split('\n')[0] ?? 'runc';

  // short: the shims' sockets under the data root must fit 107 bytes
  const root = mkdtempSync(`/tmp/orce${process.pid}-`);
  const cgroupParent = `/orc-bench-engine-${process.pid}`;
  let engine: Engine | undefined;
  try {
    const archive = join(root, 'busybox.tar');
    writeBenchImage(archive);
    engine = await Engine.open({ dataRoot: join(root, 'data'), runtime: 'orc', cgroupParent });
    await engine.images.loadArchive(archive);

    // runc's bundle: the engine's own for the same container, kept created (so its overlay stays mounted)
    const model = await engine.create(BENCH_IMAGE, OPTIONS);
    const spec = JSON.parse(readFileSync(join(engine.dataRoot, 'containers', model, 'bundle', 'config.json'), 'utf8')) as {
      root: { path: string };
      linux?: { cgroupsPath?: string };
    };
    const bundle = join(root, 'runc-bundle');
    mkdirSync(bundle);
    if (spec.linux !== undefined) spec.linux.cgroupsPath = `${cgroupParent}/runc`;
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));

    const orc: number[] = [];
    const runc: number[] = [];
    let n = 0;
    const orcRun = async (timed: boolean): Promise<void> => {
      const e = engine as Engine;
      const t = process.hrtime.bigint();
      const id = await e.create(BENCH_IMAGE, OPTIONS);
      await e.start(id);
      const code = await e.wait(id);
      const took = ms(t);
      await e.remove(id);
      if (code !== 0) throw new Error(`the engine's container exited ${code}`);
      if (timed) orc.push(took);
    };
    const runcRun = async (timed: boolean): Promise<void> => {
      if (RUNC === null) return;
      const r = await timeCommand({
        cmd: RUNC,
        args: ['--root', join(root, 'runc-state'), 'run', '--bundle', bundle, `orc-bench-${process.pid}-${++n}`],
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
        timeoutMs: 30_000,
      });
      if (r.code !== 0) throw new Error(`runc run failed: ${describeFailure(r)} ${r.stderr.trim()}`);
      if (timed) runc.push(r.ms);
    };
    for (let i = 0; i < opts.warmups + opts.runs; i++) {
      const timed = i >= opts.warmups;
      if (i % 2 === 0) {
        await orcRun(timed);
        await runcRun(timed);
      } else {
        await runcRun(timed);
        await orcRun(timed);
      }
    }
    await engine.remove(model);
    report.samples = { orc, runc };
    report.rows.push(...medianAndP90Rows('engine in-process: create + start + wait, `--network none`, busybox `true`, vs `runc run` of its bundle', orc, runc, RATIO_TARGET));
  } catch (e) {
    noteFailure(report, e);
  } finally {
    if (engine !== undefined) {
      for (const c of engine.list({ all: true })) await engine.remove(c.Id, { force: true }).catch(() => undefined);
      engine.close();
    }
    if (RUNC !== null && existsSync(join(root, 'runc-state'))) {
      // a runc container left by a failed run
      const state = ['--root', join(root, 'runc-state')];
      const left = spawnSync(RUNC, [...state, 'list', '-q'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
      for (const id of left.split('\n').filter((l) => l !== '')) spawnSync(RUNC, [...state, 'delete', '--force', id], { stdio: 'ignore', timeout: 10_000 });
    }
    unmountUnder(root);
    rmSync(root, { recursive: true, force: true });
    removeCgroupTree(cgroupParent);
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runEngineBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
}
