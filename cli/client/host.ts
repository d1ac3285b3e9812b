/**
 * Which daemon the CLI talks to (`-H unix://PATH`, else ORC_HOST, else the
 * default socket), and starting the default daemon in the background when
 * it is not running, as Docker Desktop users expect `docker` to just work.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answers } from '../../common/socket.js';
import { OrcError } from '../../common/errors.js';
import { DEFAULT_DATA_ROOT, DEFAULT_SOCKET } from '../../proto/wire.js';

export interface Host {
  /** The socket path. */
  socket: string;
  /** As the user reads it: `unix:///run/orc/orc.sock`. */
  url: string;
  /** True when nobody named a host: the default daemon may be started on demand. */
  isDefault: boolean;
}

/** The default daemon's socket: $ORC_DEFAULT_SOCKET, else /run/orc/orc.sock. */
export function defaultSocket(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORC_DEFAULT_SOCKET !== undefined && env.ORC_DEFAULT_SOCKET !== '' ? env.ORC_DEFAULT_SOCKET : DEFAULT_SOCKET;
}

/** The default daemon's data root: $ORC_DATA_ROOT, else /var/lib/orc. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORC_DATA_ROOT !== undefined && env.ORC_DATA_ROOT !== '' ? env.ORC_DATA_ROOT : DEFAULT_DATA_ROOT;
}

export function resolveHost(host: string | undefined, env: NodeJS.ProcessEnv = process.env): Host {
  const given = host ?? (env.ORC_HOST !== undefined && env.ORC_HOST !== '' ? env.ORC_HOST : undefined);
  if (given === undefined) {
    const socket = defaultSocket(env);
    return { socket, url: `unix://${socket}`, isDefault: true };
  }
  const m = /^unix:\/\/(\/.*)$/.exec(given) ?? /^(\/.*)$/.exec(given);
  if (m === null || m[1] === undefined) throw new OrcError('ORC_USAGE', `-H/ORC_HOST: "${given}" is not a daemon address (expected unix:///path/to/orc.sock)`);
  return { socket: m[1], url: `unix://${m[1]}`, isDefault: false };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `orc daemon` detached on the default socket and data root (its
 * output in <data-root>/daemon.log, its pid in <data-root>/orc.pid) and
 * waits for its socket, at most `timeoutMs`.
 */
export async function startDefaultDaemon(timeoutMs = 15_000, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const bin = fileURLToPath(new URL('../../../bin/orc.js', import.meta.url));
  const dataRoot = defaultDataRoot(env);
  const socket = defaultSocket(env);
  const log = join(dataRoot, 'daemon.log');
  let fd: number;
  try {
    mkdirSync(dataRoot, { recursive: true, mode: 0o700 });
    fd = openSync(log, 'a', 0o600);
  } catch (e) {
    throw new OrcError('ORC_UNAVAILABLE', `the orc daemon is not running and cannot be started here (${(e as Error).message}): run \`orc daemon\` as root`, { cause: e });
  }
  try {
    const child = spawn(process.execPath, [bin, 'daemon', '--data-root', dataRoot, '--socket', socket], { detached: true, stdio: ['ignore', fd, fd], env });
    child.unref();
  } finally {
    closeSync(fd);
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers(socket)) return;
    await sleep(50);
  }
  throw new OrcError('ORC_UNAVAILABLE', `started the orc daemon but it did not answer on ${socket} within ${timeoutMs / 1000} s: see ${log}`);
}

export { answers };
