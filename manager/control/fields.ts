/**
 * Reading a spec that arrived as JSON: each reader takes the value at a
 * field, fills in the default when it is absent, and refuses a value of the
 * wrong type with ORC_INVALID_SPEC naming the object and the field
 * (`service web: task.container.image must be a string`).
 */
import { OrcError } from '../../common/errors.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object being read (`service web`) and the path to the field in it. */
export class Fields {
  constructor(readonly what: string) {}

  fail(path: string, message: string): never {
    throw new OrcError('ORC_INVALID_SPEC', `${this.what}: ${path} ${message}`);
  }

  obj(v: unknown, path: string): Json {
    if (v === undefined || v === null) return {};
    if (!isObject(v)) this.fail(path, 'must be an object');
    return v;
  }

  str(v: unknown, path: string, def = ''): string {
    if (v === undefined || v === null) return def;
    if (typeof v !== 'string') this.fail(path, 'must be a string');
    return v;
  }

  num(v: unknown, path: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    if (v === undefined || v === null) return def;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, 'must be a number');
    if (v < min) this.fail(path, `must be at least ${min} (got ${v})`);
    if (v > max) this.fail(path, `must be at most ${max} (got ${v})`);
    return v;
  }

  int(v: unknown, path: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const n = this.num(v, path, def, min, max);
    if (!Number.isInteger(n)) this.fail(path, `must be a whole number (got ${n})`);
    return n;
  }

  bool(v: unknown, path: string, def = false): boolean {
    if (v === undefined || v === null) return def;
    if (typeof v !== 'boolean') this.fail(path, 'must be true or false');
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[], def: T): T {
    const s = this.str(v, path, def);
    if (!(allowed as readonly string[]).includes(s)) this.fail(path, `must be one of ${allowed.join(', ')} (got "${s}")`);
    return s as T;
  }

  list(v: unknown, path: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, 'must be a list');
    return v;
  }

  strings(v: unknown, path: string): string[] {
    return this.list(v, path).map((s, i) => this.str(s, `${path}[${i}]`));
  }

  /** A string map, with its keys sorted (so two equal maps serialise alike). */
  labels(v: unknown, path: string): Record<string, string> {
    const o = this.obj(v, path);
    const out: Record<string, string> = {};
    for (const k of Object.keys(o).sort()) {
      if (k === '') this.fail(path, 'must not have an empty key');
      out[k] = this.str(o[k], `${path}.${k}`);
    }
    return out;
  }
}

/** JSON with object keys sorted: equal values give equal text. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) => {
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const k of Object.keys(value).sort()) out[k] = value[k];
    return out;
  });
}

/** Names of services, networks, secrets and configs: a letter or digit, then letters, digits, `_`, `.`, `-`. */
export const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const MAX_NAME = 63;

export function checkName(f: Fields, name: string, path = 'name'): void {
  if (name === '') f.fail(path, 'must not be empty');
  if (name.length > MAX_NAME) f.fail(path, `"${name}" is longer than ${MAX_NAME} characters`);
  if (!NAME_RE.test(name)) f.fail(path, `"${name}" is not a valid name (a letter or digit, then letters, digits, "_", "." or "-")`);
}
