/**
 * Docker's rules for where `docker cp` puts things, from the source (a file
 * or a directory, `SRC/.` for its contents) and the destination as typed
 * (a trailing `/` says it must be a directory) and as it is on disk:
 *
 * | source | destination | result |
 * |---|---|---|
 * | file | missing (no trailing `/`) | saved as DEST (its parent must exist) |
 * | file | missing, `DEST/` | error: the directory does not exist |
 * | file | a file | overwritten |
 * | file | a directory | DEST/basename(SRC) |
 * | dir | missing | DEST created with SRC's contents |
 * | dir | a file | error: cannot copy a directory to a file |
 * | dir | a directory | DEST/basename(SRC); with `SRC/.` the contents go into DEST |
 *
 * The archive's entries are rooted at one top name (the source's basename):
 * `place` says which directory to extract into and how to rename entries.
 */
import { posix } from 'node:path';
import { OrcError } from '../../common/errors.js';

export interface Placement {
  /** The directory the entries land in (the destination, or its parent). */
  dir: string;
  rename: (name: string) => string | null;
}

/** Renames the top `from` (and what is under it) to `to`; '' drops the top itself (contents only). */
function rebase(from: string, to: string): (name: string) => string | null {
  return (name) => {
    if (name === from) return to === '' ? null : to;
    if (name.startsWith(`${from}/`)) return to === '' ? name.slice(from.length + 1) : `${to}${name.slice(from.length)}`;
    return null; // not under the copied top: never written
  };
}

/** Whether a path as typed asks for a directory's contents (`dir/.`). */
export function contentsOnly(path: string): boolean {
  return path === '.' || path.endsWith('/.');
}

export function place(opts: {
  srcName: string;
  srcIsDir: boolean;
  contentsOnly: boolean;
  /** The destination as typed. */
  dest: string;
  /** The destination, resolved. */
  destPath: string;
  /** undefined: it does not exist. */
  destIsDir: boolean | undefined;
}): Placement {
  const wantsDir = opts.dest.endsWith('/') || contentsOnly(opts.dest);
  if (opts.destIsDir === true) {
    if (opts.srcIsDir && opts.contentsOnly) return { dir: opts.destPath, rename: rebase(opts.srcName, '') };
    return { dir: opts.destPath, rename: rebase(opts.srcName, opts.srcName) };
  }
  if (opts.destIsDir === false) {
    if (opts.srcIsDir) throw new OrcError('ORC_USAGE', `cannot copy a directory to a file: ${opts.dest}`);
    if (wantsDir) throw new OrcError('ORC_USAGE', `${opts.dest} is not a directory`);
    return { dir: posix.dirname(opts.destPath), rename: rebase(opts.srcName, posix.basename(opts.destPath)) };
  }
  if (wantsDir && !opts.srcIsDir) throw new OrcError('ORC_NOT_FOUND', `destination directory ${opts.dest} does not exist`);
  return { dir: posix.dirname(opts.destPath), rename: rebase(opts.srcName, posix.basename(opts.destPath)) };
}
