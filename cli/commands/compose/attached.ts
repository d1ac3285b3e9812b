/**
 * Attached `up`: follows the output of a project's containers with
 * Compose's prefixes (`web-1  | …`, a colour per service on a terminal),
 * says when each exits, and reports the exits to the command, which decides
 * what to stop. The printing is behind `followProject` so that a shared log
 * printer can take it over without changing the commands.
 */
import { AsyncQueue } from '../../../common/async-queue.js';
import type { LogEntry, OrcClient } from '../../client/index.js';
import type { Io } from '../../io.js';

const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';
const ONEOFF = 'com.docker.compose.oneoff';

export interface FollowOptions {
  /** Only the containers of these services; empty: every service's. */
  services: readonly string[];
  /** Colour the prefixes (a terminal, without --no-color). */
  color: boolean;
  /** `name  | ` before each line (false: --no-log-prefix). */
  prefix: boolean;
  /** The record's time before each line (--timestamps). */
  timestamps: boolean;
}

export interface FollowedContainer {
  id: string;
  /** The container's name (`p-web-1`). */
  name: string;
  service: string;
}

export interface ContainerExited extends FollowedContainer {
  exitCode: number;
}

export interface ProjectFollower {
  containers: readonly FollowedContainer[];
  /** One event a container that ended; the iteration ends once every followed container ended (or after stop()). */
  exited: AsyncIterable<ContainerExited>;
  /** Stops following; containers keep running. */
  stop(): Promise<void>;
}

/** Compose's rainbow: cyan, yellow, green, magenta, blue, then their bright forms. */
const RAINBOW = ['36', '33', '32', '35', '34', '36;1', '33;1', '32;1', '35;1', '34;1'];

/** The name Compose prints: the container's without `<project>-`. */
export function displayName(project: string, name: string): string {
  return name.startsWith(`${project}-`) ? name.slice(project.length + 1) : name;
}

/** Writes log records with a prefix each line, and the exit notices. */
export class PrefixPrinter {
  private readonly colours = new Map<string, string>();
  private readonly width: number;

  constructor(private readonly io: Io, names: readonly string[], private readonly o: Pick<FollowOptions, 'color' | 'prefix' | 'timestamps'>) {
    this.width = Math.max(0, ...names.map((n) => n.length)) + 1;
  }

  private colour(service: string): string | undefined {
    if (!this.o.color) return undefined;
    let c = this.colours.get(service);
    if (c === undefined) {
      c = RAINBOW[this.colours.size % RAINBOW.length] ?? '36';
      this.colours.set(service, c);
    }
    return c;
  }

  private prefixOf(name: string, service: string): string {
    if (!this.o.prefix) return '';
    const p = `${name.padEnd(this.width)} | `;
    const c = this.colour(service);
    return c === undefined ? p : `\x1b[${c}m${p}\x1b[0m`;
  }

  log(name: string, service: string, e: Pick<LogEntry, 'stream' | 'time' | 'log'>): void {
    const prefix = this.prefixOf(name, service);
    const text = e.log.toString('utf8');
    const lines = text.split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const out = lines.map((l) => `${prefix}${this.o.timestamps ? `${e.time} ` : ''}${l}\n`).join('');
    if (e.stream === 'stderr') this.io.err(out);
    else this.io.out(out);
  }

  exited(name: string, service: string, code: number): void {
    const text = `${name} exited with code ${code}\n`;
    const c = this.colour(service);
    this.io.out(c === undefined ? text : `\x1b[${c}m${text}\x1b[0m`);
  }
}

/** The project's containers of the chosen services (not one-off `run` containers), by name. */
export async function projectContainers(client: OrcClient, project: string, services: readonly string[]): Promise<FollowedContainer[]> {
  const all = await client.listContainers({ all: true });
  return all
    .filter((c) => c.labels[PROJECT] === project && c.labels[ONEOFF] !== 'True')
    .filter((c) => services.length === 0 || services.includes(c.labels[SERVICE] ?? ''))
    .map((c) => ({ id: c.id, name: (c.names[0] ?? c.id).replace(/^\//, ''), service: c.labels[SERVICE] ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Prints `Attaching to …`, then each container's output of its current run
 * (from its start time) until it ends, then `… exited with code N`.
 */
export async function followProject(io: Io, client: OrcClient, project: string, o: FollowOptions): Promise<ProjectFollower> {
  const containers = await projectContainers(client, project, o.services);
  const shown = (c: FollowedContainer): string => displayName(project, c.name);
  io.out(`Attaching to ${containers.map(shown).join(', ')}\n`);
  const printer = new PrefixPrinter(io, containers.map(shown), o);
  const exited = new AsyncQueue<ContainerExited>();
  let stopped = false;
  let onStop: () => void = () => undefined;
  const stopping = new Promise<'stop'>((resolve) => (onStop = () => resolve('stop')));

  const follow = async (c: FollowedContainer): Promise<void> => {
    const started = (await client.inspectContainer(c.id)).State.StartedAt;
    const since = started !== '' && !started.startsWith('0001-') ? started : undefined;
    const it = client.logs(c.id, { follow: true, ...(since !== undefined ? { since } : {}) })[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([it.next(), stopping]);
      // the call itself is cancelled when the client closes
      if (next === 'stop') return;
      if (next.done === true) break;
      printer.log(shown(c), c.service, next.value);
    }
    const exitCode = await client.waitContainer(c.id);
    if (stopped) return;
    printer.exited(shown(c), c.service, exitCode);
    exited.push({ ...c, exitCode });
  };

  const all = Promise.all(containers.map((c) => follow(c).catch((e: unknown) => {
    if (!stopped) io.err(`error: following ${c.name}: ${e instanceof Error ? e.message : String(e)}\n`);
  })));
  void all.then(() => exited.end());
  return {
    containers,
    exited,
    async stop(): Promise<void> {
      stopped = true;
      onStop();
      exited.end();
      await all;
    },
  };
}
