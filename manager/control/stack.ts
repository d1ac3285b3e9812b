/**
 * A StackSpec (compose/spec.ts) → the cluster objects of stack `<name>`:
 * one ServiceSpec per compose service, named `<stack>_<service>`, and the
 * networks, secrets and configs its services use, all labelled
 * `com.docker.stack.namespace=<stack>`. Pure: what exists in the store is
 * the caller's business (api.ts). Docker's `stack deploy` conversion, with
 * compose's depends_on kept.
 *
 * Every service key is mapped, ignored for a reason (`SERVICE_KEYS`), or
 * reported in `warnings` naming the service: nothing is dropped silently.
 *
 * Names: a resource keeps a `name:` the file gave it; one named the compose
 * way (`<project>_<key>`) is renamed `<stack>_<key>`, since the stack's name
 * may differ from the project's. External resources keep their name.
 *
 * Secret and config contents travel in the StackSpec: `x-orc-content-base64`
 * (the bytes of a `file:`, which the client reads: see inlineFiles in cli/commands/stack.ts) or
 * `content` (text, as compose writes it, or an `environment:` the client
 * resolved). A `file:` or `environment:` the client did not resolve is
 * refused: the manager cannot read the client's files or environment.
 */
import { parseDuration } from '../../common/duration.js';
import { OrcError } from '../../common/errors.js';
import type {
  FileReference, HealthConfig, Mount, NetworkSpec, PortConfig, Resources, RestartPolicy, ServiceMode, ServiceSpec, UpdateConfig,
} from '../../common/cluster/types.js';
import { DEFAULT_RESTART_POLICY, DEFAULT_UPDATE_CONFIG, STACK_LABEL } from '../../common/cluster/types.js';
import { serviceSpec } from '../../common/cluster/defaults.js';
import type {
  ConfigSpec as ComposeConfig, NetworkSpec as ComposeNetwork, ResourceSpec, SecretSpec as ComposeSecret,
  ServiceSpec as ComposeService, StackSpec, UpdateConfigSpec,
} from '../../compose/index.js';

/** The extension key carrying a secret's or config's bytes (base64) from the client. */
export const CONTENT_KEY = 'x-orc-content-base64';

export interface PlannedNetwork {
  key: string;
  external: boolean;
  spec: NetworkSpec;
}

export interface PlannedFile {
  key: string;
  external: boolean;
  name: string;
  labels: Record<string, string>;
  /** The content (absent for external ones). */
  data?: Buffer;
}

export interface StackPlan {
  /** By compose service name; FileReferences carry names and network targets names (the API resolves them). */
  services: Map<string, ServiceSpec>;
  networks: PlannedNetwork[];
  secrets: PlannedFile[];
  configs: PlannedFile[];
  warnings: string[];
}

type ServiceKey = Exclude<keyof ComposeService, `x-${string}`>;
type KeyHandling = 'mapped' | 'unsupported' | { ignored: string };

/** What becomes of each compose service key in a cluster (the type makes the table complete). */
export const SERVICE_KEYS: Readonly<Record<ServiceKey, KeyHandling>> = {
  annotations: 'unsupported', attach: { ignored: 'the CLI\'s choice' }, blkio_config: 'unsupported', build: 'unsupported',
  cap_add: 'unsupported', cap_drop: 'unsupported', cgroup: 'unsupported', cgroup_parent: 'unsupported', command: 'mapped',
  configs: 'mapped', container_name: 'unsupported', cpu_count: 'unsupported', cpu_percent: 'unsupported', cpu_period: 'unsupported',
  cpu_quota: 'unsupported', cpu_rt_period: 'unsupported', cpu_rt_runtime: 'unsupported', cpu_shares: 'unsupported', cpus: 'mapped',
  cpuset: 'unsupported', credential_spec: 'unsupported', depends_on: 'mapped', deploy: 'mapped', develop: { ignored: '`watch` is the CLI\'s' },
  device_cgroup_rules: 'unsupported', devices: 'unsupported', dns: 'unsupported', dns_opt: 'unsupported', dns_search: 'unsupported',
  domainname: 'unsupported', entrypoint: 'mapped', env_file: { ignored: 'the loader merged the files into `environment`' },
  environment: 'mapped', expose: { ignored: 'metadata only: exposing publishes nothing' }, external_links: 'unsupported',
  extra_hosts: 'unsupported', gpus: 'unsupported', group_add: 'unsupported', healthcheck: 'mapped', hostname: 'mapped', image: 'mapped',
  init: 'mapped', ipc: 'unsupported', isolation: 'unsupported', label_file: 'unsupported', labels: 'mapped', links: 'unsupported',
  logging: 'unsupported', mac_address: 'unsupported', mem_limit: 'mapped', mem_reservation: 'mapped', mem_swappiness: 'unsupported',
  memswap_limit: 'unsupported', models: 'unsupported', network_mode: 'unsupported', networks: 'mapped', oom_kill_disable: 'unsupported',
  oom_score_adj: 'unsupported', pid: 'unsupported', pids_limit: 'unsupported', platform: 'unsupported', ports: 'mapped',
  post_start: 'unsupported', pre_stop: 'unsupported', privileged: 'unsupported',
  profiles: { ignored: 'the loader already left out the services of disabled profiles' }, provider: 'unsupported',
  pull_policy: { ignored: 'each node pulls the image when it starts a task' }, pull_refresh_after: { ignored: 'each node pulls the image when it starts a task' },
  read_only: 'unsupported', restart: 'mapped', runtime: 'unsupported', scale: { ignored: 'the loader made it deploy.replicas' },
  secrets: 'mapped', security_opt: 'unsupported', shm_size: 'unsupported', stdin_open: 'unsupported', stop_grace_period: 'mapped',
  stop_signal: 'mapped', storage_opt: 'unsupported', sysctls: 'unsupported', tmpfs: 'mapped', tty: 'unsupported', ulimits: 'unsupported',
  use_api_socket: 'unsupported', user: 'mapped', userns_mode: 'unsupported', uts: 'unsupported', volumes: 'mapped',
  volumes_from: 'unsupported', working_dir: 'mapped',
};

function invalid(message: string): OrcError {
  return new OrcError('ORC_INVALID_SPEC', message);
}

/** Milliseconds in a Go duration as the compose loader prints it. */
export function durationMs(text: string, where: string): number {
  const ns = parseDuration(text);
  if (ns === undefined || ns < 0n) throw invalid(`${where}: invalid duration "${text}" (expected a Go duration such as 1m30s)`);
  return Number(ns) / 1e6;
}

/** A resource's name in the stack: its own `name:`, or `<stack>_<key>` when compose named it after the project. */
function resourceName(stack: StackSpec, stackName: string, key: string, def: { name: string; external?: boolean }): string {
  if (def.external === true) return def.name;
  return def.name === `${stack.name}_${key}` || def.name === '' ? `${stackName}_${key}` : def.name;
}

class Planner {
  readonly warnings: string[] = [];
  private readonly ns: Record<string, string>;
  private readonly usedNetworks = new Set<string>();
  private readonly usedSecrets = new Set<string>();
  private readonly usedConfigs = new Set<string>();

  constructor(private readonly stack: StackSpec, private readonly name: string) {
    this.ns = { [STACK_LABEL]: name };
  }

  private warn(service: string, key: string, what: string): void {
    this.warnings.push(`service "${service}": ${key} ${what}`);
  }

  private unsupported(service: string, key: string): void {
    this.warn(service, key, 'is not supported in a cluster and is ignored');
  }

  run(): StackPlan {
    const services = new Map<string, ServiceSpec>();
    for (const key of Object.keys(this.stack.services).sort()) {
      const s = this.stack.services[key];
      if (s !== undefined) services.set(key, this.service(key, s));
    }
    return {
      services,
      networks: [...this.usedNetworks].sort().map((k) => this.network(k)),
      secrets: [...this.usedSecrets].sort().map((k) => this.file('secret', k, this.stack.secrets[k])),
      configs: [...this.usedConfigs].sort().map((k) => this.file('config', k, this.stack.configs[k])),
      warnings: this.warnings,
    };
  }

  // ── services ─────────────────────────────────────────────────────────────

  private service(key: string, s: ComposeService): ServiceSpec {
    for (const k of Object.keys(s)) {
      if (k.startsWith('x-')) continue;
      const handling = Object.hasOwn(SERVICE_KEYS, k) ? SERVICE_KEYS[k as ServiceKey] : 'unsupported';
      if (handling === 'unsupported') this.unsupported(key, k);
    }
    if (s.image === undefined || s.image === '') {
      throw invalid(`service ${key} has no image: build it and push it, or load it on every node`);
    }
    const spec = serviceSpec(`${this.name}_${key}`, s.image);
    const c = spec.task.container;
    if (s.entrypoint !== undefined) c.command = s.entrypoint;
    if (s.command !== undefined) c.args = s.command;
    if (s.environment !== undefined) c.env = Object.keys(s.environment).sort().map((k) => `${k}=${s.environment?.[k] ?? ''}`);
    c.workdir = s.working_dir ?? '';
    c.user = s.user ?? '';
    c.hostname = s.hostname ?? '';
    c.labels = { ...(s.labels ?? {}), ...this.ns };
    c.init = s.init === true;
    c.stopSignal = s.stop_signal ?? '';
    if (s.stop_grace_period !== undefined) c.stopGracePeriodMs = durationMs(s.stop_grace_period, `service ${key}: stop_grace_period`);
    const hc = this.healthcheck(key, s);
    if (hc !== undefined) c.healthcheck = hc;
    c.mounts = this.mounts(key, s);
    c.secrets = this.fileRefs(key, s, 'secrets');
    c.configs = this.fileRefs(key, s, 'configs');
    spec.task.networks = this.networks(key, s);
    spec.endpoint.ports = this.ports(key, s);
    spec.dependsOn = Object.keys(s.depends_on ?? {}).sort().map((dep) => {
      const d = s.depends_on?.[dep];
      if (d?.restart === true) this.warn(key, `depends_on.${dep}.restart`, 'is not supported in a cluster and is ignored');
      if (d?.required === false) this.warn(key, `depends_on.${dep}.required`, 'false is not supported in a cluster: the dependency is required');
      return { service: `${this.name}_${dep}`, condition: d?.condition ?? 'service_started' };
    });
    this.deploy(key, s, spec);
    return spec;
  }

  private healthcheck(key: string, s: ComposeService): HealthConfig | undefined {
    const h = s.healthcheck;
    if (h === undefined) return undefined;
    const at = `service ${key}: healthcheck`;
    if (h.start_interval !== undefined) this.unsupported(key, 'healthcheck.start_interval');
    return {
      test: h.test ?? [],
      intervalMs: h.interval !== undefined ? durationMs(h.interval, `${at}.interval`) : 0,
      timeoutMs: h.timeout !== undefined ? durationMs(h.timeout, `${at}.timeout`) : 0,
      retries: h.retries ?? 0,
      startPeriodMs: h.start_period !== undefined ? durationMs(h.start_period, `${at}.start_period`) : 0,
    };
  }

  private mounts(key: string, s: ComposeService): Mount[] {
    const out: Mount[] = [];
    (s.volumes ?? []).forEach((v, i) => {
      const at = `volumes[${i}]`;
      const readOnly = v.read_only === true;
      if (v.consistency !== undefined) this.unsupported(key, `${at}.consistency`);
      switch (v.type) {
        case 'bind':
          for (const k of Object.keys(v.bind ?? {})) {
            if (k.startsWith('x-') || k === 'create_host_path') continue;
            this.unsupported(key, `${at}.bind.${k}`);
          }
          // Compose creates a missing bind source (create_host_path, the short syntax's default); a node does not.
          if (v.bind?.create_host_path === true) this.warn(key, at, `bind source ${v.source ?? ''} is not created: it must exist on every node the service runs on`);
          out.push({ type: 'bind', source: v.source ?? '', target: v.target, readOnly });
          break;
        case 'volume': {
          let source = '';
          if (v.source !== undefined && v.source !== '') {
            const def = Object.hasOwn(this.stack.volumes, v.source) ? this.stack.volumes[v.source] : undefined;
            if (def === undefined) throw invalid(`service ${key}: ${at}: volume "${v.source}" is not declared in the top-level volumes`);
            source = resourceName(this.stack, this.name, v.source, def);
            for (const k of ['driver', 'driver_opts', 'labels'] as const) {
              if (def[k] !== undefined) this.unsupported(key, `${at} (volume "${v.source}"): ${k}`);
            }
          }
          if (v.volume !== undefined) for (const k of Object.keys(v.volume)) if (!k.startsWith('x-')) this.unsupported(key, `${at}.volume.${k}`);
          out.push({ type: 'volume', source, target: v.target, readOnly });
          break;
        }
        case 'tmpfs':
          if (v.tmpfs !== undefined) for (const k of Object.keys(v.tmpfs)) if (!k.startsWith('x-')) this.unsupported(key, `${at}.tmpfs.${k}`);
          out.push({ type: 'tmpfs', source: '', target: v.target, readOnly });
          break;
        default:
          this.warn(key, at, `of type ${v.type} is not supported in a cluster and is ignored (target ${v.target})`);
      }
    });
    for (const t of s.tmpfs ?? []) {
      const [target = '', options] = t.split(':');
      if (options !== undefined) this.unsupported(key, `tmpfs options of ${target}`);
      out.push({ type: 'tmpfs', source: '', target, readOnly: false });
    }
    return out;
  }

  private fileRefs(key: string, s: ComposeService, kind: 'secrets' | 'configs'): FileReference[] {
    const defs = kind === 'secrets' ? this.stack.secrets : this.stack.configs;
    const used = kind === 'secrets' ? this.usedSecrets : this.usedConfigs;
    return (s[kind] ?? []).map((ref, i) => {
      const def = Object.hasOwn(defs, ref.source) ? defs[ref.source] : undefined;
      if (def === undefined) throw invalid(`service ${key}: ${kind}[${i}]: ${kind.slice(0, -1)} "${ref.source}" is not declared in the top-level ${kind}`);
      used.add(ref.source);
      return {
        id: '',
        name: resourceName(this.stack, this.name, ref.source, def),
        target: ref.target ?? (kind === 'secrets' ? ref.source : `/${ref.source}`),
        uid: ref.uid ?? '0',
        gid: ref.gid ?? '0',
        mode: ref.mode ?? 0o444,
      };
    });
  }

  private networks(key: string, s: ComposeService): ServiceSpec['task']['networks'] {
    if (s.network_mode !== undefined) return [];
    return Object.keys(s.networks ?? {}).sort().map((net) => {
      const def = Object.hasOwn(this.stack.networks, net) ? this.stack.networks[net] : undefined;
      if (def === undefined) throw invalid(`service ${key}: networks.${net}: network "${net}" is not declared in the top-level networks`);
      this.usedNetworks.add(net);
      const cfg = s.networks?.[net] ?? null;
      if (cfg !== null) {
        for (const k of Object.keys(cfg)) if (k !== 'aliases' && !k.startsWith('x-')) this.unsupported(key, `networks.${net}.${k}`);
      }
      // Docker gives every service its compose name as an alias on each of its networks.
      return { target: resourceName(this.stack, this.name, net, def), aliases: [...new Set([key, ...(cfg?.aliases ?? [])])] };
    });
  }

  private ports(key: string, s: ComposeService): PortConfig[] {
    const out: PortConfig[] = [];
    (s.ports ?? []).forEach((p, i) => {
      const at = `ports[${i}]`;
      if (p.protocol === 'sctp') {
        this.warn(key, at, `${p.target}/sctp is not published: a cluster publishes tcp and udp only`);
        return;
      }
      if (p.host_ip !== undefined && p.host_ip !== '') this.unsupported(key, `${at}.host_ip`);
      if (p.app_protocol !== undefined) this.unsupported(key, `${at}.app_protocol`);
      const published = p.published ?? '';
      if (published !== '' && !/^\d+$/.test(published)) {
        throw invalid(`service ${key}: ${at}: published port range "${published}" is not supported in a cluster: give one port`);
      }
      out.push({ name: p.name ?? '', protocol: p.protocol, targetPort: p.target, publishedPort: published === '' ? 0 : Number(published), publishMode: p.mode });
    });
    return out;
  }

  // ── deploy ───────────────────────────────────────────────────────────────

  private deploy(key: string, s: ComposeService, spec: ServiceSpec): void {
    const d = s.deploy ?? {};
    spec.labels = { ...(d.labels ?? {}), ...this.ns };
    if (d.endpoint_mode !== undefined && d.endpoint_mode !== 'vip') this.warn(key, 'deploy.endpoint_mode', `"${d.endpoint_mode}" is not supported in a cluster: the service gets a virtual IP`);
    spec.mode = this.mode(key, d.mode, d.replicas);
    const job = 'replicatedJob' in spec.mode || 'globalJob' in spec.mode;
    spec.task.restartPolicy = this.restartPolicy(key, s, job);
    spec.task.resources = {
      limits: this.resources(key, 'limits', d.resources?.limits, { nanoCpus: s.cpus, memoryBytes: s.mem_limit }),
      reservations: this.resources(key, 'reservations', d.resources?.reservations, { memoryBytes: s.mem_reservation }),
    };
    if (d.update_config !== undefined) spec.update = this.updateConfig(key, 'update_config', d.update_config);
    if (d.rollback_config !== undefined) spec.rollback = this.updateConfig(key, 'rollback_config', d.rollback_config);
    const p = d.placement;
    if (p !== undefined) {
      spec.task.placement = {
        constraints: p.constraints ?? [],
        preferences: (p.preferences ?? []).filter((x) => x.spread !== undefined).map((x) => ({ spread: x.spread ?? '' })),
        maxReplicasPerNode: p.max_replicas_per_node ?? 0,
      };
    }
  }

  private mode(key: string, mode: string | undefined, replicas: number | undefined): ServiceMode {
    switch (mode ?? 'replicated') {
      case 'replicated':
        return { replicated: { replicas: replicas ?? 1 } };
      case 'replicated-job':
        return { replicatedJob: { maxConcurrent: replicas ?? 1, totalCompletions: replicas ?? 1 } };
      case 'global':
      case 'global-job':
        if (replicas !== undefined) throw invalid(`service ${key}: deploy.replicas can only be used with replicated mode`);
        return mode === 'global' ? { global: {} } : { globalJob: {} };
      default:
        throw invalid(`service ${key}: deploy.mode "${mode ?? ''}" is not a mode (replicated, global, replicated-job, global-job)`);
    }
  }

  /** deploy.restart_policy, else `restart:` as Docker converts it; jobs restart on failure only by default. */
  private restartPolicy(key: string, s: ComposeService, job: boolean): RestartPolicy {
    const base: RestartPolicy = { ...DEFAULT_RESTART_POLICY, ...(job ? { condition: 'on-failure' as const } : {}) };
    const rp = s.deploy?.restart_policy;
    if (rp === undefined) {
      if (s.restart === undefined) return base;
      const [cond = '', attempts] = s.restart.split(':');
      if (cond === 'no') return { ...base, condition: 'none' };
      if (cond === 'always' || cond === 'unless-stopped') return { ...base, condition: 'any' };
      if (cond === 'on-failure') return { ...base, condition: 'on-failure', maxAttempts: attempts === undefined ? 0 : Number(attempts) };
      throw invalid(`service ${key}: restart "${s.restart}" is not a restart policy (no, always, on-failure[:N], unless-stopped)`);
    }
    if (s.restart !== undefined) this.warn(key, 'restart', 'is overridden by deploy.restart_policy');
    const cond = rp.condition ?? base.condition;
    const condition = cond === 'no' ? 'none' : cond === 'always' ? 'any' : cond;
    if (condition !== 'none' && condition !== 'on-failure' && condition !== 'any') {
      throw invalid(`service ${key}: deploy.restart_policy.condition "${cond}" is not one of none, on-failure, any`);
    }
    const at = `service ${key}: deploy.restart_policy`;
    return {
      condition,
      delayMs: rp.delay !== undefined ? durationMs(rp.delay, `${at}.delay`) : base.delayMs,
      maxAttempts: rp.max_attempts ?? 0,
      windowMs: rp.window !== undefined ? durationMs(rp.window, `${at}.window`) : 0,
    };
  }

  private resources(key: string, which: string, r: ResourceSpec | undefined, service: { nanoCpus?: number | undefined; memoryBytes?: number | undefined }): Resources {
    for (const k of ['pids', 'devices', 'generic_resources'] as const) if (r?.[k] !== undefined) this.unsupported(key, `deploy.resources.${which}.${k}`);
    const cpus = r?.cpus ?? service.nanoCpus;
    return { nanoCpus: cpus === undefined ? 0 : Math.round(cpus * 1e9), memoryBytes: r?.memory ?? service.memoryBytes ?? 0 };
  }

  private updateConfig(key: string, which: string, u: UpdateConfigSpec): UpdateConfig {
    const at = `service ${key}: deploy.${which}`;
    const d = DEFAULT_UPDATE_CONFIG;
    const action = u.failure_action ?? d.failureAction;
    const actions = which === 'rollback_config' ? ['pause', 'continue'] : ['pause', 'continue', 'rollback'];
    if (!actions.includes(action)) throw invalid(`${at}.failure_action: "${action}" is not one of ${actions.join(', ')}`);
    return {
      parallelism: u.parallelism ?? d.parallelism,
      delayMs: u.delay !== undefined ? durationMs(u.delay, `${at}.delay`) : d.delayMs,
      failureAction: action as UpdateConfig['failureAction'],
      monitorMs: u.monitor !== undefined ? durationMs(u.monitor, `${at}.monitor`) : d.monitorMs,
      maxFailureRatio: u.max_failure_ratio ?? d.maxFailureRatio,
      order: u.order ?? d.order,
    };
  }

  // ── networks, secrets, configs ───────────────────────────────────────────

  private network(key: string): PlannedNetwork {
    const def = this.stack.networks[key] as ComposeNetwork;
    const name = resourceName(this.stack, this.name, key, def);
    const spec: NetworkSpec = { name, labels: { ...(def.labels ?? {}), ...this.ns }, driver: 'overlay', internal: def.internal === true, attachable: def.attachable === true, subnet: '', gateway: '' };
    if (def.external === true) return { key, external: true, spec };
    const where = `network "${key}"`;
    if (def.driver !== undefined && def.driver !== 'overlay') this.warnings.push(`${where}: driver "${def.driver}" is not supported in a cluster: it is an overlay network`);
    if (def.driver_opts !== undefined) this.warnings.push(`${where}: driver_opts is not supported in a cluster and is ignored`);
    if (def.enable_ipv6 === true) this.warnings.push(`${where}: enable_ipv6 is not supported in a cluster and is ignored`);
    const pools = def.ipam?.config ?? [];
    if (pools.length > 1) this.warnings.push(`${where}: ipam.config has ${pools.length} pools: only the first is used`);
    spec.subnet = pools[0]?.subnet ?? '';
    spec.gateway = pools[0]?.gateway ?? '';
    return { key, external: false, spec };
  }

  private file(kind: 'secret' | 'config', key: string, def: ComposeSecret | ComposeConfig | undefined): PlannedFile {
    if (def === undefined) throw invalid(`${kind} "${key}" is not declared`);
    const name = resourceName(this.stack, this.name, key, def);
    const labels = { ...(def.labels ?? {}), ...this.ns };
    if (def.external === true) return { key, external: true, name, labels };
    if (def.template_driver !== undefined) this.warnings.push(`${kind} "${key}": template_driver is not supported in a cluster and is ignored`);
    if ('driver' in def && def.driver !== undefined) this.warnings.push(`${kind} "${key}": driver is not supported in a cluster and is ignored`);
    const b64 = def[CONTENT_KEY];
    let data: Buffer;
    if (typeof b64 === 'string') data = Buffer.from(b64, 'base64');
    else if (def.content !== undefined) data = Buffer.from(def.content);
    else if (def.file !== undefined) throw invalid(`${kind} "${key}": the client must send the content of ${def.file} (the manager cannot read the client's files)`);
    else if (def.environment !== undefined) throw invalid(`${kind} "${key}": the client must resolve the environment variable ${def.environment}`);
    else throw invalid(`${kind} "${key}" has no file, content or environment`);
    return { key, external: false, name, labels, data };
  }
}

/** The objects of stack `name` made of `stack`. Throws ORC_INVALID_SPEC for what a cluster cannot run. */
export function planStack(name: string, stack: StackSpec): StackPlan {
  return new Planner(stack, name).run();
}
