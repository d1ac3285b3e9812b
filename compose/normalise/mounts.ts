/**
 * Service `volumes` (05-services.md, volumes). Short syntax
 * `SOURCE:TARGET[:OPTIONS]` or `TARGET`: a source starting with `.`, `/` or
 * `~` is a bind mount (made absolute, `bind.create_host_path: true`), any
 * other source names a volume (`volume: {}`), no source is an anonymous
 * volume. Options: ro/rw, nocopy (volumes), z/Z and propagation (binds).
 * Long syntax is checked and converted (tmpfs size to bytes, booleans);
 * relative bind sources are made absolute. Targets are cleaned like Go's
 * path.Clean.
 */
import type { KeyPath } from '../issues.js';
import type {
  MountType,
  ServiceVolumeBindSpec,
  ServiceVolumeImageSpec,
  ServiceVolumeSpec,
  ServiceVolumeTmpfsSpec,
  ServiceVolumeVolumeSpec,
} from '../spec.js';
import type { Scope } from './context.js';
import { recordOrigin } from './provenance.js';
import {
  absolutePath,
  cleanPath,
  copyExtensions,
  describe,
  isMap,
  own,
  reportUnknownKeys,
  toBool,
  toBytes,
  toEnum,
  toMapping,
  toStr,
  type RawMap,
} from './values.js';

const MOUNT_TYPES: readonly MountType[] = ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'];
const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);
/** Docker Desktop consistency hints, accepted and ignored like Compose does. */
const IGNORED_OPTIONS = new Set(['cached', 'delegated', 'consistent']);
const LONG_KEYS = new Set(['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image']);

function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

interface ShortParts {
  source: string;
  target: string;
  options: string[];
}

/**
 * Splits `SOURCE:TARGET:OPTIONS`. Unlike Compose, a one-letter source is not
 * taken for a Windows drive (`v:/data` mounts volume v): orc runs Linux hosts.
 */
function splitShort(spec: string): ShortParts | string {
  if (spec === '') return 'empty volume specification';
  const sections = spec.split(':');
  if (sections.some((s) => s === '')) return `empty section between colons in ${JSON.stringify(spec)}`;
  if (sections.length > 3) return `too many colons in ${JSON.stringify(spec)}`;
  if (sections.length === 1) return { source: '', target: spec, options: [] };
  return {
    source: sections[0] ?? '',
    target: sections[1] ?? '',
    options: sections.length === 3 ? (sections[2] ?? '').split(',') : [],
  };
}

function parseShortVolume(spec: string, path: KeyPath, scope: Scope): ServiceVolumeSpec | undefined {
  const parts = splitShort(spec);
  if (typeof parts === 'string') {
    scope.invalid(path, parts);
    return undefined;
  }
  const bind = isHostPath(parts.source);
  const mount: ServiceVolumeSpec = {
    type: bind ? 'bind' : 'volume',
    target: cleanPath(parts.target),
  };
  if (parts.source !== '') mount.source = bind ? absolutePath(parts.source, scope) : parts.source;
  let readOnly = false;
  const bindOptions: ServiceVolumeBindSpec = { create_host_path: true };
  const volumeOptions: ServiceVolumeVolumeSpec = {};
  for (const option of parts.options) {
    if (option === 'ro') readOnly = true;
    else if (option === 'rw') readOnly = false;
    else if (option === 'nocopy' && !bind) volumeOptions.nocopy = true;
    else if ((option === 'z' || option === 'Z') && bind) bindOptions.selinux = option;
    else if (PROPAGATIONS.has(option) && bind) bindOptions.propagation = option;
    else if (!IGNORED_OPTIONS.has(option)) {
      const message = `volume option ${JSON.stringify(option)} does not apply to a ${mount.type} mount and is ignored`;
      scope.invalid(path, message, 'warning');
    }
  }
  if (readOnly) mount.read_only = true;
  if (bind) mount.bind = bindOptions;
  else mount.volume = volumeOptions;
  return mount;
}

function subObject(raw: RawMap, key: string, path: KeyPath, scope: Scope): RawMap | undefined {
  const v = own(raw, key);
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) {
    scope.invalid([...path, key], `expected a mapping, got ${describe(v)}`);
    return undefined;
  }
  return v;
}

function setBool<T extends object>(raw: RawMap, key: string & keyof T, out: T, path: KeyPath, scope: Scope): void {
  const v = own(raw, key);
  if (v === undefined) return;
  const b = toBool(v, [...path, key], scope);
  if (b !== undefined) (out as Record<string, unknown>)[key] = b;
}

function setString<T extends object>(raw: RawMap, key: string & keyof T, out: T, path: KeyPath, scope: Scope): void {
  const v = own(raw, key);
  if (v === undefined) return;
  const s = toStr(v, [...path, key], scope);
  if (s !== undefined) (out as Record<string, unknown>)[key] = s;
}

function longBind(raw: RawMap, path: KeyPath, scope: Scope): ServiceVolumeBindSpec {
  reportUnknownKeys(raw, new Set(['propagation', 'create_host_path', 'recursive', 'selinux']), path, scope);
  const out: ServiceVolumeBindSpec = { create_host_path: true };
  setBool(raw, 'create_host_path', out, path, scope);
  setString(raw, 'propagation', out, path, scope);
  const recursive = own(raw, 'recursive');
  if (recursive !== undefined) {
    const r = toEnum(recursive, ['enabled', 'disabled', 'writable', 'readonly'] as const, [...path, 'recursive'], scope);
    if (r) out.recursive = r;
  }
  const selinux = own(raw, 'selinux');
  if (selinux !== undefined) {
    const s = toEnum(selinux, ['z', 'Z'] as const, [...path, 'selinux'], scope);
    if (s) out.selinux = s;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

function longVolume(raw: RawMap, path: KeyPath, scope: Scope): ServiceVolumeVolumeSpec {
  reportUnknownKeys(raw, new Set(['labels', 'nocopy', 'subpath']), path, scope);
  const out: ServiceVolumeVolumeSpec = {};
  setBool(raw, 'nocopy', out, path, scope);
  setString(raw, 'subpath', out, path, scope);
  const labels = own(raw, 'labels');
  if (labels !== undefined) {
    const m = toMapping(labels, [...path, 'labels'], scope, 'empty');
    if (m) out.labels = m;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

/** A file mode: a number as written, or a string read as octal ("1777", "0755"). */
export function toFileMode(v: unknown, path: KeyPath, scope: Scope): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^0?[0-7]{1,12}$/.test(v.trim())) return parseInt(v.trim(), 8);
  if (typeof v === 'string' && /^0o[0-7]{1,12}$/i.test(v.trim())) return parseInt(v.trim().slice(2), 8);
  scope.invalid(path, `expected a file mode such as 0440 or "0440", got ${describe(v)}`);
  return undefined;
}

function longTmpfs(raw: RawMap, path: KeyPath, scope: Scope): ServiceVolumeTmpfsSpec {
  reportUnknownKeys(raw, new Set(['size', 'mode']), path, scope);
  const out: ServiceVolumeTmpfsSpec = {};
  const size = own(raw, 'size');
  if (size !== undefined) {
    const b = toBytes(size, [...path, 'size'], scope);
    if (b !== undefined) out.size = b;
  }
  const mode = own(raw, 'mode');
  if (mode !== undefined) {
    const m = toFileMode(mode, [...path, 'mode'], scope);
    if (m !== undefined) out.mode = m;
  }
  copyExtensions(raw, out, path, scope);
  return out;
}

function longImage(raw: RawMap, path: KeyPath, scope: Scope): ServiceVolumeImageSpec {
  reportUnknownKeys(raw, new Set(['subpath']), path, scope);
  const out: ServiceVolumeImageSpec = {};
  setString(raw, 'subpath', out, path, scope);
  copyExtensions(raw, out, path, scope);
  return out;
}

function parseLongVolume(raw: RawMap, path: KeyPath, scope: Scope): ServiceVolumeSpec | undefined {
  reportUnknownKeys(raw, LONG_KEYS, path, scope);
  const type = toEnum(own(raw, 'type'), MOUNT_TYPES, [...path, 'type'], scope);
  const rawTarget = own(raw, 'target');
  if (rawTarget === undefined || rawTarget === '') {
    scope.invalid(path, 'a mount needs a target (the path in the container)');
    return undefined;
  }
  const target = toStr(rawTarget, [...path, 'target'], scope);
  if (type === undefined || target === undefined) return undefined;
  const mount: ServiceVolumeSpec = { type, target: cleanPath(target) };
  const rawSource = own(raw, 'source');
  if (rawSource !== undefined && rawSource !== '') {
    const source = toStr(rawSource, [...path, 'source'], scope);
    if (source === undefined) return undefined;
    mount.source = type === 'bind' ? absolutePath(source, scope) : source;
  } else if (type === 'bind' || type === 'image') {
    scope.invalid(path, `a ${type} mount needs a source`);
    return undefined;
  }
  const readOnly = own(raw, 'read_only');
  if (readOnly !== undefined && toBool(readOnly, [...path, 'read_only'], scope) === true) mount.read_only = true;
  setString(raw, 'consistency', mount, path, scope);
  const bind = subObject(raw, 'bind', path, scope);
  if (bind) mount.bind = longBind(bind, [...path, 'bind'], scope);
  const volume = subObject(raw, 'volume', path, scope);
  if (volume) mount.volume = longVolume(volume, [...path, 'volume'], scope);
  const tmpfs = subObject(raw, 'tmpfs', path, scope);
  if (tmpfs) mount.tmpfs = longTmpfs(tmpfs, [...path, 'tmpfs'], scope);
  const image = subObject(raw, 'image', path, scope);
  if (image) mount.image = longImage(image, [...path, 'image'], scope);
  copyExtensions(raw, mount, path, scope);
  return mount;
}

/** `volumes` of a service: every entry in long syntax. */
export function normaliseMounts(raw: unknown, path: KeyPath, scope: Scope): ServiceVolumeSpec[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list of mounts, got ${describe(raw)}`);
    return undefined;
  }
  const out: ServiceVolumeSpec[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    let mount: ServiceVolumeSpec | undefined;
    if (typeof item === 'string') mount = parseShortVolume(item, at, scope);
    else if (isMap(item)) mount = parseLongVolume(item, at, scope);
    else scope.invalid(at, `expected a volume string or mapping, got ${describe(item)}`);
    if (mount) {
      recordOrigin(mount, at);
      out.push(mount);
    }
  });
  return out;
}
