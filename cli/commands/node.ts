/**
 * `orc node ls|inspect|promote|demote|update|rm`: the swarm's nodes, with
 * Docker's columns and texts.
 */
import { Command, Option } from 'commander';
import type { Node, NodeSpec } from '../../common/cluster/types.js';
import { OrcError } from '../../common/errors.js';
import type { ClusterClient } from '../client/cluster.js';
import { table } from '../engine-client.js';
import { listFilters, withCluster } from '../cluster-client.js';
import type { Io } from '../io.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function managerStatus(n: Node): string {
  if (n.managerStatus === undefined) return '';
  if (n.managerStatus.leader) return 'Leader';
  return n.status.state === 'down' ? 'Unreachable' : capital(n.managerStatus.reachability);
}

function lsCommand(io: Io): Command {
  return new Command('ls')
    .alias('list')
    .description('List the swarm\'s nodes')
    .option('-q, --quiet', 'only print ids')
    .option('-f, --filter <filter>', 'filter: id, name, role=manager|worker, label', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (f: { quiet?: boolean; filter?: string[]; format: string }, self: Command) => {
      const { nodes, self: me } = await withCluster(self, async (c) => ({ nodes: await c.nodes(listFilters(f.filter)), self: (await c.swarmInfo()).nodeId }));
      nodes.sort((a, b) => a.spec.name.localeCompare(b.spec.name) || a.id.localeCompare(b.id));
      if (f.quiet === true) io.out(nodes.map((n) => `${n.id}\n`).join(''));
      else if (f.format === 'json') {
        io.out(nodes.map((n) => `${JSON.stringify({ ID: n.id, Self: n.id === me, Hostname: n.spec.name, Status: capital(n.status.state), Availability: capital(n.spec.availability), ManagerStatus: managerStatus(n), EngineVersion: n.description.engineVersion })}\n`).join(''));
      } else {
        io.out(table(['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'ENGINE VERSION'], nodes.map((n) => [
          `${n.id}${n.id === me ? ' *' : ''}`, n.spec.name, capital(n.status.state), capital(n.spec.availability), managerStatus(n), n.description.engineVersion,
        ])));
      }
    });
}

/** `self` means this node. */
async function resolve(c: ClusterClient, ref: string): Promise<Node> {
  return c.node(ref === 'self' ? (await c.swarmInfo()).nodeId : ref);
}

function inspectCommand(io: Io): Command {
  return new Command('inspect')
    .description('Print nodes as JSON ("self" is this node)')
    .argument('<node...>')
    .option('--pretty', 'a readable summary instead of JSON')
    .action(async (refs: string[], f: { pretty?: boolean }, self: Command) => {
      let failure: unknown;
      const docs = await withCluster(self, async (c) => {
        const out: Node[] = [];
        for (const r of refs) {
          try {
            out.push(await resolve(c, r));
          } catch (e) {
            failure ??= e;
          }
        }
        return out;
      });
      if (f.pretty === true) {
        io.out(docs.map((n) => [
          `ID:\t\t\t${n.id}`, `Hostname:\t\t${n.spec.name}`, `Joined at:\t\t${new Date(n.createdAt).toISOString()}`,
          'Status:', ` State:\t\t\t${capital(n.status.state)}`, ` Availability:\t\t${capital(n.spec.availability)}`, ` Address:\t\t${n.status.addr}`,
          ...(n.managerStatus !== undefined ? ['Manager Status:', ` Address:\t\t${n.managerStatus.addr}`, ` Raft Status:\t\t${managerStatus(n)}`, ` Leader:\t\t${n.managerStatus.leader ? 'Yes' : 'No'}`] : []),
          'Platform:', ` Operating System:\t${n.description.platform.os}`, ` Architecture:\t\t${n.description.platform.architecture}`,
          'Resources:', ` CPUs:\t\t\t${n.description.resources.nanoCpus / 1e9}`, ` Memory:\t\t${(n.description.resources.memoryBytes / 2 ** 30).toFixed(1)}GiB`,
          ...(Object.keys(n.spec.labels).length > 0 ? ['Labels:', ...Object.entries(n.spec.labels).map(([k, v]) => ` - ${k}=${v}`)] : []),
          `Engine Version:\t\t${n.description.engineVersion}`, '',
        ].join('\n')).join('\n'));
      } else io.out(`${JSON.stringify(docs, null, 4)}\n`);
      if (failure !== undefined) throw failure;
    });
}

/** Reads the node, changes its spec and writes it back, retrying when it moved on meanwhile. */
async function changeSpec(c: ClusterClient, ref: string, change: (spec: NodeSpec) => void): Promise<Node> {
  for (let attempt = 0; ; attempt++) {
    const n = await resolve(c, ref);
    const spec = structuredClone(n.spec);
    change(spec);
    try {
      return await c.updateNode(n.id, n.version, spec);
    } catch (e) {
      if (attempt < 5 && (e as { code?: string }).code === 'ORC_CONFLICT') continue;
      throw e;
    }
  }
}

function roleCommand(io: Io, name: 'promote' | 'demote'): Command {
  const role = name === 'promote' ? 'manager' : 'worker';
  return new Command(name)
    .description(name === 'promote' ? 'Make nodes managers' : 'Make managers workers')
    .argument('<node...>')
    .action(async (refs: string[], _f: unknown, self: Command) => {
      await withCluster(self, async (c) => {
        for (const r of refs) {
          const n = await changeSpec(c, r, (s) => {
            s.role = role;
          });
          io.out(name === 'promote' ? `Node ${n.spec.name} promoted to a manager in the swarm.\n` : `Manager ${n.spec.name} demoted in the swarm.\n`);
        }
      });
    });
}

function keyValue(v: string): [string, string] {
  const eq = v.indexOf('=');
  return eq < 0 ? [v, ''] : [v.slice(0, eq), v.slice(eq + 1)];
}

function updateCommand(io: Io): Command {
  return new Command('update')
    .description('Change a node\'s availability, labels or role')
    .argument('<node>')
    .addOption(new Option('--availability <availability>', 'active, pause or drain').choices(['active', 'pause', 'drain']))
    .addOption(new Option('--role <role>', 'worker or manager').choices(['worker', 'manager']))
    .option('--label-add <key=value>', 'add or change a label', collect)
    .option('--label-rm <key>', 'remove a label', collect)
    .action(async (ref: string, f: { availability?: NodeSpec['availability']; role?: NodeSpec['role']; labelAdd?: string[]; labelRm?: string[] }, self: Command) => {
      await withCluster(self, async (c) => {
        await changeSpec(c, ref, (s) => {
          if (f.availability !== undefined) s.availability = f.availability;
          if (f.role !== undefined) s.role = f.role;
          for (const l of f.labelAdd ?? []) {
            const [k, v] = keyValue(l);
            s.labels[k] = v;
          }
          for (const k of f.labelRm ?? []) {
            if (!(k in s.labels)) throw new OrcError('ORC_USAGE', `key ${k} doesn't exist in node's labels`);
            delete s.labels[k];
          }
        });
      });
      io.out(`${ref}\n`);
    });
}

function rmCommand(io: Io): Command {
  return new Command('rm')
    .alias('remove')
    .description('Remove nodes from the swarm (a node that is not down needs --force)')
    .argument('<node...>')
    .option('-f, --force', 'remove a node that is still up')
    .action(async (refs: string[], f: { force?: boolean }, self: Command) => {
      await withCluster(self, async (c) => {
        for (const r of refs) {
          await c.removeNode(r, f.force === true);
          io.out(`${r}\n`);
        }
      });
    });
}

export function nodeCommand(io: Io): Command {
  return new Command('node')
    .description('Manage the swarm\'s nodes')
    .addCommand(lsCommand(io))
    .addCommand(inspectCommand(io))
    .addCommand(roleCommand(io, 'promote'))
    .addCommand(roleCommand(io, 'demote'))
    .addCommand(updateCommand(io))
    .addCommand(rmCommand(io));
}
