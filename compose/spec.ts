/**
 * StackSpec: the desired state of one compose project, after loading,
 * interpolation, merging, extends/include, profiles and normalisation.
 *
 * Pure data. Keys use the Compose vocabulary (snake_case, long syntax) so that
 * `orc config` prints the model directly and what it prints reads back as
 * valid compose input. Later stages (engine, manager) consume these types.
 *
 * Conventions (see compose/normalise/README.md for the reasons):
 *  - every object's keys are in alphabetical order, as `docker compose config` prints them;
 *  - byte sizes are integer numbers of bytes, durations are Go duration strings ("1m30s");
 *  - paths on the host are absolute;
 *  - `x-*` keys of a mapping are kept where the Compose schema allows them.
 */

/** `x-*` extension keys, kept as written. */
export type Extensions = { [key: `x-${string}`]: unknown };

/** A string-to-string mapping (environment, labels, sysctls, build args, …). */
export type Mapping = Record<string, string>;

/** A Go duration as Go prints it: "1m30s", "500ms", "1h0m0s", "0s". */
export type Duration = string;

/** One published or exposed port, long syntax. A short-syntax range gives one entry per port. */
export interface ServicePortSpec extends Extensions {
  app_protocol?: string;
  host_ip?: string;
  mode: 'ingress' | 'host';
  name?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  /** host port, or a host range ("8000-8010") to pick one port from */
  published?: string;
  /** container port, 1–65535 */
  target: number;
}

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'cluster' | 'npipe' | 'image';

export interface ServiceVolumeBindSpec extends Extensions {
  create_host_path?: boolean;
  propagation?: string;
  recursive?: 'enabled' | 'disabled' | 'writable' | 'readonly';
  selinux?: 'z' | 'Z';
}

export interface ServiceVolumeVolumeSpec extends Extensions {
  labels?: Mapping;
  nocopy?: boolean;
  subpath?: string;
}

export interface ServiceVolumeTmpfsSpec extends Extensions {
  /** permission bits (a string in the file is read as octal) */
  mode?: number;
  /** bytes */
  size?: number;
}

export interface ServiceVolumeImageSpec extends Extensions {
  subpath?: string;
}

/** One mount of a service, long syntax. */
export interface ServiceVolumeSpec extends Extensions {
  bind?: ServiceVolumeBindSpec;
  consistency?: string;
  image?: ServiceVolumeImageSpec;
  /** present only when true */
  read_only?: boolean;
  /** absolute host path (bind), volume name (volume; absent for an anonymous volume), image reference (image) */
  source?: string;
  target: string;
  tmpfs?: ServiceVolumeTmpfsSpec;
  type: MountType;
  volume?: ServiceVolumeVolumeSpec;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ServiceDependencySpec extends Extensions {
  condition: DependencyCondition;
  required: boolean;
  /** present only when the file (or an implicit links / service: dependency) sets it */
  restart?: boolean;
}

export interface EnvFileSpec {
  format?: string;
  /** absolute */
  path: string;
  required: boolean;
}

/** A secret or config granted to a service (long syntax). */
export interface ServiceFileRefSpec extends Extensions {
  gid?: string;
  mode?: number;
  source: string;
  target?: string;
  uid?: string;
}

export interface ServiceNetworkSpec extends Extensions {
  aliases?: string[];
  driver_opts?: Mapping;
  gw_priority?: number;
  interface_name?: string;
  ipv4_address?: string;
  ipv6_address?: string;
  link_local_ips?: string[];
  mac_address?: string;
  priority?: number;
}

export interface HealthcheckSpec extends Extensions {
  interval?: Duration;
  retries?: number;
  start_interval?: Duration;
  start_period?: Duration;
  /** ["CMD", …], ["CMD-SHELL", script] or ["NONE"] (`disable: true`) */
  test?: string[];
  timeout?: Duration;
}

export type Ulimit = number | { hard: number; soft: number };

export interface BuildSpec extends Extensions {
  additional_contexts?: Mapping;
  args?: Mapping;
  cache_from?: string[];
  cache_to?: string[];
  /** absolute path, or a remote context (URL, git reference) as written */
  context: string;
  /** relative to the context unless absolute; absent when dockerfile_inline is set */
  dockerfile?: string;
  dockerfile_inline?: string;
  entitlements?: string[];
  /** sorted `host=ip` entries */
  extra_hosts?: string[];
  isolation?: string;
  labels?: Mapping;
  network?: string;
  no_cache?: boolean;
  platforms?: string[];
  privileged?: boolean;
  provenance?: string | boolean;
  pull?: boolean;
  sbom?: string | boolean;
  secrets?: ServiceFileRefSpec[];
  shm_size?: number;
  /** `default`, `id` or `id=/absolute/path` entries */
  ssh?: string[];
  tags?: string[];
  target?: string;
  ulimits?: Record<string, Ulimit>;
}

export interface DeviceRequestSpec extends Extensions {
  capabilities?: string[];
  count?: number | 'all';
  device_ids?: string[];
  driver?: string;
  options?: Mapping;
}

export interface GenericResourceSpec extends Extensions {
  discrete_resource_spec?: { kind?: string; value?: number } & Extensions;
}

export interface ResourceSpec extends Extensions {
  cpus?: number;
  devices?: DeviceRequestSpec[];
  generic_resources?: GenericResourceSpec[];
  /** bytes */
  memory?: number;
  pids?: number;
}

export interface UpdateConfigSpec extends Extensions {
  delay?: Duration;
  failure_action?: string;
  max_failure_ratio?: number;
  monitor?: Duration;
  order?: 'start-first' | 'stop-first';
  parallelism?: number;
}

export interface RestartPolicySpec extends Extensions {
  condition?: string;
  delay?: Duration;
  max_attempts?: number;
  window?: Duration;
}

export interface PlacementSpec extends Extensions {
  constraints?: string[];
  max_replicas_per_node?: number;
  preferences?: Array<{ spread?: string } & Extensions>;
}

export interface DeploySpec extends Extensions {
  endpoint_mode?: string;
  labels?: Mapping;
  mode?: string;
  placement?: PlacementSpec;
  /** equal to the service's `scale` when that is set */
  replicas?: number;
  resources?: { limits?: ResourceSpec; reservations?: ResourceSpec } & Extensions;
  restart_policy?: RestartPolicySpec;
  rollback_config?: UpdateConfigSpec;
  update_config?: UpdateConfigSpec;
}

export interface ThrottleDeviceSpec {
  path: string;
  /** bytes per second (bps) or operations per second (iops) */
  rate: number;
}

export interface BlkioConfigSpec {
  device_read_bps?: ThrottleDeviceSpec[];
  device_read_iops?: ThrottleDeviceSpec[];
  device_write_bps?: ThrottleDeviceSpec[];
  device_write_iops?: ThrottleDeviceSpec[];
  weight?: number;
  weight_device?: Array<{ path: string; weight: number }>;
}

export interface DeviceMappingSpec extends Extensions {
  permissions?: string;
  source: string;
  target?: string;
}

export interface ServiceHookSpec extends Extensions {
  command: string[];
  environment?: Mapping;
  privileged?: boolean;
  user?: string;
  working_dir?: string;
}

export interface WatchRuleSpec extends Extensions {
  action: 'rebuild' | 'sync' | 'restart' | 'sync+restart' | 'sync+exec';
  exec?: ServiceHookSpec;
  ignore?: string[];
  include?: string[];
  initial_sync?: boolean;
  /** absolute */
  path: string;
  target?: string;
}

export interface DevelopSpec extends Extensions {
  watch?: WatchRuleSpec[];
}

export interface LoggingSpec extends Extensions {
  driver?: string;
  options?: Mapping;
}

export interface CredentialSpecSpec extends Extensions {
  config?: string;
  file?: string;
  registry?: string;
}

export type ProviderOption = string | number | boolean | Array<string | number | boolean>;

export interface ProviderSpec extends Extensions {
  options?: Record<string, ProviderOption>;
  type: string;
}

export interface ServiceModelSpec extends Extensions {
  endpoint_var?: string;
  model_var?: string;
}

/** Normalised service, in Compose long syntax. Filled in by compose/normalise. */
export interface ServiceSpec extends Extensions {
  annotations?: Mapping;
  attach?: boolean;
  blkio_config?: BlkioConfigSpec;
  build?: BuildSpec;
  cap_add?: string[];
  cap_drop?: string[];
  cgroup?: 'host' | 'private';
  cgroup_parent?: string;
  command?: string[];
  configs?: ServiceFileRefSpec[];
  container_name?: string;
  cpu_count?: number;
  cpu_percent?: number;
  cpu_period?: number;
  cpu_quota?: number;
  /** microseconds */
  cpu_rt_period?: number;
  /** microseconds */
  cpu_rt_runtime?: number;
  cpu_shares?: number;
  cpus?: number;
  cpuset?: string;
  credential_spec?: CredentialSpecSpec;
  depends_on?: Record<string, ServiceDependencySpec>;
  deploy?: DeploySpec;
  develop?: DevelopSpec;
  device_cgroup_rules?: string[];
  devices?: DeviceMappingSpec[];
  dns?: string[];
  dns_opt?: string[];
  dns_search?: string[];
  domainname?: string;
  entrypoint?: string[];
  env_file?: EnvFileSpec[];
  /** the container environment: env_file variables overlaid by `environment` */
  environment?: Mapping;
  expose?: string[];
  external_links?: string[];
  /** sorted `host=ip` entries */
  extra_hosts?: string[];
  gpus?: DeviceRequestSpec[];
  group_add?: string[];
  healthcheck?: HealthcheckSpec;
  hostname?: string;
  image?: string;
  init?: boolean;
  ipc?: string;
  isolation?: string;
  /** absolute paths */
  label_file?: string[];
  labels?: Mapping;
  links?: string[];
  logging?: LoggingSpec;
  mac_address?: string;
  /** bytes */
  mem_limit?: number;
  /** bytes */
  mem_reservation?: number;
  mem_swappiness?: number;
  /** bytes, or -1 for unlimited swap */
  memswap_limit?: number;
  models?: Record<string, ServiceModelSpec | null>;
  network_mode?: string;
  /** network name → attachment options (null: none) */
  networks?: Record<string, ServiceNetworkSpec | null>;
  oom_kill_disable?: boolean;
  oom_score_adj?: number;
  pid?: string;
  pids_limit?: number;
  platform?: string;
  ports?: ServicePortSpec[];
  post_start?: ServiceHookSpec[];
  pre_stop?: ServiceHookSpec[];
  privileged?: boolean;
  profiles?: string[];
  provider?: ProviderSpec;
  pull_policy?: string;
  pull_refresh_after?: string;
  read_only?: boolean;
  restart?: string;
  runtime?: string;
  /** equal to deploy.replicas when either is set */
  scale?: number;
  secrets?: ServiceFileRefSpec[];
  security_opt?: string[];
  /** bytes */
  shm_size?: number;
  stdin_open?: boolean;
  stop_grace_period?: Duration;
  stop_signal?: string;
  storage_opt?: Mapping;
  sysctls?: Mapping;
  tmpfs?: string[];
  tty?: boolean;
  ulimits?: Record<string, Ulimit>;
  use_api_socket?: boolean;
  user?: string;
  userns_mode?: string;
  uts?: string;
  volumes?: ServiceVolumeSpec[];
  volumes_from?: string[];
  working_dir?: string;
}

export interface IpamPoolSpec extends Extensions {
  aux_addresses?: Mapping;
  gateway?: string;
  ip_range?: string;
  subnet?: string;
}

export interface IpamSpec extends Extensions {
  config?: IpamPoolSpec[];
  driver?: string;
  options?: Mapping;
}

export interface NetworkSpec extends Extensions {
  attachable?: boolean;
  driver?: string;
  driver_opts?: Mapping;
  enable_ipv4?: boolean;
  enable_ipv6?: boolean;
  /** present only when true */
  external?: boolean;
  internal?: boolean;
  ipam?: IpamSpec;
  labels?: Mapping;
  /** the engine-side name: `<project>_<key>`, or the key / given name for external networks */
  name: string;
}

export interface VolumeSpec extends Extensions {
  driver?: string;
  driver_opts?: Mapping;
  /** present only when true */
  external?: boolean;
  labels?: Mapping;
  /** `<project>_<key>`, or the key / given name for external volumes */
  name: string;
}

export interface SecretSpec extends Extensions {
  content?: string;
  driver?: string;
  driver_opts?: Mapping;
  environment?: string;
  /** present only when true */
  external?: boolean;
  /** absolute */
  file?: string;
  labels?: Mapping;
  /** `<project>_<key>`, or the key / given name when external */
  name: string;
  template_driver?: string;
}

export interface ConfigSpec extends Extensions {
  content?: string;
  environment?: string;
  /** present only when true */
  external?: boolean;
  /** absolute */
  file?: string;
  labels?: Mapping;
  /** `<project>_<key>`, or the key / given name when external */
  name: string;
  template_driver?: string;
}

/** A top-level `models:` entry (AI models served to services). */
export interface ModelSpec extends Extensions {
  context_size?: number;
  model: string;
  name?: string;
  runtime_flags?: string[];
}

export interface DependencyEdge {
  /** the dependent service */
  from: string;
  /** the service it waits for */
  to: string;
  condition: DependencyCondition;
  required: boolean;
  restart: boolean;
}

export interface DependencyGraph {
  edges: DependencyEdge[];
  /** Services grouped in start order: every service's dependencies are in an earlier level. */
  levels: string[][];
}

/** The part of a StackSpec that `orc config` prints. */
export interface ComposeModel {
  name: string;
  services: Record<string, ServiceSpec>;
  networks: Record<string, NetworkSpec>;
  volumes: Record<string, VolumeSpec>;
  secrets: Record<string, SecretSpec>;
  configs: Record<string, ConfigSpec>;
  /** top-level `models:`, present only when the project declares some */
  models?: Record<string, ModelSpec>;
  /** top-level x-* keys */
  extensions: Record<string, unknown>;
}

export interface StackSpec extends ComposeModel {
  /** absolute project directory */
  projectDir: string;
  /** absolute paths of the files loaded, in order ('-' for stdin) */
  composeFiles: string[];
  /** profiles enabled for this load */
  profiles: string[];
  /** every profile named by any service, enabled or not */
  allProfiles: string[];
  /** services left out because none of their profiles is enabled */
  disabledServices: string[];
  dependencies: DependencyGraph;
}
