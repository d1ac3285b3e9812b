/**
 * The engine's side of `native/orc-shim`: starting it, telling whether it
 * still lives (pid + command line, so a reused pid is not mistaken for it),
 * reading exit.json, and watching for the end of a container: inotify on the
 * shim's state dir for exit.json, plus a poll on the injected clock that
 * notices a shim that died without writing one.
 */
import { execFile } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrcError } from '../../common/errors.js';
import type { Clock } from './clock.js';

export interface ShimCommand {
  shim: string;
  runtime: string;
  runtimeRoot: string;
  id: string;
  bundle: string;
  stateDir: string;
  logMaxSize?: number;
  logMaxFiles?: number;
  /** The process has a terminal (config.json's process.terminal): the shim holds the pty. */
  tty?: boolean;
  /** Keep the process's stdin open for attached clients. */
  stdin?: boolean;
  /** Start the process only once the first client attached (or after a timeout). */
  attachFirst?: boolean;
}

/** A process run by `<runtime> exec` in a running container, under its own shim. */
export interface ExecShimCommand {
  shim: string;
  runtime: string;
  runtimeRoot: string;
  /** The container's id. */
  id: string;
  execId: string;
  /** The OCI process document. */
  processFile: string;
  stateDir: string;
  tty?: boolean;
  stdin?: boolean;
  attachFirst?: boolean;
}

/** exit.json as the shim writes it. */
export interface ExitRecord {
  pid: number;
  exitCode: number;
  signal: number;
  oomKilled: boolean;
  exitedAt: string;
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr: stderr === '' && err !== null ? err.message : stderr });
    });
  });
}

function ioArgs(c: { tty?: boolean; stdin?: boolean; attachFirst?: boolean }): string[] {
  return [...(c.tty === true ? ['--tty'] : []), ...(c.stdin === true ? ['--stdin'] : []), ...(c.attachFirst === true ? ['--attach-first'] : [])];
}

/**
 * The shim's failure as the engine's error. The shim passes on the runtime's
 * 127 (not found) and 126 (cannot execute); runc says it only in words, so
 * its message is read as a fallback.
 */
function shimFailure(what: string, code: number, stderr: string): OrcError {
  const why = stderr.trim().replace(/^orc-shim: /, '') || `orc-shim exited with ${code}`;
  const message = `${what}: ${why}`;
  if (code === 127 || /executable file not found/.test(why)) return new OrcError('ORC_EXEC_NOT_FOUND', message);
  if (code === 126 || /exec format error|permission denied|is a directory/i.test(why)) return new OrcError('ORC_EXEC_DENIED', message);
  return new OrcError('ORC_RUNTIME', message);
}

/** Starts the shim; resolves with the container's and the shim's pids once the container runs. */
export async function startShim(c: ShimCommand): Promise<{ pid: number; shimPid: number }> {
  const args = ['--id', c.id, '--bundle', c.bundle, '--runtime', c.runtime, '--runtime-root', c.runtimeRoot, '--state-dir', c.stateDir, ...ioArgs(c)];
  if (c.logMaxSize !== undefined) args.push('--log-max-size', String(c.logMaxSize));
  if (c.logMaxFiles !== undefined) args.push('--log-max-files', String(c.logMaxFiles));
  const r = await run(c.shim, args, 90_000);
  const pid = Number(r.stdout.trim());
  if (r.code !== 0 || !(pid > 0)) throw shimFailure(`cannot start container ${c.id.slice(0, 12)}`, r.code, r.stderr);
  const shimPid = readPid(join(c.stateDir, 'shim.pid')) ?? 0;
  return { pid, shimPid };
}

/** Starts an exec shim; resolves with the process's and the shim's pids (the process's is 0 while it waits for a client). */
export async function startExecShim(c: ExecShimCommand): Promise<{ pid: number; shimPid: number }> {
  const args = ['--exec', c.execId, '--process', c.processFile, '--id', c.id, '--runtime', c.runtime, '--runtime-root', c.runtimeRoot, '--state-dir', c.stateDir, ...ioArgs(c)];
  const r = await run(c.shim, args, 90_000);
  const pid = Number(r.stdout.trim());
  if (r.code !== 0 || !(pid >= 0) || r.stdout.trim() === '') throw shimFailure(`cannot exec in container ${c.id.slice(0, 12)}`, r.code, r.stderr);
  const shimPid = readPid(join(c.stateDir, 'shim.pid')) ?? 0;
  return { pid, shimPid };
}

/** `<runtime> delete --force ID`: removes what a dead shim left in the runtime (state, cgroup, a surviving init). */
export async function forceDelete(runtime: string, runtimeRoot: string, id: string): Promise<void> {
  await run(runtime, ['--root', runtimeRoot, 'delete', '--force', id], 30_000);
}

export function readPid(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** True while `pid` is a live (not zombie) orc-shim serving `stateDir`. */
export function shimAlive(pid: number, stateDir: string): boolean {
  if (!(pid > 0)) return false;
  try {
    if (/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const i = argv.indexOf('--state-dir');
    return i >= 0 && argv[i + 1] === stateDir;
  } catch {
    return false;
  }
}

export async function readExit(stateDir: string): Promise<ExitRecord | undefined> {
  let text: string;
  try {
    text = await readFile(join(stateDir, 'exit.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(text) as Partial<ExitRecord>;
    if (typeof j.exitCode !== 'number') return undefined;
    return { pid: j.pid ?? 0, exitCode: j.exitCode, signal: j.signal ?? 0, oomKilled: j.oomKilled === true, exitedAt: j.exitedAt ?? new Date().toISOString() };
  } catch {
    return undefined; // renamed into place atomically, so a parse error means a foreign file
  }
}

/** How a watched container ended: exit.json, or a shim that died without one. */
export type Ending = { kind: 'exited'; exit: ExitRecord } | { kind: 'lost'; reason: string };

/**
 * Resolves when the container of `stateDir` ends. `shimPid` is checked every
 * `pollMs` on `clock`; exit.json is noticed at once through inotify.
 * `cancel()` stops watching (the promise then never resolves).
 */
export function watchExit(stateDir: string, shimPid: number, clock: Clock, pollMs: number): { ended: Promise<Ending>; cancel: () => void } {
  const abort = new AbortController();
  let watcher: FSWatcher | undefined;
  let done = false;
  let resolveEnd: (e: Ending) => void = () => undefined;
  const ended = new Promise<Ending>((r) => (resolveEnd = r));
  const finish = (e: Ending): void => {
    if (done) return;
    done = true;
    watcher?.close();
    abort.abort();
    resolveEnd(e);
  };
  const check = async (): Promise<void> => {
    const exit = await readExit(stateDir);
    if (exit !== undefined) finish({ kind: 'exited', exit });
  };
  try {
    watcher = watch(stateDir, (_event, file) => {
      if (file === 'exit.json') void check();
    });
    watcher.on('error', () => undefined);
  } catch {
    // no inotify: the poll below still sees exit.json
  }
  void (async () => {
    await check();
    while (!done) {
      try {
        await clock.sleep(pollMs, abort.signal);
      } catch {
        return;
      }
      await check();
      if (done || shimAlive(shimPid, stateDir)) continue;
      // exit.json is renamed into place before the shim exits: look once more.
      await check();
      if (!done) finish({ kind: 'lost', reason: `the shim (pid ${shimPid}) died without recording the container's exit` });
    }
  })();
  return {
    ended,
    cancel: () => {
      done = true;
      watcher?.close();
      abort.abort();
    },
  };
}
