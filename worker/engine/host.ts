/**
 * Host-side helpers of the engine: finding the native binaries, mount table
 * lookups, unmounting, cgroup leftovers, signalling a container's init.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmdirSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrcError } from '../../common/errors.js';
import { unmountOverlay } from '../images/index.js';

/** Looks for `native/build/<name>` in $ORC_NATIVE_DIR, then above this module, then above the working directory. */
export function findNative(name: string): string | undefined {
  const env = process.env.ORC_NATIVE_DIR;
  if (env !== undefined && env !== '' && existsSync(join(env, name))) return join(env, name);
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const p = join(dir, 'native', 'build', name);
      if (existsSync(p)) return p;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

export function findInPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter)) {
    const p = join(dir, name);
    if (dir !== '' && existsSync(p)) return p;
  }
  return undefined;
}

/** `'orc'`, `'runc'`, `'crun'` or a path → the runtime binary and a short name for its state root. */
export function resolveRuntime(runtime: string): { bin: string; name: string } {
  let bin: string | undefined;
  if (runtime === 'orc') bin = findNative('orc-runtime');
  else if (runtime.includes('/')) bin = existsSync(runtime) ? resolve(runtime) : undefined;
  else bin = findInPath(runtime);
  if (bin === undefined) {
    throw new OrcError('ORC_NOT_FOUND', `runtime "${runtime}" not found${runtime === 'orc' ? ' (build it with make -C native, or set ORC_NATIVE_DIR)' : ''}`);
  }
  const name = runtime === 'orc' ? 'orc' : basename(bin).replace(/[^a-zA-Z0-9_.-]/g, '_');
  return { bin, name };
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** True when `target` is a mount point in this mount namespace. */
export function isMounted(target: string): boolean {
  const text = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const line of text.split('\n')) {
    const mp = line.split(' ')[4];
    if (mp !== undefined && unescapeMount(mp) === target) return true;
  }
  return false;
}

/** Unmounts `target` when mounted; falls back to a lazy unmount when it is busy. */
export async function unmountIfMounted(target: string): Promise<void> {
  if (!isMounted(target)) return;
  try {
    await unmountOverlay(target);
  } catch (e) {
    await new Promise<void>((done, fail) =>
      execFile('umount', ['-l', target], (err) => (err === null ? done() : fail(new OrcError('ORC_IO', `cannot unmount ${target}: ${err.message}`, { cause: e })))),
    );
  }
}

/** Removes `<parent>/<id>` from every cgroup hierarchy that still has it (empty dirs only). */
export function removeCgroups(cgroupsPath: string): void {
  const base = '/sys/fs/cgroup';
  const dirs: string[] = [join(base, cgroupsPath)];
  try {
    for (const c of readdirSync(base)) dirs.push(join(base, c, cgroupsPath));
  } catch {
    return;
  }
  for (const d of dirs) {
    try {
      if (existsSync(d)) rmdirSync(d);
    } catch {
      // busy (a process is still in it) or a v2 parent with children: left for the runtime
    }
  }
}

/** The cgroup dirs of `cgroupsPath` that exist (for tests and diagnostics). */
export function cgroupLeftovers(cgroupsPath: string): string[] {
  const base = '/sys/fs/cgroup';
  let controllers: string[];
  try {
    controllers = readdirSync(base);
  } catch {
    return [];
  }
  return [join(base, cgroupsPath), ...controllers.map((c) => join(base, c, cgroupsPath))].filter((d) => existsSync(d));
}

/** The parent pid of `pid`, or undefined when it is gone or a zombie. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/**
 * Sends `signal` to a container's init, but only while it is still the
 * shim's child (so a recycled pid never gets it). Returns false when gone.
 */
export function signalInit(pid: number, shimPid: number, signal: number): boolean {
  if (!(pid > 0) || parentOf(pid) !== shimPid) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw new OrcError('ORC_INTERNAL', `cannot send signal ${signal} to pid ${pid}: ${(e as Error).message}`, { cause: e });
  }
}
