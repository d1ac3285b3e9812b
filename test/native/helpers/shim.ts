/** The harness of the orc-shim tests: a bundle and a state dir per test, the
 *  shim started the way the engine starts it, exec shims beside it, and a
 *  cleanup that kills and removes all of it even when the test fails. */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { processAlive, readPid, rmdirEach, waiter } from '../../helpers/host.js';
import { repoRoot } from '../../helpers/paths.js';
import { type Bundle, type Json, cgroupDirs, config, makeBundle, runtimes as runtimesFor, type Runtime } from './bundle.js';
import { EXIT, type FrameClient, STDIN, STDOUT } from './frame-client.js';
import { nativeSkipReason } from './runtime-cli.js';
import type { ExitRecord } from '../../../worker/engine/shim.js';

export const orcShim = join(repoRoot, 'native', 'build', 'orc-shim');
export const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');

export const skip = nativeSkipReason('namespaces, mounts, cgroups', [orcShim, orcRuntime]);

export const runtimes: Runtime[] = runtimesFor(orcRuntime, skip);

/** The runtimes' state (`--root`), one temporary dir per test file. */
export const runtimeRoot = mkdtempSync(join(tmpdir(), 'orc-shim-rtroot-'));
after(() => rmSync(runtimeRoot, { recursive: true, force: true }));

export interface Shim {
  rt: Runtime;
  bundle: Bundle;
  stateDir: string;
  args: string[];
  /** State dirs of exec shims started in this container (removed with it). */
  execDirs: string[];
}

export type { ExitRecord };

export interface LogRecord {
  log: string;
  stream: string;
  time: string;
}

export const waitFor = waiter(15_000, 20);

/** Alive unless gone or a zombie (state Z). */
export const alive = (pid: number): boolean => processAlive(pid, 'Z');

const rtRoot = (rt: Runtime): string => join(runtimeRoot, rt.name);

/** SIGKILLs the shim serving `stateDir`, if it still runs. */
function killShim(stateDir: string): void {
  const shimPid = readPid(join(stateDir, 'shim.pid'));
  try {
    if (shimPid && alive(shimPid) && readFileSync(`/proc/${shimPid}/cmdline`, 'utf8').includes(stateDir)) process.kill(shimPid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

/** Runs `fn` with a fresh bundle and state dir; afterwards kills the shims and the container, removes cgroups and files. */
export async function withShim<T>(rt: Runtime, cfg: (cgroupsPath: string) => Json, extra: string[], fn: (s: Shim) => T | Promise<T>): Promise<T> {
  const bundle = makeBundle(cfg, 'orc-shim-bundle-');
  const stateDir = mkdtempSync(join(tmpdir(), 'orc-shim-state-'));
  const s: Shim = { rt, bundle, stateDir, args: [], execDirs: [] };
  s.args = ['--id', bundle.id, '--bundle', bundle.dir, '--runtime', rt.bin, '--runtime-root', rtRoot(rt), '--state-dir', stateDir, ...extra];
  try {
    return await fn(s);
  } finally {
    for (const d of [...s.execDirs, stateDir]) killShim(d);
    spawnSync(rt.bin, ['--root', rtRoot(rt), 'delete', '--force', bundle.id], { stdio: 'ignore', timeout: 10_000 });
    rmdirEach(cgroupDirs(bundle.cgroupsPath));
    for (const d of [...s.execDirs, bundle.dir, stateDir]) rmSync(d, { recursive: true, force: true });
  }
}

/** Starts the shim the way the engine does; it returns once the container runs. */
export function startShim(s: Shim): { r: SpawnSyncReturns<string>; pid: number; ms: number } {
  const started = Date.now();
  const r = spawnSync(orcShim, s.args, { encoding: 'utf8', timeout: 20_000 });
  const ms = Date.now() - started;
  assert.equal(r.status, 0, `orc-shim failed: ${r.stderr}`);
  const pid = Number(r.stdout.trim());
  assert.ok(pid > 0, `orc-shim printed the container pid: ${JSON.stringify(r.stdout)}`);
  return { r, pid, ms };
}

/** An exec shim's files: its state dir and the process.json it runs. */
export interface Exec {
  stateDir: string;
  processFile: string;
  args: string[];
}

/** Writes process.json for `args` (the container's process with other args) and the exec shim's command line. */
export function execIn(s: Shim, args: string[], opts: { terminal?: boolean; extra?: string[] } = {}): Exec {
  const stateDir = mkdtempSync(join(tmpdir(), 'orc-shim-state-exec-'));
  s.execDirs.push(stateDir);
  const proc = (config(args, s.bundle.cgroupsPath) as { process: Json }).process;
  proc['terminal'] = opts.terminal ?? false;
  if (opts.terminal) proc['env'] = [...(proc['env'] as string[]), 'TERM=xterm'];
  const processFile = join(stateDir, 'process.json');
  writeFileSync(processFile, JSON.stringify(proc));
  const execId = `exec-${Math.random().toString(36).slice(2, 10)}`;
  return {
    stateDir,
    processFile,
    args: ['--exec', execId, '--process', processFile, '--id', s.bundle.id, '--runtime', s.rt.bin, '--runtime-root', rtRoot(s.rt),
      '--state-dir', stateDir, ...(opts.extra ?? [])],
  };
}

/** Runs the exec shim; returns its result (it has detached when it returns 0). */
export function runExecShim(e: Exec): SpawnSyncReturns<string> {
  return spawnSync(orcShim, e.args, { encoding: 'utf8', timeout: 20_000 });
}

/** Waits for exit.json in `stateDir` and for the shim to exit. */
export async function waitExitIn(stateDir: string, timeoutMs = 15_000): Promise<ExitRecord> {
  const file = join(stateDir, 'exit.json');
  await waitFor('exit.json', () => existsSync(file), timeoutMs);
  const shimPid = readPid(join(stateDir, 'shim.pid'));
  await waitFor('the shim to exit', () => !shimPid || !alive(shimPid) || !existsSync(join(stateDir, 'shim.pid')));
  return JSON.parse(readFileSync(file, 'utf8')) as ExitRecord;
}

export const waitExit = (s: Shim, timeoutMs = 15_000): Promise<ExitRecord> => waitExitIn(s.stateDir, timeoutMs);

export function logRecords(s: Shim, name = 'container.log'): LogRecord[] {
  const text = readFileSync(join(s.stateDir, name), 'utf8');
  return text.split('\n').filter((l) => l).map((l) => JSON.parse(l) as LogRecord);
}

/** The lines of running orc-shim processes serving one of these tests' state dirs. */
export function leftoverShims(): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => /orc-shim\b.*orc-shim-state-/.test(l) && !/^\s*\d+\s+Z/.test(l) && l.includes(runtimeRoot));
}

/** A program that shows its terminal: its name, then, once a line is typed, its size and the line. */
export const TTY_SCRIPT = 'tty; read line; stty size; echo got-$line';

/** Drives TTY_SCRIPT over `c`: a resize to `rows`×`cols`, `word` typed once the pty is named, then the exit frame; checks
 *  the pty name, the size and the echoed line, and returns the terminal's output. */
export async function ttyExchange(c: FrameClient, rows: number, cols: number, word: string): Promise<string> {
  c.resize(rows, cols);
  await waitFor('the tty name', () => /\/dev\/pts\/\d+\r\n/.test(c.text(STDOUT)));
  c.send(STDIN, `${word}\n`);
  await waitFor('the exit frame', () => c.has(EXIT));
  const out = c.text(STDOUT);
  assert.match(out, /^\/dev\/pts\/\d+\r\n/);
  assert.match(out, new RegExp(`\\r\\n${rows} ${cols}\\r\\n`));
  assert.match(out, new RegExp(`got-${word}\\r\\n$`));
  return out;
}
