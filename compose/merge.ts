/**
 * Merging compose documents by the rules of the Compose spec (13-merge.md):
 * mappings merge, sequences append, a few keys replace (command, entrypoint,
 * healthcheck.test), sequences of things with an identity merge by that
 * identity (ports, volumes, secrets, configs, expose, dns, …), list-or-mapping
 * keys (environment, labels, depends_on, networks, …) merge as mappings, and
 * the `!reset` / `!override` tags remove or replace what came before.
 * The same rules serve override files and `extends`.
 */
import { carryKey, carryNode, mergedFrom } from './source-map.js';
import { Override, RESET, type Data, type DataMap } from './yaml-source.js';

type Rule = 'replace' | 'mapping' | { unique: (item: Data) => string };

const byValue = { unique: (item: Data): string => (typeof item === 'string' ? item : JSON.stringify(item)) };

/** Rules for keys of a service, by key path below the service. */
const SERVICE_RULES: Record<string, Rule> = {
  command: 'replace',
  entrypoint: 'replace',
  'healthcheck.test': 'replace',
  ports: { unique: portKey },
  volumes: { unique: volumeKey },
  secrets: { unique: sourceKey },
  configs: { unique: sourceKey },
  env_file: { unique: (item) => (isMap(item) ? String(item['path']) : String(item)) },
  devices: { unique: deviceKey },
  expose: byValue,
  dns: byValue,
  dns_search: byValue,
  dns_opt: byValue,
  tmpfs: byValue,
  cap_add: byValue,
  cap_drop: byValue,
  security_opt: byValue,
  external_links: byValue,
  links: byValue,
  volumes_from: byValue,
  group_add: byValue,
  device_cgroup_rules: byValue,
  profiles: byValue,
  label_file: byValue,
  extra_hosts: 'mapping',
  environment: 'mapping',
  labels: 'mapping',
  annotations: 'mapping',
  sysctls: 'mapping',
  depends_on: 'mapping',
  networks: 'mapping',
  'build.args': 'mapping',
  'build.labels': 'mapping',
  'deploy.labels': 'mapping',
};

/** Keys whose short form is a string standing for a mapping. */
const STRING_TO_MAP: Record<string, string> = { build: 'context' };

export function isMap(v: unknown): v is DataMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Override);
}

function setKey(out: DataMap, key: string, value: Data): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Merges a whole compose document `over` onto `base` (neither is modified). */
export function mergeDocuments(base: DataMap, over: DataMap): DataMap {
  const out: DataMap = {};
  carryNode(base, out);
  for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
    const b = base[key];
    const o = over[key];
    const has = Object.prototype.hasOwnProperty.call(over, key);
    const from = has ? over : base;
    let value: Data | undefined;
    if (!has) value = b;
    else if (o === RESET) value = undefined;
    else if (o instanceof Override || b === undefined || !isMap(b) || !isMap(o)) value = mergeValue(b, o, [], {});
    else if (key === 'services') value = mergeNamed(b, o, mergeService);
    else if (key === 'include') value = mergeValue(b, o, [], {});
    else value = mergeNamed(b, o, (x, y) => mergeValue(x, y, [], {}));
    if (value !== undefined) {
      setKey(out, key, value);
      carryKey(from, key, out, key);
    }
  }
  return out;
}

/** Merges two mappings of named definitions (services, networks, …). */
function mergeNamed(base: DataMap, over: DataMap, merge: (b: Data, o: Data) => Data): DataMap {
  const out: DataMap = {};
  mergedFrom(out, [over, base]);
  for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
    const has = Object.prototype.hasOwnProperty.call(over, key);
    const o = over[key];
    if (has && o === RESET) continue;
    const b = base[key];
    setKey(out, key, !has ? (b as Data) : b === undefined ? (o as Data) : merge(b, o as Data));
  }
  return out;
}

/** Merges service `over` onto service `base` (also used for `extends`). */
export function mergeService(base: Data, over: Data): Data {
  return mergeValue(base, over, [], SERVICE_RULES);
}

function mergeValue(base: Data | undefined, over: Data | undefined, path: string[], rules: Record<string, Rule>): Data {
  if (over === undefined) return base ?? null;
  if (over === RESET) return null;
  if (over instanceof Override) return over.unwrap as Data;
  if (base === undefined || base === RESET) return over;
  if (base instanceof Override) base = base.unwrap as Data;
  const name = path.join('.');
  const rule = rules[name];
  if (rule === 'replace') return over;
  if (rule === 'mapping' && (Array.isArray(base) || Array.isArray(over))) {
    if (Array.isArray(base) && Array.isArray(over) && name === 'extra_hosts') {
      return appendUnique(base, over, byValue.unique);
    }
    return mergeMaps(asMapping(base, name), asMapping(over, name), path, rules);
  }
  if (rule !== undefined && typeof rule === 'object') {
    return appendUnique(asList(base), asList(over), rule.unique);
  }
  const toMapKey = path.length === 1 ? STRING_TO_MAP[name] : undefined;
  if (toMapKey !== undefined && (isMap(base) || isMap(over))) {
    base = typeof base === 'string' ? { [toMapKey]: base } : base;
    over = typeof over === 'string' ? { [toMapKey]: over } : over;
  }
  if (isMap(base) && isMap(over)) return mergeMaps(base, over, path, rules);
  if (Array.isArray(base) && Array.isArray(over)) return appendUnique(base, over, undefined);
  return over;
}

function mergeMaps(base: DataMap, over: DataMap, path: string[], rules: Record<string, Rule>): DataMap {
  const out: DataMap = {};
  mergedFrom(out, [over, base]);
  for (const key of Object.keys(base)) {
    if (Object.prototype.hasOwnProperty.call(over, key)) continue;
    setKey(out, key, base[key] as Data);
  }
  for (const key of Object.keys(over)) {
    const o = over[key] as Data;
    if (o === RESET) continue;
    const has = Object.prototype.hasOwnProperty.call(base, key);
    setKey(out, key, has ? mergeValue(base[key], o, [...path, key], rules) : o);
  }
  return out;
}

/** Appends `over` to `base`; items with the same identity are replaced in place. */
function appendUnique(base: Data[], over: Data[], identity: ((d: Data) => string) | undefined): Data[] {
  const out: Data[] = [];
  carryNode(base, out);
  const index = new Map<string, number>();
  const push = (list: Data[], i: number): void => {
    const item = list[i] as Data;
    if (item === RESET) return;
    const key = identity?.(item);
    const at = key === undefined ? undefined : index.get(key);
    if (at !== undefined) {
      out[at] = item;
      carryKey(list, i, out, at);
      return;
    }
    if (key !== undefined) index.set(key, out.length);
    carryKey(list, i, out, out.length);
    out.push(item);
  };
  for (let i = 0; i < base.length; i++) push(base, i);
  for (let i = 0; i < over.length; i++) push(over, i);
  return out;
}

function asList(v: Data): Data[] {
  return Array.isArray(v) ? v : v === null ? [] : [v];
}

/** The mapping form of a list-or-mapping value (`KEY=VAL` items, names, `host:ip`). */
function asMapping(v: Data, name: string): DataMap {
  if (isMap(v)) return v;
  const out: DataMap = {};
  if (!Array.isArray(v)) return out;
  carryNode(v, out);
  v.forEach((item, i) => {
    if (typeof item !== 'string' && typeof item !== 'number') return;
    const text = String(item);
    let key = text;
    let value: Data = null;
    if (name === 'depends_on') value = { condition: 'service_started' };
    else if (name !== 'networks') {
      const sep = name === 'extra_hosts' ? text.search(/[=:]/) : text.indexOf('=');
      if (sep >= 0) {
        key = text.slice(0, sep);
        value = text.slice(sep + 1);
      }
    }
    setKey(out, key, value);
    carryKey(v, i, out, key);
  });
  return out;
}

/** Identity of a port: host ip, published port, container port and protocol. */
function portKey(item: Data): string {
  if (isMap(item)) {
    return `${String(item['host_ip'] ?? '')}|${String(item['published'] ?? '')}|${String(item['target'])}/${String(item['protocol'] ?? 'tcp')}`;
  }
  let text = String(item);
  let protocol = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    protocol = text.slice(slash + 1);
    text = text.slice(0, slash);
  }
  const parts = text.split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop() ?? '';
  return `${parts.join(':').replace(/^\[|\]$/g, '')}|${published}|${target}/${protocol}`;
}

/** Identity of a mount: its target path inside the container. */
function volumeKey(item: Data): string {
  if (isMap(item)) return String(item['target']);
  const parts = String(item).split(':');
  return parts.length === 1 ? (parts[0] ?? '') : (parts[1] ?? '');
}

function sourceKey(item: Data): string {
  return isMap(item) ? String(item['source']) : String(item);
}

function deviceKey(item: Data): string {
  if (isMap(item)) return String(item['target'] ?? item['source']);
  const parts = String(item).split(':');
  return parts[1] ?? parts[0] ?? '';
}

/** Removes what `!reset` left and unwraps `!override`, in place. */
export function stripMarkers(value: Data): Data {
  if (value instanceof Override) return stripMarkers(value.unwrap as Data);
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      if (value[i] === RESET) value.splice(i, 1);
      else value[i] = stripMarkers(value[i] as Data);
    }
  } else if (isMap(value)) {
    for (const key of Object.keys(value)) {
      const v = value[key] as Data;
      if (v === RESET) delete value[key];
      else value[key] = stripMarkers(v);
    }
  }
  return value;
}

/** A copy without markers, for validating a tagged file on its own. */
export function withoutMarkers(value: Data): Data {
  if (value instanceof Override) return withoutMarkers(value.unwrap as Data);
  if (Array.isArray(value)) return value.filter((v) => v !== RESET).map((v) => withoutMarkers(v));
  if (isMap(value)) {
    const out: DataMap = {};
    for (const [k, v] of Object.entries(value)) if (v !== RESET) setKey(out, k, withoutMarkers(v));
    return out;
  }
  return value;
}
