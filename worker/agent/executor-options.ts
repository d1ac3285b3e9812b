/**
 * One cluster task → the local engine's `CreateOptions` for its container,
 * as Swarm's container adapter builds a container config: name, labels,
 * entrypoint and cmd, environment, user, workdir, hostname, init, mounts,
 * health check, stop signal and grace period, resource limits, host-mode
 * published ports, and the task's secrets and configs as files.
 *
 * Pure: reads nothing but its arguments (secret and config contents come in
 * `files`, by the secret's or config's id). Throws ORC_INVALID_SPEC for a
 * task no container can be made of; the executor rejects such a task.
 */
import { posix } from 'node:path';
import { OrcError } from '../../common/errors.js';
import type { FileReference, Mount, Task } from '../../common/cluster/types.js';
import type { CreateOptions } from '../engine/index.js';
import type { Healthcheck } from '../images/index.js';
import type { PortRequest } from '../network/types.js';
import type { ContainerFile } from '../volumes/index.js';

/** Swarm's labels on a task's container. */
export const SWARM_LABEL = {
  taskId: 'com.docker.swarm.task.id',
  taskName: 'com.docker.swarm.task.name',
  serviceId: 'com.docker.swarm.service.id',
  serviceName: 'com.docker.swarm.service.name',
  nodeId: 'com.docker.swarm.node.id',
} as const;

/** Secrets without a mode are readable by their owner only; configs by everyone (Docker's default for configs). */
export const DEFAULT_SECRET_MODE = 0o400;
export const DEFAULT_CONFIG_MODE = 0o444;
/** Docker's default stop grace period. */
export const DEFAULT_STOP_GRACE_MS = 10_000;

/** Swarm's container name: `<service>.<slot>.<task id>`, or `<service>.<node id>.<task id>` for a global task (slot 0). */
export function taskContainerName(task: Task, nodeId: string): string {
  const middle = task.slot > 0 ? String(task.slot) : task.nodeId !== '' ? task.nodeId : nodeId;
  return `${task.serviceName}.${middle}.${task.id}`;
}

/** The grace period a stop gives the task's container before SIGKILL, in ms. */
export function stopGraceMs(task: Task): number {
  const g = task.spec.container.stopGracePeriodMs;
  return g !== undefined && Number.isFinite(g) && g >= 0 ? g : DEFAULT_STOP_GRACE_MS;
}

function invalid(task: Task, what: string): OrcError {
  return new OrcError('ORC_INVALID_SPEC', `task ${task.id} (${task.serviceName}): ${what}`);
}

/** A mount as `--mount` takes it (commas and quotes cannot be passed through that syntax). */
function mountOption(task: Task, m: Mount, i: number): string {
  for (const [what, v] of [['source', m.source], ['target', m.target]] as const) {
    if (v.includes(',') || v.includes('"')) throw invalid(task, `mounts[${i}]: the ${what} "${v}" has a ',' or '"', which the engine cannot take`);
  }
  if (!m.target.startsWith('/')) throw invalid(task, `mounts[${i}]: the target "${m.target}" must be an absolute path`);
  const parts = [`type=${m.type}`];
  if (m.type !== 'tmpfs' && m.source !== '') parts.push(`source=${m.source}`);
  if (m.type === 'bind' && m.source === '') throw invalid(task, `mounts[${i}]: a bind mount needs a source`);
  parts.push(`target=${m.target}`);
  if (m.readOnly) parts.push('readonly');
  return parts.join(',');
}

/** Durations in ms → the engine's nanoseconds; zero fields are left out (the image's or Docker's default). */
function healthcheck(task: Task): Healthcheck | undefined {
  const h = task.spec.container.healthcheck;
  if (h === undefined) return undefined;
  const hc: Healthcheck = { test: [...h.test] };
  if (h.intervalMs > 0) hc.interval = Math.round(h.intervalMs * 1e6);
  if (h.timeoutMs > 0) hc.timeout = Math.round(h.timeoutMs * 1e6);
  if (h.startPeriodMs > 0) hc.startPeriod = Math.round(h.startPeriodMs * 1e6);
  if (h.retries > 0) hc.retries = h.retries;
  return hc;
}

function numericId(task: Task, what: string, v: string): number {
  if (v === '') return 0;
  if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v))) throw invalid(task, `${what} "${v}" is not a numeric id`);
  return Number(v);
}

/** Secrets and configs with their contents (by id, else by name), at their paths in the container. */
function containerFiles(task: Task, files: ReadonlyMap<string, Buffer>): ContainerFile[] {
  const out: ContainerFile[] = [];
  const one = (kind: 'secret' | 'config', ref: FileReference): void => {
    const content = files.get(ref.id) ?? files.get(ref.name);
    if (content === undefined) throw invalid(task, `the content of ${kind} "${ref.name}" (${ref.id}) was not provided`);
    const target = ref.target === '' ? ref.name : ref.target;
    const path = target.startsWith('/') ? posix.normalize(target) : kind === 'secret' ? `/run/secrets/${target}` : `/${target}`;
    const mode = ref.mode > 0 ? ref.mode : kind === 'secret' ? DEFAULT_SECRET_MODE : DEFAULT_CONFIG_MODE;
    // Unique names: the engine keeps each file under its name.
    const name = out.some((f) => f.name === ref.name) ? `${ref.name}-${out.length + 1}` : ref.name;
    out.push({
      name, target: path, content, mode,
      uid: numericId(task, `${kind} ${ref.name}: uid`, ref.uid), gid: numericId(task, `${kind} ${ref.name}: gid`, ref.gid),
    });
  };
  for (const s of task.spec.container.secrets) one('secret', s);
  for (const c of task.spec.container.configs) one('config', c);
  return out;
}

/** Host-mode published ports (ingress ports are the routing mesh's, not the container's). */
function hostPorts(task: Task): PortRequest[] {
  return task.ports
    .filter((p) => p.publishMode === 'host')
    .map((p) => ({ containerPort: p.targetPort, protocol: p.protocol, ...(p.publishedPort > 0 ? { hostPort: String(p.publishedPort) } : {}) }));
}

/** The labels of a task's container: the container spec's, the task's, then Swarm's (which win). */
export function taskLabels(task: Task, nodeId: string): Record<string, string> {
  return {
    ...task.spec.container.labels,
    ...task.labels,
    [SWARM_LABEL.taskId]: task.id,
    [SWARM_LABEL.taskName]: taskContainerName(task, nodeId),
    [SWARM_LABEL.serviceId]: task.serviceId,
    [SWARM_LABEL.serviceName]: task.serviceName,
    [SWARM_LABEL.nodeId]: nodeId,
  };
}

/**
 * The engine's create options for `task` on node `nodeId`. `files` holds the
 * contents of its secrets and configs; `network` (optional) the network options
 * the agent decided for it (absent: the engine's default network).
 * Never a restart policy: restarts are the manager's (a new task).
 */
export function taskCreateOptions(
  task: Task,
  nodeId: string,
  files: ReadonlyMap<string, Buffer>,
  network?: Pick<CreateOptions, 'network' | 'networks'>,
): CreateOptions {
  const c = task.spec.container;
  if (c.image === '') throw invalid(task, 'no image');
  const o: CreateOptions = { name: taskContainerName(task, nodeId), labels: taskLabels(task, nodeId) };
  if (c.command.length > 0) {
    // The entrypoint replaces the image's and clears its cmd: args, when any, are the new cmd.
    o.entrypoint = [...c.command];
    o.command = [...c.args];
  } else if (c.args.length > 0) o.command = [...c.args];
  // `KEY` alone would be taken from the engine's own environment: a task's env says what it means.
  const env = c.env.filter((e) => e.includes('='));
  if (env.length > 0) o.env = env;
  if (c.workdir !== '') o.workdir = c.workdir;
  if (c.user !== '') o.user = c.user;
  if (c.hostname !== '') o.hostname = c.hostname;
  if (c.init) o.init = true;
  if (c.stopSignal !== '') o.stopSignal = c.stopSignal;
  o.stopTimeout = Math.ceil(stopGraceMs(task) / 1000);
  const mounts = c.mounts.map((m, i) => mountOption(task, m, i));
  if (mounts.length > 0) o.mounts = mounts;
  const hc = healthcheck(task);
  if (hc !== undefined) o.healthcheck = hc;
  const limits = task.spec.resources.limits;
  if (limits.memoryBytes > 0) o.memory = limits.memoryBytes;
  if (limits.nanoCpus > 0) o.cpus = limits.nanoCpus / 1e9;
  const ports = hostPorts(task);
  if (ports.length > 0) o.publish = ports;
  const f = containerFiles(task, files);
  if (f.length > 0) o.files = f;
  if (network?.network !== undefined) o.network = network.network;
  if (network?.networks !== undefined) o.networks = network.networks;
  return o;
}
