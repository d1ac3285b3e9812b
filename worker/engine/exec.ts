/**
 * `orc exec`: a process started by `<runtime> exec` inside a running
 * container, under an orc-shim of its own (exec mode), so that its stdio and
 * exit code outlive the caller's connection like a container's do. Its state
 * lives in `<dataRoot>/execs/<first 12 hex of the exec id>/` (process.json,
 * shim.sock, shim.pid, exit.json) and is removed once its exit is read.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';
import { execProcess, type ExecOptions, type OciProcess } from '../containers/index.js';
import { attachShim, type AttachSession } from './attach.js';
import type { Clock } from './clock.js';
import { readPid, shimAlive, startExecShim, watchExit } from './shim.js';

export interface ExecRequest extends ExecOptions {
  /** `-i`: the process's stdin stays open for the attached client. */
  interactive?: boolean;
  /** `-d`: nobody attaches; the process runs on its own. */
  detach?: boolean;
  /** The environment `-e KEY` reads (the CLI's). */
  hostEnv?: Readonly<Record<string, string | undefined>>;
}

export interface ExecHandle {
  /** 64 hex digits. */
  id: string;
  /** Attached to the process's stdio (undefined with `detach`). */
  session?: AttachSession;
  /** The process's exit code once it ended (128+N after signal N). */
  exited: Promise<number>;
}

/** What the engine knows of the container an exec goes into. */
export interface ExecTarget {
  id: string;
  bundle: string;
  rootfs: string;
  runtime: string;
  runtimeRoot: string;
}

export function execsDir(dataRoot: string): string {
  return join(dataRoot, 'execs');
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function startExec(dataRoot: string, shim: string, clock: Clock, pollMs: number, target: ExecTarget, req: ExecRequest): Promise<ExecHandle> {
  const config = JSON.parse(await readFile(join(target.bundle, 'config.json'), 'utf8')) as { process: OciProcess };
  const [passwd, group] = await Promise.all([readOptional(join(target.rootfs, 'etc', 'passwd')), readOptional(join(target.rootfs, 'etc', 'group'))]);
  const process = execProcess({
    base: config.process,
    options: req,
    ...(passwd !== undefined ? { passwd } : {}),
    ...(group !== undefined ? { group } : {}),
    ...(req.hostEnv !== undefined ? { hostEnv: req.hostEnv } : {}),
  });

  let id: string;
  do id = randomBytes(32).toString('hex');
  while (existsSync(join(execsDir(dataRoot), id.slice(0, 12))));
  const stateDir = join(execsDir(dataRoot), id.slice(0, 12));
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const processFile = join(stateDir, 'process.json');
  const attach = req.detach !== true;
  let started: { pid: number; shimPid: number };
  try {
    await writeFileAtomic(processFile, `${JSON.stringify(process)}\n`, { mode: 0o600 });
    started = await startExecShim({
      shim, runtime: target.runtime, runtimeRoot: target.runtimeRoot, id: target.id, execId: id, processFile, stateDir,
      ...(req.tty === true ? { tty: true } : {}),
      ...(req.interactive === true && attach ? { stdin: true } : {}),
      ...(attach ? { attachFirst: true } : {}),
    });
  } catch (e) {
    await rm(stateDir, { recursive: true, force: true });
    throw e;
  }
  const session = attach ? await attachShim(join(stateDir, 'shim.sock'), `exec ${id.slice(0, 12)}`).catch(async (e: unknown) => {
    await rm(stateDir, { recursive: true, force: true });
    throw e;
  }) : undefined;
  const w = watchExit(stateDir, started.shimPid, clock, pollMs);
  const exited = w.ended.then(async (ending) => {
    await rm(stateDir, { recursive: true, force: true }).catch(() => undefined);
    if (ending.kind === 'lost') throw new OrcError('ORC_RUNTIME', `exec ${id.slice(0, 12)}: ${ending.reason}`);
    return ending.exit.exitCode;
  });
  // Nobody may be waiting on a detached exec; its failure must not go unhandled.
  exited.catch(() => undefined);
  return { id, exited, ...(session !== undefined ? { session } : {}) };
}

/** Removes the state of execs whose shim is gone (after an engine restart). */
export async function sweepExecs(dataRoot: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(execsDir(dataRoot));
  } catch {
    return;
  }
  await Promise.all(names.map(async (n) => {
    const dir = join(execsDir(dataRoot), n);
    const pid = readPid(join(dir, 'shim.pid'));
    if (pid === undefined || !shimAlive(pid, dir)) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }));
}
