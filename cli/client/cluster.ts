/**
 * The typed client of the cluster's control API: what `orc swarm|node|
 * service|stack|secret|config` call, and the library a script uses.
 *
 *   const orc = await connectCluster();                 // through the local daemon
 *   const web = await orc.createService({ ...serviceSpec('web', 'nginx'), mode: { replicated: { replicas: 3 } } });
 *   await orc.scaleService(web.id, 5);
 *   for (const t of await orc.tasks({ service: ['web'] })) console.log(t.slot, t.nodeId, t.status.state);
 *   orc.close();
 *
 * By default it talks to the local daemon's unix socket (the daemon forwards
 * to the leader); `host: 'tcp://ADDR:2377'` with a node's certificates
 * (`tls`) talks to a manager directly over mTLS. Every failure is an
 * OrcError with the code the manager gave.
 */
import * as grpc from '@grpc/grpc-js';
import type { ProtoGrpcType } from '../../proto/generated/control.js';
import type { ControlClient } from '../../proto/generated/orc/control/v1/Control.js';
import type { SwarmClient } from '../../proto/generated/orc/control/v1/Swarm.js';
import type { Document__Output } from '../../proto/generated/orc/control/v1/Document.js';
import type { SwarmInfo__Output } from '../../proto/generated/orc/control/v1/SwarmInfo.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { CONTROL_PROTO, CONTROL_SERVICE, SWARM_SERVICE } from '../../proto/loader-options.js';
import type { Cluster, ClusterSpec, Config, Kind, Kinds, Network, NetworkSpec, Node, NodeSpec, Secret, SecretSpec, Service, ServiceSpec, SwarmInfo, Task } from '../../common/cluster/types.js';
import { OrcError } from '../../common/errors.js';
import { answers, resolveHost, startDefaultDaemon } from './host.js';
import { fromStatus } from './status.js';

export type * from '../../common/cluster/types.js';

export interface ClusterConnectOptions {
  /** `unix:///path/orc.sock` (default: ORC_HOST, else the default socket) or `tcp://ADDR:PORT`. */
  host?: string;
  /** PEM material for `tcp://` hosts: the cluster's CA and a manager's certificate and key. */
  tls?: { caCertPem: string; certPem: string; keyPem: string };
  /** Start the default daemon when it is not running (only when no host was named; default true). */
  autoStart?: boolean;
}

export interface SwarmInitOptions {
  advertiseAddr?: string;
  listenAddr?: string;
  defaultAddrPool?: string[];
  subnetSize?: number;
  dataPathPort?: number;
  forceNewCluster?: boolean;
}

export interface SwarmJoinOptions {
  token: string;
  remoteAddrs: string[];
  advertiseAddr?: string;
  listenAddr?: string;
}

/** Docker's list filters: `{ name: ['web'], label: ['tier=front'] }`. */
export type Filters = Record<string, string[]>;

export interface DeployResult {
  created: string[];
  updated: string[];
  removed: string[];
  warnings: string[];
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

let services: { Control: ProtoGrpcType['orc']['control']['v1']['Control']; Swarm: ProtoGrpcType['orc']['control']['v1']['Swarm'] } | undefined;

function grpcServices(): NonNullable<typeof services> {
  services ??= (() => {
    const pkg = grpc.loadPackageDefinition({
      [CONTROL_SERVICE]: serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE),
      [SWARM_SERVICE]: serviceDefinition(CONTROL_PROTO, SWARM_SERVICE),
    }) as unknown as ProtoGrpcType;
    return { Control: pkg.orc.control.v1.Control, Swarm: pkg.orc.control.v1.Swarm };
  })();
  return services;
}

function decode<K extends Kind>(d: Document__Output | null | undefined): Kinds[K] {
  if (d === null || d === undefined) throw new Error('the manager answered without an object');
  return JSON.parse(d.json) as Kinds[K];
}

function swarmInfo(i: SwarmInfo__Output): SwarmInfo {
  return {
    state: i.state as SwarmInfo['state'], nodeId: i.node_id, nodeName: i.node_name, role: i.role, clusterId: i.cluster_id,
    isManager: i.is_manager, leaderAddr: i.leader_addr, managers: i.managers, error: i.error, advertiseAddr: i.advertise_addr,
  };
}

const filterList = (f: Filters = {}): { filters: { key: string; values: string[] }[] } => ({
  filters: Object.entries(f).map(([key, values]) => ({ key, values })),
});

export class ClusterClient {
  private readonly control: ControlClient;
  private readonly swarm: SwarmClient | undefined;

  constructor(readonly target: string, credentials: grpc.ChannelCredentials, opts: { local: boolean; channelOptions?: grpc.ChannelOptions }) {
    const { Control, Swarm } = grpcServices();
    const options = { 'grpc.max_receive_message_length': 64 << 20, ...opts.channelOptions };
    this.control = new Control(target, credentials, options);
    this.swarm = opts.local ? new Swarm(target, credentials, options) : undefined;
  }

  close(): void {
    this.control.close();
    this.swarm?.close();
  }

  private call<T>(fn: (cb: Callback<T>) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      fn((err, value) => {
        if (err !== null) reject(fromStatus(err, this.target));
        else resolve(value as T);
      });
    });
  }

  private local(): SwarmClient {
    if (this.swarm === undefined) throw new OrcError('ORC_USAGE', 'swarm init/join/leave are calls to the local daemon: connect through its unix socket');
    return this.swarm;
  }

  // ── the local daemon's swarm membership ───────────────────────────────

  async swarmInfo(): Promise<SwarmInfo> {
    return swarmInfo(await this.call<SwarmInfo__Output>((cb) => this.local().Info({}, cb)));
  }

  async swarmInit(o: SwarmInitOptions = {}): Promise<SwarmInfo> {
    return swarmInfo(await this.call<SwarmInfo__Output>((cb) => this.local().Init({
      advertise_addr: o.advertiseAddr ?? '', listen_addr: o.listenAddr ?? '', default_addr_pool: o.defaultAddrPool ?? [],
      subnet_size: o.subnetSize ?? 0, data_path_port: o.dataPathPort ?? 0, force_new_cluster: o.forceNewCluster === true,
    }, cb)));
  }

  async swarmJoin(o: SwarmJoinOptions): Promise<SwarmInfo> {
    return swarmInfo(await this.call<SwarmInfo__Output>((cb) => this.local().Join({
      token: o.token, remote_addrs: o.remoteAddrs, advertise_addr: o.advertiseAddr ?? '', listen_addr: o.listenAddr ?? '',
    }, cb)));
  }

  async swarmLeave(force = false): Promise<void> {
    await this.call((cb) => this.local().Leave({ force }, cb));
  }

  // ── nodes ─────────────────────────────────────────────────────────────

  async node(id: string): Promise<Node> {
    return decode<'node'>(await this.call<Document__Output>((cb) => this.control.GetNode({ id }, cb)));
  }

  async nodes(filters?: Filters): Promise<Node[]> {
    const r = await this.call<{ items: Document__Output[] }>((cb) => this.control.ListNodes(filterList(filters), cb));
    return r.items.map((d) => decode<'node'>(d));
  }

  async updateNode(id: string, version: number, spec: NodeSpec): Promise<Node> {
    return decode<'node'>(await this.call<Document__Output>((cb) => this.control.UpdateNode({ id, version, spec_json: JSON.stringify(spec) }, cb)));
  }

  async removeNode(id: string, force = false): Promise<void> {
    await this.call((cb) => this.control.RemoveNode({ id, force }, cb));
  }

  // ── services and tasks ────────────────────────────────────────────────

  async createService(spec: ServiceSpec): Promise<Service> {
    return decode<'service'>(await this.call<Document__Output>((cb) => this.control.CreateService({ spec_json: JSON.stringify(spec) }, cb)));
  }

  async service(id: string): Promise<Service> {
    return decode<'service'>(await this.call<Document__Output>((cb) => this.control.GetService({ id }, cb)));
  }

  async services(filters?: Filters): Promise<Service[]> {
    const r = await this.call<{ items: Document__Output[] }>((cb) => this.control.ListServices(filterList(filters), cb));
    return r.items.map((d) => decode<'service'>(d));
  }

  async updateService(id: string, version: number, spec: ServiceSpec): Promise<Service> {
    return decode<'service'>(await this.call<Document__Output>((cb) => this.control.UpdateService({ id, version, spec_json: JSON.stringify(spec), rollback: false }, cb)));
  }

  async rollbackService(id: string, version: number): Promise<Service> {
    return decode<'service'>(await this.call<Document__Output>((cb) => this.control.UpdateService({ id, version, spec_json: '', rollback: true }, cb)));
  }

  /** Reads the service and sets its replicas, retrying when it moved on meanwhile. */
  async scaleService(id: string, replicas: number): Promise<Service> {
    for (let attempt = 0; ; attempt++) {
      const s = await this.service(id);
      if (!('replicated' in s.spec.mode) && !('replicatedJob' in s.spec.mode)) throw new OrcError('ORC_USAGE', `service ${s.spec.name} is not a replicated service: it cannot be scaled`);
      const spec: ServiceSpec = { ...s.spec, mode: 'replicated' in s.spec.mode ? { replicated: { replicas } } : { replicatedJob: { ...s.spec.mode.replicatedJob, totalCompletions: replicas } } };
      try {
        return await this.updateService(s.id, s.version, spec);
      } catch (e) {
        if (attempt < 5 && (e as { code?: string }).code === 'ORC_CONFLICT') continue;
        throw e;
      }
    }
  }

  async removeService(id: string): Promise<void> {
    await this.call((cb) => this.control.RemoveService({ id, force: false }, cb));
  }

  async task(id: string): Promise<Task> {
    return decode<'task'>(await this.call<Document__Output>((cb) => this.control.GetTask({ id }, cb)));
  }

  async tasks(filters?: Filters): Promise<Task[]> {
    const r = await this.call<{ items: Document__Output[] }>((cb) => this.control.ListTasks(filterList(filters), cb));
    return r.items.map((d) => decode<'task'>(d));
  }

  // ── networks, secrets, configs ────────────────────────────────────────

  async createNetwork(spec: NetworkSpec): Promise<Network> {
    return decode<'network'>(await this.call<Document__Output>((cb) => this.control.CreateNetwork({ spec_json: JSON.stringify(spec) }, cb)));
  }

  async networks(filters?: Filters): Promise<Network[]> {
    const r = await this.call<{ items: Document__Output[] }>((cb) => this.control.ListNetworks(filterList(filters), cb));
    return r.items.map((d) => decode<'network'>(d));
  }

  async network(id: string): Promise<Network> {
    return decode<'network'>(await this.call<Document__Output>((cb) => this.control.GetNetwork({ id }, cb)));
  }

  async removeNetwork(id: string): Promise<void> {
    await this.call((cb) => this.control.RemoveNetwork({ id, force: false }, cb));
  }

  /** `spec.data` is base64; the answer never carries it back. */
  async createSecret(spec: SecretSpec): Promise<Secret> {
    return decode<'secret'>(await this.call<Document__Output>((cb) => this.control.CreateSecret({ spec_json: JSON.stringify(spec) }, cb)));
  }

  async secret(id: string): Promise<Secret> {
    return decode<'secret'>(await this.call<Document__Output>((cb) => this.control.GetSecret({ id }, cb)));
  }

  async secrets(filters?: Filters): Promise<Secret[]> {
    const r = await this.call<{ items: Document__Output[] }>((cb) => this.control.ListSecrets(filterList(filters), cb));
    return r.items.map((d) => decode<'secret'>(d));
  }

  async removeSecret(id: string): Promise<void> {
    await this.call((cb) => this.control.RemoveSecret({ id, force: false }, cb));
  }

  async createConfig(spec: SecretSpec): Promise<Config> {
    return decode<'config'>(await this.call<Document__Output>((cb) => this.control.CreateConfig({ spec_json: JSON.stringify(spec) }, cb)));
  }

  async config(id: string): Promise<Config> {
    return decode<'config'>(await this.call<Document__Output>((cb) => this.control.GetConfig({ id }, cb)));
  }

  async configs(filters?: Filters): Promise<Config[]> {
    const r = await this.call<{ items: Document__Output[] }>((cb) => this.control.ListConfigs(filterList(filters), cb));
    return r.items.map((d) => decode<'config'>(d));
  }

  async removeConfig(id: string): Promise<void> {
    await this.call((cb) => this.control.RemoveConfig({ id, force: false }, cb));
  }

  // ── stacks ────────────────────────────────────────────────────────────

  /** `stack` is the StackSpec the compose front end made (compose/spec.ts). */
  async deployStack(name: string, stack: unknown, prune = false): Promise<DeployResult> {
    return this.call<DeployResult>((cb) => this.control.DeployStack({ name, stack_json: JSON.stringify(stack), prune }, cb));
  }

  async stacks(): Promise<{ name: string; services: number }[]> {
    const r = await this.call<{ stacks: { name: string; services: number }[] }>((cb) => this.control.ListStacks({}, cb));
    return r.stacks;
  }

  async removeStack(name: string): Promise<DeployResult> {
    return this.call<DeployResult>((cb) => this.control.RemoveStack({ name }, cb));
  }

  // ── the cluster ───────────────────────────────────────────────────────

  async cluster(): Promise<Cluster> {
    return decode<'cluster'>(await this.call<Document__Output>((cb) => this.control.GetCluster({}, cb)));
  }

  async updateCluster(version: number, change: { spec?: ClusterSpec; rotateWorkerToken?: boolean; rotateManagerToken?: boolean }): Promise<Cluster> {
    return decode<'cluster'>(await this.call<Document__Output>((cb) => this.control.UpdateCluster({
      version, spec_json: change.spec === undefined ? '' : JSON.stringify(change.spec),
      rotate_worker_token: change.rotateWorkerToken === true, rotate_manager_token: change.rotateManagerToken === true,
    }, cb)));
  }

  /** Changes to objects from now (or a revision) on, until the signal aborts. */
  async *watch(kinds: Kind[], signal: AbortSignal, fromRevision = 0): AsyncGenerator<{ type: 'put' | 'delete'; kind: Kind; object: Kinds[Kind]; revision: number }> {
    const call = this.control.Watch({ kinds, from_revision: fromRevision });
    const onAbort = (): void => call.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const e of call as AsyncIterable<{ type: string; object: Document__Output | null; revision: number }>) {
        if (e.object === null) continue;
        yield { type: e.type as 'put' | 'delete', kind: e.object.kind as Kind, object: decode(e.object), revision: e.revision };
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof Error && 'code' in e && 'metadata' in e) throw fromStatus(e as grpc.ServiceError, this.target);
      throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }

  /**
   * The logs of a service's tasks (or of one task: `service` may be a task
   * id) from every node that runs them, as they come. A line with `error`
   * set (and no data) names a node, or a task on it, whose logs could not
   * be read. Ends when every node has sent what it has (without `follow`),
   * or when the signal aborts. `tail` < 0 (default): all lines.
   */
  async *serviceLogs(service: string, opts: { follow?: boolean; tail?: number; timestamps?: boolean }, signal: AbortSignal): AsyncGenerator<{
    taskId: string; nodeId: string; nodeName: string; serviceName: string; slot: number;
    stream: 'stdout' | 'stderr' | ''; data: Buffer; timestampMs: number; error: string;
  }> {
    const call = this.control.ServiceLogs({ service, follow: opts.follow === true, tail: opts.tail ?? -1, timestamps: opts.timestamps === true });
    const onAbort = (): void => call.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      type Line = { task_id: string; node_id: string; node_name: string; service_name: string; slot: number; stream: string; data: Buffer; timestamp_ms: number; error: string };
      for await (const l of call as AsyncIterable<Line>) {
        yield {
          taskId: l.task_id, nodeId: l.node_id, nodeName: l.node_name, serviceName: l.service_name, slot: l.slot,
          stream: l.stream === 'stdout' || l.stream === 'stderr' ? l.stream : '', data: l.data, timestampMs: l.timestamp_ms, error: l.error,
        };
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof Error && 'code' in e && 'metadata' in e) throw fromStatus(e as grpc.ServiceError, this.target);
      throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }
}

/**
 * A client of the control API: through the local daemon (default) or a
 * manager at `tcp://ADDR:PORT` with `tls`.
 */
export async function connectCluster(opts: ClusterConnectOptions = {}): Promise<ClusterClient> {
  if (opts.host?.startsWith('tcp://') === true) {
    if (opts.tls === undefined) throw new OrcError('ORC_USAGE', `${opts.host}: a manager's API is mTLS: give the cluster's CA and a certificate`);
    const creds = grpc.credentials.createSsl(Buffer.from(opts.tls.caCertPem), Buffer.from(opts.tls.keyPem), Buffer.from(opts.tls.certPem), {
      checkServerIdentity: () => undefined, // the CA is the cluster's own: any manager it signed is the right server
    });
    return new ClusterClient(opts.host.slice('tcp://'.length), creds, { local: false, channelOptions: { 'grpc.ssl_target_name_override': 'orc-manager' } });
  }
  const host = resolveHost(opts.host);
  if (host.isDefault && opts.autoStart !== false && !(await answers(host.socket))) await startDefaultDaemon();
  return new ClusterClient(`unix:${host.socket}`, grpc.credentials.createInsecure(), { local: true });
}
