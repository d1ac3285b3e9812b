/**
 * `orc compose ps` (the project's containers: Compose's columns and its JSON
 * lines) and `orc compose port` (the public address of a published port).
 * Published ports come from the container's inspect document
 * (`NetworkSettings.Ports`, Docker's shape); a container without it has none.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { OrcError } from '../../../common/errors.js';
import type { ContainerInspect, ContainerSummary, OrcClient } from '../../client/index.js';
import { ago, parseInteger, table, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { addProjectFlags, byName, checkServices, containerName, LABEL, listProject, resolveProject, serviceOf, specifiedContainer } from './project-scope.js';

/** Docker's `NetworkSettings.Ports`: `{"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}`, null when only exposed. */
export type PortMap = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>;

/** Compose's PortPublisher. */
export interface Publisher {
  URL: string;
  TargetPort: number;
  PublishedPort: number;
  Protocol: string;
}

export function portMap(info: ContainerInspect): PortMap {
  const settings = (info as ContainerInspect & { NetworkSettings?: { Ports?: PortMap | null } }).NetworkSettings;
  return settings?.Ports ?? {};
}

/** One publisher a binding (an exposed port without one: published port 0), sorted by target port. */
export function publishers(ports: PortMap): Publisher[] {
  const out: Publisher[] = [];
  for (const [key, bindings] of Object.entries(ports)) {
    const [port = '', proto = 'tcp'] = key.split('/');
    const target = Number(port);
    if (bindings === null || bindings.length === 0) out.push({ URL: '', TargetPort: target, PublishedPort: 0, Protocol: proto });
    for (const b of bindings ?? []) out.push({ URL: b.HostIp ?? '', TargetPort: target, PublishedPort: Number(b.HostPort ?? '0'), Protocol: proto });
  }
  // IPv4 addresses before IPv6 ones, as Docker lists them
  const family = (p: Publisher): number => (p.URL.includes(':') ? 1 : 0);
  return out.sort((a, b) => a.TargetPort - b.TargetPort || (a.Protocol < b.Protocol ? -1 : a.Protocol > b.Protocol ? 1 : 0) || family(a) - family(b) || (a.URL < b.URL ? -1 : a.URL > b.URL ? 1 : 0));
}

/** Docker's PORTS column: `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 443/tcp`. */
export function displayPorts(pubs: readonly Publisher[]): string {
  return pubs.map((p) => {
    if (p.PublishedPort === 0) return `${p.TargetPort}/${p.Protocol}`;
    const ip = p.URL.includes(':') ? `[${p.URL}]` : p.URL;
    return `${ip}:${p.PublishedPort}->${p.TargetPort}/${p.Protocol}`;
  }).join(', ');
}

/** What ps prints of a container: its list entry and what its inspect adds. */
export interface PsRow {
  c: ContainerSummary;
  health: string;
  exitCode: number;
  pubs: Publisher[];
}

async function psRow(client: OrcClient, c: ContainerSummary): Promise<PsRow | undefined> {
  let info: ContainerInspect;
  try {
    info = await client.inspectContainer(c.id);
  } catch (e) {
    if (e instanceof OrcError && e.code === 'ORC_NOT_FOUND') return undefined; // removed meanwhile
    throw e;
  }
  const state = info.State as ContainerInspect['State'] & { Health?: { Status?: string } };
  return {
    c,
    health: state.Status === 'running' ? (state.Health?.Status ?? '') : '',
    exitCode: state.Status === 'exited' ? state.ExitCode : 0,
    pubs: publishers(portMap(info)),
  };
}

/** `"sh -c 'sleep…"` as Compose's COMMAND (quoted; 20 characters and an ellipsis unless --no-trunc). */
export function quotedCommand(command: string, trunc: boolean): string {
  const chars = [...command];
  return JSON.stringify(trunc && chars.length > 20 ? `${chars.slice(0, 19).join('')}…` : command);
}

/** Go's time.Time String() in UTC: `2024-05-01 10:00:00 +0000 UTC`. */
function goTime(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} +0000 UTC`;
}

/** One JSON object a line, Compose's fields (the keys of its container context, sorted). */
export function psJson(r: PsRow, trunc: boolean, now = Date.now()): string {
  const { c } = r;
  const names = c.names.map((n) => n.replace(/^\//, ''));
  return JSON.stringify({
    Command: quotedCommand(c.command, trunc),
    CreatedAt: goTime(c.created),
    ExitCode: r.exitCode,
    Health: r.health,
    ID: trunc ? c.id.slice(0, 12) : c.id,
    Image: c.image,
    Labels: Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(','),
    LocalVolumes: '0',
    Mounts: '',
    Name: containerName(c),
    Names: trunc ? (names.find((n) => !n.includes('/')) ?? names.join(',')) : names.join(','),
    Networks: '',
    Ports: displayPorts(r.pubs),
    Project: c.labels[LABEL.project] ?? '',
    Publishers: r.pubs.length === 0 ? null : r.pubs,
    RunningFor: ago(c.created, now),
    Service: serviceOf(c),
    Size: '0B',
    State: c.state,
    Status: c.status,
  });
}

export function psTable(rows: readonly PsRow[], trunc: boolean, now = Date.now()): string {
  return table(
    ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
    rows.map((r) => [containerName(r.c), r.c.image, quotedCommand(r.c.command, trunc), serviceOf(r.c), ago(r.c.created, now), r.c.status, displayPorts(r.pubs)]),
  );
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const STATUSES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

interface PsFlags {
  all?: boolean;
  quiet?: boolean;
  services?: boolean;
  status: string[];
  filter?: string;
  format: string;
  trunc: boolean;
}

/** `--filter status=S` is `--status S`; Compose knows no other filter. */
export function statusFilter(filter: string | undefined, status: readonly string[]): string[] {
  if (filter === undefined) return [...status];
  const eq = filter.indexOf('=');
  if (eq < 0) throw new OrcError('ORC_USAGE', 'arguments to --filter should be in form KEY=VAL');
  const key = filter.slice(0, eq);
  if (key !== 'status') throw new OrcError('ORC_USAGE', `unknown filter ${key}`);
  return [...status, filter.slice(eq + 1)];
}

export function psCommand(io: Io): Command {
  const cmd = new Command('ps')
    .description('List the project\'s containers')
    .argument('[service...]', 'only these services')
    .option('-a, --all', 'show all stopped containers (including those created by the run command)')
    .option('-q, --quiet', 'only display IDs')
    .option('--services', 'display services')
    .option('--status <status>', `filter by status (${STATUSES.join(', ')}); repeatable`, (v: string, p: string[]) => {
      if (!STATUSES.includes(v)) throw new InvalidArgumentError(`must be one of ${STATUSES.join(', ')}`);
      return collect(v, p);
    }, [])
    .option('--filter <KEY=VAL>', 'filter services by a property (supported: status)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--no-trunc', 'do not truncate output');
  addProjectFlags(cmd);
  cmd.action(async (services: string[], flags: PsFlags, self: Command) => {
    const status = statusFilter(flags.filter, flags.status);
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, services);
    const rows = await withClient(self, async (c) => {
      const all = flags.all === true || status.length > 0;
      const list = byName(await listProject(c, ref.name, { oneOff: all ? 'include' : 'exclude', services, runningOnly: !all }));
      const filtered = status.length > 0 ? list.filter((x) => status.includes(x.state)) : list;
      if (flags.quiet === true || flags.services === true) return filtered.map((x): PsRow => ({ c: x, health: '', exitCode: 0, pubs: [] }));
      return (await Promise.all(filtered.map((x) => psRow(c, x)))).filter((r): r is PsRow => r !== undefined);
    });
    if (flags.quiet === true) {
      io.out(rows.map((r) => `${r.c.id}\n`).join(''));
      return;
    }
    if (flags.services === true) {
      io.out(`${[...new Set(rows.map((r) => serviceOf(r.c)))].join('\n')}\n`);
      return;
    }
    if (flags.format === 'json') {
      io.out(rows.map((r) => `${psJson(r, flags.trunc)}\n`).join(''));
      return;
    }
    io.out(psTable(rows, flags.trunc));
  });
  return cmd;
}

export function portCommand(io: Io): Command {
  const cmd = new Command('port')
    .description('Print the public port for a port binding')
    .argument('<service>')
    .argument('<private_port>', 'the container port', (v: string) => {
      if (!/^[0-9]+$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError(`"${v}" is not a port number`);
      return Number(v);
    })
    .option('--index <n>', 'index of the container if the service has several replicas', parseInteger(), 0)
    .option('--protocol <proto>', 'tcp or udp', 'tcp');
  addProjectFlags(cmd);
  cmd.action(async (service: string, port: number, flags: { index: number; protocol: string }, self: Command) => {
    const ref = await resolveProject(self, io, 'name');
    const protocol = flags.protocol.toLowerCase();
    const out = await withClient(self, async (c) => {
      const target = specifiedContainer(await c.listContainers({ all: false }), ref.name, service, flags.index, { oneOff: 'include', runningOnly: true });
      const pubs = publishers(portMap(await c.inspectContainer(target.id)));
      const hit = pubs.find((p) => p.TargetPort === port && p.Protocol === protocol && p.PublishedPort !== 0);
      if (hit === undefined) {
        const have = pubs.map((p) => `${p.TargetPort}/${p.Protocol}`).join(', ');
        throw new OrcError('ORC_NOT_FOUND', `no port ${port}/${protocol} for container ${containerName(target)}: ${have}`);
      }
      return `${hit.URL}:${hit.PublishedPort}\n`;
    });
    io.out(out);
  });
  return cmd;
}
