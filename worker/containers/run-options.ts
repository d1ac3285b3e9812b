/**
 * The `orc run` options the engine takes (Docker's flags, as the CLI
 * received them) and the parsers for their small languages: sizes, `-v`,
 * `--mount`, `--tmpfs`, `--ulimit`, `--sysctl`, capabilities, signals.
 * Every parse error is an OrcError naming the option.
 */
import { posix } from 'node:path';
import { constants } from 'node:os';
import { OrcError } from '../../common/errors.js';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES, NAMESPACED_SYSCTLS } from './defaults.js';
import type { OciMount, OciRlimit } from './oci-types.js';

export interface RunOptions {
  /** The arguments after the image (`orc run IMAGE cmd args…`). */
  command?: readonly string[];
  /** `--entrypoint`; '' (or []) clears the image's. Any value also clears the image's Cmd. */
  entrypoint?: string | readonly string[];
  /** `-e KEY=VALUE` or `-e KEY` (taken from the host env; unset there: KEY is removed). */
  env?: readonly string[];
  /** `-w`, absolute. */
  workdir?: string;
  /** `-u user[:group]`, names or numbers. */
  user?: string;
  groupAdd?: readonly string[];
  hostname?: string;
  readOnly?: boolean;
  /** `--tmpfs PATH[:opts]`. */
  tmpfs?: readonly string[];
  /** `-v [source:]target[:opts]`; a source not starting with '/' is a named volume. */
  volumes?: readonly string[];
  /** `--mount type=bind|volume|tmpfs,source=…,target=…,…`. */
  mounts?: readonly string[];
  /** Bytes or a Docker size (`32m`, `1g`). */
  memory?: string | number;
  /** Memory + swap; -1 for unlimited swap. */
  memorySwap?: string | number;
  cpus?: string | number;
  cpuShares?: number;
  /** ≤ 0: unlimited. */
  pidsLimit?: number;
  /** `--ulimit name=soft[:hard]`. */
  ulimits?: readonly string[];
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  privileged?: boolean;
  init?: boolean;
  /** Kept for the engine (see `stopSignal`), not part of the spec. */
  stopSignal?: string;
  /** `none`, `host`, or a network the engine attaches (a new netns, or the one in `HostFacts.netnsPath`). */
  network?: string;
  /** `no-new-privileges[=bool]`, `seccomp=unconfined`, `systempaths=unconfined`, `apparmor=unconfined`, `label=disable`. */
  securityOpt?: readonly string[];
  /** `--sysctl key=value`. */
  sysctls?: readonly string[];
  shmSize?: string | number;
  labels?: Readonly<Record<string, string>>;
  /** `-t`: the process gets a terminal (a pty the shim holds). */
  tty?: boolean;
  /** `-i`: the container's stdin stays open for attached clients. */
  interactive?: boolean;
}

export function usage(option: string, message: string): OrcError {
  return new OrcError('ORC_USAGE', `${option}: ${message}`);
}

// ── sizes and numbers ─────────────────────────────────────────────────────

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Docker's RAMInBytes: `123`, `32m`, `1.5g`, `512KiB` (binary units). */
export function parseSize(option: string, v: string | number): number {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw usage(option, `invalid size ${v}`);
    return v;
  }
  const m = /^(-?[0-9]+(?:\.[0-9]+)?) ?([kKmMgGtTpPbB]?)(?:[iI]?[bB])?$/.exec(v.trim());
  if (m === null) throw usage(option, `invalid size "${v}" (expected a number with an optional unit b, k, m, g, t, p)`);
  const n = Math.floor(Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? 1));
  if (!Number.isSafeInteger(n)) throw usage(option, `size "${v}" is too large`);
  return n;
}

export function parseCpus(v: string | number): number {
  const n = typeof v === 'number' ? v : /^[0-9]+(\.[0-9]+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) throw usage('--cpus', `invalid value "${v}" (expected a non-negative decimal)`);
  return n;
}

// ── mounts ────────────────────────────────────────────────────────────────

const PROPAGATIONS = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];

/** A user mount before host paths are resolved: `source` is a host path, or a volume name for `kind: volume`. */
export interface MountRequest {
  kind: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind), volume name ('' for an anonymous volume), unused for tmpfs. */
  source: string;
  target: string;
  readOnly: boolean;
  /** OCI options beyond ro/rw: propagation, rbind/bind, tmpfs data. */
  options: string[];
  option: string;
}

function checkTarget(option: string, target: string, raw: string): string {
  if (!target.startsWith('/')) throw usage(option, `invalid mount target "${target}" in "${raw}": must be an absolute path`);
  const clean = posix.normalize(target).replace(/(.)\/+$/, '$1');
  if (clean === '/') throw usage(option, `invalid mount target in "${raw}": destination can't be '/'`);
  return clean;
}

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** `-v [source:]target[:mode]` with Docker's rules (`/foo:rw` alone is invalid). */
export function parseVolume(raw: string): MountRequest {
  const parts = raw.split(':');
  const invalid = (): OrcError => usage('-v', `invalid volume specification: '${raw}'`);
  let source = '';
  let target: string;
  let mode = '';
  if (parts.length === 1) target = parts[0] as string;
  else if (parts.length === 2) {
    if (isMode(parts[1] as string)) throw invalid();
    [source, target] = parts as [string, string];
  } else if (parts.length === 3) [source, target, mode] = parts as [string, string, string];
  else throw invalid();
  if (target === '') throw invalid();
  target = checkTarget('-v', target, raw);
  const kind = source.startsWith('/') ? 'bind' : 'volume';
  if (source === '' && parts.length > 1) throw invalid();
  if (kind === 'volume' && source !== '' && !VOLUME_NAME.test(source)) {
    throw usage('-v', `"${source}" in "${raw}" is neither an absolute host path nor a valid volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]+)`);
  }
  let readOnly = false;
  let sawRw = false;
  let propagation: string | undefined;
  for (const m of mode === '' ? [] : mode.split(',')) {
    if (m === 'ro' || m === 'rw') {
      if (sawRw) throw usage('-v', `invalid mode: ${mode} in "${raw}"`);
      sawRw = true;
      readOnly = m === 'ro';
    } else if (PROPAGATIONS.includes(m)) {
      if (propagation !== undefined || kind !== 'bind') throw usage('-v', `invalid mode: ${mode} in "${raw}"`);
      propagation = m;
    } else if (m === 'nocopy') {
      if (kind !== 'volume') throw usage('-v', `invalid mode: ${mode} in "${raw}" (nocopy is for volumes)`);
    } else if (!['z', 'Z', 'cached', 'delegated', 'consistent'].includes(m)) {
      throw usage('-v', `invalid mode: ${mode} in "${raw}"`);
    }
  }
  return { kind, source, target, readOnly, options: ['rbind', propagation ?? 'rprivate'], option: '-v' };
}

function isMode(s: string): boolean {
  return s.split(',').every((m) => ['ro', 'rw', 'z', 'Z', 'nocopy', ...PROPAGATIONS].includes(m));
}

function bool(option: string, key: string, v: string | undefined): boolean {
  if (v === undefined || v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw usage(option, `invalid value for ${key}: ${v} (expected true or false)`);
}

/** `--mount type=…,source=…,target=…` (keys as Docker spells them). */
export function parseMount(raw: string): MountRequest {
  const fields = new Map<string, string | undefined>();
  for (const f of raw.split(',')) {
    if (f === '') continue;
    const eq = f.indexOf('=');
    const key = (eq < 0 ? f : f.slice(0, eq)).trim().toLowerCase();
    fields.set(key, eq < 0 ? undefined : f.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
  }
  const kind = fields.get('type') ?? 'volume';
  if (kind !== 'bind' && kind !== 'volume' && kind !== 'tmpfs') throw usage('--mount', `unsupported mount type "${kind}" in "${raw}" (bind, volume or tmpfs)`);
  let source = '';
  let target: string | undefined;
  let readOnly = false;
  let propagation: string | undefined;
  let recursive = true;
  const tmpfs: string[] = [];
  for (const [key, value] of fields) {
    switch (key) {
      case 'type':
        break;
      case 'source':
      case 'src':
        source = value ?? '';
        break;
      case 'target':
      case 'destination':
      case 'dst':
        target = value;
        break;
      case 'readonly':
      case 'ro':
        readOnly = bool('--mount', key, value);
        break;
      case 'bind-propagation':
        if (kind !== 'bind' || value === undefined || !PROPAGATIONS.includes(value)) throw usage('--mount', `invalid bind-propagation "${value ?? ''}" in "${raw}"`);
        propagation = value;
        break;
      case 'bind-nonrecursive':
        if (kind !== 'bind') throw usage('--mount', `bind-nonrecursive is for type=bind, in "${raw}"`);
        recursive = !bool('--mount', key, value);
        break;
      case 'volume-nocopy':
        if (kind !== 'volume') throw usage('--mount', `volume-nocopy is for type=volume, in "${raw}"`);
        bool('--mount', key, value);
        break;
      case 'tmpfs-size':
        if (kind !== 'tmpfs' || value === undefined) throw usage('--mount', `invalid tmpfs-size in "${raw}"`);
        tmpfs.push(`size=${parseSize('--mount tmpfs-size', value)}`);
        break;
      case 'tmpfs-mode':
        if (kind !== 'tmpfs' || value === undefined || !/^[0-7]{1,4}$/.test(value)) throw usage('--mount', `invalid tmpfs-mode "${value ?? ''}" in "${raw}"`);
        tmpfs.push(`mode=${value.padStart(4, '0')}`);
        break;
      case 'consistency':
        break;
      default:
        throw usage('--mount', `unexpected key '${key}' in '${raw}'`);
    }
  }
  if (target === undefined || target === '') throw usage('--mount', `target is required in "${raw}"`);
  const clean = checkTarget('--mount', target, raw);
  if (kind === 'bind') {
    if (!source.startsWith('/')) throw usage('--mount', `a bind source must be an absolute host path, in "${raw}"`);
    return { kind, source, target: clean, readOnly, options: [recursive ? 'rbind' : 'bind', propagation ?? 'rprivate'], option: '--mount' };
  }
  if (kind === 'tmpfs') {
    if (source !== '') throw usage('--mount', `a tmpfs mount takes no source, in "${raw}"`);
    return { kind, source: '', target: clean, readOnly, options: tmpfsOptions([...(readOnly ? ['ro'] : []), ...tmpfs]), option: '--mount' };
  }
  if (source !== '' && !VOLUME_NAME.test(source)) throw usage('--mount', `invalid volume name "${source}" in "${raw}"`);
  return { kind, source, target: clean, readOnly, options: ['rbind', 'rprivate'], option: '--mount' };
}

const TMPFS_FLAGS: Record<string, string> = {
  exec: 'noexec', noexec: 'exec', suid: 'nosuid', nosuid: 'suid', dev: 'nodev', nodev: 'dev', ro: 'rw', rw: 'ro',
  atime: 'noatime', noatime: 'atime', diratime: 'nodiratime', nodiratime: 'diratime', relatime: 'norelatime',
  norelatime: 'relatime', strictatime: 'nostrictatime', nostrictatime: 'strictatime', sync: 'async', async: 'sync',
};
const TMPFS_DATA = ['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol'];

/**
 * Docker's tmpfs defaults (noexec, nosuid, nodev, rprivate) merged with the
 * user's options: a later flag cancels its opposite, a later key=value wins.
 */
export function tmpfsOptions(user: readonly string[], option = '--tmpfs'): string[] {
  const flags: string[] = ['noexec', 'nosuid', 'nodev', 'rprivate'];
  const data = new Map<string, string>();
  for (const o of user) {
    if (o === '') continue;
    const eq = o.indexOf('=');
    if (eq >= 0) {
      const key = o.slice(0, eq);
      if (!TMPFS_DATA.includes(key)) throw usage(option, `invalid tmpfs option "${o}"`);
      data.set(key, key === 'size' ? String(parseSize(option, o.slice(eq + 1))) : o.slice(eq + 1));
      continue;
    }
    const opposite = TMPFS_FLAGS[o];
    if (opposite === undefined && !PROPAGATIONS.includes(o)) throw usage(option, `invalid tmpfs option "${o}"`);
    const drop = PROPAGATIONS.includes(o) ? PROPAGATIONS : [o, opposite];
    for (let i = flags.length - 1; i >= 0; i--) if (drop.includes(flags[i] as string)) flags.splice(i, 1);
    flags.push(o);
  }
  return [...flags, ...[...data].map(([k, v]) => `${k}=${v}`)];
}

/** `--tmpfs PATH[:opts]`. */
export function parseTmpfs(raw: string): MountRequest {
  const colon = raw.indexOf(':');
  const path = colon < 0 ? raw : raw.slice(0, colon);
  const opts = colon < 0 ? [] : raw.slice(colon + 1).split(',');
  const target = checkTarget('--tmpfs', path, raw);
  const options = tmpfsOptions(opts);
  return { kind: 'tmpfs', source: '', target, readOnly: options.includes('ro'), options, option: '--tmpfs' };
}

/** The OCI mount of a resolved request (`hostPath` for bind/volume). */
export function ociMount(req: MountRequest, hostPath: string): OciMount {
  if (req.kind === 'tmpfs') return { destination: req.target, type: 'tmpfs', source: 'tmpfs', options: req.options };
  return { destination: req.target, type: 'bind', source: hostPath, options: [...req.options, ...(req.readOnly ? ['ro'] : [])] };
}

// ── ulimits, sysctls ──────────────────────────────────────────────────────

const ULIMITS = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack', 'as'];

/** `--ulimit name=soft[:hard]` (hard defaults to soft; -1 or `unlimited` is infinity). */
export function parseUlimit(raw: string): OciRlimit {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq);
  if (eq < 0) throw usage('--ulimit', `invalid ulimit argument "${raw}" (expected name=soft[:hard])`);
  if (!ULIMITS.includes(name)) throw usage('--ulimit', `invalid ulimit type: ${name}`);
  const values = raw.slice(eq + 1).split(':');
  if (values.length > 2) throw usage('--ulimit', `too many limit value arguments in "${raw}" (expected soft[:hard])`);
  const num = (s: string): number => {
    if (s === 'unlimited' || s === '-1') return -1;
    if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) throw usage('--ulimit', `invalid limit value "${s}" in "${raw}"`);
    return Number(s);
  };
  const soft = num(values[0] ?? '');
  const hard = values[1] === undefined ? soft : num(values[1]);
  const inf = (n: number): number => (n < 0 ? Infinity : n);
  if (inf(soft) > inf(hard)) throw usage('--ulimit', `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  return { type: `RLIMIT_${name.toUpperCase()}`, soft, hard };
}

/** `--sysctl key=value`, namespaced keys only (net.* not with the host network). */
export function parseSysctl(raw: string, hostNetwork: boolean): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw usage('--sysctl', `invalid sysctl "${raw}" (expected key=value)`);
  const key = raw.slice(0, eq).replace(/\//g, '.');
  const value = raw.slice(eq + 1);
  if (key.startsWith('net.')) {
    if (hostNetwork) throw usage('--sysctl', `sysctl "${key}" is not allowed in the host network namespace`);
  } else if (!key.startsWith('fs.mqueue.') && !NAMESPACED_SYSCTLS.includes(key)) {
    throw usage('--sysctl', `sysctl "${key}" is not allowed (not namespaced: it would change the host)`);
  }
  return [key, value];
}

// ── capabilities ──────────────────────────────────────────────────────────

function normaliseCap(option: string, c: string): string {
  const upper = c.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!ALL_CAPABILITIES.includes(name)) throw usage(option, `unknown capability: "${c}"`);
  return name;
}

/** Docker's TweakCapabilities: privileged → all; ALL in add → all but drops; ALL in drop → only adds; else default − drops + adds. */
export function capabilities(add: readonly string[], drop: readonly string[], privileged: boolean): string[] {
  const adds = add.map((c) => normaliseCap('--cap-add', c));
  const drops = drop.map((c) => normaliseCap('--cap-drop', c));
  if (privileged) return [...ALL_CAPABILITIES];
  let caps: string[];
  if (adds.includes('ALL')) caps = ALL_CAPABILITIES.filter((c) => !drops.includes(c));
  else if (drops.includes('ALL')) caps = adds;
  else caps = [...DEFAULT_CAPABILITIES.filter((c) => !drops.includes(c)), ...adds];
  return [...new Set(caps)];
}

// ── signals ───────────────────────────────────────────────────────────────

/** A signal by name (`TERM`, `SIGTERM`) or number → its name and number. */
export function parseSignal(raw: string, option = '--stop-signal'): { name: string; number: number } {
  const sigs = constants.signals as Readonly<Record<string, number>>;
  if (/^[0-9]+$/.test(raw)) {
    const n = Number(raw);
    const name = Object.keys(sigs).find((k) => sigs[k] === n);
    if (name === undefined) throw usage(option, `invalid signal: ${raw}`);
    return { name, number: n };
  }
  const upper = raw.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const n = sigs[name];
  if (n === undefined) throw usage(option, `invalid signal: ${raw}`);
  return { name, number: n };
}
