/**
 * The two engines the local-engine benchmarks talk to, each on a private
 * socket and data root: an `orc daemon` of this repository, and Debian's
 * dockerd (docker.io, 20.10) with the containerd it starts itself. Both are
 * stopped at the end with nothing left behind: containers, mounts, cgroups,
 * the bridge, and the files dockerd writes outside its roots.
 *
 * dockerd runs with `--iptables=false --ip-forward=false --ip-masq=false` and
 * its default bridge on a device the bench creates (`orcb0`, 198.18.0.1/24,
 * the benchmarking range of RFC 2544), so it touches neither nftables nor
 * forwarding. A dockerd already answering on ORC_BENCH_DOCKER_HOST (or on the
 * bench's own socket) is used as it is and left running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers } from '../common/socket.js';
import { removeCgroupTree } from '../test/helpers/host.js';
import { fullBusyboxEntries, image, layer, legacyArchive, unmountUnder } from '../test/worker/helpers/image.js';
import { findRepoRoot, orcCommand, type BenchReport } from './harness.js';

export const DOCKER = '/usr/bin/docker';
export const DOCKERD = '/usr/sbin/dockerd';
/** The image both engines run: the host's static busybox with every applet. */
export const BENCH_IMAGE = 'orc-bench/busybox:1';

const BENCH_RUN = '/run/orc-bench';
const DOCKER_SOCKET = `${BENCH_RUN}/docker.sock`;
const BRIDGE = 'orcb0';
const BRIDGE_CIDR = '198.18.0.1/24';
const DOCKER_CGROUP = '/orc-bench-docker';
/** Written by dockerd or its shims outside --data-root/--exec-root; removed again when the bench created them. */
const DOCKER_STRAYS = ['/etc/docker/key.json', '/run/docker/plugins', '/run/docker', '/run/containerd/s', '/run/containerd'];

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A docker-save archive of BENCH_IMAGE, written to `path`. */
export function writeBenchImage(path: string): void {
  writeFileSync(path, legacyArchive([image([layer(fullBusyboxEntries())], [BENCH_IMAGE], { Env: ['PATH=/bin'], Cmd: ['sh'] })]));
}

async function waitForSocket(socket: string, child: ChildProcess, what: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await answers(socket))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}): ${log().trim().split('\n').slice(-5).join(' | ')}`);
    if (Date.now() > deadline) throw new Error(`${what} did not answer on ${socket} within 30 s`);
    await sleep(25);
  }
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface CmdResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runSync(cmd: string, args: string[], timeoutMs = 120_000): CmdResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error !== undefined ? r.error.message : '') };
}

// ── orc daemon ─────────────────────────────────────────────────────────

export interface OrcDaemon {
  socket: string;
  dataRoot: string;
  cgroupParent: string;
  /** the command line of the CLI against this daemon: node bin/orc.js -H unix://SOCKET */
  cli: { cmd: string; args: string[] };
  orc: (args: string[]) => CmdResult;
  /** Removes every container, stops the daemon, unmounts and deletes its root and cgroups. */
  stop: () => Promise<void>;
}

export async function startOrcDaemon(): Promise<OrcDaemon> {
  const repo = findRepoRoot();
  const { cmd, args } = orcCommand(repo);
  // short: the shims' sockets under the data root must fit 107 bytes
  const dataRoot = mkdtempSync(`/tmp/orcb${process.pid}-`);
  const socket = join(dataRoot, 's');
  const cgroupParent = `/orc-bench-${process.pid}`;
  let log = '';
  const child = spawn(cmd, [...args, 'daemon', '--data-root', dataRoot, '--socket', socket, '--cgroup-parent', cgroupParent], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const cli = { cmd, args: [...args, '-H', `unix://${socket}`] };
  const orc = (a: string[]): CmdResult => runSync(cli.cmd, [...cli.args, ...a]);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const ids = orc(['ps', '-aq', '--no-trunc']).stdout.split('\n').filter((l) => l !== '');
      for (let i = 0; i < ids.length; i += 50) orc(['rm', '-f', ...ids.slice(i, i + 50)]);
    }
    await stopChild(child, 15_000);
    unmountUnder(dataRoot);
    rmSync(dataRoot, { recursive: true, force: true });
    removeCgroupTree(cgroupParent);
  };
  try {
    await waitForSocket(socket, child, 'orc daemon', () => log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { socket, dataRoot, cgroupParent, cli, orc, stop };
}

// ── dockerd ────────────────────────────────────────────────────────────

export interface Dockerd {
  host: string;
  version: string;
  /** the command line of Debian's docker client against this daemon */
  cli: { cmd: string; args: string[] };
  docker: (args: string[]) => CmdResult;
  /** true when the bench started this dockerd (and stops it) */
  own: boolean;
  /** Stops an own dockerd (SIGTERM, wait) and removes what it left behind. */
  stop: () => Promise<void>;
}

function dockerAt(host: string): Pick<Dockerd, 'cli' | 'docker'> {
  const cli = { cmd: DOCKER, args: ['-H', host] };
  return { cli, docker: (a) => runSync(DOCKER, [...cli.args, ...a]) };
}

function ip(args: string[]): CmdResult {
  return runSync('ip', args, 10_000);
}

/**
 * A dockerd to compare with, or the reason there is none. Starts one in the
 * background unless one already answers on ORC_BENCH_DOCKER_HOST or on the
 * bench's socket.
 */
export async function startDockerd(): Promise<Dockerd | { skipped: string }> {
  if (!existsSync(DOCKER) || !existsSync(DOCKERD)) return { skipped: `${DOCKERD} and ${DOCKER} are missing: bash bench/setup-peers.sh (installs docker.io)` };
  if (process.getuid?.() !== 0) return { skipped: 'dockerd needs root' };
  const given = process.env['ORC_BENCH_DOCKER_HOST'];
  for (const host of given !== undefined ? [given] : [`unix://${DOCKER_SOCKET}`]) {
    if (!host.startsWith('unix://') || !(await answers(host.slice('unix://'.length)))) continue;
    const d = dockerAt(host);
    const v = d.docker(['version', '--format', '{{.Server.Version}}']);
    if (v.code === 0) return { host, version: `dockerd ${v.stdout.trim()} (already running at ${host})`, ...d, own: false, stop: async () => undefined };
  }
  if (given !== undefined) return { skipped: `ORC_BENCH_DOCKER_HOST=${given} does not answer` };

  const strays = DOCKER_STRAYS.filter((p) => !existsSync(p));
  mkdirSync(BENCH_RUN, { recursive: true, mode: 0o700 });
  const dataRoot = mkdtempSync(join(tmpdir(), 'orc-bench-docker-'));
  const execRoot = join(BENCH_RUN, 'exec');
  const madeBridge = !existsSync(`/sys/class/net/${BRIDGE}`);
  if (madeBridge) {
    const add = ip(['link', 'add', BRIDGE, 'type', 'bridge']);
    if (add.code !== 0) return { skipped: `cannot create the bridge ${BRIDGE}: ${add.stderr.trim()}` };
    ip(['addr', 'add', BRIDGE_CIDR, 'dev', BRIDGE]);
    ip(['link', 'set', BRIDGE, 'up']);
  }
  let log = '';
  const child = spawn(DOCKERD, [
    '--data-root', dataRoot,
    '--exec-root', execRoot,
    '-H', `unix://${DOCKER_SOCKET}`,
    '--pidfile', join(BENCH_RUN, 'dockerd.pid'),
    '--cgroup-parent', DOCKER_CGROUP,
    '--bridge', BRIDGE,
    '--iptables=false', '--ip-forward=false', '--ip-masq=false', '--userland-proxy=false',
    '--log-level', 'warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));

  const stop = async (): Promise<void> => {
    await stopChild(child, 30_000);
    // containerd is dockerd's child and stops with it; its shims outlive it only when containers are left
    unmountUnder(execRoot);
    unmountUnder(dataRoot);
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(BENCH_RUN, { recursive: true, force: true });
    removeCgroupTree(DOCKER_CGROUP);
    if (madeBridge) ip(['link', 'del', BRIDGE]);
    for (const p of strays) {
      try {
        if (p.endsWith('.json')) rmSync(p, { force: true });
        else if (existsSync(p) && readdirSync(p).length === 0) rmdirSync(p);
      } catch {
        // in use by someone else: leave it
      }
    }
  };
  const host = `unix://${DOCKER_SOCKET}`;
  try {
    await waitForSocket(DOCKER_SOCKET, child, 'dockerd', () => log);
  } catch (e) {
    await stop();
    const logFile = join(tmpdir(), `orc-bench-dockerd-${process.pid}.log`);
    writeFileSync(logFile, log);
    return { skipped: `dockerd did not start: ${e instanceof Error ? e.message : String(e)} (its log: ${logFile})` };
  }
  const d = dockerAt(host);
  const v = d.docker(['version', '--format', '{{.Server.Version}}']);
  return { host, version: `dockerd ${v.stdout.trim()}`, ...d, own: true, stop };
}

/** Resident and proportional memory of a process in KiB (smaps_rollup), or null when it is gone. */
export function memoryOf(pid: number): { rssKiB: number; pssKiB: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { rssKiB: field('Rss'), pssKiB: field('Pss') };
  } catch {
    return null;
  }
}

/** Pids of the processes whose command line (NUL-joined) `match` accepts. */
export function pidsWhere(match: (argv: string[]) => boolean): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (match(argv)) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}

// ── both engines with the bench image ─────────────────────────────────

export interface Engines {
  orcd: OrcDaemon;
  /** Undefined when dockerd did not start or could not load the image (`dockerSkipped` says why). */
  dockerd?: Dockerd;
  dockerSkipped?: string;
}

/** A private orc daemon and the bench's dockerd, each with the bench image loaded from `archive` (written here); dockerd's
 *  version is `report`'s peer, or a note says why docker is skipped. A failed orc load throws, after stopping the orc
 *  daemon; a failed docker load leaves docker out. */
export async function startEngines(archive: string, report: BenchReport): Promise<Engines> {
  const engines = await startBoth(archive);
  if (engines.dockerd !== undefined) report.peer = engines.dockerd.version;
  else report.notes.push(`docker skipped: ${engines.dockerSkipped}; only orc is measured`);
  return engines;
}

async function startBoth(archive: string): Promise<Engines> {
  writeBenchImage(archive);
  const orcd = await startOrcDaemon();
  try {
    const loaded = orcd.orc(['image', 'load', '-i', archive]);
    if (loaded.code !== 0) throw new Error(`orc image load: ${loaded.stderr.trim()}`);
    const d = await startDockerd();
    if ('skipped' in d) return { orcd, dockerSkipped: d.skipped };
    const l = d.docker(['load', '-i', archive]);
    if (l.code === 0) return { orcd, dockerd: d };
    await d.stop();
    return { orcd, dockerSkipped: `docker load failed: ${l.stderr.trim()}` };
  } catch (e) {
    await orcd.stop();
    throw e;
  }
}
