/** `orc logs`: a container's output, as `docker logs`. */
import { Command } from 'commander';
import { parseInteger, withClient } from '../engine-client.js';
import type { Io } from '../io.js';

export function logsCommand(io: Io): Command {
  return new Command('logs')
    .description('Print the logs of a container')
    .argument('<container>', 'id, id prefix or name')
    .option('-f, --follow', 'follow the output until the container ends')
    .option('-n, --tail <n>', 'only the last N lines', parseInteger())
    .option('-t, --timestamps', 'prefix each line with its time')
    .option('--since <time>', 'only lines since (RFC 3339 or Unix seconds)')
    .option('--until <time>', 'only lines before (RFC 3339 or Unix seconds)')
    .action(async (container: string, flags: { follow?: boolean; tail?: number; timestamps?: boolean; since?: string; until?: string }, self: Command) => {
      await withClient(self, async (c) => {
        const entries = c.logs(container, {
          follow: flags.follow === true,
          ...(flags.tail !== undefined ? { tail: flags.tail } : {}),
          ...(flags.since !== undefined ? { since: flags.since } : {}),
          ...(flags.until !== undefined ? { until: flags.until } : {}),
        });
        for await (const e of entries) {
          const text = flags.timestamps === true ? `${e.time} ${e.log.toString()}` : e.log.toString();
          if (e.stream === 'stderr') io.err(text);
          else io.out(text);
        }
      });
    });
}
