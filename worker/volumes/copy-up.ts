/**
 * Docker's copy-up: the first time an empty volume is mounted where the
 * image has content, that content is copied into the volume — modes,
 * owners, timestamps, links, hard links and special files kept (`cp -a`,
 * which never follows a link of the source) — and the volume's root takes
 * the owner and mode of the image's directory.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { OrcError } from '../../common/errors.js';

export async function isEmptyDir(dir: string): Promise<boolean> {
  return (await readdir(dir)).length === 0;
}

/** Copies the contents of `source` (a real directory, not a link) into the empty `dest`. */
export async function copyUp(source: string, dest: string): Promise<void> {
  const st = await lstat(source);
  if (!st.isDirectory()) throw new OrcError('ORC_INTERNAL', `copy-up source ${source} is not a directory`);
  const entries = await readdir(source);
  if (entries.length > 0) {
    await new Promise<void>((done, fail) => {
      execFile('cp', ['-a', '--', `${source}/.`, dest], { maxBuffer: 1 << 20 }, (err, _o, stderr) => {
        if (err === null) done();
        else fail(new OrcError('ORC_IO', `cannot copy the image's content of ${source} into the volume at ${dest}: ${stderr.trim() || err.message}`, { cause: err }));
      });
    });
  }
  await chown(dest, st.uid, st.gid);
  await chmod(dest, st.mode & 0o7777);
}

/** Bytes of the files under `dir` (hard links once), as Docker's reclaimed space counts. */
export async function diskUsage(dir: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      const st = await lstat(p).catch(() => undefined);
      if (st === undefined) continue;
      if (st.isDirectory()) await walk(p);
      else {
        const key = `${st.dev}:${st.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
        total += st.size;
      }
    }
  };
  await walk(dir);
  return total;
}
