/**
 * Relative paths in a compose file are relative to its project directory.
 * When a service comes from another file (`extends: {file}`) or another
 * project (`include`), its relative paths are made absolute against that
 * file's or project's directory before it joins this project.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { isMap } from './merge.js';
import type { Data, DataMap } from './yaml-source.js';

export function resolvePath(base: string, p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return isAbsolute(p) ? p : resolve(base, p);
}

/** Contexts that are not local paths: git URLs, http(s) URLs, other named contexts. */
export function isRemoteContext(p: string): boolean {
  return /^(https?:\/\/|git@|git:\/\/|github\.com\/|ssh:\/\/)/.test(p) || /^[a-z]+:\/\//.test(p);
}

function set(obj: DataMap, key: string, value: Data): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A short-syntax volume with a local source: `./data:/data`, `~/x:/x`, `../x:/x:ro`. */
function rebaseVolumeString(v: string, base: string, home: string): string {
  const colon = v.indexOf(':');
  if (colon <= 0) return v;
  const source = v.slice(0, colon);
  if (!(source.startsWith('.') || source.startsWith('~'))) return v;
  return resolvePath(base, source, home) + v.slice(colon);
}

/** Makes the relative paths of one raw service absolute against `base`, in place. */
export function rebaseService(service: Data, base: string, home: string): void {
  if (!isMap(service)) return;
  const build = service['build'];
  if (typeof build === 'string' && !isRemoteContext(build)) set(service, 'build', resolvePath(base, build, home));
  else if (isMap(build)) {
    const context = build['context'];
    if (typeof context === 'string' && !isRemoteContext(context)) set(build, 'context', resolvePath(base, context, home));
    else if (context === undefined) set(build, 'context', base);
  }
  const envFile = service['env_file'];
  const rebaseEnvFile = (e: Data): Data => {
    if (typeof e === 'string') return resolvePath(base, e, home);
    if (isMap(e) && typeof e['path'] === 'string') set(e, 'path', resolvePath(base, e['path'], home));
    return e;
  };
  if (typeof envFile === 'string' || isMap(envFile)) set(service, 'env_file', rebaseEnvFile(envFile));
  else if (Array.isArray(envFile)) set(service, 'env_file', envFile.map(rebaseEnvFile));
  const labelFile = service['label_file'];
  if (typeof labelFile === 'string') set(service, 'label_file', resolvePath(base, labelFile, home));
  else if (Array.isArray(labelFile)) {
    set(service, 'label_file', labelFile.map((l) => (typeof l === 'string' ? resolvePath(base, l, home) : l)));
  }
  const volumes = service['volumes'];
  if (Array.isArray(volumes)) {
    volumes.forEach((v, i) => {
      if (typeof v === 'string') volumes[i] = rebaseVolumeString(v, base, home);
      else if (isMap(v) && v['type'] === 'bind' && typeof v['source'] === 'string') {
        set(v, 'source', resolvePath(base, v['source'], home));
      }
    });
  }
  const watch = isMap(service['develop']) ? service['develop']['watch'] : undefined;
  if (Array.isArray(watch)) {
    for (const w of watch) if (isMap(w) && typeof w['path'] === 'string') set(w, 'path', resolvePath(base, w['path'], home));
  }
}

/** Makes every relative path of a whole raw document absolute against `base`, in place. */
export function rebaseDocument(doc: DataMap, base: string, home: string): void {
  const services = doc['services'];
  if (isMap(services)) for (const s of Object.values(services)) rebaseService(s, base, home);
  for (const kind of ['secrets', 'configs']) {
    const defs = doc[kind];
    if (!isMap(defs)) continue;
    for (const def of Object.values(defs)) {
      if (isMap(def) && typeof def['file'] === 'string') set(def, 'file', resolvePath(base, def['file'], home));
    }
  }
}
