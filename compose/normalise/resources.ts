/**
 * Top-level networks, volumes, secrets, configs and models (06-networks.md,
 * 07-volumes.md, 08-configs.md, 09-secrets.md). Every network, volume,
 * secret and config gets its engine-side `name`: the given name, else the key
 * when external, else `<project>_<key>`. The legacy `external: {name: x}`
 * becomes `external: true, name: x`. File paths become absolute.
 */
import type { KeyPath } from '../issues.js';
import type { ConfigSpec, IpamPoolSpec, IpamSpec, Mapping, ModelSpec, NetworkSpec, SecretSpec, VolumeSpec } from '../spec.js';
import type { Scope } from './context.js';
import {
  absolutePath,
  copyExtensions,
  describe,
  has,
  isMap,
  own,
  reportUnknownKeys,
  setEntry,
  toBool,
  toInt,
  toMapping,
  toOptions,
  toStr,
  toStringList,
  type RawMap,
} from './values.js';

type Identity = { name: string; external?: boolean };

/** `name` and `external` of a top-level entry. */
function identity(raw: RawMap, key: string, path: KeyPath, scope: Scope): Identity {
  let external = false;
  let legacyName: string | undefined;
  const rawExternal = own(raw, 'external');
  if (isMap(rawExternal)) {
    external = true;
    reportUnknownKeys(rawExternal, new Set(['name']), [...path, 'external'], scope);
    const n = own(rawExternal, 'name');
    if (n !== undefined) legacyName = toStr(n, [...path, 'external', 'name'], scope);
  } else if (rawExternal !== undefined && rawExternal !== null) {
    external = toBool(rawExternal, [...path, 'external'], scope) ?? false;
  }
  let name: string | undefined;
  const rawName = own(raw, 'name');
  if (rawName !== undefined && rawName !== null) name = toStr(rawName, [...path, 'name'], scope);
  if (legacyName !== undefined && name !== undefined && legacyName !== name) {
    scope.invalid([...path, 'external', 'name'], `name (${name}) and external.name (${legacyName}) conflict: only use name`);
  }
  name ??= legacyName;
  if (name === undefined || name === '') name = external ? key : `${scope.ctx.projectName}_${key}`;
  return external ? { name, external: true } : { name };
}

function optionalString<T extends object>(raw: RawMap, key: string & keyof T, out: T, path: KeyPath, scope: Scope): void {
  const v = own(raw, key);
  if (v === undefined || v === null) return;
  const s = toStr(v, [...path, key], scope);
  if (s !== undefined) (out as Record<string, unknown>)[key] = s;
}

function optionalBool<T extends object>(raw: RawMap, key: string & keyof T, out: T, path: KeyPath, scope: Scope): void {
  const v = own(raw, key);
  if (v === undefined || v === null) return;
  const b = toBool(v, [...path, key], scope);
  if (b !== undefined) (out as Record<string, unknown>)[key] = b;
}

function optionalLabels(raw: RawMap, out: { labels?: Mapping }, path: KeyPath, scope: Scope): void {
  const v = own(raw, 'labels');
  if (v === undefined || v === null) return;
  const m = toMapping(v, [...path, 'labels'], scope, 'empty');
  if (m) out.labels = m;
}

function optionalOptions<T extends object>(
  raw: RawMap,
  key: ('driver_opts' | 'options') & keyof T,
  out: T,
  path: KeyPath,
  scope: Scope,
): void {
  const v = own(raw, key);
  if (v === undefined || v === null) return;
  const m = toOptions(v, [...path, key], scope);
  if (m) (out as Record<string, unknown>)[key] = m;
}

function ipam(raw: unknown, path: KeyPath, scope: Scope): IpamSpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, new Set(['driver', 'config', 'options']), path, scope);
  const out: IpamSpec = {};
  optionalString(raw, 'driver', out, path, scope);
  optionalOptions(raw, 'options', out, path, scope);
  const config = own(raw, 'config');
  if (config !== undefined && config !== null) {
    if (!Array.isArray(config)) scope.invalid([...path, 'config'], `expected a list, got ${describe(config)}`);
    else {
      const pools: IpamPoolSpec[] = [];
      config.forEach((item, i) => {
        const at = [...path, 'config', i];
        if (!isMap(item)) {
          scope.invalid(at, `expected a mapping with a subnet, got ${describe(item)}`);
          return;
        }
        reportUnknownKeys(item, new Set(['subnet', 'ip_range', 'gateway', 'aux_addresses']), at, scope);
        const pool: IpamPoolSpec = {};
        for (const key of ['subnet', 'ip_range', 'gateway'] as const) optionalString(item, key, pool, at, scope);
        const aux = own(item, 'aux_addresses');
        if (aux !== undefined && aux !== null) {
          const m = toOptions(aux, [...at, 'aux_addresses'], scope);
          if (m) pool.aux_addresses = m;
        }
        copyExtensions(item, pool, at, scope);
        pools.push(pool);
      });
      out.config = pools;
    }
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

const NETWORK_KEYS = new Set([
  'name',
  'driver',
  'driver_opts',
  'ipam',
  'external',
  'internal',
  'enable_ipv4',
  'enable_ipv6',
  'attachable',
  'labels',
]);

export function normaliseNetwork(key: string, raw: unknown, scope: Scope): NetworkSpec | undefined {
  const path = ['networks', key];
  const map = entryMap(raw, path, scope);
  if (!map) return undefined;
  reportUnknownKeys(map, NETWORK_KEYS, path, scope);
  const out: NetworkSpec = identity(map, key, path, scope);
  optionalString(map, 'driver', out, path, scope);
  optionalOptions(map, 'driver_opts', out, path, scope);
  for (const k of ['internal', 'attachable', 'enable_ipv4', 'enable_ipv6'] as const) optionalBool(map, k, out, path, scope);
  optionalLabels(map, out, path, scope);
  const rawIpam = own(map, 'ipam');
  if (rawIpam !== undefined && rawIpam !== null) {
    const i = ipam(rawIpam, [...path, 'ipam'], scope);
    if (i) out.ipam = i;
  }
  copyExtensions(map, out, path, scope);
  return out;
}

export function normaliseVolume(key: string, raw: unknown, scope: Scope): VolumeSpec | undefined {
  const path = ['volumes', key];
  const map = entryMap(raw, path, scope);
  if (!map) return undefined;
  reportUnknownKeys(map, new Set(['name', 'driver', 'driver_opts', 'external', 'labels']), path, scope);
  const out: VolumeSpec = identity(map, key, path, scope);
  optionalString(map, 'driver', out, path, scope);
  optionalOptions(map, 'driver_opts', out, path, scope);
  optionalLabels(map, out, path, scope);
  // a local volume that is really a bind mount: its device path is relative to the project
  const opts = out.driver_opts;
  if ((out.driver === undefined || out.driver === 'local') && opts && opts['o'] === 'bind' && has(opts, 'device')) {
    setEntry(opts, 'device', absolutePath(opts['device'] ?? '', scope));
  }
  copyExtensions(map, out, path, scope);
  return out;
}

export function normaliseSecret(key: string, raw: unknown, scope: Scope): SecretSpec | undefined {
  const path = ['secrets', key];
  const map = entryMap(raw, path, scope);
  if (!map) return undefined;
  reportUnknownKeys(
    map,
    new Set(['name', 'environment', 'file', 'content', 'external', 'labels', 'driver', 'driver_opts', 'template_driver']),
    path,
    scope,
  );
  const out: SecretSpec = identity(map, key, path, scope);
  fileObject(map, out, path, scope);
  optionalString(map, 'driver', out, path, scope);
  optionalOptions(map, 'driver_opts', out, path, scope);
  copyExtensions(map, out, path, scope);
  return out;
}

export function normaliseConfig(key: string, raw: unknown, scope: Scope): ConfigSpec | undefined {
  const path = ['configs', key];
  const map = entryMap(raw, path, scope);
  if (!map) return undefined;
  const keys = ['name', 'environment', 'file', 'content', 'external', 'labels', 'template_driver'];
  reportUnknownKeys(map, new Set(keys), path, scope);
  const out: ConfigSpec = identity(map, key, path, scope);
  fileObject(map, out, path, scope);
  copyExtensions(map, out, path, scope);
  return out;
}

/** The parts secrets and configs share: where the content comes from, labels, template driver. */
function fileObject(map: RawMap, out: SecretSpec | ConfigSpec, path: KeyPath, scope: Scope): void {
  const file = own(map, 'file');
  if (file !== undefined && file !== null) {
    const f = toStr(file, [...path, 'file'], scope);
    if (f !== undefined) out.file = absolutePath(f, scope);
  }
  optionalString(map, 'environment', out, path, scope);
  optionalString(map, 'content', out, path, scope);
  optionalString(map, 'template_driver', out, path, scope);
  optionalLabels(map, out, path, scope);
}

export function normaliseModel(key: string, raw: unknown, scope: Scope): ModelSpec | undefined {
  const path = ['models', key];
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping with a model, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, new Set(['name', 'model', 'context_size', 'runtime_flags']), path, scope);
  const model = toStr(own(raw, 'model'), [...path, 'model'], scope);
  if (model === undefined) return undefined;
  const out: ModelSpec = { model };
  optionalString(raw, 'name', out, path, scope);
  const size = own(raw, 'context_size');
  if (size !== undefined && size !== null) {
    const n = toInt(size, [...path, 'context_size'], scope, { min: 0 });
    if (n !== undefined) out.context_size = n;
  }
  const flags = own(raw, 'runtime_flags');
  if (flags !== undefined && flags !== null) {
    const l = toStringList(flags, [...path, 'runtime_flags'], scope);
    if (l) out.runtime_flags = l;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

/** A top-level entry's mapping; null (`db:` with nothing under it) is an empty one. */
function entryMap(raw: unknown, path: KeyPath, scope: Scope): RawMap | undefined {
  if (raw === null || raw === undefined) return {};
  if (isMap(raw)) return raw;
  scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
  return undefined;
}
