/**
 * Normalisers for the service keys that have a short and a long form or need
 * conversion (05-services.md): commands, healthcheck, depends_on, networks,
 * secrets/configs, extra_hosts, ulimits, devices, device requests, logging,
 * blkio_config, lifecycle hooks, develop.
 */
import type { KeyPath } from '../issues.js';
import type {
  BlkioConfigSpec,
  DependencyCondition,
  DevelopSpec,
  DeviceMappingSpec,
  DeviceRequestSpec,
  HealthcheckSpec,
  LoggingSpec,
  ServiceDependencySpec,
  ServiceFileRefSpec,
  ServiceHookSpec,
  ServiceNetworkSpec,
  ThrottleDeviceSpec,
  Ulimit,
  WatchRuleSpec,
} from '../spec.js';
import type { Scope } from './context.js';
import { toFileMode } from './mounts.js';
import { recordOrigin } from './provenance.js';
import { splitShellWords } from './shell-words.js';
import {
  absolutePath,
  compareKeys,
  copyExtensions,
  describe,
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
  toOptions,
  toStr,
  toStringList,
} from './values.js';

/** `command` / `entrypoint`: a string is split like a shell would; a list is kept. */
export function normaliseCommand(raw: unknown, path: KeyPath, scope: Scope): string[] | undefined {
  if (typeof raw === 'string') {
    const split = splitShellWords(raw);
    if ('error' in split) {
      scope.invalid(path, `cannot split command ${describe(raw)}: ${split.error}`);
      return undefined;
    }
    return split.words;
  }
  return toStringList(raw, path, scope);
}

const HEALTH_KEYS = new Set(['disable', 'interval', 'retries', 'test', 'timeout', 'start_period', 'start_interval']);

export function normaliseHealthcheck(raw: unknown, path: KeyPath, scope: Scope): HealthcheckSpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, HEALTH_KEYS, path, scope);
  const out: HealthcheckSpec = {};
  const test = own(raw, 'test');
  if (test !== undefined && test !== null) {
    if (typeof test === 'string') out.test = ['CMD-SHELL', test];
    else {
      const list = toStringList(test, [...path, 'test'], scope);
      if (list) {
        const first = list[0];
        if (first !== undefined && first !== 'CMD' && first !== 'CMD-SHELL' && first !== 'NONE') {
          scope.invalid([...path, 'test'], 'healthcheck.test must start with "CMD", "CMD-SHELL" or "NONE"');
        } else out.test = list;
      }
    }
  }
  const disable = own(raw, 'disable');
  if (disable !== undefined && toBool(disable, [...path, 'disable'], scope) === true) {
    if (out.test !== undefined && !(out.test.length === 1 && out.test[0] === 'NONE')) {
      scope.invalid([...path, 'disable'], 'healthcheck.disable and healthcheck.test cannot both be set');
    }
    out.test = ['NONE'];
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
    const v = own(raw, key);
    if (v === undefined || v === null) continue;
    const d = toDuration(v, [...path, key], scope);
    if (d !== undefined) out[key] = d;
  }
  const retries = own(raw, 'retries');
  if (retries !== undefined && retries !== null) {
    const n = toInt(retries, [...path, 'retries'], scope, { min: 0 });
    if (n !== undefined) out.retries = n;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

const CONDITIONS: readonly DependencyCondition[] = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
];

export function normaliseDependsOn(
  raw: unknown,
  path: KeyPath,
  scope: Scope,
): Record<string, ServiceDependencySpec> | undefined {
  const out: Record<string, ServiceDependencySpec> = {};
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      if (typeof item !== 'string' || item === '') {
        scope.invalid([...path, i], `expected a service name, got ${describe(item)}`);
        return;
      }
      setEntry(out, item, { condition: 'service_started', required: true });
    });
    return out;
  }
  if (!isMap(raw)) {
    scope.invalid(path, `expected a list of services or a mapping, got ${describe(raw)}`);
    return undefined;
  }
  for (const [name, value] of Object.entries(raw)) {
    const at = [...path, name];
    const dep: ServiceDependencySpec = { condition: 'service_started', required: true };
    if (value !== null) {
      if (!isMap(value)) {
        scope.invalid(at, `expected a mapping with a condition, got ${describe(value)}`);
        continue;
      }
      reportUnknownKeys(value, new Set(['condition', 'required', 'restart']), at, scope);
      const condition = own(value, 'condition');
      if (condition !== undefined) {
        const c = toEnum(condition, CONDITIONS, [...at, 'condition'], scope);
        if (c) dep.condition = c;
      }
      const required = own(value, 'required');
      if (required !== undefined) {
        const b = toBool(required, [...at, 'required'], scope);
        if (b !== undefined) dep.required = b;
      }
      const restart = own(value, 'restart');
      if (restart !== undefined) {
        const b = toBool(restart, [...at, 'restart'], scope);
        if (b !== undefined) dep.restart = b;
      }
      copyExtensions(value, dep, at, scope);
    }
    setEntry(out, name, dep);
  }
  return out;
}

const NETWORK_ATTACH_KEYS = new Set([
  'aliases',
  'interface_name',
  'ipv4_address',
  'ipv6_address',
  'link_local_ips',
  'mac_address',
  'driver_opts',
  'priority',
  'gw_priority',
]);

/** `networks` of a service: a mapping of network name to attachment options (null when none). */
export function normaliseServiceNetworks(
  raw: unknown,
  path: KeyPath,
  scope: Scope,
): Record<string, ServiceNetworkSpec | null> | undefined {
  const out: Record<string, ServiceNetworkSpec | null> = {};
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      if (typeof item !== 'string' || item === '') scope.invalid([...path, i], `expected a network name, got ${describe(item)}`);
      else setEntry(out, item, null);
    });
    return out;
  }
  if (!isMap(raw)) {
    scope.invalid(path, `expected a list of networks or a mapping, got ${describe(raw)}`);
    return undefined;
  }
  for (const [name, value] of Object.entries(raw)) {
    const at = [...path, name];
    if (value === null || value === undefined) {
      setEntry(out, name, null);
      continue;
    }
    if (!isMap(value)) {
      scope.invalid(at, `expected a mapping or null, got ${describe(value)}`);
      continue;
    }
    reportUnknownKeys(value, NETWORK_ATTACH_KEYS, at, scope);
    const net: ServiceNetworkSpec = {};
    for (const key of ['aliases', 'link_local_ips'] as const) {
      const v = own(value, key);
      if (v === undefined || v === null) continue;
      const list = toStringList(v, [...at, key], scope);
      if (list) net[key] = list;
    }
    for (const key of ['interface_name', 'ipv4_address', 'ipv6_address', 'mac_address'] as const) {
      const v = own(value, key);
      if (v === undefined || v === null) continue;
      const s = toStr(v, [...at, key], scope);
      if (s !== undefined) net[key] = s;
    }
    for (const key of ['priority', 'gw_priority'] as const) {
      const v = own(value, key);
      if (v === undefined || v === null) continue;
      const n = toInt(v, [...at, key], scope);
      if (n !== undefined) net[key] = n;
    }
    const opts = own(value, 'driver_opts');
    if (opts !== undefined && opts !== null) {
      const o = toOptions(opts, [...at, 'driver_opts'], scope);
      if (o) net.driver_opts = o;
    }
    copyExtensions(value, net, at, scope);
    setEntry(out, name, net);
  }
  return out;
}

/** `secrets` / `configs` of a service (and build secrets): a name becomes `{source}`. */
export function normaliseFileRefs(
  raw: unknown,
  path: KeyPath,
  scope: Scope,
  defaultTarget?: (source: string) => string,
): ServiceFileRefSpec[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list, got ${describe(raw)}`);
    return undefined;
  }
  const out: ServiceFileRefSpec[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    let ref: ServiceFileRefSpec | undefined;
    if (typeof item === 'string' && item !== '') ref = { source: item };
    else if (isMap(item)) {
      reportUnknownKeys(item, new Set(['source', 'target', 'uid', 'gid', 'mode']), at, scope);
      const source = own(item, 'source');
      if (typeof source !== 'string' || source === '') {
        scope.invalid([...at, 'source'], `expected the name of a top-level entry, got ${describe(source)}`);
        return;
      }
      ref = { source };
      for (const key of ['target', 'uid', 'gid'] as const) {
        const v = own(item, key);
        if (v === undefined || v === null) continue;
        const s = toStr(v, [...at, key], scope);
        if (s !== undefined) ref[key] = s;
      }
      const mode = own(item, 'mode');
      if (mode !== undefined && mode !== null) {
        const m = toFileMode(mode, [...at, 'mode'], scope);
        if (m !== undefined) ref.mode = m;
      }
      copyExtensions(item, ref, at, scope);
    } else {
      scope.invalid(at, `expected a name or a mapping with a source, got ${describe(item)}`);
      return;
    }
    if (defaultTarget && ref.target === undefined) ref.target = defaultTarget(ref.source);
    recordOrigin(ref, at);
    out.push(ref);
  });
  return out;
}

/** `extra_hosts`: sorted `host=ip` strings, IPv6 brackets removed, one entry per address. */
export function normaliseExtraHosts(raw: unknown, path: KeyPath, scope: Scope): string[] | undefined {
  const pairs: Array<[string, string, KeyPath]> = [];
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const at = [...path, i];
      if (typeof item !== 'string') {
        scope.invalid(at, `expected "HOST=IP" or "HOST:IP", got ${describe(item)}`);
        return;
      }
      const eq = item.indexOf('=');
      const sep = eq >= 0 ? eq : item.indexOf(':');
      if (sep < 0) {
        scope.invalid(at, `missing IP address in extra host ${describe(item)}: use HOST=IP`);
        return;
      }
      for (const ip of item.slice(sep + 1).split(',')) pairs.push([item.slice(0, sep), ip, at]);
    });
  } else if (isMap(raw)) {
    for (const [host, value] of Object.entries(raw)) {
      const at = [...path, host];
      if (value === null || typeof value === 'string') pairs.push([host, value ?? '', at]);
      else if (Array.isArray(value)) {
        value.forEach((ip, i) => {
          if (typeof ip === 'string') pairs.push([host, ip, [...at, i]]);
          else scope.invalid([...at, i], `expected an IP address, got ${describe(ip)}`);
        });
      } else scope.invalid(at, `expected an IP address or a list of them, got ${describe(value)}`);
    }
  } else {
    scope.invalid(path, `expected a list or a mapping, got ${describe(raw)}`);
    return undefined;
  }
  const out: string[] = [];
  for (const [host, rawIp, at] of pairs) {
    if (host === '' || /[:=]/.test(host)) {
      scope.invalid(at, `bad host name ${JSON.stringify(host)}`);
      continue;
    }
    const ip = rawIp.length > 2 && rawIp.startsWith('[') && rawIp.endsWith(']') ? rawIp.slice(1, -1) : rawIp;
    out.push(`${host}=${ip}`);
  }
  return out.sort(compareKeys);
}

export function normaliseUlimits(raw: unknown, path: KeyPath, scope: Scope): Record<string, Ulimit> | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
    return undefined;
  }
  const out: Record<string, Ulimit> = {};
  for (const [name, value] of Object.entries(raw)) {
    const at = [...path, name];
    if (isMap(value)) {
      reportUnknownKeys(value, new Set(['soft', 'hard']), at, scope);
      const rawSoft = own(value, 'soft');
      const rawHard = own(value, 'hard');
      if (rawSoft === undefined || rawHard === undefined) {
        scope.invalid(at, 'a ulimit mapping needs both soft and hard');
        continue;
      }
      const soft = toInt(rawSoft, [...at, 'soft'], scope);
      const hard = toInt(rawHard, [...at, 'hard'], scope);
      if (soft === undefined || hard === undefined) continue;
      if (soft > hard && hard >= 0 && soft >= 0) {
        scope.invalid(at, `the soft limit (${soft}) is above the hard limit (${hard})`);
        continue;
      }
      setEntry(out, name, { soft, hard });
    } else {
      const n = toInt(value, at, scope);
      if (n !== undefined) setEntry(out, name, n);
    }
  }
  return out;
}

/** `devices`: `HOST[:CONTAINER[:PERMISSIONS]]` or long syntax. */
export function normaliseDevices(raw: unknown, path: KeyPath, scope: Scope): DeviceMappingSpec[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list, got ${describe(raw)}`);
    return undefined;
  }
  const out: DeviceMappingSpec[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    if (typeof item === 'string') {
      const parts = item.split(':');
      const source = parts[0] ?? '';
      if (parts.length > 3 || source === '') {
        scope.invalid(at, `confusing device mapping ${describe(item)}: use the long syntax`);
        return;
      }
      const target = parts[1] === undefined || parts[1] === '' ? source : parts[1];
      out.push({ permissions: parts[2] ?? 'rwm', source, target });
      return;
    }
    if (!isMap(item)) {
      scope.invalid(at, `expected a device string or mapping, got ${describe(item)}`);
      return;
    }
    reportUnknownKeys(item, new Set(['source', 'target', 'permissions']), at, scope);
    const source = own(item, 'source');
    if (typeof source !== 'string' || source === '') {
      scope.invalid([...at, 'source'], `a device needs a source path, got ${describe(source)}`);
      return;
    }
    const dev: DeviceMappingSpec = { source };
    for (const key of ['target', 'permissions'] as const) {
      const v = own(item, key);
      if (v === undefined || v === null) continue;
      const s = toStr(v, [...at, key], scope);
      if (s !== undefined) dev[key] = s;
    }
    copyExtensions(item, dev, at, scope);
    out.push(dev);
  });
  return out;
}

/** Device requests (`gpus`, `deploy.resources.reservations.devices`); count defaults to "all". */
export function normaliseDeviceRequests(raw: unknown, path: KeyPath, scope: Scope): DeviceRequestSpec[] | undefined {
  if (raw === 'all') return [{ count: 'all' }];
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list of device requests${path.at(-1) === 'gpus' ? ' or "all"' : ''}, got ${describe(raw)}`);
    return undefined;
  }
  const out: DeviceRequestSpec[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    if (!isMap(item)) {
      scope.invalid(at, `expected a mapping, got ${describe(item)}`);
      return;
    }
    reportUnknownKeys(item, new Set(['capabilities', 'count', 'device_ids', 'driver', 'options']), at, scope);
    const req: DeviceRequestSpec = {};
    for (const key of ['capabilities', 'device_ids'] as const) {
      const v = own(item, key);
      if (v === undefined || v === null) continue;
      const list = toStringList(v, [...at, key], scope);
      if (list) req[key] = list;
    }
    const count = own(item, 'count');
    if (count !== undefined && count !== null) {
      if (count === 'all') req.count = 'all';
      else {
        const n = toInt(count, [...at, 'count'], scope, { min: -1 });
        if (n !== undefined) req.count = n === -1 ? 'all' : n;
      }
    }
    const driver = own(item, 'driver');
    if (driver !== undefined && driver !== null) {
      const s = toStr(driver, [...at, 'driver'], scope);
      if (s !== undefined) req.driver = s;
    }
    const options = own(item, 'options');
    if (options !== undefined && options !== null) {
      const m = toMapping(options, [...at, 'options'], scope, 'empty');
      if (m) req.options = m;
    }
    if (req.count === undefined && req.device_ids === undefined) req.count = 'all';
    copyExtensions(item, req, at, scope);
    out.push(req);
  });
  return out;
}

export function normaliseLogging(raw: unknown, path: KeyPath, scope: Scope): LoggingSpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, new Set(['driver', 'options']), path, scope);
  const out: LoggingSpec = {};
  const driver = own(raw, 'driver');
  if (driver !== undefined && driver !== null) {
    const s = toStr(driver, [...path, 'driver'], scope);
    if (s !== undefined) out.driver = s;
  }
  const options = own(raw, 'options');
  if (options !== undefined && options !== null) {
    const o = toOptions(options, [...path, 'options'], scope);
    if (o) out.options = o;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

function throttleList(raw: unknown, path: KeyPath, scope: Scope, bytes: boolean): ThrottleDeviceSpec[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list, got ${describe(raw)}`);
    return undefined;
  }
  const out: ThrottleDeviceSpec[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    if (!isMap(item)) {
      scope.invalid(at, `expected a mapping with path and rate, got ${describe(item)}`);
      return;
    }
    reportUnknownKeys(item, new Set(['path', 'rate']), at, scope);
    const p = toStr(own(item, 'path'), [...at, 'path'], scope);
    const rawRate = own(item, 'rate');
    const rate = bytes ? toBytes(rawRate, [...at, 'rate'], scope) : toInt(rawRate, [...at, 'rate'], scope, { min: 0 });
    if (p !== undefined && rate !== undefined) out.push({ path: p, rate });
  });
  return out;
}

export function normaliseBlkio(raw: unknown, path: KeyPath, scope: Scope): BlkioConfigSpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
    return undefined;
  }
  const keys = ['device_read_bps', 'device_read_iops', 'device_write_bps', 'device_write_iops'] as const;
  reportUnknownKeys(raw, new Set<string>([...keys, 'weight', 'weight_device']), path, scope);
  const out: BlkioConfigSpec = {};
  for (const key of keys) {
    const v = own(raw, key);
    if (v === undefined || v === null) continue;
    const list = throttleList(v, [...path, key], scope, key.endsWith('bps'));
    if (list) out[key] = list;
  }
  const weight = own(raw, 'weight');
  if (weight !== undefined && weight !== null) {
    const n = toInt(weight, [...path, 'weight'], scope, { min: 0, max: 1000 });
    if (n !== undefined) out.weight = n;
  }
  const devices = own(raw, 'weight_device');
  if (devices !== undefined && devices !== null) {
    if (!Array.isArray(devices)) scope.invalid([...path, 'weight_device'], `expected a list, got ${describe(devices)}`);
    else {
      const list: Array<{ path: string; weight: number }> = [];
      devices.forEach((item, i) => {
        const at = [...path, 'weight_device', i];
        if (!isMap(item)) {
          scope.invalid(at, `expected a mapping with path and weight, got ${describe(item)}`);
          return;
        }
        reportUnknownKeys(item, new Set(['path', 'weight']), at, scope);
        const p = toStr(own(item, 'path'), [...at, 'path'], scope);
        const w = toInt(own(item, 'weight'), [...at, 'weight'], scope, { min: 0, max: 1000 });
        if (p !== undefined && w !== undefined) list.push({ path: p, weight: w });
      });
      out.weight_device = list;
    }
  }
  return out;
}

/** A lifecycle hook (`post_start`, `pre_stop`, `develop.watch[].exec`). */
export function normaliseHook(raw: unknown, path: KeyPath, scope: Scope): ServiceHookSpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping with a command, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, new Set(['command', 'user', 'privileged', 'working_dir', 'environment']), path, scope);
  const rawCommand = own(raw, 'command');
  const command =
    rawCommand === undefined || rawCommand === null ? undefined : normaliseCommand(rawCommand, [...path, 'command'], scope);
  if (command === undefined) {
    if (rawCommand === undefined || rawCommand === null) scope.invalid(path, 'a hook needs a command');
    return undefined;
  }
  const hook: ServiceHookSpec = { command };
  for (const key of ['user', 'working_dir'] as const) {
    const v = own(raw, key);
    if (v === undefined || v === null) continue;
    const s = toStr(v, [...path, key], scope);
    if (s !== undefined) hook[key] = s;
  }
  const privileged = own(raw, 'privileged');
  if (privileged !== undefined && privileged !== null) {
    const b = toBool(privileged, [...path, 'privileged'], scope);
    if (b !== undefined) hook.privileged = b;
  }
  const env = own(raw, 'environment');
  if (env !== undefined && env !== null) {
    const m = toMapping(env, [...path, 'environment'], scope, 'from-env');
    if (m) hook.environment = m;
  }
  copyExtensions(raw, hook, path, scope);
  return hook;
}

export function normaliseHooks(raw: unknown, path: KeyPath, scope: Scope): ServiceHookSpec[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list of hooks, got ${describe(raw)}`);
    return undefined;
  }
  const out: ServiceHookSpec[] = [];
  raw.forEach((item, i) => {
    const hook = normaliseHook(item, [...path, i], scope);
    if (hook) out.push(hook);
  });
  return out;
}

const WATCH_ACTIONS = ['rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'] as const;

export function normaliseDevelop(raw: unknown, path: KeyPath, scope: Scope): DevelopSpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, new Set(['watch']), path, scope);
  const out: DevelopSpec = {};
  const watch = own(raw, 'watch');
  if (watch !== undefined && watch !== null) {
    if (!Array.isArray(watch)) scope.invalid([...path, 'watch'], `expected a list, got ${describe(watch)}`);
    else {
      const rules: WatchRuleSpec[] = [];
      watch.forEach((item, i) => {
        const rule = watchRule(item, [...path, 'watch', i], scope);
        if (rule) rules.push(rule);
      });
      out.watch = rules;
    }
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

function watchRule(raw: unknown, at: KeyPath, scope: Scope): WatchRuleSpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(at, `expected a mapping with path and action, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, new Set(['path', 'action', 'target', 'ignore', 'include', 'exec', 'initial_sync']), at, scope);
  const p = own(raw, 'path');
  const action = toEnum(own(raw, 'action'), WATCH_ACTIONS, [...at, 'action'], scope);
  if (typeof p !== 'string' || p === '') {
    scope.invalid([...at, 'path'], `a watch rule needs a path, got ${describe(p)}`);
    return undefined;
  }
  if (action === undefined) return undefined;
  const rule: WatchRuleSpec = { action, path: absolutePath(p, scope) };
  const target = own(raw, 'target');
  if (target !== undefined && target !== null) {
    const s = toStr(target, [...at, 'target'], scope);
    if (s !== undefined) rule.target = s;
  }
  for (const key of ['ignore', 'include'] as const) {
    const v = own(raw, key);
    if (v === undefined || v === null) continue;
    const list = toStringList(v, [...at, key], scope, true);
    if (list) rule[key] = list;
  }
  const initial = own(raw, 'initial_sync');
  if (initial !== undefined && initial !== null) {
    const b = toBool(initial, [...at, 'initial_sync'], scope);
    if (b !== undefined) rule.initial_sync = b;
  }
  const exec = own(raw, 'exec');
  if (exec !== undefined && exec !== null) {
    const hook = normaliseHook(exec, [...at, 'exec'], scope);
    if (hook) rule.exec = hook;
  }
  copyExtensions(raw, rule, at, scope);
  return rule;
}

