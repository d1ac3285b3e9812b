/**
 * `orc pause C…` / `orc unpause C…`: freeze or thaw every process of each
 * container, printing each name as Docker does; every container is tried,
 * the first failure is reported.
 */
import { Command } from 'commander';
import type { OrcClient } from '../client/index.js';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';

function verb(io: Io, name: string, description: string, fn: (c: OrcClient, ref: string) => Promise<void>): Command {
  return new Command(name)
    .description(description)
    .argument('<container...>')
    .action(async (containers: string[], _f: unknown, self: Command) => {
      let failure: unknown;
      await withClient(self, async (c) => {
        for (const ref of containers) {
          try {
            await fn(c, ref);
            io.out(`${ref}\n`);
          } catch (e) {
            failure ??= e;
            if (containers.length > 1) io.err(`error: ${(e as Error).message}\n`);
          }
        }
      });
      if (failure !== undefined) throw failure;
    });
}

export const pauseCommand = (io: Io): Command => verb(io, 'pause', 'Pause all processes within one or more containers', (c, ref) => c.pauseContainer(ref));
export const unpauseCommand = (io: Io): Command => verb(io, 'unpause', 'Unpause all processes within one or more containers', (c, ref) => c.unpauseContainer(ref));
