/**
 * The Compose file format as orc understands it, written once with TypeBox so
 * that the JSON Schema used for validation and the TypeScript types of a raw
 * (parsed, interpolated, not yet merged or normalised) compose document are
 * the same object and cannot drift.
 *
 * It accepts exactly the documents the official Compose Specification schema
 * accepts (test/compose/schema.test.ts checks this against it). Three habits of
 * that format shape the code below:
 *
 *  - Many scalars are "a number, or a string": values may come from `${VAR}`
 *    interpolation, which always yields strings, so the schema only checks the
 *    JSON type and compose/normalise converts and range-checks later.
 *  - Most mappings are closed (unknown keys are errors) but accept `x-*`
 *    extension keys.
 *  - Several keys have a short form (a string or list) and a long form (a
 *    mapping). Every such union has branches of distinct JSON types, so
 *    `anyOf` here behaves exactly like the official `oneOf`.
 *
 * Everything is inline (no $ref) so validation errors carry absolute schema
 * paths, which compose/schema/validate.ts relies on to explain failed unions.
 */
import { Type, type Static, type TSchema, type TProperties, type TUnsafe } from '@sinclair/typebox';
import { EXTENSION_KEY_PATTERN, RESOURCE_NAME_PATTERN } from './constants.js';

export { EXTENSION_KEY_PATTERN, RESOURCE_NAME_PATTERN };

// ---------------------------------------------------------------------------
// Building blocks

type ScalarName = 'string' | 'number' | 'integer' | 'boolean' | 'null';
type ScalarOf<N extends ScalarName> = N extends 'string'
  ? string
  : N extends 'number' | 'integer'
    ? number
    : N extends 'boolean'
      ? boolean
      : null;

/**
 * A scalar of one of several JSON types, as a single `type: [...]` keyword (one
 * clear error instead of a union of branches). The TypeScript type follows the
 * list, so the two cannot disagree.
 */
function OneOfTypes<const N extends readonly [ScalarName, ScalarName, ...ScalarName[]]>(
  ...names: N
): TUnsafe<ScalarOf<N[number]>> {
  return Type.Unsafe<ScalarOf<N[number]>>({ type: [...names] });
}

/** A string from a fixed list (an `enum`, so one error lists every allowed value). */
function OneOfValues<const V extends readonly [string, ...string[]]>(...values: V): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values] });
}

const Str = (): ReturnType<typeof Type.String> => Type.String();
/** Number or string: the value may still hold an interpolated or suffixed text ("1.5", "2g"). */
const NumOrStr = (): TUnsafe<number | string> => OneOfTypes('number', 'string');
/** Integer or string. */
const IntOrStr = (): TUnsafe<number | string> => OneOfTypes('integer', 'string');
/** Boolean or string: "true"/"false" may come from interpolation. */
const BoolOrStr = (): TUnsafe<boolean | string> => OneOfTypes('boolean', 'string');

/** A mapping with a fixed set of keys plus `x-*` extensions. */
function Extensible<P extends TProperties>(properties: P) {
  return Type.Object(properties, {
    additionalProperties: false,
    patternProperties: { [EXTENSION_KEY_PATTERN]: {} },
  });
}

/** A mapping with a fixed set of keys and no extensions. */
function Closed<P extends TProperties>(properties: P) {
  return Type.Object(properties, { additionalProperties: false });
}

/**
 * A mapping whose keys match `pattern`, each holding `value`. When `closed`,
 * keys that do not match are errors; otherwise they are not checked at all.
 */
function KeyedBy<V extends TSchema>(pattern: string, value: V, closed: boolean) {
  return Type.Record(Type.String({ pattern }), value, closed ? { additionalProperties: false } : {});
}

const Opt = Type.Optional;

/** A list of distinct strings. */
const StringSet = () => Type.Array(Type.String(), { uniqueItems: true });
/** A list of strings, duplicates allowed. */
const StringList = () => Type.Array(Type.String());
/** One string or a list of distinct strings (dns, dns_search, tmpfs, include paths). */
const StringOrSet = () => Type.Union([Type.String(), StringSet()]);

/** `KEY: value` mapping or `KEY=value` list (environment, labels, sysctls, args...). */
const ListOrDict = () =>
  Type.Union([KeyedBy('.+', OneOfTypes('string', 'number', 'boolean', 'null'), true), StringSet()]);

/** Driver options: any key, scalar text or number values. */
const DriverOpts = () => KeyedBy('^.+$', OneOfTypes('string', 'number'), false);

/** A command in shell form (string), exec form (list), or explicitly unset (null). */
const Command = () => Type.Union([Type.String(), StringList(), Type.Null()]);

/** `host:ip` list, or `host: ip` / `host: [ip, ip]` mapping. */
const ExtraHosts = () =>
  Type.Union([KeyedBy('.+', Type.Union([Type.String(), StringList()]), true), StringSet()]);

/** `nofile: 1024` or `nofile: {soft, hard}` per resource name. */
const Ulimits = () =>
  KeyedBy(
    '^[a-z]+$',
    Type.Union([IntOrStr(), Extensible({ hard: IntOrStr(), soft: IntOrStr() })]),
    false,
  );

/** Service-level reference to a secret or config: its name, or {source, target, uid, gid, mode}. */
const GrantList = () =>
  Type.Array(
    Type.Union([
      Type.String(),
      Extensible({
        source: Opt(Str()),
        target: Opt(Str()),
        uid: Opt(Str()),
        gid: Opt(Str()),
        mode: Opt(NumOrStr()),
      }),
    ]),
  );

/** A lifecycle hook (post_start, pre_stop, develop.watch[].exec). */
const ServiceHook = () =>
  Extensible({
    command: Command(),
    user: Opt(Str()),
    privileged: Opt(BoolOrStr()),
    working_dir: Opt(Str()),
    environment: Opt(ListOrDict()),
  });

/** Device requests (deploy.resources.reservations.devices). */
const DeviceRequests = () =>
  Type.Array(
    Extensible({
      capabilities: StringSet(),
      count: Opt(OneOfTypes('string', 'integer')),
      device_ids: Opt(StringSet()),
      driver: Opt(Str()),
      options: Opt(ListOrDict()),
    }),
  );

const BlkioLimit = () => Closed({ path: Opt(Str()), rate: Opt(IntOrStr()) });
const BlkioWeight = () => Closed({ path: Opt(Str()), weight: Opt(IntOrStr()) });

/** Rolling update / rollback settings share one shape. */
const UpdatePolicy = () =>
  Extensible({
    parallelism: Opt(IntOrStr()),
    delay: Opt(Str()),
    failure_action: Opt(Str()),
    monitor: Opt(Str()),
    max_failure_ratio: Opt(NumOrStr()),
    order: Opt(OneOfValues('start-first', 'stop-first')),
  });

// ---------------------------------------------------------------------------
// Service sub-schemas (05-services.md, build.md, deploy.md, develop.md)

export const BuildSchema = Type.Union([
  Type.String(),
  Extensible({
    context: Opt(Str()),
    dockerfile: Opt(Str()),
    dockerfile_inline: Opt(Str()),
    entitlements: Opt(StringList()),
    args: Opt(ListOrDict()),
    ssh: Opt(ListOrDict()),
    labels: Opt(ListOrDict()),
    cache_from: Opt(StringList()),
    cache_to: Opt(StringList()),
    no_cache: Opt(BoolOrStr()),
    additional_contexts: Opt(ListOrDict()),
    network: Opt(Str()),
    provenance: Opt(BoolOrStr()),
    sbom: Opt(BoolOrStr()),
    pull: Opt(BoolOrStr()),
    target: Opt(Str()),
    shm_size: Opt(IntOrStr()),
    extra_hosts: Opt(ExtraHosts()),
    isolation: Opt(Str()),
    privileged: Opt(BoolOrStr()),
    secrets: Opt(GrantList()),
    tags: Opt(StringList()),
    ulimits: Opt(Ulimits()),
    platforms: Opt(StringList()),
  }),
]);

export const HealthcheckSchema = Extensible({
  disable: Opt(BoolOrStr()),
  interval: Opt(Str()),
  retries: Opt(NumOrStr()),
  test: Opt(Type.Union([Type.String(), StringList()])),
  timeout: Opt(Str()),
  start_period: Opt(Str()),
  start_interval: Opt(Str()),
});

export const DeploySchema = Type.Union([
  Extensible({
    mode: Opt(Str()),
    endpoint_mode: Opt(Str()),
    replicas: Opt(IntOrStr()),
    labels: Opt(ListOrDict()),
    rollback_config: Opt(UpdatePolicy()),
    update_config: Opt(UpdatePolicy()),
    resources: Opt(
      Extensible({
        limits: Opt(Extensible({ cpus: Opt(NumOrStr()), memory: Opt(Str()), pids: Opt(IntOrStr()) })),
        reservations: Opt(
          Extensible({
            cpus: Opt(NumOrStr()),
            memory: Opt(Str()),
            generic_resources: Opt(
              Type.Array(
                Extensible({
                  discrete_resource_spec: Opt(Extensible({ kind: Opt(Str()), value: Opt(NumOrStr()) })),
                }),
              ),
            ),
            devices: Opt(DeviceRequests()),
          }),
        ),
      }),
    ),
    restart_policy: Opt(
      Extensible({
        condition: Opt(Str()),
        delay: Opt(Str()),
        max_attempts: Opt(IntOrStr()),
        window: Opt(Str()),
      }),
    ),
    placement: Opt(
      Extensible({
        constraints: Opt(StringList()),
        preferences: Opt(Type.Array(Extensible({ spread: Opt(Str()) }))),
        max_replicas_per_node: Opt(IntOrStr()),
      }),
    ),
  }),
  Type.Null(),
]);

export const DevelopSchema = Type.Union([
  Extensible({
    watch: Opt(
      Type.Array(
        Extensible({
          path: Str(),
          action: OneOfValues('rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'),
          ignore: Opt(StringOrSet()),
          include: Opt(StringOrSet()),
          target: Opt(Str()),
          exec: Opt(ServiceHook()),
          initial_sync: Opt(Type.Boolean()),
        }),
      ),
    ),
  }),
  Type.Null(),
]);

/** Long port syntax (05-services.md#ports); the short form is a number or "[ip:][host:]container[/proto]". */
export const PortSchema = Type.Union([
  Type.Number(),
  Type.String(),
  Extensible({
    name: Opt(Str()),
    mode: Opt(Str()),
    host_ip: Opt(Str()),
    target: Opt(IntOrStr()),
    published: Opt(OneOfTypes('string', 'integer')),
    protocol: Opt(Str()),
    app_protocol: Opt(Str()),
  }),
]);

/** Long volume syntax (05-services.md#volumes); the short form is "source:target[:mode]". */
export const ServiceVolumeSchema = Type.Union([
  Type.String(),
  Extensible({
    type: OneOfValues('bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'),
    source: Opt(Str()),
    target: Opt(Str()),
    read_only: Opt(BoolOrStr()),
    consistency: Opt(Str()),
    bind: Opt(
      Extensible({
        propagation: Opt(Str()),
        create_host_path: Opt(BoolOrStr()),
        recursive: Opt(OneOfValues('enabled', 'disabled', 'writable', 'readonly')),
        selinux: Opt(OneOfValues('z', 'Z')),
      }),
    ),
    volume: Opt(Extensible({ labels: Opt(ListOrDict()), nocopy: Opt(BoolOrStr()), subpath: Opt(Str()) })),
    tmpfs: Opt(
      Extensible({
        size: Opt(Type.Union([Type.Integer({ minimum: 0 }), Type.String()])),
        mode: Opt(NumOrStr()),
      }),
    ),
    image: Opt(Extensible({ subpath: Opt(Str()) })),
  }),
]);

/** depends_on: a list of service names, or per-service {condition, restart, required}. */
export const DependsOnSchema = Type.Union([
  StringSet(),
  KeyedBy(
    RESOURCE_NAME_PATTERN,
    Extensible({
      condition: OneOfValues('service_started', 'service_healthy', 'service_completed_successfully'),
      restart: Opt(BoolOrStr()),
      required: Opt(Type.Boolean()),
    }),
    true,
  ),
]);

/** A service's attachment to one network (networks: {name: {...}}); null means defaults. */
export const ServiceNetworkSchema = Type.Union([
  Extensible({
    aliases: Opt(StringSet()),
    interface_name: Opt(Str()),
    ipv4_address: Opt(Str()),
    ipv6_address: Opt(Str()),
    link_local_ips: Opt(StringSet()),
    mac_address: Opt(Str()),
    driver_opts: Opt(DriverOpts()),
    priority: Opt(Type.Number()),
    gw_priority: Opt(Type.Number()),
  }),
  Type.Null(),
]);

export const EnvFileSchema = Type.Union([
  Type.String(),
  Type.Array(
    Type.Union([
      Type.String(),
      Closed({ path: Str(), format: Opt(Str()), required: Opt(BoolOrStr()) }),
    ]),
  ),
]);

export const ExtendsSchema = Type.Union([Type.String(), Closed({ service: Str(), file: Opt(Str()) })]);

const GpuRequest = () =>
  Type.Object({
    capabilities: Opt(StringSet()),
    count: Opt(OneOfTypes('string', 'integer')),
    device_ids: Opt(StringSet()),
    driver: Opt(Str()),
    options: Opt(ListOrDict()),
  });

export const ServiceSchema = Extensible({
  develop: Opt(DevelopSchema),
  deploy: Opt(DeploySchema),
  annotations: Opt(ListOrDict()),
  attach: Opt(BoolOrStr()),
  build: Opt(BuildSchema),
  blkio_config: Opt(
    Closed({
      device_read_bps: Opt(Type.Array(BlkioLimit())),
      device_read_iops: Opt(Type.Array(BlkioLimit())),
      device_write_bps: Opt(Type.Array(BlkioLimit())),
      device_write_iops: Opt(Type.Array(BlkioLimit())),
      weight: Opt(IntOrStr()),
      weight_device: Opt(Type.Array(BlkioWeight())),
    }),
  ),
  cap_add: Opt(StringSet()),
  cap_drop: Opt(StringSet()),
  cgroup: Opt(OneOfValues('host', 'private')),
  cgroup_parent: Opt(Str()),
  command: Opt(Command()),
  configs: Opt(GrantList()),
  // Unanchored, as in the official schema: two name characters somewhere.
  container_name: Opt(Type.String({ pattern: '[a-zA-Z0-9][a-zA-Z0-9_.-]+' })),
  cpu_count: Opt(Type.Union([Type.String(), Type.Integer({ minimum: 0 })])),
  cpu_percent: Opt(Type.Union([Type.String(), Type.Integer({ minimum: 0, maximum: 100 })])),
  cpu_shares: Opt(NumOrStr()),
  cpu_quota: Opt(NumOrStr()),
  cpu_period: Opt(NumOrStr()),
  cpu_rt_period: Opt(NumOrStr()),
  cpu_rt_runtime: Opt(NumOrStr()),
  cpus: Opt(NumOrStr()),
  cpuset: Opt(Str()),
  credential_spec: Opt(Extensible({ config: Opt(Str()), file: Opt(Str()), registry: Opt(Str()) })),
  depends_on: Opt(DependsOnSchema),
  device_cgroup_rules: Opt(StringSet()),
  devices: Opt(
    Type.Array(
      Type.Union([
        Type.String(),
        Extensible({ source: Str(), target: Opt(Str()), permissions: Opt(Str()) }),
      ]),
    ),
  ),
  dns: Opt(StringOrSet()),
  dns_opt: Opt(StringSet()),
  dns_search: Opt(StringOrSet()),
  domainname: Opt(Str()),
  entrypoint: Opt(Command()),
  env_file: Opt(EnvFileSchema),
  label_file: Opt(Type.Union([Type.String(), StringList()])),
  environment: Opt(ListOrDict()),
  expose: Opt(Type.Array(OneOfTypes('string', 'number'), { uniqueItems: true })),
  extends: Opt(ExtendsSchema),
  provider: Opt(
    Extensible({
      type: Str(),
      options: Opt(
        KeyedBy(
          '^.+$',
          Type.Union([
            OneOfTypes('string', 'number', 'boolean'),
            Type.Array(OneOfTypes('string', 'number', 'boolean')),
          ]),
          false,
        ),
      ),
    }),
  ),
  external_links: Opt(StringSet()),
  extra_hosts: Opt(ExtraHosts()),
  gpus: Opt(Type.Union([OneOfValues('all'), Type.Array(GpuRequest())])),
  group_add: Opt(Type.Array(OneOfTypes('string', 'number'), { uniqueItems: true })),
  healthcheck: Opt(HealthcheckSchema),
  hostname: Opt(Str()),
  image: Opt(Str()),
  init: Opt(BoolOrStr()),
  ipc: Opt(Str()),
  isolation: Opt(Str()),
  labels: Opt(ListOrDict()),
  links: Opt(StringSet()),
  logging: Opt(
    Extensible({
      driver: Opt(Str()),
      options: Opt(KeyedBy('^.+$', OneOfTypes('string', 'number', 'null'), false)),
    }),
  ),
  mac_address: Opt(Str()),
  mem_limit: Opt(NumOrStr()),
  mem_reservation: Opt(OneOfTypes('string', 'integer')),
  mem_swappiness: Opt(IntOrStr()),
  memswap_limit: Opt(NumOrStr()),
  network_mode: Opt(Str()),
  models: Opt(
    Type.Union([
      StringSet(),
      KeyedBy(RESOURCE_NAME_PATTERN, Extensible({ endpoint_var: Opt(Str()), model_var: Opt(Str()) }), false),
    ]),
  ),
  networks: Opt(Type.Union([StringSet(), KeyedBy(RESOURCE_NAME_PATTERN, ServiceNetworkSchema, true)])),
  oom_kill_disable: Opt(BoolOrStr()),
  oom_score_adj: Opt(Type.Union([Type.String(), Type.Integer({ minimum: -1000, maximum: 1000 })])),
  pid: Opt(OneOfTypes('string', 'null')),
  pids_limit: Opt(NumOrStr()),
  platform: Opt(Str()),
  ports: Opt(Type.Array(PortSchema, { uniqueItems: true })),
  post_start: Opt(Type.Array(ServiceHook())),
  pre_stop: Opt(Type.Array(ServiceHook())),
  privileged: Opt(BoolOrStr()),
  profiles: Opt(StringSet()),
  // Unanchored, as in the official schema.
  pull_policy: Opt(
    Type.String({ pattern: 'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+' }),
  ),
  pull_refresh_after: Opt(Str()),
  read_only: Opt(BoolOrStr()),
  restart: Opt(Str()),
  runtime: Opt(Str()),
  scale: Opt(IntOrStr()),
  security_opt: Opt(StringSet()),
  shm_size: Opt(NumOrStr()),
  secrets: Opt(GrantList()),
  sysctls: Opt(ListOrDict()),
  stdin_open: Opt(BoolOrStr()),
  stop_grace_period: Opt(Str()),
  stop_signal: Opt(Str()),
  storage_opt: Opt(Type.Record(Type.String(), Type.Unknown())),
  tmpfs: Opt(StringOrSet()),
  tty: Opt(BoolOrStr()),
  ulimits: Opt(Ulimits()),
  use_api_socket: Opt(Type.Boolean()),
  user: Opt(Str()),
  uts: Opt(Str()),
  userns_mode: Opt(Str()),
  volumes: Opt(Type.Array(ServiceVolumeSchema, { uniqueItems: true })),
  volumes_from: Opt(StringSet()),
  working_dir: Opt(Str()),
});

// ---------------------------------------------------------------------------
// Top-level resources (06-networks.md, 07-volumes.md, 08-configs.md, 09-secrets.md, models.md, 14-include.md)

/** external: true | "true" | {name} (the name form is deprecated in favour of `name:`). */
const ExternalClosed = () => Type.Union([Type.Boolean(), Type.String(), Extensible({ name: Opt(Str()) })]);
/** Same, but secrets and configs do not restrict the keys of the mapping form. */
const ExternalOpen = () => Type.Union([Type.Boolean(), Type.String(), Type.Object({ name: Opt(Str()) })]);

export const NetworkSchema = Type.Union([
  Extensible({
    name: Opt(Str()),
    driver: Opt(Str()),
    driver_opts: Opt(DriverOpts()),
    ipam: Opt(
      Extensible({
        driver: Opt(Str()),
        config: Opt(
          Type.Array(
            Extensible({
              subnet: Opt(Str()),
              ip_range: Opt(Str()),
              gateway: Opt(Str()),
              aux_addresses: Opt(KeyedBy('^.+$', Type.String(), true)),
            }),
          ),
        ),
        options: Opt(KeyedBy('^.+$', Type.String(), true)),
      }),
    ),
    external: Opt(ExternalClosed()),
    internal: Opt(BoolOrStr()),
    enable_ipv4: Opt(BoolOrStr()),
    enable_ipv6: Opt(BoolOrStr()),
    attachable: Opt(BoolOrStr()),
    labels: Opt(ListOrDict()),
  }),
  Type.Null(),
]);

export const VolumeSchema = Type.Union([
  Extensible({
    name: Opt(Str()),
    driver: Opt(Str()),
    driver_opts: Opt(DriverOpts()),
    external: Opt(ExternalClosed()),
    labels: Opt(ListOrDict()),
  }),
  Type.Null(),
]);

export const SecretSchema = Extensible({
  name: Opt(Str()),
  environment: Opt(Str()),
  file: Opt(Str()),
  external: Opt(ExternalOpen()),
  labels: Opt(ListOrDict()),
  driver: Opt(Str()),
  driver_opts: Opt(DriverOpts()),
  template_driver: Opt(Str()),
});

export const ConfigSchema = Extensible({
  name: Opt(Str()),
  content: Opt(Str()),
  environment: Opt(Str()),
  file: Opt(Str()),
  external: Opt(ExternalOpen()),
  labels: Opt(ListOrDict()),
  template_driver: Opt(Str()),
});

export const ModelSchema = Extensible({
  name: Opt(Str()),
  model: Str(),
  context_size: Opt(Type.Integer()),
  runtime_flags: Opt(StringList()),
});

/** include: a path, or {path, env_file, project_directory}. */
export const IncludeSchema = Type.Union([
  Type.String(),
  Closed({ path: Opt(StringOrSet()), env_file: Opt(StringOrSet()), project_directory: Opt(Str()) }),
]);

// ---------------------------------------------------------------------------
// The file

/** The top-level keys a compose file may have besides `x-*` extensions. */
export const ComposeFileSchema = Extensible({
  /** Obsolete; accepted and ignored. */
  version: Opt(Str()),
  name: Opt(Str()),
  include: Opt(Type.Array(IncludeSchema)),
  services: Opt(KeyedBy(RESOURCE_NAME_PATTERN, ServiceSchema, true)),
  models: Opt(KeyedBy(RESOURCE_NAME_PATTERN, ModelSchema, false)),
  networks: Opt(KeyedBy(RESOURCE_NAME_PATTERN, NetworkSchema, false)),
  volumes: Opt(KeyedBy(RESOURCE_NAME_PATTERN, VolumeSchema, true)),
  secrets: Opt(KeyedBy(RESOURCE_NAME_PATTERN, SecretSchema, true)),
  configs: Opt(KeyedBy(RESOURCE_NAME_PATTERN, ConfigSchema, true)),
});

export type ComposeFile = Static<typeof ComposeFileSchema>;
export type RawService = Static<typeof ServiceSchema>;
export type RawBuild = Static<typeof BuildSchema>;
export type RawHealthcheck = Static<typeof HealthcheckSchema>;
export type RawDeploy = Static<typeof DeploySchema>;
export type RawDevelop = Static<typeof DevelopSchema>;
export type RawPort = Static<typeof PortSchema>;
export type RawServiceVolume = Static<typeof ServiceVolumeSchema>;
export type RawDependsOn = Static<typeof DependsOnSchema>;
export type RawServiceNetwork = Static<typeof ServiceNetworkSchema>;
export type RawEnvFile = Static<typeof EnvFileSchema>;
export type RawExtends = Static<typeof ExtendsSchema>;
export type RawNetwork = Static<typeof NetworkSchema>;
export type RawVolume = Static<typeof VolumeSchema>;
export type RawSecret = Static<typeof SecretSchema>;
export type RawConfig = Static<typeof ConfigSchema>;
export type RawModel = Static<typeof ModelSchema>;
export type RawInclude = Static<typeof IncludeSchema>;
/** environment, labels, sysctls, build.args...: a mapping or a KEY=VALUE list. */
export type RawListOrDict = Static<ReturnType<typeof ListOrDict>>;
/** command, entrypoint, hook commands. */
export type RawCommand = Static<ReturnType<typeof Command>>;
export type RawExtraHosts = Static<ReturnType<typeof ExtraHosts>>;
export type RawUlimits = Static<ReturnType<typeof Ulimits>>;
/** A service's secrets or configs list. */
export type RawGrantList = Static<ReturnType<typeof GrantList>>;
