/** Small host helpers the root-only tests share for setup, cleanup and leftover checks. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A poller: the returned `waitFor` probes every `pollMs` until the probe gives a value (not undefined/false) or `timeoutMs` (default `defaultTimeoutMs`) passes, then throws. */
export function waiter(defaultTimeoutMs: number, pollMs: number): <T>(what: string, probe: () => T | undefined | false, timeoutMs?: number) => Promise<T> {
  return async <T>(what: string, probe: () => T | undefined | false, timeoutMs = defaultTimeoutMs): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(pollMs);
    }
  };
}

/** Whether `pid` exists and its /proc state is none of the letters in `deadStates` (e.g. 'Z', or 'ZX'). */
export function processAlive(pid: number, deadStates: string): boolean {
  try {
    return !new RegExp(`^\\d+ \\(.*\\) [${deadStates}] `).test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The positive pid written in `file`, or undefined when it is missing or not a positive number. */
export function readPid(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** rmdir each of `dirs` in order, ignoring those still busy or already gone. */
export function rmdirEach(dirs: Iterable<string>): void {
  for (const d of dirs) {
    try {
      rmdirSync(d);
    } catch {
      // busy or gone: the leftover tests report it
    }
  }
}

/** The existing dirs for cgroup `path`: /sys/fs/cgroup/<path> and /sys/fs/cgroup/<each entry>/<path>. */
export function allCgroupDirs(path: string): string[] {
  const base = '/sys/fs/cgroup';
  return [join(base, path), ...readdirSync(base).map((c) => join(base, c, path))].filter((d) => existsSync(d));
}

/** For every dir of cgroup `path` (allCgroupDirs): rmdir its child dirs, then itself, ignoring busy ones. */
export function removeCgroupTree(path: string): void {
  for (const d of allCgroupDirs(path)) {
    rmdirEach(readdirSync(d, { withFileTypes: true }).filter((c) => c.isDirectory()).map((c) => join(d, c.name)));
    rmdirEach([d]);
  }
}

/** The lines of /proc/mounts that `match` accepts. */
export function mountLines(match: (line: string) => boolean): string[] {
  return readFileSync('/proc/mounts', 'utf8').split('\n').filter(match);
}

/** The lines of `pgrep -a orc-shim` (pid and command line of every running orc-shim). */
export function shimProcessLines(): string[] {
  return spawnSync('pgrep', ['-a', 'orc-shim'], { encoding: 'utf8' }).stdout.split('\n');
}
