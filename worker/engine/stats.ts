/**
 * A container's resource counters, read the way Docker's daemon reads them:
 * from its cgroup (v1: memory, cpuacct, pids, blkio controllers; v2, when
 * the host is unified: memory.current/.stat/.max, cpu.stat, pids.current,
 * io.stat), host CPU time from /proc/stat, and network bytes from the
 * container's netns (/proc/<pid>/net/dev, loopback left out). One call is
 * one sample; CPU % is the caller's, between two samples, as the docker CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';

/** Where a container's cgroup lives: one dir per v1 controller, or the one v2 dir. */
export type CgroupPaths =
  | { version: 1; dirs: Partial<Record<'memory' | 'cpuacct' | 'pids' | 'blkio' | 'cpu', string>> }
  | { version: 2; dir: string };

export interface StatsSample {
  /** RFC 3339: when it was read. */
  read: string;
  /** Container CPU time (ns), host CPU time (ns, Docker's system_cpu_usage), online CPUs. */
  cpuTotalNs: number;
  systemCpuNs: number;
  onlineCpus: number;
  /** Raw usage, its inactive file pages (Docker subtracts them), and the limit (the host's memory when unlimited). */
  memoryUsage: number;
  memoryInactiveFile: number;
  memoryLimit: number;
  pids: number;
  blockRead: number;
  blockWrite: number;
  netRx: number;
  netTx: number;
}

function read(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function num(text: string | undefined): number {
  const n = Number((text ?? '').trim());
  return Number.isFinite(n) ? n : 0;
}

/** `key value` lines (memory.stat, cpu.stat) → map. */
function keyed(text: string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k !== undefined && k !== '' && v !== undefined) m.set(k, Number(v));
  }
  return m;
}

const CONTROLLERS = ['memory', 'cpuacct', 'pids', 'blkio', 'cpu'] as const;

/**
 * The cgroup of `pid` from /proc/<pid>/cgroup (as this process sees it), or
 * `fallback` (the cgroupsPath the engine gave) when there is no process.
 */
export function containerCgroups(pid: number | undefined, fallback: string, root = '/sys/fs/cgroup', procRoot = '/proc'): CgroupPaths {
  const unified = existsSync(join(root, 'cgroup.controllers'));
  const lines = pid === undefined ? [] : (read(join(procRoot, String(pid), 'cgroup')) ?? '').split('\n');
  if (unified) {
    const line = lines.find((l) => l.startsWith('0::'));
    return { version: 2, dir: join(root, line !== undefined ? line.slice(3) : fallback) };
  }
  const dirs: Partial<Record<(typeof CONTROLLERS)[number], string>> = {};
  for (const c of CONTROLLERS) dirs[c] = join(root, c, fallback);
  for (const line of lines) {
    const parts = line.split(':');
    if (parts.length < 3) continue;
    const path = parts.slice(2).join(':');
    for (const c of (parts[1] ?? '').split(',')) {
      if ((CONTROLLERS as readonly string[]).includes(c)) dirs[c as (typeof CONTROLLERS)[number]] = join(root, c, path);
    }
  }
  return { version: 1, dirs };
}

/** Docker's system_cpu_usage: user..softirq of /proc/stat's `cpu` line, in ns; and the online CPUs. */
export function hostCpu(procRoot = '/proc'): { systemCpuNs: number; onlineCpus: number } {
  const text = read(join(procRoot, 'stat')) ?? '';
  let systemCpuNs = 0;
  let onlineCpus = 0;
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === 'cpu') {
      const ticks = parts.slice(1, 8).reduce((a, v) => a + Number(v), 0);
      systemCpuNs = (ticks * 1e9) / 100; // USER_HZ
    } else if (/^cpu[0-9]+$/.test(parts[0] ?? '')) onlineCpus++;
  }
  return { systemCpuNs, onlineCpus };
}

/** Bytes received and sent on every interface but lo, from a net/dev table. */
export function netBytes(netDev: string | undefined): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of (netDev ?? '').split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim() === 'lo') continue;
    const f = line.slice(colon + 1).trim().split(/\s+/);
    rx += Number(f[0] ?? 0);
    tx += Number(f[8] ?? 0);
  }
  return { rx, tx };
}

/** v1 blkio `MAJ:MIN Read N` lines, summed per direction. */
function blkioV1(text: string | undefined): { read: number; write: number } {
  let r = 0;
  let w = 0;
  for (const line of (text ?? '').split('\n')) {
    const [, op, v] = line.trim().split(/\s+/);
    if (op === 'Read') r += Number(v);
    else if (op === 'Write') w += Number(v);
  }
  return { read: r, write: w };
}

/** v2 io.stat `MAJ:MIN rbytes=N wbytes=N …`, summed. */
function ioStatV2(text: string | undefined): { read: number; write: number } {
  let r = 0;
  let w = 0;
  for (const m of (text ?? '').matchAll(/\b([rw])bytes=([0-9]+)/g)) {
    if (m[1] === 'r') r += Number(m[2]);
    else w += Number(m[2]);
  }
  return { read: r, write: w };
}

export interface ReadStatsOptions {
  cgroups: CgroupPaths;
  /** The container's init, for its netns's net/dev; none: no network counters. */
  pid: number | undefined;
  now: number;
  procRoot?: string;
  /** The host's memory (default os.totalmem()): the limit shown for an unlimited container. */
  hostMemory?: number;
}

export function readStats(o: ReadStatsOptions): StatsSample {
  const procRoot = o.procRoot ?? '/proc';
  const host = o.hostMemory ?? totalmem();
  const { systemCpuNs, onlineCpus } = hostCpu(procRoot);
  const net = o.pid === undefined ? { rx: 0, tx: 0 } : netBytes(read(join(procRoot, String(o.pid), 'net', 'dev')));
  let memoryUsage: number;
  let memoryInactiveFile: number;
  let limit: number;
  let cpuTotalNs: number;
  let pids: number;
  let blk: { read: number; write: number };
  if (o.cgroups.version === 2) {
    const d = o.cgroups.dir;
    memoryUsage = num(read(join(d, 'memory.current')));
    memoryInactiveFile = keyed(read(join(d, 'memory.stat'))).get('inactive_file') ?? 0;
    const max = (read(join(d, 'memory.max')) ?? 'max').trim();
    limit = max === 'max' || max === '' ? host : Number(max);
    cpuTotalNs = (keyed(read(join(d, 'cpu.stat'))).get('usage_usec') ?? 0) * 1000;
    pids = num(read(join(d, 'pids.current')));
    blk = ioStatV2(read(join(d, 'io.stat')));
  } else {
    const d = o.cgroups.dirs;
    const at = (dir: string | undefined, f: string): string | undefined => (dir === undefined ? undefined : read(join(dir, f)));
    memoryUsage = num(at(d.memory, 'memory.usage_in_bytes'));
    const stat = keyed(at(d.memory, 'memory.stat'));
    memoryInactiveFile = stat.get('total_inactive_file') ?? stat.get('inactive_file') ?? 0;
    limit = num(at(d.memory, 'memory.limit_in_bytes')) || host;
    cpuTotalNs = num(at(d.cpuacct, 'cpuacct.usage'));
    pids = num(at(d.pids, 'pids.current'));
    blk = blkioV1(at(d.blkio, 'blkio.throttle.io_service_bytes_recursive') ?? at(d.blkio, 'blkio.throttle.io_service_bytes') ?? at(d.blkio, 'blkio.io_service_bytes_recursive'));
  }
  return {
    read: new Date(o.now).toISOString(),
    cpuTotalNs,
    systemCpuNs,
    onlineCpus,
    memoryUsage,
    memoryInactiveFile,
    memoryLimit: Math.min(limit, host),
    pids,
    blockRead: blk.read,
    blockWrite: blk.write,
    netRx: net.rx,
    netTx: net.tx,
  };
}
