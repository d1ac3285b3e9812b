/**
 * Joins an attached process (`orc run`, `attach`, `exec`) to this process's
 * stdio: output as raw bytes, stdin forwarded, the terminal put in raw mode
 * and its size sent along with `-t`, Docker's detach sequence (ctrl-p
 * ctrl-q by default) and, for a container's main process, signals proxied.
 */
import { OrcError } from '../common/errors.js';
import type { Attached, TerminalSize } from './client/index.js';

export interface PipeOptions {
  /** The process has a terminal: raw mode, sizes, the detach sequence. */
  tty: boolean;
  /** Forward this process's stdin. */
  stdin: boolean;
  /** Docker's `--detach-keys` (`ctrl-p,ctrl-q`); '' turns detaching off. */
  detachKeys?: string;
  /** Called for SIGINT/SIGTERM/… while attached without a terminal (`--sig-proxy`). */
  onSignal?: (signal: NodeJS.Signals) => void;
}

const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';
const PROXIED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** `ctrl-p,ctrl-q` → the bytes [0x10, 0x11]; `a` → its code; ctrl-@ … ctrl-_ as Docker. */
export function parseDetachKeys(spec: string): number[] {
  if (spec === '') return [];
  return spec.split(',').map((k) => {
    if (k.length === 1) return k.charCodeAt(0);
    const m = /^ctrl-(.)$/.exec(k);
    const c = m?.[1];
    if (c !== undefined) {
      if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 0x60;
      const i = '@[\\]^_'.indexOf(c);
      if (i >= 0) return i === 0 ? 0 : 0x1b + i - 1;
    }
    throw new OrcError('ORC_USAGE', `--detach-keys: invalid key "${k}" (use a letter, or ctrl- with a letter or @ [ \\ ] ^ _)`);
  });
}

function size(): TerminalSize | undefined {
  const out = process.stdout;
  return out.isTTY && out.rows > 0 && out.columns > 0 ? { rows: out.rows, cols: out.columns } : undefined;
}

/** The terminal size to start with under `-t`, when stdout is a terminal. */
export function initialSize(tty: boolean): TerminalSize | undefined {
  return tty ? size() : undefined;
}

function writeOut(stream: NodeJS.WriteStream, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(data)) resolve();
    else stream.once('drain', resolve);
  });
}

/**
 * Pumps until the process ends (its exit code) or the user detaches
 * (undefined). Leaves the terminal as it found it.
 */
export async function pipeAttached(a: Attached, o: PipeOptions): Promise<number | undefined> {
  const stdin = process.stdin;
  const raw = o.tty && o.stdin && stdin.isTTY;
  const keys = o.tty ? parseDetachKeys(o.detachKeys ?? DEFAULT_DETACH_KEYS) : [];
  let matched = 0;
  const cleanups: Array<() => void> = [];

  if (o.stdin) {
    if (raw) {
      stdin.setRawMode(true);
      cleanups.push(() => stdin.setRawMode(false));
    }
    const onData = (chunk: Buffer): void => {
      if (keys.length === 0) {
        a.write(chunk);
        return;
      }
      // A possible start of the detach sequence is held back until it is told apart, as Docker does.
      const out: number[] = [];
      for (const b of chunk) {
        if (b === keys[matched]) {
          matched++;
          if (matched < keys.length) continue;
          if (out.length > 0) a.write(Buffer.from(out));
          a.detach();
          return;
        }
        if (matched > 0) out.push(...keys.slice(0, matched));
        matched = b === keys[0] ? 1 : 0;
        if (matched === 0) out.push(b);
      }
      if (out.length > 0) a.write(Buffer.from(out));
    };
    const onEnd = (): void => a.closeStdin();
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
    cleanups.push(() => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
    });
  }
  if (o.tty && process.stdout.isTTY) {
    const onResize = (): void => {
      const s = size();
      if (s !== undefined) a.resize(s);
    };
    process.stdout.on('resize', onResize);
    cleanups.push(() => process.stdout.off('resize', onResize));
  }
  if (!o.tty && o.onSignal !== undefined) {
    const proxy = o.onSignal;
    for (const sig of PROXIED) {
      const h = (): void => proxy(sig);
      process.on(sig, h);
      cleanups.push(() => process.off(sig, h));
    }
  }
  try {
    for await (const chunk of a.output) await writeOut(chunk.stream === 'stderr' ? process.stderr : process.stdout, chunk.data);
    return await a.exitCode;
  } finally {
    for (const c of cleanups.reverse()) c();
  }
}
