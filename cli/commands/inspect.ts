/** `orc inspect`: containers' Docker-shaped documents as a JSON array. */
import { Command } from 'commander';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';

export function inspectCommand(io: Io): Command {
  return new Command('inspect')
    .description('Print the low-level information of containers as JSON')
    .argument('<container...>')
    .action(async (containers: string[], _f: unknown, self: Command) => {
      const docs = await withClient(self, (c) => Promise.all(containers.map((ref) => c.inspectContainer(ref))));
      io.out(`${JSON.stringify(docs, null, 4)}\n`);
    });
}
