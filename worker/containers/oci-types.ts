/**
 * The subset of the OCI runtime spec (config.json, runtime-spec 1.0.2) that
 * orc builds: what orc-runtime reads (native/src/spec.c) plus the fields
 * runc/crun need to behave the same (devices cgroup, sysctl, annotations).
 */

export interface OciUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

export interface OciCapabilities {
  bounding: string[];
  effective: string[];
  permitted: string[];
  inheritable?: string[];
  ambient?: string[];
}

export interface OciRlimit {
  /** `RLIMIT_NOFILE`, … */
  type: string;
  /** -1 is RLIM_INFINITY (orc-runtime casts it; see README.md). */
  soft: number;
  hard: number;
}

export interface OciProcess {
  terminal: boolean;
  user: OciUser;
  args: string[];
  env: string[];
  cwd: string;
  capabilities: OciCapabilities;
  noNewPrivileges: boolean;
  rlimits?: OciRlimit[];
}

export interface OciRoot {
  path: string;
  readonly: boolean;
}

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export type OciNamespaceType = 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'cgroup' | 'user';

export interface OciNamespace {
  type: OciNamespaceType;
  /** Join this namespace instead of creating one. */
  path?: string;
}

export interface OciDeviceRule {
  allow: boolean;
  type?: 'a' | 'c' | 'b';
  major?: number;
  minor?: number;
  access: string;
}

export interface OciResources {
  /** limit and swap (memory + swap, -1 = unlimited) in bytes. */
  memory?: { limit?: number; swap?: number };
  cpu?: { shares?: number; quota?: number; period?: number };
  pids?: { limit: number };
  devices?: OciDeviceRule[];
}

/** One condition on a syscall argument: `op` is SCMP_CMP_NE|LT|LE|EQ|GE|GT|MASKED_EQ (MASKED_EQ: `arg & value == valueTwo`). */
export interface OciSeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

export interface OciSeccompRule {
  names: string[];
  action: string;
  errnoRet?: number;
  /** All must hold (AND); several rules for one syscall are alternatives (OR). */
  args?: OciSeccompArg[];
}

export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  syscalls?: OciSeccompRule[];
}

export interface OciLinux {
  namespaces: OciNamespace[];
  maskedPaths: string[];
  readonlyPaths: string[];
  cgroupsPath: string;
  resources: OciResources;
  sysctl?: Record<string, string>;
  seccomp?: OciSeccomp;
}

export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: OciRoot;
  hostname: string;
  mounts: OciMount[];
  linux: OciLinux;
  annotations?: Record<string, string>;
}
