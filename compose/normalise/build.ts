/**
 * `build` (build.md): a string is the context; the context becomes absolute
 * unless it is remote (URL, git reference); `dockerfile` defaults to
 * "Dockerfile" unless `dockerfile_inline` is given; args, labels and
 * additional contexts become mappings (`KEY` alone in args takes the project
 * environment's value or is dropped).
 */
import type { KeyPath } from '../issues.js';
import type { BuildSpec, Mapping } from '../spec.js';
import type { Scope } from './context.js';
import { normaliseFileRefs, normaliseExtraHosts, normaliseUlimits } from './service-parts.js';
import {
  absolutePath,
  copyExtensions,
  describe,
  isMap,
  isRemoteContext,
  own,
  reportUnknownKeys,
  setEntry,
  toBool,
  toBytes,
  toMapping,
  toStr,
  toStringList,
  type RawMap,
} from './values.js';

const BUILD_KEYS = new Set([
  'context',
  'dockerfile',
  'dockerfile_inline',
  'entitlements',
  'args',
  'ssh',
  'labels',
  'cache_from',
  'cache_to',
  'no_cache',
  'additional_contexts',
  'network',
  'provenance',
  'sbom',
  'pull',
  'target',
  'shm_size',
  'extra_hosts',
  'isolation',
  'privileged',
  'secrets',
  'tags',
  'ulimits',
  'platforms',
]);

function contextPath(context: string, scope: Scope): string {
  return isRemoteContext(context) ? context : absolutePath(context, scope);
}

/** `ssh`: `default`, `id` or `id=path` entries (paths made absolute). */
function normaliseSsh(raw: unknown, path: KeyPath, scope: Scope): string[] | undefined {
  const entries: Array<[string, string | undefined, KeyPath]> = [];
  if (typeof raw === 'string') entries.push([...splitSsh(raw), path]);
  else if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      if (typeof item === 'string') entries.push([...splitSsh(item), [...path, i]]);
      else scope.invalid([...path, i], `expected "default" or "ID=PATH", got ${describe(item)}`);
    });
  } else if (isMap(raw)) {
    for (const [id, p] of Object.entries(raw)) {
      if (p === null || p === undefined || p === '') entries.push([id, undefined, [...path, id]]);
      else if (typeof p === 'string') entries.push([id, p, [...path, id]]);
      else scope.invalid([...path, id], `expected a path, got ${describe(p)}`);
    }
  } else {
    scope.invalid(path, `expected a list or mapping, got ${describe(raw)}`);
    return undefined;
  }
  const out: string[] = [];
  for (const [id, p, at] of entries) {
    if (id === '') {
      scope.invalid(at, 'an ssh entry needs an id');
      continue;
    }
    if (p === undefined) {
      if (id !== 'default') {
        scope.invalid(at, `ssh key ${JSON.stringify(id)} needs a path (ID=PATH); only "default" stands alone`);
        continue;
      }
      out.push(id);
    } else {
      out.push(`${id}=${absolutePath(p, scope)}`);
    }
  }
  return out;
}

function splitSsh(text: string): [string, string | undefined] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

function additionalContexts(raw: unknown, path: KeyPath, scope: Scope): Mapping | undefined {
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      if (typeof item !== 'string' || !item.includes('=')) {
        scope.invalid([...path, i], `expected "NAME=CONTEXT", got ${describe(item)}`);
      }
    });
  }
  const usable = Array.isArray(raw) ? raw.filter((x) => typeof x === 'string' && x.includes('=')) : raw;
  const m = toMapping(usable, path, scope, 'empty');
  if (!m) return undefined;
  const out: Mapping = {};
  for (const [name, value] of Object.entries(m)) setEntry(out, name, contextPath(value, scope));
  return out;
}

export function normaliseBuild(raw: unknown, path: KeyPath, scope: Scope): BuildSpec | undefined {
  let map: RawMap;
  if (typeof raw === 'string') map = { context: raw };
  else if (isMap(raw)) map = raw;
  else {
    scope.invalid(path, `expected a build context path or a mapping, got ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(map, BUILD_KEYS, path, scope);
  const at = (key: string): KeyPath => (typeof raw === 'string' ? path : [...path, key]);
  const rawContext = own(map, 'context');
  let context = '.';
  if (rawContext !== undefined && rawContext !== null) {
    const c = toStr(rawContext, at('context'), scope);
    if (c !== undefined) context = c;
  }
  const build: BuildSpec = { context: contextPath(context === '' ? '.' : context, scope) };
  for (const key of ['dockerfile', 'dockerfile_inline', 'network', 'target', 'isolation'] as const) {
    const v = own(map, key);
    if (v === undefined || v === null) continue;
    const s = toStr(v, at(key), scope);
    if (s !== undefined) build[key] = s;
  }
  if (build.dockerfile !== undefined && build.dockerfile_inline !== undefined) {
    scope.invalid(at('dockerfile_inline'), 'dockerfile and dockerfile_inline cannot both be set');
  }
  if (build.dockerfile === undefined && build.dockerfile_inline === undefined) build.dockerfile = 'Dockerfile';
  for (const key of ['cache_from', 'cache_to', 'tags', 'platforms', 'entitlements'] as const) {
    const v = own(map, key);
    if (v === undefined || v === null) continue;
    const list = toStringList(v, at(key), scope);
    if (list) build[key] = list;
  }
  for (const key of ['no_cache', 'pull', 'privileged'] as const) {
    const v = own(map, key);
    if (v === undefined || v === null) continue;
    const b = toBool(v, at(key), scope);
    if (b !== undefined) build[key] = b;
  }
  for (const key of ['provenance', 'sbom'] as const) {
    const v = own(map, key);
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' || typeof v === 'boolean') build[key] = v;
    else scope.invalid(at(key), `expected a string or boolean, got ${describe(v)}`);
  }
  const args = own(map, 'args');
  if (args !== undefined && args !== null) {
    const m = toMapping(args, at('args'), scope, 'from-env');
    if (m) build.args = m;
  }
  const labels = own(map, 'labels');
  if (labels !== undefined && labels !== null) {
    const m = toMapping(labels, at('labels'), scope, 'empty');
    if (m) build.labels = m;
  }
  const contexts = own(map, 'additional_contexts');
  if (contexts !== undefined && contexts !== null) {
    const m = additionalContexts(contexts, at('additional_contexts'), scope);
    if (m) build.additional_contexts = m;
  }
  const ssh = own(map, 'ssh');
  if (ssh !== undefined && ssh !== null) {
    const s = normaliseSsh(ssh, at('ssh'), scope);
    if (s) build.ssh = s;
  }
  const shm = own(map, 'shm_size');
  if (shm !== undefined && shm !== null) {
    const b = toBytes(shm, at('shm_size'), scope);
    if (b !== undefined) build.shm_size = b;
  }
  const hosts = own(map, 'extra_hosts');
  if (hosts !== undefined && hosts !== null) {
    const h = normaliseExtraHosts(hosts, at('extra_hosts'), scope);
    if (h) build.extra_hosts = h;
  }
  const secrets = own(map, 'secrets');
  if (secrets !== undefined && secrets !== null) {
    const s = normaliseFileRefs(secrets, at('secrets'), scope);
    if (s) build.secrets = s;
  }
  const ulimits = own(map, 'ulimits');
  if (ulimits !== undefined && ulimits !== null) {
    const u = normaliseUlimits(ulimits, at('ulimits'), scope);
    if (u) build.ulimits = u;
  }
  copyExtensions(map, build, path, scope);
  return build;
}
