/**
 * `docker top`: the processes of a container's cgroup (cgroup.procs of its
 * pids cgroup, else memory; the one dir on cgroup v2). By default they are
 * shown as `ps -ef` does (UID PID PPID C STIME TTY TIME CMD), read from
 * /proc on the host; with ps options, the host's `ps` runs with them and its
 * rows are kept when their PID is the container's, as Docker does.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrcError } from '../../common/errors.js';
import type { CgroupPaths } from './stats.js';

export interface TopResult {
  Titles: string[];
  Processes: string[][];
}

const HZ = 100;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** The pids in the container's cgroup. */
export function cgroupPids(cg: CgroupPaths): number[] {
  const candidates = cg.version === 2 ? [cg.dir] : [cg.dirs.pids, cg.dirs.memory].filter((d): d is string => d !== undefined);
  for (const dir of candidates) {
    const text = readOr(join(dir, 'cgroup.procs'), '');
    const pids = text.split('\n').filter((l) => /^[0-9]+$/.test(l)).map(Number);
    if (pids.length > 0) return pids.sort((a, b) => a - b);
  }
  return [];
}

function userNames(): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of readOr('/etc/passwd', '').split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[0] !== undefined) m.set(Number(f[2]), f[0]);
  }
  return m;
}

/** procps's TTY column for a tty_nr. */
function ttyName(nr: number): string {
  if (nr === 0) return '?';
  const major = (nr >> 8) & 0xfff;
  const minor = (nr & 0xff) | ((nr >> 12) & 0xfff00);
  if (major >= 136 && major <= 143) return `pts/${minor + (major - 136) * 256}`;
  if (major === 4 && minor < 64) return `tty${minor}`;
  if (major === 4) return `ttyS${minor - 64}`;
  return '?';
}

function cpuTime(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${days > 0 ? `${days}-` : ''}${hh}:${mm}:${ss}`;
}

/** procps's STIME: HH:MM within the last day, MmmDD within the year, else the year. */
function startTime(ms: number, now: number): string {
  const d = new Date(ms);
  if (now - ms < 24 * 3600 * 1000) return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (d.getFullYear() === new Date(now).getFullYear()) return `${MONTHS[d.getMonth()] ?? ''}${String(d.getDate()).padStart(2, '0')}`;
  return String(d.getFullYear());
}

/** One `ps -ef` row from /proc, or undefined when the process is gone. */
function psRow(pid: number, users: Map<number, string>, bootMs: number, uptimeS: number, now: number): string[] | undefined {
  let stat: string;
  let status: string;
  let cmdline: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(f[1]);
  const ttyNr = Number(f[4]);
  const ticks = Number(f[11]) + Number(f[12]);
  const startTicks = Number(f[19]);
  const uid = Number(/^Uid:\s+\d+\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const elapsed = uptimeS - startTicks / HZ;
  const c = elapsed > 0 ? Math.min(99, Math.floor(((ticks / HZ) * 100) / elapsed)) : 0;
  const args = cmdline.split('\0').filter((a, i, all) => !(a === '' && i === all.length - 1)).join(' ').trim();
  return [
    users.get(uid) ?? String(uid), String(pid), String(ppid), String(c),
    startTime(bootMs + (startTicks / HZ) * 1000, now), ttyName(ttyNr), cpuTime(ticks / HZ), args === '' ? `[${comm}]` : args,
  ];
}

function psEf(pids: readonly number[]): TopResult {
  const users = userNames();
  const btime = Number(/^btime (\d+)$/m.exec(readOr('/proc/stat', ''))?.[1] ?? 0) * 1000;
  const uptimeS = Number(readOr('/proc/uptime', '0').split(' ')[0]);
  const now = Date.now();
  const rows = pids.map((p) => psRow(p, users, btime, uptimeS, now)).filter((r): r is string[] => r !== undefined);
  return { Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], Processes: rows };
}

/** Runs the host's `ps` with `args` and keeps the container's rows (Docker's parsePSOutput). */
async function hostPs(pids: readonly number[], args: readonly string[]): Promise<TopResult> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile('ps', [...args], { encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err !== null) reject(new OrcError('ORC_USAGE', `ps ${args.join(' ')} failed: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
  const lines = out.split('\n');
  const titles = (lines[0] ?? '').trim().split(/\s+/);
  const pidIndex = titles.indexOf('PID');
  if (pidIndex < 0) throw new OrcError('ORC_USAGE', `couldn't find the PID field in the output of ps ${args.join(' ')}`);
  const wanted = new Set(pids);
  const processes: string[][] = [];
  let previousKept = false;
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const fields = line.trim().split(/\s+/);
    const row = [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')];
    if (fields[pidIndex] === '-') {
      if (previousKept) processes.push(row); // thread lines (ps -m) follow their process
      continue;
    }
    previousKept = wanted.has(Number(fields[pidIndex]));
    if (previousKept) processes.push(row);
  }
  return { Titles: titles, Processes: processes };
}

export async function top(cg: CgroupPaths, psArgs: readonly string[]): Promise<TopResult> {
  const pids = cgroupPids(cg);
  if (psArgs.length === 0 || (psArgs.length === 1 && psArgs[0] === '-ef')) return psEf(pids);
  return hostPs(pids, psArgs);
}
