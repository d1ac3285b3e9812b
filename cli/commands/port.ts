/** `orc port C [PRIVATE_PORT[/PROTO]]`: a container's published ports, as `docker port`. */
import { Command } from 'commander';
import { OrcError } from '../../common/errors.js';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';

export function portCommand(io: Io): Command {
  return new Command('port')
    .description('List port mappings or a specific mapping for the container')
    .argument('<container>')
    .argument('[private_port]', 'PORT[/PROTO] (default proto tcp)')
    .action(async (container: string, wanted: string | undefined, _flags: unknown, self: Command) => {
      const info = await withClient(self, (c) => c.inspectContainer(container));
      const ports = (info as { NetworkSettings?: { Ports?: Record<string, Array<{ HostIp: string; HostPort: string }>> } }).NetworkSettings?.Ports ?? {};
      const key = wanted === undefined ? undefined : wanted.includes('/') ? wanted : `${wanted}/tcp`;
      const lines: string[] = [];
      for (const [k, bindings] of Object.entries(ports).sort(([a], [b]) => parseInt(a, 10) - parseInt(b, 10))) {
        if (key !== undefined && k !== key) continue;
        for (const b of bindings) lines.push(key !== undefined ? `${b.HostIp}:${b.HostPort}` : `${k} -> ${b.HostIp}:${b.HostPort}`);
      }
      if (key !== undefined && lines.length === 0) throw new OrcError('ORC_NOT_FOUND', `no public port '${key}' published for ${container}`);
      io.out(lines.map((l) => `${l}\n`).join(''));
    });
}
