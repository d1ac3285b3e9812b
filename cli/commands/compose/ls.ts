/** `orc compose ls`: the projects with containers on this host (NAME, STATUS, CONFIG FILES), as Compose's. */
import { Command, Option } from 'commander';
import { OrcError } from '../../../common/errors.js';
import type { StackSummary } from '../../client/index.js';
import { table, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { failCompose } from './up.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `--filter name=X`: Docker's filter match (the value itself, else as a regular expression). */
export function nameFilter(filters: readonly string[]): (name: string) => boolean {
  const names: string[] = [];
  for (const f of filters) {
    const eq = f.indexOf('=');
    const key = eq < 0 ? f : f.slice(0, eq);
    if (eq < 0) throw new OrcError('ORC_USAGE', `bad format of filter (expected name=value): ${f}`);
    if (key !== 'name') throw new OrcError('ORC_USAGE', `invalid filter '${key}'`);
    names.push(f.slice(eq + 1));
  }
  if (names.length === 0) return () => true;
  return (name) => names.some((n) => {
    if (n === name) return true;
    try {
      return new RegExp(n).test(name);
    } catch {
      return false;
    }
  });
}

export function lsCommand(io: Io): Command {
  return new Command('ls')
    .description('List the compose projects on this host')
    .option('-a, --all', 'also projects whose containers are all stopped')
    .option('-q, --quiet', 'only print the names')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--filter <name=value>', 'only projects that match (name=…; repeatable)', collect, [])
    .action(async (flags: { all?: boolean; quiet?: boolean; format: string; filter: string[] }, self: Command) => {
      let match: (name: string) => boolean;
      try {
        match = nameFilter(flags.filter);
      } catch (e) {
        return failCompose(io, e);
      }
      const stacks: StackSummary[] = (await withClient(self, (c) => c.stackList({ all: flags.all === true }))).filter((s) => match(s.name));
      if (flags.quiet === true) {
        io.out(stacks.map((s) => `${s.name}\n`).join(''));
        return;
      }
      if (flags.format === 'json') {
        io.out(`${JSON.stringify(stacks.map((s) => ({ Name: s.name, Status: s.status, ConfigFiles: s.configFiles })))}\n`);
        return;
      }
      io.out(table(['NAME', 'STATUS', 'CONFIG FILES'], stacks.map((s) => [s.name, s.status, s.configFiles])));
    });
}
