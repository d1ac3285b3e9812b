/** `orc ps`: the containers, as `docker ps`. */
import { Command, Option } from 'commander';
import { ago, table, withClient } from '../engine-client.js';
import type { Io } from '../io.js';

export function psCommand(io: Io): Command {
  return new Command('ps')
    .description('List containers')
    .option('-a, --all', 'show all containers (default: only running)')
    .option('-q, --quiet', 'only print container ids')
    .option('--no-trunc', 'do not truncate ids and commands')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (flags: { all?: boolean; quiet?: boolean; trunc: boolean; format: string }, self: Command) => {
      const list = await withClient(self, (c) => c.listContainers({ all: flags.all === true }));
      const id = (s: string): string => (flags.trunc ? s.slice(0, 12) : s);
      if (flags.quiet === true) {
        io.out(list.map((c) => `${id(c.id)}\n`).join(''));
        return;
      }
      if (flags.format === 'json') {
        // One object a line, as `docker ps --format json`.
        io.out(list.map((c) => `${JSON.stringify({
          ID: id(c.id), Image: c.image, Command: JSON.stringify(c.command), CreatedAt: new Date(c.created * 1000).toISOString(),
          RunningFor: ago(c.created), State: c.state, Status: c.status, Ports: '', Names: c.names.map((n) => n.replace(/^\//, '')).join(','),
          Labels: Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(','),
        })}\n`).join(''));
        return;
      }
      const command = (s: string): string => JSON.stringify(flags.trunc && s.length > 20 ? `${s.slice(0, 19)}…` : s);
      io.out(table(
        ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'],
        list.map((c) => [id(c.id), c.image, command(c.command), ago(c.created), c.status, '', c.names.map((n) => n.replace(/^\//, '')).join(',')]),
      ));
    });
}
