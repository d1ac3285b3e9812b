/**
 * `orc swarm init|join|join-token|leave|update|ca`: this node's membership
 * of a cluster, with Docker's texts.
 */
import { Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../../common/duration.js';
import { withCluster } from '../cluster-client.js';
import type { Io } from '../io.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function port(v: string): number {
  const n = Number(v);
  if (!/^[0-9]+$/.test(v) || n < 1 || n > 65535) throw new InvalidArgumentError(`"${v}" is not a port number`);
  return n;
}

function joinCommandText(role: 'worker' | 'manager', token: string, addr: string): string {
  return `To add a ${role} to this swarm, run the following command:\n\n    orc swarm join --token ${token} ${addr}\n\n`;
}

function initCommand(io: Io): Command {
  return new Command('init')
    .description('Initialize a swarm: this node becomes its first manager')
    .option('--advertise-addr <addr>', 'the address other nodes reach this one at (default: the first non-loopback IPv4 address)')
    .option('--listen-addr <addr:port>', 'where the cluster API listens', '0.0.0.0:2377')
    .option('--default-addr-pool <cidr>', 'address pool of overlay networks (repeatable)', collect)
    .option('--default-addr-pool-mask-length <n>', 'subnet size taken from the pool', (v) => port(v))
    .option('--data-path-port <port>', 'UDP port of the overlay data path (VXLAN)', port)
    .option('--force-new-cluster', 'recover this manager after the loss of quorum: a new cluster of this one manager, with the current state')
    .action(async (f: { advertiseAddr?: string; listenAddr: string; defaultAddrPool?: string[]; defaultAddrPoolMaskLength?: number; dataPathPort?: number; forceNewCluster?: boolean }, self: Command) => {
      await withCluster(self, async (c) => {
        const info = await c.swarmInit({
          listenAddr: f.listenAddr,
          ...(f.advertiseAddr !== undefined ? { advertiseAddr: f.advertiseAddr } : {}),
          ...(f.defaultAddrPool !== undefined ? { defaultAddrPool: f.defaultAddrPool } : {}),
          ...(f.defaultAddrPoolMaskLength !== undefined ? { subnetSize: f.defaultAddrPoolMaskLength } : {}),
          ...(f.dataPathPort !== undefined ? { dataPathPort: f.dataPathPort } : {}),
          forceNewCluster: f.forceNewCluster === true,
        });
        const cluster = await c.cluster();
        const addr = info.managers[0] ?? `${info.advertiseAddr}:2377`;
        io.out(`Swarm initialized: current node (${info.nodeId}) is now a manager.\n\n`);
        io.out(joinCommandText('worker', cluster.joinTokens.worker, addr));
        io.out("To add a manager to this swarm, run 'orc swarm join-token manager' and follow the instructions.\n\n");
      });
    });
}

function joinCommand(io: Io): Command {
  return new Command('join')
    .description('Join a swarm as a worker or a manager (the token says which)')
    .argument('<host:port>', 'a manager of the swarm')
    .requiredOption('--token <token>', 'the join token (orc swarm join-token worker|manager on a manager)')
    .option('--advertise-addr <addr>', 'the address other nodes reach this one at')
    .option('--listen-addr <addr:port>', 'where the cluster API listens if this node is a manager', '0.0.0.0:2377')
    .action(async (remote: string, f: { token: string; advertiseAddr?: string; listenAddr: string }, self: Command) => {
      await withCluster(self, async (c) => {
        const info = await c.swarmJoin({ token: f.token, remoteAddrs: [remote], listenAddr: f.listenAddr, ...(f.advertiseAddr !== undefined ? { advertiseAddr: f.advertiseAddr } : {}) });
        io.out(`This node joined a swarm as a ${info.role}.\n`);
      });
    });
}

function joinTokenCommand(io: Io): Command {
  return new Command('join-token')
    .description('Print (or rotate) the token a worker or a manager joins with')
    .addArgument(new Command().createArgument('<role>', 'worker or manager').choices(['worker', 'manager']))
    .option('-q, --quiet', 'only print the token')
    .option('--rotate', 'replace the token: the old one no longer admits anyone')
    .action(async (role: 'worker' | 'manager', f: { quiet?: boolean; rotate?: boolean }, self: Command) => {
      await withCluster(self, async (c) => {
        let cluster = await c.cluster();
        if (f.rotate === true) {
          cluster = await c.updateCluster(cluster.version, role === 'worker' ? { rotateWorkerToken: true } : { rotateManagerToken: true });
          if (f.quiet !== true) io.out(`Successfully rotated ${role} join token.\n\n`);
        }
        const token = cluster.joinTokens[role];
        if (f.quiet === true) {
          io.out(`${token}\n`);
          return;
        }
        const info = await c.swarmInfo();
        io.out(joinCommandText(role, token, info.leaderAddr !== '' ? info.leaderAddr : (info.managers[0] ?? '')));
      });
    });
}

function leaveCommand(io: Io): Command {
  return new Command('leave')
    .description('Leave the swarm (a manager needs --force)')
    .option('-f, --force', 'leave even as a manager (the managers lose a member of their quorum)')
    .action(async (f: { force?: boolean }, self: Command) => {
      await withCluster(self, (c) => c.swarmLeave(f.force === true));
      io.out('Node left the swarm.\n');
    });
}

function updateCommand(io: Io): Command {
  const duration = (flag: string) => (v: string): number => {
    const ns = parseDuration(v, { goUnitsOnly: true });
    if (ns === undefined) throw new InvalidArgumentError(`${flag}: "${v}" is not a duration (e.g. 5s, 1m30s)`);
    return Number(ns / 1_000_000n);
  };
  return new Command('update')
    .description('Update the swarm\'s settings')
    .option('--task-history-limit <n>', 'terminated tasks kept per slot', (v) => port(v))
    .option('--dispatcher-heartbeat <duration>', 'heartbeat period of the nodes', duration('--dispatcher-heartbeat'))
    .option('--cert-expiry <duration>', 'validity of node certificates', duration('--cert-expiry'))
    .action(async (f: { taskHistoryLimit?: number; dispatcherHeartbeat?: number; certExpiry?: number }, self: Command) => {
      await withCluster(self, async (c) => {
        const cluster = await c.cluster();
        const spec = structuredClone(cluster.spec);
        if (f.taskHistoryLimit !== undefined) spec.orchestration.taskHistoryRetentionLimit = f.taskHistoryLimit;
        if (f.dispatcherHeartbeat !== undefined) spec.dispatcher.heartbeatPeriodMs = f.dispatcherHeartbeat;
        if (f.certExpiry !== undefined) spec.caConfig.nodeCertExpiryMs = f.certExpiry;
        await c.updateCluster(cluster.version, { spec });
      });
      io.out('Swarm updated.\n');
    });
}

function caCommand(io: Io): Command {
  return new Command('ca')
    .description('Print the swarm\'s root CA certificate')
    .action(async (_f: unknown, self: Command) => {
      const cluster = await withCluster(self, (c) => c.cluster());
      io.out(cluster.caCertPem.endsWith('\n') ? cluster.caCertPem : `${cluster.caCertPem}\n`);
    });
}

export function swarmCommand(io: Io): Command {
  return new Command('swarm')
    .description('Manage this node\'s membership of a swarm')
    .addCommand(initCommand(io))
    .addCommand(joinCommand(io))
    .addCommand(joinTokenCommand(io))
    .addCommand(leaveCommand(io))
    .addCommand(updateCommand(io))
    .addCommand(caCommand(io));
}
