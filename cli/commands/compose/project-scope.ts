/**
 * Which project a command is about, and which of the engine's containers are
 * its containers: Docker Compose's rules. A project is named by `-p` (or
 * COMPOSE_PROJECT_NAME) or loaded from its compose file; its containers are
 * found by Compose's labels, so no other index is needed. The functions over
 * container lists are pure (unit-tested in test/cli/compose-project.test.ts).
 */
import { Command, Option } from 'commander';
import type { StackSpec } from '../../../compose/index.js';
import { OrcError } from '../../../common/errors.js';
import { LABEL } from '../../../worker/stack/labels.js';
import type { ContainerSummary, OrcClient } from '../../client/index.js';
import { composeFlags, loadOptions } from '../../compose-options.js';
import type { Io } from '../../io.js';

export { LABEL };

/** A project: its name, and its model when the command loaded the compose file. */
export interface ProjectRef {
  name: string;
  spec?: StackSpec;
}

/**
 * How a command finds its project, as Compose's three ways:
 * - `projectOrName`: `-p` alone is enough; otherwise the file is loaded (ps, logs, stop, …);
 * - `name`: `-p`, COMPOSE_PROJECT_NAME, else the file's name (exec, top, port, cp, …);
 * - `project`: the file is always loaded (pull).
 */
export type Resolution = 'projectOrName' | 'name' | 'project';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * The compose flags on a project command, so they are also accepted after the
 * command name; a command's own short flag wins (`logs -f`, `rm -f`: `--file`
 * stays available as the long name).
 */
export function addProjectFlags(cmd: Command): Command {
  const taken = (flag: string): boolean => cmd.options.some((o) => o.short === flag || o.long === flag);
  const add = (short: string, long: string, rest: string, description: string, repeat: boolean): void => {
    if (taken(long)) return;
    const flags = taken(short) ? `${long} ${rest}` : `${short}, ${long} ${rest}`;
    const option = new Option(flags, description);
    cmd.addOption(repeat ? option.argParser(collect) : option);
  };
  add('-f', '--file', '<file>', 'compose file (repeatable; - for stdin)', true);
  add('-p', '--project-name', '<name>', 'project name', false);
  if (!taken('--project-directory')) cmd.option('--project-directory <dir>', 'project directory (default: the first file\'s folder)');
  if (!taken('--env-file')) cmd.option('--env-file <file>', 'environment file for interpolation (repeatable)', collect);
  if (!taken('--profile')) cmd.option('--profile <profile>', 'enable a profile (repeatable)', collect);
  return cmd;
}

/** Loads the compose project as `orc config` does (the front end is imported only here). */
async function load(self: Command, io: Io): Promise<StackSpec> {
  const { loadProject, formatIssue } = await import('../../../compose/index.js');
  const result = loadProject(loadOptions(composeFlags(self), { ...(io.stdin ? { stdin: io.stdin } : {}) }));
  for (const w of result.warnings) if (w.severity === 'warning') io.err(`warning: ${formatIssue(w)}\n`);
  return result.spec;
}

/** Compose lower-cases the names it is given. */
function projectName(name: string): string {
  return name.toLowerCase();
}

export async function resolveProject(self: Command, io: Io, how: Resolution, env: NodeJS.ProcessEnv = process.env): Promise<ProjectRef> {
  const flags = composeFlags(self);
  const envName = env['COMPOSE_PROJECT_NAME'];
  if (how === 'name') {
    if (flags.projectName !== undefined) return { name: projectName(flags.projectName) };
    if (envName !== undefined && envName !== '') return { name: projectName(envName) };
  }
  if (how === 'projectOrName' && flags.projectName !== undefined && (flags.file === undefined || flags.file.length === 0)) {
    return { name: projectName(flags.projectName) };
  }
  try {
    const spec = await load(self, io);
    return { name: spec.name, spec };
  } catch (e) {
    if (how === 'projectOrName' && envName !== undefined && envName !== '') return { name: projectName(envName) };
    throw e;
  }
}

/** Every service the file declares, enabled by a profile or not. */
export function declaredServices(spec: StackSpec): string[] {
  return [...Object.keys(spec.services), ...spec.disabledServices];
}

/** Services named on the command line must exist in the file (when it was loaded): Compose's `no such service: x`. */
export function checkServices(ref: ProjectRef, services: readonly string[]): void {
  if (ref.spec === undefined) return;
  const known = new Set(declaredServices(ref.spec));
  for (const s of services) if (!known.has(s)) throw new OrcError('ORC_NOT_FOUND', `no such service: ${s}`);
}

// ── containers by label ────────────────────────────────────────────────

export type OneOff = 'exclude' | 'include' | 'only';

export function isOneOff(c: Pick<ContainerSummary, 'labels'>): boolean {
  return c.labels[LABEL.oneoff] === 'True';
}

export function serviceOf(c: Pick<ContainerSummary, 'labels'>): string {
  return c.labels[LABEL.service] ?? '';
}

export function numberOf(c: Pick<ContainerSummary, 'labels'>): number {
  const n = Number.parseInt(c.labels[LABEL.containerNumber] ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
}

/** The container's own name (not a link alias), without the leading slash. */
export function containerName(c: Pick<ContainerSummary, 'names' | 'id'>): string {
  const own = c.names.find((n) => n.lastIndexOf('/') === 0) ?? c.names[0];
  return own === undefined ? c.id.slice(0, 12) : own.replace(/^\//, '');
}

/** `web-1` for `p-web-1`; a custom container_name stays whole (Compose's log prefix). */
export function nameWithoutProject(c: Pick<ContainerSummary, 'names' | 'id' | 'labels'>): string {
  const project = c.labels[LABEL.project] ?? '';
  const name = containerName(c);
  const standard = `${project}-${serviceOf(c)}-${c.labels[LABEL.containerNumber] ?? ''}`;
  return name === standard ? name.slice(project.length + 1) : name;
}

export interface Selection {
  oneOff?: OneOff;
  /** Only these services (all when empty or absent). */
  services?: readonly string[];
  /** Running containers only. */
  runningOnly?: boolean;
}

/** The project's containers among `list`, as Compose's label filters select them. */
export function selectContainers<C extends Pick<ContainerSummary, 'labels' | 'state'>>(list: readonly C[], project: string, s: Selection = {}): C[] {
  const oneOff = s.oneOff ?? 'exclude';
  return list.filter((c) => {
    if (c.labels[LABEL.project] !== project) return false;
    if (oneOff === 'exclude' && isOneOff(c)) return false;
    if (oneOff === 'only' && !isOneOff(c)) return false;
    if (s.services !== undefined && s.services.length > 0 && !s.services.includes(serviceOf(c))) return false;
    if (s.runningOnly === true && c.state !== 'running') return false;
    return true;
  });
}

/** Sorted by name, as Compose prints lists. */
export function byName<C extends Pick<ContainerSummary, 'names' | 'id'>>(list: readonly C[]): C[] {
  return [...list].sort((a, b) => (containerName(a) < containerName(b) ? -1 : containerName(a) > containerName(b) ? 1 : 0));
}

/**
 * The container `--index N` means (the first by number when 0), service
 * containers before one-offs; Compose's messages when there is none.
 */
export function specifiedContainer<C extends Pick<ContainerSummary, 'labels' | 'state'>>(list: readonly C[], project: string, service: string, index: number, s: Omit<Selection, 'services'> = {}): C {
  const found = selectContainers(list, project, { ...s, services: [service] }).filter((c) => index <= 0 || numberOf(c) === index);
  const sorted = [...found].sort((a, b) => {
    if (isOneOff(a) !== isOneOff(b)) return isOneOff(a) ? 1 : -1;
    return numberOf(a) - numberOf(b);
  });
  const first = sorted[0];
  if (first === undefined) {
    throw new OrcError('ORC_NOT_FOUND', index > 0 ? `service "${service}" is not running container #${index}` : `service "${service}" is not running`);
  }
  return first;
}

/** The project's containers from the engine. */
export async function listProject(c: OrcClient, project: string, s: Selection = {}): Promise<ContainerSummary[]> {
  const list = await c.listContainers({ all: s.runningOnly !== true });
  return selectContainers(list, project, s);
}

/** Compose's error when a command that needs containers finds none and has no file to say what the services are. */
export function noContainers(project: string): OrcError {
  return new OrcError('ORC_NOT_FOUND', `no container found for project "${project}": not found`);
}

// ── dependency order ────────────────────────────────────────────────────

/**
 * The services in start order: from the file's graph when it was loaded,
 * else from the depends_on label the containers carry (`db:service_started:false,…`).
 */
export function startOrder(ref: ProjectRef, containers: readonly Pick<ContainerSummary, 'labels'>[]): string[] {
  if (ref.spec !== undefined) {
    const inFile = ref.spec.dependencies.levels.flat();
    const extra = [...new Set(containers.map(serviceOf))].filter((s) => !inFile.includes(s)).sort();
    return [...inFile, ...extra];
  }
  const deps = new Map<string, string[]>();
  for (const c of containers) {
    const s = serviceOf(c);
    if (deps.has(s)) continue;
    const label = c.labels[LABEL.dependsOn] ?? '';
    deps.set(s, label === '' ? [] : label.split(',').map((d) => d.split(':')[0] ?? '').filter((d) => d !== ''));
  }
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (s: string): void => {
    if (order.includes(s) || visiting.has(s)) return;
    visiting.add(s);
    for (const d of deps.get(s) ?? []) if (deps.has(d)) visit(d);
    order.push(s);
  };
  for (const s of [...deps.keys()].sort()) visit(s);
  return order;
}

// ── output ──────────────────────────────────────────────────────────────

/** One progress line on stderr, as Compose's plain progress (` Container p-web-1  Stopped`). */
export function progress(io: Io, name: string, status: string): void {
  io.err(` Container ${name}  ${status}\n`);
}
