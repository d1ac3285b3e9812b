/**
 * `orc compose top` (each running container's processes: its name, then
 * Docker's table) and `orc compose stats` (`orc stats` over the project's
 * containers).
 */
import { Command, Option } from 'commander';
import { withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { showStats } from '../stats.js';
import { topTable } from '../top.js';
import { addProjectFlags, byName, containerName, listProject, resolveProject } from './project-scope.js';

export function topCommand(io: Io): Command {
  const cmd = new Command('top')
    .description('Display the running processes')
    .argument('[service...]', 'only these services');
  addProjectFlags(cmd);
  cmd.action(async (services: string[], _f: unknown, self: Command) => {
    const ref = await resolveProject(self, io, 'name');
    const sections = await withClient(self, async (c) => {
      const list = byName(await listProject(c, ref.name, { oneOff: 'include', services, runningOnly: true }));
      return Promise.all(list.map(async (x) => ({ name: containerName(x), top: await c.top(x.id) })));
    });
    io.out(sections.map((s) => `${s.name}\n${topTable(s.top.titles, s.top.processes)}\n`).join(''));
  });
  return cmd;
}

interface StatsFlags {
  all?: boolean;
  stream: boolean;
  format: string;
  trunc: boolean;
}

export function statsCommand(io: Io, isTty: () => boolean = () => process.stdout.isTTY === true): Command {
  const cmd = new Command('stats')
    .description('Display a live stream of the resource usage of the project\'s containers')
    .argument('[service...]', 'only these services')
    .option('-a, --all', 'show all containers (default: only running)')
    .option('--no-stream', 'print one sample and exit')
    .option('--no-trunc', 'do not truncate output')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'));
  addProjectFlags(cmd);
  cmd.action(async (services: string[], f: StatsFlags, self: Command) => {
    const ref = await resolveProject(self, io, 'name');
    await withClient(self, async (c) => {
      const list = byName(await listProject(c, ref.name, { oneOff: 'include', services, runningOnly: f.all !== true }));
      await showStats(io, c, list.map((x) => x.id), { stream: f.stream, format: f.format, trunc: f.trunc }, isTty());
    });
  });
  return cmd;
}
