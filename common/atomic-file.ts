/**
 * State written so that a crash never leaves half a file: a temporary file
 * (beside the target, or in a given folder on the same filesystem), fsync,
 * rename over the target, fsync of the target's folder.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OrcError } from './errors.js';

export interface AtomicWriteOptions {
  /** file mode of the new file (default 0o644) */
  mode?: number;
  /** where the temporary file goes (default: the target's folder) */
  tmpDir?: string;
}

export async function writeFileAtomic(path: string, data: Buffer | string, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const tmp = join(opts.tmpDir ?? dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    const fh = await open(tmp, 'wx', opts.mode ?? 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    await fsyncDir(dir);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new OrcError('ORC_IO', `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Makes a folder's entries (a rename into it) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
