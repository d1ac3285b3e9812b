/**
 * compose/normalise: the merged raw compose document → the normalised model
 * (long syntax, converted values, absolute paths, names, defaults), as
 * `docker compose config` prints it. Problems are reported through
 * `ctx.report` with the raw key path; nothing here throws on bad input.
 */
import type { KeyPath } from '../issues.js';
import type { ComposeModel } from '../spec.js';
import { Scope, type NormaliseContext } from './context.js';
import { rawPathOf } from './provenance.js';
import { normaliseConfig, normaliseModel, normaliseNetwork, normaliseSecret, normaliseVolume } from './resources.js';
import { normaliseService, usesDefaultNetwork } from './service.js';
import { cloneData, compareKeys, describe, isExtensionKey, isMap, own, setEntry, sortKeysDeep, type RawMap } from './values.js';

export type { NormaliseContext } from './context.js';
export { rawPathOf };
export { parsePortSpec } from './ports.js';
export { splitShellWords } from './shell-words.js';
export { formatDuration, parseBytes, parseDuration } from './units.js';

/** Top-level keys the loader consumes before normalisation (or that Compose ignores). */
const CONSUMED = new Set(['version', 'name', 'include']);
const SECTIONS = new Set(['services', 'networks', 'volumes', 'secrets', 'configs', 'models']);

function section(raw: RawMap, key: string, scope: Scope): RawMap {
  const v = own(raw, key);
  if (v === undefined || v === null) return {};
  if (isMap(v)) return v;
  scope.invalid([key], `expected a mapping, got ${describe(v)}`);
  return {};
}

function sortedKeys(map: RawMap): string[] {
  return Object.keys(map).sort(compareKeys);
}

/** Runs `work`; an unexpected exception becomes a reported issue instead of aborting the whole load. */
function guarded<T>(path: KeyPath, scope: Scope, work: () => T): T | undefined {
  try {
    return work();
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    scope.invalid(path, `internal error while normalising this entry (please report it): ${detail}`);
    return undefined;
  }
}

/** Normalises each entry of a top-level section, in key order; entries that fail are left out. */
function entries<T extends object>(
  map: RawMap,
  keys: string[],
  section: string,
  scope: Scope,
  normalise: (key: string, raw: unknown) => T | undefined,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of keys) {
    const value = guarded([section, key], scope, () => normalise(key, own(map, key) ?? null));
    if (value) setEntry(out, key, sortKeysDeep(value));
  }
  return out;
}

export function normaliseProject(raw: Record<string, unknown>, ctx: NormaliseContext): ComposeModel {
  const scope = new Scope(ctx);
  if (!isMap(raw)) {
    scope.invalid([], `expected a compose document (a mapping), got ${describe(raw)}`);
    return { name: ctx.projectName, services: {}, networks: {}, volumes: {}, secrets: {}, configs: {}, extensions: {} };
  }

  const rawServices = section(raw, 'services', scope);
  const serviceNames = new Set(Object.keys(rawServices));
  const services = entries(rawServices, sortedKeys(rawServices), 'services', scope, (name, s) =>
    normaliseService(name, s, serviceNames, scope),
  );

  const rawNetworks = section(raw, 'networks', scope);
  const networkKeys = sortedKeys(rawNetworks);
  // the implicit default network exists only when some service uses it
  if (!networkKeys.includes('default') && Object.values(services).some(usesDefaultNetwork)) {
    networkKeys.push('default');
    networkKeys.sort(compareKeys);
  }
  const rawVolumes = section(raw, 'volumes', scope);
  const rawSecrets = section(raw, 'secrets', scope);
  const rawConfigs = section(raw, 'configs', scope);
  const networks = entries(rawNetworks, networkKeys, 'networks', scope, (k, v) => normaliseNetwork(k, v, scope));
  const volumes = entries(rawVolumes, sortedKeys(rawVolumes), 'volumes', scope, (k, v) => normaliseVolume(k, v, scope));
  const secrets = entries(rawSecrets, sortedKeys(rawSecrets), 'secrets', scope, (k, v) => normaliseSecret(k, v, scope));
  const configs = entries(rawConfigs, sortedKeys(rawConfigs), 'configs', scope, (k, v) => normaliseConfig(k, v, scope));
  let models: ComposeModel['models'];
  if (own(raw, 'models') !== undefined) {
    const rawModels = section(raw, 'models', scope);
    models = entries(rawModels, sortedKeys(rawModels), 'models', scope, (k, v) => normaliseModel(k, v, scope));
  }
  const extensions: Record<string, unknown> = {};
  for (const key of sortedKeys(raw)) {
    if (isExtensionKey(key)) {
      const v = cloneData(raw[key], [key], scope);
      if (v !== undefined) setEntry<unknown>(extensions, key, sortKeysDeep(v));
    } else if (!SECTIONS.has(key) && !CONSUMED.has(key)) {
      scope.invalid([key], `unknown top-level key ${JSON.stringify(key)} is ignored`, 'warning');
    }
  }
  // in the order `orc config` prints the sections
  return {
    name: ctx.projectName,
    services,
    networks,
    volumes,
    secrets,
    configs,
    ...(models ? { models } : {}),
    extensions,
  };
}
