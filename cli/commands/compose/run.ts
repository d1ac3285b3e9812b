/**
 * `orc compose run SERVICE [CMD…]`: a one-off container of a service. The
 * daemon creates it (StackRun; the services it depends on are started
 * first unless --no-deps), then this command attaches and starts it as
 * `orc run` does, so no output is lost, and exits with its code; `--rm`
 * removes it afterwards; `-d` starts it and prints its name.
 */
import { Command } from 'commander';
import { OrcError } from '../../../common/errors.js';
import type { StackRunOptions } from '../../client/index.js';
import { withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { initialSize, pipeAttached } from '../../terminal.js';
import { failCompose, loadStack, registryAuthFor, specForDaemon } from './up.js';

interface RunFlags {
  detach?: boolean;
  rm?: boolean;
  deps: boolean;
  env: string[];
  entrypoint?: string;
  volume: string[];
  publish: string[];
  servicePorts?: boolean;
  name?: string;
  user?: string;
  workdir?: string;
  TTY: boolean;
  interactive: boolean;
  useAliases?: boolean;
  label: string[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `-e KEY` takes this shell's value, as Compose does (the daemon does not see this environment); unset, it is left out. */
export function resolveEnv(list: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const e of list) {
    if (e.includes('=')) out.push(e);
    else if (env[e] !== undefined) out.push(`${e}=${env[e]}`);
  }
  return out;
}

export function runOptions(f: RunFlags, command: string[], tty: boolean): StackRunOptions {
  for (const l of f.label) if (!l.includes('=')) throw new OrcError('ORC_USAGE', `label must be set as KEY=VALUE, not "${l}"`);
  if (f.publish.length > 0 && f.servicePorts === true) throw new OrcError('ORC_USAGE', '--service-ports and --publish are incompatible');
  return {
    command,
    env: resolveEnv(f.env, process.env),
    labels: f.label,
    noDeps: !f.deps,
    volumes: f.volume,
    publish: f.publish,
    servicePorts: f.servicePorts === true,
    ...(f.entrypoint !== undefined ? { entrypoint: f.entrypoint } : {}),
    ...(f.name !== undefined ? { name: f.name } : {}),
    ...(f.user !== undefined ? { user: f.user } : {}),
    ...(f.workdir !== undefined ? { workdir: f.workdir } : {}),
    // attached, this command removes the container once it has read its output; detached, the engine does
    rm: f.rm === true && f.detach === true,
    tty,
    interactive: f.interactive,
    useAliases: f.useAliases === true,
  };
}

/**
 * Options stop at SERVICE (`run web sh -c …` passes `-c` to the command),
 * which commander allows only when the parent parses positionally too: the
 * compose group is switched to that as this command joins it.
 */
function positionalOnceAdded(cmd: Command): Command {
  let parent: Command | null = null;
  Object.defineProperty(cmd, 'parent', {
    configurable: true,
    get: () => parent,
    set: (p: Command | null) => {
      parent = p;
      p?.enablePositionalOptions();
    },
  });
  return cmd.passThroughOptions();
}

export function runCommand(io: Io): Command {
  const cmd = new Command('run')
    .description('Run a one-off command in a new container of a service')
    .argument('<service>', 'the service')
    .argument('[command...]', 'the command and its arguments (default: the service\'s)')
    .option('-d, --detach', 'run in the background and print the container\'s name')
    .option('--rm', 'remove the container when it exits')
    .option('--no-deps', 'do not start the services it depends on')
    .option('-e, --env <KEY[=VALUE]>', 'set an environment variable (repeatable)', collect, [])
    .option('--entrypoint <cmd>', 'replace the entrypoint')
    .option('-v, --volume <[src:]dst[:opts]>', 'bind mount a volume (repeatable)', collect, [])
    .option('-p, --publish <[ip:]host:container>', 'publish a port (repeatable)', collect, [])
    .option('--service-ports', 'publish the service\'s ports')
    .option('--name <name>', 'the container\'s name')
    .option('-u, --user <user[:group]>', 'user name or uid (and group)')
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-T, --no-TTY', 'no terminal (default: a terminal when stdout is one)')
    .option('-i, --interactive', 'keep stdin open (the default)', true)
    .option('--use-aliases', 'use the service\'s network aliases')
    .option('-l, --label <key=value>', 'add or replace a label (repeatable)', collect, []);
  // -p is --publish here, as in Compose: the project name goes before `run` (or as --project-name)
  cmd
    .option('-f, --file <file>', 'compose file (repeatable; - for stdin)', collect)
    .option('--project-name <name>', 'project name')
    .option('--project-directory <dir>', 'project directory (default: the first file\'s folder)')
    .option('--env-file <file>', 'environment file for interpolation (repeatable)', collect)
    .option('--profile <profile>', 'enable a profile (repeatable)', collect);
  positionalOnceAdded(cmd);
  cmd.action(async (service: string, command: string[], f: RunFlags, self: Command) => {
    const tty = f.TTY && process.stdout.isTTY === true;
    let options: StackRunOptions;
    let spec: unknown;
    try {
      options = runOptions(f, command, tty);
    } catch (e) {
      return failCompose(io, e);
    }
    const loaded = await loadStack(io, self, [service]);
    try {
      if (loaded.services[service] === undefined) throw new OrcError('ORC_NOT_FOUND', `no such service: ${service}`);
      spec = specForDaemon(loaded, process.env);
      const registryAuth = await registryAuthFor(loaded);
      if (registryAuth !== undefined) options.registryAuth = registryAuth;
    } catch (e) {
      return failCompose(io, e);
    }
    const code = await withClient(self, async (client) => {
      let created: { id: string; name: string };
      try {
        created = await client.stackRun(spec, service, options);
      } catch (e) {
        return failCompose(io, e);
      }
      const { id, name } = created;
      if (f.detach === true) {
        try {
          await client.startContainer(id);
        } catch (e) {
          await client.removeContainer(id, { force: true }).catch(() => undefined);
          return failCompose(io, e);
        }
        io.out(`${name}\n`);
        return 0;
      }
      const size = initialSize(tty);
      const attached = client.attach(id, { start: true, stdin: f.interactive, ...(size !== undefined ? { size } : {}) });
      let detached = false;
      try {
        const exit = await pipeAttached(attached, {
          tty,
          stdin: f.interactive,
          ...(!tty ? { onSignal: (sig: NodeJS.Signals) => void client.killContainer(id, sig).catch(() => undefined) } : {}),
        });
        if (exit === undefined) detached = true;
        return exit ?? 0;
      } finally {
        if (f.rm === true && !detached) await client.removeContainer(id, { force: true }).catch(() => undefined);
      }
    });
    if (code !== 0) {
      const { ContainerExit } = await import('../../errors.js');
      throw new ContainerExit(code);
    }
  });
  return cmd;
}
