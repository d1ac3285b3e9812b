/**
 * From an image config and `docker run`-style options to an OCI runtime
 * config.json, with Docker's defaults and rules. Pure: every host fact
 * (rootfs path, the image's passwd/group, volume host paths, …) comes in
 * through `HostFacts`.
 */
import { posix } from 'node:path';
import { OrcError } from '../../common/errors.js';
import type { ImageConfig } from '../images/index.js';
import {
  DEFAULT_MASKED_PATHS, DEFAULT_NAMESPACES, DEFAULT_PATH, DEFAULT_READONLY_PATHS, DEFAULT_SHM_SIZE, OCI_VERSION,
  defaultDeviceRules, defaultMounts,
} from './defaults.js';
import type { OciMount, OciNamespace, OciResources, OciSpec } from './oci-types.js';
import {
  type MountRequest, type RunOptions, capabilities, ociMount, parseCpus, parseMount, parseSignal, parseSize,
  parseSysctl, parseTmpfs, parseUlimit, parseVolume, usage,
} from './run-options.js';
import { resolveSeccomp, type SeccompProfile } from './seccomp.js';
import { resolveUser } from './user.js';

/** Facts about the host and the image's files that the caller looked up. */
export interface HostFacts {
  /** The container id (hex); the default hostname is its first 12 characters. */
  containerId: string;
  /** The mounted rootfs (root.path). */
  rootfs: string;
  /** cgroupsPath is `<cgroupParent>/<containerId>`; default `/orc`. */
  cgroupParent?: string;
  /** The image's /etc/passwd and /etc/group (undefined: the image has none). */
  passwd?: string;
  group?: string;
  /** The environment `-e KEY` reads (the CLI's). */
  hostEnv?: Readonly<Record<string, string | undefined>>;
  /** Host directories of volumes: by name for named volumes, by container path for anonymous ones (`-v /data`, image VOLUMEs). */
  volumes?: Readonly<Record<string, string>>;
  /** The init binary on the host, bind-mounted read-only at INIT_PATH for `--init`. */
  initPath?: string;
  /** Host files bind-mounted at /etc/hosts, /etc/hostname, /etc/resolv.conf. */
  etcHosts?: string;
  etcHostname?: string;
  resolvConf?: string;
  /** The host's hostname, the container's default with `--network host`. */
  hostHostname?: string;
  /** A network namespace the engine prepared (user networks): joined instead of a new one. */
  netnsPath?: string;
  /** The seccomp profile (e.g. `defaultSeccompProfile()`), resolved against the container's final capabilities; left out when privileged or `seccomp=unconfined`. */
  seccomp?: SeccompProfile;
  /** Docker's read-only /sys/fs/cgroup mount (default true; orc-runtime does not mount `cgroup` yet: pass false). */
  cgroupMount?: boolean;
  /** The host's CPU count, the upper bound of `--cpus`. */
  cpuCount?: number;
}

export interface SpecInput {
  image: ImageConfig;
  options: RunOptions;
  host: HostFacts;
}

/** Where `--init`'s binary appears in the container. */
export const INIT_PATH = '/sbin/orc-init';

const CPU_PERIOD = 100_000;
const MIN_MEMORY = 6 * 1024 * 1024;

function envKey(e: string): string {
  const eq = e.indexOf('=');
  return eq < 0 ? e : e.slice(0, eq);
}

/** Docker's ReplaceOrAppendEnvValues: overrides replace same-key entries; a bare KEY unsets. */
export function replaceOrAppend(base: string[], overrides: readonly string[]): string[] {
  const out: (string | null)[] = [...base];
  const index = new Map<string, number>();
  out.forEach((e, i) => index.set(envKey(e as string), i));
  for (const o of overrides) {
    const key = envKey(o);
    const i = index.get(key);
    if (!o.includes('=')) {
      if (i !== undefined) out[i] = null;
      continue;
    }
    if (i !== undefined) out[i] = o;
    else {
      index.set(key, out.length);
      out.push(o);
    }
  }
  return out.filter((e): e is string => e !== null);
}

function buildEnv(image: ImageConfig, options: RunOptions, host: HostFacts, hostname: string, home: string): string[] {
  const user: string[] = [];
  for (const e of options.env ?? []) {
    const key = envKey(e);
    if (key === '' || /\s/.test(key)) throw usage('-e', `invalid environment variable: ${e}`);
    if (e.includes('=')) user.push(e);
    else {
      const v = host.hostEnv?.[key];
      user.push(v === undefined ? key : `${key}=${v}`);
    }
  }
  // The container's Env: the user's, then the image's keys the user did not set.
  const userKeys = new Set(user.map(envKey));
  const config = [...user, ...image.env.filter((e) => !userKeys.has(envKey(e)))];
  const env = replaceOrAppend([`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`], config);
  // runc sets HOME from passwd when absent; orc-runtime does not, so the spec does.
  if (!env.some((e) => envKey(e) === 'HOME') && !userKeys.has('HOME')) env.push(`HOME=${home}`);
  // Docker's `-t` gives programs a terminal type to go by.
  if (options.tty === true && !env.some((e) => envKey(e) === 'TERM')) env.push('TERM=xterm');
  return env;
}

function buildArgs(image: ImageConfig, options: RunOptions, host: HostFacts): string[] {
  let entrypoint: string[];
  let cmd: string[];
  if (options.entrypoint !== undefined) {
    const ep = typeof options.entrypoint === 'string' ? [options.entrypoint] : [...options.entrypoint];
    entrypoint = ep.length === 1 && ep[0] === '' ? [] : ep;
    cmd = [...(options.command ?? [])];
  } else {
    entrypoint = [...(image.entrypoint ?? [])];
    cmd = options.command !== undefined && options.command.length > 0 ? [...options.command] : [...(image.cmd ?? [])];
  }
  const args = [...entrypoint, ...cmd];
  if (args.length === 0 || args[0] === '') throw usage('orc run', 'no command specified (the image has no Cmd or Entrypoint: give a command)');
  if (options.init === true) {
    if (host.initPath === undefined) throw usage('--init', 'no init binary is configured on this host');
    return [INIT_PATH, '--', ...args];
  }
  return args;
}

function workdir(image: ImageConfig, options: RunOptions): string {
  if (options.workdir !== undefined && options.workdir !== '') {
    if (!options.workdir.startsWith('/')) throw usage('-w', `the working directory "${options.workdir}" is invalid, it needs to be an absolute path`);
    return posix.normalize(options.workdir);
  }
  return image.workingDir === '' ? '/' : posix.normalize(posix.join('/', image.workingDir));
}

const HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;

function hostname(options: RunOptions, host: HostFacts, hostNetwork: boolean): string {
  if (options.hostname !== undefined) {
    if (options.hostname.length > 64 || !HOSTNAME.test(options.hostname)) {
      throw usage('--hostname', `invalid hostname "${options.hostname}" (letters, digits, '-' and '.', at most 64 characters)`);
    }
    return options.hostname;
  }
  if (hostNetwork && host.hostHostname !== undefined) return host.hostHostname;
  if (!/^[0-9a-f]{12,}$/.test(host.containerId)) throw new OrcError('ORC_INTERNAL', `container id "${host.containerId}" is not hex of at least 12 digits`);
  return host.containerId.slice(0, 12);
}

function resources(options: RunOptions, host: HostFacts, privileged: boolean): OciResources {
  const r: OciResources = { devices: defaultDeviceRules(privileged) };
  const memory = options.memory === undefined ? 0 : parseSize('--memory', options.memory);
  if (memory < 0) throw usage('--memory', 'invalid negative memory limit');
  if (memory > 0 && memory < MIN_MEMORY) throw usage('--memory', 'minimum memory limit allowed is 6MB');
  const swapRaw = options.memorySwap === undefined ? 0 : parseSize('--memory-swap', options.memorySwap);
  if (swapRaw !== 0 && memory === 0) throw usage('--memory-swap', 'you should always set the memory limit (--memory) when using a memory-swap limit');
  if (swapRaw > 0 && swapRaw < memory) throw usage('--memory-swap', 'minimum memoryswap limit should be larger than memory limit');
  if (swapRaw < -1) throw usage('--memory-swap', 'invalid value (-1 for unlimited swap, or memory + swap in bytes)');
  if (memory > 0) r.memory = { limit: memory, swap: swapRaw === 0 ? memory * 2 : swapRaw };

  const cpus = options.cpus === undefined ? 0 : parseCpus(options.cpus);
  const shares = options.cpuShares ?? 0;
  if (!Number.isSafeInteger(shares) || shares < 0) throw usage('--cpu-shares', `invalid value ${shares} (expected a non-negative integer)`);
  if (cpus > 0 || shares > 0) {
    r.cpu = {};
    if (shares > 0) r.cpu.shares = Math.min(Math.max(shares, 2), 262_144);
    if (cpus > 0) {
      if (host.cpuCount !== undefined && cpus > host.cpuCount) {
        throw usage('--cpus', `range of CPUs is from 0.01 to ${host.cpuCount.toFixed(2)}, as there are only ${host.cpuCount} CPUs available`);
      }
      const quota = Math.round(cpus * CPU_PERIOD);
      if (quota < 1000) throw usage('--cpus', 'range of CPUs starts at 0.01');
      r.cpu.quota = quota;
      r.cpu.period = CPU_PERIOD;
    }
  }
  if (options.pidsLimit !== undefined) {
    if (!Number.isSafeInteger(options.pidsLimit)) throw usage('--pids-limit', `invalid value ${options.pidsLimit} (expected an integer)`);
    if (options.pidsLimit !== 0) r.pids = { limit: options.pidsLimit > 0 ? options.pidsLimit : -1 };
  }
  return r;
}

interface SecurityOpts {
  noNewPrivileges: boolean;
  seccompUnconfined: boolean;
  systemPathsUnconfined: boolean;
}

function securityOpts(raw: readonly string[]): SecurityOpts {
  const s: SecurityOpts = { noNewPrivileges: false, seccompUnconfined: false, systemPathsUnconfined: false };
  for (const o of raw) {
    const m = /^([a-z-]+)(?:[=:](.*))?$/.exec(o);
    const key = m?.[1];
    const value = m?.[2];
    if (key === 'no-new-privileges') {
      if (value !== undefined && !['true', 'false', '1', '0'].includes(value)) throw usage('--security-opt', `invalid no-new-privileges value "${value}"`);
      s.noNewPrivileges = value === undefined || value === 'true' || value === '1';
    } else if (key === 'seccomp' && value === 'unconfined') s.seccompUnconfined = true;
    else if (key === 'systempaths' && value === 'unconfined') s.systemPathsUnconfined = true;
    else if ((key === 'apparmor' && value === 'unconfined') || (key === 'label' && value === 'disable')) continue;
    else if (key === 'seccomp' || key === 'apparmor' || key === 'label') {
      throw usage('--security-opt', `"${o}" is not supported (orc has no ${key === 'seccomp' ? 'custom seccomp profiles' : 'LSM support'} yet)`);
    } else throw usage('--security-opt', `invalid --security-opt: "${o}"`);
  }
  return s;
}

function namespaces(network: string, host: HostFacts): OciNamespace[] {
  const out: OciNamespace[] = [];
  for (const type of DEFAULT_NAMESPACES) {
    if (type !== 'network') out.push({ type });
    else if (network === 'host') continue;
    else if (network !== 'none' && host.netnsPath !== undefined) out.push({ type, path: host.netnsPath });
    else out.push({ type });
  }
  return out;
}

function depth(p: string): number {
  return p.split('/').filter((s) => s !== '').length;
}

function userMounts(options: RunOptions, image: ImageConfig, host: HostFacts): OciMount[] {
  const requests: MountRequest[] = [
    ...(options.volumes ?? []).map(parseVolume),
    ...(options.mounts ?? []).map(parseMount),
    ...(options.tmpfs ?? []).map(parseTmpfs),
  ];
  const seen = new Set<string>();
  const out: OciMount[] = [];
  for (const req of requests) {
    if (seen.has(req.target)) throw usage(req.option, `duplicate mount point: ${req.target}`);
    seen.add(req.target);
    if (req.kind === 'tmpfs' || req.kind === 'bind') {
      out.push(ociMount(req, req.source));
      continue;
    }
    const key = req.source === '' ? req.target : req.source;
    const path = host.volumes?.[key];
    if (path === undefined) {
      throw new OrcError('ORC_NOT_FOUND', `${req.option}: no host directory for ${req.source === '' ? `the anonymous volume at ${req.target}` : `volume "${req.source}"`}`);
    }
    out.push(ociMount(req, path));
  }
  // The image's VOLUMEs the engine created (others stay in the rootfs).
  for (const v of image.volumes) {
    const target = posix.normalize(v);
    const path = host.volumes?.[target];
    if (seen.has(target) || path === undefined) continue;
    seen.add(target);
    out.push({ destination: target, type: 'bind', source: path, options: ['rbind', 'rprivate'] });
  }
  // Parents before children (Docker sorts by depth), stable otherwise.
  return out.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m.destination) - depth(b.m.destination) || a.i - b.i).map((x) => x.m);
}

/** Builds the config.json of a container. Throws OrcError (ORC_USAGE naming the option, ORC_NOT_FOUND for unknown users/groups/volumes). */
export function buildSpec(input: SpecInput): OciSpec {
  const { image, options, host } = input;
  const privileged = options.privileged === true;
  const network = options.network ?? 'bridge';
  if (network === '') throw usage('--network', 'empty network name');
  const hostNetwork = network === 'host';
  const security = securityOpts(options.securityOpt ?? []);
  const name = hostname(options, host, hostNetwork);

  const userSpec = options.user ?? image.user;
  const user = resolveUser(userSpec, options.groupAdd ?? [], host.passwd, host.group);
  const env = buildEnv(image, options, host, name, user.home);
  const args = buildArgs(image, options, host);
  const caps = capabilities(options.capAdd ?? [], options.capDrop ?? [], privileged);
  if (options.stopSignal !== undefined) parseSignal(options.stopSignal);

  const shmSize = options.shmSize === undefined ? DEFAULT_SHM_SIZE : parseSize('--shm-size', options.shmSize);
  if (shmSize <= 0) throw usage('--shm-size', 'SHM size must be greater than 0');
  const user_ = userMounts(options, image, host);
  const taken = new Set(user_.map((m) => m.destination));
  const mounts = defaultMounts({ shmSize, privileged, cgroupMount: host.cgroupMount ?? true }).filter((m) => !taken.has(m.destination));
  const readOnly = options.readOnly === true;
  for (const [destination, source] of [['/etc/resolv.conf', host.resolvConf], ['/etc/hostname', host.etcHostname], ['/etc/hosts', host.etcHosts]] as const) {
    if (source === undefined || taken.has(destination)) continue;
    mounts.push({ destination, type: 'bind', source, options: ['rbind', 'rprivate', ...(readOnly ? ['ro'] : [])] });
  }
  if (options.init === true && host.initPath !== undefined) {
    mounts.push({ destination: INIT_PATH, type: 'bind', source: host.initPath, options: ['bind', 'ro'] });
  }
  mounts.push(...user_);

  const rlimits = (options.ulimits ?? []).map(parseUlimit);
  const dupe = rlimits.find((r, i) => rlimits.findIndex((x) => x.type === r.type) !== i);
  if (dupe !== undefined) throw usage('--ulimit', `${dupe.type.slice('RLIMIT_'.length).toLowerCase()} is given twice`);
  const sysctl: Record<string, string> = {};
  for (const raw of options.sysctls ?? []) {
    const [k, v] = parseSysctl(raw, hostNetwork);
    sysctl[k] = v;
  }

  const rootUser = user.uid === 0;
  const spec: OciSpec = {
    ociVersion: OCI_VERSION,
    process: {
      terminal: options.tty === true,
      user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length > 0 ? { additionalGids: user.additionalGids } : {}) },
      args,
      env,
      cwd: workdir(image, options),
      // Docker gives a non-root user only the bounding set, as execve would.
      capabilities: { bounding: caps, effective: rootUser ? caps : [], permitted: rootUser ? caps : [] },
      noNewPrivileges: security.noNewPrivileges,
      ...(rlimits.length > 0 ? { rlimits } : {}),
    },
    root: { path: host.rootfs, readonly: readOnly },
    hostname: name,
    mounts,
    linux: {
      namespaces: namespaces(network, host),
      maskedPaths: privileged || security.systemPathsUnconfined ? [] : [...DEFAULT_MASKED_PATHS],
      readonlyPaths: privileged || security.systemPathsUnconfined ? [] : [...DEFAULT_READONLY_PATHS],
      cgroupsPath: cgroupsPath(host),
      resources: resources(options, host, privileged),
      ...(Object.keys(sysctl).length > 0 ? { sysctl } : {}),
      ...(host.seccomp !== undefined && !privileged && !security.seccompUnconfined ? { seccomp: resolveSeccomp(host.seccomp, caps) } : {}),
    },
  };
  const labels = { ...image.labels, ...(options.labels ?? {}) };
  if (Object.keys(labels).length > 0) spec.annotations = labels;
  return spec;
}

function cgroupsPath(host: HostFacts): string {
  const parent = host.cgroupParent ?? '/orc';
  if (!parent.startsWith('/') || parent.split('/').includes('..')) throw usage('--cgroup-parent', `"${parent}" must be an absolute path without ".."`);
  return `${parent.replace(/\/+$/, '')}/${host.containerId}`;
}

/** The signal that stops the container: `--stop-signal`, else the image's StopSignal, else SIGTERM. */
export function stopSignal(options: RunOptions, image: ImageConfig): { name: string; number: number } {
  if (options.stopSignal !== undefined) return parseSignal(options.stopSignal);
  if (image.stopSignal !== null) return parseSignal(image.stopSignal, 'image StopSignal');
  return parseSignal('SIGTERM');
}
