/**
 * One Compose service (a `ServiceSpec` of a `StackSpec`) → the engine's
 * `CreateOptions` for one of its containers, as Docker Compose's
 * pkg/compose/create.go builds a container config: command and entrypoint,
 * environment, resources, mounts, networks and aliases, ports, health check,
 * restart policy, logging, secrets and configs, and Compose's labels.
 *
 * Pure: reads nothing but its arguments (secret and config contents come
 * through `ctx`). Every service key is either mapped, deliberately not a
 * container's business (`SERVICE_KEYS` says why), or reported in `warnings`
 * naming the service and the key: nothing is dropped silently.
 */
import { parseDuration } from '../../common/duration.js';
import { OrcError } from '../../common/errors.js';
import type {
  DeploySpec, ServiceNetworkSpec, ServicePortSpec, ServiceSpec, ServiceVolumeSpec, StackSpec,
} from '../../compose/index.js';
import type { CreateOptions } from '../engine/index.js';
import type { Healthcheck } from '../images/index.js';
import type { EndpointRequest, PortRequest } from '../network/types.js';
import type { ContainerFile } from '../volumes/types.js';
import { configHash, type FileContentSource } from './config-hash.js';
import { COMPOSE_VERSION, LABEL } from './labels.js';
import { containerName } from './names.js';

/** The container being created: replica `number` (from 1) or a one-off (`run`). */
export interface ReplicaRef {
  number: number;
  oneoff?: boolean;
  /** The container's name (see `replicaName`, `oneoffContainerName`). */
  name: string;
  /** A one-off container's slug (label `com.docker.compose.slug`). */
  slug?: string;
}

export interface ServiceOptionsContext extends FileContentSource {
  /** The container standing for a service in `network_mode: service:S` and `volumes_from: S` (default: `replicaName(spec, S, 1)`). */
  containerOf?: (service: string) => string;
  /** The image's digest, for label `com.docker.compose.image` (Compose writes it once the image is pulled or built). */
  imageDigest?: string;
  /** Give the service name and its `aliases` on every network (default: true, false for one-off containers, as `compose run` without `--use-aliases`). */
  useNetworkAliases?: boolean;
}

export interface ServiceCreate {
  /** `image`, or `<project>-<service>` for a service that only builds. */
  image: string;
  options: CreateOptions;
  /** `service "web": <key> …` for each setting the engine cannot honour. */
  warnings: string[];
  /** Bind sources Docker creates as directories when missing (`create_host_path`); the caller creates them. */
  createHostPaths: string[];
}

type ServiceKey = Exclude<keyof ServiceSpec, `x-${string}`>;
type KeyHandling = 'mapped' | 'unsupported' | { ignored: string };

/**
 * What becomes of each service key. The type makes the table complete: a key
 * added to `ServiceSpec` does not compile until it is placed here.
 * `mapped` keys may still warn about values the engine lacks.
 */
export const SERVICE_KEYS: Readonly<Record<ServiceKey, KeyHandling>> = {
  annotations: 'unsupported',
  attach: { ignored: 'whether `up` attaches to the logs is the CLI\'s choice' },
  blkio_config: 'unsupported',
  build: { ignored: 'the image is built before containers are created' },
  cap_add: 'mapped',
  cap_drop: 'mapped',
  cgroup: 'unsupported',
  cgroup_parent: 'unsupported',
  command: 'mapped',
  configs: 'mapped',
  container_name: 'mapped',
  cpu_count: 'unsupported',
  cpu_percent: 'unsupported',
  cpu_period: 'unsupported',
  cpu_quota: 'unsupported',
  cpu_rt_period: 'unsupported',
  cpu_rt_runtime: 'unsupported',
  cpu_shares: 'mapped',
  cpus: 'mapped',
  cpuset: 'unsupported',
  credential_spec: 'unsupported',
  depends_on: 'mapped',
  deploy: 'mapped',
  develop: { ignored: '`watch` is the CLI\'s' },
  device_cgroup_rules: 'unsupported',
  devices: 'unsupported',
  dns: 'mapped',
  dns_opt: 'mapped',
  dns_search: 'mapped',
  domainname: 'mapped',
  entrypoint: 'mapped',
  env_file: { ignored: 'the loader merged the files into `environment`' },
  environment: 'mapped',
  expose: { ignored: 'metadata only: exposing publishes nothing' },
  external_links: 'unsupported',
  extra_hosts: 'mapped',
  gpus: 'unsupported',
  group_add: 'mapped',
  healthcheck: 'mapped',
  hostname: 'mapped',
  image: 'mapped',
  init: 'mapped',
  ipc: 'mapped',
  isolation: 'mapped',
  label_file: 'unsupported',
  labels: 'mapped',
  links: 'mapped',
  logging: 'mapped',
  mac_address: 'mapped',
  mem_limit: 'mapped',
  mem_reservation: 'unsupported',
  mem_swappiness: 'unsupported',
  memswap_limit: 'mapped',
  models: 'unsupported',
  network_mode: 'mapped',
  networks: 'mapped',
  oom_kill_disable: 'unsupported',
  oom_score_adj: 'unsupported',
  pid: 'mapped',
  pids_limit: 'mapped',
  platform: { ignored: 'it chooses the image, pulled before containers are created' },
  ports: 'mapped',
  post_start: 'unsupported',
  pre_stop: 'unsupported',
  privileged: 'mapped',
  profiles: { ignored: 'the loader already left out the services of disabled profiles' },
  provider: 'unsupported',
  pull_policy: { ignored: 'pulling happens before containers are created' },
  pull_refresh_after: { ignored: 'pulling happens before containers are created' },
  read_only: 'mapped',
  restart: 'mapped',
  runtime: 'unsupported',
  scale: { ignored: 'the number of replicas is the reconciler\'s' },
  secrets: 'mapped',
  security_opt: 'mapped',
  shm_size: 'mapped',
  stdin_open: 'mapped',
  stop_grace_period: 'mapped',
  stop_signal: 'mapped',
  storage_opt: 'unsupported',
  sysctls: 'mapped',
  tmpfs: 'mapped',
  tty: 'mapped',
  ulimits: 'mapped',
  use_api_socket: 'unsupported',
  user: 'mapped',
  userns_mode: 'unsupported',
  uts: 'mapped',
  volumes: 'mapped',
  volumes_from: 'mapped',
  working_dir: 'mapped',
};

/** deploy keys that only a cluster honours (`orc stack deploy`); Compose ignores them on one host too. */
const CLUSTER_DEPLOY_KEYS = new Set(['endpoint_mode', 'labels', 'mode', 'placement', 'replicas', 'rollback_config', 'update_config']);

/** Nanoseconds in a Go duration as the compose loader prints it ("1m30s", "1.5s", "500ms"). */
export function goDurationNs(text: string): number {
  const ns = parseDuration(text, { goUnitsOnly: true });
  if (ns === undefined || ns < 0n || ns > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new OrcError('ORC_INVALID_SPEC', `invalid duration "${text}" (expected a Go duration such as 1m30s)`);
  }
  return Number(ns);
}

/** The name of replica `n` of a service: its `container_name`, else `<project>-<service>-<n>`. */
export function replicaName(spec: StackSpec, serviceName: string, n: number): string {
  return spec.services[serviceName]?.container_name ?? containerName(spec.name, serviceName, n);
}

/** `<project>-<service>` for a service without `image` (Compose's name for the image it builds). */
export function serviceImage(spec: StackSpec, serviceName: string): string {
  return spec.services[serviceName]?.image ?? `${spec.name}-${serviceName}`;
}

function invalid(service: string, key: string, message: string): OrcError {
  return new OrcError('ORC_INVALID_SPEC', `services.${service}.${key}: ${message}`);
}

/** The engine's `CreateOptions` for one container of `serviceName`. Throws ORC_INVALID_SPEC for settings no container can have. */
export function serviceCreateOptions(spec: StackSpec, serviceName: string, replica: ReplicaRef, ctx: ServiceOptionsContext = {}): ServiceCreate {
  const service = Object.hasOwn(spec.services, serviceName) ? spec.services[serviceName] : undefined;
  if (service === undefined) throw new OrcError('ORC_NOT_FOUND', `no service "${serviceName}" in project "${spec.name}"`);
  return new Mapper(spec, serviceName, service, replica, ctx).run();
}

class Mapper {
  private readonly o: CreateOptions = {};
  private readonly warnings: string[] = [];
  private readonly createHostPaths: string[] = [];
  private readonly oneoff: boolean;

  constructor(
    private readonly spec: StackSpec,
    private readonly name: string,
    private readonly s: ServiceSpec,
    private readonly replica: ReplicaRef,
    private readonly ctx: ServiceOptionsContext,
  ) {
    this.oneoff = replica.oneoff === true;
  }

  private warn(key: string, what: string): void {
    this.warnings.push(`service "${this.name}": ${key} ${what}`);
  }

  private set<K extends keyof CreateOptions>(key: K, value: CreateOptions[K] | undefined): void {
    if (value !== undefined) this.o[key] = value;
  }

  run(): ServiceCreate {
    const s = this.s;
    for (const key of Object.keys(s)) {
      if (key.startsWith('x-')) continue;
      const handling = Object.hasOwn(SERVICE_KEYS, key) ? SERVICE_KEYS[key as ServiceKey] : 'unsupported';
      if (handling === 'unsupported') this.warn(key, 'is not supported by the engine and is ignored');
    }
    this.name_();
    this.process();
    this.resources();
    this.security();
    this.namespaces();
    this.restart();
    this.logging();
    this.mounts();
    this.network();
    this.healthcheck();
    this.files();
    this.labels();
    return { image: serviceImage(this.spec, this.name), options: this.o, warnings: this.warnings, createHostPaths: this.createHostPaths };
  }

  private name_(): void {
    const s = this.s;
    if (s.container_name !== undefined && (s.scale ?? 1) > 1) {
      throw invalid(this.name, 'container_name', `"${s.container_name}" cannot name ${s.scale} replicas (container names are unique): remove container_name or set scale to 1`);
    }
    this.o.name = this.oneoff ? this.replica.name : (s.container_name ?? this.replica.name);
  }

  private process(): void {
    const s = this.s;
    this.set('command', s.command);
    // Docker's rule: an entrypoint clears the image's command unless `command` is set.
    // An empty entrypoint only clears the image's entrypoint there; the engine's clears the command too.
    if (s.entrypoint !== undefined) {
      this.o.entrypoint = s.entrypoint;
      if (s.entrypoint.length === 0 && s.command === undefined) {
        this.warn('entrypoint', 'is empty and command is not set: Docker would run the image\'s command, the engine runs nothing');
      }
    }
    if (s.environment !== undefined) this.o.env = Object.entries(s.environment).map(([k, v]) => `${k}=${v}`);
    this.set('workdir', s.working_dir);
    this.set('user', s.user);
    this.set('groupAdd', s.group_add);
    this.set('hostname', s.hostname);
    this.set('domainname', s.domainname);
    this.set('tty', s.tty);
    this.set('interactive', s.stdin_open);
    this.set('init', s.init);
    this.set('stopSignal', s.stop_signal);
    if (s.stop_grace_period !== undefined) this.o.stopTimeout = Math.ceil(goDurationNs(s.stop_grace_period) / 1e9);
    this.set('dns', s.dns);
    this.set('dnsSearch', s.dns_search);
    this.set('dnsOptions', s.dns_opt);
    this.set('extraHosts', s.extra_hosts);
  }

  private resources(): void {
    const s = this.s;
    const limits = s.deploy?.resources?.limits;
    const reservations = s.deploy?.resources?.reservations;
    // deploy.resources.limits win over the service keys, as Compose's setLimits does.
    this.set('memory', limits?.memory !== undefined && limits.memory !== 0 ? limits.memory : s.mem_limit);
    this.set('cpus', limits?.cpus !== undefined && limits.cpus !== 0 ? limits.cpus : s.cpus);
    this.set('pidsLimit', limits?.pids !== undefined && limits.pids > 0 ? limits.pids : s.pids_limit);
    this.set('memorySwap', s.memswap_limit);
    this.set('cpuShares', s.cpu_shares);
    this.set('shmSize', s.shm_size);
    if (s.ulimits !== undefined) {
      this.o.ulimits = Object.entries(s.ulimits).map(([name, u]) => (typeof u === 'number' ? `${name}=${u}` : `${name}=${u.soft}:${u.hard}`));
    }
    if (s.sysctls !== undefined) this.o.sysctls = Object.entries(s.sysctls).map(([k, v]) => `${k}=${v}`);
    if (limits?.devices !== undefined) this.warn('deploy.resources.limits.devices', 'is not supported by the engine and is ignored');
    if (limits?.generic_resources !== undefined) this.warn('deploy.resources.limits.generic_resources', 'is not supported by the engine and is ignored');
    if (reservations !== undefined) {
      for (const key of Object.keys(reservations)) {
        if (!key.startsWith('x-')) this.warn(`deploy.resources.reservations.${key}`, 'is not supported by the engine and is ignored');
      }
    }
    for (const key of Object.keys(s.deploy ?? {}) as Array<keyof DeploySpec & string>) {
      if (key !== 'resources' && key !== 'restart_policy' && !key.startsWith('x-') && !CLUSTER_DEPLOY_KEYS.has(key)) {
        this.warn(`deploy.${key}`, 'is not supported by the engine and is ignored');
      }
    }
  }

  private security(): void {
    const s = this.s;
    this.set('capAdd', s.cap_add);
    this.set('capDrop', s.cap_drop);
    this.set('privileged', s.privileged);
    this.set('readOnly', s.read_only);
    this.set('securityOpt', s.security_opt);
  }

  /** ipc, pid, uts, isolation: the engine gives each container its own namespaces, which their default values mean. */
  private namespaces(): void {
    const s = this.s;
    if (s.ipc !== undefined && s.ipc !== 'private' && s.ipc !== 'shareable') this.warn('ipc', `"${s.ipc}" is not supported by the engine (each container has its own IPC namespace)`);
    if (s.pid !== undefined && s.pid !== '') this.warn('pid', `"${s.pid}" is not supported by the engine (each container has its own PID namespace)`);
    if (s.uts !== undefined && s.uts !== '') this.warn('uts', `"${s.uts}" is not supported by the engine (each container has its own UTS namespace)`);
    if (s.isolation !== undefined && s.isolation !== 'default') this.warn('isolation', `"${s.isolation}" is not supported by the engine`);
  }

  /**
   * `restart`, or `deploy.restart_policy` (which wins when both are set, as in
   * Compose's getRestartPolicy). One-off containers never restart (`compose run`).
   */
  private restart(): void {
    const s = this.s;
    if (this.oneoff) return;
    const rp = s.deploy?.restart_policy;
    if (rp === undefined) {
      this.set('restartPolicy', s.restart);
      return;
    }
    const condition = rp.condition ?? 'any';
    let policy: string;
    if (condition === 'none' || condition === 'no') policy = 'no';
    else if (condition === 'any' || condition === 'always') policy = 'always';
    else if (condition === 'on-failure') policy = rp.max_attempts !== undefined && rp.max_attempts > 0 ? `on-failure:${rp.max_attempts}` : 'on-failure';
    else policy = condition;
    if (rp.max_attempts !== undefined && condition !== 'on-failure') {
      this.warn('deploy.restart_policy.max_attempts', `applies only to condition on-failure and is ignored with "${condition}"`);
    }
    if (rp.delay !== undefined) this.warn('deploy.restart_policy.delay', 'is not supported by the engine (it backs off as Docker does) and is ignored');
    if (rp.window !== undefined) this.warn('deploy.restart_policy.window', 'is not supported by the engine and is ignored');
    if (s.restart !== undefined && s.restart !== policy) this.warn('restart', `"${s.restart}" is overridden by deploy.restart_policy ("${policy}")`);
    this.o.restartPolicy = policy;
  }

  private logging(): void {
    const l = this.s.logging;
    if (l === undefined) return;
    this.set('logDriver', l.driver);
    if (l.options !== undefined) this.o.logOpts = Object.entries(l.options).map(([k, v]) => `${k}=${v}`);
  }

  // ── volumes ──────────────────────────────────────────────────────────────

  private mountValue(key: string, value: string): string {
    if (value.includes(',')) throw invalid(this.name, 'volumes', `${key} "${value}" contains a comma, which the engine's mount syntax cannot carry`);
    return `${key}=${value}`;
  }

  private mount(v: ServiceVolumeSpec, i: number): string | undefined {
    const at = `volumes[${i}]`;
    const parts: string[] = [`type=${v.type}`];
    switch (v.type) {
      case 'bind': {
        if (v.source === undefined) throw invalid(this.name, at, 'a bind mount needs a source');
        parts.push(this.mountValue('source', v.source));
        const b = v.bind;
        if (b?.propagation !== undefined) parts.push(this.mountValue('bind-propagation', b.propagation));
        if (b?.recursive === 'disabled') parts.push('bind-nonrecursive');
        else if (b?.recursive === 'writable' || b?.recursive === 'readonly') this.warn(`${at}.bind.recursive`, `"${b.recursive}" is not supported by the engine and is ignored`);
        if (b?.selinux !== undefined) this.warn(`${at}.bind.selinux`, 'is not supported by the engine (no SELinux relabelling) and is ignored');
        // Compose uses Docker's -v path (which creates a missing directory) unless create_host_path is false.
        if (b?.create_host_path !== false) this.createHostPaths.push(v.source);
        break;
      }
      case 'volume': {
        if (v.source !== undefined && v.source !== '') {
          const def = Object.hasOwn(this.spec.volumes, v.source) ? this.spec.volumes[v.source] : undefined;
          if (def === undefined) throw invalid(this.name, at, `volume "${v.source}" is not declared in the top-level volumes`);
          parts.push(this.mountValue('source', def.name));
        }
        if (v.volume?.nocopy === true) parts.push('volume-nocopy');
        if (v.volume?.subpath !== undefined) parts.push(this.mountValue('volume-subpath', v.volume.subpath));
        if (v.volume?.labels !== undefined) this.warn(`${at}.volume.labels`, 'is not supported by the engine and is ignored');
        break;
      }
      case 'tmpfs':
        if (v.tmpfs?.size !== undefined) parts.push(`tmpfs-size=${v.tmpfs.size}`);
        if (v.tmpfs?.mode !== undefined) parts.push(`tmpfs-mode=${v.tmpfs.mode.toString(8).padStart(4, '0')}`);
        break;
      default:
        this.warn(at, `of type ${v.type} is not supported by the engine and is ignored (target ${v.target})`);
        return undefined;
    }
    parts.splice(v.type === 'tmpfs' ? 1 : 2, 0, this.mountValue('target', v.target));
    if (v.read_only === true) parts.push('readonly');
    return parts.join(',');
  }

  private mounts(): void {
    const s = this.s;
    const mounts = (s.volumes ?? []).map((v, i) => this.mount(v, i)).filter((m): m is string => m !== undefined);
    if (mounts.length > 0) this.o.mounts = mounts;
    this.set('tmpfs', s.tmpfs);
    if (s.volumes_from !== undefined) {
      this.o.volumesFrom = s.volumes_from.map((entry) => {
        const parts = entry.split(':');
        if (parts[0] === 'container') return parts.slice(1).join(':');
        const [from, ...mode] = parts as [string, ...string[]];
        return [this.containerOf(from), ...mode].join(':');
      });
    }
  }

  private containerOf(service: string): string {
    if (!Object.hasOwn(this.spec.services, service)) {
      throw invalid(this.name, 'volumes_from', `service "${service}" is not in the project (use container:<name> for other containers)`);
    }
    return this.ctx.containerOf?.(service) ?? replicaName(this.spec, service, 1);
  }

  // ── networks and ports ───────────────────────────────────────────────────

  private network(): void {
    const s = this.s;
    const mode = s.network_mode;
    if (mode !== undefined) {
      if (mode.startsWith('service:')) {
        const other = mode.slice('service:'.length);
        if (!Object.hasOwn(this.spec.services, other)) throw invalid(this.name, 'network_mode', `service "${other}" is not in the project`);
        this.o.network = `container:${this.ctx.containerOf?.(other) ?? replicaName(this.spec, other, 1)}`;
      } else this.o.network = mode;
      if (s.mac_address !== undefined) this.warn('mac_address', `is ignored with network_mode "${mode}"`);
      if (s.ports !== undefined && s.ports.length > 0) this.warn('ports', `are not published with network_mode "${mode}" (Docker refuses or discards them too)`);
      return;
    }
    const keys = Object.keys(s.networks ?? {});
    if (keys.length === 0 || Object.keys(this.spec.networks).length === 0) {
      // Compose: a project without networks runs its containers without one.
      this.o.network = 'none';
      if (s.ports !== undefined && s.ports.length > 0) this.warn('ports', 'are not published: the service is on no network');
      return;
    }
    // Links to other services need no entry: their names resolve through DNS. Link aliases do.
    const linkAliases = (s.links ?? []).filter((l) => {
      const [svc, alias] = l.split(':');
      return alias !== undefined && alias !== svc;
    });
    if (linkAliases.length > 0) this.warn('links', `aliases are not supported by the engine and are ignored (${linkAliases.join(', ')})`);
    const priority = (k: string): number => s.networks?.[k]?.priority ?? 0;
    keys.sort((a, b) => priority(b) - priority(a) || (a < b ? -1 : a > b ? 1 : 0));
    this.o.networks = keys.map((key, i) => this.endpoint(key, s.networks?.[key] ?? null, i === 0));
    this.set('publish', this.ports());
  }

  private endpoint(key: string, cfg: ServiceNetworkSpec | null, primary: boolean): EndpointRequest {
    const def = Object.hasOwn(this.spec.networks, key) ? this.spec.networks[key] : undefined;
    if (def === undefined) throw invalid(this.name, `networks.${key}`, `network "${key}" is not declared in the top-level networks`);
    const at = `networks.${key}`;
    const useAliases = this.ctx.useNetworkAliases ?? !this.oneoff;
    // Compose's getAliases: the container name, then the service name and the configured aliases.
    const aliases = [this.o.name as string, ...(useAliases ? [this.name, ...(cfg?.aliases ?? [])] : [])];
    const e: EndpointRequest = { network: def.name, aliases: [...new Set(aliases)] };
    if (cfg?.ipv4_address !== undefined) e.ipv4Address = cfg.ipv4_address;
    let mac = cfg?.mac_address;
    if (primary && this.s.mac_address !== undefined) {
      if (mac !== undefined && mac !== this.s.mac_address) {
        throw invalid(this.name, 'mac_address', `"${this.s.mac_address}" differs from networks.${key}.mac_address "${mac}" (they must be equal)`);
      }
      mac = this.s.mac_address;
    }
    if (mac !== undefined) e.macAddress = mac;
    const ifnameOpt = 'com.docker.network.endpoint.ifname';
    const ifname = cfg?.interface_name ?? cfg?.driver_opts?.[ifnameOpt];
    if (ifname !== undefined) e.interfaceName = ifname;
    if (cfg?.gw_priority !== undefined) e.gwPriority = cfg.gw_priority;
    if (cfg?.ipv6_address !== undefined) this.warn(`${at}.ipv6_address`, 'is not supported by the engine and is ignored');
    if (cfg?.link_local_ips !== undefined) this.warn(`${at}.link_local_ips`, 'is not supported by the engine and is ignored');
    for (const opt of Object.keys(cfg?.driver_opts ?? {})) {
      if (opt !== ifnameOpt) this.warn(`${at}.driver_opts`, `"${opt}" is not supported by the engine and is ignored`);
    }
    return e;
  }

  private ports(): PortRequest[] | undefined {
    const ports = this.s.ports;
    if (ports === undefined) return undefined;
    const out: PortRequest[] = [];
    ports.forEach((p: ServicePortSpec, i) => {
      if (p.protocol === 'sctp') {
        this.warn(`ports[${i}]`, `${p.target}/sctp is not published: the engine publishes tcp and udp only`);
        return;
      }
      const r: PortRequest = { containerPort: p.target, protocol: p.protocol };
      if (p.host_ip !== undefined && p.host_ip !== '') r.hostIp = p.host_ip;
      if (p.published !== undefined && p.published !== '') r.hostPort = p.published;
      out.push(r);
    });
    return out;
  }

  // ── health check ─────────────────────────────────────────────────────────

  private healthcheck(): void {
    const h = this.s.healthcheck;
    if (h === undefined) return;
    if (h.start_interval !== undefined && h.start_period === undefined) {
      throw invalid(this.name, 'healthcheck.start_interval', 'requires healthcheck.start_period (as Docker Compose)');
    }
    // An empty test keeps the image's, with these timings (Docker merges them so).
    const hc: Healthcheck = { test: h.test ?? [] };
    if (h.interval !== undefined) hc.interval = goDurationNs(h.interval);
    if (h.timeout !== undefined) hc.timeout = goDurationNs(h.timeout);
    if (h.start_period !== undefined) hc.startPeriod = goDurationNs(h.start_period);
    if (h.start_interval !== undefined) hc.startInterval = goDurationNs(h.start_interval);
    if (h.retries !== undefined) hc.retries = h.retries;
    this.o.healthcheck = hc;
  }

  // ── secrets and configs ──────────────────────────────────────────────────

  private files(): void {
    const s = this.s;
    const mountTargets = new Set((s.volumes ?? []).map((v) => v.target));
    const out: ContainerFile[] = [];
    const names = new Map<string, number>();
    const add = (kind: 'secrets' | 'configs', i: number, file: Omit<ContainerFile, 'name'> & { name: string }): void => {
      if (mountTargets.has(file.target) || out.some((f) => f.target === file.target)) {
        this.warn(`${kind}[${i}]`, `is not mounted: ${file.target} is already a mount target`);
        return;
      }
      // Unique names: the engine keeps each file under its name.
      const seen = names.get(file.name) ?? 0;
      names.set(file.name, seen + 1);
      out.push(seen === 0 ? file : { ...file, name: `${file.name}-${seen + 1}` });
    };
    (s.secrets ?? []).forEach((ref, i) => {
      const def = Object.hasOwn(this.spec.secrets, ref.source) ? this.spec.secrets[ref.source] : undefined;
      if (def === undefined) throw invalid(this.name, `secrets[${i}]`, `secret "${ref.source}" is not declared in the top-level secrets`);
      const target = ref.target === undefined ? `/run/secrets/${ref.source}` : ref.target.startsWith('/') ? ref.target : `/run/secrets/${ref.target}`;
      const content = this.ctx.secretContent?.(ref.source, def) ?? (def.content !== undefined ? Buffer.from(def.content) : undefined);
      if (content === undefined) throw invalid(this.name, `secrets[${i}]`, `the content of secret "${ref.source}" was not provided`);
      add('secrets', i, { name: def.name, target, content, ...this.owner(`secrets[${i}]`, ref.uid, ref.gid), mode: ref.mode ?? 0o444 });
    });
    (s.configs ?? []).forEach((ref, i) => {
      const def = Object.hasOwn(this.spec.configs, ref.source) ? this.spec.configs[ref.source] : undefined;
      if (def === undefined) throw invalid(this.name, `configs[${i}]`, `config "${ref.source}" is not declared in the top-level configs`);
      const target = ref.target === undefined ? `/${ref.source}` : ref.target.startsWith('/') ? ref.target : `/${ref.target}`;
      const content = this.ctx.configContent?.(ref.source, def) ?? (def.content !== undefined ? Buffer.from(def.content) : undefined);
      if (content === undefined) throw invalid(this.name, `configs[${i}]`, `the content of config "${ref.source}" was not provided`);
      add('configs', i, { name: def.name, target, content, ...this.owner(`configs[${i}]`, ref.uid, ref.gid), mode: ref.mode ?? 0o444 });
    });
    if (out.length > 0) this.o.files = out;
  }

  private owner(at: string, uid: string | undefined, gid: string | undefined): { uid: number; gid: number } {
    const id = (key: string, v: string | undefined): number => {
      if (v === undefined || v === '') return 0;
      if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v))) throw invalid(this.name, `${at}.${key}`, `"${v}" is not a numeric id`);
      return Number(v);
    };
    return { uid: id('uid', uid), gid: id('gid', gid) };
  }

  // ── labels ───────────────────────────────────────────────────────────────

  private labels(): void {
    const s = this.s;
    const deps = Object.keys(s.depends_on ?? {})
      .sort()
      .map((dep) => {
        const d = s.depends_on?.[dep];
        return `${dep}:${d?.condition ?? 'service_started'}:${d?.restart === true}`;
      });
    const labels: Record<string, string> = { ...(s.labels ?? {}) };
    labels[LABEL.project] = this.spec.name;
    labels[LABEL.service] = this.name;
    labels[LABEL.version] = COMPOSE_VERSION;
    labels[LABEL.workingDir] = this.spec.projectDir;
    labels[LABEL.configFiles] = this.spec.composeFiles.join(',');
    labels[LABEL.oneoff] = this.oneoff ? 'True' : 'False';
    labels[LABEL.configHash] = configHash(this.spec, this.name, this.ctx);
    if (!this.oneoff) labels[LABEL.containerNumber] = String(this.replica.number);
    if (this.oneoff && this.replica.slug !== undefined) labels[LABEL.slug] = this.replica.slug;
    labels[LABEL.dependsOn] = deps.join(',');
    if (this.ctx.imageDigest !== undefined) labels[LABEL.image] = this.ctx.imageDigest;
    this.o.labels = labels;
  }
}
