/**
 * One service (05-services.md) from raw document to long syntax: each key
 * goes through the converter its kind needs; keys that need no conversion are
 * copied; x-* keys are kept. Then the cross-key rules: the implicit
 * dependencies of links / `service:` namespaces / volumes_from, the implicit
 * `default` network, scale ↔ deploy.replicas, and the conflicts Compose
 * refuses (cpus vs deploy limits and the like).
 */
import type { KeyPath } from '../issues.js';
import type { ServiceDependencySpec, ServiceSpec } from '../spec.js';
import type { Scope } from './context.js';
import { normaliseBuild } from './build.js';
import { normaliseDeploy } from './deploy.js';
import { normaliseEnvironment } from './environment.js';
import { normaliseMounts } from './mounts.js';
import { normaliseExpose, normalisePorts } from './ports.js';
import {
  normaliseBlkio,
  normaliseCommand,
  normaliseDependsOn,
  normaliseDevelop,
  normaliseDeviceRequests,
  normaliseDevices,
  normaliseExtraHosts,
  normaliseFileRefs,
  normaliseHealthcheck,
  normaliseHooks,
  normaliseLogging,
  normaliseServiceNetworks,
  normaliseUlimits,
} from './service-parts.js';
import {
  absolutePath,
  cloneData,
  copyExtensions,
  describe,
  has,
  isExtensionKey,
  isMap,
  own,
  reportUnknownKeys,
  setEntry,
  toBool,
  toBytes,
  toDuration,
  toEnum,
  toInt,
  toMapping,
  toMicroseconds,
  toNumber,
  toOptions,
  toStr,
  toStringList,
  type RawMap,
} from './values.js';

type Key = keyof ServiceSpec & string;
type Converter = (raw: unknown, path: KeyPath, scope: Scope, out: ServiceSpec) => void;

/** A converter that stores its result under the same key when there is one. */
function into<K extends Key>(
  key: K,
  convert: (raw: unknown, path: KeyPath, scope: Scope) => ServiceSpec[K] | undefined,
): Converter {
  return (raw, path, scope, out) => {
    const v = convert(raw, path, scope);
    if (v !== undefined) out[key] = v;
  };
}

const str = (raw: unknown, path: KeyPath, scope: Scope): string | undefined => toStr(raw, path, scope);
const bool = (raw: unknown, path: KeyPath, scope: Scope): boolean | undefined => toBool(raw, path, scope);
const list = (raw: unknown, path: KeyPath, scope: Scope): string[] | undefined => toStringList(raw, path, scope);
const stringOrList = (raw: unknown, path: KeyPath, scope: Scope): string[] | undefined =>
  toStringList(raw, path, scope, true);
const labels = (raw: unknown, path: KeyPath, scope: Scope): Record<string, string> | undefined =>
  toMapping(raw, path, scope, 'empty');
const int =
  (min?: number, max?: number) =>
  (raw: unknown, path: KeyPath, scope: Scope): number | undefined =>
    toInt(raw, path, scope, { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
const num =
  (min?: number, max?: number) =>
  (raw: unknown, path: KeyPath, scope: Scope): number | undefined =>
    toNumber(raw, path, scope, { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
const bytes = (raw: unknown, path: KeyPath, scope: Scope): number | undefined => toBytes(raw, path, scope);

const CONVERTERS: Partial<Record<Key, Converter>> = {
  annotations: into('annotations', labels),
  attach: into('attach', bool),
  blkio_config: into('blkio_config', normaliseBlkio),
  build: into('build', normaliseBuild),
  cap_add: into('cap_add', list),
  cap_drop: into('cap_drop', list),
  cgroup: into('cgroup', (raw, path, scope) => toEnum(raw, ['host', 'private'] as const, path, scope)),
  cgroup_parent: into('cgroup_parent', str),
  command: into('command', normaliseCommand),
  configs: into('configs', (raw, path, scope) => normaliseFileRefs(raw, path, scope)),
  container_name: into('container_name', str),
  cpu_count: into('cpu_count', int(0)),
  cpu_percent: into('cpu_percent', num(0, 100)),
  cpu_period: into('cpu_period', int()),
  cpu_quota: into('cpu_quota', int()),
  cpu_rt_period: into('cpu_rt_period', toMicroseconds),
  cpu_rt_runtime: into('cpu_rt_runtime', toMicroseconds),
  cpu_shares: into('cpu_shares', int()),
  cpus: into('cpus', num(0)),
  cpuset: into('cpuset', str),
  credential_spec: into('credential_spec', (raw, path, scope) => {
    if (!isMap(raw)) {
      scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
      return undefined;
    }
    reportUnknownKeys(raw, new Set(['config', 'file', 'registry']), path, scope);
    const out: NonNullable<ServiceSpec['credential_spec']> = {};
    for (const key of ['config', 'file', 'registry'] as const) {
      const v = own(raw, key);
      if (v === undefined || v === null) continue;
      const s = toStr(v, [...path, key], scope);
      if (s !== undefined) out[key] = s;
    }
    copyExtensions(raw, out, path, scope);
    return out;
  }),
  depends_on: into('depends_on', normaliseDependsOn),
  deploy: into('deploy', normaliseDeploy),
  develop: into('develop', normaliseDevelop),
  device_cgroup_rules: into('device_cgroup_rules', list),
  devices: into('devices', normaliseDevices),
  dns: into('dns', stringOrList),
  dns_opt: into('dns_opt', list),
  dns_search: into('dns_search', stringOrList),
  domainname: into('domainname', str),
  entrypoint: into('entrypoint', normaliseCommand),
  expose: into('expose', normaliseExpose),
  external_links: into('external_links', list),
  extra_hosts: into('extra_hosts', normaliseExtraHosts),
  gpus: into('gpus', normaliseDeviceRequests),
  group_add: into('group_add', list),
  healthcheck: into('healthcheck', normaliseHealthcheck),
  hostname: into('hostname', str),
  image: into('image', str),
  init: into('init', bool),
  ipc: into('ipc', str),
  isolation: into('isolation', str),
  label_file: into('label_file', (raw, path, scope) => toStringList(raw, path, scope, true)?.map((p) => absolutePath(p, scope))),
  labels: into('labels', labels),
  links: into('links', list),
  logging: into('logging', normaliseLogging),
  mac_address: into('mac_address', str),
  mem_limit: into('mem_limit', bytes),
  mem_reservation: into('mem_reservation', bytes),
  mem_swappiness: into('mem_swappiness', int(0, 100)),
  memswap_limit: into('memswap_limit', (raw, path, scope) => toBytes(raw, path, scope, true)),
  models: into('models', serviceModels),
  network_mode: into('network_mode', str),
  networks: into('networks', normaliseServiceNetworks),
  oom_kill_disable: into('oom_kill_disable', bool),
  oom_score_adj: into('oom_score_adj', int(-1000, 1000)),
  pid: into('pid', str),
  pids_limit: into('pids_limit', int(-1)),
  platform: into('platform', str),
  ports: into('ports', normalisePorts),
  post_start: into('post_start', normaliseHooks),
  pre_stop: into('pre_stop', normaliseHooks),
  privileged: into('privileged', bool),
  profiles: into('profiles', list),
  provider: into('provider', provider),
  pull_policy: into('pull_policy', (raw, path, scope) => {
    const s = toStr(raw, path, scope);
    return s === 'if_not_present' ? 'missing' : s;
  }),
  pull_refresh_after: into('pull_refresh_after', str),
  read_only: into('read_only', bool),
  restart: into('restart', (raw, path, scope) => {
    const s = toStr(raw, path, scope);
    if (s !== undefined && !RESTART_POLICY.test(s)) {
      scope.invalid(path, `invalid restart policy ${JSON.stringify(s)}: use no, always, on-failure[:N] or unless-stopped`);
      return undefined;
    }
    return s;
  }),
  runtime: into('runtime', str),
  scale: into('scale', int(0)),
  secrets: into('secrets', (raw, path, scope) => normaliseFileRefs(raw, path, scope, (s) => `/run/secrets/${s}`)),
  security_opt: into('security_opt', list),
  shm_size: into('shm_size', bytes),
  stdin_open: into('stdin_open', bool),
  stop_grace_period: into('stop_grace_period', toDuration),
  stop_signal: into('stop_signal', str),
  storage_opt: into('storage_opt', toOptions),
  sysctls: into('sysctls', labels),
  tmpfs: into('tmpfs', stringOrList),
  tty: into('tty', bool),
  ulimits: into('ulimits', normaliseUlimits),
  use_api_socket: into('use_api_socket', bool),
  user: into('user', str),
  userns_mode: into('userns_mode', str),
  uts: into('uts', str),
  volumes: into('volumes', normaliseMounts),
  volumes_from: into('volumes_from', list),
  working_dir: into('working_dir', str),
};

/** Keys handled outside the table: environment/env_file together; extends is resolved by the loader. */
const SPECIAL = new Set(['environment', 'env_file', 'extends']);

function serviceModels(raw: unknown, path: KeyPath, scope: Scope): ServiceSpec['models'] {
  const out: NonNullable<ServiceSpec['models']> = {};
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      if (typeof item === 'string' && item !== '') setEntry(out, item, null);
      else scope.invalid([...path, i], `expected a model name, got ${describe(item)}`);
    });
    return out;
  }
  if (!isMap(raw)) {
    scope.invalid(path, `expected a list or a mapping, got ${describe(raw)}`);
    return undefined;
  }
  for (const [name, value] of Object.entries(raw)) {
    const at = [...path, name];
    if (value === null) {
      setEntry(out, name, null);
      continue;
    }
    if (!isMap(value)) {
      scope.invalid(at, `expected a mapping or null, got ${describe(value)}`);
      continue;
    }
    reportUnknownKeys(value, new Set(['endpoint_var', 'model_var']), at, scope);
    const model: { endpoint_var?: string; model_var?: string } = {};
    for (const key of ['endpoint_var', 'model_var'] as const) {
      const v = own(value, key);
      if (v === undefined || v === null) continue;
      const s = toStr(v, [...at, key], scope);
      if (s !== undefined) model[key] = s;
    }
    copyExtensions(value, model, at, scope);
    setEntry(out, name, model);
  }
  return out;
}

function provider(raw: unknown, path: KeyPath, scope: Scope): ServiceSpec['provider'] {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping with a type, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, new Set(['type', 'options']), path, scope);
  const type = toStr(own(raw, 'type'), [...path, 'type'], scope);
  if (type === undefined) return undefined;
  const out: NonNullable<ServiceSpec['provider']> = { type };
  const options = own(raw, 'options');
  if (options !== undefined && options !== null) {
    if (!isMap(options)) scope.invalid([...path, 'options'], `expected a mapping, got ${describe(options)}`);
    else {
      const opts: NonNullable<NonNullable<ServiceSpec['provider']>['options']> = {};
      const scalar = (v: unknown): v is string | number | boolean =>
        typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
      for (const [k, v] of Object.entries(options)) {
        if (scalar(v)) setEntry(opts, k, v);
        else if (Array.isArray(v) && v.every(scalar)) setEntry(opts, k, [...v]);
        else scope.invalid([...path, 'options', k], `expected a scalar or a list of scalars, got ${describe(v)}`);
      }
      out.options = opts;
    }
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

/** 05-services.md restart: no, always, on-failure[:max-retries], unless-stopped */
const RESTART_POLICY = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

const NAMESPACE_KEYS = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

/** `service:NAME` references and links / volumes_from also order startup, as in Compose. */
function addImplicitDependencies(service: ServiceSpec, raw: RawMap, serviceNames: ReadonlySet<string>): void {
  const implicit: Array<[string, boolean]> = [];
  for (const link of service.links ?? []) implicit.push([link.split(':')[0] ?? '', true]);
  for (const key of NAMESPACE_KEYS) {
    const v = own(raw, key);
    if (typeof v === 'string' && v.startsWith('service:')) implicit.push([v.slice('service:'.length), true]);
  }
  for (const from of service.volumes_from ?? []) {
    if (!from.startsWith('container:')) implicit.push([from.split(':')[0] ?? '', false]);
  }
  for (const [name, restart] of implicit) {
    if (name === '' || !serviceNames.has(name)) continue;
    const deps: Record<string, ServiceDependencySpec> = service.depends_on ?? {};
    if (!has(deps, name)) setEntry(deps, name, { condition: 'service_started', required: true, restart });
    service.depends_on = deps;
  }
}

function checkConflicts(service: ServiceSpec, path: KeyPath, scope: Scope): void {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const pairs: Array<[keyof ServiceSpec & string, number | undefined, number | undefined, string]> = [
    ['cpus', service.cpus, limits?.cpus, 'deploy.resources.limits.cpus'],
    ['mem_limit', service.mem_limit, limits?.memory, 'deploy.resources.limits.memory'],
    ['mem_reservation', service.mem_reservation, reservations?.memory, 'deploy.resources.reservations.memory'],
    ['pids_limit', service.pids_limit, limits?.pids, 'deploy.resources.limits.pids'],
  ];
  for (const [key, a, b, other] of pairs) {
    if (a !== undefined && b !== undefined && a !== b) {
      scope.invalid([...path, key], `${key} (${a}) and ${other} (${b}) cannot have different values`);
    }
  }
  const replicas = service.deploy?.replicas;
  if (service.scale !== undefined && replicas !== undefined && service.scale !== replicas) {
    scope.invalid([...path, 'scale'], `scale (${service.scale}) and deploy.replicas (${replicas}) cannot have different values`);
  } else if (service.scale !== undefined) {
    service.deploy = { ...service.deploy, replicas: service.scale };
  } else if (replicas !== undefined) {
    service.scale = replicas;
  }
}

export function normaliseService(
  name: string,
  raw: unknown,
  serviceNames: ReadonlySet<string>,
  scope: Scope,
): ServiceSpec | undefined {
  const path = ['services', name];
  if (raw === null) raw = {};
  if (!isMap(raw)) {
    scope.invalid(path, `expected a service mapping, got ${describe(raw)}`);
    return undefined;
  }
  const service: ServiceSpec = {};
  for (const [key, value] of Object.entries(raw)) {
    if (isExtensionKey(key)) {
      const v = cloneData(value, [...path, key], scope);
      if (v !== undefined) service[key] = v;
      continue;
    }
    if (SPECIAL.has(key)) continue;
    const convert = has(CONVERTERS, key) ? CONVERTERS[key as Key] : undefined;
    if (!convert) {
      scope.invalid([...path, key], `unknown service key ${JSON.stringify(key)} is ignored`, 'warning');
      continue;
    }
    // null means "unset" (what an override's null or an empty YAML value leaves)
    if (value === null || value === undefined) continue;
    convert(value, [...path, key], scope, service);
  }
  const env = normaliseEnvironment(own(raw, 'environment'), own(raw, 'env_file'), path, scope);
  if (env.envFile) service.env_file = env.envFile;
  if (env.environment) service.environment = env.environment;

  addImplicitDependencies(service, raw, serviceNames);
  const attached = service.networks !== undefined && Object.keys(service.networks).length > 0;
  if (service.network_mode === undefined && service.provider === undefined && !attached) {
    service.networks = { default: null };
  }
  checkConflicts(service, path, scope);
  return service;
}

/** Whether a normalised service is attached to the `default` network. */
export function usesDefaultNetwork(service: ServiceSpec): boolean {
  return service.networks !== undefined && has(service.networks, 'default');
}
