/**
 * `orc stats [--no-stream] [-a] [--format json] [CONTAINER...]`: a live table
 * of the containers' resource use, computed as the docker CLI does from two
 * samples (CPU %), cgroup memory minus inactive file pages, and Docker's
 * units (binary for memory, decimal for network and block I/O).
 */
import { Command, Option } from 'commander';
import type { ContainerStats, OrcClient } from '../client/index.js';
import { table, withClient } from '../engine-client.js';
import type { Io } from '../io.js';

/** Go's %.<p>g for the sizes here (they stay below 10^p after scaling). */
function g(x: number, p: number): string {
  return String(Number(x.toPrecision(p)));
}

function customSize(size: number, base: number, units: readonly string[], precision: number): string {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return `${g(size, precision)}${units[i] ?? ''}`;
}

/** docker's units.BytesSize: `1.5MiB`. */
export function bytesSize(n: number): string {
  return customSize(n, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'], 4);
}

/** docker's units.HumanSizeWithPrecision(n, 3): `1.45kB`. */
export function humanSize(n: number): string {
  return customSize(n, 1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'], 3);
}

export interface StatsRow {
  ID: string;
  Name: string;
  CPUPerc: string;
  MemUsage: string;
  MemPerc: string;
  NetIO: string;
  BlockIO: string;
  PIDs: string;
}

/** One row from a sample and the one before it, as the docker CLI computes it. */
export function statsRow(s: ContainerStats): StatsRow {
  const cur = s.sample;
  const cpuDelta = cur.cpuTotalNs - s.previous.cpuTotalNs;
  const systemDelta = cur.systemCpuNs - s.previous.systemCpuNs;
  const cpu = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cur.onlineCpus * 100 : 0;
  const used = cur.memoryInactiveFile < cur.memoryUsage ? cur.memoryUsage - cur.memoryInactiveFile : cur.memoryUsage;
  const memPerc = cur.memoryLimit > 0 ? (used / cur.memoryLimit) * 100 : 0;
  return {
    ID: s.id,
    Name: s.name,
    CPUPerc: `${cpu.toFixed(2)}%`,
    MemUsage: `${bytesSize(used)} / ${bytesSize(cur.memoryLimit)}`,
    MemPerc: `${memPerc.toFixed(2)}%`,
    NetIO: `${humanSize(cur.netRx)} / ${humanSize(cur.netTx)}`,
    BlockIO: `${humanSize(cur.blockRead)} / ${humanSize(cur.blockWrite)}`,
    PIDs: String(cur.pids),
  };
}

function render(rows: readonly StatsRow[], format: string, trunc: boolean): string {
  const id = (s: string): string => (trunc ? s.slice(0, 12) : s);
  if (format === 'json') {
    return rows.map((r) => `${JSON.stringify({ BlockIO: r.BlockIO, CPUPerc: r.CPUPerc, Container: id(r.ID), ID: id(r.ID), MemPerc: r.MemPerc, MemUsage: r.MemUsage, Name: r.Name, NetIO: r.NetIO, PIDs: r.PIDs })}\n`).join('');
  }
  return table(
    ['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'],
    rows.map((r) => [id(r.ID), r.Name, r.CPUPerc, r.MemUsage, r.MemPerc, r.NetIO, r.BlockIO, r.PIDs]),
  );
}

export interface StatsFlags {
  stream: boolean;
  all?: boolean;
  format: string;
  trunc: boolean;
}

async function targets(c: OrcClient, given: string[], all: boolean): Promise<string[]> {
  if (given.length > 0) return given;
  return (await c.listContainers({ all })).map((x) => x.id);
}

export function statsCommand(io: Io, isTty: () => boolean = () => process.stdout.isTTY === true): Command {
  return new Command('stats')
    .description('Display a live stream of container resource usage statistics')
    .argument('[container...]', 'containers (default: all running ones)')
    .option('--no-stream', 'print one sample and exit')
    .option('-a, --all', 'show all containers (default: only running)')
    .option('--no-trunc', 'do not truncate ids')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (containers: string[], flags: StatsFlags, self: Command) => {
      await withClient(self, async (c) => {
        await showStats(io, c, await targets(c, containers, flags.all === true), flags, isTty());
      });
    });
}

/** Samples of `refs` rendered as `orc stats` does: once with `stream: false`, else redrawn until every stream ends. */
export async function showStats(io: Io, c: OrcClient, refs: readonly string[], flags: Omit<StatsFlags, 'all'>, tty: boolean): Promise<void> {
  const rows = new Map<string, StatsRow>();
  if (!flags.stream) {
    const first = await Promise.all(refs.map(async (ref) => {
      for await (const s of c.stats(ref, { stream: false })) return statsRow(s);
      return undefined;
    }));
    io.out(render(first.filter((r): r is StatsRow => r !== undefined), flags.format, flags.trunc));
    return;
  }
  let dirty = false;
  const draw = (): void => {
    if (!dirty) return;
    dirty = false;
    const ordered = refs.map((r) => rows.get(r)).filter((r): r is StatsRow => r !== undefined);
    io.out(`${tty && flags.format === 'table' ? '\x1b[2J\x1b[H' : ''}${render(ordered, flags.format, flags.trunc)}`);
  };
  const timer = setInterval(draw, 500);
  try {
    await Promise.all(refs.map(async (ref) => {
      for await (const s of c.stats(ref, { stream: true })) {
        rows.set(ref, statsRow(s));
        dirty = true;
      }
    }));
    draw();
  } finally {
    clearInterval(timer);
  }
}
