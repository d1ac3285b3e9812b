/**
 * A container's record on disk: `<dataRoot>/containers/<id>/state.json`,
 * always replaced atomically (write, fsync, rename, fsync of the folder), and
 * the container folder's layout.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';
import type { RunOptions } from '../containers/index.js';
import type { MountPoint } from '../volumes/index.js';
import type { Healthcheck } from '../images/index.js';
import type { HealthState } from './health.js';
import type { LogConfig } from './log-config.js';
import type { ContainerNetworkOptions } from './networking.js';
import type { RestartPolicy } from './restart.js';

export type ContainerStatus = 'created' | 'running' | 'exited' | 'removing';

/** Which status may follow which (a stopped container may be started again). */
const FORWARD: Record<ContainerStatus, readonly ContainerStatus[]> = {
  created: ['running', 'exited', 'removing'],
  running: ['exited'],
  exited: ['running', 'removing'],
  removing: [],
};

export function assertForward(id: string, from: ContainerStatus, to: ContainerStatus): void {
  if (from !== to && !FORWARD[from].includes(to)) {
    throw new OrcError('ORC_INTERNAL', `container ${id.slice(0, 12)}: refused state change ${from} -> ${to}`);
  }
}

/** What `docker inspect` shows under Config, resolved when the container was created. */
export interface ResolvedConfig {
  hostname: string;
  user: string;
  env: string[];
  cmd: string[];
  entrypoint: string[];
  workingDir: string;
  labels: Record<string, string>;
  stopSignal: string;
  /** Seconds; undefined: the engine's default (10). */
  stopTimeout?: number;
  /** The container's healthcheck merged over the image's (durations in ns); absent: none. */
  healthcheck?: Healthcheck;
}

export interface ContainerRecord {
  version: 1;
  id: string;
  name: string;
  /** The image as the user named it. */
  image: string;
  /** The image ID (config digest) and the manifest digest the rootfs was built from. */
  imageId: string;
  imageDigest: string;
  /** RFC 3339. */
  created: string;
  /** The runtime binary the shim runs (absolute path or a name looked up in PATH). */
  runtime: string;
  /** Its short name (`orc`, `runc`, …): the runtime's state lives in `<dataRoot>/runtime/<name>`. */
  runtimeName: string;
  options: RunOptions & ContainerNetworkOptions;
  /** Its volumes and binds (absent in records of older engines: none). */
  mountPoints?: MountPoint[];
  config: ResolvedConfig;
  path: string;
  args: string[];
  status: ContainerStatus;
  pid: number;
  shimPid: number;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  /** Docker's HostConfig.RestartPolicy / AutoRemove / LogConfig (absent in records of older engines: no, false, json-file). */
  restartPolicy?: RestartPolicy;
  autoRemove?: boolean;
  logConfig?: LogConfig;
  /** Running with every process frozen (`pause`): Docker's State.Paused; the status stays `running`. */
  paused?: boolean;
  /** The user stopped or killed it since its last start (Docker's HasBeenManuallyStopped). */
  manuallyStopped?: boolean;
  /** The current run ends by the user's stop/kill: no policy restart (Docker's ExitOnNext). */
  exitOnNext?: boolean;
  /** The last restart back-off (ms), and when a pending policy restart is due (RFC 3339); absent: none pending. */
  backoffMs?: number;
  restartAt?: string;
  /** Docker's State.Health, while the container has a healthcheck with a probe (reset to `starting` at each start). */
  health?: HealthState;
}

/** Docker's zero time, shown for a container that never started or never ended. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * Paths of one container: its folder `<dataRoot>/containers/<id>/` and the
 * shim's state dir `<dataRoot>/shims/<first 12 hex of the id>/` (kept short:
 * shim.sock must fit a unix socket address, 107 bytes).
 */
export class ContainerPaths {
  readonly dir: string;
  /** The shim's state dir: container.log (+ rotated), exit.json, shim.sock, shim.pid, container.pid. */
  readonly shim: string;
  constructor(dataRoot: string, id: string) {
    this.dir = join(dataRoot, 'containers', id);
    this.shim = join(dataRoot, 'shims', id.slice(0, 12));
  }
  get state(): string {
    return join(this.dir, 'state.json');
  }
  get bundle(): string {
    return join(this.dir, 'bundle');
  }
  get rootfs(): string {
    return join(this.dir, 'rootfs');
  }
  get log(): string {
    return join(this.shim, 'container.log');
  }
  get exit(): string {
    return join(this.shim, 'exit.json');
  }
}


export async function writeRecord(paths: ContainerPaths, r: ContainerRecord): Promise<void> {
  await writeFileAtomic(paths.state, `${JSON.stringify(r, null, 2)}\n`, { mode: 0o600 });
}

/** The record, or undefined when the folder has none (a create that never finished). */
export async function readRecord(paths: ContainerPaths): Promise<ContainerRecord | undefined> {
  let text: string;
  try {
    text = await readFile(paths.state, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OrcError('ORC_IO', `cannot read ${paths.state}: ${(e as Error).message}`, { cause: e });
  }
  const r = JSON.parse(text) as ContainerRecord;
  if (r.version !== 1 || typeof r.id !== 'string') throw new OrcError('ORC_IO', `${paths.state}: not a container record (version ${String(r.version)})`);
  return r;
}
