/**
 * Pulling a 5-layer image (busybox plus four 4 MiB layers, ~17 MB) from a
 * docker-registry on 127.0.0.1 into a fresh image store, against
 * `skopeo copy docker://… dir:…` of the same image. Interleaved runs;
 * median and p90 wall time. The image and the registry are built with the
 * tests' own helpers.
 *
 *   node dist/bench/pull.js [--runs N] [--warmups N]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyboxLayer, image, layer, legacyArchive } from '../test/worker/helpers/image.js';
import { skopeoPush, startRegistry } from '../test/worker/helpers/registry.js';
import { ImageStore } from '../worker/images/index.js';
import { pull } from '../worker/registry/index.js';
import { median, parseOptions, peerVersion, percentile, type BenchOptions, type BenchReport } from './harness.js';

const RATIO_TARGET = 1.2;

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export async function runPullBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'pull', peer: null, rows: [], notes: [], samples: {}, ok: true };
  if (!existsSync('/usr/bin/docker-registry') || !existsSync('/usr/bin/skopeo') || !existsSync('/bin/busybox')) {
    report.notes.push('skipped: needs docker-registry, skopeo and busybox-static (bash bench/setup-peers.sh)');
    return report;
  }
  report.peer = peerVersion('skopeo', ['--version'])?.trim() ?? 'skopeo';
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-pull-'));
  const registry = await startRegistry(dir);
  try {
    const layers = [busyboxLayer(), ...[1, 2, 3, 4].map((i) => layer([{ name: `data${i}`, data: randomBytes(4 << 20) }]))];
    const archive = join(dir, 'five.tar');
    writeFileSync(archive, legacyArchive([image(layers, ['five:latest'])]));
    const ref = `127.0.0.1:${registry.port}/five:latest`;
    await skopeoPush(archive, ref);
    const orc: number[] = [];
    const skopeo: number[] = [];
    for (let i = 0; i < opts.warmups + opts.runs; i++) {
      const timed = i >= opts.warmups;
      const orcRun = async (): Promise<void> => {
        const root = join(dir, `store-${i}`);
        const store = await ImageStore.open(root);
        const t = process.hrtime.bigint();
        await pull(store, ref, { configPath: join(dir, 'no-credentials.json') });
        if (timed) orc.push(ms(t));
        rmSync(root, { recursive: true, force: true });
      };
      const skopeoRun = (): void => {
        const out = join(dir, `skopeo-${i}`);
        const t = process.hrtime.bigint();
        execFileSync('skopeo', ['--insecure-policy', 'copy', '-q', '--src-tls-verify=false', `docker://${ref}`, `dir:${out}`]);
        if (timed) skopeo.push(ms(t));
        rmSync(out, { recursive: true, force: true });
      };
      if (i % 2 === 0) {
        await orcRun();
        skopeoRun();
      } else {
        skopeoRun();
        await orcRun();
      }
    }
    report.samples = { orc, skopeo };
    const ratio = median(orc) / median(skopeo);
    report.rows.push({
      benchmark: 'pull of a 5-layer image (~17 MB) from a loopback registry (median)',
      orcMs: median(orc),
      peerMs: median(skopeo),
      ratio,
      target: `≤ ${RATIO_TARGET}`,
      met: ratio <= RATIO_TARGET,
    });
    report.rows.push({
      benchmark: 'same (p90)',
      orcMs: percentile(orc, 90),
      peerMs: percentile(skopeo, 90),
      ratio: percentile(orc, 90) / percentile(skopeo, 90),
      target: '—',
      met: null,
    });
  } catch (e) {
    report.ok = false;
    report.notes.push(`pull failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runPullBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
}
