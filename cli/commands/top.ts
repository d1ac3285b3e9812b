/** `orc top CONTAINER [ps OPTIONS]`: the container's processes, as `docker top`. */
import { Command } from 'commander';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';

/** Docker's tabwriter (min width 20, padding 3): every column but the last padded. */
export function topTable(titles: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = titles.map((t, i) => Math.max(20, t.length + 3, ...rows.map((r) => (r[i] ?? '').length + 3)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('');
  return [line(titles), ...rows.map(line)].join('\n') + '\n';
}

export function topCommand(io: Io): Command {
  return new Command('top')
    .description('Display the running processes of a container')
    .argument('<container>', 'id, id prefix or name')
    .argument('[ps-options...]', 'options for ps (default: -ef)')
    .passThroughOptions()
    .allowUnknownOption()
    .action(async (container: string, psArgs: string[], _f: unknown, self: Command) => {
      const t = await withClient(self, (c) => c.top(container, psArgs));
      io.out(topTable(t.titles, t.processes));
    });
}
