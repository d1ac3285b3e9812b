/**
 * The progress of `up`, `down`, `create` as Docker Compose draws it, on
 * stderr: on a terminal a block redrawn every 100 ms (a `[+] Running 3/5`
 * header, then one line an object with a spinner or a mark, its status and
 * how long it took); otherwise one plain line an event
 * (` Container p-db-1  Started`).
 */
import type { StackEvent } from '../../client/index.js';

export type ProgressMode = 'tty' | 'plain' | 'quiet';

export interface ProgressOptions {
  mode: ProgressMode;
  write(text: string): void;
  /** Columns of the terminal (tty mode); default 80. */
  width?: () => number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  /** The header's verb: `[+] Running 3/5`. */
  title?: string;
  /** Redraw period in tty mode (ms); 0: only on events and at the end. */
  period?: number;
}

export interface Progress {
  event(e: StackEvent): void;
  /** Draws the final state and stops redrawing. */
  stop(): void;
}

type State = 'working' | 'done' | 'error' | 'warning';

const DONE: ReadonlySet<string> = new Set([
  'Created', 'Started', 'Stopped', 'Removed', 'Running', 'Healthy', 'Pulled', 'Recreated', 'Exited', 'Built', 'Skipped', 'Killed', 'Restarted',
]);

export function stateOf(status: string): State {
  if (status === 'Error') return 'error';
  if (status === 'Warning') return 'warning';
  return DONE.has(status) ? 'done' : 'working';
}

/** `Container p-db-1`, `Network p_default`; a service's own events (pulls) by its name alone. */
export function eventId(e: StackEvent): string {
  if (e.kind === 'service') return e.name;
  return `${e.kind.charAt(0).toUpperCase()}${e.kind.slice(1)} ${e.name}`;
}

export function plainLine(e: StackEvent): string {
  return ` ${eventId(e)}  ${e.status}${e.detail !== '' ? ` ${e.detail}` : ''}\n`;
}

export function createProgress(o: ProgressOptions): Progress {
  if (o.mode === 'quiet') return { event: () => undefined, stop: () => undefined };
  if (o.mode === 'plain') return { event: (e) => o.write(plainLine(e)), stop: () => undefined };
  return new TtyProgress(o);
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Record<Exclude<State, 'working'>, string> = { done: '✔', error: '✘', warning: '!' };
const COLOUR: Record<State, string> = { working: '37', done: '34', error: '31', warning: '33' };
const paint = (code: string, s: string): string => `\x1b[${code}m${s}\x1b[0m`;

interface Line {
  id: string;
  status: string;
  detail: string;
  state: State;
  start: number;
  end?: number;
}

class TtyProgress implements Progress {
  private readonly lines = new Map<string, Line>();
  private drawn = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? Date.now;
    const period = o.period ?? 100;
    if (period > 0) {
      this.timer = setInterval(() => this.render(), period);
      this.timer.unref();
    }
  }

  event(e: StackEvent): void {
    const id = eventId(e);
    const state = stateOf(e.status);
    const t = this.now();
    const line = this.lines.get(id) ?? { id, status: e.status, detail: e.detail, state, start: t };
    line.status = e.status;
    line.detail = e.detail;
    if (state === 'working') delete line.end;
    else if (line.state === 'working' || line.end === undefined) line.end = t;
    line.state = state;
    this.lines.set(id, line);
    if (this.timer === undefined) this.render();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.render();
  }

  /** The block, from the top of what was drawn before. */
  render(): void {
    if (this.lines.size === 0) return;
    const width = Math.max(40, this.o.width?.() ?? 80);
    const all = [...this.lines.values()];
    const done = all.filter((l) => l.state === 'done').length;
    const pad = Math.max(...all.map((l) => `${l.id} ${l.status}`.length));
    let out = this.drawn > 0 ? `\x1b[${this.drawn}A\r` : '';
    out += '\x1b[?25l';
    const header = `[+] ${this.o.title ?? 'Running'} ${done}/${all.length}`;
    out += `\x1b[2K${done === all.length ? paint('34', header) : header}\n`;
    const t = this.now();
    for (const l of all) {
      const mark = l.state === 'working' ? (SPINNER[Math.floor(t / 100) % SPINNER.length] ?? '') : MARK[l.state];
      const head = `${l.id} ${l.status}`;
      let text = ` ${mark} ${head}${' '.repeat(pad - head.length)} ${l.detail}`;
      const timer = `${(((l.end ?? t) - l.start) / 1000).toFixed(1)}s`;
      const room = width - timer.length - 1;
      if (text.length > room) text = `${text.slice(0, Math.max(0, room - 3))}...`;
      out += `\x1b[2K${paint(COLOUR[l.state], `${text.padEnd(room)} ${timer}`)}\n`;
    }
    out += '\x1b[?25h';
    this.drawn = all.length + 1;
    this.o.write(out);
  }
}
