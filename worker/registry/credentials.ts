/**
 * Registry credentials in a Docker-style config.json:
 * `{"auths": {"<host>": {"auth": base64("user:pass")}}}`. Other keys in the
 * file are kept; writes are atomic (temp file, fsync, rename) with mode 0600.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';

export interface Credentials {
  username: string;
  password: string;
}

/** `$ORC_CONFIG/config.json` (a folder, as DOCKER_CONFIG), else `~/.orc/config.json`. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env['ORC_CONFIG'];
  return dir !== undefined && dir !== '' ? join(dir, 'config.json') : join(homedir(), '.orc', 'config.json');
}

/** The key Docker prints for a registry: Docker Hub's v1 index URL, else host[:port]. */
export function credentialsKey(registry: string): string {
  return keyFor(registry);
}

/** Docker keeps Docker Hub credentials under its v1 index URL; orc does the same so configs can be shared. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** The registry a config key refers to: scheme and path dropped, Docker Hub aliases folded into `docker.io`. */
export function registryOfKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

function keyFor(registry: string): string {
  return registry === 'docker.io' ? DOCKER_HUB_KEY : registry;
}

type ConfigFile = Record<string, unknown> & { auths?: Record<string, unknown> };

async function readConfig(path: string): Promise<ConfigFile> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new OrcError('ORC_IO', `cannot read credentials file ${path}: ${(e as Error).message}`, { cause: e });
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new OrcError('ORC_IO', `credentials file ${path} is not valid JSON`, { cause: e });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OrcError('ORC_IO', `credentials file ${path} is not a JSON object`);
  const cfg = v as ConfigFile;
  if (cfg.auths !== undefined && (typeof cfg.auths !== 'object' || cfg.auths === null || Array.isArray(cfg.auths))) {
    throw new OrcError('ORC_IO', `credentials file ${path}: "auths" must be an object`);
  }
  return cfg;
}

async function writeConfig(path: string, cfg: ConfigFile): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new OrcError('ORC_IO', `cannot create the folder of credentials file ${path}: ${(e as Error).message}`, { cause: e });
  }
  await writeFileAtomic(path, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
}

function decode(entry: unknown): Credentials | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  if (typeof e['auth'] === 'string' && e['auth'] !== '') {
    const plain = Buffer.from(e['auth'], 'base64').toString('utf8');
    const colon = plain.indexOf(':');
    if (colon > 0) return { username: plain.slice(0, colon), password: plain.slice(colon + 1) };
  }
  if (typeof e['username'] === 'string' && typeof e['password'] === 'string') return { username: e['username'], password: e['password'] };
  return undefined;
}

/** The stored credentials for `registry` (`docker.io`, `host:port`), if any. */
export async function readCredentials(registry: string, path: string = defaultConfigPath()): Promise<Credentials | undefined> {
  return credentialsIn((await readConfig(path)).auths ?? {}, registry);
}

/** The credentials for `registry` in a config's `auths` map (as a client sent it), if any. */
export function credentialsIn(auths: Readonly<Record<string, unknown>>, registry: string): Credentials | undefined {
  for (const [key, entry] of Object.entries(auths)) {
    if (registryOfKey(key) === registry.toLowerCase()) {
      const c = decode(entry);
      if (c !== undefined) return c;
    }
  }
  return undefined;
}

export async function storeCredentials(registry: string, creds: Credentials, path: string = defaultConfigPath()): Promise<void> {
  const cfg = await readConfig(path);
  const auths: Record<string, unknown> = { ...(cfg.auths ?? {}) };
  for (const key of Object.keys(auths)) if (registryOfKey(key) === registry.toLowerCase()) delete auths[key];
  auths[keyFor(registry)] = { auth: Buffer.from(`${creds.username}:${creds.password}`).toString('base64') };
  await writeConfig(path, { ...cfg, auths });
}

/** Removes the credentials of `registry`; false when there were none. */
export async function removeCredentials(registry: string, path: string = defaultConfigPath()): Promise<boolean> {
  const cfg = await readConfig(path);
  const auths: Record<string, unknown> = { ...(cfg.auths ?? {}) };
  let removed = false;
  for (const key of Object.keys(auths)) {
    if (registryOfKey(key) === registry.toLowerCase()) {
      delete auths[key];
      removed = true;
    }
  }
  if (removed) await writeConfig(path, { ...cfg, auths });
  return removed;
}
