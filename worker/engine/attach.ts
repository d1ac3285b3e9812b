/**
 * The engine's client of a shim's attach socket (shim.sock): frames of one
 * stream byte, a 4-byte big-endian length and the payload, in both
 * directions (native/src/shim.h). The shim sends stdout (1), stderr (2) and,
 * last, the exit document (3); a client sends stdin (0), close-stdin (5) and
 * terminal sizes (6).
 */
import { connect, type Socket } from 'node:net';
import { AsyncQueue } from '../../common/async-queue.js';
import { OrcError } from '../../common/errors.js';
import type { ExitRecord } from './shim.js';

export const enum Frame {
  Stdin = 0,
  Stdout = 1,
  Stderr = 2,
  Exit = 3,
  State = 4,
  CloseStdin = 5,
  Resize = 6,
}

const HEADER = 5;
/** Larger stdin writes are cut into frames of this size. */
const MAX_FRAME = 32 * 1024;

export type AttachOutput = { stream: 'stdout' | 'stderr'; data: Buffer };

/** One attached client: output as an async iterable, input as methods. */
export interface AttachSession {
  /** stdout/stderr chunks until the process ends or the session is closed. */
  output: AsyncIterable<AttachOutput>;
  /** The exit document when the shim sent one before closing; undefined when the connection ended without it. */
  exit: Promise<ExitRecord | undefined>;
  write(data: Buffer): Promise<void>;
  closeStdin(): void;
  resize(rows: number, cols: number): void;
  /** Detaches: the process goes on. */
  close(): void;
}

function frame(stream: Frame, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(HEADER);
  h.writeUInt8(stream, 0);
  h.writeUInt32BE(payload.length, 1);
  return Buffer.concat([h, payload]);
}

function parseExit(payload: Buffer): ExitRecord | undefined {
  try {
    const j = JSON.parse(payload.toString('utf8')) as Partial<ExitRecord>;
    if (typeof j.exitCode !== 'number') return undefined;
    return { pid: j.pid ?? 0, exitCode: j.exitCode, signal: j.signal ?? 0, oomKilled: j.oomKilled === true, exitedAt: j.exitedAt ?? new Date().toISOString() };
  } catch {
    return undefined;
  }
}

/** Connects to `socketPath`; rejects with ORC_UNAVAILABLE when nothing listens there. */
export function attachShim(socketPath: string, what: string): Promise<AttachSession> {
  return new Promise((resolve, reject) => {
    const sock: Socket = connect(socketPath);
    const onError = (e: Error): void => reject(new OrcError('ORC_UNAVAILABLE', `cannot attach to ${what}: ${e.message}`));
    sock.once('error', onError);
    sock.once('connect', () => {
      sock.off('error', onError);
      resolve(session(sock));
    });
  });
}

function session(sock: Socket): AttachSession {
  const queue = new AsyncQueue<AttachOutput>();
  let ended = false;
  let exit: ExitRecord | undefined;
  let resolveExit: (e: ExitRecord | undefined) => void = () => undefined;
  const exitPromise = new Promise<ExitRecord | undefined>((r) => (resolveExit = r));
  let pending: Buffer = Buffer.alloc(0);

  const finish = (): void => {
    if (ended) return;
    ended = true;
    resolveExit(exit);
    queue.end();
  };
  sock.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let off = 0;
    while (pending.length - off >= HEADER) {
      const len = pending.readUInt32BE(off + 1);
      if (pending.length - off - HEADER < len) break;
      const stream = pending.readUInt8(off);
      const payload = pending.subarray(off + HEADER, off + HEADER + len);
      off += HEADER + len;
      if (stream === Frame.Stdout || stream === Frame.Stderr) {
        queue.push({ stream: stream === Frame.Stdout ? 'stdout' : 'stderr', data: Buffer.from(payload) });
      } else if (stream === Frame.Exit) exit = parseExit(payload);
    }
    pending = off === pending.length ? Buffer.alloc(0) : pending.subarray(off);
  });
  sock.on('close', finish);
  sock.on('error', () => finish());

  const send = (b: Buffer): boolean => (ended || sock.destroyed ? true : sock.write(b));
  return {
    output: queue,
    exit: exitPromise,
    async write(data: Buffer): Promise<void> {
      for (let i = 0; i < data.length; i += MAX_FRAME) {
        if (!send(frame(Frame.Stdin, data.subarray(i, i + MAX_FRAME)))) {
          await new Promise<void>((r) => {
            sock.once('drain', r);
            sock.once('close', r);
          });
        }
      }
    },
    closeStdin(): void {
      send(frame(Frame.CloseStdin));
    },
    resize(rows: number, cols: number): void {
      const p = Buffer.alloc(4);
      p.writeUInt16BE(Math.max(0, Math.min(0xffff, rows)), 0);
      p.writeUInt16BE(Math.max(0, Math.min(0xffff, cols)), 2);
      send(frame(Frame.Resize, p));
    },
    close(): void {
      sock.end();
      sock.destroy();
      finish();
    },
  };
}
