/**
 * `orc compose logs`: the project's containers' output merged, each line
 * prefixed by its container (`web-1  | `). With -f it follows every
 * container, and looks for containers that start later (the list is polled
 * each second) until interrupted.
 */
import { Command, InvalidArgumentError } from 'commander';
import { OrcError } from '../../../common/errors.js';
import type { ContainerSummary, LogOptions, OrcClient } from '../../client/index.js';
import { parseInteger, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { LogPrinter } from './log-printer.js';
import { addProjectFlags, byName, checkServices, listProject, nameWithoutProject, resolveProject, specifiedContainer, type ProjectRef } from './project-scope.js';

interface LogsFlags {
  follow?: boolean;
  index: number;
  tail?: number;
  since?: string;
  until?: string;
  color: boolean;
  logPrefix: boolean;
  timestamps?: boolean;
}

/** `--tail all` or a number of lines. */
function parseTail(v: string): number | undefined {
  if (v === 'all') return undefined;
  if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError(`"${v}" is neither "all" nor a number of lines`);
  return Number(v);
}

/** The services whose logs are shown: those named, else (with a file) those not declared `attach: false`. */
export function logServices(ref: ProjectRef, named: readonly string[]): string[] {
  if (named.length > 0 || ref.spec === undefined) return [...named];
  return Object.entries(ref.spec.services).filter(([, s]) => s.attach !== false).map(([n]) => n);
}

export interface FollowProjectOptions {
  project: string;
  services: readonly string[];
  /** Containers followed from the start (their earlier output too, as `logs` and `tail` ask). */
  initial: readonly ContainerSummary[];
  logs: LogOptions;
  follow: boolean;
  /** How often the container list is read for containers started later (ms). */
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * Prints the logs of `initial`; with `follow`, until `signal` aborts: a line
 * `web-1 exited with code N` when a container stops, and the output of any
 * container of the project (re)started meanwhile, from its start.
 */
export async function printProjectLogs(client: OrcClient, printer: LogPrinter, o: FollowProjectOptions): Promise<void> {
  for (const c of byName(o.initial)) printer.register(nameWithoutProject(c));
  const following = new Set<string>();
  const running: Promise<void>[] = [];
  const start = (c: ContainerSummary, opts: LogOptions): void => {
    following.add(c.id);
    const name = nameWithoutProject(c);
    running.push((async () => {
      try {
        await printer.follow(client, { id: c.id, name }, { ...opts, ...(o.signal !== undefined ? { signal: o.signal } : {}) });
        if (!o.follow || o.signal?.aborted === true) return;
        const info = await client.inspectContainer(c.id).catch(() => undefined);
        if (info !== undefined && !info.State.Running) printer.status(name, `exited with code ${info.State.ExitCode}`);
      } catch (e) {
        if (!(e instanceof OrcError && e.code === 'ORC_NOT_FOUND')) throw e; // removed meanwhile
      } finally {
        following.delete(c.id);
      }
    })());
  };
  for (const c of o.initial) start(c, { ...o.logs, follow: o.follow });
  if (!o.follow) {
    await Promise.all(running);
    return;
  }
  const pollMs = o.pollMs ?? 1000;
  let failure: unknown;
  for (const p of running) p.catch((e: unknown) => (failure ??= e));
  const aborted = (): boolean => o.signal?.aborted === true;
  while (!aborted() && failure === undefined) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, pollMs);
      o.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
    if (aborted()) break;
    const list = await listProject(client, o.project, { services: o.services, runningOnly: true });
    for (const c of byName(list)) {
      if (following.has(c.id)) continue;
      const info = await client.inspectContainer(c.id).catch(() => undefined);
      if (info === undefined || !info.State.Running) continue;
      const opts: LogOptions = { follow: true, since: info.State.StartedAt, ...(o.logs.until !== undefined ? { until: o.logs.until } : {}) };
      start(c, opts);
      running[running.length - 1]?.catch((e: unknown) => (failure ??= e));
    }
  }
  await Promise.allSettled(running);
  if (failure !== undefined) throw failure;
}

export function logsCommand(io: Io, isTty: () => boolean = () => process.stdout.isTTY === true): Command {
  const cmd = new Command('logs')
    .description('View output from containers')
    .argument('[service...]', 'only these services')
    .option('-f, --follow', 'follow log output')
    .option('--index <n>', 'index of the container if the service has several replicas', parseInteger(), 0)
    .option('-n, --tail <n>', 'number of lines to show from the end of the logs for each container', parseTail)
    .option('--since <time>', 'show logs since a time (RFC 3339 or Unix seconds)')
    .option('--until <time>', 'show logs before a time (RFC 3339 or Unix seconds)')
    .option('--no-color', 'produce monochrome output')
    .option('--no-log-prefix', 'do not print the prefix in logs')
    .option('-t, --timestamps', 'show timestamps');
  addProjectFlags(cmd);
  cmd.action(async (named: string[], flags: LogsFlags, self: Command) => {
    if (flags.index > 0 && named.length !== 1) throw new OrcError('ORC_USAGE', '--index requires one service to be selected');
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    const services = logServices(ref, named);
    const printer = new LogPrinter(io, { color: flags.color && isTty(), prefix: flags.logPrefix, timestamps: flags.timestamps === true });
    await withClient(self, async (c) => {
      if (ref.spec !== undefined && services.length === 0) return; // every service is attach: false
      const initial = flags.index > 0
        ? [specifiedContainer(await c.listContainers({ all: true }), ref.name, named[0] as string, flags.index)]
        : await listProject(c, ref.name, { services });
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      if (flags.follow === true) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
      try {
        await printProjectLogs(c, printer, {
          project: ref.name,
          services,
          initial,
          follow: flags.follow === true,
          signal: stop.signal,
          logs: {
            ...(flags.tail !== undefined ? { tail: flags.tail } : {}),
            ...(flags.since !== undefined ? { since: flags.since } : {}),
            ...(flags.until !== undefined ? { until: flags.until } : {}),
          },
        });
      } finally {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      }
    });
  });
  return cmd;
}
