/**
 * `orc start`, `orc stop`, `orc restart`, `orc kill`, `orc rm`, `orc wait`: one verb over
 * one or more containers each, printing each name as Docker does; every
 * container is tried, the first failure is reported.
 */
import { Command } from 'commander';
import type { OrcClient } from '../client/index.js';
import { parseInteger, withClient } from '../engine-client.js';
import type { Io } from '../io.js';

async function each(io: Io, self: Command, containers: string[], fn: (c: OrcClient, ref: string) => Promise<string>): Promise<void> {
  let failure: unknown;
  await withClient(self, async (c) => {
    for (const ref of containers) {
      try {
        io.out(`${await fn(c, ref)}\n`);
      } catch (e) {
        failure ??= e;
        if (containers.length > 1) io.err(`error: ${(e as Error).message}\n`);
      }
    }
  });
  if (failure !== undefined) throw failure;
}

export function startCommand(io: Io): Command {
  return new Command('start')
    .description('Start one or more stopped containers')
    .argument('<container...>')
    .action((containers: string[], _f: unknown, self: Command) => each(io, self, containers, async (c, ref) => {
      await c.startContainer(ref);
      return ref;
    }));
}

export function stopCommand(io: Io): Command {
  return new Command('stop')
    .description('Stop one or more running containers (the stop signal, then SIGKILL)')
    .argument('<container...>')
    .option('-t, --time <seconds>', 'seconds to wait before killing', parseInteger())
    .option('-s, --signal <signal>', 'signal to send (default: the container\'s stop signal)')
    .action((containers: string[], f: { time?: number; signal?: string }, self: Command) => each(io, self, containers, async (c, ref) => {
      if (f.signal !== undefined) await c.killContainer(ref, f.signal);
      await c.stopContainer(ref, f.time !== undefined ? { timeout: f.time } : {});
      return ref;
    }));
}

export function restartCommand(io: Io): Command {
  return new Command('restart')
    .description('Restart one or more containers (stop, then start)')
    .argument('<container...>')
    .option('-t, --time <seconds>', 'seconds to wait for the stop before killing', parseInteger())
    .action((containers: string[], f: { time?: number }, self: Command) => each(io, self, containers, async (c, ref) => {
      await c.restartContainer(ref, f.time !== undefined ? { timeout: f.time } : {});
      return ref;
    }));
}

export function killCommand(io: Io): Command {
  return new Command('kill')
    .description('Send a signal (default SIGKILL) to one or more running containers')
    .argument('<container...>')
    .option('-s, --signal <signal>', 'the signal', 'SIGKILL')
    .action((containers: string[], f: { signal: string }, self: Command) => each(io, self, containers, async (c, ref) => {
      await c.killContainer(ref, f.signal);
      return ref;
    }));
}

export function rmCommand(io: Io): Command {
  return new Command('rm')
    .description('Remove one or more containers')
    .argument('<container...>')
    .option('-f, --force', 'kill and remove a running container')
    .option('-v, --volumes', 'also remove the anonymous volumes of the container')
    .action((containers: string[], f: { force?: boolean; volumes?: boolean }, self: Command) => each(io, self, containers, async (c, ref) => {
      await c.removeContainer(ref, { force: f.force === true, volumes: f.volumes === true });
      return ref;
    }));
}

export function waitCommand(io: Io): Command {
  return new Command('wait')
    .description('Wait for containers to stop, then print their exit codes')
    .argument('<container...>')
    .action((containers: string[], _f: unknown, self: Command) => each(io, self, containers, async (c, ref) => String(await c.waitContainer(ref))));
}
