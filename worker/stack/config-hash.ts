/**
 * The config hash of a service (label `com.docker.compose.config-hash`): a
 * container whose label differs from the hash of the current spec is
 * recreated. Compose's idea (pkg/compose/hash.go): the sha256 of the
 * service's config without the keys that must not recreate a container.
 * orc adds the definitions of the networks, volumes, secrets and configs the
 * service uses (and, when given, the secrets' and configs' contents), so
 * changing one of them recreates exactly the containers that use it.
 *
 * The value is not Compose's byte for byte (Compose hashes Go's JSON of its
 * own structs); it is stable across runs and machines: keys are sorted at
 * every level, and nothing depends on time or chance.
 */
import { createHash } from 'node:crypto';
import { OrcError } from '../../common/errors.js';
import type { ConfigSpec, SecretSpec, ServiceSpec, StackSpec } from '../../compose/index.js';

/** Where a secret's or config's content comes from (the reconciler reads files and the environment). */
export interface FileContentSource {
  /** The content of the top-level secret `key` (its file, environment variable or inline content). */
  secretContent?: (key: string, secret: SecretSpec) => Buffer;
  configContent?: (key: string, config: ConfigSpec) => Buffer;
}

/**
 * Keys left out of the hash: building, pulling, scaling and start order do
 * not change what runs in a container (Compose drops build, pull_policy,
 * scale, deploy.replicas, depends_on and profiles, and its JSON has no
 * `x-*` extensions); `develop` and `attach` concern only the CLI.
 */
const NOT_HASHED = new Set<string>(['build', 'pull_policy', 'pull_refresh_after', 'scale', 'depends_on', 'profiles', 'develop', 'attach']);

/** JSON with the keys of every object sorted and undefined values left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The service without the keys that must not recreate its containers. */
export function hashedService(service: ServiceSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) {
    if (NOT_HASHED.has(key) || key.startsWith('x-')) continue;
    if (key === 'deploy' && value !== undefined) {
      const { replicas: _replicas, ...deploy } = value as NonNullable<ServiceSpec['deploy']>;
      if (Object.keys(deploy).length > 0) out[key] = deploy;
      continue;
    }
    out[key] = value;
  }
  return out;
}

function findService(spec: StackSpec, serviceName: string): ServiceSpec {
  const service = spec.services[serviceName];
  if (service === undefined || !Object.hasOwn(spec.services, serviceName)) {
    throw new OrcError('ORC_NOT_FOUND', `no service "${serviceName}" in project "${spec.name}"`);
  }
  return service;
}

/** The top-level networks, volumes, secrets and configs a service uses, with their definitions. */
function resources(spec: StackSpec, service: ServiceSpec, content: FileContentSource): Record<string, Record<string, unknown>> {
  const networks: Record<string, unknown> = {};
  for (const key of Object.keys(service.networks ?? {})) {
    if (Object.hasOwn(spec.networks, key)) networks[key] = spec.networks[key];
  }
  const volumes: Record<string, unknown> = {};
  for (const v of service.volumes ?? []) {
    if (v.type === 'volume' && v.source !== undefined && Object.hasOwn(spec.volumes, v.source)) volumes[v.source] = spec.volumes[v.source];
  }
  const secrets: Record<string, unknown> = {};
  for (const ref of service.secrets ?? []) {
    const def = Object.hasOwn(spec.secrets, ref.source) ? spec.secrets[ref.source] : undefined;
    if (def === undefined) continue;
    const data = content.secretContent?.(ref.source, def);
    secrets[ref.source] = { definition: def, content: data === undefined ? undefined : sha256(data) };
  }
  const configs: Record<string, unknown> = {};
  for (const ref of service.configs ?? []) {
    const def = Object.hasOwn(spec.configs, ref.source) ? spec.configs[ref.source] : undefined;
    if (def === undefined) continue;
    const data = content.configContent?.(ref.source, def);
    configs[ref.source] = { definition: def, content: data === undefined ? undefined : sha256(data) };
  }
  return { networks, volumes, secrets, configs };
}

/**
 * The sha256 (hex) of a service's normalised config and of the definitions
 * (and, through `content`, the contents) of the resources it uses.
 */
export function configHash(spec: StackSpec, serviceName: string, content: FileContentSource = {}): string {
  const service = findService(spec, serviceName);
  return sha256(canonicalJson({ service: hashedService(service), uses: resources(spec, service, content) }));
}
