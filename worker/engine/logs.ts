/**
 * Reading a container's json-file log as the shim writes it: `container.log`
 * plus rotated `container.log.1` … (oldest has the highest number), one
 * `{"log","stream","time"}` record a line. `follow` polls the current file on
 * the injected clock and reopens it after a rotation.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Clock } from './clock.js';

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds, as the shim wrote it. */
  time: string;
  /** The text, its newline included (a record split at 16 KiB has none). */
  log: string;
}

export interface LogOptions {
  /** Only the last N records (before following). */
  tail?: number;
  /** Only records at or after this time (a Date, RFC 3339, or Unix seconds). */
  since?: Date | string | number;
  /** Only records before this time. */
  until?: Date | string | number;
  stdout?: boolean;
  stderr?: boolean;
  /** Keep reading new records until the container ends (or `signal` aborts). */
  follow?: boolean;
  signal?: AbortSignal;
}

export function timeMs(v: Date | string | number): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v * 1000;
  if (/^[0-9]+(\.[0-9]+)?$/.test(v)) return Number(v) * 1000;
  return Date.parse(v);
}

/** Nanosecond RFC 3339 → ms (sub-ms digits dropped). */
function recordMs(time: string): number {
  return Date.parse(time.replace(/(\.\d{3})\d+/, '$1'));
}

function parseLine(line: string): LogEntry | undefined {
  if (line === '') return undefined;
  try {
    const j = JSON.parse(line) as Partial<LogEntry>;
    if (typeof j.log !== 'string' || typeof j.time !== 'string') return undefined;
    return { stream: j.stream === 'stderr' ? 'stderr' : 'stdout', time: j.time, log: j.log };
  } catch {
    return undefined; // a torn last line: the shim is still writing it
  }
}

/** The log files oldest first: container.log.N … container.log.1, container.log. */
async function logFiles(current: string): Promise<string[]> {
  const base = basename(current);
  let names: string[];
  try {
    names = await readdir(dirname(current));
  } catch {
    return [];
  }
  const rotated = names
    .map((n) => (n.startsWith(`${base}.`) ? Number(n.slice(base.length + 1)) : NaN))
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .sort((a, b) => b - a)
    .map((n) => join(dirname(current), `${base}.${n}`));
  return names.includes(base) ? [...rotated, current] : rotated;
}

async function readAll(path: string): Promise<string> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * The records of the log at `current`; with `follow`, keeps yielding until
 * `running()` turns false and the file is drained.
 */
export async function* readLogs(current: string, opts: LogOptions, clock: Clock, running: () => boolean, pollMs = 100): AsyncGenerator<LogEntry> {
  const since = opts.since === undefined ? -Infinity : timeMs(opts.since);
  const until = opts.until === undefined ? Infinity : timeMs(opts.until);
  const wantOut = opts.stdout ?? true;
  const wantErr = opts.stderr ?? true;
  const keep = (e: LogEntry): boolean => {
    if (e.stream === 'stdout' ? !wantOut : !wantErr) return false;
    const t = recordMs(e.time);
    return t >= since && t < until;
  };

  // Snapshot the current file's identity and size first, so following resumes exactly where reading stopped.
  let ino = 0;
  let offset = 0;
  const entries: LogEntry[] = [];
  for (const file of await logFiles(current)) {
    const text = await readAll(file);
    let complete = text;
    if (file === current) {
      const cut = text.lastIndexOf('\n') + 1;
      complete = text.slice(0, cut);
      offset = Buffer.byteLength(complete);
      ino = await stat(current).then((s) => s.ino, () => 0);
    }
    for (const line of complete.split('\n')) {
      const e = parseLine(line);
      if (e !== undefined && keep(e)) entries.push(e);
    }
  }
  const tail = opts.tail === undefined || opts.tail < 0 ? entries : opts.tail === 0 ? [] : entries.slice(-opts.tail);
  yield* tail;
  if (opts.follow !== true) return;

  let pending = '';
  const drain = async (path: string, from: number): Promise<{ entries: LogEntry[]; next: number }> => {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch {
      return { entries: [], next: from };
    }
    try {
      const { size } = await fh.stat();
      if (size <= from) return { entries: [], next: from };
      const buf = Buffer.alloc(size - from);
      const { bytesRead } = await fh.read(buf, 0, buf.length, from);
      pending += buf.subarray(0, bytesRead).toString('utf8');
      const cut = pending.lastIndexOf('\n') + 1;
      const out: LogEntry[] = [];
      for (const line of pending.slice(0, cut).split('\n')) {
        const e = parseLine(line);
        if (e !== undefined && keep(e)) out.push(e);
      }
      pending = pending.slice(cut);
      return { entries: out, next: from + bytesRead };
    } finally {
      await fh.close();
    }
  };
  for (;;) {
    if (opts.signal?.aborted === true) return;
    const alive = running();
    const s = await stat(current).catch(() => undefined);
    if (s !== undefined && s.ino !== ino && ino !== 0) {
      // Rotated: finish the old file (now container.log.1), then start the new one from 0.
      const old = await drain(`${current}.1`, offset);
      yield* old.entries;
      pending = '';
      ino = s.ino;
      offset = 0;
    } else if (s !== undefined && ino === 0) ino = s.ino;
    const now = await drain(current, offset);
    offset = now.next;
    yield* now.entries;
    if (!alive) return; // the container had ended before this last read: nothing more will come
    try {
      await clock.sleep(pollMs, opts.signal);
    } catch {
      return;
    }
  }
}

/** One record as `docker logs` prints it. */
export function formatEntry(e: LogEntry, timestamps: boolean): string {
  return timestamps ? `${e.time} ${e.log}` : e.log;
}
