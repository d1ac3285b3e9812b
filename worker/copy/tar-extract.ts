/**
 * Extracts a tar into a directory of a root (a container's rootfs, or the
 * host folder a copy lands in) without ever leaving the root: every entry's
 * path is resolved with `resolveInRoot` (links re-rooted, `..` clamped),
 * names with `..` are refused, files are created O_EXCL|O_NOFOLLOW after the
 * old entry is unlinked, and devices, fifos and sockets are skipped.
 */
import { constants } from 'node:fs';
import { chmod, chown, lchown, link, lstat, lutimes, mkdir, open, symlink, unlink, utimes } from 'node:fs/promises';
import { posix } from 'node:path';
import { OrcError } from '../../common/errors.js';
import type { TarEntry } from '../images/index.js';
import { resolveInRoot } from './rootfs-path.js';

export interface ExtractOptions {
  /** The root nothing may leave. */
  root: string;
  /** The directory inside the root the names are relative to. */
  dir: string;
  /** Archive name → name to write (relative to `dir`), or null to skip the entry. */
  rename: (name: string) => string | null;
  /** 'keep': the archive's uid/gid; else these ids for everything. */
  owner: 'keep' | { uid: number; gid: number };
}

function unsafe(name: string, why: string): OrcError {
  return new OrcError('ORC_UNSAFE_LAYER', `archive entry "${name}" ${why}`);
}

/** `./a/b/` → `a/b`; refuses `..`. */
export function cleanName(raw: string): string {
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw unsafe(raw, 'leaves the destination (..)');
  return parts.join('/');
}

async function drain(e: TarEntry): Promise<void> {
  for await (const _ of e.body()) {
    // skipped
  }
}

async function removeNonDir(path: string, name: string): Promise<void> {
  try {
    const st = await lstat(path);
    if (st.isDirectory()) throw new OrcError('ORC_CONFLICT', `cannot overwrite directory ${name} with a non-directory`);
    await unlink(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

export async function extractTar(entries: AsyncIterable<TarEntry>, opts: ExtractOptions): Promise<number> {
  let count = 0;
  for await (const e of entries) {
    const h = e.header;
    const name = cleanName(h.name);
    const mapped = name === '' ? null : opts.rename(name);
    if (mapped === null || !['file', 'dir', 'symlink', 'link'].includes(h.type)) {
      await drain(e);
      continue;
    }
    const target = await resolveInRoot(opts.root, posix.join(opts.dir, mapped), false);
    if (target.inside === '/') throw unsafe(h.name, 'would replace the root');
    const uid = opts.owner === 'keep' ? h.uid : opts.owner.uid;
    const gid = opts.owner === 'keep' ? h.gid : opts.owner.gid;
    const mode = h.mode & 0o7777;
    if (h.type === 'dir') {
      const st = await lstat(target.host).catch(() => undefined);
      if (st !== undefined && !st.isDirectory()) await unlink(target.host);
      if (st === undefined || !st.isDirectory()) await mkdir(target.host, { mode });
      await chmod(target.host, mode);
      await chown(target.host, uid, gid);
      await drain(e);
    } else if (h.type === 'file') {
      await removeNonDir(target.host, target.inside);
      const fh = await open(target.host, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        for await (const chunk of e.body()) await fh.write(chunk);
        await fh.chown(uid, gid);
        await fh.chmod(mode);
      } finally {
        await fh.close();
      }
      await utimes(target.host, h.mtime, h.mtime);
    } else if (h.type === 'symlink') {
      await removeNonDir(target.host, target.inside);
      await symlink(h.linkname, target.host);
      await lchown(target.host, uid, gid);
      await lutimes(target.host, h.mtime, h.mtime).catch(() => undefined);
      await drain(e);
    } else {
      const to = opts.rename(cleanName(h.linkname));
      if (to === null) throw unsafe(h.name, `is a hard link to ${h.linkname}, outside what is copied`);
      const source = await resolveInRoot(opts.root, posix.join(opts.dir, to), false);
      await removeNonDir(target.host, target.inside);
      await link(source.host, target.host);
      await drain(e);
    }
    count++;
  }
  return count;
}
