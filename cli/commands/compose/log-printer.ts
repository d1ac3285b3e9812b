/**
 * Several containers' logs merged into one output, as Docker Compose prints
 * them: each line prefixed `name  | ` padded to the longest name seen so far,
 * each name in the next colour of Compose's palette when colours are on, and
 * status lines (`web-1 exited with code 0`). `orc compose logs` and an
 * attached `orc compose up` share it.
 */
import type { LogEntry, LogOptions, OrcClient } from '../../client/index.js';
import type { Io } from '../../io.js';

/** Compose's rainbow: cyan, yellow, green, magenta, blue, then the same, intense. */
export const PALETTE: readonly string[] = ['36', '33', '32', '35', '34', '36;1', '33;1', '32;1', '35;1', '34;1'];

export interface LogPrinterOptions {
  /** Colour each name (Compose: on a terminal, unless --no-color). */
  color: boolean;
  /** `name  | ` before each line (off with --no-log-prefix). */
  prefix: boolean;
  /** The record's time before each line (`-t`). */
  timestamps: boolean;
}

export interface FollowTarget {
  id: string;
  /** The name the prefix shows (`web-1`). */
  name: string;
}

interface Presenter {
  color: (s: string) => string;
  prefix: string;
}

export class LogPrinter {
  private readonly presenters = new Map<string, Presenter>();
  private width = 0;
  private nextColor = 0;

  constructor(private readonly io: Io, private readonly opts: LogPrinterOptions) {}

  /** Makes `name` known: its colour is the next one, and every prefix is padded to the longest name. */
  register(name: string): void {
    if (this.presenters.has(name)) return;
    let color = (s: string): string => s;
    if (this.opts.color && name !== '') {
      const code = PALETTE[this.nextColor % PALETTE.length] ?? '0';
      this.nextColor++;
      color = (s) => `\x1b[${code}m${s}\x1b[0m`;
    }
    this.presenters.set(name, { color, prefix: '' });
    this.width = Math.max(...[...this.presenters.keys()].map((n) => n.length)) + 1;
    if (this.opts.prefix) for (const [n, p] of this.presenters) p.prefix = p.color(`${n.padEnd(this.width)} | `);
  }

  private presenter(name: string): Presenter {
    this.register(name);
    return this.presenters.get(name) as Presenter;
  }

  /** The text with each line prefixed (a trailing newline ends the last line, it does not start another). */
  format(name: string, text: string, time?: string): string {
    const p = this.presenter(name);
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    const stamp = this.opts.timestamps && time !== undefined ? `${time} ` : '';
    return lines.map((l) => `${p.prefix}${stamp}${l}\n`).join('');
  }

  /** Prints lines of `name` (Compose prints both streams on stdout). */
  log(name: string, text: string, time?: string): void {
    this.io.out(this.format(name, text, time));
  }

  /** `web-1 exited with code 0`, in the name's colour. */
  status(name: string, message: string): void {
    const p = this.presenter(name);
    this.io.out(p.color(`${name} ${message}`) + '\n');
  }

  /**
   * Streams one container's log records until they end (with `follow`, until
   * the container stops or `opts.signal` aborts), printing complete lines; a
   * last line without a newline is printed when the stream ends.
   */
  async follow(client: Pick<OrcClient, 'logs'>, target: FollowTarget, opts: LogOptions = {}): Promise<void> {
    this.register(target.name);
    await this.print(target.name, client.logs(target.id, { stdout: true, stderr: true, ...opts }));
  }

  /** Prints the records of `name` from any source of log entries (what `follow` does after asking the engine). */
  async print(name: string, entries: AsyncIterable<LogEntry>): Promise<void> {
    let partial = '';
    let partialTime = '';
    try {
      for await (const e of entries) {
        const text = partial + e.log.toString();
        const cut = text.lastIndexOf('\n');
        if (cut < 0) {
          partial = text;
          partialTime ||= e.time;
          continue;
        }
        this.log(name, text.slice(0, cut + 1), partialTime || e.time);
        partial = text.slice(cut + 1);
        partialTime = partial === '' ? '' : e.time;
      }
    } finally {
      if (partial !== '') this.log(name, partial, partialTime);
    }
  }
}
