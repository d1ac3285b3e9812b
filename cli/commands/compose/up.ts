/**
 * `orc up` / `orc compose up|create`: the project's StackSpec goes to the
 * daemon's stack reconciler (StackUp) with Compose's flags; its progress is
 * drawn on stderr; attached (no -d), the containers' output follows until
 * they all exit, Ctrl-C stops them (twice: kills them).
 *
 * Also what down and run share with up: loading the project, the spec as
 * the daemon needs it (environment-sourced secrets and configs made
 * content, since the daemon does not see this shell), the registry
 * credentials for its images, and Compose's exit code 1 for a refusal.
 */
import { Command, Option } from 'commander';
import { OrcError } from '../../../common/errors.js';
import type { StackSpec } from '../../../compose/index.js';
import type { OrcClient, StackEvent, StackUpOptions } from '../../client/index.js';
import { composeFlags, loadOptions, addComposeFlags } from '../../compose-options.js';
import { parseInteger, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { followProject, projectContainers, type ProjectFollower } from './attached.js';
import { createProgress, type ProgressMode } from './progress.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Loads the project named by the compose flags (anywhere on the command line); warnings on stderr. */
export async function loadStack(io: Io, self: Command, services: readonly string[] = []): Promise<StackSpec> {
  const { formatIssue, loadProject } = await import('../../../compose/index.js');
  const r = loadProject(loadOptions(composeFlags(self), {
    ...(services.length > 0 ? { services } : {}),
    ...(io.stdin ? { stdin: io.stdin } : {}),
  }));
  for (const w of r.warnings) if (w.severity === 'warning') io.err(`warning: ${formatIssue(w)}\n`);
  return r.spec;
}

type FileRef = { environment?: string; content?: string };

/**
 * The spec as the daemon needs it: a secret or config with `environment:`
 * carries that variable's value of this shell as `content`. An unset
 * variable is an error for one a service uses; an unused one is left out.
 */
export function specForDaemon(spec: StackSpec, env: Readonly<Record<string, string | undefined>>): StackSpec {
  const used = (k: 'secrets' | 'configs'): Set<string> =>
    new Set(Object.values(spec.services).flatMap((s) => (s[k] ?? []).map((r) => r.source)));
  const resolve = <T extends FileRef>(kind: 'secret' | 'config', all: Record<string, T>, inUse: Set<string>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [key, v] of Object.entries(all)) {
      if (v.environment === undefined) {
        out[key] = v;
        continue;
      }
      const value = env[v.environment];
      if (value === undefined) {
        if (inUse.has(key)) {
          throw new OrcError('ORC_INVALID_SPEC', `${kind} "${key}" takes its content from the environment variable ${v.environment}, which is not set: set it in this shell or give the ${kind} a file`);
        }
        continue;
      }
      const { environment: _unused, ...rest } = v;
      out[key] = { ...rest, content: value } as T;
    }
    return out;
  };
  return { ...spec, secrets: resolve('secret', spec.secrets, used('secrets')), configs: resolve('config', spec.configs, used('configs')) };
}

/** What `orc login` stored for the registries of the project's images (sent with the request, as `orc pull` does). */
export async function registryAuthFor(spec: StackSpec): Promise<StackUpOptions['registryAuth']> {
  const { parseReference } = await import('../../../worker/images/index.js');
  const { readCredentials } = await import('../../../worker/registry/index.js');
  const registries = new Set<string>();
  for (const s of Object.values(spec.services)) {
    if (s.image === undefined) continue;
    try {
      registries.add(parseReference(s.image).registry);
    } catch {
      // the daemon reports the bad reference, naming the service
    }
  }
  const auth: NonNullable<StackUpOptions['registryAuth']> = {};
  for (const r of registries) {
    const c = await readCredentials(r);
    if (c !== undefined) auth[r] = { username: c.username, password: c.password };
  }
  return Object.keys(auth).length > 0 ? auth : undefined;
}

/**
 * Compose exits 1 for what it refuses after parsing (incompatible flags, an
 * unknown service, a failure of the daemon): the error keeps its code, the
 * message is printed as every error is, and the exit code is Compose's.
 */
export async function failCompose(io: Io, e: unknown): Promise<never> {
  const { ContainerExit, describeError } = await import('../../errors.js');
  if (e instanceof ContainerExit) throw e;
  const { message } = await describeError(e);
  if (message !== '') io.err(`${message}\n`);
  throw new ContainerExit(1);
}

/** `--progress auto|tty|plain|quiet`: auto draws on a terminal (stderr). */
export function progressMode(flag: string | undefined): ProgressMode {
  if (flag === 'tty' || flag === 'plain' || flag === 'quiet') return flag;
  return process.stderr.isTTY === true ? 'tty' : 'plain';
}

export function progressOption(): Option {
  return new Option('--progress <mode>', 'how progress is shown').choices(['auto', 'tty', 'plain', 'quiet']).default('auto');
}

/** Runs a StackUp/StackDown stream through the progress display; a failure exits 1 with the daemon's message. */
export async function showProgress(io: Io, mode: ProgressMode, events: AsyncIterable<StackEvent>, hide: (e: StackEvent) => boolean = () => false): Promise<void> {
  const progress = createProgress({ mode, write: io.err, width: () => process.stderr.columns ?? 80 });
  try {
    for await (const e of events) if (!hide(e)) progress.event(e);
  } catch (e) {
    progress.stop();
    await failCompose(io, e);
  }
  progress.stop();
}

interface UpFlags {
  detach?: boolean;
  scale: string[];
  wait?: boolean;
  waitTimeout?: number;
  deps: boolean;
  forceRecreate?: boolean;
  recreate: boolean;
  removeOrphans?: boolean;
  abortOnContainerExit?: boolean;
  exitCodeFrom?: string;
  attach: string[];
  noAttach: string[];
  timestamps?: boolean;
  color: boolean;
  logPrefix: boolean;
  start: boolean;
  timeout?: number;
  pull?: string;
  quietPull?: boolean;
  progress: string;
}

function refuse(message: string): OrcError {
  return new OrcError('ORC_USAGE', message);
}

/** Compose's checks of the flags among themselves. */
function checkFlags(f: UpFlags): { detach: boolean; cascadeStop: boolean; scale: Record<string, number> } {
  const cascadeStop = f.abortOnContainerExit === true || f.exitCodeFrom !== undefined;
  let detach = f.detach === true;
  if (f.wait === true) {
    if (cascadeStop || f.attach.length > 0) throw refuse('--wait cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies');
    detach = true;
  }
  if (detach && (cascadeStop || f.attach.length > 0)) {
    throw refuse('--detach cannot be combined with --abort-on-container-exit, --abort-on-container-failure, --attach, --attach-dependencies or --watch');
  }
  if (f.forceRecreate === true && !f.recreate) throw refuse('--force-recreate and --no-recreate are incompatible');
  const scale: Record<string, number> = {};
  for (const s of f.scale) {
    const m = /^([^=]+)=([0-9]+)$/.exec(s);
    if (m === null) throw refuse(`invalid --scale "${s}": use SERVICE=NUM`);
    scale[m[1] ?? ''] = Number(m[2]);
  }
  return { detach, cascadeStop, scale };
}

function upLikeCommand(io: Io, name: 'up' | 'create'): Command {
  const create = name === 'create';
  const cmd = new Command(name)
    .description(create ? 'Create the containers of a project without starting them' : 'Create and start the containers of a project')
    .argument('[service...]', 'only these services (and what they depend on)')
    .option('--scale <service=num>', 'run NUM containers of SERVICE (repeatable)', collect, [])
    .option('--no-deps', 'do not start the services they depend on')
    .option('--force-recreate', 'recreate containers even if nothing changed')
    .option('--no-recreate', 'keep existing containers even if they changed')
    .option('--remove-orphans', 'remove containers of services not in the file')
    .addOption(new Option('--pull <policy>', 'pull images: always, missing, never (default: each service\'s pull_policy)').choices(['always', 'missing', 'never', 'policy']))
    .option('--quiet-pull', 'pull without showing progress')
    .addOption(progressOption());
  if (!create) {
    cmd
      .option('-d, --detach', 'run the containers in the background')
      .option('--wait', 'wait until the services are running (healthy, with a health check); implies -d')
      .option('--wait-timeout <seconds>', 'give up waiting after this long', parseInteger())
      .option('--abort-on-container-exit', 'stop every container when one exits (not with -d)')
      .option('--exit-code-from <service>', 'exit with this service\'s container\'s code; implies --abort-on-container-exit')
      .option('--attach <service>', 'only follow the output of these services (repeatable)', collect, [])
      .addOption(noAttachOption())
      .option('--timestamps', 'show the time of each line')
      .option('--no-color', 'monochrome output')
      .option('--no-log-prefix', 'do not prefix each line with its container')
      .option('--no-start', 'create the containers without starting them')
      .option('-t, --timeout <seconds>', 'stop timeout for containers being replaced or stopped', parseInteger());
  }
  addComposeFlags(cmd);
  cmd.action(async (services: string[], raw: Partial<UpFlags>, self: Command) => {
    const f: UpFlags = { scale: [], attach: [], noAttach: [], deps: true, recreate: true, color: true, logPrefix: true, start: true, progress: 'auto', ...raw };
    let checked: ReturnType<typeof checkFlags>;
    try {
      checked = checkFlags(f);
    } catch (e) {
      return failCompose(io, e);
    }
    const spec = await loadStack(io, self, services);
    const noStart = create || !f.start;
    let attach: string[] = [];
    let sent: StackSpec;
    let registryAuth: StackUpOptions['registryAuth'];
    try {
      const known = (s: string): void => {
        if (spec.services[s] === undefined) throw new OrcError('ORC_NOT_FOUND', `no such service: ${s}`);
      };
      if (f.exitCodeFrom !== undefined) known(f.exitCodeFrom);
      for (const s of Object.keys(checked.scale)) known(s);
      if (Object.keys(spec.services).length === 0) throw refuse('no service selected');
      if (!checked.detach && !noStart) {
        const unknown = f.attach.filter((s) => spec.services[s] === undefined);
        if (unknown.length > 0) throw refuse(`cannot attach to services not included in up: ${unknown.join(', ')}`);
        const launched = services.length > 0 ? services : Object.keys(spec.services);
        attach = (f.attach.length > 0 ? f.attach : launched.filter((s) => spec.services[s]?.attach !== false)).filter((s) => !f.noAttach.includes(s));
      }
      sent = specForDaemon(withPullPolicy(spec, f.pull), process.env);
      registryAuth = await registryAuthFor(spec);
    } catch (e) {
      return failCompose(io, e);
    }
    const removeOrphans = f.removeOrphans === true || (raw.removeOrphans === undefined && truthy(process.env['COMPOSE_REMOVE_ORPHANS']));
    const options: StackUpOptions = {
      services,
      scale: checked.scale,
      noDeps: !f.deps,
      forceRecreate: f.forceRecreate === true,
      noRecreate: !f.recreate,
      removeOrphans,
      noStart,
      wait: f.wait === true,
      ...(f.waitTimeout !== undefined ? { waitTimeout: f.waitTimeout } : {}),
      ...(f.timeout !== undefined ? { timeout: f.timeout } : {}),
      noPull: f.pull === 'never',
      ...(registryAuth !== undefined ? { registryAuth } : {}),
    };
    const mode = progressMode(f.progress);
    const quietPull = f.quietPull === true;
    const code = await withClient(self, async (client) => {
      await showProgress(io, mode, client.stackUp(sent, options), (e) => quietPull && (e.kind === 'image' || e.status === 'Pulling' || e.status === 'Pulled'));
      if (checked.detach || noStart) return 0;
      return runAttached(io, client, spec, attach, f, checked.cascadeStop);
    });
    if (code !== 0) {
      const { ContainerExit } = await import('../../errors.js');
      throw new ContainerExit(code);
    }
  });
  return cmd;
}

/** `--no-attach SERVICE`: a value of its own, not the negation of `--attach`. */
function noAttachOption(): Option {
  const o = new Option('--no-attach <service>', 'do not follow the output of these services (repeatable)').argParser(collect).default([]);
  o.negate = false;
  return o;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v);
}

/** `--pull always|missing|never` is every service's pull_policy, as Compose applies it. */
function withPullPolicy(spec: StackSpec, pull: string | undefined): StackSpec {
  if (pull === undefined || pull === 'policy') return spec;
  const services = Object.fromEntries(Object.entries(spec.services).map(([k, s]) => [k, { ...s, pull_policy: pull }]));
  return { ...spec, services };
}

/**
 * Follows the attached services until every container exited; Ctrl-C stops
 * the project's containers (a second one kills them); with
 * --abort-on-container-exit the first exit stops them. The exit code:
 * --exit-code-from's container's, else the first exited container's when
 * aborting, 0 after Ctrl-C, 2 after a forced kill.
 */
async function runAttached(io: Io, client: OrcClient, spec: StackSpec, attach: string[], f: UpFlags, cascadeStop: boolean): Promise<number> {
  const follower: ProjectFollower = await followProject(io, client, spec.name, {
    services: attach,
    color: f.color && process.stdout.isTTY === true,
    prefix: f.logPrefix,
    timestamps: f.timestamps === true,
  });
  const stopOptions = f.timeout !== undefined ? { timeout: f.timeout } : {};
  const progress = createProgress({ mode: 'plain', write: io.err });
  const each = async (fn: (id: string) => Promise<void>, before: string, after: string): Promise<void> => {
    const running = (await client.listContainers({ all: false })).map((c) => c.id);
    const targets = (await projectContainers(client, spec.name, Object.keys(spec.services))).filter((c) => running.includes(c.id));
    await Promise.all(targets.map(async (c) => {
      progress.event({ kind: 'container', name: c.name, status: before, detail: '', service: c.service });
      await fn(c.id).catch(() => undefined);
      progress.event({ kind: 'container', name: c.name, status: after, detail: '', service: c.service });
    }));
  };
  const stopAll = (): Promise<void> => each((id) => client.stopContainer(id, stopOptions), 'Stopping', 'Stopped');
  const killAll = (): Promise<void> => each((id) => client.killContainer(id, 'SIGKILL'), 'Killing', 'Killed');

  const pending: Promise<void>[] = [];
  let killing: Promise<void> | undefined;
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      io.out('Gracefully stopping... (press Ctrl+C again to force)\n');
      pending.push(stopAll());
    } else if (interrupts === 2) {
      killing = killAll();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code = 0;
  let aborted = false;
  let codeFromSeen = false;
  try {
    for await (const exit of follower.exited) {
      if (f.exitCodeFrom !== undefined && exit.service === f.exitCodeFrom && !codeFromSeen) {
        codeFromSeen = true;
        code = exit.exitCode;
      }
      if (cascadeStop && !aborted && interrupts === 0) {
        aborted = true;
        if (f.exitCodeFrom === undefined) code = exit.exitCode;
        io.out('Aborting on container exit...\n');
        pending.push(stopAll());
      }
    }
    // once killed, a stop that is still waiting for its container does not hold the command
    await (killing ?? Promise.all(pending));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await follower.stop();
  }
  if (interrupts >= 2) return 2;
  if (interrupts === 1 && !aborted) return f.exitCodeFrom !== undefined && codeFromSeen ? code : 0;
  return code;
}

export function upCommand(io: Io): Command {
  return upLikeCommand(io, 'up');
}

export function createCommand(io: Io): Command {
  return upLikeCommand(io, 'create');
}
