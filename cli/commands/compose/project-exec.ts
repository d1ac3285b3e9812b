/**
 * `orc compose exec` (a command in a service's container, with a terminal by
 * default when stdout is one) and `orc compose cp` (files to and from a
 * service's containers): `orc exec` and `orc cp` aimed through Compose's
 * labels.
 */
import { Command } from 'commander';
import { OrcError } from '../../../common/errors.js';
import { ContainerExit, RunFailure } from '../../errors.js';
import { parseInteger, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { initialSize, pipeAttached } from '../../terminal.js';
import { copy, type Spec } from '../cp.js';
import { addProjectFlags, byName, containerName, listProject, resolveProject, specifiedContainer } from './project-scope.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface ExecFlags {
  detach?: boolean;
  tty: boolean;
  interactive: boolean;
  env: string[];
  workdir?: string;
  user?: string;
  privileged?: boolean;
  index: number;
}

/** A bare `KEY` takes this process's value; a KEY it does not have is left out. */
export function resolveEnv(env: readonly string[], from: NodeJS.ProcessEnv): string[] {
  return env.flatMap((e) => (e.includes('=') ? [e] : from[e] !== undefined ? [`${e}=${from[e]}`] : []));
}

export function execCommand(io: Io, stdoutIsTty: () => boolean = () => process.stdout.isTTY === true): Command {
  const cmd = new Command('exec')
    .description('Execute a command in a running container of a service')
    .argument('<service>')
    .argument('<command...>', 'the command and its arguments')
    .passThroughOptions()
    .option('-d, --detach', 'run the command in the background')
    .option('-T, --no-tty', 'disable pseudo-TTY allocation (default: a TTY when stdout is a terminal)')
    .option('-i, --interactive', 'keep stdin open (the default)', true)
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect, [])
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-u, --user <user[:group]>', 'run the command as this user')
    .option('--privileged', 'give the command every capability')
    .option('--index <n>', 'index of the container if the service has several replicas', parseInteger(), 0);
  addProjectFlags(cmd);
  cmd.action(async (service: string, command: string[], f: ExecFlags, self: Command) => {
    const ref = await resolveProject(self, io, 'name');
    const tty = f.tty && stdoutIsTty() && f.detach !== true;
    const interactive = f.interactive && f.detach !== true;
    const code = await withClient(self, async (client) => {
      const target = specifiedContainer(await client.listContainers({ all: false }), ref.name, service, f.index, { oneOff: 'include', runningOnly: true });
      const size = initialSize(tty);
      try {
        const a = client.exec(target.id, {
          command,
          env: resolveEnv(f.env, process.env),
          tty,
          interactive,
          detach: f.detach === true,
          privileged: f.privileged === true,
          ...(f.workdir !== undefined ? { workdir: f.workdir } : {}),
          ...(f.user !== undefined ? { user: f.user } : {}),
          ...(size !== undefined ? { size } : {}),
        });
        if (f.detach === true) {
          for await (const _ of a.output) void _;
          await a.exitCode;
          return 0;
        }
        return (await pipeAttached(a, { tty, stdin: interactive })) ?? 0;
      } catch (e) {
        throw new RunFailure(e);
      }
    });
    if (code !== 0) throw new ContainerExit(code);
  });
  return cmd;
}

/** `web:/etc/x` names a service unless the argument is an absolute path or starts with `.` (Compose's rule). */
export function splitServicePath(arg: string): { service?: string; path: string } {
  if (arg.startsWith('/')) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.startsWith('.')) return { path: arg };
  return { service: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

export function cpCommand(io: Io): Command {
  const cmd = new Command('cp')
    .description('Copy files or folders between a service container and the host (- for a tar stream)')
    .argument('<src>', 'SERVICE:SRC_PATH, or a host path / -')
    .argument('<dest>', 'a host path / -, or SERVICE:DEST_PATH')
    .option('--index <n>', 'index of the container if the service has several replicas', parseInteger(), 0)
    .option('--all', 'include containers created by the run command')
    .option('-a, --archive', 'archive mode (copy all uid/gid information)')
    .option('-L, --follow-link', 'always follow a symbolic link in SRC_PATH');
  addProjectFlags(cmd);
  cmd.action(async (srcArg: string, destArg: string, f: { index: number; all?: boolean; archive?: boolean; followLink?: boolean }, self: Command) => {
    if (srcArg === '') throw new OrcError('ORC_USAGE', 'source can not be empty');
    if (destArg === '') throw new OrcError('ORC_USAGE', 'destination can not be empty');
    const src = splitServicePath(srcArg);
    const dest = splitServicePath(destArg);
    if (src.service !== undefined && dest.service !== undefined) throw new OrcError('ORC_USAGE', 'copying between services is not supported');
    const service = src.service ?? dest.service;
    if (service === undefined) throw new OrcError('ORC_USAGE', 'unknown copy direction: name one SERVICE:PATH');
    const ref = await resolveProject(self, io, 'name');
    await withClient(self, async (c) => {
      let targets;
      if (f.index > 0) targets = [specifiedContainer(await c.listContainers({ all: true }), ref.name, service, f.index)];
      else {
        targets = byName(await listProject(c, ref.name, { oneOff: f.all === true ? 'include' : 'exclude', services: [service] }));
        if (targets.length === 0) throw new OrcError('ORC_NOT_FOUND', `no container found for service "${service}"`);
        // from a service: its first container; to a service: every one
        if (src.service !== undefined) targets = targets.slice(0, 1);
      }
      for (const t of targets) {
        const name = containerName(t);
        const what = src.service !== undefined ? `${name}:${src.path} to ${dest.path}` : `${src.path} to ${name}:${dest.path}`;
        if (dest.path !== '-') io.err(` Container ${name}  Copying ${what}\n`);
        const s: Spec = src.service !== undefined ? { container: t.id, path: src.path === '' ? '/' : src.path } : { path: src.path };
        const d: Spec = dest.service !== undefined ? { container: t.id, path: dest.path === '' ? '/' : dest.path } : { path: dest.path };
        await copy(c, s, d, f);
        if (dest.path !== '-') io.err(` Container ${name}  Copied ${what}\n`);
      }
    });
  });
  return cmd;
}
