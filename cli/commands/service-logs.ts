/**
 * `orc service logs SERVICE|TASK`: the logs of a service's tasks from every
 * node that runs them, as `docker service logs` prints them: each line
 * prefixed `NAME.SLOT.TASKID@NODE    | `, stdout to stdout and stderr to
 * stderr. A node that cannot be reached is reported on stderr at once
 * (`error from node X …`) and the others' lines still come.
 */
import { Command, InvalidArgumentError } from 'commander';
import { withCluster } from '../cluster-client.js';
import type { Io } from '../io.js';

export interface LogLineView {
  taskId: string;
  nodeId: string;
  nodeName: string;
  serviceName: string;
  slot: number;
  stream: 'stdout' | 'stderr' | '';
  data: Buffer;
  timestampMs: number;
  error: string;
}

export interface PrefixOptions {
  /** Print NAME.SLOT@NODE (no task id). */
  noTaskIds: boolean;
  /** Full task ids (default: the first 12 characters, as Docker). */
  noTrunc: boolean;
}

/** `web.2.abcdef123456@node1`; a global service's task is named by its node id instead of a slot. */
export function lineContext(l: LogLineView, o: PrefixOptions): string {
  const slot = l.slot > 0 ? String(l.slot) : l.nodeId;
  const id = o.noTrunc ? l.taskId : l.taskId.slice(0, 12);
  return `${l.serviceName}.${slot}${o.noTaskIds ? '' : `.${id}`}@${l.nodeName !== '' ? l.nodeName : l.nodeId}`;
}

/** RFC 3339 in UTC with the sub-second digits the time carries (down to µs), as Docker's -t prints. */
export function rfc3339(ms: number): string {
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString(); // 2024-05-01T10:00:00.123Z
  const micro = Math.round((ms - whole) * 1000);
  const frac = `${iso.slice(20, 23)}${String(Math.min(999, micro)).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac !== '' ? `.${frac}` : ''}Z`;
}

/** The text an error line prints: `error from node w1 (id …) is not reachable: down`, or `error from node w1: …`. */
export function errorText(l: LogLineView): string {
  const name = l.nodeName !== '' ? l.nodeName : l.nodeId;
  const prefix = `node ${name} `;
  return l.error.startsWith(prefix) ? `error from ${l.error}\n` : `error from node ${name}: ${l.error}\n`;
}

/** Prints lines as they come; pads the prefixes to the widest seen so far. */
export class LogPrinter {
  private width = 0;

  constructor(private readonly io: Io, private readonly opts: PrefixOptions & { raw: boolean; timestamps: boolean }) {}

  print(l: LogLineView): void {
    if (l.error !== '') {
      this.io.err(errorText(l));
      return;
    }
    const text = l.data.toString('utf8');
    const stamped = this.opts.timestamps ? `${rfc3339(l.timestampMs)} ${text}` : text;
    let out = stamped;
    if (!this.opts.raw) {
      const context = lineContext(l, this.opts);
      this.width = Math.max(this.width, context.length);
      out = `${context.padEnd(this.width)}    | ${stamped}`;
    }
    if (l.stream === 'stderr') this.io.err(out);
    else this.io.out(out);
  }
}

function tailValue(v: string): number {
  if (v === 'all') return -1;
  if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError(`--tail: "${v}" is not a whole number or "all"`);
  return Number(v);
}

export function serviceLogsCommand(io: Io): Command {
  return new Command('logs')
    .description('Print the logs of a service or of one task, from every node that runs it')
    .argument('<service|task>', 'a service id, name or id prefix, or a task id')
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --tail <n>', 'only the last N lines of each task ("all" for every line)', tailValue)
    .option('-t, --timestamps', 'print the time of each line')
    .option('--no-task-ids', 'leave the task ids out of the prefixes')
    .option('--no-trunc', 'print full task ids')
    .option('--raw', 'no prefixes: the lines as the containers wrote them')
    .action(async (ref: string, f: { follow?: boolean; tail?: number; timestamps?: boolean; taskIds: boolean; trunc: boolean; raw?: boolean }, self: Command) => {
      const printer = new LogPrinter(io, { noTaskIds: !f.taskIds, noTrunc: !f.trunc, raw: f.raw === true, timestamps: f.timestamps === true });
      await withCluster(self, async (c) => {
        const lines = c.serviceLogs(ref, { follow: f.follow === true, tail: f.tail ?? -1, timestamps: f.timestamps === true }, new AbortController().signal);
        for await (const l of lines) printer.print(l);
      });
    });
}
