/**
 * The typed client of the engine daemon: what the CLI's commands call, and
 * the library a script uses.
 *
 *   const orc = await connect({ host: 'unix:///run/orc/orc.sock' });
 *   const id = await orc.createContainer('busybox', { command: ['echo', 'hi'] });
 *   await orc.startContainer(id);
 *   for await (const e of orc.logs(id, { follow: true })) process.stdout.write(e.log);
 *   console.log(await orc.waitContainer(id));
 *   orc.close();
 *
 * Every failure is an OrcError with the code the engine gave (status.ts).
 */
import { Readable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type { ProtoGrpcType } from '../../proto/generated/engine.js';
import type { EngineClient } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { ContainerCreateRequest } from '../../proto/generated/orc/engine/v1/ContainerCreateRequest.js';
import type { ContainerHealthcheck } from '../../proto/generated/orc/engine/v1/ContainerHealthcheck.js';
import { enginePackageDefinition } from '../../proto/service-definition.js';
import type { ContainerInspect, EngineEvent, StatsSample } from '../../worker/engine/index.js';
import type { ImageSummary } from '../../worker/images/index.js';
import { AsyncQueue } from '../../common/async-queue.js';
import type { DockerImageInspect } from '../../worker/images/index.js';
import type { ContainerFile, VolumeInspect } from '../../worker/volumes/index.js';
import type { NetworkInspect } from '../../worker/network/index.js';
import { answers, resolveHost, startDefaultDaemon, type Host } from './host.js';
import { fromStatus } from './status.js';

export type { ContainerInspect, StatsSample } from '../../worker/engine/index.js';
export type { EngineEvent } from '../../worker/engine/index.js';
export type { ImageSummary } from '../../worker/images/index.js';
export type { DockerImageInspect } from '../../worker/images/index.js';
export type { ContainerFile, VolumeInspect } from '../../worker/volumes/index.js';
export type { NetworkInspect } from '../../worker/network/index.js';
export { resolveHost } from './host.js';

/** `orc network create` options. */
export interface NetworkCreateOptions {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  ipam?: Array<{ subnet?: string; ipRange?: string; gateway?: string; auxAddresses?: Record<string, string> }>;
}

export interface ConnectOptions {
  /** `unix:///path/orc.sock`; default ORC_HOST, else the default socket. */
  host?: string;
  /** Start the default daemon when it is not running (only when no host was named; default true). */
  autoStart?: boolean;
}

export interface Version {
  version: string;
  apiVersion: string;
  nodeName: string;
  dataRoot: string;
  pid: number;
  os: string;
  arch: string;
}


export interface PathStat {
  name: string;
  size: number;
  /** Go's os.FileMode bits (0x80000000: directory, 0x08000000: symlink). */
  mode: number;
  mtime: string;
  isDir: boolean;
}

export interface RegistryAuth {
  username: string;
  password: string;
}

export interface LoadedImage {
  id: string;
  digest: string;
  repoTags: string[];
}

export type PullEvent =
  | { kind: 'resolved'; reference: string; digest: string; layers: number }
  | { kind: 'layer'; id: string; digest: string; status: string; current: number; total: number }
  | { kind: 'done'; reference: string; digest: string; id: string; repoTags: string[]; downloaded: number; skipped: number; bytes: number };

/** `orc create` / `orc run` options (Docker's flags). */
export interface CreateOptions {
  name?: string;
  command?: string[];
  entrypoint?: string;
  env?: string[];
  workdir?: string;
  user?: string;
  hostname?: string;
  memory?: string;
  cpus?: string;
  pidsLimit?: number;
  capAdd?: string[];
  capDrop?: string[];
  readOnly?: boolean;
  tmpfs?: string[];
  volumes?: string[];
  network?: string;
  /** `-p`, `--dns`, `--dns-search`, `--dns-option`, `--add-host`, `--domainname`, `--network-alias`, `--ip`. */
  publish?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOption?: string[];
  addHost?: string[];
  domainname?: string;
  networkAlias?: string[];
  ip?: string;
  labels?: Record<string, string>;
  stopSignal?: string;
  stopTimeout?: number;
  privileged?: boolean;
  init?: boolean;
  securityOpt?: string[];
  tty?: boolean;
  interactive?: boolean;
  memorySwap?: string;
  cpuShares?: number;
  mounts?: string[];
  ulimits?: string[];
  groupAdd?: string[];
  sysctls?: string[];
  shmSize?: string;
  /** `--restart no|always|on-failure[:N]|unless-stopped`. */
  restart?: string;
  /** `--rm`: the engine removes the container when it exits. */
  autoRemove?: boolean;
  /** `--log-driver json-file|none`, `--log-opt key=value`. */
  logDriver?: string;
  logOpts?: string[];
  /** `--volumes-from C[:ro|:rw]`. */
  volumesFrom?: string[];
  /** Secrets and configs, mounted read-only. */
  files?: ContainerFile[];
  /** `--health-*` / `--no-healthcheck` (test `['NONE']`): durations in nanoseconds; unset fields take the image's. */
  healthcheck?: HealthcheckOptions;
}

/** Docker's Config.Healthcheck as `orc run` sets it. */
export interface HealthcheckOptions {
  /** `['CMD', …args]`, `['CMD-SHELL', script]`, `['NONE']`; empty: the image's test. */
  test?: string[];
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  startInterval?: number;
  retries?: number;
}

export interface ContainerStats {
  id: string;
  name: string;
  sample: StatsSample;
  previous: StatsSample;
}

/** `docker top`: the ps columns and one row a process. */
export interface TopResult {
  titles: string[];
  processes: string[][];
}

export interface ContainerSummary {
  id: string;
  names: string[];
  image: string;
  imageId: string;
  command: string;
  /** Unix seconds. */
  created: number;
  state: string;
  status: string;
  labels: Record<string, string>;
  /** `starting`, `healthy`, `unhealthy`; empty without a health check. */
  health: string;
}

export interface LogOptions {
  follow?: boolean;
  tail?: number;
  since?: string;
  until?: string;
  stdout?: boolean;
  stderr?: boolean;
  /** Ends the stream early (the loop over it then ends without an error). */
  signal?: AbortSignal;
}

export interface TerminalSize {
  rows: number;
  cols: number;
}

export interface AttachOptions {
  /** Start the container once attached (`orc run`, `orc start -a`): no output is missed. */
  start?: boolean;
  /** Forward stdin (the container was created with `interactive`). */
  stdin?: boolean;
  size?: TerminalSize;
}

export interface ExecOptions {
  command: string[];
  env?: string[];
  workdir?: string;
  user?: string;
  tty?: boolean;
  interactive?: boolean;
  detach?: boolean;
  privileged?: boolean;
  size?: TerminalSize;
}

/** A client's end of an attached process: output in, stdin out. */
export interface Attached {
  /** stdout/stderr chunks until the process ends or the client detaches. */
  output: AsyncIterable<{ stream: 'stdout' | 'stderr'; data: Buffer }>;
  /** The exit code; rejects with the engine's error; undefined after `detach()`. */
  exitCode: Promise<number | undefined>;
  /** The exec's id (exec only). */
  execId: Promise<string>;
  write(data: Buffer): void;
  closeStdin(): void;
  resize(size: TerminalSize): void;
  /** Leaves the process running. */
  detach(): void;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  time: string;
  log: Buffer;
}

/** int64 fields arrive as decimal strings (loaderOptions.longs): this is the one conversion. */
function int64(v: string): number {
  return Number(v);
}

/** A healthcheck on the wire: durations as int64 nanoseconds, 0 for unset. */
function healthcheckWire(h: HealthcheckOptions): ContainerHealthcheck {
  return {
    test: h.test ?? [],
    interval: String(h.interval ?? 0),
    timeout: String(h.timeout ?? 0),
    start_period: String(h.startPeriod ?? 0),
    start_interval: String(h.startInterval ?? 0),
    retries: h.retries ?? 0,
  };
}

let service: ProtoGrpcType['orc']['engine']['v1']['Engine'] | undefined;
function engineService(): ProtoGrpcType['orc']['engine']['v1']['Engine'] {
  service ??= (grpc.loadPackageDefinition(enginePackageDefinition()) as unknown as ProtoGrpcType).orc.engine.v1.Engine;
  return service;
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

export class OrcClient {
  readonly host: Host;
  private readonly stub: EngineClient;

  constructor(host: Host) {
    this.host = host;
    const Engine = engineService();
    this.stub = new Engine(`unix:${host.socket}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 << 20 });
  }

  close(): void {
    this.stub.close();
  }

  /** One unary call as a promise; its failure mapped back to the OrcError. */
  private call<T>(fn: (cb: Callback<T>) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      fn((err, value) => {
        if (err !== null) reject(fromStatus(err, this.host.url));
        else resolve(value as T);
      });
    });
  }

  /** A server stream as an async iterable; breaking out of the loop cancels the call. */
  private async *stream<M, T>(call: grpc.ClientReadableStream<M>, map: (m: M) => T): AsyncGenerator<T> {
    try {
      for await (const m of call as AsyncIterable<M>) yield map(m);
    } catch (e) {
      if (isServiceError(e)) throw fromStatus(e, this.host.url);
      throw e;
    } finally {
      call.cancel();
    }
  }

  async version(): Promise<Version> {
    const v = await this.call<{ version: string; api_version: string; node_name: string; data_root: string; pid: number; os: string; arch: string }>((cb) => this.stub.Version({}, cb));
    return { version: v.version, apiVersion: v.api_version, nodeName: v.node_name, dataRoot: v.data_root, pid: v.pid, os: v.os, arch: v.arch };
  }

  // ── images ───────────────────────────────────────────────────────────

  async images(): Promise<ImageSummary[]> {
    const r = await this.call<{ images: Array<{ id: string; digest: string; repo_tags: string[]; created: string; size: string; architecture: string; os: string }> }>((cb) => this.stub.ImageList({}, cb));
    return r.images.map((i) => ({ id: i.id, digest: i.digest, repoTags: i.repo_tags, created: i.created === '' ? null : i.created, size: int64(i.size), architecture: i.architecture, os: i.os }));
  }

  /** Loads a docker-save or OCI archive (a file's stream, stdin, or chunks). */
  async loadImage(source: Readable | AsyncIterable<Buffer | Uint8Array>): Promise<LoadedImage[]> {
    let upload: grpc.ClientWritableStream<{ data: Buffer }> | undefined;
    const done = this.call<{ images: Array<{ id: string; digest: string; repo_tags: string[] }> }>((cb) => {
      upload = this.stub.ImageLoad(cb);
    });
    const up = upload as unknown as grpc.ClientWritableStream<{ data: Buffer }>;
    try {
      for await (const chunk of source) {
        const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        if (!up.write({ data })) await new Promise<void>((r) => up.once('drain', r));
      }
      up.end();
    } catch (e) {
      up.cancel();
      await done.catch(() => undefined);
      throw e;
    }
    const r = await done;
    return r.images.map((i) => ({ id: i.id, digest: i.digest, repoTags: i.repo_tags }));
  }

  /** `auth`: the credentials for the reference's registry (the CLI sends what `orc login` stored). */
  pull(reference: string, opts: { platform?: string; auth?: RegistryAuth } = {}): AsyncGenerator<PullEvent> {
    type Wire = {
      resolved?: { reference: string; digest: string; layers: number };
      layer?: { id: string; digest: string; status: string; current: string; total: string };
      done?: { reference: string; digest: string; id: string; repo_tags: string[]; downloaded: number; skipped: number; bytes: string };
    };
    const call = this.stub.ImagePull({ reference, platform: opts.platform ?? '', ...(opts.auth !== undefined ? { auth: opts.auth } : {}) }) as unknown as grpc.ClientReadableStream<Wire>;
    return this.stream(call, (m): PullEvent => {
      if (m.resolved !== undefined) return { kind: 'resolved', ...m.resolved };
      if (m.layer !== undefined) return { kind: 'layer', ...m.layer, current: int64(m.layer.current), total: int64(m.layer.total) };
      const d = m.done ?? { reference, digest: '', id: '', repo_tags: [], downloaded: 0, skipped: 0, bytes: '0' };
      return { kind: 'done', reference: d.reference, digest: d.digest, id: d.id, repoTags: d.repo_tags, downloaded: d.downloaded, skipped: d.skipped, bytes: int64(d.bytes) };
    });
  }

  async removeImage(reference: string, opts: { force?: boolean } = {}): Promise<{ untagged: string[]; deleted: string[] }> {
    return this.call((cb) => this.stub.ImageRemove({ reference, force: opts.force === true }, cb));
  }

  /** A docker-save archive of the images, chunk by chunk (break out of the loop to cancel). */
  saveImages(references: string[]): AsyncGenerator<Buffer> {
    const call = this.stub.ImageSave({ references }) as unknown as grpc.ClientReadableStream<{ data: Buffer }>;
    return this.stream(call, (m) => m.data);
  }

  /** Docker's image inspect document. */
  async inspectImage(reference: string): Promise<DockerImageInspect> {
    const r = await this.call<{ json: string }>((cb) => this.stub.ImageInspect({ reference }, cb));
    return JSON.parse(r.json) as DockerImageInspect;
  }

  /** Removes dangling images (every image no container uses with `all`). */
  async pruneImages(opts: { all?: boolean } = {}): Promise<{ deleted: Array<{ id: string; untagged: string[] }>; reclaimed: number }> {
    const r = await this.call<{ deleted: Array<{ id: string; untagged: string[] }>; reclaimed: string }>((cb) => this.stub.ImagePrune({ all: opts.all === true }, cb));
    return { deleted: r.deleted, reclaimed: int64(r.reclaimed) };
  }

  /** Has the daemon check the credentials against the registry; returns the registry's key. Nothing is stored. */
  async login(server: string | undefined, auth: RegistryAuth): Promise<{ registry: string }> {
    return this.call((cb) => this.stub.RegistryLogin({ server: server ?? '', username: auth.username, password: auth.password }, cb));
  }

  // ── copying (orc cp) ─────────────────────────────────────────────────

  /** A tar of `path` in the container (entries rooted at its basename), with its stat. */
  async archiveGet(container: string, path: string, opts: { followLink?: boolean } = {}): Promise<{ stat: PathStat; data: AsyncGenerator<Buffer> }> {
    type Wire = { stat: { name: string; size: string; mode: number; mtime: string; link_target: string; is_dir: boolean } | null; data: Buffer };
    const call = this.stub.ContainerArchiveGet({ container, path, follow_link: opts.followLink === true }) as unknown as grpc.ClientReadableStream<Wire>;
    const it = this.stream(call, (m) => m);
    const first = await it.next();
    if (first.done === true || first.value.stat === null) throw new Error('the daemon sent no stat for the copy');
    const s = first.value.stat;
    async function* data(): AsyncGenerator<Buffer> {
      for await (const m of it) if (m.data.length > 0) yield m.data;
    }
    return { stat: { name: s.name, size: int64(s.size), mode: s.mode, mtime: s.mtime, isDir: s.is_dir }, data: data() };
  }

  /** Sends a tar to be placed at `path` in the container by Docker's cp rules (`raw`: extracted as is into the directory `path`). */
  async archivePut(container: string, path: string, source: AsyncIterable<Buffer>, opts: { copyUidGid?: boolean; contentsOnly?: boolean; raw?: boolean } = {}): Promise<void> {
    let upload: grpc.ClientWritableStream<unknown> | undefined;
    const done = this.call<unknown>((cb) => {
      upload = this.stub.ContainerArchivePut(cb) as unknown as grpc.ClientWritableStream<unknown>;
    });
    const up = upload as grpc.ClientWritableStream<unknown>;
    // the daemon may refuse before the archive is all sent: stop writing then
    let refused = false;
    const settled = done.then(() => undefined, () => {
      refused = true;
    });
    const write = async (m: unknown): Promise<void> => {
      if (refused) throw new Error('refused');
      if (!up.write(m)) await Promise.race([new Promise<void>((r) => up.once('drain', r)), settled]);
    };
    try {
      await write({ request: { container, path, copy_uid_gid: opts.copyUidGid === true, contents_only: opts.contentsOnly === true, raw: opts.raw === true } });
      for await (const chunk of source) await write({ data: chunk });
      up.end();
    } catch (e) {
      up.cancel();
      await done;
      throw e;
    }
    await done;
  }

  // ── containers ───────────────────────────────────────────────────────

  async createContainer(image: string, o: CreateOptions = {}): Promise<string> {
    const req: ContainerCreateRequest = {
      image,
      command: o.command ?? [],
      env: o.env ?? [],
      cap_add: o.capAdd ?? [],
      cap_drop: o.capDrop ?? [],
      read_only: o.readOnly === true,
      tmpfs: o.tmpfs ?? [],
      volumes: o.volumes ?? [],
      labels: o.labels ?? {},
      privileged: o.privileged === true,
      init: o.init === true,
      security_opt: o.securityOpt ?? [],
      ...(o.name !== undefined ? { name: o.name } : {}),
      ...(o.entrypoint !== undefined ? { entrypoint: o.entrypoint } : {}),
      ...(o.workdir !== undefined ? { workdir: o.workdir } : {}),
      ...(o.user !== undefined ? { user: o.user } : {}),
      ...(o.hostname !== undefined ? { hostname: o.hostname } : {}),
      ...(o.memory !== undefined ? { memory: o.memory } : {}),
      ...(o.cpus !== undefined ? { cpus: o.cpus } : {}),
      ...(o.pidsLimit !== undefined ? { pids_limit: String(o.pidsLimit) } : {}),
      ...(o.network !== undefined ? { network: o.network } : {}),
      ...(o.stopSignal !== undefined ? { stop_signal: o.stopSignal } : {}),
      ...(o.stopTimeout !== undefined ? { stop_timeout: o.stopTimeout } : {}),
      tty: o.tty === true,
      interactive: o.interactive === true,
      mounts: o.mounts ?? [],
      ulimits: o.ulimits ?? [],
      group_add: o.groupAdd ?? [],
      sysctls: o.sysctls ?? [],
      ...(o.memorySwap !== undefined ? { memory_swap: o.memorySwap } : {}),
      ...(o.cpuShares !== undefined ? { cpu_shares: String(o.cpuShares) } : {}),
      ...(o.shmSize !== undefined ? { shm_size: o.shmSize } : {}),
      volumes_from: o.volumesFrom ?? [],
      files: o.files ?? [],
      publish: o.publish ?? [],
      dns: o.dns ?? [],
      dns_search: o.dnsSearch ?? [],
      dns_option: o.dnsOption ?? [],
      add_host: o.addHost ?? [],
      network_alias: o.networkAlias ?? [],
      ...(o.domainname !== undefined ? { domainname: o.domainname } : {}),
      ...(o.ip !== undefined ? { ip: o.ip } : {}),
      host_config: { restart: o.restart ?? '', auto_remove: o.autoRemove === true, log_driver: o.logDriver ?? '', log_opts: o.logOpts ?? [] },
      ...(o.healthcheck !== undefined ? { healthcheck: healthcheckWire(o.healthcheck) } : {}),
    };
    const r = await this.call<{ id: string }>((cb) => this.stub.ContainerCreate(req, cb));
    return r.id;
  }

  async startContainer(container: string): Promise<void> {
    await this.call((cb) => this.stub.ContainerStart({ container }, cb));
  }

  /** The exit code, once the container is not running. */
  async waitContainer(container: string): Promise<number> {
    const r = await this.call<{ exit_code: number }>((cb) => this.stub.ContainerWait({ container }, cb));
    return r.exit_code;
  }

  async stopContainer(container: string, opts: { timeout?: number } = {}): Promise<void> {
    await this.call((cb) => this.stub.ContainerStop({ container, ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) }, cb));
  }

  async killContainer(container: string, signal = ''): Promise<void> {
    await this.call((cb) => this.stub.ContainerKill({ container, signal }, cb));
  }

  /** `volumes`: also remove its anonymous volumes (`rm -v`). */
  async removeContainer(container: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.call((cb) => this.stub.ContainerRemove({ container, force: opts.force === true, volumes: opts.volumes === true }, cb));
  }

  async listContainers(opts: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    const r = await this.call<{ containers: Array<{ id: string; names: string[]; image: string; image_id: string; command: string; created: string; state: string; status: string; labels: Record<string, string>; health: string }> }>(
      (cb) => this.stub.ContainerList({ all: opts.all === true }, cb),
    );
    return r.containers.map((c) => ({ id: c.id, names: c.names, image: c.image, imageId: c.image_id, command: c.command, created: int64(c.created), state: c.state, status: c.status, labels: c.labels, health: c.health }));
  }

  async inspectContainer(container: string): Promise<ContainerInspect> {
    const r = await this.call<{ json: string }>((cb) => this.stub.ContainerInspect({ container }, cb));
    return JSON.parse(r.json) as ContainerInspect;
  }

  /** Attaches to a container's stdio (and starts it, with `start`). */
  attach(container: string, opts: AttachOptions = {}): Attached {
    const call = this.stub.ContainerAttach() as unknown as grpc.ClientDuplexStream<InputWire, AttachWire>;
    return attached(call, { container, start: opts.start === true, stdin: opts.stdin === true, ...(opts.size !== undefined ? { size: opts.size } : {}) }, this.host.url);
  }

  /** Runs a command in a running container (`docker exec`). */
  exec(container: string, o: ExecOptions): Attached {
    const call = this.stub.ContainerExec() as unknown as grpc.ClientDuplexStream<InputWire, AttachWire>;
    return attached(call, {
      container,
      command: o.command,
      env: o.env ?? [],
      tty: o.tty === true,
      interactive: o.interactive === true,
      detach: o.detach === true,
      privileged: o.privileged === true,
      ...(o.workdir !== undefined ? { workdir: o.workdir } : {}),
      ...(o.user !== undefined ? { user: o.user } : {}),
      ...(o.size !== undefined ? { size: o.size } : {}),
    }, this.host.url);
  }

  /** Log records; with `follow`, until the container ends (break out of the loop to stop early). */
  logs(container: string, opts: LogOptions = {}): AsyncGenerator<LogEntry> {
    const call = this.stub.ContainerLogs({
      container,
      follow: opts.follow === true,
      ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
      since: opts.since ?? '',
      until: opts.until ?? '',
      stdout: opts.stdout === true,
      stderr: opts.stderr === true,
    }) as unknown as grpc.ClientReadableStream<{ stream: string; time: string; log: Buffer }>;
    const entries = this.stream(call, (m): LogEntry => ({ stream: m.stream === 'stderr' ? 'stderr' : 'stdout', time: m.time, log: m.log }));
    return opts.signal === undefined ? entries : untilAborted(entries, call, opts.signal);
  }

  // ── restart, stats, top ──────────────────────────────────────────────

  async restartContainer(container: string, opts: { timeout?: number } = {}): Promise<void> {
    await this.call((cb) => this.stub.ContainerRestart({ container, ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) }, cb));
  }

  /** Samples a second apart, each with the one before; without `stream`, one. */
  stats(container: string, opts: { stream?: boolean } = {}): AsyncGenerator<ContainerStats> {
    type Wire = { id: string; name: string; sample: Record<string, string | number> | null; previous: Record<string, string | number> | null };
    const sample = (w: Record<string, string | number> | null): StatsSample => {
      const g = (k: string): number => int64(String(w?.[k] ?? '0'));
      return {
        read: String(w?.read ?? ''), cpuTotalNs: g('cpu_total_ns'), systemCpuNs: g('system_cpu_ns'), onlineCpus: Number(w?.online_cpus ?? 0),
        memoryUsage: g('memory_usage'), memoryInactiveFile: g('memory_inactive_file'), memoryLimit: g('memory_limit'), pids: g('pids'),
        blockRead: g('block_read'), blockWrite: g('block_write'), netRx: g('net_rx'), netTx: g('net_tx'),
      };
    };
    const call = this.stub.ContainerStats({ container, stream: opts.stream === true }) as unknown as grpc.ClientReadableStream<Wire>;
    return this.stream(call, (m): ContainerStats => ({ id: m.id, name: m.name, sample: sample(m.sample), previous: sample(m.previous) }));
  }

  // ── stacks ───────────────────────────────────────────────────────────

  /** Brings a project to its StackSpec; yields progress; throws the failure (naming the service). */
  stackUp(spec: unknown, o: StackUpOptions = {}): AsyncGenerator<StackEvent> {
    const call = this.stub.StackUp({
      spec_json: JSON.stringify(spec),
      services: o.services ?? [],
      scale: o.scale ?? {},
      no_deps: o.noDeps === true,
      force_recreate: o.forceRecreate === true,
      no_recreate: o.noRecreate === true,
      remove_orphans: o.removeOrphans === true,
      no_start: o.noStart === true,
      wait: o.wait === true,
      wait_timeout: o.waitTimeout ?? 0,
      ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
      no_pull: o.noPull === true,
      registry_auth_json: o.registryAuth !== undefined ? JSON.stringify(o.registryAuth) : '',
    });
    return this.stream(call, stackEvent);
  }

  /** Stops and removes a project's containers and networks (volumes, images when asked). */
  stackDown(project: string, o: StackDownOptions = {}): AsyncGenerator<StackEvent> {
    const call = this.stub.StackDown({
      project,
      spec_json: o.spec !== undefined ? JSON.stringify(o.spec) : '',
      volumes: o.volumes === true,
      rmi: o.rmi ?? '',
      remove_orphans: o.removeOrphans === true,
      ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    });
    return this.stream(call, stackEvent);
  }

  /** Creates a one-off container of `service` (not started); its dependencies are started unless noDeps. */
  async stackRun(spec: unknown, service: string, o: StackRunOptions = {}): Promise<{ id: string; name: string }> {
    return this.call<{ id: string; name: string }>((cb) => this.stub.StackRun({
      spec_json: JSON.stringify(spec),
      service,
      command: o.command ?? [],
      ...(o.entrypoint !== undefined ? { entrypoint: o.entrypoint } : {}),
      env: o.env ?? [],
      labels: o.labels ?? [],
      no_deps: o.noDeps === true,
      volumes: o.volumes ?? [],
      publish: o.publish ?? [],
      service_ports: o.servicePorts === true,
      ...(o.name !== undefined ? { name: o.name } : {}),
      ...(o.user !== undefined ? { user: o.user } : {}),
      ...(o.workdir !== undefined ? { workdir: o.workdir } : {}),
      rm: o.rm === true,
      tty: o.tty === true,
      interactive: o.interactive === true,
      use_aliases: o.useAliases === true,
      registry_auth_json: o.registryAuth !== undefined ? JSON.stringify(o.registryAuth) : '',
    }, cb));
  }

  async stackList(opts: { all?: boolean } = {}): Promise<StackSummary[]> {
    const r = await this.call<{ stacks: Array<{ name: string; status: string; config_files: string }> }>((cb) => this.stub.StackList({ all: opts.all === true }, cb));
    return r.stacks.map((x) => ({ name: x.name, status: x.status, configFiles: x.config_files }));
  }

  async top(container: string, psArgs: string[] = []): Promise<TopResult> {
    const r = await this.call<{ titles: string[]; processes: Array<{ fields: string[] }> }>((cb) => this.stub.ContainerTop({ container, ps_args: psArgs }, cb));
    return { titles: r.titles, processes: r.processes.map((p) => p.fields) };
  }

  // ── volumes ──────────────────────────────────────────────────────────

  /** Creates a volume (no name: anonymous); an existing name is returned as it is. */
  async createVolume(o: { name?: string; driver?: string; driverOpts?: Record<string, string>; labels?: Record<string, string> } = {}): Promise<VolumeInspect> {
    const r = await this.call<{ json: string }>((cb) => this.stub.VolumeCreate({ name: o.name ?? '', driver: o.driver ?? '', driver_opts: o.driverOpts ?? {}, labels: o.labels ?? {} }, cb));
    return JSON.parse(r.json) as VolumeInspect;
  }

  /** `filters`: `dangling=true`, `name=…`, `label=k[=v]`, `driver=local`. */
  async listVolumes(filters: string[] = []): Promise<VolumeInspect[]> {
    const r = await this.call<{ volumes: string[] }>((cb) => this.stub.VolumeList({ filters }, cb));
    return r.volumes.map((v) => JSON.parse(v) as VolumeInspect);
  }

  async inspectVolume(name: string): Promise<VolumeInspect> {
    const r = await this.call<{ json: string }>((cb) => this.stub.VolumeInspect({ name }, cb));
    return JSON.parse(r.json) as VolumeInspect;
  }

  /** A volume in use is refused (ORC_CONFLICT); `force` ignores a missing one. */
  async removeVolume(name: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.call((cb) => this.stub.VolumeRemove({ name, force: opts.force === true }, cb));
  }

  /** Removes unused anonymous volumes (every unused one with `all`). */
  async pruneVolumes(opts: { all?: boolean } = {}): Promise<{ deleted: string[]; reclaimed: number }> {
    const r = await this.call<{ deleted: string[]; reclaimed: string }>((cb) => this.stub.VolumePrune({ all: opts.all === true }, cb));
    return { deleted: r.deleted, reclaimed: int64(r.reclaimed) };
  }

  // ── events and pause ─────────────────────────────────────────────────

  async pauseContainer(container: string): Promise<void> {
    await this.call((cb) => this.stub.ContainerPause({ container }, cb));
  }

  async unpauseContainer(container: string): Promise<void> {
    await this.call((cb) => this.stub.ContainerUnpause({ container }, cb));
  }

  /**
   * Docker-shaped events: the daemon's kept ones from `since` (ms since the epoch) on, then new ones;
   * ends at `until`, else runs until the loop breaks. `filters`: Docker's (`type`, `container`, `event`, `label`, …).
   */
  events(opts: { since?: number; until?: number; filters?: Record<string, string[]> } = {}): AsyncGenerator<EngineEvent> {
    type Wire = { type: string; action: string; actor_id: string; attributes: Array<{ key: string; value: string }>; scope: string; time: string; time_nano: string };
    const call = this.stub.Events({
      ...(opts.since !== undefined ? { since_ms: String(Math.floor(opts.since)) } : {}),
      ...(opts.until !== undefined ? { until_ms: String(Math.floor(opts.until)) } : {}),
      filters: Object.entries(opts.filters ?? {}).map(([key, values]) => ({ key, values })),
    }) as unknown as grpc.ClientReadableStream<Wire>;
    return this.stream(call, (m): EngineEvent => ({
      Type: m.type as EngineEvent['Type'],
      Action: m.action,
      Actor: { ID: m.actor_id, Attributes: Object.fromEntries(m.attributes.map((a) => [a.key, a.value])) },
      scope: 'local',
      time: int64(m.time),
      timeNano: m.time_nano,
    }));
  }

  // ── networks ─────────────────────────────────────────────────────────

  /** Creates a bridge network; its id. */
  async createNetwork(o: NetworkCreateOptions): Promise<string> {
    const r = await this.call<{ id: string }>((cb) => this.stub.NetworkCreate({
      name: o.name, driver: o.driver ?? '', internal: o.internal === true, attachable: o.attachable === true, labels: o.labels ?? {}, options: o.options ?? {},
      ipam_config: (o.ipam ?? []).map((c) => ({ subnet: c.subnet ?? '', ip_range: c.ipRange ?? '', gateway: c.gateway ?? '', aux_addresses: c.auxAddresses ?? {} })),
    }, cb));
    return r.id;
  }

  /** Docker's inspect document of every network. */
  async networks(): Promise<NetworkInspect[]> {
    const r = await this.call<{ json: string[] }>((cb) => this.stub.NetworkList({}, cb));
    return r.json.map((j) => JSON.parse(j) as NetworkInspect);
  }

  async inspectNetwork(network: string): Promise<NetworkInspect> {
    const r = await this.call<{ json: string }>((cb) => this.stub.NetworkInspect({ network }, cb));
    return JSON.parse(r.json) as NetworkInspect;
  }

  async removeNetwork(network: string): Promise<void> {
    await this.call((cb) => this.stub.NetworkRemove({ network }, cb));
  }

  /** Removes every user network no container uses; their names. */
  async pruneNetworks(): Promise<string[]> {
    return (await this.call<{ deleted: string[] }>((cb) => this.stub.NetworkPrune({}, cb))).deleted;
  }

  async connectNetwork(network: string, container: string, o: { aliases?: string[]; ipv4Address?: string; macAddress?: string; interfaceName?: string; gwPriority?: number } = {}): Promise<void> {
    await this.call((cb) => this.stub.NetworkConnect({
      network, container, aliases: o.aliases ?? [], ipv4_address: o.ipv4Address ?? '', mac_address: o.macAddress ?? '', interface_name: o.interfaceName ?? '', gw_priority: o.gwPriority ?? 0,
    }, cb));
  }

  async disconnectNetwork(network: string, container: string, o: { force?: boolean } = {}): Promise<void> {
    await this.call((cb) => this.stub.NetworkDisconnect({ network, container, force: o.force === true }, cb));
  }
}

type AttachWire = { stdout?: Buffer; stderr?: Buffer; exit_code?: number; exec_id?: string; output?: string };
type InputWire = { start?: object; stdin?: Buffer; resize?: TerminalSize; close_stdin?: boolean };

/** The client side of ContainerAttach / ContainerExec. */
function attached(call: grpc.ClientDuplexStream<InputWire, AttachWire>, start: object, hostUrl: string): Attached {
  const queue = new AsyncQueue<{ stream: 'stdout' | 'stderr'; data: Buffer }>();
  let ended = false;
  let detached = false;
  let code: number | undefined;
  let resolveExit: (c: number | undefined) => void = () => undefined;
  let rejectExit: (e: unknown) => void = () => undefined;
  const exitCode = new Promise<number | undefined>((res, rej) => {
    resolveExit = res;
    rejectExit = rej;
  });
  let resolveId: (id: string) => void = () => undefined;
  const execId = new Promise<string>((r) => (resolveId = r));
  const finish = (): void => {
    ended = true;
    queue.end();
  };
  call.on('data', (m: AttachWire) => {
    if (m.output === 'stdout' && m.stdout !== undefined) queue.push({ stream: 'stdout', data: m.stdout });
    else if (m.output === 'stderr' && m.stderr !== undefined) queue.push({ stream: 'stderr', data: m.stderr });
    else if (m.output === 'exit_code') code = m.exit_code;
    else if (m.output === 'exec_id' && m.exec_id !== undefined) resolveId(m.exec_id);
  });
  call.on('end', () => {
    resolveExit(code);
    resolveId('');
    finish();
  });
  call.on('error', (e: unknown) => {
    if (detached) resolveExit(undefined);
    else rejectExit(isServiceError(e) ? fromStatus(e, hostUrl) : e);
    resolveId('');
    finish();
  });
  // A caller that only awaits output must not meet an unhandled rejection here.
  exitCode.catch(() => undefined);
  call.write({ start });
  const send = (m: InputWire): void => {
    if (!ended && !call.writableEnded) call.write(m);
  };
  return {
    output: queue,
    exitCode,
    execId,
    write: (data) => send({ stdin: data }),
    closeStdin: () => send({ close_stdin: true }),
    resize: (size) => send({ resize: size }),
    detach: () => {
      detached = true;
      call.cancel();
      resolveExit(undefined);
      finish();
    },
  };
}

/** `orc compose up` / `create` options (StackUpRequest). */
export interface StackUpOptions {
  services?: string[];
  scale?: Record<string, number>;
  noDeps?: boolean;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  removeOrphans?: boolean;
  /** `create`: nothing is started. */
  noStart?: boolean;
  wait?: boolean;
  /** Seconds; 0 or absent: no limit. */
  waitTimeout?: number;
  /** Stop timeout (seconds) for replaced containers. */
  timeout?: number;
  noPull?: boolean;
  /** Registry credentials by host, as the CLI's config keeps them. */
  registryAuth?: Record<string, { username?: string; password?: string; auth?: string }>;
}

export interface StackDownOptions {
  /** The StackSpec when the CLI has the file: its networks and volumes are removed by name. */
  spec?: unknown;
  volumes?: boolean;
  rmi?: '' | 'local' | 'all';
  removeOrphans?: boolean;
  timeout?: number;
}

export interface StackRunOptions {
  command?: string[];
  entrypoint?: string;
  env?: string[];
  labels?: string[];
  noDeps?: boolean;
  volumes?: string[];
  publish?: string[];
  servicePorts?: boolean;
  name?: string;
  user?: string;
  workdir?: string;
  rm?: boolean;
  tty?: boolean;
  interactive?: boolean;
  useAliases?: boolean;
  registryAuth?: StackUpOptions['registryAuth'];
}

/** One progress line of `up`/`down`: Compose's words for what happens to an object. */
export type { StackEvent } from '../../worker/stack/ports.js';
import type { StackEvent } from '../../worker/stack/ports.js';

export interface StackSummary {
  name: string;
  status: string;
  configFiles: string;
}

/** A server stream that `signal` cancels: the loop over it ends quietly. */
async function* untilAborted<T>(entries: AsyncGenerator<T>, call: grpc.ClientReadableStream<unknown>, signal: AbortSignal): AsyncGenerator<T> {
  const cancel = (): void => call.cancel();
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    yield* entries;
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function isServiceError(e: unknown): e is grpc.ServiceError {
  return e instanceof Error && typeof (e as Partial<grpc.ServiceError>).code === 'number' && 'metadata' in e;
}

/**
 * A client of the daemon at `host` (or ORC_HOST, or the default socket). When
 * nobody named a host and the default daemon is not running, it is started.
 */
export async function connect(opts: ConnectOptions = {}): Promise<OrcClient> {
  const host = resolveHost(opts.host);
  if (host.isDefault && opts.autoStart !== false && !(await answers(host.socket))) await startDefaultDaemon();
  return new OrcClient(host);
}

function stackEvent(m: { kind: string; name: string; status: string; detail: string; service: string }): StackEvent {
  return { kind: m.kind as StackEvent['kind'], name: m.name, status: m.status, detail: m.detail, service: m.service };
}
