/**
 * A service spec as a caller sent it (any part may be missing) → a complete,
 * checked ServiceSpec: Docker's defaults (common/cluster/defaults.ts) fill
 * what is missing, every field is type-checked, and the secrets, configs and
 * networks it names (by id, id prefix or name) are resolved to ids. A
 * failure is ORC_INVALID_SPEC naming the service and the field.
 */
import type {
  Config, DependsOnCondition, FileReference, HealthConfig, Mount, Network, PortConfig, Resources, RestartPolicy, Secret,
  ServiceMode, ServiceSpec, TaskSpec, UpdateConfig,
} from '../../common/cluster/types.js';
import { DEFAULT_RESTART_POLICY, DEFAULT_UPDATE_CONFIG } from '../../common/cluster/types.js';
import { isOrcError } from '../../common/errors.js';
import { checkName, Fields, isObject, type Json } from './fields.js';
import { pick } from './lookup.js';

/** The objects a spec may name. */
export interface Refs {
  networks: readonly Network[];
  secrets: readonly Secret[];
  configs: readonly Config[];
}

const CONSTRAINT_RE = /^\s*([a-zA-Z0-9_.-]+)\s*(==|!=)\s*(\S(?:.*\S)?)\s*$/;
const CONSTRAINT_KEYS = ['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch'];
const LABEL_KEY_RE = /^(node|engine)\.labels\.[^\s=!]+$/;

/** Checks a placement constraint (`node.labels.zone==a`); returns why it does not parse, or undefined. */
export function constraintError(c: string): string | undefined {
  const m = CONSTRAINT_RE.exec(c);
  if (m === null) return `"${c}" is not a constraint (expected key==value or key!=value)`;
  const key = m[1] ?? '';
  if (!CONSTRAINT_KEYS.includes(key) && !LABEL_KEY_RE.test(key)) {
    return `"${c}": unknown key ${key} (use ${CONSTRAINT_KEYS.join(', ')}, node.labels.<k> or engine.labels.<k>)`;
  }
  return undefined;
}

function mode(f: Fields, v: unknown): ServiceMode {
  if (v === undefined || v === null) return { replicated: { replicas: 1 } };
  const o = f.obj(v, 'mode');
  const keys = Object.keys(o);
  if (keys.length !== 1) f.fail('mode', 'must have exactly one of replicated, global, replicatedJob, globalJob');
  if ('replicated' in o) {
    const r = f.obj(o['replicated'], 'mode.replicated');
    return { replicated: { replicas: f.int(r['replicas'], 'mode.replicated.replicas', 1) } };
  }
  if ('global' in o) return { global: {} };
  if ('replicatedJob' in o) {
    const r = f.obj(o['replicatedJob'], 'mode.replicatedJob');
    const maxConcurrent = f.int(r['maxConcurrent'], 'mode.replicatedJob.maxConcurrent', 1);
    return { replicatedJob: { maxConcurrent, totalCompletions: f.int(r['totalCompletions'], 'mode.replicatedJob.totalCompletions', maxConcurrent) } };
  }
  if ('globalJob' in o) return { globalJob: {} };
  return f.fail('mode', `"${keys[0] ?? ''}" is not a mode (replicated, global, replicatedJob, globalJob)`);
}

/** `failureAction: rollback` makes no sense for the rollback config itself. */
function updateConfig(f: Fields, v: unknown, path: string, rollback: boolean): UpdateConfig {
  const o = f.obj(v, path);
  const d = DEFAULT_UPDATE_CONFIG;
  return {
    parallelism: f.int(o['parallelism'], `${path}.parallelism`, d.parallelism),
    delayMs: f.num(o['delayMs'], `${path}.delayMs`, d.delayMs),
    failureAction: f.oneOf(o['failureAction'], `${path}.failureAction`, rollback ? ['pause', 'continue'] : ['pause', 'continue', 'rollback'], d.failureAction),
    monitorMs: f.num(o['monitorMs'], `${path}.monitorMs`, d.monitorMs),
    maxFailureRatio: f.num(o['maxFailureRatio'], `${path}.maxFailureRatio`, d.maxFailureRatio, 0, 1),
    order: f.oneOf(o['order'], `${path}.order`, ['stop-first', 'start-first'], d.order),
  };
}

function resources(f: Fields, v: unknown, path: string): Resources {
  const o = f.obj(v, path);
  return { nanoCpus: f.int(o['nanoCpus'], `${path}.nanoCpus`, 0), memoryBytes: f.int(o['memoryBytes'], `${path}.memoryBytes`, 0) };
}

function restartPolicy(f: Fields, v: unknown): RestartPolicy {
  const o = f.obj(v, 'task.restartPolicy');
  const d = DEFAULT_RESTART_POLICY;
  return {
    condition: f.oneOf(o['condition'], 'task.restartPolicy.condition', ['none', 'on-failure', 'any'], d.condition),
    delayMs: f.num(o['delayMs'], 'task.restartPolicy.delayMs', d.delayMs),
    maxAttempts: f.int(o['maxAttempts'], 'task.restartPolicy.maxAttempts', d.maxAttempts),
    windowMs: f.num(o['windowMs'], 'task.restartPolicy.windowMs', d.windowMs),
  };
}

function mount(f: Fields, v: unknown, path: string): Mount {
  const o = f.obj(v, path);
  const type = f.oneOf(o['type'], `${path}.type`, ['volume', 'bind', 'tmpfs'], 'volume');
  const source = f.str(o['source'], `${path}.source`);
  const target = f.str(o['target'], `${path}.target`);
  if (!target.startsWith('/')) f.fail(`${path}.target`, `"${target}" must be an absolute path`);
  if (type === 'bind' && !source.startsWith('/')) f.fail(`${path}.source`, `"${source}" must be an absolute path for a bind mount`);
  if (type === 'tmpfs' && source !== '') f.fail(`${path}.source`, 'must be empty for a tmpfs mount');
  return { type, source, target, readOnly: f.bool(o['readOnly'], `${path}.readOnly`) };
}

function healthcheck(f: Fields, v: unknown): HealthConfig | undefined {
  if (v === undefined || v === null) return undefined;
  const o = f.obj(v, 'task.container.healthcheck');
  const p = 'task.container.healthcheck';
  const test = f.strings(o['test'], `${p}.test`);
  if (test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0] ?? '')) f.fail(`${p}.test`, 'must start with CMD, CMD-SHELL or NONE');
  return {
    test,
    intervalMs: f.num(o['intervalMs'], `${p}.intervalMs`, 0),
    timeoutMs: f.num(o['timeoutMs'], `${p}.timeoutMs`, 0),
    retries: f.int(o['retries'], `${p}.retries`, 0),
    startPeriodMs: f.num(o['startPeriodMs'], `${p}.startPeriodMs`, 0),
  };
}

function fileRefs(f: Fields, v: unknown, kind: 'secret' | 'config', all: readonly (Secret | Config)[]): FileReference[] {
  const path = `task.container.${kind}s`;
  const seen = new Set<string>();
  return f.list(v, path).map((item, i) => {
    const at = `${path}[${i}]`;
    const o = f.obj(item, at);
    const ref = f.str(o['id'], `${at}.id`) || f.str(o['name'], `${at}.name`);
    if (ref === '') f.fail(at, `must name a ${kind} (id or name)`);
    let found: Secret | Config;
    try {
      found = pick(kind, all, ref);
    } catch (e) {
      if (isOrcError(e)) f.fail(at, `${kind} "${ref}" ${e.code === 'ORC_NOT_FOUND' ? 'not found' : 'is ambiguous'}`);
      throw e;
    }
    const target = f.str(o['target'], `${at}.target`) || (kind === 'secret' ? found.spec.name : `/${found.spec.name}`);
    if (seen.has(target)) f.fail(`${at}.target`, `"${target}" is the target of another ${kind}`);
    seen.add(target);
    return {
      id: found.id,
      name: found.spec.name,
      target,
      uid: f.str(o['uid'], `${at}.uid`, '0') || '0',
      gid: f.str(o['gid'], `${at}.gid`, '0') || '0',
      mode: f.int(o['mode'], `${at}.mode`, 0o444, 0, 0o7777),
    };
  });
}

function networks(f: Fields, v: unknown, all: readonly Network[]): TaskSpec['networks'] {
  const seen = new Set<string>();
  return f.list(v, 'task.networks').map((item, i) => {
    const at = `task.networks[${i}]`;
    const o = f.obj(item, at);
    const ref = f.str(o['target'], `${at}.target`);
    if (ref === '') f.fail(`${at}.target`, 'must name a network');
    let found: Network;
    try {
      found = pick('network', all, ref);
    } catch (e) {
      if (isOrcError(e)) f.fail(`${at}.target`, `network "${ref}" ${e.code === 'ORC_NOT_FOUND' ? 'not found' : 'is ambiguous'}`);
      throw e;
    }
    if (seen.has(found.id)) f.fail(`${at}.target`, `network "${ref}" is attached twice`);
    seen.add(found.id);
    return { target: found.id, aliases: f.strings(o['aliases'], `${at}.aliases`) };
  });
}

function ports(f: Fields, v: unknown): PortConfig[] {
  const seen = new Set<string>();
  return f.list(v, 'endpoint.ports').map((item, i) => {
    const at = `endpoint.ports[${i}]`;
    const o = f.obj(item, at);
    const p: PortConfig = {
      name: f.str(o['name'], `${at}.name`),
      protocol: f.oneOf(o['protocol'], `${at}.protocol`, ['tcp', 'udp'], 'tcp'),
      targetPort: f.int(o['targetPort'], `${at}.targetPort`, 0, 1, 65535),
      publishedPort: f.int(o['publishedPort'], `${at}.publishedPort`, 0, 0, 65535),
      publishMode: f.oneOf(o['publishMode'], `${at}.publishMode`, ['ingress', 'host'], 'ingress'),
    };
    if (o['targetPort'] === undefined) f.fail(`${at}.targetPort`, 'must be given');
    if (p.publishedPort !== 0) {
      const key = `${p.publishedPort}/${p.protocol}`;
      if (seen.has(key)) f.fail(at, `published port ${key} is given twice`);
      seen.add(key);
    }
    return p;
  });
}

function dependsOn(f: Fields, v: unknown, self: string): ServiceSpec['dependsOn'] {
  return f.list(v, 'dependsOn').map((item, i) => {
    const at = `dependsOn[${i}]`;
    const o = f.obj(item, at);
    const service = f.str(o['service'], `${at}.service`);
    if (service === '') f.fail(`${at}.service`, 'must name a service');
    if (service === self) f.fail(`${at}.service`, 'a service cannot depend on itself');
    const condition = f.oneOf<DependsOnCondition>(o['condition'], `${at}.condition`, ['service_started', 'service_healthy', 'service_completed_successfully'], 'service_started');
    return { service, condition };
  });
}

/** The complete, checked spec of `input` (a ServiceSpec, possibly partial, as parsed from JSON). */
export function normaliseServiceSpec(input: unknown, refs: Refs): ServiceSpec {
  const top = isObject(input) ? input : new Fields('service').obj(input, 'spec');
  const name = typeof top['name'] === 'string' ? top['name'] : '';
  const f = new Fields(name === '' ? 'service' : `service ${name}`);
  checkName(f, f.str(top['name'], 'name'));
  const task: Json = f.obj(top['task'], 'task');
  const c: Json = f.obj(task['container'], 'task.container');
  const image = f.str(c['image'], 'task.container.image');
  if (image.trim() === '') f.fail('task.container.image', 'must not be empty');
  const res = f.obj(task['resources'], 'task.resources');
  const placement = f.obj(task['placement'], 'task.placement');
  const constraints = f.strings(placement['constraints'], 'task.placement.constraints');
  constraints.forEach((k, i) => {
    const err = constraintError(k);
    if (err !== undefined) f.fail(`task.placement.constraints[${i}]`, err);
  });
  const preferences = f.list(placement['preferences'], 'task.placement.preferences').map((p, i) => {
    const at = `task.placement.preferences[${i}]`;
    const spread = f.str(f.obj(p, at)['spread'], `${at}.spread`);
    if (!/^(node|engine)\.labels\.\S+$/.test(spread)) f.fail(`${at}.spread`, `"${spread}" must be node.labels.<k> or engine.labels.<k>`);
    return { spread };
  });
  const health = healthcheck(f, c['healthcheck']);
  const container: TaskSpec['container'] = {
    image,
    command: f.strings(c['command'], 'task.container.command'),
    args: f.strings(c['args'], 'task.container.args'),
    env: f.strings(c['env'], 'task.container.env'),
    workdir: f.str(c['workdir'], 'task.container.workdir'),
    user: f.str(c['user'], 'task.container.user'),
    hostname: f.str(c['hostname'], 'task.container.hostname'),
    labels: f.labels(c['labels'], 'task.container.labels'),
    mounts: f.list(c['mounts'], 'task.container.mounts').map((m, i) => mount(f, m, `task.container.mounts[${i}]`)),
    ...(health !== undefined ? { healthcheck: health } : {}),
    ...(c['stopGracePeriodMs'] !== undefined && c['stopGracePeriodMs'] !== null
      ? { stopGracePeriodMs: f.num(c['stopGracePeriodMs'], 'task.container.stopGracePeriodMs', 0) } : {}),
    stopSignal: f.str(c['stopSignal'], 'task.container.stopSignal'),
    init: f.bool(c['init'], 'task.container.init'),
    secrets: fileRefs(f, c['secrets'], 'secret', refs.secrets),
    configs: fileRefs(f, c['configs'], 'config', refs.configs),
  };
  const mountTargets = new Set<string>();
  for (const [i, m] of container.mounts.entries()) {
    if (mountTargets.has(m.target)) f.fail(`task.container.mounts[${i}].target`, `"${m.target}" is mounted twice`);
    mountTargets.add(m.target);
  }
  const endpoint = f.obj(top['endpoint'], 'endpoint');
  return {
    name,
    labels: f.labels(top['labels'], 'labels'),
    task: {
      container,
      resources: { limits: resources(f, res['limits'], 'task.resources.limits'), reservations: resources(f, res['reservations'], 'task.resources.reservations') },
      restartPolicy: restartPolicy(f, task['restartPolicy']),
      placement: { constraints, preferences, maxReplicasPerNode: f.int(placement['maxReplicasPerNode'], 'task.placement.maxReplicasPerNode', 0) },
      forceUpdate: f.int(task['forceUpdate'], 'task.forceUpdate', 0),
      networks: networks(f, task['networks'], refs.networks),
    },
    mode: mode(f, top['mode']),
    update: updateConfig(f, top['update'], 'update', false),
    rollback: updateConfig(f, top['rollback'], 'rollback', true),
    endpoint: { ports: ports(f, endpoint['ports']) },
    dependsOn: dependsOn(f, top['dependsOn'], name),
  };
}

/** The kind of a mode (`replicated`, `global`, `replicatedJob`, `globalJob`). */
export function modeKind(m: ServiceMode): string {
  return Object.keys(m)[0] ?? '';
}
