/**
 * `orc volume create|ls|inspect|rm|prune`: Docker's volume commands, their
 * output and exit codes.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { printInspect, readAnswer, table, withClient } from '../engine-client.js';
import type { Io } from '../io.js';
import { humanSize } from './images.js';

function keyValue(flag: string) {
  return (v: string, prev: Record<string, string> = {}): Record<string, string> => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`${flag} takes key=value, not "${v}"`);
    return { ...prev, [v.slice(0, eq)]: v.slice(eq + 1) };
  };
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function createCommand(io: Io): Command {
  return new Command('create')
    .description('Create a volume (without a name: an anonymous one); prints its name')
    .argument('[name]')
    .option('-d, --driver <driver>', 'volume driver (only local)', 'local')
    .option('-o, --opt <key=value>', 'driver option: type, o, device (as mount(8) takes them)', keyValue('--opt'))
    .option('--label <key=value>', 'a label', keyValue('--label'))
    .action(async (name: string | undefined, f: { driver: string; opt?: Record<string, string>; label?: Record<string, string> }, self: Command) => {
      const v = await withClient(self, (c) => c.createVolume({ ...(name !== undefined ? { name } : {}), driver: f.driver, driverOpts: f.opt ?? {}, labels: f.label ?? {} }));
      io.out(`${v.Name}\n`);
    });
}

function labelText(labels: Record<string, string> | null): string {
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}

function lsCommand(io: Io, name: string): Command {
  return new Command(name)
    .description('List volumes')
    .option('-q, --quiet', 'only print volume names')
    .option('-f, --filter <filter>', 'filter: dangling=true|false, name=…, label=key[=value], driver=local', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (f: { quiet?: boolean; filter?: string[]; format: string }, self: Command) => {
      const volumes = await withClient(self, (c) => c.listVolumes(f.filter ?? []));
      if (f.quiet === true) io.out(volumes.map((v) => `${v.Name}\n`).join(''));
      else if (f.format === 'json') {
        io.out(volumes.map((v) => `${JSON.stringify({ Driver: v.Driver, Labels: labelText(v.Labels), Mountpoint: v.Mountpoint, Name: v.Name, Scope: v.Scope })}\n`).join(''));
      } else io.out(table(['DRIVER', 'VOLUME NAME'], volumes.map((v) => [v.Driver, v.Name])));
    });
}

function inspectCommand(io: Io): Command {
  return new Command('inspect')
    .description('Print the low-level information of volumes as JSON')
    .argument('<volume...>')
    .action(async (names: string[], _f: unknown, self: Command) => printInspect(io, self, names, (c, ref) => c.inspectVolume(ref)));
}

function rmCommand(io: Io): Command {
  return new Command('rm')
    .alias('remove')
    .description('Remove one or more volumes (not while a container uses them)')
    .argument('<volume...>')
    .option('-f, --force', 'a missing volume is not an error')
    .action(async (names: string[], f: { force?: boolean }, self: Command) => {
      let failure: unknown;
      await withClient(self, async (c) => {
        for (const n of names) {
          try {
            await c.removeVolume(n, { force: f.force === true });
            io.out(`${n}\n`);
          } catch (e) {
            failure ??= e;
            if (names.length > 1) io.err(`error: ${(e as Error).message}\n`);
          }
        }
      });
      if (failure !== undefined) throw failure;
    });
}

function pruneCommand(io: Io): Command {
  return new Command('prune')
    .description('Remove unused anonymous volumes (every unused volume with -a)')
    .option('-a, --all', 'remove all unused volumes, not just anonymous ones')
    .option('-f, --force', 'do not prompt for confirmation')
    .action(async (f: { all?: boolean; force?: boolean }, self: Command) => {
      if (f.force !== true) {
        const what = f.all === true ? 'all local volumes' : 'anonymous local volumes';
        io.out(`WARNING! This will remove ${what} not used by at least one container.\nAre you sure you want to continue? [y/N] `);
        const answer = (await readAnswer(io)).trim().toLowerCase();
        if (answer !== 'y' && answer !== 'yes') {
          io.out('Total reclaimed space: 0B\n');
          return;
        }
      }
      const r = await withClient(self, (c) => c.pruneVolumes({ all: f.all === true }));
      if (r.deleted.length > 0) io.out(`Deleted Volumes:\n${r.deleted.map((n) => `${n}\n`).join('')}\n`);
      io.out(`Total reclaimed space: ${humanSize(r.reclaimed)}\n`);
    });
}

export function volumeCommand(io: Io): Command {
  return new Command('volume')
    .description('Manage volumes')
    .addCommand(createCommand(io))
    .addCommand(lsCommand(io, 'ls').alias('list'))
    .addCommand(inspectCommand(io))
    .addCommand(rmCommand(io))
    .addCommand(pruneCommand(io));
}
