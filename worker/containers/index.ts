/**
 * Containers of the local engine: the only file other folders import.
 * So far: the OCI runtime config (config.json) of a container.
 */
export { buildSpec, stopSignal, INIT_PATH } from './oci-spec.js';
export type { SpecInput, HostFacts } from './oci-spec.js';
export type { RunOptions } from './run-options.js';
export { defaultSeccompProfile, resolveSeccomp, hostArch, CLONE_NAMESPACE_FLAGS } from './seccomp.js';
export type { SeccompProfile, SeccompProfileRule } from './seccomp.js';
export { parseSize, parseVolume, parseMount, parseTmpfs, parseUlimit, parseSignal, capabilities } from './run-options.js';
export { resolveUser, parsePasswd, parseGroup } from './user.js';
export type { ResolvedUser } from './user.js';
export { DEFAULT_CAPABILITIES, ALL_CAPABILITIES, DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS, DEFAULT_PATH, DEFAULT_SHM_SIZE } from './defaults.js';
export type * from './oci-types.js';
export { execProcess } from './exec-spec.js';
export type { ExecOptions, ExecInput } from './exec-spec.js';
