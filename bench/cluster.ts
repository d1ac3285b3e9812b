/**
 * The cluster mode against Docker Swarm, on this one machine.
 *
 * (b) Replicas to running. orc: a test cluster of 5 hosts (network
 *     namespaces with their own daemon, test/cluster/helpers/hosts.ts), 3
 *     managers and 2 workers, the busybox image loaded on each;
 *     `orc service create -d --replicas 50 IMAGE sleep 3600`, then the time
 *     until 50 tasks run (the typed client's tasks(), every 100 ms: desired
 *     state running and status running); then `orc service scale -d b=100`
 *     and the time until 100 run. Docker: the bench's private dockerd as a
 *     single-node swarm (`docker swarm init --advertise-addr 127.0.0.1`), the
 *     same commands with `--no-resolve-image`, polled with
 *     `docker service ls --format {{.Replicas}}` every 100 ms until
 *     `50/50` (`100/100`). Each time runs from spawning the command to the
 *     poll that sees the count. Afterwards the running containers are
 *     counted on each side; the service is removed and its containers waited
 *     out (not timed). Both sides get `--stop-grace-period 1s` so removal
 *     does not wait out busybox's ignored SIGTERM.
 * (c) Leader failover: the leader manager's host is killed (every process of
 *     the host: daemon, etcd member, containers) and the time from the kill
 *     to the first control call (`services()` of the typed client, through
 *     a surviving manager's daemon, a new call every 50 ms on each survivor,
 *     1 s per call) that succeeds. No peer is measured.
 *
 * One run of each by default (a run takes minutes here); `--runs N` repeats
 * (b) with the sides alternating, and (c) after restarting the killed host.
 * Everything is torn down at the end, also after a failure: the test hosts,
 * the swarm (`docker swarm leave --force`) and the bench's dockerd.
 *
 *   node dist/bench/cluster.js [--runs N]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node } from '../common/cluster/types.js';
import { connectCluster, type ClusterClient } from '../cli/client/cluster.js';
import { busyboxArchive, IMAGE } from '../test/daemon/helpers/daemon.js';
import { createHosts, runProgram, type Host, type RunResult, type TestHosts } from '../test/cluster/helpers/hosts.js';
import { BENCH_IMAGE, DOCKER, sleep, startDockerd, writeBenchImage } from './daemons.js';
import { freePort } from './compose.js';
import { median, noteFailure, parseOptions, type BenchOptions, type BenchReport, type BenchRow } from './harness.js';

const SIZES = [50, 100] as const;
const DEFAULT_RUNS = 1;
const RATIO_TARGET = 1.0;
const FAILOVER_TARGET_MS = 5_000;
const POLL_MS = 100;
const FAILOVER_POLL_MS = 50;
const FAILOVER_CALL_MS = 1_000;
const FAILOVER_LIMIT_MS = 60_000;
const CONVERGE_LIMIT_MS = 300_000;
const CLEAN_LIMIT_MS = 90_000;
const GRACE = ['--stop-grace-period', '1s'];
/** docker_gwbridge: made by `docker swarm init`, left behind by dockerd when it stops. */
const GWBRIDGE = 'docker_gwbridge';

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const lines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
const tail = (r: RunResult): string => `${r.code ?? 'killed'}: ${(r.stderr + r.stdout).trim().split('\n').slice(-3).join(' | ')}`;

function must(r: RunResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (${tail(r)})`);
  return r.stdout;
}

/** The last line of a log file that contains `marker`, if any. */
function lastLogLine(file: string, marker: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(marker)).pop();
  } catch {
    return undefined;
  }
}

async function waitFor(what: string, limitMs: number, everyMs: number, fn: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + limitMs;
  let last = '';
  for (;;) {
    try {
      if (await fn()) return;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${limitMs / 1000} s${last !== '' ? ` (last error: ${last})` : ''}`);
    await sleep(everyMs);
  }
}

function withTimeout<T>(p: Promise<T>, limitMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${limitMs} ms`)), limitMs);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** One side of (b): commands to create, scale and remove a service, and how many of its tasks run. */
interface Side {
  who: 'orc' | 'docker';
  create: (name: string, replicas: number) => Promise<RunResult>;
  scale: (name: string, replicas: number) => Promise<RunResult>;
  /** tasks of `name` running (desired and current state) */
  running: (name: string) => Promise<number>;
  /** containers running on the side's engines */
  containers: () => Promise<number>;
  /** removes the service and waits until none of its containers runs (untimed) */
  remove: (name: string) => Promise<void>;
}

/** Spawns `act`, then polls until `want` tasks of `name` run; the time from spawn to that poll. */
async function timeToRunning(side: Side, name: string, want: number, act: () => Promise<RunResult>): Promise<number> {
  const start = process.hrtime.bigint();
  const r = await act();
  if (r.code !== 0) throw new Error(`${side.who}: the command failed (${tail(r)})`);
  let seen = 0;
  for (;;) {
    seen = await side.running(name);
    if (seen >= want) return ms(start);
    if (ms(start) > CONVERGE_LIMIT_MS) throw new Error(`${side.who}: ${seen} of ${want} tasks of ${name} running after ${CONVERGE_LIMIT_MS / 1000} s`);
    await sleep(POLL_MS);
  }
}

// ── Docker Swarm, one node ─────────────────────────────────────────────

interface DockerSwarm {
  side: Side;
  version: string;
  /** the swarm's Raft ElectionTick as `docker info` reports it ('' when it does not) */
  electionTick: string;
  /** leaves the swarm, stops an own dockerd, removes docker_gwbridge when the swarm made it; idempotent */
  stop: () => Promise<string[]>;
}

async function startDockerSwarm(archive: string): Promise<DockerSwarm | { skipped: string }> {
  const d = await startDockerd();
  if ('skipped' in d) return d;
  const docker = (args: string[], timeoutMs = 120_000): Promise<RunResult> => runProgram(DOCKER, [...d.cli.args, ...args], { timeoutMs });
  const hadGwbridge = existsSync(`/sys/class/net/${GWBRIDGE}`);
  let joined = false;
  let electionTick = '';
  let stopped = false;
  const stop = async (): Promise<string[]> => {
    if (stopped) return [];
    stopped = true;
    const problems: string[] = [];
    if (joined) {
      const leave = await docker(['swarm', 'leave', '--force']);
      if (leave.code !== 0) problems.push(`docker swarm leave --force: ${tail(leave)}`);
    }
    await d.stop();
    if (d.own && !hadGwbridge && existsSync(`/sys/class/net/${GWBRIDGE}`)) {
      const del = await runProgram('ip', ['link', 'del', GWBRIDGE]);
      if (del.code !== 0) problems.push(`ip link del ${GWBRIDGE}: ${tail(del)}`);
    }
    return problems;
  };
  try {
    const state = (await docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).stdout.trim();
    if (state !== 'inactive') {
      await stop();
      return { skipped: `the dockerd at ${d.host} is already in a swarm (${state}); it is left alone` };
    }
    writeBenchImage(archive);
    must(await docker(['load', '-i', archive]), 'docker load');
    // the swarm's API on a free loopback port, so a swarm elsewhere on the machine does not clash
    must(await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', `127.0.0.1:${await freePort()}`]), 'docker swarm init');
    joined = true;
    electionTick = (await docker(['info', '--format', '{{.Swarm.Cluster.Spec.Raft.ElectionTick}}'])).stdout.trim();
  } catch (e) {
    await stop();
    return { skipped: e instanceof Error ? e.message : String(e) };
  }
  const side: Side = {
    who: 'docker',
    create: (name, n) => docker(['service', 'create', '-d', '--no-resolve-image', '--replicas', String(n), '--name', name, ...GRACE, BENCH_IMAGE, 'sleep', '3600']),
    scale: (name, n) => docker(['service', 'scale', '-d', `${name}=${n}`]),
    running: async (name) => {
      const out = must(await docker(['service', 'ls', '--filter', `name=${name}`, '--format', '{{.Name}} {{.Replicas}}']), 'docker service ls');
      const line = lines(out).find((l) => l.startsWith(`${name} `));
      return Number(/ (\d+)\/\d+/.exec(line ?? '')?.[1] ?? 0);
    },
    containers: async () => lines(must(await docker(['ps', '-q']), 'docker ps')).length,
    remove: async (name) => {
      must(await docker(['service', 'rm', name]), 'docker service rm');
      await waitFor(`docker: the containers of ${name} gone`, CLEAN_LIMIT_MS, 250, async () => lines(must(await docker(['ps', '-aq']), 'docker ps -a')).length === 0);
    },
  };
  return { side, version: `Docker Swarm (one node) on ${d.version}`, electionTick, stop };
}

// ── orc: 3 managers and 2 workers ─────────────────────────────────────

interface OrcCluster {
  hosts: TestHosts;
  managers: Host[];
  side: Side;
  /** a client through `h`'s daemon, closed by closeClients */
  client: (h: Host) => Promise<ClusterClient>;
  closeClients: () => void;
}

async function nodesReady(c: ClusterClient, n: number): Promise<Node[] | undefined> {
  const nodes = await c.nodes();
  return nodes.length === n && nodes.every((x) => x.status.state === 'ready') ? nodes : undefined;
}

async function startOrcCluster(dir: string, hosts: TestHosts, report: BenchReport): Promise<OrcCluster> {
  const ok = async (h: Host, args: string[], timeoutMs = 60_000): Promise<string> => must(await h.orc(args, { timeoutMs }), `orc ${args.slice(0, 2).join(' ')} on ${h.name}`);
  const archive = join(dir, 'orc-busybox.tar');
  writeFileSync(archive, busyboxArchive());
  await Promise.all(hosts.hosts.map((h) => ok(h, ['image', 'load', '-i', archive])));
  const clients = new Map<Host, ClusterClient>();
  const client = async (h: Host): Promise<ClusterClient> => {
    let c = clients.get(h);
    if (c === undefined) {
      c = await connectCluster({ host: `unix://${h.socket}`, autoStart: false });
      clients.set(h, c);
    }
    return c;
  };
  const closeClients = (): void => {
    for (const c of clients.values()) c.close();
    clients.clear();
  };
  try {
    return await formCluster(hosts, client, report, closeClients);
  } catch (e) {
    closeClients();
    throw e;
  }
}

async function formCluster(hosts: TestHosts, client: (h: Host) => Promise<ClusterClient>, report: BenchReport, closeClients: () => void): Promise<OrcCluster> {
  const ok = async (h: Host, args: string[], timeoutMs = 60_000): Promise<string> => must(await h.orc(args, { timeoutMs }), `orc ${args.slice(0, 2).join(' ')} on ${h.name}`);
  const [h0, h1, h2, h3, h4] = hosts.hosts as [Host, Host, Host, Host, Host];
  const c0 = await client(h0);
  const init = await h0.orc(['swarm', 'init', '--advertise-addr', h0.addr], { timeoutMs: 60_000 });
  if (init.code !== 0) {
    // the swarm is made, but the CLI's follow-up call can come before the new node leads
    if (!/no leader at the moment/.test(init.stderr) || (await c0.swarmInfo()).state !== 'active') must(init, `orc swarm init on ${h0.name}`);
    report.notes.push(`orc swarm init exited ${init.code ?? 'killed'} after making the swarm ("${init.stderr.trim()}"): the bench waits for the leader`);
  }
  await waitFor('orc: h0 leads', 60_000, 250, async () => (await c0.nodes()).length === 1);
  const workerToken = (await ok(h0, ['swarm', 'join-token', '-q', 'worker'])).trim();
  const managerToken = (await ok(h0, ['swarm', 'join-token', '-q', 'manager'])).trim();
  for (const [h, token] of [[h1, managerToken], [h2, managerToken], [h3, workerToken], [h4, workerToken]] as const) {
    await ok(h, ['swarm', 'join', '--token', token, '--advertise-addr', h.addr, `${h0.addr}:2377`]);
  }

  await waitFor('orc: 5 ready nodes', 60_000, 250, async () => (await nodesReady(c0, 5)) !== undefined);

  // through h0 for (b), which runs before any host is killed
  const side: Side = {
    who: 'orc',
    create: (name, n) => h0.orc(['service', 'create', '-d', '--name', name, '--replicas', String(n), ...GRACE, IMAGE, 'sleep', '3600'], { timeoutMs: 120_000 }),
    scale: (name, n) => h0.orc(['service', 'scale', '-d', `${name}=${n}`], { timeoutMs: 120_000 }),
    running: async (name) => (await c0.tasks({ service: [name] })).filter((t) => t.desiredState === 'running' && t.status.state === 'running').length,
    containers: async () => {
      const counts = await Promise.all(hosts.hosts.map(async (h) => lines(await ok(h, ['ps', '-q'])).length));
      return counts.reduce((a, b) => a + b, 0);
    },
    remove: async (name) => {
      await ok(h0, ['service', 'rm', name]);
      try {
        await waitFor(`orc: the containers of ${name} gone`, CLEAN_LIMIT_MS, 250, async () => (await side.containers()) === 0);
      } catch (e) {
        // what the leader's orchestrator says, for the reader of the notes
        const said = lastLogLine(h0.logFile, 'orchestrator:');
        throw new Error(`${e instanceof Error ? e.message : String(e)}${said !== undefined ? `; the leader's log: ${said}` : ''}`);
      }
    },
  };
  return { hosts, managers: [h0, h1, h2], side, client, closeClients };
}

/** Kills the leader's host; the time from the kill to the first control call a surviving manager answers. */
async function failover(cluster: OrcCluster, report: BenchReport): Promise<{ ms: number; killed: Host }> {
  let nodes: Node[] = [];
  for (const m of cluster.managers) {
    try {
      nodes = await withTimeout((await cluster.client(m)).nodes(), 5_000);
      break;
    } catch {
      // try the next manager
    }
  }
  const leaderNode = nodes.find((n) => n.managerStatus?.leader === true);
  const leader = cluster.managers.find((m) => m.name === leaderNode?.spec.name);
  if (leader === undefined) throw new Error(`orc: no leader among the managers (${nodes.map((n) => `${n.spec.name}:${n.managerStatus?.leader === true ? 'leader' : n.spec.role}`).join(' ')})`);
  const survivors = cluster.managers.filter((m) => m !== leader);
  const clients = await Promise.all(survivors.map((m) => cluster.client(m)));
  // the survivors' channels are open before the kill
  await Promise.all(clients.map((c) => withTimeout(c.services(), 5_000)));

  const start = process.hrtime.bigint();
  await leader.killHost();
  const killMs = ms(start);
  let answered: { ms: number; by: Host } | undefined;
  const inflight = survivors.map(() => 0);
  while (answered === undefined) {
    if (ms(start) > FAILOVER_LIMIT_MS) throw new Error(`orc: no control call answered within ${FAILOVER_LIMIT_MS / 1000} s of killing the leader ${leader.name}`);
    survivors.forEach((m, i) => {
      const c = clients[i];
      if (c === undefined || (inflight[i] ?? 0) >= 20) return;
      inflight[i] = (inflight[i] ?? 0) + 1;
      withTimeout(c.services(), FAILOVER_CALL_MS).then(
        () => {
          answered ??= { ms: ms(start), by: m };
        },
        () => undefined,
      ).finally(() => (inflight[i] = (inflight[i] ?? 1) - 1));
    });
    await sleep(FAILOVER_POLL_MS);
  }
  const by = answered;
  let newLeader = '';
  await waitFor('orc: a new leader in the node list', 30_000, 100, async () => {
    const list = await withTimeout((await cluster.client(by.by)).nodes(), 2_000);
    newLeader = list.find((n) => n.managerStatus?.leader === true)?.spec.name ?? '';
    return newLeader !== '' && newLeader !== leader.name;
  }).catch((e: unknown) => report.notes.push(e instanceof Error ? e.message : String(e)));
  report.notes.push(
    `failover: killed the leader ${leader.name} (killHost took ${killMs.toFixed(0)} ms of the figure); ${by.by.name} answered services() ${by.ms.toFixed(0)} ms after the kill; new leader ${newLeader || 'not seen'}`,
  );
  return { ms: by.ms, killed: leader };
}

/** Restarts a killed manager's host and waits until the cluster again has 5 ready nodes and 3 reachable managers. */
async function bringBack(cluster: OrcCluster, h: Host): Promise<void> {
  await h.restartHost();
  const live = cluster.managers.filter((m) => m !== h);
  await waitFor(`orc: ${h.name} back as a reachable manager`, 120_000, 500, async () => {
    for (const m of live) {
      try {
        const nodes = await withTimeout((await cluster.client(m)).nodes(), 2_000);
        const managers = nodes.filter((n) => n.managerStatus !== undefined);
        return (
          nodes.length === 5 && nodes.every((n) => n.status.state === 'ready') &&
          managers.length === 3 && managers.every((n) => n.managerStatus?.reachability === 'reachable') && managers.some((n) => n.managerStatus?.leader === true)
        );
      } catch {
        // ask the next one
      }
    }
    return false;
  });
}

function sideRow(label: string, orc: readonly number[], peer: readonly number[]): BenchRow {
  const orcMs = orc.length > 0 ? median(orc) : null;
  const peerMs = peer.length > 0 ? median(peer) : null;
  const ratio = orcMs !== null && peerMs !== null ? orcMs / peerMs : null;
  return { benchmark: label, orcMs, peerMs, ratio, target: `≤ ${RATIO_TARGET.toFixed(1)}`, met: ratio === null ? null : ratio <= RATIO_TARGET };
}

export async function runClusterBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'cluster', peer: null, rows: [], notes: [], samples: {}, ok: true };
  if (process.getuid?.() !== 0) {
    report.notes.push('skipped: needs root (network namespaces, bridges, cgroups, dockerd)');
    return report;
  }
  const runs = opts.runsGiven === true ? opts.runs : DEFAULT_RUNS;
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-cluster-'));
  const series: Record<string, number[]> = { orc50: [], orc100: [], docker50: [], docker100: [], failover: [] };
  report.samples = series;
  let swarm: DockerSwarm | undefined;
  let hosts: TestHosts | undefined;
  let cluster: OrcCluster | undefined;
  const up = new Map<Side, string>();
  let electionTick = '';
  try {
    const s = await startDockerSwarm(join(dir, 'docker-busybox.tar'));
    if ('skipped' in s) report.notes.push(`docker skipped: ${s.skipped}; only orc is measured`);
    else {
      swarm = s;
      report.peer = s.version;
      electionTick = s.electionTick;
    }
    try {
      hosts = await createHosts(5);
      cluster = await startOrcCluster(dir, hosts, report);
    } catch (e) {
      noteFailure(report, new Error(`orc cluster: ${e instanceof Error ? e.message : String(e)}`));
    }

    const sides = new Map<Side, boolean>();
    if (cluster !== undefined) sides.set(cluster.side, true);
    if (swarm !== undefined) sides.set(swarm.side, true);
    for (let i = 0; i < runs; i++) {
      const order = [...sides.keys()].filter((x) => sides.get(x) === true);
      if (i % 2 === 1) order.reverse();
      for (const side of order) {
        const name = `b${i}`;
        try {
          up.set(side, name);
          const t50 = await timeToRunning(side, name, SIZES[0], () => side.create(name, SIZES[0]));
          const t100 = await timeToRunning(side, name, SIZES[1], () => side.scale(name, SIZES[1]));
          series[`${side.who}50`]?.push(t50);
          series[`${side.who}100`]?.push(t100);
          const n = await side.containers();
          if (n !== SIZES[1]) report.notes.push(`${side.who} check: ${n} containers running with ${SIZES[1]} tasks running`);
          await side.remove(name);
          up.delete(side);
        } catch (e) {
          sides.set(side, false);
          if (side.who === 'orc') noteFailure(report, e);
          else report.notes.push(`docker failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    for (const [side, name] of up) {
      // a failed side's service is left to the teardown
      if (sides.get(side) === true) await side.remove(name).catch((e: unknown) => report.notes.push(`cleanup: ${side.who} service rm ${name}: ${e instanceof Error ? e.message : String(e)}`));
      up.delete(side);
    }
    // (c) without the docker engine's load: it has no part in it
    for (const p of (await swarm?.stop()) ?? []) report.notes.push(`cleanup: ${p}`);

    // (c) also after a failure of (b): the cluster may still elect
    if (cluster !== undefined) {
      try {
        for (let i = 0; i < runs; i++) {
          const f = await failover(cluster, report);
          series['failover']?.push(f.ms);
          if (i + 1 < runs) await bringBack(cluster, f.killed);
        }
      } catch (e) {
        noteFailure(report, e);
      }
    }
  } catch (e) {
    noteFailure(report, e);
  } finally {
    cluster?.closeClients();
    for (const p of (await swarm?.stop().catch((e: unknown) => [String(e)])) ?? []) report.notes.push(`cleanup: ${p}`);
    await hosts?.teardown().catch((e: unknown) => report.notes.push(`cleanup: test hosts: ${e instanceof Error ? e.message : String(e)}`));
    rmSync(dir, { recursive: true, force: true });
  }

  report.rows.push(sideRow(`swarm: ${SIZES[0]} replicas to running`, series['orc50'] ?? [], series['docker50'] ?? []));
  report.rows.push(sideRow(`scale ${SIZES[0]} → ${SIZES[1]}`, series['orc100'] ?? [], series['docker100'] ?? []));
  const f = series['failover'] ?? [];
  const fMed = f.length > 0 ? median(f) : null;
  report.rows.push({
    benchmark: 'leader failover to first control call',
    orcMs: fMed,
    peerMs: null,
    ratio: null,
    target: `≤ ${FAILOVER_TARGET_MS.toLocaleString('en')} ms`,
    met: fMed === null ? null : fMed <= FAILOVER_TARGET_MS,
  });
  const fmt = (xs: readonly number[]): string => xs.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ') || '—';
  report.notes.push(
    `${runs} run(s), medians; orc ${SIZES[0]}: ${fmt(series['orc50'] ?? [])}; orc ${SIZES[0]}→${SIZES[1]}: ${fmt(series['orc100'] ?? [])}; ` +
      `docker ${SIZES[0]}: ${fmt(series['docker50'] ?? [])}; docker ${SIZES[0]}→${SIZES[1]}: ${fmt(series['docker100'] ?? [])}; failover: ${fmt(f)}`,
  );
  report.notes.push('orc runs 3 managers + 2 workers (5 network namespaces on this machine, the tasks spread over all five); Docker one node');
  report.notes.push(
    'failover has no peer here (a one-node swarm has no failover)' +
      (electionTick !== '' ? `; for scale, this swarm's Raft ElectionTick is ${electionTick} (docker info), and a tick is 1 s by default (Engine API): a follower waits about ${electionTick} s for a leader that is gone before it stands for election` : ''),
  );
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runClusterBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
  process.exitCode = report.ok ? 0 : 1;
}
