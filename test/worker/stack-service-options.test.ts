/**
 * A Compose service → the engine's CreateOptions (worker/stack/service-options.ts),
 * checked against what Docker Compose's pkg/compose/create.go gives Docker, and
 * Compose's container names (worker/stack/names.ts). Projects are loaded with
 * the real compose loader from files in a temporary folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isOrcError } from '../../common/errors.js';
import { loadProject, type StackSpec } from '../../compose/index.js';
import { parseMount, parseTmpfs, parseUlimit } from '../../worker/containers/index.js';
import { parseSysctl } from '../../worker/containers/run-options.js';
import { configHash } from '../../worker/stack/config-hash.js';
import { COMPOSE_VERSION } from '../../worker/stack/labels.js';
import {
  assertProjectName, containerName, newSlug, oneoffContainerName, parseContainerName, validProjectName,
} from '../../worker/stack/names.js';
import {
  goDurationNs, replicaName, serviceCreateOptions, SERVICE_KEYS, type ReplicaRef, type ServiceOptionsContext,
} from '../../worker/stack/service-options.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Loads `yaml` (plus `files`) as project `demo` from a fresh folder. */
function load(yaml: string, files: Record<string, string> = {}, profiles: string[] = []): StackSpec {
  const dir = mkdtempSync(join(tmpdir(), 'orc-stack-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'compose.yaml'), yaml);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return loadProject({ cwd: dir, env: {}, projectName: 'demo', profiles }).spec;
}

function create(spec: StackSpec, service: string, replica: Partial<ReplicaRef> = {}, ctx: ServiceOptionsContext = {}) {
  const number = replica.number ?? 1;
  return serviceCreateOptions(spec, service, { number, name: replica.name ?? replicaName(spec, service, number), ...replica }, ctx);
}

function throwsCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => isOrcError(e) && e.code === code);
}

describe('process settings', () => {
  it('command, environment, working_dir, user, groups, hostname, terminal and DNS settings map one to one', () => {
    const spec = load(`
services:
  web:
    image: busybox
    command: ["sh", "-c", "echo hi"]
    environment: {A: "1", EMPTY: "", B: "x=y"}
    working_dir: /srv
    user: "1000:1000"
    group_add: [audio, "44"]
    hostname: web1
    domainname: example.org
    tty: true
    stdin_open: true
    init: true
    stop_signal: SIGINT
    dns: [10.0.0.2]
    dns_search: [example.org]
    dns_opt: [ndots:2]
    extra_hosts: ["db:10.0.0.3", "gw=host-gateway"]
`);
    const { image, options, warnings } = create(spec, 'web');
    assert.equal(image, 'busybox');
    assert.deepEqual(warnings, []);
    assert.deepEqual(options.command, ['sh', '-c', 'echo hi']);
    assert.equal(options.entrypoint, undefined);
    assert.deepEqual(options.env, ['A=1', 'B=x=y', 'EMPTY=']);
    assert.equal(options.workdir, '/srv');
    assert.equal(options.user, '1000:1000');
    assert.deepEqual(options.groupAdd, ['audio', '44']);
    assert.equal(options.hostname, 'web1');
    assert.equal(options.domainname, 'example.org');
    assert.equal(options.tty, true);
    assert.equal(options.interactive, true);
    assert.equal(options.init, true);
    assert.equal(options.stopSignal, 'SIGINT');
    assert.deepEqual(options.dns, ['10.0.0.2']);
    assert.deepEqual(options.dnsSearch, ['example.org']);
    assert.deepEqual(options.dnsOptions, ['ndots:2']);
    assert.deepEqual(options.extraHosts, ['db=10.0.0.3', 'gw=host-gateway']);
  });

  it('an environment key without a value anywhere is left out, as the loader drops it', () => {
    const spec = load('services: {web: {image: busybox, environment: [SET=1, UNSET]}}\n');
    assert.deepEqual(create(spec, 'web').options.env, ['SET=1']);
  });

  it('an entrypoint alone is passed without a command, so the image command is cleared (Docker\'s rule)', () => {
    const spec = load('services: {web: {image: busybox, entrypoint: ["/bin/echo", "x"]}, api: {image: busybox, entrypoint: [sh], command: [-c, "true"]}}\n');
    const web = create(spec, 'web').options;
    assert.deepEqual(web.entrypoint, ['/bin/echo', 'x']);
    assert.equal(web.command, undefined);
    const api = create(spec, 'api').options;
    assert.deepEqual([api.entrypoint, api.command], [['sh'], ['-c', 'true']]);
  });

  it('an empty entrypoint without a command is reported: Docker would keep the image command, the engine does not', () => {
    const spec = load('services: {web: {image: busybox, entrypoint: ""}}\n');
    const { options, warnings } = create(spec, 'web');
    assert.deepEqual(options.entrypoint, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^service "web": entrypoint /);
  });

  it('stop_grace_period becomes whole seconds, rounded up', () => {
    const spec = load('services: {a: {image: x, stop_grace_period: 1m30s}, b: {image: x, stop_grace_period: 1500ms}, c: {image: x, stop_grace_period: 0s}}\n');
    assert.equal(create(spec, 'a').options.stopTimeout, 90);
    assert.equal(create(spec, 'b').options.stopTimeout, 2);
    assert.equal(create(spec, 'c').options.stopTimeout, 0);
  });

  it('a service that only builds gets the image name <project>-<service>', () => {
    const spec = load('services: {app: {build: .}}\n', { Dockerfile: 'FROM busybox\n' });
    assert.equal(create(spec, 'app').image, 'demo-app');
  });
});

describe('resources and security', () => {
  it('memory, swap, cpus, shares, pids, shm, ulimits and sysctls map to the engine options and parse there', () => {
    const spec = load(`
services:
  web:
    image: busybox
    mem_limit: 64m
    memswap_limit: 128m
    cpus: 1.5
    cpu_shares: 512
    pids_limit: 100
    shm_size: 32m
    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 64}
    sysctls: {net.core.somaxconn: "1024", kernel.msgmax: "65536"}
`);
    const { options, warnings } = create(spec, 'web');
    assert.deepEqual(warnings, []);
    assert.equal(options.memory, 64 * 1024 * 1024);
    assert.equal(options.memorySwap, 128 * 1024 * 1024);
    assert.equal(options.cpus, 1.5);
    assert.equal(options.cpuShares, 512);
    assert.equal(options.pidsLimit, 100);
    assert.equal(options.shmSize, 32 * 1024 * 1024);
    assert.deepEqual(options.ulimits, ['nofile=1024:2048', 'nproc=64']);
    assert.deepEqual(options.ulimits?.map(parseUlimit), [
      { type: 'RLIMIT_NOFILE', soft: 1024, hard: 2048 },
      { type: 'RLIMIT_NPROC', soft: 64, hard: 64 },
    ]);
    assert.deepEqual(options.sysctls, ['kernel.msgmax=65536', 'net.core.somaxconn=1024']);
    assert.deepEqual(options.sysctls?.map((s) => parseSysctl(s, false)), [['kernel.msgmax', '65536'], ['net.core.somaxconn', '1024']]);
  });

  it('deploy.resources.limits give memory, cpus and pids when the service keys are absent', () => {
    const spec = load('services: {web: {image: x, deploy: {resources: {limits: {memory: 1g, cpus: "0.5", pids: 7}}}}}\n');
    const { options, warnings } = create(spec, 'web');
    assert.deepEqual([options.memory, options.cpus, options.pidsLimit], [1024 ** 3, 0.5, 7]);
    assert.deepEqual(warnings, []);
  });

  it('capabilities, privileged, read_only and security_opt map one to one', () => {
    const spec = load('services: {web: {image: x, cap_add: [NET_ADMIN], cap_drop: [ALL], privileged: true, read_only: true, security_opt: ["no-new-privileges:true"]}}\n');
    const { options } = create(spec, 'web');
    assert.deepEqual(options.capAdd, ['NET_ADMIN']);
    assert.deepEqual(options.capDrop, ['ALL']);
    assert.equal(options.privileged, true);
    assert.equal(options.readOnly, true);
    assert.deepEqual(options.securityOpt, ['no-new-privileges:true']);
  });

  it('logging driver and options become logDriver and logOpts', () => {
    const spec = load('services: {web: {image: x, logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}}}\n');
    const { options } = create(spec, 'web');
    assert.equal(options.logDriver, 'json-file');
    assert.deepEqual(options.logOpts, ['max-file=3', 'max-size=10m']);
  });
});

describe('restart policy (restart vs deploy.restart_policy)', () => {
  const policy = (service: string, extra = ''): unknown => create(load(`services:\n  s:\n    image: x\n${service}\n${extra}`), 's').options.restartPolicy;

  it('restart is passed as written', () => {
    assert.equal(policy('    restart: unless-stopped'), 'unless-stopped');
    assert.equal(policy('    restart: on-failure:3'), 'on-failure:3');
    assert.equal(policy(''), undefined);
  });

  it('deploy.restart_policy conditions none, on-failure (with max_attempts) and any map to no, on-failure:N and always', () => {
    assert.equal(policy('    deploy: {restart_policy: {condition: none}}'), 'no');
    assert.equal(policy('    deploy: {restart_policy: {condition: on-failure, max_attempts: 5}}'), 'on-failure:5');
    assert.equal(policy('    deploy: {restart_policy: {condition: on-failure}}'), 'on-failure');
    assert.equal(policy('    deploy: {restart_policy: {condition: any}}'), 'always');
  });

  it('a restart_policy without a condition means any (the Compose spec\'s default)', () => {
    assert.equal(policy('    deploy: {restart_policy: {window: 10s}}'), 'always');
  });

  it('deploy.restart_policy wins over restart, as in Compose\'s getRestartPolicy, and the override is reported', () => {
    const spec = load('services: {s: {image: x, restart: always, deploy: {restart_policy: {condition: on-failure, max_attempts: 2, delay: 5s}}}}\n');
    const { options, warnings } = create(spec, 's');
    assert.equal(options.restartPolicy, 'on-failure:2');
    assert.deepEqual(warnings.map((w) => w.split(' ')[2]), ['deploy.restart_policy.delay', 'restart']);
  });

  it('max_attempts with a condition other than on-failure is reported and dropped (Docker refuses it)', () => {
    const spec = load('services: {s: {image: x, deploy: {restart_policy: {condition: any, max_attempts: 2}}}}\n');
    const { options, warnings } = create(spec, 's');
    assert.equal(options.restartPolicy, 'always');
    assert.match(warnings.join('\n'), /deploy\.restart_policy\.max_attempts/);
  });

  it('a one-off container never restarts (compose run clears the policy)', () => {
    const spec = load('services: {s: {image: x, restart: always}}\n');
    assert.equal(create(spec, 's', { oneoff: true, name: 'demo-s-run-0123456789ab' }).options.restartPolicy, undefined);
  });
});

describe('labels as Docker Compose writes them', () => {
  it('a replica carries the service labels and Compose\'s project, service, number, oneoff, hash, depends_on, files and version labels', () => {
    const spec = load(`
services:
  web:
    image: busybox
    labels: {team: blue, com.docker.compose.project: spoofed}
    depends_on:
      db: {condition: service_healthy, restart: true}
      cache: {condition: service_started}
  db: {image: busybox}
  cache: {image: busybox}
`);
    const { options } = create(spec, 'web', { number: 2 }, { imageDigest: 'sha256:abc' });
    assert.deepEqual(options.labels, {
      team: 'blue',
      'com.docker.compose.project': 'demo',
      'com.docker.compose.service': 'web',
      'com.docker.compose.version': COMPOSE_VERSION,
      'com.docker.compose.project.working_dir': spec.projectDir,
      'com.docker.compose.project.config_files': join(spec.projectDir, 'compose.yaml'),
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': configHash(spec, 'web'),
      'com.docker.compose.container-number': '2',
      'com.docker.compose.depends_on': 'cache:service_started:false,db:service_healthy:true',
      'com.docker.compose.image': 'sha256:abc',
    });
    assert.equal(options.name, 'demo-web-2');
  });

  it('a one-off container is labelled oneoff True with its slug and no container number; depends_on is empty, not absent', () => {
    const spec = load('services: {web: {image: busybox}}\n');
    const slug = 'ab'.repeat(32);
    const name = oneoffContainerName('demo', 'web', slug);
    const { options } = create(spec, 'web', { oneoff: true, name, slug });
    const labels = options.labels ?? {};
    assert.equal(labels['com.docker.compose.oneoff'], 'True');
    assert.equal(labels['com.docker.compose.slug'], slug);
    assert.equal(labels['com.docker.compose.container-number'], undefined);
    assert.equal(labels['com.docker.compose.depends_on'], '');
    assert.equal(options.name, 'demo-web-run-abababababab');
  });
});

describe('volumes and tmpfs', () => {
  it('long-syntax mounts become --mount strings the engine parses: binds, named and anonymous volumes, tmpfs', () => {
    const spec = load(`
services:
  web:
    image: busybox
    volumes:
      - ./data:/data
      - type: bind
        source: /srv/shared
        target: /shared
        read_only: true
        bind: {propagation: rslave, create_host_path: false}
      - type: bind
        source: /srv/flat
        target: /flat
        bind: {recursive: disabled}
      - db:/var/lib/db:ro
      - type: volume
        source: cache
        target: /cache
        volume: {nocopy: true}
      - /anon
      - type: tmpfs
        target: /scratch
        tmpfs: {size: 1m, mode: "1777"}
    tmpfs: ["/run:size=64k", /tmp]
volumes:
  db: {}
  cache: {name: shared-cache}
`);
    const { options, warnings, createHostPaths } = create(spec, 'web');
    assert.deepEqual(warnings, []);
    const data = join(spec.projectDir, 'data');
    assert.deepEqual(options.mounts, [
      `type=bind,source=${data},target=/data`,
      'type=bind,source=/srv/shared,target=/shared,bind-propagation=rslave,readonly',
      'type=bind,source=/srv/flat,target=/flat,bind-nonrecursive',
      'type=volume,source=demo_db,target=/var/lib/db,readonly',
      'type=volume,source=shared-cache,target=/cache,volume-nocopy',
      'type=volume,target=/anon',
      'type=tmpfs,target=/scratch,tmpfs-size=1048576,tmpfs-mode=1777',
    ]);
    assert.deepEqual(createHostPaths, [data, '/srv/flat']);
    const parsed = (options.mounts ?? []).map(parseMount);
    assert.deepEqual(parsed.map((m) => [m.kind, m.source, m.target, m.readOnly]), [
      ['bind', data, '/data', false],
      ['bind', '/srv/shared', '/shared', true],
      ['bind', '/srv/flat', '/flat', false],
      ['volume', 'demo_db', '/var/lib/db', true],
      ['volume', 'shared-cache', '/cache', false],
      ['volume', '', '/anon', false],
      ['tmpfs', '', '/scratch', false],
    ]);
    assert.deepEqual(parsed[1]?.options, ['rbind', 'rslave']);
    assert.deepEqual(parsed[2]?.options, ['bind', 'rprivate']);
    assert.ok(parsed[6]?.options.includes('size=1048576') && parsed[6].options.includes('mode=1777'));
    assert.deepEqual(options.tmpfs, ['/run:size=64k', '/tmp']);
    assert.deepEqual(options.tmpfs?.map((t) => parseTmpfs(t).target), ['/run', '/tmp']);
  });

  it('a volume subpath is passed as Docker\'s volume-subpath key', () => {
    const spec = load('services: {web: {image: x, volumes: [{type: volume, source: v, target: /v, volume: {subpath: sub/dir}}]}}\nvolumes: {v: {}}\n');
    assert.deepEqual(create(spec, 'web').options.mounts, ['type=volume,source=demo_v,target=/v,volume-subpath=sub/dir']);
  });

  it('volumes_from names the first container of a service (or the one the caller gives) and containers as they are', () => {
    const spec = load(`
services:
  web: {image: x, volumes_from: ["data:ro", "container:other:rw", "logs"]}
  data: {image: x}
  logs: {image: x, container_name: the-logs}
`);
    assert.deepEqual(create(spec, 'web').options.volumesFrom, ['demo-data-1:ro', 'other:rw', 'the-logs']);
    const picked = create(spec, 'web', {}, { containerOf: (s) => `${s}-picked` }).options.volumesFrom;
    assert.deepEqual(picked, ['data-picked:ro', 'other:rw', 'logs-picked']);
  });
});

describe('networks', () => {
  it('a service without networks joins <project>_default with its container name and service name as aliases', () => {
    const spec = load('services: {web: {image: x}}\n');
    const { options } = create(spec, 'web', { number: 3 });
    assert.equal(options.network, undefined);
    assert.deepEqual(options.networks, [{ network: 'demo_default', aliases: ['demo-web-3', 'web'] }]);
  });

  it('networks are ordered by priority then name, renamed to their engine names, with aliases, addresses and interface names', () => {
    const spec = load(`
services:
  web:
    image: x
    mac_address: "02:42:ac:11:00:02"
    networks:
      back: {aliases: [api, web], ipv4_address: 172.28.0.5, interface_name: eth9}
      front: {priority: 100, gw_priority: 10}
      admin: null
networks:
  back: {ipam: {config: [{subnet: 172.28.0.0/16}]}}
  front: {name: public}
  admin: {}
`);
    const { options, warnings } = create(spec, 'web');
    assert.deepEqual(warnings, []);
    assert.deepEqual(options.networks, [
      { network: 'public', aliases: ['demo-web-1', 'web'], macAddress: '02:42:ac:11:00:02', gwPriority: 10 },
      { network: 'demo_admin', aliases: ['demo-web-1', 'web'] },
      { network: 'demo_back', aliases: ['demo-web-1', 'web', 'api'], ipv4Address: '172.28.0.5', interfaceName: 'eth9' },
    ]);
  });

  it('a one-off container is known on its networks by its own name only (compose run without --use-aliases)', () => {
    const spec = load('services: {web: {image: x, networks: {default: {aliases: [www]}}}}\n');
    const name = 'demo-web-run-0123456789ab';
    assert.deepEqual(create(spec, 'web', { oneoff: true, name }).options.networks, [{ network: 'demo_default', aliases: [name] }]);
    const aliased = create(spec, 'web', { oneoff: true, name }, { useNetworkAliases: true }).options.networks;
    assert.deepEqual(aliased, [{ network: 'demo_default', aliases: [name, 'web', 'www'] }]);
  });

  it('network_mode service:S joins the first container of S; host, none and container: pass through', () => {
    const spec = load(`
services:
  vpn: {image: x}
  app: {image: x, network_mode: "service:vpn"}
  h: {image: x, network_mode: host}
  n: {image: x, network_mode: none}
  c: {image: x, network_mode: "container:abc"}
`);
    const app = create(spec, 'app').options;
    assert.equal(app.network, 'container:demo-vpn-1');
    assert.equal(app.networks, undefined);
    assert.equal(create(spec, 'app', {}, { containerOf: () => 'f00d' }).options.network, 'container:f00d');
    assert.equal(create(spec, 'h').options.network, 'host');
    assert.equal(create(spec, 'n').options.network, 'none');
    assert.equal(create(spec, 'c').options.network, 'container:abc');
  });

  it('a service-level mac_address that differs from its primary network\'s is refused', () => {
    const spec = load('services: {web: {image: x, mac_address: "02:00:00:00:00:01", networks: {default: {mac_address: "02:00:00:00:00:02"}}}}\n');
    throwsCode(() => create(spec, 'web'), 'ORC_INVALID_SPEC');
  });
});

describe('ports', () => {
  it('every short and long form becomes a PortRequest: fixed, random, ranges, host addresses, udp', () => {
    const spec = load(`
services:
  web:
    image: x
    ports:
      - "8080:80"
      - "127.0.0.1:8443:443"
      - "127.0.0.1::53/udp"
      - "9000-9001:90"
      - "7000-7001:7000-7001"
      - "81"
      - target: 82
        published: "8082"
        host_ip: "::1"
        protocol: tcp
        mode: host
`);
    const { options, warnings } = create(spec, 'web');
    assert.deepEqual(warnings, []);
    assert.deepEqual(options.publish, [
      { containerPort: 80, protocol: 'tcp', hostPort: '8080' },
      { containerPort: 443, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: '8443' },
      { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1' },
      { containerPort: 90, protocol: 'tcp', hostPort: '9000-9001' },
      { containerPort: 7000, protocol: 'tcp', hostPort: '7000' },
      { containerPort: 7001, protocol: 'tcp', hostPort: '7001' },
      { containerPort: 81, protocol: 'tcp' },
      { containerPort: 82, protocol: 'tcp', hostIp: '::1', hostPort: '8082' },
    ]);
  });

  it('sctp ports, and ports with network_mode host, are reported rather than published', () => {
    const spec = load('services: {a: {image: x, ports: ["80", "9/sctp"]}, b: {image: x, network_mode: host, ports: ["80:80"]}}\n');
    const a = create(spec, 'a');
    assert.deepEqual(a.options.publish, [{ containerPort: 80, protocol: 'tcp' }]);
    assert.deepEqual(a.warnings.map((w) => w.split(' ')[2]), ['ports[1]']);
    const b = create(spec, 'b');
    assert.equal(b.options.publish, undefined);
    assert.deepEqual(b.warnings.map((w) => w.split(' ')[2]), ['ports']);
  });
});

describe('health check', () => {
  it('Go durations become nanoseconds; retries and the test are kept', () => {
    const spec = load(`
services:
  web:
    image: x
    healthcheck: {test: "wget -q localhost", interval: 1m30s, timeout: 500ms, start_period: 1.5s, start_interval: 2s, retries: 4}
`);
    assert.deepEqual(create(spec, 'web').options.healthcheck, {
      test: ['CMD-SHELL', 'wget -q localhost'],
      interval: 90e9,
      timeout: 500e6,
      startPeriod: 1.5e9,
      startInterval: 2e9,
      retries: 4,
    });
  });

  it('disable: true becomes test NONE; timings without a test keep the image\'s test', () => {
    const spec = load('services: {a: {image: x, healthcheck: {disable: true}}, b: {image: x, healthcheck: {interval: 5s}}}\n');
    assert.deepEqual(create(spec, 'a').options.healthcheck, { test: ['NONE'] });
    assert.deepEqual(create(spec, 'b').options.healthcheck, { test: [], interval: 5e9 });
  });

  it('start_interval without start_period is refused, as Compose does', () => {
    const spec = load('services: {web: {image: x, healthcheck: {test: [CMD, "true"], start_interval: 1s}}}\n');
    throwsCode(() => create(spec, 'web'), 'ORC_INVALID_SPEC');
  });

  it('goDurationNs reads every unit Go prints', () => {
    assert.equal(goDurationNs('1h2m3s'), 3723e9);
    assert.equal(goDurationNs('1.5µs'), 1500);
    assert.equal(goDurationNs('250us'), 250e3);
    assert.equal(goDurationNs('7ns'), 7);
    assert.equal(goDurationNs('0s'), 0);
    throwsCode(() => goDurationNs('5 minutes'), 'ORC_INVALID_SPEC');
    throwsCode(() => goDurationNs(''), 'ORC_INVALID_SPEC');
  });
});

describe('secrets and configs', () => {
  it('become files: default and relative targets, uid/gid/mode defaults, contents from the caller or inline', () => {
    const spec = load(
      `
services:
  web:
    image: x
    secrets:
      - token
      - {source: token, target: api-token, uid: "100", gid: "101", mode: "0400"}
      - {source: key, target: /etc/key}
    configs:
      - site
      - {source: site, target: conf/site.conf}
secrets:
  token: {file: ./token.txt}
  key: {environment: KEY}
configs:
  site: {content: "hello"}
`,
      { 'token.txt': 'from-file' },
    );
    const read: string[] = [];
    const { options } = create(spec, 'web', {}, {
      secretContent: (key) => {
        read.push(key);
        return Buffer.from(`secret:${key}`);
      },
    });
    assert.deepEqual(
      options.files?.map((f) => [f.name, f.target, f.content.toString(), f.uid, f.gid, f.mode]),
      [
        ['demo_token', '/run/secrets/token', 'secret:token', 0, 0, 0o444],
        ['demo_token-2', '/run/secrets/api-token', 'secret:token', 100, 101, 0o400],
        ['demo_key', '/etc/key', 'secret:key', 0, 0, 0o444],
        ['demo_site', '/site', 'hello', 0, 0, 0o444],
        ['demo_site-2', '/conf/site.conf', 'hello', 0, 0, 0o444],
      ],
    );
    assert.ok(read.includes('token') && read.includes('key'));
  });

  it('a secret whose content nobody provided is refused', () => {
    const spec = load('services: {web: {image: x, secrets: [s]}}\nsecrets: {s: {file: ./s}}\n', { s: 'x' });
    throwsCode(() => create(spec, 'web'), 'ORC_INVALID_SPEC');
  });
});

describe('container names', () => {
  it('container_name fixes the name; with more than one replica it is refused', () => {
    const one = load('services: {web: {image: x, container_name: my-web}}\n');
    assert.equal(replicaName(one, 'web', 1), 'my-web');
    assert.equal(create(one, 'web').options.name, 'my-web');
    // the loader refuses this file already; a spec built otherwise is refused here too
    const two: StackSpec = { ...one, services: { web: { ...one.services['web'], scale: 2 } } };
    throwsCode(() => create(two, 'web'), 'ORC_INVALID_SPEC');
  });

  it('names follow Compose: <project>-<service>-<n> and <project>-<service>-run-<12 hex>', () => {
    assert.equal(containerName('demo', 'web', 1), 'demo-web-1');
    const slug = newSlug(() => Buffer.alloc(32, 0xab));
    assert.equal(slug, 'ab'.repeat(32));
    assert.equal(oneoffContainerName('my_app', 'db-main', slug), 'my_app-db-main-run-abababababab');
    assert.match(newSlug(), /^[0-9a-f]{64}$/);
    throwsCode(() => containerName('demo', 'web', 0), 'ORC_INTERNAL');
  });

  it('a name parses back to its service and number or one-off slug', () => {
    assert.deepEqual(parseContainerName('demo', 'demo-web-12'), { service: 'web', oneoff: false, number: 12 });
    assert.deepEqual(parseContainerName('my-app', 'my-app-db-main-1'), { service: 'db-main', oneoff: false, number: 1 });
    assert.deepEqual(parseContainerName('demo', 'demo-web-run-0123456789ab'), { service: 'web', oneoff: true, slug: '0123456789ab' });
    assert.equal(parseContainerName('demo', 'other-web-1'), undefined);
    assert.equal(parseContainerName('demo', 'demo-web'), undefined);
    assert.equal(parseContainerName('demo', 'demo-web-01'), undefined);
  });

  it('project names: lowercase letters, digits, dashes and underscores, starting with a letter or digit', () => {
    for (const ok of ['demo', '0app', 'my_app-2']) assert.equal(validProjectName(ok), true, ok);
    for (const bad of ['', '-app', '_app', 'App', 'my.app', 'a b']) assert.equal(validProjectName(bad), false, bad);
    throwsCode(() => assertProjectName('Bad'), 'ORC_USAGE');
  });
});

describe('settings the engine cannot honour', () => {
  it('each is reported with the service and key, never dropped silently', () => {
    const spec = load(`
services:
  web:
    image: x
    blkio_config: {weight: 300}
    cpu_rt_runtime: 400ms
    cpuset: "0"
    userns_mode: host
    pid: host
    ipc: host
    devices: ["/dev/fuse:/dev/fuse"]
    oom_score_adj: 100
    mem_reservation: 32m
    runtime: runc
    links: ["db:database"]
    networks:
      default: {ipv6_address: "fd00::5"}
    deploy:
      resources: {reservations: {cpus: "0.5"}}
  db: {image: x}
`);
    const keys = create(spec, 'web').warnings.map((w) => {
      assert.match(w, /^service "web": /);
      return w.split(' ')[2];
    });
    assert.deepEqual(keys.sort(), [
      'blkio_config', 'cpu_rt_runtime', 'cpuset', 'deploy.resources.reservations.cpus', 'devices', 'ipc', 'links',
      'mem_reservation', 'networks.default.ipv6_address', 'oom_score_adj', 'pid', 'runtime', 'userns_mode',
    ]);
  });

  it('every key a service can have is placed: mapped, ignored with a reason, or reported', () => {
    for (const [key, handling] of Object.entries(SERVICE_KEYS)) {
      assert.ok(handling === 'mapped' || handling === 'unsupported' || handling.ignored.length > 0, key);
    }
    // scale, build, profiles, depends_on and friends are the reconciler's or the loader's, not warnings
    const spec = load('services: {web: {image: x, scale: 1, pull_policy: always, profiles: [p], expose: ["80"], depends_on: [db], env_file: [e.env]}, db: {image: x}}\n', { 'e.env': 'A=1\n' }, ['p']);
    assert.deepEqual(create(spec, 'web').warnings, []);
  });
});
