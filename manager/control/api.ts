/**
 * The control API's logic: one method per rpc of `orc.control.v1.Control`,
 * plain objects in and out, every change one store commit (a stack: one
 * per 128 writes) with the version the caller read. It writes specs and
 * desired state only: tasks are the orchestrators', allocations the
 * allocator's, node status the dispatcher's, etcd membership the
 * manager's (`deps.addManager`).
 */
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../common/clock.js';
import { OrcError } from '../../common/errors.js';
import {
  KINDS, STACK_LABEL, type Cluster, type ClusterSpec, type Config, type Kind, type Kinds, type Network, type NetworkSpec, type Node,
  type Secret, type SecretSpec, type Service, type ServiceSpec, type Task,
} from '../../common/cluster/types.js';
import type { StackSpec } from '../../compose/index.js';
import { commitInBatches, type Store, type StoreEvent, type WriteOp } from '../store/store.js';
import { canonical, checkName, Fields, isObject } from './fields.js';
import { filterPredicate, pick, type Filters } from './lookup.js';
import { normaliseClusterSpec, normaliseFileSpec, normaliseNetworkSpec, normaliseNodeSpec, outward } from './objects.js';
import { modeKind, normaliseServiceSpec, type Refs } from './service-spec.js';
import { planStack } from './stack.js';

export interface AddManagerResult {
  /** The `--initial-cluster` the new member starts with. */
  initialCluster: string;
  memberName: string;
  memberId: string;
  /** The key that seals secrets in the store (base64). */
  dataKey: string;
  clientUrls: string[];
}

export interface ControlDeps {
  clock?: Clock;
  newId?: () => string;
  /** Seals a secret's data for the store (the managers' data key). */
  seal: (plain: Buffer) => string;
  open: (sealed: string) => Buffer;
  /** Adds a manager's etcd member (absent: this manager cannot add one). */
  addManager?: (peerUrl: string) => Promise<AddManagerResult>;
  /** A new ORC-1 join token for the role. */
  rotateToken?: (role: 'worker' | 'manager') => string;
  log?: (line: string) => void;
}

export interface DeployResult {
  /** `service web_api`, `network web_default`, … (Docker prints "Creating " + each). */
  created: string[];
  updated: string[];
  removed: string[];
  warnings: string[];
}

export interface WatchedEvent {
  type: 'put' | 'delete';
  kind: Kind;
  object: Kinds[Kind];
  revision: number;
}

/** Swarm's ids: 25 characters of [0-9a-z]. */
export function randomId(): string {
  const bytes = randomBytes(25);
  let id = '';
  for (const b of bytes) id += (b % 36).toString(36);
  return id;
}

const meta = (id: string): { id: string; version: number; createdAt: number; updatedAt: number } => ({ id, version: 0, createdAt: 0, updatedAt: 0 });

/** "service: web" or "services: a, b" (Docker's wording of what uses an object). */
function users(names: string[]): string {
  return `${names.length === 1 ? 'service' : 'services'}: ${names.join(', ')}`;
}

export class ControlApi {
  private readonly clock: Clock;
  private readonly newId: () => string;

  constructor(private readonly store: Store, private readonly deps: ControlDeps) {
    this.clock = deps.clock ?? systemClock;
    this.newId = deps.newId ?? randomId;
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }

  private async find<K extends Kind>(kind: K, ref: string): Promise<Kinds[K]> {
    const direct = ref === '' ? undefined : await this.store.get(kind, ref);
    return direct ?? pick(kind, await this.store.list(kind), ref);
  }

  private async refs(): Promise<Refs> {
    const [networks, secrets, configs] = await Promise.all([this.store.list('network'), this.store.list('secret'), this.store.list('config')]);
    return { networks, secrets, configs };
  }

  private async list<K extends Kind>(kind: K, filters: Filters, ctx: Parameters<typeof filterPredicate>[2] = {}): Promise<Kinds[K][]> {
    const match = filterPredicate(kind, filters, ctx);
    return (await this.store.list(kind)).filter(match).map((o) => outward(kind, o)).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  // ── nodes ─────────────────────────────────────────────────────────────

  async getNode(ref: string): Promise<Node> {
    return this.find('node', ref);
  }

  async listNodes(filters: Filters = {}): Promise<Node[]> {
    return this.list('node', filters);
  }

  /** Records the spec (availability, labels, role, name); the etcd membership change of a role change is not made here. */
  async updateNode(ref: string, version: number, spec: unknown): Promise<Node> {
    const node = await this.find('node', ref);
    const next = normaliseNodeSpec(spec, node.id);
    if (node.spec.role === 'manager' && next.role === 'worker') {
      const managers = (await this.store.list('node')).filter((n) => n.spec.role === 'manager' && n.id !== node.id);
      if (managers.length === 0) throw new OrcError('ORC_CONFLICT', `node ${node.id}: attempting to demote the last manager of the swarm`);
    }
    const updated: Node = { ...node, spec: next, version };
    await this.store.commit([{ op: 'update', kind: 'node', object: updated }]);
    this.log(`node ${node.id}: spec updated (role ${next.role}, availability ${next.availability})`);
    return updated;
  }

  async removeNode(ref: string, force = false): Promise<void> {
    const node = await this.find('node', ref);
    if (node.spec.role === 'manager' || node.managerStatus !== undefined) {
      throw new OrcError('ORC_CONFLICT', `node ${node.id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`);
    }
    if (node.status.state !== 'down' && !force) {
      throw new OrcError('ORC_CONFLICT', `node ${node.id} is not down and can't be removed: stop it first, or remove it with --force`);
    }
    await this.store.commit([{ op: 'remove', kind: 'node', id: node.id }]);
    this.log(`node ${node.id}: removed${force ? ' (forced)' : ''}`);
  }

  // ── services and tasks ────────────────────────────────────────────────

  /** Published ingress ports are the cluster's: no two services may take the same one. */
  private checkIngressPorts(spec: ServiceSpec, services: readonly Service[], selfId: string): void {
    for (const p of spec.endpoint.ports) {
      if (p.publishMode !== 'ingress' || p.publishedPort === 0) continue;
      for (const s of services) {
        if (s.id === selfId) continue;
        const taken = [...s.spec.endpoint.ports, ...s.endpoint.ports].some((q) => q.publishMode === 'ingress' && q.publishedPort === p.publishedPort && q.protocol === p.protocol);
        if (taken) {
          throw new OrcError('ORC_INVALID_SPEC', `service ${spec.name}: port '${p.publishedPort}' is already in use by service '${s.spec.name}' (${s.id}) as an ingress port`);
        }
      }
    }
  }

  async createService(input: unknown): Promise<Service> {
    const spec = normaliseServiceSpec(input, await this.refs());
    const services = await this.store.list('service');
    if (services.some((s) => s.spec.name === spec.name)) throw new OrcError('ORC_CONFLICT', `service ${spec.name} already exists`);
    this.checkIngressPorts(spec, services, '');
    const service = this.newService(spec);
    await this.store.commit([{ op: 'create', kind: 'service', object: service }]);
    this.log(`service ${service.id} (${spec.name}): created`);
    return service;
  }

  private newService(spec: ServiceSpec): Service {
    return { ...meta(this.newId()), spec, specVersion: 1, endpoint: { ports: [] }, jobIteration: 0 };
  }

  async getService(ref: string): Promise<Service> {
    return this.find('service', ref);
  }

  async listServices(filters: Filters = {}): Promise<Service[]> {
    return this.list('service', filters);
  }

  /**
   * The service with `spec` in place of its own, or undefined when nothing
   * changed. A change of the task or the published ports is an update
   * (previous spec kept, specVersion + 1, update started); any other
   * change — replicas, labels, update settings — is written as is.
   */
  private changed(s: Service, spec: ServiceSpec): Service | undefined {
    if (canonical(spec) === canonical(s.spec)) return undefined;
    if (spec.name !== s.spec.name) throw new OrcError('ORC_INVALID_SPEC', `service ${s.spec.name}: renaming a service is not supported`);
    if (modeKind(spec.mode) !== modeKind(s.spec.mode)) {
      throw new OrcError('ORC_INVALID_SPEC', `service ${s.spec.name}: the mode cannot change from ${modeKind(s.spec.mode)} to ${modeKind(spec.mode)}: remove the service and create it again`);
    }
    const taskChanged = canonical(spec.task) !== canonical(s.spec.task) || canonical(spec.endpoint) !== canonical(s.spec.endpoint);
    if (!taskChanged) return { ...s, spec };
    return {
      ...s, spec, previousSpec: s.spec, specVersion: s.specVersion + 1,
      updateStatus: { state: 'updating', startedAt: this.clock.now(), message: 'update in progress' },
    };
  }

  async updateService(ref: string, version: number, input: unknown, rollback = false): Promise<Service> {
    const s = await this.find('service', ref);
    let next: Service | undefined;
    if (rollback) {
      if (s.previousSpec === undefined) throw new OrcError('ORC_INVALID_SPEC', `service ${s.spec.name} has no previous spec`);
      // The previous spec's secrets, configs and networks may have gone since.
      const previous = normaliseServiceSpec(s.previousSpec, await this.refs());
      this.checkIngressPorts(previous, await this.store.list('service'), s.id);
      next = {
        ...s, spec: previous, previousSpec: s.spec, specVersion: s.specVersion + 1,
        updateStatus: { state: 'rollback_started', startedAt: this.clock.now(), message: 'manually requested rollback' },
      };
    } else {
      if (input === undefined || input === null) throw new OrcError('ORC_INVALID_SPEC', `service ${s.spec.name}: give a spec, or ask for a rollback`);
      const spec = normaliseServiceSpec(input, await this.refs());
      this.checkIngressPorts(spec, await this.store.list('service'), s.id);
      next = this.changed(s, spec);
    }
    if (next === undefined) {
      // Nothing to write; the version the caller read must still be current.
      if (s.version !== version) throw new OrcError('ORC_CONFLICT', `service ${s.id} changed (version ${s.version}, not ${version}): read it again`);
      return s;
    }
    next.version = version;
    await this.store.commit([{ op: 'update', kind: 'service', object: next }]);
    this.log(`service ${s.id} (${s.spec.name}): ${rollback ? 'rollback' : next.specVersion !== s.specVersion ? 'update' : 'spec change'} (spec version ${next.specVersion})`);
    return next;
  }

  /** Removes the service; the orchestrator's reaper shuts down and removes its tasks. */
  async removeService(ref: string): Promise<void> {
    const s = await this.find('service', ref);
    await this.store.commit([{ op: 'remove', kind: 'service', id: s.id }]);
    this.log(`service ${s.id} (${s.spec.name}): removed`);
  }

  async getTask(ref: string): Promise<Task> {
    return this.find('task', ref);
  }

  async listTasks(filters: Filters = {}): Promise<Task[]> {
    const ctx: { services?: Service[]; nodes?: Node[] } = {};
    if (filters['service'] !== undefined) ctx.services = await this.store.list('service');
    if (filters['node'] !== undefined) ctx.nodes = await this.store.list('node');
    return this.list('task', filters, ctx);
  }

  // ── networks ──────────────────────────────────────────────────────────

  async createNetwork(input: unknown): Promise<Network> {
    const spec = normaliseNetworkSpec(input);
    if ((await this.store.list('network')).some((n) => n.spec.name === spec.name)) throw new OrcError('ORC_CONFLICT', `network with name ${spec.name} already exists`);
    const network = this.newNetwork(spec);
    await this.store.commit([{ op: 'create', kind: 'network', object: network }]);
    this.log(`network ${network.id} (${spec.name}): created`);
    return network;
  }

  private newNetwork(spec: NetworkSpec): Network {
    return { ...meta(this.newId()), spec, vni: 0, subnet: '', gateway: '' };
  }

  async getNetwork(ref: string): Promise<Network> {
    return this.find('network', ref);
  }

  async listNetworks(filters: Filters = {}): Promise<Network[]> {
    return this.list('network', filters);
  }

  /** The names of the services whose spec uses the object (`network`: attached; `secret`, `config`: granted). */
  private usersOf(services: readonly Service[], kind: 'network' | 'secret' | 'config', id: string): string[] {
    return services
      .filter((s) => {
        const t = s.spec.task;
        if (kind === 'network') return t.networks.some((n) => n.target === id);
        return (kind === 'secret' ? t.container.secrets : t.container.configs).some((r) => r.id === id);
      })
      .map((s) => s.spec.name)
      .sort();
  }

  async removeNetwork(ref: string): Promise<void> {
    const n = await this.find('network', ref);
    const using = this.usersOf(await this.store.list('service'), 'network', n.id);
    if (using.length > 0) throw new OrcError('ORC_CONFLICT', `network '${n.spec.name}' is in use by the following ${users(using)}`);
    await this.store.commit([{ op: 'remove', kind: 'network', id: n.id }]);
    this.log(`network ${n.id} (${n.spec.name}): removed`);
  }

  // ── secrets and configs ───────────────────────────────────────────────

  /** `spec.data` is base64; the store keeps it sealed, and it never comes back. */
  async createSecret(input: unknown): Promise<Secret> {
    const { spec, data } = normaliseFileSpec('secret', input);
    if ((await this.store.list('secret')).some((s) => s.spec.name === spec.name)) throw new OrcError('ORC_CONFLICT', `secret ${spec.name} already exists`);
    const secret: Secret = { ...meta(this.newId()), spec: { ...spec, data: this.deps.seal(data) } };
    await this.store.commit([{ op: 'create', kind: 'secret', object: secret }]);
    this.log(`secret ${secret.id} (${spec.name}): created`);
    return outward('secret', secret);
  }

  async getSecret(ref: string): Promise<Secret> {
    return outward('secret', await this.find('secret', ref));
  }

  async listSecrets(filters: Filters = {}): Promise<Secret[]> {
    return this.list('secret', filters);
  }

  async removeSecret(ref: string): Promise<void> {
    await this.removeFile('secret', ref);
  }

  private async removeFile(kind: 'secret' | 'config', ref: string): Promise<void> {
    const o = await this.find(kind, ref);
    const using = this.usersOf(await this.store.list('service'), kind, o.id);
    if (using.length > 0) throw new OrcError('ORC_CONFLICT', `${kind} '${o.spec.name}' is in use by the following ${users(using)}`);
    await this.store.commit([{ op: 'remove', kind, id: o.id }]);
    this.log(`${kind} ${o.id} (${o.spec.name}): removed`);
  }

  /** `spec.data` is base64, kept and returned as is. */
  async createConfig(input: unknown): Promise<Config> {
    const { spec } = normaliseFileSpec('config', input);
    if ((await this.store.list('config')).some((s) => s.spec.name === spec.name)) throw new OrcError('ORC_CONFLICT', `config ${spec.name} already exists`);
    const config: Config = { ...meta(this.newId()), spec };
    await this.store.commit([{ op: 'create', kind: 'config', object: config }]);
    this.log(`config ${config.id} (${spec.name}): created`);
    return config;
  }

  async getConfig(ref: string): Promise<Config> {
    return this.find('config', ref);
  }

  async listConfigs(filters: Filters = {}): Promise<Config[]> {
    return this.list('config', filters);
  }

  async removeConfig(ref: string): Promise<void> {
    await this.removeFile('config', ref);
  }

  // ── the cluster ───────────────────────────────────────────────────────

  private async cluster(): Promise<Cluster> {
    const [c] = await this.store.list('cluster');
    if (c === undefined) throw new OrcError('ORC_NOT_FOUND', 'the store holds no cluster object (is the swarm initialised?)');
    return c;
  }

  /** The cluster, without its CA key. */
  async getCluster(): Promise<Cluster> {
    return outward('cluster', await this.cluster());
  }

  async updateCluster(version: number, change: { spec?: unknown; rotateWorkerToken?: boolean; rotateManagerToken?: boolean }): Promise<Cluster> {
    const c = await this.cluster();
    const spec: ClusterSpec = change.spec === undefined ? c.spec : normaliseClusterSpec(change.spec, c.spec);
    const joinTokens = { ...c.joinTokens };
    for (const role of ['worker', 'manager'] as const) {
      if (!(role === 'worker' ? change.rotateWorkerToken : change.rotateManagerToken)) continue;
      if (this.deps.rotateToken === undefined) throw new OrcError('ORC_UNAVAILABLE', 'this manager cannot rotate join tokens');
      joinTokens[role] = this.deps.rotateToken(role);
      this.log(`cluster: ${role} join token rotated`);
    }
    const next: Cluster = { ...c, spec, joinTokens, version };
    await this.store.commit([{ op: 'update', kind: 'cluster', object: next }]);
    return outward('cluster', next);
  }

  async addManager(peerUrl: string): Promise<AddManagerResult> {
    if (this.deps.addManager === undefined) throw new OrcError('ORC_UNAVAILABLE', 'this manager cannot add managers (it runs no etcd member)');
    if (!/^https?:\/\/[^\s/]+:\d+$/.test(peerUrl)) throw new OrcError('ORC_INVALID_SPEC', `peer URL "${peerUrl}" is not https://ADDR:PORT`);
    return this.deps.addManager(peerUrl);
  }

  // ── watch ─────────────────────────────────────────────────────────────

  /** The store's changes to `kinds` (empty: all) from `fromRevision` (0: from now), secrets without data. */
  async *watch(kinds: readonly string[], fromRevision: number, signal: AbortSignal): AsyncGenerator<WatchedEvent> {
    for (const k of kinds) if (!(KINDS as readonly string[]).includes(k)) throw new OrcError('ORC_USAGE', `unknown kind "${k}" (${KINDS.join(', ')})`);
    const wanted = kinds.length === 0 ? KINDS : (kinds as Kind[]);
    const from = fromRevision > 0 ? fromRevision : (await this.store.revision()) + 1;
    for await (const e of this.store.watch(wanted, from, signal) as AsyncIterable<StoreEvent>) {
      yield { type: e.type, kind: e.kind, object: outward(e.kind, e.object), revision: e.revision };
    }
  }

  // ── stacks ────────────────────────────────────────────────────────────

  /**
   * Creates and updates the objects of stack `name` from `stack` (see
   * stack.ts): networks, secrets and configs it lacks, services that are
   * new or whose spec changed; with `prune`, removes the stack's services
   * the file no longer has.
   */
  async deployStack(name: string, stackInput: unknown, prune = false): Promise<DeployResult> {
    checkName(new Fields(`stack ${name}`), name);
    if (!isObject(stackInput) || !isObject(stackInput['services'])) throw new OrcError('ORC_INVALID_SPEC', `stack ${name}: the stack spec has no services`);
    const stack = { networks: {}, volumes: {}, secrets: {}, configs: {}, ...stackInput } as unknown as StackSpec;
    const plan = planStack(name, stack);
    const [services, networks, secrets, configs] = await Promise.all([
      this.store.list('service'), this.store.list('network'), this.store.list('secret'), this.store.list('config'),
    ]);
    const ours = (labels: Record<string, string>): boolean => labels[STACK_LABEL] === name;
    const ops: WriteOp[] = [];
    const result: DeployResult = { created: [], updated: [], removed: [], warnings: [...plan.warnings] };
    const refs = { networks: [...networks], secrets: [...secrets], configs: [...configs] };

    for (const n of plan.networks) {
      const existing = networks.find((x) => x.spec.name === n.spec.name);
      if (n.external) {
        if (existing === undefined) {
          throw new OrcError('ORC_NOT_FOUND', `network "${n.spec.name}" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed`);
        }
        continue;
      }
      if (existing !== undefined) {
        if (!ours(existing.spec.labels)) throw new OrcError('ORC_CONFLICT', `network ${n.spec.name} exists and is not part of stack ${name}`);
        if (canonical(existing.spec) !== canonical(normaliseNetworkSpec(n.spec))) result.warnings.push(`network "${n.key}": ${n.spec.name} exists with other settings, which are kept (remove the stack to recreate it)`);
        continue;
      }
      const network = this.newNetwork(normaliseNetworkSpec(n.spec));
      refs.networks.push(network);
      ops.push({ op: 'create', kind: 'network', object: network });
      result.created.push(`network ${n.spec.name}`);
    }

    for (const kind of ['secret', 'config'] as const) {
      const stored: readonly (Secret | Config)[] = kind === 'secret' ? secrets : configs;
      for (const f of kind === 'secret' ? plan.secrets : plan.configs) {
        const existing = stored.find((x) => x.spec.name === f.name);
        if (f.external) {
          if (existing === undefined) throw new OrcError('ORC_NOT_FOUND', `${kind} "${f.name}" is declared as external, but could not be found: create it before the stack is deployed`);
          continue;
        }
        const { spec, data } = normaliseFileSpec(kind, { name: f.name, labels: f.labels, data: (f.data ?? Buffer.alloc(0)).toString('base64') });
        if (existing !== undefined) {
          if (!ours(existing.spec.labels)) throw new OrcError('ORC_CONFLICT', `${kind} ${f.name} exists and is not part of stack ${name}`);
          const current = kind === 'secret' ? this.deps.open(existing.spec.data) : Buffer.from(existing.spec.data, 'base64');
          if (!current.equals(data)) {
            throw new OrcError('ORC_CONFLICT', `${kind} ${f.name} exists with other content, and ${kind}s cannot change: give the new content a new name (e.g. with a version), or remove the stack first`);
          }
          if (canonical(existing.spec.labels) !== canonical(spec.labels)) {
            ops.push({ op: 'update', kind, object: { ...existing, spec: { ...existing.spec, labels: spec.labels } } });
            result.updated.push(`${kind} ${f.name}`);
          }
          continue;
        }
        const object: Secret | Config = { ...meta(this.newId()), spec: kind === 'secret' ? { ...spec, data: this.deps.seal(data) } : spec };
        (kind === 'secret' ? refs.secrets : refs.configs).push(object);
        ops.push({ op: 'create', kind, object });
        result.created.push(`${kind} ${f.name}`);
      }
    }

    const planned = new Set<string>();
    const others = services.filter((s) => !ours(s.spec.labels));
    const next: Service[] = [];
    for (const draft of plan.services.values()) {
      planned.add(draft.name);
      const spec = normaliseServiceSpec(draft, refs);
      const existing = services.find((s) => s.spec.name === spec.name);
      if (existing !== undefined && !ours(existing.spec.labels)) throw new OrcError('ORC_CONFLICT', `service ${spec.name} exists and is not part of stack ${name}`);
      this.checkIngressPorts(spec, [...others, ...next], '');
      if (existing === undefined) {
        const service = this.newService(spec);
        next.push(service);
        ops.push({ op: 'create', kind: 'service', object: service });
        result.created.push(`service ${spec.name}`);
        continue;
      }
      // `service update --force` is the operator's: a redeploy keeps it.
      spec.task.forceUpdate = existing.spec.task.forceUpdate;
      const updated = this.changed(existing, spec);
      next.push(updated ?? existing);
      if (updated === undefined) continue;
      ops.push({ op: 'update', kind: 'service', object: updated });
      result.updated.push(`service ${spec.name}`);
    }
    if (prune) {
      for (const s of services) {
        if (!ours(s.spec.labels) || planned.has(s.spec.name)) continue;
        ops.push({ op: 'remove', kind: 'service', id: s.id, version: s.version });
        result.removed.push(`service ${s.spec.name}`);
      }
    }
    await commitInBatches(this.store, ops);
    this.log(`stack ${name}: ${result.created.length} created, ${result.updated.length} updated, ${result.removed.length} removed`);
    return result;
  }

  /** Stacks: the services' namespace labels, with their counts. */
  async listStacks(): Promise<{ name: string; services: number }[]> {
    const counts = new Map<string, number>();
    for (const s of await this.store.list('service')) {
      const ns = s.spec.labels[STACK_LABEL];
      if (ns !== undefined) counts.set(ns, (counts.get(ns) ?? 0) + 1);
    }
    return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, services]) => ({ name, services }));
  }

  /**
   * Removes the stack's services, then its networks, secrets and configs
   * (those another service still uses are kept, with a warning).
   */
  async removeStack(name: string): Promise<DeployResult> {
    const ours = (labels: Record<string, string>): boolean => labels[STACK_LABEL] === name;
    const services = await this.store.list('service');
    const result: DeployResult = { created: [], updated: [], removed: [], warnings: [] };
    const ops: WriteOp[] = [];
    for (const s of services.filter((x) => ours(x.spec.labels))) {
      ops.push({ op: 'remove', kind: 'service', id: s.id });
      result.removed.push(`service ${s.spec.name}`);
    }
    const remaining = services.filter((x) => !ours(x.spec.labels));
    for (const kind of ['network', 'secret', 'config'] as const) {
      for (const o of (await this.store.list(kind)) as (Network | Secret | Config)[]) {
        if (!ours(o.spec.labels)) continue;
        const using = this.usersOf(remaining, kind, o.id);
        if (using.length > 0) {
          result.warnings.push(`${kind} ${o.spec.name} is kept: it is in use by the following ${users(using)}`);
          continue;
        }
        ops.push({ op: 'remove', kind, id: o.id });
        result.removed.push(`${kind} ${o.spec.name}`);
      }
    }
    await commitInBatches(this.store, ops);
    this.log(`stack ${name}: ${result.removed.length} objects removed`);
    return result;
  }
}

/** A secret's data in the clear, for the dispatcher that hands it to a task's node. */
export async function openSecret(store: Store, open: (sealed: string) => Buffer, id: string): Promise<Buffer> {
  const s = await store.get('secret', id);
  if (s === undefined) throw new OrcError('ORC_NOT_FOUND', `secret ${id} not found`);
  return open(s.spec.data);
}

export type { SecretSpec, StackSpec };
