/**
 * Paths inside a container, resolved against its rootfs by hand: each
 * component is lstat'ed under the root, a symbolic link is read and its
 * target resolved again *inside* the root (absolute targets restart at the
 * root), `..` stops at the root. The host never follows a link itself, so
 * `/x -> /etc` in a container means the container's /etc.
 */
import { lstat, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { OrcError } from '../../common/errors.js';

const MAX_LINKS = 40;

export interface Resolved {
  /** The host path (under `root`), every component a real directory but maybe the last. */
  host: string;
  /** The same inside the container, normalised (`/etc/passwd`). */
  inside: string;
}

/**
 * Resolves `path` (absolute or relative to `/`) under `root`. Links in the
 * middle are always followed within the root; the last component only with
 * `followLast`. A missing last component is fine (the caller creates it); a
 * missing or non-directory middle one is ORC_NOT_FOUND.
 */
export async function resolveInRoot(root: string, path: string, followLast: boolean): Promise<Resolved> {
  const done: string[] = [];
  const todo = path.split('/').filter((c) => c !== '' && c !== '.').reverse();
  let links = 0;
  while (todo.length > 0) {
    const c = todo.pop() as string;
    if (c === '..') {
      done.pop();
      continue;
    }
    const host = posix.join(root, ...done, c);
    const last = todo.length === 0;
    let st;
    try {
      st = await lstat(host);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && last) {
        done.push(c);
        break;
      }
      throw new OrcError('ORC_NOT_FOUND', `no such file or directory in the container: ${posix.join('/', ...done, c)}`, { cause: e });
    }
    if (st.isSymbolicLink() && (!last || followLast)) {
      if (++links > MAX_LINKS) throw new OrcError('ORC_USAGE', `too many levels of symbolic links in ${path}`);
      const target = await readlink(host);
      if (target.startsWith('/')) done.length = 0;
      todo.push(...target.split('/').filter((x) => x !== '' && x !== '.').reverse());
      continue;
    }
    if (!last && !st.isDirectory()) throw new OrcError('ORC_NOT_FOUND', `not a directory in the container: ${posix.join('/', ...done, c)}`);
    done.push(c);
  }
  return { host: posix.join(root, ...done), inside: posix.join('/', ...done) };
}
