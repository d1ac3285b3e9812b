/**
 * One Engine per data root: `<dataRoot>/orc.pid`, created with O_EXCL and
 * holding the owner's pid. It is stale — and taken over — when that pid is
 * gone, a zombie, or a process that started after the file was written (a
 * reused pid). Node has no flock; a pid file checked for liveness works
 * across processes and survives nothing but its owner.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { OrcError } from '../../common/errors.js';

export const LOCK_FILE = 'orc.pid';

/** Clock ticks per second of /proc/<pid>/stat's starttime (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

function bootTimeMs(): number {
  const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
  return m === null ? 0 : Number(m[1]) * 1000;
}

/** When `pid` started (ms since the epoch, ±1 s), or undefined when it is gone or a zombie. */
export function processStartMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return bootTimeMs() + (Number(fields[19]) / USER_HZ) * 1000;
}

interface Holder {
  pid: number;
  alive: boolean;
}

function holderOf(path: string): Holder | undefined {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(path, 'utf8');
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return { pid: 0, alive: false };
  const started = processStartMs(pid);
  // The owner wrote the file after it started; a process that started later only reuses the pid.
  return { pid, alive: started !== undefined && started <= mtimeMs + 1500 };
}

export interface DataRootLock {
  readonly path: string;
  /** Removes the pid file (only while it is still this process's). */
  release(): void;
}

/** Takes the data root's lock, or throws ORC_CONFLICT naming the live owner. */
export function lockDataRoot(dataRoot: string): DataRootLock {
  const path = join(dataRoot, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new OrcError('ORC_IO', `cannot create ${path}: ${(e as Error).message}`, { cause: e });
      const holder = holderOf(path);
      if (holder === undefined) continue; // removed meanwhile: try again
      if (holder.alive) {
        throw new OrcError('ORC_CONFLICT', `data root ${dataRoot} is in use by pid ${holder.pid}${holder.pid === process.pid ? ' (this process)' : ''}: stop that engine first, or use another --data-root`);
      }
      // Stale: move it aside under a name of our own, then make sure it was the stale one we judged.
      const aside = `${path}.stale.${process.pid}`;
      try {
        renameSync(path, aside);
      } catch {
        continue;
      }
      const moved = holderOf(aside);
      if (moved?.alive === true) {
        // Another process took it over between our look and the rename: give it back.
        try {
          linkSync(aside, path);
        } catch {
          // a third one holds it now; ours is the next attempt's problem
        }
      }
      try {
        unlinkSync(aside);
      } catch {
        // already gone
      }
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    return {
      path,
      release() {
        try {
          if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      },
    };
  }
  throw new OrcError('ORC_CONFLICT', `cannot take the lock ${path}: it keeps changing hands; another engine is starting on data root ${dataRoot}`);
}
