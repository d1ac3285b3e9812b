/**
 * Reading raw values defensively and converting them to the model's types.
 * Every converter reports COMPOSE_INVALID_VALUE at the value's key path and
 * returns undefined when it cannot convert, so callers simply leave the key out.
 */
import { posix } from 'node:path';
import type { KeyPath } from '../issues.js';
import type { Mapping } from '../spec.js';
import type { Scope } from './context.js';
import { carryOrigin } from './provenance.js';
import { formatDuration, parseBytes, parseDuration } from './units.js';

export type RawMap = Record<string, unknown>;

/** A plain mapping as YAML/JSON produce it (not an array, not a class instance). */
export function isMap(v: unknown): v is RawMap {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** An own property of a raw mapping (never an inherited one such as `constructor`). */
export function own(map: RawMap, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

export function has(map: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** Sets `key` even when it is `__proto__` or another name Object.prototype knows. */
export function setEntry<T>(map: Record<string, T>, key: string, value: T): void {
  // plain assignment is much faster; only `__proto__` needs defining as an own key
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

export function isExtensionKey(key: string): key is `x-${string}` {
  return key.startsWith('x-');
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isMap(v)) return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v;
}

/** Objects with their keys in alphabetical order, recursively, as Compose prints them. */
export function sortKeysDeep<T>(value: T): T {
  return sortValue(value) as T;
}

function sortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortValue);
  if (!isMap(value)) return value;
  const keys = Object.keys(value);
  const sorted = keys.slice().sort(compareKeys);
  const inOrder = keys.every((k, i) => k === sorted[i]);
  // a mapping already in order is sorted inside, in place; only others are copied
  if (inOrder) {
    for (const key of keys) {
      const v = value[key];
      if (v !== null && typeof v === 'object') setEntry<unknown>(value, key, sortValue(v));
    }
    return value;
  }
  const out: RawMap = {};
  for (const key of sorted) setEntry<unknown>(out, key, sortValue(value[key]));
  carryOrigin(value, out);
  return out;
}

/** Byte-wise order, like Go's sort.Strings (for the BMP, UTF-16 order is the same). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A copy of a pass-through value (x-* extensions and the like) that shares
 * nothing with the raw document. Values that are not data (functions,
 * symbols, class instances, cycles) are reported and left out.
 */
export function cloneData(value: unknown, path: KeyPath, scope: Scope, seen: Set<object> = new Set()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value) || isMap(value)) {
    if (seen.has(value)) {
      scope.invalid(path, 'a value refers to itself (recursive YAML alias)');
      return undefined;
    }
    seen.add(value);
    let out: unknown;
    if (Array.isArray(value)) {
      const list: unknown[] = [];
      value.forEach((item, i) => {
        const c = cloneData(item, [...path, i], scope, seen);
        if (c !== undefined) list.push(c);
      });
      out = list;
    } else {
      const map: RawMap = {};
      for (const [k, v] of Object.entries(value)) {
        const c = cloneData(v, [...path, k], scope, seen);
        if (c !== undefined) setEntry<unknown>(map, k, c);
      }
      out = map;
    }
    seen.delete(value);
    return out;
  }
  scope.invalid(path, `unsupported value of type ${typeof value}`);
  return undefined;
}

/** Copies the x-* keys of `raw` into `out`. */
export function copyExtensions(raw: RawMap, out: object, path: KeyPath, scope: Scope): void {
  for (const key of Object.keys(raw)) {
    if (!isExtensionKey(key)) continue;
    const v = cloneData(raw[key], [...path, key], scope);
    if (v !== undefined) setEntry<unknown>(out as RawMap, key, v);
  }
}

/** Reports keys of `raw` that are neither known nor x-* (only reachable when schema validation was skipped). */
export function reportUnknownKeys(raw: RawMap, known: ReadonlySet<string>, path: KeyPath, scope: Scope): void {
  for (const key of Object.keys(raw)) {
    if (known.has(key) || isExtensionKey(key)) continue;
    scope.invalid([...path, key], `unknown key ${JSON.stringify(key)} is ignored`, 'warning');
  }
}

// ---------------------------------------------------------------------------
// Scalars

const TRUE_WORDS = new Set(['true', 'y', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', 'n', 'no', 'off']);

/** A boolean, or one of the YAML 1.1 words interpolation may leave as a string. */
export function toBool(v: unknown, path: KeyPath, scope: Scope): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
  }
  scope.invalid(path, `expected a boolean (true or false), got ${describe(v)}`);
  return undefined;
}

export interface Range {
  min?: number;
  max?: number;
}

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function inRange(n: number, range: Range): boolean {
  return (range.min === undefined || n >= range.min) && (range.max === undefined || n <= range.max);
}

function rangeText(range: Range): string {
  if (range.min !== undefined && range.max !== undefined) return ` between ${range.min} and ${range.max}`;
  if (range.min !== undefined) return ` of at least ${range.min}`;
  if (range.max !== undefined) return ` of at most ${range.max}`;
  return '';
}

/** An integer: a number, or a string of digits from interpolation ("3"). */
export function toInt(v: unknown, path: KeyPath, scope: Scope, range: Range = {}): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && INT_RE.test(v.trim())) n = Number(v.trim());
  if (n === undefined || !Number.isSafeInteger(n) || !inRange(n, range)) {
    scope.invalid(path, `expected an integer${rangeText(range)}, got ${describe(v)}`);
    return undefined;
  }
  return n === 0 ? 0 : n;
}

/** A number: a number, or a decimal string from interpolation ("0.5"). */
export function toNumber(v: unknown, path: KeyPath, scope: Scope, range: Range = {}): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && FLOAT_RE.test(v.trim())) n = Number(v.trim());
  if (n === undefined || !Number.isFinite(n) || !inRange(n, range)) {
    scope.invalid(path, `expected a number${rangeText(range)}, got ${describe(v)}`);
    return undefined;
  }
  return n === 0 ? 0 : n;
}

/** A string; numbers are accepted and printed as YAML would read them. */
export function toStr(v: unknown, path: KeyPath, scope: Scope): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  scope.invalid(path, `expected a string, got ${describe(v)}`);
  return undefined;
}

/** One of a fixed set of strings. */
export function toEnum<T extends string>(
  v: unknown,
  allowed: readonly T[],
  path: KeyPath,
  scope: Scope,
): T | undefined {
  const found = allowed.find((a) => a === v);
  if (found === undefined) {
    scope.invalid(path, `expected one of ${allowed.join(', ')}, got ${describe(v)}`);
  }
  return found;
}

/** A byte size: a number of bytes, or "512m", "1.5GB", "100k" (1024-based, like Docker's RAMInBytes). */
export function toBytes(v: unknown, path: KeyPath, scope: Scope, allowUnlimited = false): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) n = Math.trunc(v);
  else if (typeof v === 'string') n = parseBytes(v.trim());
  if (n === undefined || !Number.isSafeInteger(n) || (n < 0 && !(allowUnlimited && n === -1))) {
    scope.invalid(
      path,
      `expected a byte size such as 1024, "512m" or "1.5g"${allowUnlimited ? ' (or -1)' : ''}, got ${describe(v)}`,
    );
    return undefined;
  }
  return n === 0 ? 0 : n;
}

/** A Go duration ("1m30s", "500ms", "1h") in the form Compose prints it ("1m30s", "500ms", "1h0m0s"). */
export function toDuration(v: unknown, path: KeyPath, scope: Scope): string | undefined {
  const ns = typeof v === 'string' ? parseDuration(v.trim()) : undefined;
  if (ns === undefined || ns < 0n) {
    scope.invalid(path, `expected a duration such as "30s", "1m30s" or "500ms", got ${describe(v)}`);
    return undefined;
  }
  return formatDuration(ns);
}

/** An integer number of microseconds, or a duration converted to microseconds. */
export function toMicroseconds(v: unknown, path: KeyPath, scope: Scope): number | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && INT_RE.test(v.trim()))) return toInt(v, path, scope);
  const ns = typeof v === 'string' ? parseDuration(v.trim()) : undefined;
  if (ns === undefined) {
    scope.invalid(path, `expected microseconds or a duration such as "400ms", got ${describe(v)}`);
    return undefined;
  }
  return Number(ns / 1000n);
}

// ---------------------------------------------------------------------------
// Lists and mappings

/** A list of strings; numbers become strings. With `single`, a lone string is a one-item list. */
export function toStringList(v: unknown, path: KeyPath, scope: Scope, single = false): string[] | undefined {
  if (single && (typeof v === 'string' || typeof v === 'number')) {
    const s = toStr(v, path, scope);
    return s === undefined ? undefined : [s];
  }
  if (!Array.isArray(v)) {
    scope.invalid(path, `expected a list${single ? ' or a string' : ''}, got ${describe(v)}`);
    return undefined;
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const s = toStr(item, [...path, i], scope);
    if (s !== undefined) out.push(s);
  });
  return out;
}

/**
 * How a list-or-mapping treats an entry without a value (`KEY` in a list,
 * `KEY:` with null in a mapping): take the project environment's value or
 * drop it (environment, build args), or use "" (labels, sysctls, …).
 */
export type MissingValue = 'from-env' | 'empty';

/** A scalar mapping value as a string (numbers and booleans as YAML prints them). */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** A list of `KEY=VALUE` strings or a mapping, as a mapping of strings. */
export function toMapping(v: unknown, path: KeyPath, scope: Scope, missing: MissingValue): Mapping | undefined {
  const out: Mapping = {};
  const absent = (key: string): void => {
    if (missing === 'empty') setEntry(out, key, '');
    else {
      const env = scope.envValue(key);
      if (env !== undefined) setEntry(out, key, env);
    }
  };
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const text = scalarText(item);
      if (text === undefined || typeof item === 'boolean') {
        scope.invalid([...path, i], `expected a "KEY=VALUE" string, got ${describe(item)}`);
        return;
      }
      const eq = text.indexOf('=');
      const key = eq < 0 ? text : text.slice(0, eq);
      if (key === '') {
        scope.invalid([...path, i], `missing key in ${describe(text)}`);
        return;
      }
      if (eq < 0) absent(key);
      else setEntry(out, key, text.slice(eq + 1));
    });
    return out;
  }
  if (isMap(v)) {
    for (const [key, value] of Object.entries(v)) {
      if (value === null || value === undefined) {
        absent(key);
        continue;
      }
      const text = scalarText(value);
      if (text === undefined) {
        scope.invalid([...path, key], `expected a string, number or boolean, got ${describe(value)}`);
        continue;
      }
      setEntry(out, key, text);
    }
    return out;
  }
  scope.invalid(path, `expected a list of "KEY=VALUE" strings or a mapping, got ${describe(v)}`);
  return undefined;
}

/** A mapping whose values are strings or numbers (driver_opts, options): all as strings. */
export function toOptions(v: unknown, path: KeyPath, scope: Scope): Mapping | undefined {
  if (!isMap(v)) {
    scope.invalid(path, `expected a mapping, got ${describe(v)}`);
    return undefined;
  }
  const out: Mapping = {};
  for (const [key, value] of Object.entries(v)) {
    if (value === null) continue;
    const text = scalarText(value);
    if (text === undefined) {
      scope.invalid([...path, key], `expected a string or number, got ${describe(value)}`);
      continue;
    }
    setEntry(out, key, text);
  }
  return out;
}

/** A mapping, or reports and returns undefined. */
export function toMap(v: unknown, path: KeyPath, scope: Scope): RawMap | undefined {
  if (isMap(v)) return v;
  scope.invalid(path, `expected a mapping, got ${describe(v)}`);
  return undefined;
}

// ---------------------------------------------------------------------------
// Paths

/** Expands a leading ~ against the home directory, as Compose does (`~x` is home + "x"). */
export function expandUser(p: string, home: string): string {
  return p.startsWith('~') ? posix.join(home, p.slice(1)) : p;
}

/** An absolute host path: `~` expanded, relative paths joined to the project directory (and cleaned). */
export function absolutePath(p: string, scope: Scope): string {
  const expanded = expandUser(p, scope.ctx.homeDir);
  if (expanded === '') return expanded;
  if (p.startsWith('~')) return cleanPath(expanded);
  if (posix.isAbsolute(expanded)) return expanded;
  return cleanPath(posix.join(scope.ctx.projectDir, expanded));
}

/** Go's path.Clean: no trailing slash, no `.`/`..` segments, "" stays "". */
export function cleanPath(p: string): string {
  if (p === '') return '';
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Build contexts that are not local paths: URLs, git references, `service:` and other named contexts. */
export function isRemoteContext(p: string): boolean {
  return (
    p.includes('://') ||
    p.startsWith('service:') ||
    ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'].some((prefix) => p.startsWith(prefix))
  );
}
