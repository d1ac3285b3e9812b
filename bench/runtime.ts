/**
 * `orc-runtime run` against `runc run` of the same kind of bundle: a static
 * busybox running `true` with Docker's namespaces, mounts, masked paths,
 * capabilities and a cgroup. Interleaved runs, median and p90 wall time.
 *
 * This times the runtime alone; `engine.ts` times the engine's
 * create+start+wait, `run-rm.ts` the whole `orc run --rm` through the daemon.
 *
 *   node dist/bench/runtime.js [--runs N] [--warmups N]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  describeFailure,
  findRepoRoot,
  medianAndP90Rows,
  parseOptions,
  peerVersion,
  timeCommand,
  type BenchOptions,
  type BenchReport,
  type RunSpec,
} from './harness.js';

const BUSYBOX = '/bin/busybox';
const RUNC = ['/usr/sbin/runc', '/usr/bin/runc'].find((p) => existsSync(p)) ?? null;
const RATIO_TARGET = 1.0;
const TIMEOUT_MS = 30_000;

const CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** A bundle whose rootfs is the static busybox with its applets, running `true`. */
function makeBundle(root: string, name: string): string {
  const dir = join(root, name);
  const rootfs = join(dir, 'rootfs');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp']) mkdirSync(join(rootfs, d), { recursive: true });
  writeFileSync(join(rootfs, 'bin', 'busybox'), readFileSync(BUSYBOX), { mode: 0o755 });
  symlinkSync('busybox', join(rootfs, 'bin', 'true'));
  const config = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['/bin/true'],
      env: ['PATH=/bin'],
      cwd: '/',
      capabilities: { bounding: CAPS, effective: CAPS, permitted: CAPS },
      noNewPrivileges: true,
    },
    root: { path: 'rootfs' },
    hostname: 'bench',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' }],
      maskedPaths: ['/proc/kcore', '/proc/keys', '/proc/timer_list', '/sys/firmware'],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
      cgroupsPath: `/orc-bench-${name}-${process.pid}`,
      resources: {},
    },
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

export async function runRuntimeBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'runtime', peer: null, rows: [], notes: [], samples: {}, ok: true };
  const orcRuntime = join(findRepoRoot(), 'native', 'build', 'orc-runtime');
  if (!existsSync(orcRuntime) || !existsSync(BUSYBOX) || process.getuid?.() !== 0) {
    report.notes.push('skipped: needs root, native/build/orc-runtime (make -C native) and /bin/busybox (busybox-static)');
    return report;
  }
  if (RUNC === null) report.notes.push('runc is not installed: apt-get install runc (only orc is measured)');
  else report.peer = peerVersion(RUNC, ['--version'])?.split('\n')[0] ?? 'runc';

  const root = mkdtempSync(join(tmpdir(), 'orc-bench-runtime-'));
  try {
    const orcBundle = makeBundle(root, 'orc');
    const runcBundle = makeBundle(root, 'runc');
    let n = 0;
    const spec = (cmd: string, bundle: string, state: string): RunSpec => ({
      cmd,
      args: ['--root', join(root, state), 'run', '--bundle', bundle, `bench-${process.pid}-${++n}`],
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
      timeoutMs: TIMEOUT_MS,
    });
    const orcMs: number[] = [];
    const runcMs: number[] = [];
    const total = opts.warmups + opts.runs;
    for (let i = 0; i < total; i++) {
      const order = i % 2 === 0 ? ['orc', 'runc'] : ['runc', 'orc'];
      for (const which of order) {
        if (which === 'runc' && RUNC === null) continue;
        const r = await timeCommand(which === 'orc' ? spec(orcRuntime, orcBundle, 'orc-state') : spec(RUNC as string, runcBundle, 'runc-state'));
        if (r.code !== 0) {
          report.notes.push(`${which} run failed: ${describeFailure(r)} ${r.stderr.trim()}`);
          if (which === 'orc') report.ok = false;
          return report;
        }
        if (i >= opts.warmups) (which === 'orc' ? orcMs : runcMs).push(r.ms);
      }
    }
    report.samples = { orc: orcMs, runc: runcMs };
    report.rows.push(...medianAndP90Rows('runtime `run` of busybox `true`, same bundle', orcMs, runcMs, RATIO_TARGET));
  } finally {
    // containers and their cgroups are gone after `run`; state dirs and bundles go with the root
    rmSync(root, { recursive: true, force: true });
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runRuntimeBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
}
