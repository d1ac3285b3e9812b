/**
 * The cluster's objects, as the store keeps them (one JSON document per
 * object), the control API carries them and the worker agent receives its
 * tasks. Plain data; manager and worker both read these, neither owns them.
 *
 * Times are milliseconds since the epoch; durations milliseconds; CPU in
 * nano-CPUs (1e9 = one CPU) and memory in bytes, as Swarm counts them.
 */

/** Every object: its id, its version (the store's revision of its last write: optimistic concurrency), and times. */
export interface Meta {
  id: string;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export type Labels = Record<string, string>;

// ---------------------------------------------------------------- nodes

export type NodeRole = 'manager' | 'worker';
export type NodeAvailability = 'active' | 'pause' | 'drain';
export type NodeState = 'unknown' | 'down' | 'ready' | 'disconnected';

export interface NodeSpec {
  /** The name given with `orc daemon --node-name` (default the hostname). */
  name: string;
  labels: Labels;
  role: NodeRole;
  availability: NodeAvailability;
}

export interface NodeDescription {
  hostname: string;
  platform: { os: string; architecture: string };
  resources: { nanoCpus: number; memoryBytes: number };
  engineVersion: string;
}

export interface NodeStatus {
  state: NodeState;
  /** The address the node's session came from (or its advertise address). */
  addr: string;
  message: string;
  /** When the node was seen to miss its heartbeats (kept in the store so a new leader knows it). */
  downSince?: number;
  /** The last heartbeat the leader recorded. */
  lastHeartbeat?: number;
}

export interface ManagerStatus {
  /** host:port of its control and dispatcher API. */
  addr: string;
  /** host:port of its etcd peer URL. */
  peerAddr: string;
  /** The etcd member id (hex), never reused. */
  memberId: string;
  leader: boolean;
  reachability: 'unknown' | 'reachable' | 'unreachable';
}

export interface Node extends Meta {
  spec: NodeSpec;
  description: NodeDescription;
  status: NodeStatus;
  managerStatus?: ManagerStatus;
  /** The node's certificate serial (hex): a removed node's certificate is refused. */
  certSerial: string;
}

// ---------------------------------------------------------------- services and tasks

export interface Mount {
  type: 'volume' | 'bind' | 'tmpfs';
  source: string;
  target: string;
  readOnly: boolean;
}

export interface HealthConfig {
  /** Docker's form: ["CMD", ...], ["CMD-SHELL", "..."], ["NONE"]; empty: the image's. */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
}

export interface FileReference {
  /** The secret's or config's id and name. */
  id: string;
  name: string;
  /** Path in the container (a bare name is under /run/secrets or /). */
  target: string;
  uid: string;
  gid: string;
  mode: number;
}

export interface ContainerSpec {
  image: string;
  /** Replaces the image's entrypoint when set. */
  command: string[];
  /** Replaces the image's cmd when set. */
  args: string[];
  env: string[];
  workdir: string;
  user: string;
  hostname: string;
  labels: Labels;
  mounts: Mount[];
  healthcheck?: HealthConfig;
  stopGracePeriodMs?: number;
  stopSignal: string;
  init: boolean;
  secrets: FileReference[];
  configs: FileReference[];
}

export interface Resources {
  nanoCpus: number;
  memoryBytes: number;
}

export interface RestartPolicy {
  condition: 'none' | 'on-failure' | 'any';
  delayMs: number;
  /** 0: no limit. */
  maxAttempts: number;
  /** 0: attempts are counted over the service's whole life. */
  windowMs: number;
}

export interface Placement {
  /** `node.id==x`, `node.hostname!=y`, `node.role==manager`, `node.platform.os==linux`, `node.labels.k==v`, `engine.labels.k==v`. */
  constraints: string[];
  /** Spread over the values of a label, in order: `node.labels.zone`. */
  preferences: { spread: string }[];
  /** 0: no limit. */
  maxReplicasPerNode: number;
}

export interface TaskSpec {
  container: ContainerSpec;
  resources: { limits: Resources; reservations: Resources };
  restartPolicy: RestartPolicy;
  placement: Placement;
  /** Bumped by `service update --force` to replace tasks with an unchanged spec. */
  forceUpdate: number;
  /** Network ids (or names, resolved by the control API at create) the task joins, with aliases. */
  networks: { target: string; aliases: string[] }[];
}

export type ServiceMode =
  | { replicated: { replicas: number } }
  | { global: Record<string, never> }
  | { replicatedJob: { maxConcurrent: number; totalCompletions: number } }
  | { globalJob: Record<string, never> };

export interface UpdateConfig {
  parallelism: number;
  delayMs: number;
  failureAction: 'pause' | 'continue' | 'rollback';
  monitorMs: number;
  maxFailureRatio: number;
  order: 'stop-first' | 'start-first';
}

export interface PortConfig {
  name: string;
  protocol: 'tcp' | 'udp';
  targetPort: number;
  /** 0: the allocator picks one (ingress mode) or none (host mode). */
  publishedPort: number;
  publishMode: 'ingress' | 'host';
}

export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ServiceSpec {
  name: string;
  labels: Labels;
  task: TaskSpec;
  mode: ServiceMode;
  update: UpdateConfig;
  rollback: UpdateConfig;
  endpoint: { ports: PortConfig[] };
  /** Compose's depends_on, by service name (in the same stack): tasks start once the dependencies meet the condition. */
  dependsOn: { service: string; condition: DependsOnCondition }[];
}

export type UpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export interface Service extends Meta {
  spec: ServiceSpec;
  previousSpec?: ServiceSpec;
  /** Bumped at every spec change: tasks record the one they were made from. */
  specVersion: number;
  updateStatus?: { state: UpdateState; startedAt: number; completedAt?: number; message: string };
  /** Published ports as allocated (ingress ports get their published port here). */
  endpoint: { ports: PortConfig[] };
  /** Jobs: the iteration, bumped by a re-run. */
  jobIteration: number;
}

/** Swarmkit's task states, in order; a task's status only moves forward. */
export const TASK_STATES = [
  'new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running',
  'complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The position of a state in TASK_STATES (the terminal states share the rank after running). */
export function stateRank(state: TaskState): number {
  const i = TASK_STATES.indexOf(state);
  return i > 7 ? 8 : i;
}

/** True for complete, shutdown, failed, rejected, remove and orphaned. */
export function isTerminal(state: TaskState): boolean {
  return stateRank(state) >= 8;
}

export interface TaskStatus {
  state: TaskState;
  timestamp: number;
  message: string;
  /** Why it failed, or why it stays pending (the scheduler's explanation). */
  err: string;
  containerId: string;
  exitCode: number;
  /** The container's health as the worker saw it; empty without a healthcheck. */
  health: '' | 'starting' | 'healthy' | 'unhealthy';
}

export interface NetworkAttachment {
  networkId: string;
  /** CIDR addresses, e.g. "10.0.1.5/24". */
  addresses: string[];
  aliases: string[];
}

export interface Task extends Meta {
  serviceId: string;
  serviceName: string;
  /** Replicated services and replicated jobs: the replica's slot (1-based). 0 for global. */
  slot: number;
  /** Set by the scheduler; for global services from the start. */
  nodeId: string;
  spec: TaskSpec;
  specVersion: number;
  desiredState: TaskState;
  status: TaskStatus;
  networks: NetworkAttachment[];
  /** Host-mode published ports, as allocated. */
  ports: PortConfig[];
  jobIteration: number;
  labels: Labels;
}

// ---------------------------------------------------------------- networks, secrets, configs, cluster

export interface NetworkSpec {
  name: string;
  labels: Labels;
  driver: 'overlay';
  internal: boolean;
  attachable: boolean;
  /** Empty: the allocator picks one from the cluster's default address pool. */
  subnet: string;
  gateway: string;
}

export interface Network extends Meta {
  spec: NetworkSpec;
  /** As allocated: the VXLAN id and the subnet and gateway in use. */
  vni: number;
  subnet: string;
  gateway: string;
}

export interface SecretSpec {
  name: string;
  labels: Labels;
  /** Base64. Secrets are kept encrypted in the store; the API never returns a secret's data. */
  data: string;
}

export interface Secret extends Meta {
  spec: SecretSpec;
}

export interface Config extends Meta {
  spec: SecretSpec;
}

export interface JoinTokens {
  worker: string;
  manager: string;
}

export interface ClusterSpec {
  name: string;
  labels: Labels;
  dispatcher: { heartbeatPeriodMs: number };
  orchestration: { taskHistoryRetentionLimit: number };
  caConfig: { nodeCertExpiryMs: number };
}

export interface Cluster extends Meta {
  spec: ClusterSpec;
  /** The root CA certificate (PEM). */
  caCertPem: string;
  /** The root CA's key (PEM), sealed with the managers' data key; never sent by the API. */
  caKeySealed?: string;
  joinTokens: JoinTokens;
  defaultAddrPool: string[];
  subnetSize: number;
  dataPathPort: number;
}

/** A daemon's membership of a cluster, as `orc swarm` and the Swarm calls report it. */
export interface SwarmInfo {
  state: 'inactive' | 'pending' | 'active' | 'error';
  nodeId: string;
  nodeName: string;
  role: string;
  clusterId: string;
  isManager: boolean;
  leaderAddr: string;
  managers: string[];
  error: string;
  advertiseAddr: string;
}

/** What the store keeps, by kind. */
export interface Kinds {
  node: Node;
  service: Service;
  task: Task;
  network: Network;
  secret: Secret;
  config: Config;
  cluster: Cluster;
}
export type Kind = keyof Kinds;
export const KINDS: readonly Kind[] = ['node', 'service', 'task', 'network', 'secret', 'config', 'cluster'];

/** Services of a stack carry this label (Swarm's), with the stack's name. */
export const STACK_LABEL = 'com.docker.stack.namespace';

/** Defaults a new service spec takes where it says nothing (Docker's). */
export const DEFAULT_UPDATE_CONFIG: UpdateConfig = {
  parallelism: 1, delayMs: 0, failureAction: 'pause', monitorMs: 5000, maxFailureRatio: 0, order: 'stop-first',
};
export const DEFAULT_RESTART_POLICY: RestartPolicy = { condition: 'any', delayMs: 5000, maxAttempts: 0, windowMs: 0 };
export const DEFAULT_HEARTBEAT_MS = 5000;
