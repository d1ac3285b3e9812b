/**
 * What `create` does for a container's mounts before its spec is built:
 * every named and anonymous volume it names (`-v`, `--mount type=volume`,
 * the image's VOLUMEs) acquired from `Volumes`, with Docker's copy-up of the
 * image's content; `--volumes-from` mounts copied; short-syntax bind sources
 * created; secrets and configs written and bound read-only. The container's
 * mount points are returned for its record (`--volumes-from` of it later).
 */
import { lstat, mkdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { OrcError } from '../../common/errors.js';
import { parseMount, parseVolume, type RunOptions } from '../containers/index.js';
import { resolveInRoot } from '../copy/index.js';
import type { ImageConfig } from '../images/index.js';
import { writeContainerFiles, type ContainerFile, type MountPoint, type Volumes } from '../volumes/index.js';

export interface MountInput {
  volumes: Volumes;
  containerId: string;
  /** The container's folder: secrets and configs go in `files/` there. */
  containerDir: string;
  /** The mounted rootfs (the copy-up source). */
  rootfs: string;
  image: ImageConfig;
  options: RunOptions & { files?: readonly ContainerFile[]; volumesFrom?: readonly string[] };
  /** The mount points of another container, by id, name or prefix (throws ORC_NOT_FOUND). */
  mountPointsOf: (ref: string) => { id: string; mountPoints: readonly MountPoint[] };
}

export interface PreparedMounts {
  /** The options buildSpec gets: the user's, plus `--mount`s for volumes-from and the files. */
  options: RunOptions;
  /** HostFacts.volumes: host paths by volume name, and by target for anonymous volumes. */
  hostVolumes: Record<string, string>;
  /** The container's volumes and binds (not tmpfs, not files), for its record. */
  mountPoints: MountPoint[];
}

function mountString(type: 'bind' | 'volume', source: string, target: string, readOnly: boolean): string {
  for (const [what, v] of [['source', source], ['target', target]] as const) {
    if (v.includes(',') || v.includes('"')) throw new OrcError('ORC_USAGE', `--volumes-from: the ${what} ${v} has a ',' or '"', which orc cannot pass on yet`);
  }
  return `type=${type},source=${source},target=${target}${readOnly ? ',readonly' : ''}`;
}

function nocopyOf(raw: string, option: '-v' | '--mount'): boolean {
  if (option === '-v') {
    const mode = raw.split(':')[2];
    return mode !== undefined && mode.split(',').includes('nocopy');
  }
  return raw.split(',').some((f) => {
    const [k, v] = f.split('=');
    return k?.trim().toLowerCase() === 'volume-nocopy' && (v === undefined || v === 'true' || v === '1');
  });
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

/** Copy-up of the image's content at `target` into the volume (when it is a directory in the image). */
async function copyUpFrom(volumes: Volumes, name: string, rootfs: string, target: string): Promise<void> {
  let host: string;
  try {
    host = (await resolveInRoot(rootfs, target, true)).host;
  } catch (e) {
    if (e instanceof OrcError && e.code === 'ORC_NOT_FOUND') return;
    throw e;
  }
  const st = await lstat(host).catch(() => undefined);
  if (st?.isDirectory() === true) await volumes.populate(name, host);
}

/**
 * Acquires, copies up, writes and parses; on failure the caller runs
 * `volumes.releaseAll(containerId, { removeAnonymous: true })`.
 */
export async function prepareMounts(input: MountInput): Promise<PreparedMounts> {
  const { volumes, containerId: id, rootfs, image, options } = input;
  const hostVolumes: Record<string, string> = {};
  const mountPoints: MountPoint[] = [];
  const copies: Array<{ name: string; target: string }> = [];
  const own = new Set<string>();
  const requests = [
    ...(options.volumes ?? []).map((raw) => ({ raw, option: '-v' as const, req: parseVolume(raw) })),
    ...(options.mounts ?? []).map((raw) => ({ raw, option: '--mount' as const, req: parseMount(raw) })),
  ];
  for (const t of options.tmpfs ?? []) own.add(posix.normalize(t.split(':')[0] ?? t).replace(/(.)\/+$/, '$1'));
  for (const { req } of requests) own.add(req.target);

  for (const { raw, option, req } of requests) {
    if (req.kind === 'tmpfs') continue;
    if (req.kind === 'bind') {
      if (!(await exists(req.source))) {
        // Docker (and Compose's short syntax) create a missing -v source; --mount refuses it.
        if (option === '--mount') throw new OrcError('ORC_NOT_FOUND', `--mount: invalid mount config for type "bind": bind source path does not exist: ${req.source}`);
        await mkdir(req.source, { recursive: true, mode: 0o755 });
      }
      mountPoints.push({ type: 'bind', source: req.source, destination: req.target, readOnly: req.readOnly });
      continue;
    }
    let name = req.source;
    let path: string;
    if (name === '') {
      ({ name, path } = await volumes.acquireNew(id));
      hostVolumes[req.target] = path;
    } else {
      path = await volumes.acquire(name, id);
      hostVolumes[name] = path;
    }
    mountPoints.push({ type: 'volume', name, source: path, destination: req.target, readOnly: req.readOnly, ...(req.source === '' ? { anonymous: true } : {}) });
    if (!nocopyOf(raw, option)) copies.push({ name, target: req.target });
  }

  // --volumes-from C[:ro|:rw]: the other container's volumes and binds, where this one mounts nothing itself.
  const extra: string[] = [];
  for (const spec of options.volumesFrom ?? []) {
    const colon = spec.lastIndexOf(':');
    const mode = colon > 0 ? spec.slice(colon + 1) : '';
    const ref = colon > 0 ? spec.slice(0, colon) : spec;
    if (mode !== '' && mode !== 'ro' && mode !== 'rw') throw new OrcError('ORC_USAGE', `--volumes-from: invalid mode: ${mode} in "${spec}" (ro or rw)`);
    const from = input.mountPointsOf(ref);
    for (const mp of from.mountPoints) {
      if (own.has(mp.destination)) continue;
      own.add(mp.destination);
      const readOnly = mode === 'ro' ? true : mode === 'rw' ? false : mp.readOnly;
      if (mp.type === 'volume' && mp.name !== undefined) {
        const path = await volumes.acquire(mp.name, id);
        hostVolumes[mp.name] = path;
        extra.push(mountString('volume', mp.name, mp.destination, readOnly));
        mountPoints.push({ ...mp, source: path, readOnly });
      } else {
        extra.push(mountString('bind', mp.source, mp.destination, readOnly));
        mountPoints.push({ ...mp, readOnly });
      }
    }
  }

  // The image's VOLUMEs nothing else mounts: anonymous volumes (keyed as buildSpec looks them up).
  for (const v of image.volumes) {
    const target = posix.normalize(v);
    if (own.has(target) || own.has(target.replace(/(.)\/+$/, '$1'))) continue;
    own.add(target);
    const { name, path } = await volumes.acquireNew(id);
    hostVolumes[target] = path;
    mountPoints.push({ type: 'volume', name, source: path, destination: target, readOnly: false, anonymous: true });
    copies.push({ name, target });
  }

  for (const c of copies) await copyUpFrom(volumes, c.name, rootfs, c.target);

  for (const b of await writeContainerFiles(join(input.containerDir, 'files'), options.files ?? [])) {
    extra.push(mountString('bind', b.source, b.destination, b.readOnly));
  }
  const { files: _files, volumesFrom: _from, ...rest } = options;
  return { options: extra.length === 0 ? rest : { ...rest, mounts: [...(rest.mounts ?? []), ...extra] }, hostVolumes, mountPoints };
}

/** The options kept in the container's record: without the files' content. */
export function storedOptions<T extends { files?: readonly ContainerFile[] }>(options: T): Omit<T, 'files'> {
  const { files: _files, ...rest } = options;
  return rest;
}
