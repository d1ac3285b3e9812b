/**
 * The local engine's container lifecycle over a data root: create (rootfs
 * overlay + OCI bundle), start (orc-shim, detached), wait, stop, kill,
 * remove, list, inspect, logs; and re-adoption of the containers a previous
 * engine left running. One Engine per data root at a time.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';
import { buildSpec, defaultSeccompProfile, parseSignal, stopSignal, type RunOptions } from '../containers/index.js';
import { ImageStore, mountOverlay, type Healthcheck, type ImageConfig } from '../images/index.js';
import { Volumes, type ContainerFile } from '../volumes/index.js';
import { systemClock, type Clock } from './clock.js';
import { findNative, isMounted, removeCgroups, resolveRuntime, signalInit, unmountIfMounted } from './host.js';
import { lockDataRoot, type DataRootLock } from './lock.js';
import { logLimits, parseLogConfig, type LogConfig } from './log-config.js';
import { readLogs, type LogEntry, type LogOptions } from './logs.js';
import { generateName, validName } from './names.js';
import {
  assertForward, ContainerPaths, readRecord, writeRecord, ZERO_TIME,
  type ContainerRecord, type ContainerStatus, type ResolvedConfig,
} from './record.js';
import { attachShim, type AttachSession } from './attach.js';
import { EventBus } from './events.js';
import { freeze } from './pause.js';
import { startExec, sweepExecs, type ExecHandle, type ExecRequest } from './exec.js';
import {
  formatRestartPolicy, nextBackoff, NO_RESTART, parseRestartPolicy, restartOnEngineStart, restartOnExit,
  type ExitFacts, type RestartPolicy,
} from './restart.js';
import { forceDelete, readExit, readPid, shimAlive, startShim, watchExit, type Ending, type ExitRecord } from './shim.js';
import { containerCgroups, readStats, type StatsSample } from './stats.js';
import { prepareMounts, storedOptions } from './volume-mounts.js';
import { top, type TopResult } from './top.js';
import type { PortRequest } from '../network/types.js';
import { networkedContainer, networkMode, type ContainerNetworking, type ContainerNetworkOptions, type NetworkedContainer } from './networking.js';
import { execProber, HealthMonitors, healthcheckConfig, resolveHealthcheck, statusSuffix, validateHealthcheck, type HealthcheckConfig, type HealthEvent, type HealthState } from './health.js';

export interface EngineOptions {
  dataRoot: string;
  /** `'orc'` (default: native/build/orc-runtime), `'runc'`, `'crun'`, or a path to an OCI runtime. */
  runtime?: string;
  /** The orc-shim binary (default: native/build/orc-shim, found like the runtime). */
  shim?: string;
  /** cgroupsPath parent of every container (default `/orc`). */
  cgroupParent?: string;
  clock?: Clock;
  /** Randomness for generated names (default Math.random). */
  random?: () => number;
  /** How often a running container's shim is checked for a death without exit.json (ms, default 1000). */
  pollMs?: number;
  /** Log rotation passed to the shim (Docker's max-size / max-file); default: no rotation. */
  logMaxSize?: number;
  logMaxFiles?: number;
  /** Networks, published ports and embedded DNS (absent: every container gets an empty network namespace, as `none`). */
  networking?: ContainerNetworking;
  /** The volumes containers mount (default: opened on the data root). */
  volumes?: Volumes;
}

/** `orc create` / `orc run` options: the runtime options plus the engine's own. */
export interface CreateOptions extends RunOptions, ContainerNetworkOptions {
  /** `--name`; default a generated `adjective_noun`. */
  name?: string;
  /** `--stop-timeout` in seconds (default 10). */
  stopTimeout?: number;
  /** `--restart no|always|on-failure[:N]|unless-stopped` (default no). */
  restartPolicy?: string | RestartPolicy;
  /** `--rm`: the engine removes the container when it exits (not with a restart policy). */
  autoRemove?: boolean;
  /** `--log-driver json-file|none` (default json-file) and `--log-opt max-size=…`, `max-file=…`. */
  logDriver?: string;
  logOpts?: readonly string[];
  /** `--health-*` / Compose `healthcheck` (durations in nanoseconds, as in an image config); `test: ['NONE']` disables the image's. */
  healthcheck?: Healthcheck;
  /** Secrets and configs, written by the engine and mounted read-only. */
  files?: readonly ContainerFile[];
  /** `--volumes-from C[:ro|:rw]`. */
  volumesFrom?: readonly string[];
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  /** Unix seconds. */
  Created: number;
  State: ContainerStatus | 'restarting' | 'paused';
  /** `Up 3 seconds`, `Up 3 seconds (Paused)`, `Exited (0) 2 seconds ago`, `Created`. */
  Status: string;
  Labels: Record<string, string>;
  /** Present for a running container with a health check. */
  Health?: { Status: HealthState['Status']; FailingStreak: number };
}

export interface ContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Path: string;
  Args: string[];
  State: {
    Status: ContainerStatus | 'restarting' | 'paused';
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    OOMKilled: boolean;
    Dead: false;
    Pid: number;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
    Health?: HealthState;
  };
  Image: string;
  LogPath: string;
  RestartCount: number;
  Driver: 'overlay';
  /** Docker's mount points: volumes and binds. */
  Mounts: Array<{ Type: 'volume' | 'bind'; Name?: string; Source: string; Destination: string; Driver?: 'local'; Mode: string; RW: boolean; Propagation: string }>;
  Config: {
    Hostname: string;
    User: string;
    Env: string[];
    Cmd: string[];
    Entrypoint: string[] | null;
    Image: string;
    WorkingDir: string;
    Labels: Record<string, string>;
    StopSignal: string;
    StopTimeout?: number;
    Healthcheck?: HealthcheckConfig;
    Tty: boolean;
    OpenStdin: boolean;
    AttachStdin: boolean;
  };
  HostConfig: {
    Runtime: string;
    NetworkMode: string;
    Privileged: boolean;
    ReadonlyRootfs: boolean;
    Init: boolean;
    Memory: string | number;
    MemorySwap: string | number;
    NanoCpus: number;
    CpuShares: number;
    PidsLimit: number;
    CapAdd: string[];
    CapDrop: string[];
    Binds: string[];
    Mounts: string[];
    Tmpfs: string[];
    SecurityOpt: string[];
    ShmSize: string | number;
    RestartPolicy: RestartPolicy;
    AutoRemove: boolean;
    LogConfig: LogConfig;
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
  };
  NetworkSettings: NetworkSettings;
}

export interface NetworkSettings {
  SandboxKey: string;
  /** `"80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }]` */
  Ports: Record<string, Array<{ HostIp: string; HostPort: string }>>;
  Networks: Record<string, { NetworkID: string; IPAddress: string; IPPrefixLen: number; Gateway: string; MacAddress: string; Aliases: string[] }>;
  IPAddress: string;
  Gateway: string;
  MacAddress: string;
}

/** HostConfig.PortBindings from the requested ports (host port '' when random). */
function portBindings(publish: readonly PortRequest[]): Record<string, Array<{ HostIp: string; HostPort: string }>> {
  const out: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of publish) (out[`${p.containerPort}/${p.protocol}`] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ?? '' });
  return out;
}

export interface StopOptions {
  /** Seconds before SIGKILL (default: the container's --stop-timeout, else 10). */
  timeout?: number;
}

export interface StartOptions {
  /** The container's process starts only once a client attached (`attach`), so it sees every byte. */
  attachFirst?: boolean;
}

export interface RemoveOptions {
  /** Kill a running container first. */
  force?: boolean;
  /** `rm -v`: also remove the container's anonymous volumes (that no other container uses). */
  volumes?: boolean;
}

const DEFAULT_STOP_TIMEOUT = 10;
/** sizeof(sockaddr_un.sun_path) - 1. */
const MAX_SOCKET_PATH = 107;

function trace(id: string, from: ContainerStatus | 'none', to: ContainerStatus | 'gone', cause: string): void {
  const t = process.env.ORC_TRACE;
  if (t === undefined || !t.split(',').some((x) => x === 'engine' || x === '*')) return;
  process.stderr.write(`engine: ${id.slice(0, 12)} ${from} -> ${to} (${cause})\n`);
}

function notRunning(r: ContainerRecord): OrcError {
  return new OrcError('ORC_CONFLICT', `container ${r.name} (${r.id.slice(0, 12)}) is not running`);
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 1) return 'Less than a second';
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'}`;
  return `${Math.round(h / 24)} days`;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

const JSON_FILE: LogConfig = { Type: 'json-file', Config: {} };

interface PendingRestart {
  abort: AbortController;
  /** Resolves once the restart happened, failed or was cancelled. */
  done: Promise<void>;
}

/** Exit codes of containers the engine removed itself (`--rm`), so a late `wait` still gets one. */
const TOMBSTONES = 256;

interface Watch {
  shimPid: number;
  cancel: () => void;
  /** Resolves with the exit code once the record says `exited`. */
  exited: Promise<number>;
}

export class Engine {
  readonly dataRoot: string;
  readonly images: ImageStore;
  readonly volumes: Volumes;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly pollMs: number;
  private readonly runtime: { bin: string; name: string };
  private readonly shim: string;
  /** native/build/orc-init, bind-mounted for `--init` (undefined when it is not built). */
  private readonly init = findNative('orc-init');
  private readonly cgroupParent: string;
  private readonly logMaxSize: number | undefined;
  private readonly logMaxFiles: number | undefined;
  private readonly networking: ContainerNetworking | undefined;
  private readonly records = new Map<string, ContainerRecord>();
  /** name → id, including names reserved by creates in progress. */
  private readonly names = new Map<string, string>();
  private readonly watches = new Map<string, Watch>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly saves = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, PendingRestart>();
  private readonly tombstones = new Map<string, number>();
  private lock: DataRootLock | undefined;
  private closed = false;
  /** Docker-shaped events of containers and images; networks and volumes emit here too. */
  readonly events: EventBus;
  private readonly healthMonitors: HealthMonitors;

  private constructor(opts: EngineOptions, images: ImageStore, volumes: Volumes, runtime: { bin: string; name: string }, shim: string) {
    this.dataRoot = opts.dataRoot;
    this.images = images;
    this.volumes = volumes;
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.pollMs = opts.pollMs ?? 1000;
    this.runtime = runtime;
    this.shim = shim;
    this.cgroupParent = (opts.cgroupParent ?? '/orc').replace(/\/+$/, '');
    this.logMaxSize = opts.logMaxSize;
    this.logMaxFiles = opts.logMaxFiles;
    this.networking = opts.networking;
    this.events = new EventBus(this.clock);
    this.healthMonitors = new HealthMonitors({
      clock: this.clock,
      prober: (id) => execProber(this.dataRoot, (req) => this.exec(id, req)),
      persist: async (id) => {
        const r = this.records.get(id);
        if (r !== undefined && r.status === 'running') await this.save(r);
      },
    });
  }

  /** Opens the data root (creating it) and re-adopts the containers found there. */
  static async open(opts: EngineOptions): Promise<Engine> {
    if (!isAbsolute(opts.dataRoot)) throw new OrcError('ORC_USAGE', `--data-root must be an absolute path, not "${opts.dataRoot}"`);
    const sock = join(new ContainerPaths(opts.dataRoot, '0'.repeat(64)).shim, 'shim.sock');
    if (Buffer.byteLength(sock) > MAX_SOCKET_PATH) {
      throw new OrcError('ORC_USAGE', `--data-root ${opts.dataRoot} is too long: the shims' sockets (${sock}) must fit in ${MAX_SOCKET_PATH} bytes`);
    }
    const runtime = resolveRuntime(opts.runtime ?? 'orc');
    const shim = opts.shim !== undefined ? resolve(opts.shim) : findNative('orc-shim');
    if (shim === undefined || !existsSync(shim)) throw new OrcError('ORC_NOT_FOUND', `orc-shim not found${opts.shim !== undefined ? ` at ${opts.shim}` : ' (build it with make -C native, or set ORC_NATIVE_DIR)'}`);
    await mkdir(join(opts.dataRoot, 'containers'), { recursive: true, mode: 0o700 });
    await mkdir(join(opts.dataRoot, 'shims'), { recursive: true, mode: 0o700 });
    const lock = lockDataRoot(opts.dataRoot);
    try {
      const images = await ImageStore.open(opts.dataRoot);
      const volumes = opts.volumes ?? (await Volumes.open({ dataRoot: opts.dataRoot }));
      const engine = new Engine(opts, images, volumes, runtime, shim);
      engine.lock = lock;
      await engine.adoptAll();
      // Users of volumes whose containers are gone (a crash during create or remove).
      await volumes.retainUsers(new Set(engine.records.keys()));
      await sweepExecs(opts.dataRoot);
      return engine;
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  /**
   * Stops watching containers (they keep running; pending policy restarts are
   * resumed by the next open) and releases the data root; the Engine is unusable afterwards.
   */
  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) w.cancel();
    this.watches.clear();
    for (const p of this.pending.values()) p.abort.abort();
    this.pending.clear();
    void this.healthMonitors.stopAll();
    this.lock?.release();
    this.lock = undefined;
  }

  // ── paths, lookups, persistence ──────────────────────────────────────

  private paths(id: string): ContainerPaths {
    return new ContainerPaths(this.dataRoot, id);
  }

  private runtimeRoot(runtimeName: string): string {
    return join(this.dataRoot, 'runtime', runtimeName);
  }

  private runtimeNameOf(r: ContainerRecord): string {
    return r.runtimeName;
  }

  /** By full id, name, or unique id prefix. */
  private lookup(ref: string): ContainerRecord {
    if (this.closed) throw new OrcError('ORC_INTERNAL', 'the engine is closed');
    const byId = this.records.get(ref);
    if (byId !== undefined) return byId;
    const name = ref.startsWith('/') ? ref.slice(1) : ref;
    const named = this.names.get(name);
    const byName = named === undefined ? undefined : this.records.get(named);
    if (byName !== undefined) return byName;
    if (/^[0-9a-f]{1,63}$/.test(ref)) {
      const hits = [...this.records.values()].filter((r) => r.id.startsWith(ref));
      if (hits.length === 1) return hits[0] as ContainerRecord;
      if (hits.length > 1) throw new OrcError('ORC_CONFLICT', `container id prefix ${ref} is ambiguous (${hits.length} containers): use more characters`);
    }
    throw new OrcError('ORC_NOT_FOUND', `no such container: ${ref}`);
  }

  /** Persists the record; writes of one container are ordered. */
  private save(r: ContainerRecord): Promise<void> {
    const snapshot = structuredClone(r);
    const prev = this.saves.get(r.id) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(() => writeRecord(this.paths(r.id), snapshot));
    this.saves.set(r.id, next);
    return next;
  }

  private transition(r: ContainerRecord, to: ContainerStatus, cause: string): void {
    assertForward(r.id, r.status, to);
    if (r.status !== to) trace(r.id, r.status, to, cause);
    r.status = to;
  }

  /** A container event: the labels, then `image` and `name`, then `extra` (exitCode, signal, …). */
  private emit(r: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.events.emit('container', action, { ID: r.id, Attributes: { ...r.config.labels, image: r.image, name: r.name, ...extra } });
  }

  private exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }

  // ── networks ─────────────────────────────────────────────────────────

  /** What the network layer needs to know of a container. */
  private networked(r: ContainerRecord): NetworkedContainer {
    return networkedContainer(r.id, r.name, r.config.hostname || r.id.slice(0, 12), r.config.labels, r.options);
  }

  /** The end of a run undoes its network (endpoints, ports, DNS names); failures are recorded, never thrown. */
  private async networkDown(r: ContainerRecord): Promise<void> {
    if (this.networking === undefined) return;
    try {
      await this.networking.down(r.id);
    } catch (e) {
      trace(r.id, r.status, r.status, `network teardown failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** At create: the namespace the runtime joins and the /etc files it mounts (none without networking). */
  private async networkFacts(id: string, name: string, o: CreateOptions, dir: string): Promise<{ netnsPath?: string; etcHosts?: string; resolvConf?: string; etcHostname?: string }> {
    if (this.networking === undefined) return {};
    const mode = networkMode(o.network, o.networks);
    if (mode.kind === 'host' || mode.kind === 'none') return {};
    if (mode.kind === 'container') {
      const other = this.lookup(mode.ref);
      if (other.status !== 'running') throw new OrcError('ORC_CONFLICT', `cannot join the network of container ${other.name}: it is not running`);
      const od = this.paths(other.id).dir;
      const files = ['hosts', 'resolv.conf', 'hostname'].map((f) => join(od, f));
      return {
        netnsPath: this.networking.netnsPath(other.id),
        ...(files.every((f) => existsSync(f)) ? { etcHosts: files[0] as string, resolvConf: files[1] as string, etcHostname: files[2] as string } : {}),
      };
    }
    const hostname = o.hostname ?? id.slice(0, 12);
    const f = this.networking.initialFiles(networkedContainer(id, name, hostname, o.labels ?? {}, o));
    const hosts = join(dir, 'hosts');
    const resolvConf = join(dir, 'resolv.conf');
    const hostnameFile = join(dir, 'hostname');
    await Promise.all([writeFile(hosts, f.hosts, { mode: 0o644 }), writeFile(resolvConf, f.resolvConf, { mode: 0o644 }), writeFile(hostnameFile, f.hostname, { mode: 0o644 })]);
    return { netnsPath: this.networking.netnsPath(id), etcHosts: hosts, resolvConf, etcHostname: hostnameFile };
  }

  // ── create / start / run ─────────────────────────────────────────────

  /** Unpacks the image, mounts the rootfs overlay and writes the bundle: status `created`. */
  async create(image: string, options: CreateOptions = {}): Promise<string> {
    if (this.closed) throw new OrcError('ORC_INTERNAL', 'the engine is closed');
    const { name: wanted, stopTimeout, restartPolicy: policyOption, autoRemove, logDriver, logOpts, ...runOptions } = options;
    if (stopTimeout !== undefined && (!Number.isSafeInteger(stopTimeout) || stopTimeout < 0)) {
      throw new OrcError('ORC_USAGE', `--stop-timeout: invalid value ${stopTimeout} (expected whole seconds ≥ 0)`);
    }
    const restartPolicy = policyOption === undefined ? NO_RESTART
      : typeof policyOption === 'string' ? parseRestartPolicy(policyOption) : parseRestartPolicy(formatRestartPolicy(policyOption));
    if (autoRemove === true && restartPolicy.Name !== 'no') {
      throw new OrcError('ORC_USAGE', `conflicting options: --restart ${formatRestartPolicy(restartPolicy)} and --rm (a container removed when it exits cannot be restarted)`);
    }
    const logConfig = parseLogConfig(logDriver, logOpts ?? []);
    if (options.healthcheck !== undefined) validateHealthcheck(options.healthcheck);
    let name: string;
    if (wanted !== undefined) {
      name = validName(wanted);
      const owner = this.names.get(name);
      if (owner !== undefined) {
        throw new OrcError('ORC_CONFLICT', `the container name "/${name}" is already in use by container ${owner}: remove (or rename) that container to reuse the name`);
      }
    } else name = generateName((n) => this.names.has(n), this.random);
    let id: string;
    // The shim's dir is named by the first 12 hex digits: keep them unique too.
    do id = randomBytes(32).toString('hex');
    while ([...this.records.keys()].some((k) => k.startsWith(id.slice(0, 12))) || existsSync(this.paths(id).shim));
    this.names.set(name, id); // reserved before the first await

    const paths = this.paths(id);
    let madeDir = false;
    try {
      const info = await this.images.inspect(image);
      await mkdir(paths.dir, { mode: 0o700 });
      madeDir = true;
      const overlay = await this.images.rootfsSpec(info.digest, paths.dir);
      await mountOverlay(overlay);
      const etc = (f: string): Promise<string | undefined> => readOptional(join(overlay.target, 'etc', f));
      const [passwd, group] = await Promise.all([etc('passwd'), etc('group')]);
      const net = await this.networkFacts(id, name, runOptions, paths.dir);
      const mounts = await prepareMounts({
        volumes: this.volumes, containerId: id, containerDir: paths.dir, rootfs: overlay.target, image: info.config, options: runOptions,
        mountPointsOf: (ref) => {
          const from = this.lookup(ref);
          return { id: from.id, mountPoints: from.mountPoints ?? [] };
        },
      });
      const spec = buildSpec({
        image: info.config,
        options: mounts.options,
        host: {
          volumes: mounts.hostVolumes,
          containerId: id,
          rootfs: overlay.target,
          cgroupParent: this.cgroupParent,
          ...(passwd !== undefined ? { passwd } : {}),
          ...(group !== undefined ? { group } : {}),
          cgroupMount: this.runtime.name !== 'orc',
          ...(this.init !== undefined ? { initPath: this.init } : {}),
          cpuCount: availableParallelism(),
          seccomp: defaultSeccompProfile(),
          ...net,
        },
      });
      const signal = stopSignal(runOptions, info.config);
      await mkdir(paths.bundle, { mode: 0o700 });
      await mkdir(paths.shim, { recursive: true, mode: 0o700 });
      await writeFileAtomic(join(paths.bundle, 'config.json'), `${JSON.stringify(spec, null, 2)}\n`);
      const healthcheck = resolveHealthcheck(options.healthcheck, info.config.healthcheck);
      const config: ResolvedConfig = {
        ...resolvedCommand(info.config, runOptions),
        hostname: spec.hostname ?? '',
        user: runOptions.user ?? info.config.user,
        env: spec.process.env ?? [],
        workingDir: spec.process.cwd,
        labels: { ...info.config.labels, ...(runOptions.labels ?? {}) },
        stopSignal: signal.name,
        ...(stopTimeout !== undefined ? { stopTimeout } : {}),
        ...(healthcheck !== undefined ? { healthcheck } : {}),
      };
      const args = spec.process.args ?? [];
      const r: ContainerRecord = {
        version: 1,
        id,
        name,
        image,
        imageId: info.id,
        imageDigest: info.digest,
        created: new Date(this.clock.now()).toISOString(),
        runtime: this.runtime.bin,
        runtimeName: this.runtime.name,
        options: storedOptions(runOptions),
        mountPoints: mounts.mountPoints,
        config,
        path: args[0] ?? '',
        args: args.slice(1),
        status: 'created',
        pid: 0,
        shimPid: 0,
        exitCode: 0,
        oomKilled: false,
        error: '',
        startedAt: ZERO_TIME,
        finishedAt: ZERO_TIME,
        restartCount: 0,
        restartPolicy,
        autoRemove: autoRemove === true,
        logConfig,
      };
      await this.save(r);
      this.records.set(id, r);
      trace(id, 'none', 'created', `image ${image}`);
      this.emit(r, 'create');
      return id;
    } catch (e) {
      this.names.delete(name);
      await this.volumes.releaseAll(id, { removeAnonymous: true }).catch(() => undefined);
      if (madeDir) {
        await unmountIfMounted(paths.rootfs).catch(() => undefined);
        await rm(paths.dir, { recursive: true, force: true }).catch(() => undefined);
        await rm(paths.shim, { recursive: true, force: true }).catch(() => undefined);
      }
      throw e;
    }
  }

  /**
   * Starts the container under a new shim: status `running`. A running container is left alone.
   * With `attachFirst` the process starts once a client attached (`attach`).
   * The user's start: RestartCount and the back-off start over, a pending policy restart happens now.
   */
  async start(ref: string, opts: StartOptions = {}): Promise<void> {
    const r = this.lookup(ref);
    this.cancelRestart(r);
    await this.exclusive(r.id, async () => {
      if (r.status === 'running') return;
      r.restartCount = 0;
      r.manuallyStopped = false;
      r.backoffMs = 0;
      await this.launch(r, opts);
    });
  }

  /** The start itself, inside `exclusive`. */
  private async launch(r: ContainerRecord, opts: StartOptions = {}): Promise<void> {
    if (r.status === 'removing') throw new OrcError('ORC_CONFLICT', `container ${r.name} is being removed`);
    const paths = this.paths(r.id);
    const logConfig = r.logConfig ?? JSON_FILE;
    const limits = logLimits(logConfig);
    if (logConfig.Type === 'none') {
      // The shim always writes container.log: make it /dev/null (no max-size, so it is never rotated).
      const isLink = await lstat(paths.log).then((st) => st.isSymbolicLink(), () => false);
      if (!isLink) {
        await rm(paths.log, { force: true });
        await symlink('/dev/null', paths.log);
      }
    }
    const logMaxSize = limits.maxSize ?? this.logMaxSize;
    const logMaxFiles = limits.maxFiles ?? (limits.maxSize !== undefined ? undefined : this.logMaxFiles);
    if (!isMounted(paths.rootfs)) await mountOverlay(await this.images.rootfsSpec(r.imageDigest, paths.dir));
    const runtimeRoot = this.runtimeRoot(this.runtimeNameOf(r));
    await mkdir(runtimeRoot, { recursive: true, mode: 0o700 });
    let started: { pid: number; shimPid: number };
    if (this.networking !== undefined) await this.networking.up(this.networked(r), paths.dir);
    // Taken before the shim runs: a short container may have ended by the time it reports.
    const startedAt = new Date(this.clock.now()).toISOString();
    try {
      started = await startShim({
        shim: this.shim, runtime: r.runtime, runtimeRoot, id: r.id, bundle: paths.bundle, stateDir: paths.shim,
        ...(r.options.tty === true ? { tty: true } : {}),
        ...(r.options.interactive === true ? { stdin: true } : {}),
        ...(opts.attachFirst === true ? { attachFirst: true } : {}),
        ...(logMaxSize !== undefined && logConfig.Type !== 'none' ? { logMaxSize } : {}),
        ...(logMaxFiles !== undefined && logConfig.Type !== 'none' ? { logMaxFiles } : {}),
      });
    } catch (e) {
      // Nothing of the attempt may stay in the runtime: state dir, cgroup, a half-made init.
      await forceDelete(r.runtime, runtimeRoot, r.id);
      removeCgroups(`${this.cgroupParent}/${r.id}`);
      await this.networking?.down(r.id).catch(() => undefined);
      r.error = e instanceof Error ? e.message : String(e);
      await this.save(r);
      throw e;
    }
    this.transition(r, 'running', `shim ${started.shimPid}, pid ${started.pid}`);
    r.pid = started.pid;
    r.shimPid = started.shimPid;
    r.exitCode = 0;
    r.oomKilled = false;
    r.error = '';
    r.startedAt = startedAt;
    r.finishedAt = ZERO_TIME;
    r.exitOnNext = false;
    r.paused = false;
    delete r.restartAt;
    this.healthMonitors.reset(r);
    await this.save(r);
    this.watch(r);
    this.emit(r, 'start');
    this.healthMonitors.start(r);
  }

  /** create + start; when the start fails the container is removed again, so nothing is left behind. */
  async run(image: string, options: CreateOptions = {}): Promise<string> {
    const id = await this.create(image, options);
    try {
      await this.start(id);
    } catch (e) {
      await this.remove(id, { force: true }).catch(() => undefined);
      throw e;
    }
    return id;
  }

  // ── attach and exec ──────────────────────────────────────────────────

  /** Attaches to a running container's stdio (through its shim). */
  async attach(ref: string): Promise<AttachSession> {
    const r = this.lookup(ref);
    if (r.status !== 'running') throw notRunning(r);
    const session = await attachShim(join(this.paths(r.id).shim, 'shim.sock'), `container ${r.name}`);
    this.emit(r, 'attach');
    return session;
  }

  /** Runs a process in a running container; attached unless `detach`. */
  async exec(ref: string, req: ExecRequest): Promise<ExecHandle> {
    const r = this.lookup(ref);
    if (r.status !== 'running') throw notRunning(r);
    if (r.paused === true) throw new OrcError('ORC_CONFLICT', `container ${r.name} is paused: unpause the container before exec`);
    const paths = this.paths(r.id);
    const h = await startExec(this.dataRoot, this.shim, this.clock, this.pollMs, {
      id: r.id, bundle: paths.bundle, rootfs: paths.rootfs, runtime: r.runtime, runtimeRoot: this.runtimeRoot(this.runtimeNameOf(r)),
    }, req);
    const what = `: ${req.command.join(' ')}`;
    this.emit(r, `exec_create${what}`, { execID: h.id });
    this.emit(r, `exec_start${what}`, { execID: h.id });
    void h.exited.then((code) => this.emit(r, 'exec_die', { execID: h.id, exitCode: String(code) }), () => undefined);
    return h;
  }

  // ── the end of a container ───────────────────────────────────────────

  private watch(r: ContainerRecord): void {
    const paths = this.paths(r.id);
    const shimPid = r.shimPid;
    const w = watchExit(paths.shim, shimPid, this.clock, this.pollMs);
    const exited = w.ended.then((ending) => this.ended(r, shimPid, ending));
    this.watches.set(r.id, { shimPid, cancel: w.cancel, exited });
  }

  private async ended(r: ContainerRecord, shimPid: number, ending: Ending): Promise<number> {
    if (r.status !== 'running' || r.shimPid !== shimPid) return r.exitCode;
    void this.healthMonitors.stop(r.id);
    if (ending.kind === 'exited') this.applyExit(r, ending.exit, 'exit.json');
    else {
      this.transition(r, 'exited', ending.reason);
      r.exitCode = 255;
      r.error = ending.reason;
      r.finishedAt = new Date(this.clock.now()).toISOString();
      r.pid = 0;
      r.paused = false;
      await forceDelete(r.runtime, this.runtimeRoot(this.runtimeNameOf(r)), r.id);
      removeCgroups(`${this.cgroupParent}/${r.id}`);
      this.emit(r, 'die', { exitCode: '255' });
    }
    await this.networkDown(r);
    const w = this.watches.get(r.id);
    if (w?.shimPid === shimPid) this.watches.delete(r.id);
    // Decided before `exited` resolves, so `wait` sees a pending restart.
    this.afterExit(r, 'exit');
    await this.save(r).catch(() => undefined);
    return r.exitCode;
  }

  // ── restart policies and --rm ────────────────────────────────────────

  private exitFacts(r: ContainerRecord): ExitFacts {
    return { exitCode: r.exitCode, restartCount: r.restartCount, manuallyStopped: r.manuallyStopped === true, exitOnNext: r.exitOnNext === true };
  }

  /**
   * What follows an exit: a policy restart after the back-off (`exit`, or at
   * `engine-start` Docker's daemon-start rule), else `--rm`'s removal.
   */
  private afterExit(r: ContainerRecord, when: 'exit' | 'engine-start'): void {
    if (this.closed || r.status !== 'exited' || this.pending.has(r.id)) return;
    const policy = r.restartPolicy ?? NO_RESTART;
    const facts = this.exitFacts(r);
    if (when === 'exit' && restartOnExit(policy, facts)) {
      const ran = Date.parse(r.finishedAt) - Date.parse(r.startedAt);
      r.backoffMs = nextBackoff(r.backoffMs ?? 0, Number.isFinite(ran) ? ran : 0);
      this.scheduleRestart(r, r.backoffMs, `${formatRestartPolicy(policy)}: exit code ${r.exitCode}`);
    } else if (when === 'engine-start' && restartOnEngineStart(policy, facts)) {
      this.scheduleRestart(r, 0, `${formatRestartPolicy(policy)}: engine start`);
    } else if (r.autoRemove === true) {
      void this.remove(r.id).catch((e: unknown) => {
        r.error = `--rm: cannot remove the container: ${e instanceof Error ? e.message : String(e)}`;
      });
    }
  }

  /** Counts the restart and starts the container again after `delayMs` on the clock (a persisted due time survives the engine). */
  private scheduleRestart(r: ContainerRecord, delayMs: number, cause: string, dueAt?: number): void {
    const abort = new AbortController();
    if (dueAt === undefined) {
      r.restartCount += 1;
      r.restartAt = new Date(this.clock.now() + delayMs).toISOString();
    }
    trace(r.id, 'exited', 'exited', `restart #${r.restartCount} in ${delayMs} ms (${cause})`);
    const done = (async () => {
      try {
        await this.clock.sleep(delayMs, abort.signal);
      } catch {
        return; // cancelled: by the user, or the engine closed (restartAt stays for the next one)
      }
      try {
        await this.exclusive(r.id, async () => {
          if (abort.signal.aborted || !this.records.has(r.id) || r.status !== 'exited') return;
          this.pending.delete(r.id);
          await this.launch(r);
        });
      } catch (e) {
        r.error = `restart: ${e instanceof Error ? e.message : String(e)}`;
        delete r.restartAt;
        await this.save(r).catch(() => undefined);
      }
    })().finally(() => {
      if (this.pending.get(r.id)?.abort === abort) this.pending.delete(r.id);
    });
    this.pending.set(r.id, { abort, done });
  }

  /** Drops a pending policy restart (the user stopped, killed, started or removed the container). */
  private cancelRestart(r: ContainerRecord): boolean {
    const p = this.pending.get(r.id);
    if (p === undefined) return false;
    p.abort.abort();
    this.pending.delete(r.id);
    delete r.restartAt;
    return true;
  }

  private applyExit(r: ContainerRecord, exit: ExitRecord, cause: string): void {
    this.transition(r, 'exited', `${cause}: exit code ${exit.exitCode}`);
    r.exitCode = exit.exitCode;
    r.oomKilled = exit.oomKilled;
    r.finishedAt = exit.exitedAt;
    r.pid = 0;
    r.paused = false;
    if (exit.oomKilled) this.emit(r, 'oom');
    this.emit(r, 'die', { exitCode: String(exit.exitCode) });
  }

  /**
   * The exit code once the container is not running (at once when it already is not);
   * a container its policy restarts is waited through its restarts, as Docker's `wait`.
   * One the engine removed (`--rm`) still gives its code when named by its full id.
   */
  async wait(ref: string): Promise<number> {
    const gone = this.tombstones.get(ref);
    if (gone !== undefined && !this.records.has(ref)) return gone;
    const r = this.lookup(ref);
    for (;;) {
      const w = this.watches.get(r.id);
      if (r.status === 'running' && w !== undefined) {
        await w.exited;
        continue;
      }
      const p = this.pending.get(r.id);
      if (p !== undefined) {
        await p.done;
        continue;
      }
      return r.exitCode;
    }
  }

  /** Resolves true when the container ended within `ms`. */
  private async endsWithin(r: ContainerRecord, ms: number): Promise<boolean> {
    const w = this.watches.get(r.id);
    if (r.status !== 'running' || w === undefined) return true;
    const abort = new AbortController();
    try {
      return await Promise.race([w.exited.then(() => true), this.clock.sleep(ms, abort.signal).then(() => false)]);
    } finally {
      abort.abort();
    }
  }

  /** The stop signal, then SIGKILL after `timeout` seconds. A container that is not running is left alone. */
  async stop(ref: string, opts: StopOptions = {}): Promise<void> {
    const r = this.lookup(ref);
    if (this.cancelRestart(r)) {
      r.manuallyStopped = true;
      await this.save(r);
      return;
    }
    if (r.status !== 'running') return;
    r.manuallyStopped = true;
    r.exitOnNext = true;
    await this.save(r);
    try {
      await this.stopRun(r, opts);
      this.emit(r, 'stop');
    } finally {
      // It may have ended by itself just before, and been scheduled for a restart.
      if (this.cancelRestart(r)) await this.save(r);
    }
  }

  /** The end of the current run only (not of the restarts that may follow). */
  private async runEnded(r: ContainerRecord): Promise<void> {
    const w = this.watches.get(r.id);
    if (r.status === 'running' && w !== undefined) await w.exited;
  }

  private async stopRun(r: ContainerRecord, opts: StopOptions): Promise<void> {
    const timeout = opts.timeout ?? r.config.stopTimeout ?? DEFAULT_STOP_TIMEOUT;
    const signal = parseSignal(r.config.stopSignal, 'StopSignal').number;
    trace(r.id, 'running', 'running', `stop: ${r.config.stopSignal}, SIGKILL after ${timeout} s`);
    const sent = signalInit(r.pid, r.shimPid, signal);
    if (sent) this.emit(r, 'kill', { signal: String(signal) });
    if (sent) await this.thawAfterSignal(r);
    if (sent && (await this.endsWithin(r, Math.max(0, timeout) * 1000))) return;
    if (signalInit(r.pid, r.shimPid, 9)) this.emit(r, 'kill', { signal: '9' });
    await this.thawAfterSignal(r);
    await this.runEnded(r);
  }

  /** `docker restart`: stop (the stop signal, SIGKILL after `timeout`), then the user's start. */
  async restart(ref: string, opts: StopOptions = {}): Promise<void> {
    const r = this.lookup(ref);
    await this.stop(r.id, opts);
    await this.start(r.id);
    this.emit(r, 'restart');
  }

  /** Sends a signal (default SIGKILL) to the container's init. */
  async kill(ref: string, signal: string | number = 'SIGKILL'): Promise<void> {
    const r = this.lookup(ref);
    const sig = parseSignal(String(signal), '--signal');
    if (this.cancelRestart(r)) {
      // Docker: a restarting container is not signalled, its restart is dropped.
      r.manuallyStopped = true;
      await this.save(r);
      return;
    }
    if (r.status !== 'running') throw notRunning(r);
    // Docker: any kill marks the container stopped by the user; SIGKILL or its stop signal also ends its restarts.
    const before = { manuallyStopped: r.manuallyStopped, exitOnNext: r.exitOnNext };
    r.manuallyStopped = true;
    if (sig.number === 9 || sig.name === parseSignal(r.config.stopSignal, 'StopSignal').name) r.exitOnNext = true;
    await this.save(r);
    if (!signalInit(r.pid, r.shimPid, sig.number)) {
      Object.assign(r, before);
      throw notRunning(r);
    }
    trace(r.id, 'running', 'running', `kill ${sig.name}`);
    this.emit(r, 'kill', { signal: String(sig.number) });
    // Docker: SIGKILL or the stop signal to a paused container is delivered by unpausing it; others wait for the unpause.
    if (r.exitOnNext === true) await this.thawAfterSignal(r);
  }

  /** Unmounts the rootfs and deletes the container; a running one needs `force` (it is killed first). */
  async remove(ref: string, opts: RemoveOptions = {}): Promise<void> {
    const r = this.lookup(ref);
    if (this.pending.has(r.id)) {
      if (opts.force !== true) {
        throw new OrcError('ORC_CONFLICT', `cannot remove container ${r.name} (${r.id.slice(0, 12)}): it is restarting; stop it first or use force`);
      }
      this.cancelRestart(r);
    }
    await this.exclusive(r.id, async () => {
      if (!this.records.has(r.id)) return;
      if (r.status === 'running') {
        if (opts.force !== true) {
          throw new OrcError('ORC_CONFLICT', `cannot remove container ${r.name} (${r.id.slice(0, 12)}): it is running; stop it first or use force`);
        }
        r.exitOnNext = true;
        if (signalInit(r.pid, r.shimPid, 9)) this.emit(r, 'kill', { signal: '9' });
        await this.thawAfterSignal(r);
        await this.runEnded(r);
        this.cancelRestart(r);
      }
      await this.healthMonitors.stop(r.id);
      this.transition(r, 'removing', 'remove');
      await this.save(r);
      await this.destroy(r.id, r.runtime, this.runtimeNameOf(r));
      // Docker: `rm -v` and `--rm` also remove the anonymous volumes.
      await this.volumes.releaseAll(r.id, { removeAnonymous: opts.volumes === true || r.autoRemove === true });
      this.records.delete(r.id);
      if (this.names.get(r.name) === r.id) this.names.delete(r.name);
      this.saves.delete(r.id);
      if (r.autoRemove === true) {
        this.tombstones.set(r.id, r.exitCode);
        if (this.tombstones.size > TOMBSTONES) this.tombstones.delete(this.tombstones.keys().next().value as string);
      }
      trace(r.id, 'removing', 'gone', 'remove');
      this.emit(r, 'destroy');
    });
  }

  // ── pause ────────────────────────────────────────────────────────────

  /** `docker pause`: freezes every process of a running container (its cgroup, through the runtime). */
  async pause(ref: string): Promise<void> {
    const r = this.lookup(ref);
    await this.exclusive(r.id, async () => {
      if (r.status !== 'running' || this.pending.has(r.id)) throw notRunning(r);
      if (r.paused === true) throw new OrcError('ORC_CONFLICT', `container ${r.name} (${r.id.slice(0, 12)}) is already paused`);
      await freeze(r.runtime, this.runtimeRoot(this.runtimeNameOf(r)), r.id, true);
      trace(r.id, 'running', 'running', 'paused');
      r.paused = true;
      await this.save(r);
      this.emit(r, 'pause');
    });
  }

  /** `docker unpause`: thaws a paused container. */
  async unpause(ref: string): Promise<void> {
    const r = this.lookup(ref);
    await this.exclusive(r.id, async () => {
      if (r.status !== 'running' || r.paused !== true) {
        throw new OrcError('ORC_CONFLICT', `container ${r.name} (${r.id.slice(0, 12)}) is not paused`);
      }
      await this.thaw(r);
    });
  }

  private async thaw(r: ContainerRecord): Promise<void> {
    await freeze(r.runtime, this.runtimeRoot(this.runtimeNameOf(r)), r.id, false);
    trace(r.id, 'running', 'running', 'unpaused');
    r.paused = false;
    await this.save(r);
    this.emit(r, 'unpause');
  }

  /** After a signal that ends the container: a paused one is thawed so the signal lands (Docker's and runc's way). */
  private async thawAfterSignal(r: ContainerRecord): Promise<void> {
    if (r.paused !== true || r.status !== 'running') return;
    try {
      await this.thaw(r);
    } catch (e) {
      // It may have died meanwhile (SIGKILL to a frozen init thaws in the runtime too).
      if (r.status === 'running' && r.paused === true) trace(r.id, 'running', 'running', `unpause failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Unmount, runtime state, cgroup, folder: safe to repeat after a crash half-way. */
  private async destroy(id: string, runtime: string, runtimeName: string): Promise<void> {
    const paths = this.paths(id);
    await this.networking?.down(id).catch(() => undefined);
    await unmountIfMounted(paths.rootfs);
    if (existsSync(join(this.runtimeRoot(runtimeName), id))) await forceDelete(runtime, this.runtimeRoot(runtimeName), id);
    removeCgroups(`${this.cgroupParent}/${id}`);
    await rm(paths.shim, { recursive: true, force: true });
    await rm(paths.dir, { recursive: true, force: true });
  }

  // ── views ────────────────────────────────────────────────────────────

  /** Running containers (all with `all`), newest first. */
  list(opts: { all?: boolean } = {}): ContainerSummary[] {
    const now = this.clock.now();
    return [...this.records.values()]
      .filter((r) => opts.all === true || r.status === 'running')
      .sort((a, b) => b.created.localeCompare(a.created))
      .map((r) => ({
        Id: r.id,
        Names: [`/${r.name}`],
        Image: r.image,
        ImageID: r.imageId,
        Command: [r.path, ...r.args].join(' '),
        Created: Math.floor(Date.parse(r.created) / 1000),
        State: this.pending.has(r.id) ? 'restarting' : r.paused === true && r.status === 'running' ? 'paused' : r.status,
        Status:
          this.pending.has(r.id) ? `Restarting (${r.exitCode}) ${ago(now - Date.parse(r.finishedAt))} ago`
          : r.status === 'running' ? `Up ${ago(now - Date.parse(r.startedAt))}${r.paused === true ? ' (Paused)' : statusSuffix(r.health)}`
          : r.status === 'exited' ? `Exited (${r.exitCode}) ${ago(now - Date.parse(r.finishedAt))} ago`
          : r.status === 'created' ? 'Created'
          : 'Removal In Progress',
        Labels: r.config.labels,
        ...(r.status === 'running' && r.health !== undefined ? { Health: { Status: r.health.Status, FailingStreak: r.health.FailingStreak } } : {}),
      }));
  }

  inspect(ref: string): ContainerInspect {
    const r = this.lookup(ref);
    const o = r.options;
    const restarting = this.pending.has(r.id);
    return {
      Id: r.id,
      Name: `/${r.name}`,
      Created: r.created,
      Path: r.path,
      Args: r.args,
      State: {
        Status: restarting ? 'restarting' : r.paused === true && r.status === 'running' ? 'paused' : r.status,
        Running: r.status === 'running' || restarting,
        Paused: r.paused === true && r.status === 'running',
        Restarting: restarting,
        OOMKilled: r.oomKilled,
        Dead: false,
        Pid: r.status === 'running' ? r.pid : 0,
        ExitCode: r.exitCode,
        Error: r.error,
        StartedAt: r.startedAt,
        FinishedAt: r.finishedAt,
        ...(r.health !== undefined ? { Health: structuredClone(r.health) } : {}),
      },
      Image: r.imageId,
      LogPath: this.paths(r.id).log,
      RestartCount: r.restartCount,
      Driver: 'overlay',
      Mounts: (r.mountPoints ?? []).map((m) => m.type === 'volume'
        ? { Type: m.type, Name: m.name ?? '', Source: m.source, Destination: m.destination, Driver: 'local' as const, Mode: m.readOnly ? 'ro' : 'z', RW: !m.readOnly, Propagation: '' }
        : { Type: m.type, Source: m.source, Destination: m.destination, Mode: m.readOnly ? 'ro' : '', RW: !m.readOnly, Propagation: 'rprivate' }),
      Config: {
        Hostname: r.config.hostname,
        User: r.config.user,
        Env: r.config.env,
        Cmd: r.config.cmd,
        Entrypoint: r.config.entrypoint.length > 0 ? r.config.entrypoint : null,
        Image: r.image,
        WorkingDir: r.config.workingDir,
        Labels: r.config.labels,
        StopSignal: r.config.stopSignal,
        ...(r.config.stopTimeout !== undefined ? { StopTimeout: r.config.stopTimeout } : {}),
        ...(r.config.healthcheck !== undefined ? { Healthcheck: healthcheckConfig(r.config.healthcheck) } : {}),
        Tty: r.options.tty === true,
        OpenStdin: r.options.interactive === true,
        AttachStdin: r.options.interactive === true,
      },
      HostConfig: {
        Runtime: this.runtimeNameOf(r),
        NetworkMode: o.network ?? 'bridge',
        Privileged: o.privileged === true,
        ReadonlyRootfs: o.readOnly === true,
        Init: o.init === true,
        Memory: o.memory ?? 0,
        MemorySwap: o.memorySwap ?? 0,
        NanoCpus: o.cpus === undefined ? 0 : Math.round(Number(o.cpus) * 1e9),
        CpuShares: o.cpuShares ?? 0,
        PidsLimit: o.pidsLimit ?? 0,
        CapAdd: [...(o.capAdd ?? [])],
        CapDrop: [...(o.capDrop ?? [])],
        Binds: [...(o.volumes ?? [])],
        Mounts: [...(o.mounts ?? [])],
        Tmpfs: [...(o.tmpfs ?? [])],
        SecurityOpt: [...(o.securityOpt ?? [])],
        ShmSize: o.shmSize ?? 0,
        RestartPolicy: { ...(r.restartPolicy ?? NO_RESTART) },
        AutoRemove: r.autoRemove === true,
        LogConfig: structuredClone(r.logConfig ?? JSON_FILE),
        PortBindings: portBindings(o.publish ?? []),
      },
      NetworkSettings: this.networkSettings(r),
    };
  }

  /** Docker's NetworkSettings: the running container's endpoints and bound ports. */
  private networkSettings(r: ContainerRecord): NetworkSettings {
    const att = r.status === 'running' ? this.networking?.attachment(r.id) : undefined;
    const ports: NetworkSettings['Ports'] = {};
    for (const p of att?.ports ?? []) {
      const key = `${p.containerPort}/${p.protocol}`;
      (ports[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
    }
    const networks: NetworkSettings['Networks'] = {};
    for (const e of att?.endpoints ?? []) {
      networks[e.networkName] = { NetworkID: e.networkId, IPAddress: e.ip, IPPrefixLen: e.prefixLen, Gateway: e.gateway, MacAddress: e.mac, Aliases: e.aliases };
    }
    const first = att?.endpoints[0];
    return {
      SandboxKey: att?.netnsPath ?? '',
      Ports: ports,
      Networks: networks,
      IPAddress: first?.ip ?? '',
      Gateway: first?.gateway ?? '',
      MacAddress: first?.mac ?? '',
    };
  }

  /** Docker's State.Health of the container: undefined without a healthcheck (or before its first start). */
  health(ref: string): HealthState | undefined {
    const h = this.lookup(ref).health;
    return h === undefined ? undefined : structuredClone(h);
  }

  /** Calls `listener` on every health status change of any container (`{id, status, failingStreak}`); returns its remover. */
  onHealth(listener: (e: HealthEvent) => void): () => void {
    return this.healthMonitors.on(listener);
  }

  /** The container's root filesystem as the host sees it (the overlay, mounted from create to remove): `orc cp` works in it. */
  rootfsPath(ref: string): string {
    return this.paths(this.lookup(ref).id).rootfs;
  }

  /** The container's log records (json-file, rotated files included), optionally followed until it ends. */
  logs(ref: string, opts: LogOptions = {}): AsyncGenerator<LogEntry> {
    const r = this.lookup(ref);
    if (r.logConfig?.Type === 'none') {
      throw new OrcError('ORC_CONFLICT', `configured logging driver does not support reading: container ${r.name} was created with --log-driver none (logging is disabled)`);
    }
    const live = (): boolean => (r.status === 'running' || this.pending.has(r.id)) && this.records.has(r.id);
    return readLogs(this.paths(r.id).log, opts, this.clock, live);
  }

  /** One sample of the container's cgroup counters (zeros but the limit when it is not running). */
  async stats(ref: string): Promise<StatsSample> {
    const r = this.lookup(ref);
    const running = r.status === 'running' && r.pid > 0;
    return readStats({
      cgroups: containerCgroups(running ? r.pid : undefined, `${this.cgroupParent}/${r.id}`),
      pid: running && r.options.network !== 'host' ? r.pid : undefined,
      now: this.clock.now(),
    });
  }

  /** The container's processes, as `ps -ef` (or host `ps` with `psArgs`) shows them. */
  async top(ref: string, psArgs: readonly string[] = []): Promise<TopResult> {
    const r = this.lookup(ref);
    if (r.status !== 'running' || !(r.pid > 0)) throw notRunning(r);
    return top(containerCgroups(r.pid, `${this.cgroupParent}/${r.id}`), psArgs);
  }

  // ── re-adoption ──────────────────────────────────────────────────────

  private async adoptAll(): Promise<void> {
    const root = join(this.dataRoot, 'containers');
    const adopted: Array<[ContainerRecord, boolean]> = [];
    for (const id of await readdir(root)) {
      if (!/^[0-9a-f]{64}$/.test(id)) continue;
      const paths = this.paths(id);
      const r = await readRecord(paths);
      if (r === undefined) {
        // A create that crashed before its record was written: nothing refers to it.
        await this.destroy(id, this.runtime.bin, this.runtime.name);
        continue;
      }
      if (r.status === 'removing') {
        await this.destroy(id, r.runtime, this.runtimeNameOf(r));
        continue;
      }
      this.records.set(id, r);
      this.names.set(r.name, id);
      const endedWhileAway = await this.adopt(r, paths);
      // A start the previous engine did not finish may have left the container's network behind.
      if (r.status !== 'running') await this.networkDown(r);
      adopted.push([r, endedWhileAway]);
    }
    // Restart policies and --rm, for what ended while no engine watched, and at engine start.
    for (const [r, endedWhileAway] of adopted) {
      if (r.status !== 'exited') continue;
      if (r.autoRemove === true) {
        // --rm: it ended while no engine watched (or before its removal was done).
        await this.remove(r.id);
        continue;
      }
      if (r.restartAt !== undefined) {
        // A back-off that was pending when the previous engine went away: it resumes.
        const due = Date.parse(r.restartAt);
        this.scheduleRestart(r, Math.max(0, due - this.clock.now()), 'resumed back-off', due);
        continue;
      }
      if (endedWhileAway) this.afterExit(r, 'exit');
      if (!this.pending.has(r.id)) this.afterExit(r, 'engine-start');
      if (this.pending.has(r.id)) await this.save(r);
    }
    // Shim dirs of containers that are gone (a crash during create or remove).
    const shims = join(this.dataRoot, 'shims');
    for (const dir of await readdir(shims)) {
      if (![...this.records.keys()].some((id) => id.startsWith(dir))) await rm(join(shims, dir), { recursive: true, force: true });
    }
  }

  /** Resolves true when the container turns out to have ended while no engine watched it. */
  private async adopt(r: ContainerRecord, paths: ContainerPaths): Promise<boolean> {
    const shimPid = readPid(join(paths.shim, 'shim.pid')) ?? r.shimPid;
    if (shimAlive(shimPid, paths.shim)) {
      if (r.status !== 'running') {
        // The engine died between starting the shim and recording it.
        this.transition(r, 'running', 'adopted a live shim');
        r.startedAt = new Date(this.clock.now()).toISOString();
        r.finishedAt = ZERO_TIME;
      }
      r.shimPid = shimPid;
      r.pid = readPid(join(paths.shim, 'container.pid')) ?? r.pid;
      await this.save(r);
      this.networking?.adopt(this.networked(r));
      this.watch(r);
      this.healthMonitors.start(r);
      return false;
    }
    const exit = await readExit(paths.shim);
    if (exit !== undefined && (r.status === 'running' || exit.exitedAt !== r.finishedAt)) {
      if (r.status === 'exited') {
        this.transition(r, 'running', 'a run the engine did not record');
      }
      this.applyExit(r, exit, 'exit.json found at adoption');
      await this.networkDown(r);
      await this.save(r);
      return true;
    } else if (r.status === 'running') {
      const reason = `the shim (pid ${shimPid}) died without recording the container's exit`;
      this.transition(r, 'exited', reason);
      r.exitCode = 255;
      r.error = reason;
      r.pid = 0;
      r.finishedAt = new Date(this.clock.now()).toISOString();
      r.paused = false;
      await forceDelete(r.runtime, this.runtimeRoot(this.runtimeNameOf(r)), r.id);
      removeCgroups(`${this.cgroupParent}/${r.id}`);
      await this.networkDown(r);
      await this.save(r);
      this.emit(r, 'die', { exitCode: '255' });
      return true;
    }
    return false;
  }
}

/** Docker's Config.Cmd / Config.Entrypoint: what the user gave, else the image's. */
function resolvedCommand(image: ImageConfig, o: RunOptions): { cmd: string[]; entrypoint: string[] } {
  if (o.entrypoint !== undefined) {
    const ep = typeof o.entrypoint === 'string' ? (o.entrypoint === '' ? [] : [o.entrypoint]) : [...o.entrypoint];
    return { entrypoint: ep, cmd: [...(o.command ?? [])] };
  }
  const cmd = o.command !== undefined && o.command.length > 0 ? [...o.command] : [...(image.cmd ?? [])];
  return { entrypoint: [...(image.entrypoint ?? [])], cmd };
}
