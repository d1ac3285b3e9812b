/**
 * `login` checks credentials against the registry (GET /v2/ through the auth
 * flow) before storing them; `logout` forgets them.
 */
import { OrcError } from '../../common/errors.js';
import { DEFAULT_REGISTRY } from '../images/index.js';
import { drain, errorDetail, readBody, RegistryClient } from './client.js';
import { defaultConfigPath, removeCredentials, storeCredentials } from './credentials.js';
import type { RegistryOptions } from './pull.js';

/** `docker.io` for undefined, `index.docker.io` and friends; otherwise the host[:port] as given. */
export function normaliseRegistry(registry: string | undefined): string {
  if (registry === undefined || registry === '') return DEFAULT_REGISTRY;
  const host = registry.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  if (host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'docker.io') return DEFAULT_REGISTRY;
  if (host === '' || /[^a-z0-9.\-:[\]]/.test(host)) throw new OrcError('ORC_USAGE', `invalid registry "${registry}" (want host[:port])`);
  return host;
}

/** Checks `username`/`password` against the registry (GET /v2/ through its auth flow); stores nothing. */
export async function checkLogin(registry: string | undefined, username: string, password: string, opts: RegistryOptions = {}): Promise<{ registry: string }> {
  const reg = normaliseRegistry(registry);
  if (username === '' || username.includes(':')) throw new OrcError('ORC_USAGE', 'the user name must be non-empty and must not contain ":"');
  const client = new RegistryClient({
    registry: reg,
    credentials: { username, password },
    ...(opts.insecureRegistries !== undefined ? { insecureRegistries: opts.insecureRegistries } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  try {
    const res = await client.get('/v2/', {}, opts.signal);
    if (res.status !== 200) {
      const body = await readBody(res, 64 << 10).catch(() => Buffer.alloc(0));
      throw new OrcError('ORC_REGISTRY', `registry ${reg}: GET /v2/ answered ${res.status}${errorDetail(body)}`);
    }
    await drain(res);
  } finally {
    client.close();
  }
  return { registry: reg };
}

/** `checkLogin`, then stores the credentials in the config file. */
export async function login(registry: string | undefined, username: string, password: string, opts: RegistryOptions = {}): Promise<{ registry: string }> {
  const { registry: reg } = await checkLogin(registry, username, password, opts);
  await storeCredentials(reg, { username, password }, opts.configPath ?? defaultConfigPath());
  return { registry: reg };
}

/** Forgets the credentials of `registry`; false when none were stored. */
export async function logout(registry: string | undefined, opts: Pick<RegistryOptions, 'configPath'> = {}): Promise<boolean> {
  return removeCredentials(normaliseRegistry(registry), opts.configPath ?? defaultConfigPath());
}
