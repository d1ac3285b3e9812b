/**
 * `orc exec` (a command in a running container) and `orc attach` (this
 * terminal joined to a running container's stdio), with Docker's flags.
 */
import { Command } from 'commander';
import { ContainerExit, RunFailure } from '../errors.js';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';
import { initialSize, pipeAttached } from '../terminal.js';
import { envFromFiles } from './run.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface ExecFlags {
  detach?: boolean;
  interactive?: boolean;
  tty?: boolean;
  env: string[];
  envFile: string[];
  workdir?: string;
  user?: string;
  privileged?: boolean;
  detachKeys?: string;
}

export function execCommand(_io: Io): Command {
  const cmd = new Command('exec')
    .description('Run a command in a running container')
    .argument('<container>')
    .argument('<command...>', 'the command and its arguments')
    .passThroughOptions()
    .option('-d, --detach', 'run the command in the background')
    .option('-i, --interactive', 'keep stdin open and forward it')
    .option('-t, --tty', 'give the command a terminal')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect, [])
    .option('--env-file <file>', 'read environment variables from a file (repeatable)', collect, [])
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-u, --user <user[:group]>', 'user name or uid (and group)')
    .option('--privileged', 'give the command every capability')
    .option('--detach-keys <keys>', 'the key sequence that detaches (default ctrl-p,ctrl-q)');
  cmd.action(async (container: string, command: string[], f: ExecFlags, self: Command) => {
    const tty = f.tty === true;
    const interactive = f.interactive === true && f.detach !== true;
    const code = await withClient(self, async (client) => {
      const size = initialSize(tty);
      const a = client.exec(container, {
        command,
        // A bare KEY takes this process's value, as Docker's CLI does.
        env: envFromFiles(f.envFile, f.env).flatMap((e) => (e.includes('=') ? [e] : process.env[e] !== undefined ? [`${e}=${process.env[e]}`] : [])),
        tty,
        interactive,
        detach: f.detach === true,
        privileged: f.privileged === true,
        ...(f.workdir !== undefined ? { workdir: f.workdir } : {}),
        ...(f.user !== undefined ? { user: f.user } : {}),
        ...(size !== undefined ? { size } : {}),
      });
      try {
        if (f.detach === true) {
          for await (const _ of a.output) void _;
          await a.exitCode;
          return 0;
        }
        return (await pipeAttached(a, { tty, stdin: interactive, ...(f.detachKeys !== undefined ? { detachKeys: f.detachKeys } : {}) })) ?? 0;
      } catch (e) {
        throw new RunFailure(e);
      }
    });
    if (code !== 0) throw new ContainerExit(code);
  });
  return cmd;
}

interface AttachFlags {
  stdin: boolean;
  sigProxy: boolean;
  detachKeys?: string;
}

export function attachCommand(_io: Io): Command {
  const cmd = new Command('attach')
    .description("Attach this terminal's stdin, stdout and stderr to a running container")
    .argument('<container>')
    .option('--no-stdin', 'do not forward stdin')
    .option('--sig-proxy [bool]', 'forward received signals to the container (without -t)', (v: string) => v !== 'false', true)
    .option('--detach-keys <keys>', 'the key sequence that detaches (default ctrl-p,ctrl-q)');
  cmd.action(async (container: string, f: AttachFlags, self: Command) => {
    const code = await withClient(self, async (client) => {
      const info = await client.inspectContainer(container);
      const tty = info.Config.Tty === true;
      const stdin = f.stdin && info.Config.OpenStdin === true;
      const size = initialSize(tty);
      const a = client.attach(container, { stdin, ...(size !== undefined ? { size } : {}) });
      return (await pipeAttached(a, {
        tty,
        stdin,
        ...(f.detachKeys !== undefined ? { detachKeys: f.detachKeys } : {}),
        ...(f.sigProxy ? { onSignal: (sig: NodeJS.Signals) => void client.killContainer(container, sig).catch(() => undefined) } : {}),
      })) ?? 0;
    });
    if (code !== 0) throw new ContainerExit(code);
  });
  return cmd;
}
