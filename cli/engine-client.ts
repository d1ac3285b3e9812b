/**
 * What the daemon commands share: `-H/--host`, and a client loaded lazily so
 * that commands which do not talk to the daemon (`orc config`, `--version`)
 * never load gRPC.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { OrcClient } from './client/index.js';
import type { Io } from './io.js';

export async function withClient<T>(cmd: Command, fn: (client: OrcClient) => Promise<T>): Promise<T> {
  const { connect } = await import('./client/index.js');
  const { host } = cmd.optsWithGlobals<{ host?: string }>();
  const client = await connect(host !== undefined ? { host } : {});
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

export function parseInteger(): (v: string) => number {
  return (v) => {
    if (!/^-?[0-9]+$/.test(v)) throw new InvalidArgumentError(`"${v}" is not a whole number`);
    return Number(v);
  };
}

/** `3 seconds ago`, as Docker's CREATED column. */
export function ago(unixSeconds: number, now = Date.now()): string {
  const s = Math.max(0, Math.round(now / 1000 - unixSeconds));
  if (s < 1) return 'Less than a second ago';
  if (s < 60) return `${s} second${s === 1 ? '' : 's'} ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  if (d < 14) return `${d} days ago`;
  return `${Math.round(d / 7)} weeks ago`;
}

/** Columns padded as Docker's tables (three spaces between). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** One line of stdin (the answer to a prompt), or '' at its end. */
export async function readAnswer(io: Io): Promise<string> {
  if (io.stdin !== undefined) return io.stdin().split('\n')[0] ?? '';
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

/** `X inspect A B …`: every document that could be read, printed as Docker does; then the first failure, if any. */
export async function printInspect<T>(io: Io, cmd: Command, refs: readonly string[], inspect: (c: OrcClient, ref: string) => Promise<T>): Promise<void> {
  let failure: unknown;
  const docs = await withClient(cmd, async (c) => {
    const out: T[] = [];
    for (const ref of refs) {
      try {
        out.push(await inspect(c, ref));
      } catch (e) {
        failure ??= e;
      }
    }
    return out;
  });
  io.out(`${JSON.stringify(docs, null, 4)}\n`);
  if (failure !== undefined) throw failure;
}
