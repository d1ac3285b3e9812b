/**
 * `orc network ls|inspect|create|rm|prune|connect|disconnect`: bridge
 * networks, as Docker's commands (columns, prompts, output and errors).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { OrcError } from '../../common/errors.js';
import type { NetworkInspect } from '../client/index.js';
import { printInspect, readAnswer, table, withClient } from '../engine-client.js';
import type { Io } from '../io.js';

const PREDEFINED = new Set(['bridge', 'host', 'none']);

/** `k=v` options collected into a record. */
function keyValue(what: string) {
  return (v: string, prev: Record<string, string> = {}): Record<string, string> => {
    const at = v.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`${what} "${v}" must be key=value`);
    return { ...prev, [v.slice(0, at)]: v.slice(at + 1) };
  };
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** Docker's `network ls --filter`: name (substring), id (prefix), driver, label (key or key=value), type (custom|builtin). */
export function matchesFilters(n: NetworkInspect, filters: readonly string[]): boolean {
  const by = new Map<string, string[]>();
  for (const f of filters) {
    const at = f.indexOf('=');
    if (at <= 0) throw new OrcError('ORC_USAGE', `bad format of filter "${f}" (expected name=value)`);
    const key = f.slice(0, at);
    if (!['name', 'id', 'driver', 'label', 'type', 'scope'].includes(key)) throw new OrcError('ORC_USAGE', `invalid filter '${key}'`);
    by.set(key, [...(by.get(key) ?? []), f.slice(at + 1)]);
  }
  const any = (key: string, test: (v: string) => boolean): boolean => (by.get(key) ?? []).length === 0 || (by.get(key) ?? []).some(test);
  return any('name', (v) => n.Name.includes(v))
    && any('id', (v) => n.Id.startsWith(v))
    && any('driver', (v) => n.Driver === v)
    && any('scope', (v) => n.Scope === v)
    && any('type', (v) => (v === 'builtin') === PREDEFINED.has(n.Name))
    && any('label', (v) => {
      const at = v.indexOf('=');
      return at < 0 ? n.Labels[v] !== undefined : n.Labels[v.slice(0, at)] === v.slice(at + 1);
    });
}

function listCommand(io: Io): Command {
  return new Command('ls')
    .alias('list')
    .description('List networks')
    .option('-q, --quiet', 'only print network ids')
    .option('-f, --filter <filter>', 'filter output (name=, id=, driver=, label=, type=custom|builtin)', collect, [])
    .option('--no-trunc', 'do not truncate the ids')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (flags: { quiet?: boolean; filter: string[]; trunc: boolean; format: string }, self: Command) => {
      const all = await withClient(self, (c) => c.networks());
      const nets = all.filter((n) => matchesFilters(n, flags.filter));
      const id = (n: NetworkInspect): string => (flags.trunc ? n.Id.slice(0, 12) : n.Id);
      if (flags.quiet === true) {
        io.out(nets.map((n) => `${id(n)}\n`).join(''));
        return;
      }
      if (flags.format === 'json') {
        io.out(nets.map((n) => `${JSON.stringify({
          CreatedAt: n.Created, Driver: n.Driver, ID: id(n), IPv6: String(n.EnableIPv6), Internal: String(n.Internal),
          Labels: Object.entries(n.Labels).map(([k, v]) => `${k}=${v}`).join(','), Name: n.Name, Scope: n.Scope,
        })}\n`).join(''));
        return;
      }
      io.out(table(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], nets.map((n) => [id(n), n.Name, n.Driver, n.Scope])));
    });
}

function inspectCommand(io: Io): Command {
  return new Command('inspect')
    .description('Print the low-level information of networks as JSON')
    .argument('<network...>')
    .action(async (refs: string[], _f: unknown, self: Command) => printInspect(io, self, refs, (c, ref) => c.inspectNetwork(ref)));
}

function createCommand(io: Io): Command {
  return new Command('create')
    .description('Create a network')
    .argument('<name>')
    .option('-d, --driver <driver>', 'driver to manage the network (bridge)', 'bridge')
    .option('--internal', 'restrict external access to the network')
    .option('--attachable', 'enable manual container attachment')
    .option('--subnet <cidr>', 'subnet in CIDR format')
    .option('--ip-range <cidr>', 'allocate container addresses from a sub-range')
    .option('--gateway <ip>', 'IPv4 gateway for the subnet')
    .option('--aux-address <name=ip>', 'auxiliary IPv4 addresses the allocator must not hand out', keyValue('aux address'), {})
    .option('--label <key=value>', 'set metadata on the network', keyValue('label'), {})
    .option('-o, --opt <key=value>', 'driver options (com.docker.network.driver.mtu, com.docker.network.bridge.name)', keyValue('option'), {})
    .action(async (name: string, f: { driver: string; internal?: boolean; attachable?: boolean; subnet?: string; ipRange?: string; gateway?: string; auxAddress: Record<string, string>; label: Record<string, string>; opt: Record<string, string> }, self: Command) => {
      const ipamGiven = f.subnet !== undefined || f.ipRange !== undefined || f.gateway !== undefined || Object.keys(f.auxAddress).length > 0;
      const id = await withClient(self, (c) => c.createNetwork({
        name, driver: f.driver, internal: f.internal === true, attachable: f.attachable === true, labels: f.label, options: f.opt,
        ...(ipamGiven ? {
          ipam: [{
            ...(f.subnet !== undefined ? { subnet: f.subnet } : {}), ...(f.ipRange !== undefined ? { ipRange: f.ipRange } : {}),
            ...(f.gateway !== undefined ? { gateway: f.gateway } : {}), ...(Object.keys(f.auxAddress).length > 0 ? { auxAddresses: f.auxAddress } : {}),
          }],
        } : {}),
      }));
      io.out(`${id}\n`);
    });
}

function removeCommand(io: Io): Command {
  return new Command('rm')
    .alias('remove')
    .description('Remove one or more networks')
    .argument('<network...>')
    .option('-f, --force', 'do not fail when a network does not exist')
    .action(async (refs: string[], flags: { force?: boolean }, self: Command) => {
      let failure: unknown;
      await withClient(self, async (c) => {
        for (const ref of refs) {
          try {
            await c.removeNetwork(ref);
            io.out(`${ref}\n`);
          } catch (e) {
            if (flags.force === true && e instanceof OrcError && e.code === 'ORC_NOT_FOUND') continue;
            if (failure !== undefined) io.err(`error: ${(e as Error).message}\n`);
            failure ??= e;
          }
        }
      });
      if (failure !== undefined) throw failure;
    });
}

function pruneCommand(io: Io): Command {
  return new Command('prune')
    .description('Remove all unused networks')
    .option('-f, --force', 'do not prompt for confirmation')
    .action(async (flags: { force?: boolean }, self: Command) => {
      if (flags.force !== true) {
        io.out('WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ');
        const answer = (await readAnswer(io)).trim().toLowerCase();
        if (answer !== 'y' && answer !== 'yes') return;
      }
      const deleted = await withClient(self, (c) => c.pruneNetworks());
      if (deleted.length > 0) io.out(`Deleted Networks:\n${deleted.map((d) => `${d}\n`).join('')}\n`);
    });
}

function connectCommand(): Command {
  return new Command('connect')
    .description('Connect a container to a network')
    .argument('<network>')
    .argument('<container>')
    .option('--alias <name>', 'add a network-scoped alias for the container', collect, [])
    .option('--ip <address>', 'IPv4 address')
    .option('--driver-opt <key=value>', 'driver options (com.docker.network.endpoint.ifname)', keyValue('driver option'), {})
    .action(async (network: string, container: string, f: { alias: string[]; ip?: string; driverOpt: Record<string, string> }, self: Command) => {
      const ifname = f.driverOpt['com.docker.network.endpoint.ifname'];
      await withClient(self, (c) => c.connectNetwork(network, container, {
        aliases: f.alias, ...(f.ip !== undefined ? { ipv4Address: f.ip } : {}), ...(ifname !== undefined ? { interfaceName: ifname } : {}),
      }));
    });
}

function disconnectCommand(): Command {
  return new Command('disconnect')
    .description('Disconnect a container from a network')
    .argument('<network>')
    .argument('<container>')
    .option('-f, --force', 'force the container to disconnect from a network')
    .action(async (network: string, container: string, f: { force?: boolean }, self: Command) => {
      await withClient(self, (c) => c.disconnectNetwork(network, container, { force: f.force === true }));
    });
}

export function networkCommand(io: Io): Command {
  return new Command('network')
    .description('Manage networks')
    .addCommand(listCommand(io))
    .addCommand(inspectCommand(io))
    .addCommand(createCommand(io))
    .addCommand(removeCommand(io))
    .addCommand(pruneCommand(io))
    .addCommand(connectCommand())
    .addCommand(disconnectCommand());
}
