/**
 * `deploy` (deploy.md): numbers, byte sizes and durations converted, labels
 * as a mapping, device requests with their default count.
 */
import type { KeyPath } from '../issues.js';
import type {
  DeploySpec,
  GenericResourceSpec,
  PlacementSpec,
  ResourceSpec,
  RestartPolicySpec,
  UpdateConfigSpec,
} from '../spec.js';
import type { Scope } from './context.js';
import { normaliseDeviceRequests } from './service-parts.js';
import {
  copyExtensions,
  describe,
  isMap,
  own,
  reportUnknownKeys,
  toBytes,
  toDuration,
  toEnum,
  toInt,
  toMapping,
  toNumber,
  toStr,
  toStringList,
  type RawMap,
} from './values.js';

const DEPLOY_KEYS = new Set([
  'mode',
  'endpoint_mode',
  'replicas',
  'labels',
  'rollback_config',
  'update_config',
  'resources',
  'restart_policy',
  'placement',
]);

function sub(raw: RawMap, key: string, path: KeyPath, scope: Scope): RawMap | undefined {
  const v = own(raw, key);
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) {
    scope.invalid([...path, key], `expected a mapping, got ${describe(v)}`);
    return undefined;
  }
  return v;
}

function updateConfig(raw: RawMap, path: KeyPath, scope: Scope): UpdateConfigSpec {
  const keys = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];
  reportUnknownKeys(raw, new Set(keys), path, scope);
  const out: UpdateConfigSpec = {};
  const parallelism = own(raw, 'parallelism');
  if (parallelism !== undefined && parallelism !== null) {
    const n = toInt(parallelism, [...path, 'parallelism'], scope, { min: 0 });
    if (n !== undefined) out.parallelism = n;
  }
  for (const key of ['delay', 'monitor'] as const) {
    const v = own(raw, key);
    if (v === undefined || v === null) continue;
    const d = toDuration(v, [...path, key], scope);
    if (d !== undefined) out[key] = d;
  }
  const action = own(raw, 'failure_action');
  if (action !== undefined && action !== null) {
    const s = toStr(action, [...path, 'failure_action'], scope);
    if (s !== undefined) out.failure_action = s;
  }
  const ratio = own(raw, 'max_failure_ratio');
  if (ratio !== undefined && ratio !== null) {
    const n = toNumber(ratio, [...path, 'max_failure_ratio'], scope, { min: 0 });
    if (n !== undefined) out.max_failure_ratio = n;
  }
  const order = own(raw, 'order');
  if (order !== undefined && order !== null) {
    const o = toEnum(order, ['start-first', 'stop-first'] as const, [...path, 'order'], scope);
    if (o) out.order = o;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

function restartPolicy(raw: RawMap, path: KeyPath, scope: Scope): RestartPolicySpec {
  reportUnknownKeys(raw, new Set(['condition', 'delay', 'max_attempts', 'window']), path, scope);
  const out: RestartPolicySpec = {};
  const condition = own(raw, 'condition');
  if (condition !== undefined && condition !== null) {
    const s = toStr(condition, [...path, 'condition'], scope);
    if (s !== undefined) out.condition = s;
  }
  for (const key of ['delay', 'window'] as const) {
    const v = own(raw, key);
    if (v === undefined || v === null) continue;
    const d = toDuration(v, [...path, key], scope);
    if (d !== undefined) out[key] = d;
  }
  const attempts = own(raw, 'max_attempts');
  if (attempts !== undefined && attempts !== null) {
    const n = toInt(attempts, [...path, 'max_attempts'], scope, { min: 0 });
    if (n !== undefined) out.max_attempts = n;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

function placement(raw: RawMap, path: KeyPath, scope: Scope): PlacementSpec {
  reportUnknownKeys(raw, new Set(['constraints', 'preferences', 'max_replicas_per_node']), path, scope);
  const out: PlacementSpec = {};
  const constraints = own(raw, 'constraints');
  if (constraints !== undefined && constraints !== null) {
    const list = toStringList(constraints, [...path, 'constraints'], scope);
    if (list) out.constraints = list;
  }
  const preferences = own(raw, 'preferences');
  if (preferences !== undefined && preferences !== null) {
    if (!Array.isArray(preferences)) scope.invalid([...path, 'preferences'], `expected a list, got ${describe(preferences)}`);
    else {
      const list: NonNullable<PlacementSpec['preferences']> = [];
      preferences.forEach((item, i) => {
        const at = [...path, 'preferences', i];
        if (!isMap(item)) {
          scope.invalid(at, `expected a mapping such as {spread: node.labels.zone}, got ${describe(item)}`);
          return;
        }
        reportUnknownKeys(item, new Set(['spread']), at, scope);
        const pref: { spread?: string } = {};
        const spread = own(item, 'spread');
        if (spread !== undefined && spread !== null) {
          const s = toStr(spread, [...at, 'spread'], scope);
          if (s !== undefined) pref.spread = s;
        }
        copyExtensions(item, pref, at, scope);
        list.push(pref);
      });
      out.preferences = list;
    }
  }
  const max = own(raw, 'max_replicas_per_node');
  if (max !== undefined && max !== null) {
    const n = toInt(max, [...path, 'max_replicas_per_node'], scope, { min: 0 });
    if (n !== undefined) out.max_replicas_per_node = n;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

function genericResources(raw: unknown, path: KeyPath, scope: Scope): GenericResourceSpec[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list, got ${describe(raw)}`);
    return undefined;
  }
  const out: GenericResourceSpec[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    if (!isMap(item)) {
      scope.invalid(at, `expected a mapping, got ${describe(item)}`);
      return;
    }
    reportUnknownKeys(item, new Set(['discrete_resource_spec']), at, scope);
    const res: GenericResourceSpec = {};
    const spec = sub(item, 'discrete_resource_spec', at, scope);
    if (spec) {
      const specAt = [...at, 'discrete_resource_spec'];
      reportUnknownKeys(spec, new Set(['kind', 'value']), specAt, scope);
      const d: NonNullable<GenericResourceSpec['discrete_resource_spec']> = {};
      const kind = own(spec, 'kind');
      if (kind !== undefined && kind !== null) {
        const s = toStr(kind, [...specAt, 'kind'], scope);
        if (s !== undefined) d.kind = s;
      }
      const value = own(spec, 'value');
      if (value !== undefined && value !== null) {
        const n = toNumber(value, [...specAt, 'value'], scope);
        if (n !== undefined) d.value = n;
      }
      copyExtensions(spec, d, specAt, scope);
      res.discrete_resource_spec = d;
    }
    copyExtensions(item, res, at, scope);
    out.push(res);
  });
  return out;
}

function resource(raw: RawMap, path: KeyPath, scope: Scope, reservation: boolean): ResourceSpec {
  const keys = reservation ? ['cpus', 'memory', 'generic_resources', 'devices'] : ['cpus', 'memory', 'pids'];
  reportUnknownKeys(raw, new Set(keys), path, scope);
  const out: ResourceSpec = {};
  const cpus = own(raw, 'cpus');
  if (cpus !== undefined && cpus !== null) {
    const n = toNumber(cpus, [...path, 'cpus'], scope, { min: 0 });
    if (n !== undefined) out.cpus = n;
  }
  const memory = own(raw, 'memory');
  if (memory !== undefined && memory !== null) {
    const b = toBytes(memory, [...path, 'memory'], scope);
    if (b !== undefined) out.memory = b;
  }
  const pids = own(raw, 'pids');
  if (pids !== undefined && pids !== null) {
    const n = toInt(pids, [...path, 'pids'], scope, { min: -1 });
    if (n !== undefined) out.pids = n;
  }
  const devices = own(raw, 'devices');
  if (devices !== undefined && devices !== null) {
    const d = normaliseDeviceRequests(devices, [...path, 'devices'], scope);
    if (d) out.devices = d;
  }
  const generic = own(raw, 'generic_resources');
  if (generic !== undefined && generic !== null) {
    const g = genericResources(generic, [...path, 'generic_resources'], scope);
    if (g) out.generic_resources = g;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

export function normaliseDeploy(raw: unknown, path: KeyPath, scope: Scope): DeploySpec | undefined {
  if (!isMap(raw)) {
    scope.invalid(path, `expected a mapping, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, DEPLOY_KEYS, path, scope);
  const out: DeploySpec = {};
  for (const key of ['mode', 'endpoint_mode'] as const) {
    const v = own(raw, key);
    if (v === undefined || v === null) continue;
    const s = toStr(v, [...path, key], scope);
    if (s !== undefined) out[key] = s;
  }
  const replicas = own(raw, 'replicas');
  if (replicas !== undefined && replicas !== null) {
    const n = toInt(replicas, [...path, 'replicas'], scope, { min: 0 });
    if (n !== undefined) out.replicas = n;
  }
  const labels = own(raw, 'labels');
  if (labels !== undefined && labels !== null) {
    const m = toMapping(labels, [...path, 'labels'], scope, 'empty');
    if (m) out.labels = m;
  }
  for (const key of ['update_config', 'rollback_config'] as const) {
    const m = sub(raw, key, path, scope);
    if (m) out[key] = updateConfig(m, [...path, key], scope);
  }
  const policy = sub(raw, 'restart_policy', path, scope);
  if (policy) out.restart_policy = restartPolicy(policy, [...path, 'restart_policy'], scope);
  const place = sub(raw, 'placement', path, scope);
  if (place) out.placement = placement(place, [...path, 'placement'], scope);
  const resources = sub(raw, 'resources', path, scope);
  if (resources) {
    const at = [...path, 'resources'];
    reportUnknownKeys(resources, new Set(['limits', 'reservations']), at, scope);
    const res: NonNullable<DeploySpec['resources']> = {};
    const limits = sub(resources, 'limits', at, scope);
    if (limits) res.limits = resource(limits, [...at, 'limits'], scope, false);
    const reservations = sub(resources, 'reservations', at, scope);
    if (reservations) res.reservations = resource(reservations, [...at, 'reservations'], scope, true);
    copyExtensions(resources, res, at, scope);
    out.resources = res;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}
