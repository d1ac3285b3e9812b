/**
 * Docker's `service create` / `service update` flags and how each changes a
 * ServiceSpec. Parsing only: validation of the whole spec is the manager's.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../../common/duration.js';
import type { Mount, PortConfig, ServiceMode, ServiceSpec, UpdateConfig } from '../../common/cluster/types.js';
import { parseCpus, parseSize } from '../../worker/containers/run-options.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function durationMs(flag: string): (v: string) => number {
  return (v) => {
    const ns = parseDuration(v, { goUnitsOnly: true });
    if (ns === undefined || ns < 0n) throw new InvalidArgumentError(`${flag}: "${v}" is not a duration (e.g. 10s, 1m30s)`);
    return Number(ns / 1_000_000n);
  };
}

function whole(flag: string): (v: string) => number {
  return (v) => {
    if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError(`${flag}: "${v}" is not a whole number`);
    return Number(v);
  };
}

export function keyValue(v: string): [string, string] {
  const eq = v.indexOf('=');
  return eq < 0 ? [v, ''] : [v.slice(0, eq), v.slice(eq + 1)];
}

/** `-p 8080:80`, `-p 8080:80/udp`, `-p published=8080,target=80,protocol=tcp,mode=host`. */
export function parsePort(v: string): PortConfig {
  const port = (s: string | undefined, what: string): number => {
    const n = Number(s);
    if (s === undefined || !/^[0-9]+$/.test(s) || n < 1 || n > 65535) throw new InvalidArgumentError(`--publish "${v}": ${what} "${s ?? ''}" is not a port`);
    return n;
  };
  if (v.includes('=')) {
    const p: PortConfig = { name: '', protocol: 'tcp', targetPort: 0, publishedPort: 0, publishMode: 'ingress' };
    for (const part of v.split(',')) {
      const [k, val] = keyValue(part);
      if (k === 'target') p.targetPort = port(val, 'target');
      else if (k === 'published') p.publishedPort = port(val, 'published');
      else if (k === 'protocol' && (val === 'tcp' || val === 'udp')) p.protocol = val;
      else if (k === 'mode' && (val === 'ingress' || val === 'host')) p.publishMode = val;
      else throw new InvalidArgumentError(`--publish "${v}": unknown or invalid field "${part}"`);
    }
    if (p.targetPort === 0) throw new InvalidArgumentError(`--publish "${v}": target is required`);
    return p;
  }
  const m = /^(?:([0-9]+):)?([0-9]+)(?:\/(tcp|udp))?$/.exec(v);
  if (m === null) throw new InvalidArgumentError(`--publish "${v}": expected [published:]target[/tcp|udp]`);
  return { name: '', protocol: (m[3] ?? 'tcp') as 'tcp' | 'udp', targetPort: port(m[2], 'target'), publishedPort: m[1] === undefined ? 0 : port(m[1], 'published'), publishMode: 'ingress' };
}

/** `--mount type=volume,source=data,target=/data,readonly`. */
export function parseMount(v: string): Mount {
  const m: Mount = { type: 'volume', source: '', target: '', readOnly: false };
  for (const part of v.split(',')) {
    const [k, val] = keyValue(part);
    if (k === 'type' && (val === 'volume' || val === 'bind' || val === 'tmpfs')) m.type = val;
    else if (k === 'source' || k === 'src') m.source = val;
    else if (k === 'target' || k === 'destination' || k === 'dst') m.target = val;
    else if (k === 'readonly' || k === 'ro') m.readOnly = val === '' || val === 'true' || val === '1';
    else throw new InvalidArgumentError(`--mount "${v}": unknown or invalid field "${part}"`);
  }
  if (m.target === '') throw new InvalidArgumentError(`--mount "${v}": target is required`);
  return m;
}

/** The flags `service create` and `service update` share. */
export function addSpecFlags(cmd: Command): Command {
  return cmd
    .option('-e, --env <K=V>', 'environment variable', collect)
    .option('--label <K=V>', 'service label', collect)
    .option('--container-label <K=V>', 'container label', collect)
    .option('--mount <mount>', 'type=volume|bind|tmpfs,source=…,target=…[,readonly]', collect)
    .option('-p, --publish <port>', '[published:]target[/proto] or published=,target=,protocol=,mode=ingress|host', collect)
    .option('--constraint <expr>', 'placement constraint, e.g. node.role==worker', collect)
    .option('--placement-pref <pref>', 'placement preference, e.g. spread=node.labels.zone', collect)
    .option('--max-replicas <n>', 'most tasks per node (0: no limit)', whole('--max-replicas'))
    .option('--reserve-cpu <cpus>', 'CPUs reserved per task')
    .option('--reserve-memory <bytes>', 'memory reserved per task')
    .option('--limit-cpu <cpus>', 'CPU limit per task')
    .option('--limit-memory <bytes>', 'memory limit per task')
    .addOption(new Option('--restart-condition <condition>', 'restart when: none, on-failure, any').choices(['none', 'on-failure', 'any']))
    .option('--restart-delay <duration>', 'wait between restarts', durationMs('--restart-delay'))
    .option('--restart-max-attempts <n>', 'restarts before giving up (0: no limit)', whole('--restart-max-attempts'))
    .option('--restart-window <duration>', 'window the attempts are counted in', durationMs('--restart-window'))
    .option('--update-parallelism <n>', 'tasks updated at once (0: all)', whole('--update-parallelism'))
    .option('--update-delay <duration>', 'wait between batches', durationMs('--update-delay'))
    .addOption(new Option('--update-failure-action <action>', 'on a failed update: pause, continue, rollback').choices(['pause', 'continue', 'rollback']))
    .option('--update-monitor <duration>', 'how long a new task is watched for failure', durationMs('--update-monitor'))
    .option('--update-max-failure-ratio <ratio>', 'failures tolerated during an update', Number)
    .addOption(new Option('--update-order <order>', 'stop-first or start-first').choices(['stop-first', 'start-first']))
    .option('--rollback-parallelism <n>', 'tasks rolled back at once (0: all)', whole('--rollback-parallelism'))
    .option('--rollback-delay <duration>', 'wait between rollback batches', durationMs('--rollback-delay'))
    .addOption(new Option('--rollback-failure-action <action>', 'on a failed rollback: pause, continue').choices(['pause', 'continue']))
    .option('--rollback-monitor <duration>', 'how long a rolled-back task is watched', durationMs('--rollback-monitor'))
    .addOption(new Option('--rollback-order <order>', 'stop-first or start-first').choices(['stop-first', 'start-first']))
    .option('--health-cmd <command>', 'command that checks health (run by /bin/sh -c)')
    .option('--health-interval <duration>', 'time between checks', durationMs('--health-interval'))
    .option('--health-timeout <duration>', 'longest a check may run', durationMs('--health-timeout'))
    .option('--health-retries <n>', 'failures before unhealthy', whole('--health-retries'))
    .option('--health-start-period <duration>', 'grace period before failures count', durationMs('--health-start-period'))
    .option('--no-healthcheck', 'disable the image\'s healthcheck')
    .option('-w, --workdir <dir>', 'working directory in the container')
    .option('-u, --user <user>', 'user[:group] in the container')
    .option('--hostname <name>', 'container hostname')
    .option('--entrypoint <command>', 'replace the image\'s entrypoint')
    .option('--init', 'run an init inside each container')
    .option('--stop-grace-period <duration>', 'wait before killing a container', durationMs('--stop-grace-period'))
    .option('--stop-signal <signal>', 'signal that stops a container')
    .option('--secret <secret>', 'secret to expose: name or source=name,target=path,uid=,gid=,mode=', collect)
    .option('--config <config>', 'config to expose: name or source=name,target=path,uid=,gid=,mode=', collect)
    .option('--network <network>', 'network to join', collect);
}

export interface SpecFlags {
  env?: string[];
  label?: string[];
  containerLabel?: string[];
  mount?: string[];
  publish?: string[];
  constraint?: string[];
  placementPref?: string[];
  maxReplicas?: number;
  reserveCpu?: string;
  reserveMemory?: string;
  limitCpu?: string;
  limitMemory?: string;
  restartCondition?: 'none' | 'on-failure' | 'any';
  restartDelay?: number;
  restartMaxAttempts?: number;
  restartWindow?: number;
  updateParallelism?: number;
  updateDelay?: number;
  updateFailureAction?: UpdateConfig['failureAction'];
  updateMonitor?: number;
  updateMaxFailureRatio?: number;
  updateOrder?: UpdateConfig['order'];
  rollbackParallelism?: number;
  rollbackDelay?: number;
  rollbackFailureAction?: UpdateConfig['failureAction'];
  rollbackMonitor?: number;
  rollbackOrder?: UpdateConfig['order'];
  healthCmd?: string;
  healthInterval?: number;
  healthTimeout?: number;
  healthRetries?: number;
  healthStartPeriod?: number;
  healthcheck?: boolean;
  workdir?: string;
  user?: string;
  hostname?: string;
  entrypoint?: string;
  init?: boolean;
  stopGracePeriod?: number;
  stopSignal?: string;
  secret?: string[];
  config?: string[];
  network?: string[];
}

function fileRef(v: string, defaultDir: string): { id: string; name: string; target: string; uid: string; gid: string; mode: number } {
  const ref = { id: '', name: v, target: v, uid: '0', gid: '0', mode: 0o444 };
  if (!v.includes('=')) return ref;
  for (const part of v.split(',')) {
    const [k, val] = keyValue(part);
    if (k === 'source' || k === 'src') ref.name = val;
    else if (k === 'target') ref.target = val;
    else if (k === 'uid') ref.uid = val;
    else if (k === 'gid') ref.gid = val;
    else if (k === 'mode') ref.mode = Number.parseInt(val, 8);
    else throw new InvalidArgumentError(`"${v}": unknown field "${part}" (in ${defaultDir} references)`);
  }
  if (!v.split(',').some((p) => p.startsWith('target='))) ref.target = ref.name;
  return ref;
}

function updateConfig(c: UpdateConfig, p: { parallelism?: number; delay?: number; failureAction?: UpdateConfig['failureAction']; monitor?: number; maxFailureRatio?: number; order?: UpdateConfig['order'] }): void {
  if (p.parallelism !== undefined) c.parallelism = p.parallelism;
  if (p.delay !== undefined) c.delayMs = p.delay;
  if (p.failureAction !== undefined) c.failureAction = p.failureAction;
  if (p.monitor !== undefined) c.monitorMs = p.monitor;
  if (p.maxFailureRatio !== undefined) c.maxFailureRatio = p.maxFailureRatio;
  if (p.order !== undefined) c.order = p.order;
}

/** Applies the flags given to `spec` (in place). `add` says whether list flags add (create) or were already merged (update). */
export function applySpecFlags(spec: ServiceSpec, f: SpecFlags): void {
  const t = spec.task;
  const c = t.container;
  for (const e of f.env ?? []) {
    const k = keyValue(e)[0];
    c.env = [...c.env.filter((x) => keyValue(x)[0] !== k), e];
  }
  for (const l of f.label ?? []) spec.labels[keyValue(l)[0]] = keyValue(l)[1];
  for (const l of f.containerLabel ?? []) c.labels[keyValue(l)[0]] = keyValue(l)[1];
  for (const m of f.mount ?? []) c.mounts.push(parseMount(m));
  for (const p of f.publish ?? []) spec.endpoint.ports.push(parsePort(p));
  t.placement.constraints.push(...(f.constraint ?? []));
  for (const p of f.placementPref ?? []) {
    const [k, v] = keyValue(p);
    if (k !== 'spread' || v === '') throw new InvalidArgumentError(`--placement-pref "${p}": expected spread=<label>`);
    t.placement.preferences.push({ spread: v });
  }
  if (f.maxReplicas !== undefined) t.placement.maxReplicasPerNode = f.maxReplicas;
  if (f.reserveCpu !== undefined) t.resources.reservations.nanoCpus = Math.round(parseCpus(f.reserveCpu) * 1e9);
  if (f.reserveMemory !== undefined) t.resources.reservations.memoryBytes = parseSize('--reserve-memory', f.reserveMemory);
  if (f.limitCpu !== undefined) t.resources.limits.nanoCpus = Math.round(parseCpus(f.limitCpu) * 1e9);
  if (f.limitMemory !== undefined) t.resources.limits.memoryBytes = parseSize('--limit-memory', f.limitMemory);
  if (f.restartCondition !== undefined) t.restartPolicy.condition = f.restartCondition;
  if (f.restartDelay !== undefined) t.restartPolicy.delayMs = f.restartDelay;
  if (f.restartMaxAttempts !== undefined) t.restartPolicy.maxAttempts = f.restartMaxAttempts;
  if (f.restartWindow !== undefined) t.restartPolicy.windowMs = f.restartWindow;
  updateConfig(spec.update, { ...opt('parallelism', f.updateParallelism), ...opt('delay', f.updateDelay), ...opt('failureAction', f.updateFailureAction), ...opt('monitor', f.updateMonitor), ...opt('maxFailureRatio', f.updateMaxFailureRatio), ...opt('order', f.updateOrder) });
  updateConfig(spec.rollback, { ...opt('parallelism', f.rollbackParallelism), ...opt('delay', f.rollbackDelay), ...opt('failureAction', f.rollbackFailureAction), ...opt('monitor', f.rollbackMonitor), ...opt('order', f.rollbackOrder) });
  if (f.healthcheck === false) c.healthcheck = { test: ['NONE'], intervalMs: 0, timeoutMs: 0, retries: 0, startPeriodMs: 0 };
  if (f.healthCmd !== undefined || f.healthInterval !== undefined || f.healthTimeout !== undefined || f.healthRetries !== undefined || f.healthStartPeriod !== undefined) {
    const h = c.healthcheck ?? { test: [], intervalMs: 0, timeoutMs: 0, retries: 0, startPeriodMs: 0 };
    if (f.healthCmd !== undefined) h.test = ['CMD-SHELL', f.healthCmd];
    if (f.healthInterval !== undefined) h.intervalMs = f.healthInterval;
    if (f.healthTimeout !== undefined) h.timeoutMs = f.healthTimeout;
    if (f.healthRetries !== undefined) h.retries = f.healthRetries;
    if (f.healthStartPeriod !== undefined) h.startPeriodMs = f.healthStartPeriod;
    c.healthcheck = h;
  }
  if (f.workdir !== undefined) c.workdir = f.workdir;
  if (f.user !== undefined) c.user = f.user;
  if (f.hostname !== undefined) c.hostname = f.hostname;
  if (f.entrypoint !== undefined) c.command = f.entrypoint === '' ? [] : f.entrypoint.split(/\s+/);
  if (f.init === true) c.init = true;
  if (f.stopGracePeriod !== undefined) c.stopGracePeriodMs = f.stopGracePeriod;
  if (f.stopSignal !== undefined) c.stopSignal = f.stopSignal;
  for (const s of f.secret ?? []) c.secrets.push(fileRef(s, 'secret'));
  for (const s of f.config ?? []) c.configs.push({ ...fileRef(s, 'config'), target: fileRef(s, 'config').target.startsWith('/') ? fileRef(s, 'config').target : `/${fileRef(s, 'config').target}` });
  for (const n of f.network ?? []) t.networks.push({ target: n, aliases: [] });
}

function opt<K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

/** `--mode` and `--replicas` → the service mode. */
export function serviceMode(mode: string, replicas: number | undefined, maxConcurrent: number | undefined): ServiceMode {
  switch (mode) {
    case 'replicated':
      return { replicated: { replicas: replicas ?? 1 } };
    case 'global':
      if (replicas !== undefined) throw new InvalidArgumentError('--replicas can only be used with replicated or replicated-job mode');
      return { global: {} };
    case 'replicated-job':
      return { replicatedJob: { maxConcurrent: maxConcurrent ?? replicas ?? 1, totalCompletions: replicas ?? maxConcurrent ?? 1 } };
    case 'global-job':
      return { globalJob: {} };
    default:
      throw new InvalidArgumentError(`--mode "${mode}": expected replicated, global, replicated-job or global-job`);
  }
}

export function modeName(m: ServiceMode): string {
  if ('replicated' in m) return 'replicated';
  if ('global' in m) return 'global';
  if ('replicatedJob' in m) return 'replicated job';
  return 'global job';
}
