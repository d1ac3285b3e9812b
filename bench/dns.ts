/**
 * Name lookups from inside a container against the embedded DNS server at
 * 127.0.0.11: orc's against Docker's (the bench's private dockerd, through
 * docker-compose 1.29). Each side brings up the same two-service project
 * (`target` and `client`, busybox sleepers on the project's default network);
 * then `exec -T client /probe/dns-probe target N` sends N sequential A queries
 * for `target` over UDP and times each one (bench/dns-probe.c, built static
 * here with `cc -static -O2` and bind-mounted read-only at /probe). Rounds
 * alternate between the sides; the figures are the medians over the rounds of
 * each round's p50 and p99, in microseconds.
 *
 * Docker's resolver works with the bench dockerd's --iptables=false: dockerd
 * writes its DNAT of 127.0.0.11:53 into the container's own network namespace
 * only, never the host's tables.
 *
 * Both services name a loopback upstream (`dns: [127.0.0.1]`), so nothing is
 * ever forwarded to the host's resolver.
 *
 * Before timing, the first round checks that every answer has an address in
 * the side's subnet. Both projects are taken down (`down -v`) at the end, also
 * after a failure.
 *
 *   node dist/bench/dns.js [--runs N (rounds, default 5)]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_IMAGE, startEngines, type Dockerd, type OrcDaemon } from './daemons.js';
import { DOCKER_COMPOSE, SLEEPER, dockerTool, orcTool, takeDown, type ComposeTool, type Project } from './compose.js';
import { findRepoRoot, median, noteFailure, parseOptions, peerVersion, timeCommand, describeFailure, type BenchOptions, type BenchReport } from './harness.js';

const RATIO_TARGET = 1.0;
const LOOKUPS = 10_000;
const DEFAULT_ROUNDS = 5;
const TIMEOUT_MS = 120_000;
/**
 * The containers' upstream resolver: loopback, where nothing answers DNS, so
 * that a name the embedded server does not know is never forwarded to the
 * host's resolver (only `target` is asked, which both servers answer themselves).
 */
const UPSTREAM = '127.0.0.1';
/** Each side's network, inside 198.18.0.0/15 (RFC 2544), apart from the compose benchmark's. */
const SUBNETS = { orc: { cidr: '198.18.67.0/24', prefix: '198.18.67.' }, docker: { cidr: '198.18.66.0/24', prefix: '198.18.66.' } } as const;

interface ProbeResult {
  address: string;
  count: number;
  answered: number;
  timeouts: number;
  errors: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  max_us: number;
}

function isProbeResult(v: unknown): v is ProbeResult {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['address'] === 'string' && ['count', 'answered', 'timeouts', 'errors', 'p50_us', 'p90_us', 'p99_us', 'max_us'].every((k) => typeof o[k] === 'number');
}

export function dnsComposeFile(): string {
  return [
    'services:',
    '  target:',
    `    image: ${BENCH_IMAGE}`,
    `    command: ${JSON.stringify(SLEEPER)}`,
    `    dns: ["${UPSTREAM}"]`,
    '  client:',
    `    image: ${BENCH_IMAGE}`,
    `    command: ${JSON.stringify(SLEEPER)}`,
    `    dns: ["${UPSTREAM}"]`,
    '    volumes:',
    '      - "${PROBE_DIR}:/probe:ro"',
    '    depends_on:',
    '      - target',
    'networks:',
    '  default:',
    '    ipam:',
    '      config:',
    '        - subnet: ${BENCH_SUBNET}',
    '',
  ].join('\n');
}

/** Builds the probe into `dir`; its path, or why it could not be built. */
function buildProbe(dir: string): { path: string } | { error: string } {
  const src = join(findRepoRoot(), 'bench', 'dns-probe.c');
  const path = join(dir, 'dns-probe');
  const r = spawnSync('cc', ['-static', '-O2', '-Wall', '-Wextra', '-Werror', '-o', path, src], { encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) return { error: `cc: ${r.error.message} (install gcc and libc6-dev)` };
  if (r.status !== 0) return { error: `cc -static ${src} failed: ${r.stderr.trim()}` };
  return { path };
}

export async function runDnsBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'dns', peer: null, rows: [], notes: [], samples: {}, ok: true };
  if (process.getuid?.() !== 0) {
    report.notes.push('skipped: needs root (both engines make namespaces, bridges and cgroups)');
    return report;
  }
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-dns-'));
  let orcd: OrcDaemon | undefined;
  let dockerd: Dockerd | undefined;
  const up = new Set<Project>();
  try {
    const probeDir = join(dir, 'probe');
    mkdirSync(probeDir);
    const probe = buildProbe(probeDir);
    if ('error' in probe) {
      report.ok = false;
      report.notes.push(`failed: ${probe.error}`);
      return report;
    }
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, dnsComposeFile());

    ({ orcd, dockerd } = await startEngines(join(dir, 'busybox.tar'), report));
    const tools: ComposeTool[] = [orcTool(orcd)];
    const composeVersion = peerVersion(DOCKER_COMPOSE, ['version', '--short']);
    if (dockerd !== undefined && composeVersion === null) {
      report.notes.push(`docker skipped: ${DOCKER_COMPOSE} is missing: bash bench/setup-peers.sh (installs docker-compose)`);
    } else if (dockerd !== undefined) {
      tools.push(dockerTool(dockerd));
      report.peer = `${dockerd.version} embedded DNS (project by docker-compose ${composeVersion})`;
    }

    const projects = new Map<ComposeTool, { name: string; vars: Record<string, string> }>();
    for (const tool of tools) {
      const name = `obdns${process.pid}${tool.who === 'orc' ? 'o' : 'd'}`;
      const vars = { PROBE_DIR: probeDir, BENCH_SUBNET: SUBNETS[tool.who].cidr };
      up.add({ tool, file, name, vars });
      const c = tool.command(file, name, ['up', '-d']);
      const r = await timeCommand({ cmd: c.cmd, args: c.args, cwd: dir, env: tool.env(vars), timeoutMs: TIMEOUT_MS });
      if (r.code !== 0) throw new Error(`${tool.who} up -d: ${describeFailure(r)} ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
      const running = tool.running(file, name, vars).length;
      if (running !== 2) throw new Error(`${tool.who}: ${running} of 2 containers running after up -d of ${name}`);
      projects.set(tool, { name, vars });
    }

    const rounds = opts.runsGiven === true ? opts.runs : DEFAULT_ROUNDS;
    const results = new Map<ComposeTool, ProbeResult[]>(tools.map((t) => [t, []]));
    for (let i = 0; i < rounds; i++) {
      // orc first on even rounds, the peer first on odd ones
      for (const tool of i % 2 === 0 ? tools : [...tools].reverse()) {
        const p = projects.get(tool);
        if (p === undefined) continue;
        const c = tool.command(file, p.name, ['exec', '-T', 'client', '/probe/dns-probe', 'target', String(LOOKUPS)]);
        const r = await timeCommand({ cmd: c.cmd, args: c.args, cwd: dir, env: tool.env(p.vars), timeoutMs: TIMEOUT_MS, captureStdout: true });
        let parsed: unknown;
        try {
          parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
        } catch {
          parsed = undefined;
        }
        const who = tool.who === 'orc' ? 'orc' : 'docker';
        if (r.code !== 0 || !isProbeResult(parsed)) {
          throw new Error(`${who}: dns-probe in ${p.name} failed: ${describeFailure(r)} ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        }
        if (!parsed.address.startsWith(SUBNETS[tool.who].prefix)) {
          throw new Error(`${who}: target resolved to "${parsed.address}", not an address of ${SUBNETS[tool.who].cidr}`);
        }
        if (parsed.answered < parsed.count) {
          report.notes.push(`${who} round ${i + 1}: ${parsed.answered} of ${parsed.count} lookups answered (${parsed.timeouts} timed out after 1 s, ${parsed.errors} without an address)`);
        }
        if (parsed.answered < parsed.count * 0.99) throw new Error(`${who}: more than 1% of the lookups failed`);
        results.get(tool)?.push(parsed);
      }
    }

    const of = (who: 'orc' | 'docker', k: 'p50_us' | 'p90_us' | 'p99_us'): number[] =>
      [...results.entries()].filter(([t]) => t.who === who).flatMap(([, rs]) => rs.map((x) => x[k]));
    for (const who of ['orc', 'docker'] as const) for (const k of ['p50_us', 'p90_us', 'p99_us'] as const) report.samples[`${who}_${k}`] = of(who, k);
    const row = (label: string, k: 'p50_us' | 'p99_us', target: number | null): void => {
      const orc = median(of('orc', k));
      const peer = of('docker', k).length > 0 ? median(of('docker', k)) : null;
      const ratio = peer === null ? null : orc / peer;
      report.rows.push({
        benchmark: label,
        orcMs: orc,
        peerMs: peer,
        ratio,
        target: target === null ? '—' : `≤ ${target.toFixed(1)}`,
        met: target === null || ratio === null ? null : ratio <= target,
        unit: 'µs',
      });
    };
    row(`lookup of \`target\` at 127.0.0.11 from a container, UDP, ${LOOKUPS} sequential queries (p50, median of ${rounds} rounds)`, 'p50_us', RATIO_TARGET);
    row('same (p99)', 'p99_us', null);
    report.notes.push(`${rounds} rounds of ${LOOKUPS} lookups per side, alternating; 100 untimed lookups before each round`);
  } catch (e) {
    noteFailure(report, e);
    // a failure of the peer alone leaves orc's result standing
    const msg = report.notes.at(-1) ?? '';
    if (msg.startsWith('failed: docker')) report.ok = true;
  } finally {
    for (const f of takeDown(up)) report.notes.push(`cleanup: ${f}`);
    await dockerd?.stop();
    await orcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runDnsBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
  process.exitCode = report.ok ? 0 : 1;
}
