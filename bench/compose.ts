/**
 * `orc up -d` and `orc down -v` of a compose project against docker-compose
 * 1.29 (Debian) talking to the bench's private dockerd, the same file on both
 * sides. Two projects: 5 and 20 services of busybox sleepers (a shell that
 * exits on SIGTERM, so `down` does not wait out a stop timeout), on the
 * project's default network (a fixed subnet in the benchmarking range), a
 * few depends_on (service_started), some environment, one named volume and
 * one port published on 127.0.0.1 (a free port per command). Whole commands,
 * spawn to exit; every run brings up a fresh project name; orc and the peer
 * alternate which goes first; median and p90.
 *
 * Before timing, one untimed round per size checks that each side runs every
 * service and that `down -v` leaves no container, network or volume behind.
 * Every project is taken down again at the end, also after a failure.
 *
 *   node dist/bench/compose.js [--runs N (default 8)] [--warmups N]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_IMAGE, startEngines, type CmdResult, type Dockerd, type OrcDaemon } from './daemons.js';
import { cleanEnv, describeFailure, medianAndP90Rows, noteFailure, parseOptions, peerVersion, timeCommand, type BenchOptions, type BenchReport } from './harness.js';

const RATIO_TARGET = 0.3;
const TIMEOUT_MS = 120_000;
const SIZES = [5, 20] as const;
/** Timed runs unless --runs (or ORC_BENCH_RUNS) says otherwise: a round of both sizes on both sides takes ~15 s here. */
const DEFAULT_RUNS = 8;
export const DOCKER_COMPOSE = '/usr/bin/docker-compose';
/** The default network's subnet per side, inside 198.18.0.0/15 (RFC 2544); the bench's orcb0 has 198.18.0.0/24. */
const SUBNETS = { orc: '198.18.65.0/24', docker: '198.18.64.0/24' } as const;
/** A sleeper that exits at once on SIGTERM (a shell as pid 1 ignores it otherwise). */
export const SLEEPER = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];

/** One compose tool against one engine: the command lines and what it left running. */
export interface ComposeTool {
  who: 'orc' | 'docker';
  /** `<tool> -f FILE -p PROJECT <verb args>` */
  command: (file: string, project: string, verb: string[]) => { cmd: string; args: string[] };
  /** the environment of every command: the interpolated variables, DOCKER_HOST for the peer */
  env: (vars: Record<string, string>) => NodeJS.ProcessEnv;
  /** ids of the project's running containers */
  running: (file: string, project: string, vars: Record<string, string>) => string[];
  /** what is left of the project: containers (any state), networks, volumes, as `kind name` */
  leftovers: (file: string, project: string, vars: Record<string, string>) => string[];
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = TIMEOUT_MS): CmdResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error !== undefined ? r.error.message : '') };
}

const lines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');

function must(r: CmdResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout;
}

export function orcTool(orcd: OrcDaemon): ComposeTool {
  const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ ...cleanEnv(['DOCKER_HOST', 'DOCKER_CONTEXT']), ...vars });
  const command = (file: string, project: string, verb: string[]): { cmd: string; args: string[] } => {
    const [v, ...rest] = verb;
    // up and down are top-level commands; the others are under `orc compose`
    if (v === 'up' || v === 'down') return { cmd: orcd.cli.cmd, args: [...orcd.cli.args, v, '-f', file, '-p', project, ...rest] };
    return { cmd: orcd.cli.cmd, args: [...orcd.cli.args, 'compose', '-f', file, '-p', project, ...verb] };
  };
  const orc = (file: string, project: string, verb: string[], vars: Record<string, string>): CmdResult => {
    const c = command(file, project, verb);
    return run(c.cmd, c.args, env(vars));
  };
  return {
    who: 'orc',
    command,
    env,
    running: (file, project, vars) => lines(must(orc(file, project, ['ps', '-q', '--status', 'running'], vars), 'orc compose ps')),
    leftovers: (file, project, vars) => {
      const left = lines(must(orc(file, project, ['ps', '-a', '-q'], vars), 'orc compose ps -a')).map((id) => `container ${id}`);
      const names = (kind: 'network' | 'volume'): string[] => {
        const ls = must(run(orcd.cli.cmd, [...orcd.cli.args, kind, 'ls', '--format', 'json'], env(vars)), `orc ${kind} ls`);
        return lines(ls).map((l) => String((JSON.parse(l) as { Name?: unknown }).Name));
      };
      for (const kind of ['network', 'volume'] as const) {
        left.push(...names(kind).filter((n) => n.startsWith(`${project}_`)).map((n) => `${kind} ${n}`));
      }
      return left;
    },
  };
}

export function dockerTool(dockerd: Dockerd): ComposeTool {
  const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ ...cleanEnv(['DOCKER_HOST', 'DOCKER_CONTEXT']), DOCKER_HOST: dockerd.host, ...vars });
  const label = (project: string): string[] => ['--filter', `label=com.docker.compose.project=${project}`];
  return {
    who: 'docker',
    command: (file, project, verb) => ({ cmd: DOCKER_COMPOSE, args: ['-f', file, '-p', project, ...verb] }),
    env,
    running: (_file, project) => lines(must(dockerd.docker(['ps', '-q', ...label(project)]), 'docker ps')),
    leftovers: (_file, project) => [
      ...lines(must(dockerd.docker(['ps', '-aq', ...label(project)]), 'docker ps -a')).map((id) => `container ${id}`),
      ...lines(must(dockerd.docker(['network', 'ls', '-q', ...label(project)]), 'docker network ls')).map((id) => `network ${id}`),
      ...lines(must(dockerd.docker(['volume', 'ls', '-q', ...label(project)]), 'docker volume ls')).map((id) => `volume ${id}`),
    ],
  };
}

/** A TCP port nothing listens on at 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * The compose file of an `n`-service project, valid for docker-compose 1.29
 * and for orc: no `version:`, no top-level `name:`. `${BENCH_PORT}` and
 * `${BENCH_SUBNET}` are interpolated from each command's environment.
 */
export function composeFile(n: number): string {
  const name = (i: number): string => `s${String(i).padStart(2, '0')}`;
  const out: string[] = ['services:'];
  for (let i = 1; i <= n; i++) {
    out.push(`  ${name(i)}:`, `    image: ${BENCH_IMAGE}`, `    command: ${JSON.stringify(SLEEPER)}`);
    out.push('    environment:', `      SERVICE: ${name(i)}`, `      INDEX: "${i}"`, '      MODE: bench');
    if (i === 1) out.push('    ports:', '      - "127.0.0.1:${BENCH_PORT}:80"', '    volumes:', '      - data:/data');
    // a few dependencies: every fourth service on its predecessor (long form), and s02 on s01 (short form)
    if (i === 2) out.push('    depends_on:', `      - ${name(1)}`);
    else if (i % 4 === 0) out.push('    depends_on:', `      ${name(i - 1)}:`, '        condition: service_started');
  }
  out.push('networks:', '  default:', '    ipam:', '      config:', '        - subnet: ${BENCH_SUBNET}');
  out.push('volumes:', '  data: {}', '');
  return out.join('\n');
}

export interface Project {
  tool: ComposeTool;
  file: string;
  name: string;
  vars: Record<string, string>;
}

/** `down -v` of every project still up, untimed; what could not be taken down. */
export function takeDown(projects: Set<Project>): string[] {
  const failed: string[] = [];
  for (const p of projects) {
    const c = p.tool.command(p.file, p.name, ['down', '-v']);
    const r = run(c.cmd, c.args, p.tool.env(p.vars));
    if (r.code !== 0) failed.push(`${p.tool.who} down -v ${p.name}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    projects.delete(p);
  }
  return failed;
}

export async function runComposeBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'compose', peer: null, rows: [], notes: [], samples: {}, ok: true };
  if (process.getuid?.() !== 0) {
    report.notes.push('skipped: needs root (both engines make namespaces, bridges and cgroups)');
    return report;
  }
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-compose-'));
  let orcd: OrcDaemon | undefined;
  let dockerd: Dockerd | undefined;
  const up = new Set<Project>();
  try {
    ({ orcd, dockerd } = await startEngines(join(dir, 'busybox.tar'), report));
    const tools: ComposeTool[] = [orcTool(orcd)];
    const composeVersion = peerVersion(DOCKER_COMPOSE, ['version', '--short']);
    if (dockerd !== undefined && composeVersion === null) {
      report.notes.push(`docker skipped: ${DOCKER_COMPOSE} is missing: bash bench/setup-peers.sh (installs docker-compose)`);
    } else if (dockerd !== undefined) {
      tools.push(dockerTool(dockerd));
      report.peer = `docker-compose ${composeVersion} on ${dockerd.version}`;
    }
    const files = new Map<number, string>();
    for (const n of SIZES) {
      const pdir = join(dir, `p${n}`);
      mkdirSync(pdir);
      writeFileSync(join(pdir, 'compose.yaml'), composeFile(n));
      files.set(n, join(pdir, 'compose.yaml'));
    }

    let seq = 0;
    const checkFailed = (tool: ComposeTool, what: string): null => {
      report.notes.push(`${tool.who} check failed: ${what}`);
      if (tool.who === 'orc') report.ok = false;
      return null;
    };
    /** up -d then down -v of a fresh project; the two times, or null when a command failed (noted). */
    const round = async (tool: ComposeTool, n: number, check: boolean): Promise<{ up: number; down: number } | null> => {
      const file = files.get(n) ?? '';
      const project = `ob${process.pid}${tool.who === 'orc' ? 'o' : 'd'}${n}r${seq++}`;
      const vars = { BENCH_PORT: String(await freePort()), BENCH_SUBNET: SUBNETS[tool.who] };
      const p: Project = { tool, file, name: project, vars };
      const timed = async (verb: string[]): Promise<number | null> => {
        const c = tool.command(file, project, verb);
        const r = await timeCommand({ cmd: c.cmd, args: c.args, cwd: dir, env: tool.env(vars), timeoutMs: TIMEOUT_MS });
        if (r.code === 0) return r.ms;
        report.notes.push(`${tool.who} ${verb.join(' ')} (${n} services) failed: ${describeFailure(r)} ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
        if (tool.who === 'orc') report.ok = false;
        return null;
      };
      up.add(p);
      const upMs = await timed(['up', '-d']);
      if (upMs === null) return null;
      if (check) {
        const running = tool.running(file, project, vars).length;
        if (running !== n) return checkFailed(tool, `${running} of ${n} containers running after up -d of ${project}`);
      }
      const downMs = await timed(['down', '-v']);
      if (downMs === null) return null;
      up.delete(p);
      if (check) {
        const left = tool.leftovers(file, project, vars);
        if (left.length > 0) return checkFailed(tool, `down -v of ${project} left ${left.join(', ')}`);
      }
      return { up: upMs, down: downMs };
    };

    const series: Record<string, number[]> = {};
    for (const n of SIZES) {
      for (const t of tools) {
        series[`${t.who}Up${n}`] = [];
        series[`${t.who}Down${n}`] = [];
      }
    }
    // the untimed check round is the first warm-up
    const runs = opts.runsGiven === true ? opts.runs : DEFAULT_RUNS;
    for (let i = 0; i < Math.max(1, opts.warmups) + runs; i++) {
      const timedRun = i >= Math.max(1, opts.warmups);
      const order = i % 2 === 0 ? tools : [...tools].reverse();
      for (const n of SIZES) {
        for (const t of order) {
          const r = await round(t, n, i === 0);
          if (r === null) return report;
          if (!timedRun) continue;
          series[`${t.who}Up${n}`]?.push(r.up);
          series[`${t.who}Down${n}`]?.push(r.down);
        }
      }
    }
    report.samples = series;
    report.notes.push(`${runs} timed runs per command after ${Math.max(1, opts.warmups)} warm-up round(s), the first of which checked both sides`);
    for (const n of SIZES) {
      const peer = (k: string): number[] => series[k] ?? [];
      report.rows.push(...medianAndP90Rows(`\`up -d\`, ${n} services (network, volume, port), whole command`, peer(`orcUp${n}`), peer(`dockerUp${n}`), RATIO_TARGET));
      report.rows.push(...medianAndP90Rows(`\`down -v\`, ${n} services, whole command`, peer(`orcDown${n}`), peer(`dockerDown${n}`), RATIO_TARGET));
    }
  } catch (e) {
    noteFailure(report, e);
  } finally {
    for (const f of takeDown(up)) report.notes.push(`cleanup: ${f}`);
    await dockerd?.stop();
    await orcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runComposeBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
  process.exitCode = report.ok ? 0 : 1;
}
