/** `orc daemon`: the local engine, serving its gRPC API on a unix socket until SIGTERM/SIGINT. */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { defaultDataRoot, defaultSocket } from '../client/host.js';

export function daemonCommand(version: () => string): Command {
  return new Command('daemon')
    .description('Run the engine daemon (containers outlive it; the next daemon adopts them)')
    .option('--data-root <dir>', 'where images and containers are kept (default: $ORC_DATA_ROOT, else /var/lib/orc)', defaultDataRoot())
    .option('--socket <path>', 'the unix socket to serve on (default: $ORC_DEFAULT_SOCKET, else /run/orc/orc.sock)', defaultSocket())
    .option('--node-name <name>', 'this node\'s name (default: the hostname)')
    .option('--runtime <runtime>', 'OCI runtime: orc, runc, crun or a path', 'orc')
    .option('--cgroup-parent <path>', 'cgroup parent of the containers', '/orc')
    .option('--resolv-conf <file>', 'the host resolver file the embedded DNS server forwards to', '/etc/resolv.conf')
    .action(async (flags: { dataRoot: string; socket: string; nodeName?: string; runtime: string; cgroupParent: string; resolvConf: string }) => {
      const { runDaemon } = await import('../../worker/daemon/index.js');
      const { clusterPlugin } = await import('../../manager/node/index.js');
      await runDaemon({
        plugins: [clusterPlugin()],
        dataRoot: resolve(flags.dataRoot),
        socket: resolve(flags.socket),
        runtime: flags.runtime,
        cgroupParent: flags.cgroupParent,
        resolvConf: resolve(flags.resolvConf),
        version: version(),
        ...(flags.nodeName !== undefined ? { nodeName: flags.nodeName } : {}),
      });
    });
}
