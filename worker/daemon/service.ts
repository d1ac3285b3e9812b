/**
 * The Engine service's handlers over one in-process Engine: wire messages in,
 * engine calls, wire messages out. Every failure goes through `toStatus`
 * (status.ts); 64-bit fields are converted here and nowhere else.
 */
import { hostname as osHostname } from 'node:os';
import { Readable } from 'node:stream';
import type * as grpc from '@grpc/grpc-js';
import { OrcError } from '../../common/errors.js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { ContainerCreateRequest__Output } from '../../proto/generated/orc/engine/v1/ContainerCreateRequest.js';
import type { ImagePullEvent } from '../../proto/generated/orc/engine/v1/ImagePullEvent.js';
import { ENGINE_API_VERSION } from '../../proto/wire.js';
import type { CreateOptions, Engine } from '../engine/index.js';
import { parsePublish, type StackReconciler } from '../stack/index.js';
import { pull } from '../registry/index.js';
import { attachHandler, execHandler } from './interactive.js';
import { lifecycleHandlers } from './lifecycle-service.js';
import { eventHandlers, imageEvent } from './events-service.js';
import { copyHandlers } from './copy-service.js';
import { imageHandlers } from './image-service.js';
import { stackHandlers } from './stack-service.js';
import { volumeHandlers } from './volume-service.js';
import type { Volumes } from '../volumes/index.js';
import type { Networks } from '../network/index.js';
import { networkHandlers } from './network-service.js';
import { toStatus } from './status.js';

export interface ServiceContext {
  engine: Engine;
  /** The engine's volumes (`engine.volumes`). */
  volumes: Volumes;
  /** Bridge networks and container endpoints of the data root (worker/network). */
  networks: Networks;
  version: string;
  nodeName: string;
  /** The single-host stack reconciler (absent: the Stack rpcs answer that stacks are not served). */
  stacks?: StackReconciler;
  /** Aborted when the daemon shuts down: streams end. */
  shutdown: AbortSignal;
}

/** int64 (a decimal string on this side of the wire) → number, refusing what a number cannot hold. */
function int64(field: string, v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new OrcError('ORC_USAGE', `${field}: ${v} is out of range`);
  return n;
}

export function createOptions(r: ContainerCreateRequest__Output): CreateOptions {
  const o: CreateOptions = {};
  if (r.name !== undefined) o.name = r.name;
  if (r.command.length > 0) o.command = r.command;
  if (r.entrypoint !== undefined) o.entrypoint = r.entrypoint;
  if (r.env.length > 0) o.env = r.env;
  if (r.workdir !== undefined) o.workdir = r.workdir;
  if (r.user !== undefined) o.user = r.user;
  if (r.hostname !== undefined) o.hostname = r.hostname;
  if (r.memory !== undefined) o.memory = r.memory;
  if (r.cpus !== undefined) o.cpus = r.cpus;
  if (r.pids_limit !== undefined) o.pidsLimit = int64('--pids-limit', r.pids_limit);
  if (r.cap_add.length > 0) o.capAdd = r.cap_add;
  if (r.cap_drop.length > 0) o.capDrop = r.cap_drop;
  if (r.read_only) o.readOnly = true;
  if (r.tmpfs.length > 0) o.tmpfs = r.tmpfs;
  if (r.volumes.length > 0) o.volumes = r.volumes;
  if (r.network !== undefined) o.network = r.network;
  if (Object.keys(r.labels).length > 0) o.labels = r.labels;
  if (r.stop_signal !== undefined) o.stopSignal = r.stop_signal;
  if (r.stop_timeout !== undefined) o.stopTimeout = r.stop_timeout;
  if (r.privileged) o.privileged = true;
  if (r.init) o.init = true;
  if (r.security_opt.length > 0) o.securityOpt = r.security_opt;
  if (r.tty) o.tty = true;
  if (r.interactive) o.interactive = true;
  if (r.memory_swap !== undefined) o.memorySwap = r.memory_swap;
  if (r.cpu_shares !== undefined) o.cpuShares = int64('--cpu-shares', r.cpu_shares);
  if (r.mounts.length > 0) o.mounts = r.mounts;
  if (r.ulimits.length > 0) o.ulimits = r.ulimits;
  if (r.group_add.length > 0) o.groupAdd = r.group_add;
  if (r.sysctls.length > 0) o.sysctls = r.sysctls;
  if (r.shm_size !== undefined) o.shmSize = r.shm_size;
  if (r.volumes_from.length > 0) o.volumesFrom = r.volumes_from;
  if (r.publish.length > 0) o.publish = r.publish.flatMap(parsePublish);
  if (r.dns.length > 0) o.dns = r.dns;
  if (r.dns_search.length > 0) o.dnsSearch = r.dns_search;
  if (r.dns_option.length > 0) o.dnsOptions = r.dns_option;
  if (r.add_host.length > 0) o.extraHosts = r.add_host;
  if (r.domainname !== undefined) o.domainname = r.domainname;
  if (r.network_alias.length > 0 || r.ip !== undefined) {
    const net = r.network ?? 'bridge';
    if (['none', 'host'].includes(net) || net.startsWith('container:')) throw new OrcError('ORC_USAGE', `--network-alias and --ip need a user-defined network, not --network ${net}`);
    o.networks = [{ network: net, aliases: r.network_alias, ...(r.ip !== undefined ? { ipv4Address: r.ip } : {}) }];
  }
  if (r.files.length > 0) o.files = r.files.map((f) => ({ name: f.name, target: f.target, content: f.content, uid: f.uid, gid: f.gid, mode: f.mode }));
  const h = r.host_config;
  if (h !== null && h !== undefined) {
    if (h.restart !== '') o.restartPolicy = h.restart;
    if (h.auto_remove) o.autoRemove = true;
    if (h.log_driver !== '') o.logDriver = h.log_driver;
    if (h.log_opts.length > 0) o.logOpts = h.log_opts;
  }
  const hc = r.healthcheck;
  if (hc !== null && hc !== undefined) {
    o.healthcheck = { test: hc.test };
    if (hc.interval !== '0') o.healthcheck.interval = int64('--health-interval', hc.interval);
    if (hc.timeout !== '0') o.healthcheck.timeout = int64('--health-timeout', hc.timeout);
    if (hc.start_period !== '0') o.healthcheck.startPeriod = int64('--health-start-period', hc.start_period);
    if (hc.start_interval !== '0') o.healthcheck.startInterval = int64('--health-start-interval', hc.start_interval);
    if (hc.retries !== 0) o.healthcheck.retries = hc.retries;
  }
  return o;
}

/** A unary handler from an async function: its result is the reply, its error the status. */
function unary<Req, Res>(fn: (req: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then((res) => callback(null, res), (e: unknown) => callback(toStatus(e)));
  };
}

export function engineHandlers(ctx: ServiceContext): EngineHandlers {
  const { engine } = ctx;
  return {
    ...lifecycleHandlers(engine, ctx.shutdown),
    ...imageHandlers(engine),
    ...copyHandlers(engine),
    ...stackHandlers(ctx),
    ...volumeHandlers(ctx.volumes),
    ...eventHandlers(engine, ctx.shutdown),
    ...networkHandlers(ctx.networks, engine),

    Version: unary(() => ({
      version: ctx.version,
      api_version: ENGINE_API_VERSION,
      node_name: ctx.nodeName || osHostname(),
      data_root: engine.dataRoot,
      pid: process.pid,
      os: process.platform,
      arch: process.arch,
    })),

    ImageLoad: (call, callback) => {
      const source = Readable.from((async function* () {
        for await (const chunk of call as AsyncIterable<{ data: Buffer }>) yield chunk.data;
      })());
      engine.images.loadArchive(source).then(
        (r) => {
          for (const i of r.images) imageEvent(engine, 'load', i.id, i.repoTags[0] ?? i.id);
          callback(null, { images: r.images.map((i) => ({ id: i.id, digest: i.digest, repo_tags: i.repoTags })) });
        },
        (e: unknown) => callback(toStatus(e)),
      );
    },

    ImageList: unary(async () => ({
      images: (await engine.images.list()).map((i) => ({
        id: i.id, digest: i.digest, repo_tags: i.repoTags, created: i.created ?? '', size: String(i.size), architecture: i.architecture, os: i.os,
      })),
    })),

    ImagePull: (call) => {
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      const send = (e: ImagePullEvent): void => {
        if (!call.cancelled) call.write(e);
      };
      pull(engine.images, call.request.reference, {
        ...(call.request.platform !== '' ? { platform: call.request.platform } : {}),
        // the client's credentials, never a file of the daemon's
        credentials: call.request.auth !== null ? { username: call.request.auth.username, password: call.request.auth.password } : null,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.kind === 'resolved') send({ resolved: { reference: p.reference, digest: p.digest, layers: p.layers } });
          else send({ layer: { id: p.id, digest: p.digest, status: p.status, current: String(p.current), total: String(p.total) } });
        },
      }).then(
        (r) => {
          imageEvent(engine, 'pull', r.reference, r.reference.replace(/:[^:/]+$/, ''));
          send({ done: { reference: r.reference, digest: r.digest, id: r.id, repo_tags: r.repoTags, downloaded: r.downloaded, skipped: r.skipped, bytes: String(r.bytes) } });
          call.end();
        },
        (e: unknown) => call.emit('error', toStatus(e)),
      );
    },

    ContainerCreate: unary(async (req) => ({ id: await engine.create(req.image, createOptions(req)) })),

    ContainerStart: unary(async (req) => {
      await engine.start(req.container);
      return {};
    }),

    ContainerWait: unary(async (req) => ({ exit_code: await engine.wait(req.container) })),

    ContainerStop: unary(async (req) => {
      await engine.stop(req.container, req.timeout !== undefined ? { timeout: req.timeout } : {});
      return {};
    }),

    ContainerKill: unary(async (req) => {
      await engine.kill(req.container, req.signal === '' ? 'SIGKILL' : req.signal);
      return {};
    }),

    ContainerRemove: unary(async (req) => {
      await engine.remove(req.container, { force: req.force, volumes: req.volumes });
      return {};
    }),

    ContainerList: unary((req) => ({
      containers: engine.list({ all: req.all }).map((c) => ({
        id: c.Id, names: c.Names, image: c.Image, image_id: c.ImageID, command: c.Command,
        created: String(c.Created), state: c.State, status: c.Status, labels: c.Labels, health: c.Health?.Status ?? '',
      })),
    })),

    ContainerInspect: unary((req) => ({ json: JSON.stringify(engine.inspect(req.container)) })),

    ContainerLogs: (call) => {
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      call.on('cancelled', stop);
      ctx.shutdown.addEventListener('abort', stop, { once: true });
      const req = call.request;
      const both = !req.stdout && !req.stderr;
      void (async () => {
        try {
          const entries = engine.logs(req.container, {
            follow: req.follow,
            signal: abort.signal,
            ...(req.tail !== undefined ? { tail: req.tail } : {}),
            ...(req.since !== '' ? { since: req.since } : {}),
            ...(req.until !== '' ? { until: req.until } : {}),
            stdout: both || req.stdout,
            stderr: both || req.stderr,
          });
          for await (const e of entries) {
            if (call.cancelled) break;
            if (!call.write({ stream: e.stream, time: e.time, log: Buffer.from(e.log) })) {
              await new Promise<void>((resolve) => {
                call.once('drain', resolve);
                call.once('cancelled', resolve);
              });
            }
          }
          call.end();
        } catch (e) {
          if (!call.cancelled) call.emit('error', toStatus(e));
        } finally {
          ctx.shutdown.removeEventListener('abort', stop);
        }
      })();
    },

    ContainerAttach: attachHandler(ctx),
    ContainerExec: execHandler(ctx),
  };
}
