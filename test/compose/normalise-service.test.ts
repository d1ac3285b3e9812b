/**
 * Service keys with a long form or defaults (05-services.md, build.md,
 * deploy.md, develop.md) in compose/normalise.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IssueReport } from '../../compose/issues.js';
import type { NormaliseContext } from '../../compose/normalise/index.js';
import type { ServiceSpec } from '../../compose/spec.js';
import { issuePaths as paths, normalise as run, normaliseWeb } from '../helpers/normalise.js';

/** `web` beside a service `db` it can refer to. */
function web(service: Record<string, unknown>, ctx: Partial<NormaliseContext> = {}): { service: ServiceSpec; issues: IssueReport[] } {
  return normaliseWeb(service, { services: { db: { image: 'postgres' } }, ctx });
}

describe('depends_on (05-services.md depends_on)', () => {
  it('05-services.md depends_on: a list becomes a mapping with condition service_started and required true', () => {
    assert.deepEqual(web({ depends_on: ['db'] }).service.depends_on, { db: { condition: 'service_started', required: true } });
  });

  it('05-services.md depends_on: mapping entries get the defaults; restart is kept when given', () => {
    const { service, issues } = web({
      depends_on: {
        db: { condition: 'service_healthy', restart: 'true' },
        cache: { condition: 'service_completed_successfully', required: false, restart: false },
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.depends_on, {
      cache: { condition: 'service_completed_successfully', required: false, restart: false },
      db: { condition: 'service_healthy', required: true, restart: true },
    });
  });

  it('05-services.md depends_on: an entry merged without a condition gets service_started', () => {
    assert.deepEqual(web({ depends_on: { db: null } }).service.depends_on, { db: { condition: 'service_started', required: true } });
  });

  it('05-services.md depends_on: an unknown condition is reported at its key', () => {
    assert.deepEqual(paths(web({ depends_on: { db: { condition: 'service_ready' } } }).issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'depends_on', 'db', 'condition']],
    ]);
  });

  it('05-services.md links, network_mode, volumes_from: they add implicit dependencies like Compose does', () => {
    const { model } = run({
      services: {
        a: { image: 'x', links: ['db:database'] },
        b: { image: 'x', network_mode: 'service:db', volumes_from: ['a:ro', 'container:other'] },
        c: { image: 'x', ipc: 'service:a', pid: 'service:missing', depends_on: { db: { condition: 'service_healthy' } }, links: ['db'] },
        db: { image: 'x' },
      },
    });
    assert.deepEqual(model.services['a']?.depends_on, { db: { condition: 'service_started', required: true, restart: true } });
    assert.deepEqual(model.services['b']?.depends_on, {
      a: { condition: 'service_started', required: true, restart: false },
      db: { condition: 'service_started', required: true, restart: true },
    });
    assert.deepEqual(model.services['c']?.depends_on, {
      a: { condition: 'service_started', required: true, restart: true },
      db: { condition: 'service_healthy', required: true },
    });
  });
});

describe('networks of a service (05-services.md networks)', () => {
  it('05-services.md networks: a list becomes a mapping of name to null', () => {
    const { model } = run({ services: { web: { image: 'x', networks: ['front', 'back'] } }, networks: { front: null, back: null } });
    assert.deepEqual(model.services['web']?.networks, { back: null, front: null });
  });

  it('05-services.md networks: mapping entries keep aliases, addresses, priorities and driver options', () => {
    const { service, issues } = web({
      networks: {
        front: {
          aliases: ['www'],
          ipv4_address: '172.16.238.10',
          ipv6_address: '2001:3984:3989::10',
          priority: '1000',
          gw_priority: 1,
          interface_name: 'eth1',
          mac_address: '02:42:ac:11:65:43',
          link_local_ips: ['57.123.22.11'],
          driver_opts: { mtu: 1500 },
        },
        back: null,
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.networks, {
      back: null,
      front: {
        aliases: ['www'],
        driver_opts: { mtu: '1500' },
        gw_priority: 1,
        interface_name: 'eth1',
        ipv4_address: '172.16.238.10',
        ipv6_address: '2001:3984:3989::10',
        link_local_ips: ['57.123.22.11'],
        mac_address: '02:42:ac:11:65:43',
        priority: 1000,
      },
    });
  });

  it('05-services.md networks: a service without networks or network_mode joins default, which is then created', () => {
    const { model } = run({ services: { web: { image: 'x' } } });
    assert.deepEqual(model.services['web']?.networks, { default: null });
    assert.deepEqual(model.networks, { default: { name: 'proj_default' } });
  });

  it('05-services.md networks: an empty networks section also means default', () => {
    const { model } = run({ services: { web: { image: 'x', networks: [] } } });
    assert.deepEqual(model.services['web']?.networks, { default: null });
  });

  it('05-services.md network_mode: a service with network_mode gets no networks and no default network is made', () => {
    const { model } = run({ services: { web: { image: 'x', network_mode: 'host' } } });
    assert.equal(model.services['web']?.networks, undefined);
    assert.deepEqual(model.networks, {});
  });

  it('06-networks.md: a declared default network keeps its own settings', () => {
    const { model } = run({ services: { web: { image: 'x' } }, networks: { default: { driver: 'bridge', name: 'shared' } } });
    assert.deepEqual(model.networks, { default: { driver: 'bridge', name: 'shared' } });
  });
});

describe('secrets and configs of a service (05-services.md secrets, configs)', () => {
  it('05-services.md secrets: a name becomes {source, target: /run/secrets/name}; configs get {source}', () => {
    const { service } = web({ secrets: ['db_password'], configs: ['app_conf'] });
    assert.deepEqual(service.secrets, [{ source: 'db_password', target: '/run/secrets/db_password' }]);
    assert.deepEqual(service.configs, [{ source: 'app_conf' }]);
  });

  it('05-services.md secrets: the long syntax keeps target, uid, gid and reads a string mode as octal', () => {
    const { service, issues } = web({
      secrets: [{ source: 's', target: '/etc/s', uid: '103', gid: 103, mode: '0440' }],
      configs: [{ source: 'c', target: '/etc/c', mode: 292 }],
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.secrets, [{ gid: '103', mode: 0o440, source: 's', target: '/etc/s', uid: '103' }]);
    assert.deepEqual(service.configs, [{ mode: 292, source: 'c', target: '/etc/c' }]);
  });

  it('05-services.md secrets: an entry without a source or with a bad mode is reported', () => {
    assert.deepEqual(paths(web({ secrets: [{ target: '/x' }, { source: 's', mode: 'rw' }] }).issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'secrets', 0, 'source']],
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'secrets', 1, 'mode']],
    ]);
  });
});

describe('build (build.md)', () => {
  it('build.md: a string is the context, made absolute, with the default Dockerfile', () => {
    assert.deepEqual(web({ build: './app' }).service.build, { context: '/project/app', dockerfile: 'Dockerfile' });
    assert.deepEqual(web({ build: '.' }).service.build, { context: '/project', dockerfile: 'Dockerfile' });
  });

  it('build.md context: a missing context is the project directory; remote contexts are kept', () => {
    assert.deepEqual(web({ build: { dockerfile: 'web.Dockerfile' } }).service.build, {
      context: '/project',
      dockerfile: 'web.Dockerfile',
    });
    for (const remote of [
      'https://github.com/docker/rootfs.git#v1',
      'git@github.com:docker/rootfs.git',
      'github.com/docker/rootfs',
      'git://example.com/x.git',
    ]) {
      assert.equal(web({ build: remote }).service.build?.context, remote);
    }
  });

  it('build.md dockerfile_inline: no default Dockerfile; both set is an error', () => {
    assert.deepEqual(web({ build: { context: '.', dockerfile_inline: 'FROM alpine' } }).service.build, {
      context: '/project',
      dockerfile_inline: 'FROM alpine',
    });
    assert.deepEqual(paths(web({ build: { dockerfile: 'D', dockerfile_inline: 'FROM a' } }).issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'build', 'dockerfile_inline']],
    ]);
  });

  it('build.md: every other build key is converted or kept', () => {
    const { service, issues } = web({
      build: {
        context: 'app',
        target: 'prod',
        labels: ['a=b'],
        cache_from: ['type=local,src=/c'],
        cache_to: ['type=inline'],
        tags: ['x:1'],
        platforms: ['linux/amd64'],
        entitlements: ['network.host'],
        network: 'host',
        shm_size: '2g',
        no_cache: 'true',
        pull: true,
        privileged: 'false',
        provenance: 'mode=max',
        sbom: true,
        isolation: 'default',
        extra_hosts: ['a:1.2.3.4'],
        secrets: ['npm_token', { source: 'other', target: 'o' }],
        ssh: ['default', 'key=./id_rsa'],
        ulimits: { nofile: '1024' },
        additional_contexts: ['base=../base', 'img=docker-image://alpine', 'svc=service:db'],
        'x-extra': true,
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.build, {
      additional_contexts: { base: '/base', img: 'docker-image://alpine', svc: 'service:db' },
      cache_from: ['type=local,src=/c'],
      cache_to: ['type=inline'],
      context: '/project/app',
      dockerfile: 'Dockerfile',
      entitlements: ['network.host'],
      extra_hosts: ['a=1.2.3.4'],
      isolation: 'default',
      labels: { a: 'b' },
      network: 'host',
      no_cache: true,
      platforms: ['linux/amd64'],
      privileged: false,
      provenance: 'mode=max',
      pull: true,
      sbom: true,
      secrets: [{ source: 'npm_token' }, { source: 'other', target: 'o' }],
      shm_size: 2 * 1024 ** 3,
      ssh: ['default', 'key=/project/id_rsa'],
      tags: ['x:1'],
      target: 'prod',
      ulimits: { nofile: 1024 },
      'x-extra': true,
    });
  });

  it('build.md ssh: an id without a path other than default is reported', () => {
    assert.deepEqual(paths(web({ build: { ssh: ['mykey'] } }).issues), [['COMPOSE_INVALID_VALUE', ['services', 'web', 'build', 'ssh', 0]]]);
  });
});

describe('deploy (deploy.md)', () => {
  it('deploy.md: resources, placement, labels and modes are converted', () => {
    const { service, issues } = web({
      deploy: {
        mode: 'replicated',
        endpoint_mode: 'vip',
        replicas: 2,
        labels: ['a=b'],
        placement: { constraints: ['node.role==manager'], preferences: [{ spread: 'node.labels.zone' }], max_replicas_per_node: '1' },
        resources: {
          limits: { cpus: '0.50', memory: '50M', pids: 1 },
          reservations: {
            cpus: 0.25,
            memory: '20M',
            devices: [{ capabilities: ['gpu'], driver: 'nvidia', count: '2' }, { capabilities: ['gpu'], device_ids: ['0'] }, { capabilities: ['tpu'] }],
            generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: '2' } }],
          },
        },
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.deploy, {
      endpoint_mode: 'vip',
      labels: { a: 'b' },
      mode: 'replicated',
      placement: { constraints: ['node.role==manager'], max_replicas_per_node: 1, preferences: [{ spread: 'node.labels.zone' }] },
      replicas: 2,
      resources: {
        limits: { cpus: 0.5, memory: 50 * 1024 ** 2, pids: 1 },
        reservations: {
          cpus: 0.25,
          devices: [
            { capabilities: ['gpu'], count: 2, driver: 'nvidia' },
            { capabilities: ['gpu'], device_ids: ['0'] },
            { capabilities: ['tpu'], count: 'all' },
          ],
          generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: 2 } }],
          memory: 20 * 1024 ** 2,
        },
      },
    });
    assert.equal(service.scale, 2);
  });

  it('05-services.md scale: scale sets deploy.replicas and the other way round', () => {
    const a = web({ scale: '3' }).service;
    assert.equal(a.scale, 3);
    assert.equal(a.deploy?.replicas, 3);
    const b = web({ deploy: { replicas: 4 } }).service;
    assert.equal(b.scale, 4);
    assert.equal(b.deploy?.replicas, 4);
    const c = web({ scale: 2, deploy: { replicas: '2' } });
    assert.deepEqual(c.issues, []);
  });

  it('05-services.md scale: scale and deploy.replicas with different values conflict', () => {
    assert.deepEqual(paths(web({ scale: 2, deploy: { replicas: 3 } }).issues), [['COMPOSE_INVALID_VALUE', ['services', 'web', 'scale']]]);
  });

  it('deploy.md resources: cpus, mem_limit, mem_reservation, pids_limit must agree with deploy resources', () => {
    const { issues } = web({
      cpus: 1,
      mem_limit: '1g',
      mem_reservation: '1g',
      pids_limit: 10,
      deploy: { resources: { limits: { cpus: '0.5', memory: '2g', pids: 11 }, reservations: { memory: '512m' } } },
    });
    assert.deepEqual(paths(issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'cpus']],
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'mem_limit']],
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'mem_reservation']],
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'pids_limit']],
    ]);
    assert.deepEqual(web({ cpus: '0.5', deploy: { resources: { limits: { cpus: 0.5 } } } }).issues, []);
  });

  it('deploy.md: a deploy section that is null is left out', () => {
    assert.equal(web({ deploy: null }).service.deploy, undefined);
  });
});

describe('ulimits, devices, gpus, logging (05-services.md)', () => {
  it('05-services.md ulimits: a single value stays a number, soft/hard become numbers', () => {
    const { service, issues } = web({ ulimits: { nproc: 65535, nofile: { soft: '20000', hard: 40000 }, core: '-1' } });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.ulimits, { core: -1, nofile: { hard: 40000, soft: 20000 }, nproc: 65535 });
  });

  it('05-services.md ulimits: soft above hard, or a missing half, is reported', () => {
    assert.deepEqual(paths(web({ ulimits: { nofile: { soft: 2, hard: 1 }, nproc: { soft: 1 } } }).issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ulimits', 'nofile']],
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ulimits', 'nproc']],
    ]);
  });

  it('05-services.md devices: short syntax becomes {source, target, permissions}', () => {
    assert.deepEqual(web({ devices: ['/dev/ttyUSB0', '/dev/sda:/dev/xvda:rwm', '/dev/a:/dev/b', { source: '/dev/c' }] }).service.devices, [
      { permissions: 'rwm', source: '/dev/ttyUSB0', target: '/dev/ttyUSB0' },
      { permissions: 'rwm', source: '/dev/sda', target: '/dev/xvda' },
      { permissions: 'rwm', source: '/dev/a', target: '/dev/b' },
      { source: '/dev/c' },
    ]);
    assert.deepEqual(paths(web({ devices: ['a:b:c:d'] }).issues), [['COMPOSE_INVALID_VALUE', ['services', 'web', 'devices', 0]]]);
  });

  it('05-services.md gpus: "all" is one request for all devices', () => {
    assert.deepEqual(web({ gpus: 'all' }).service.gpus, [{ count: 'all' }]);
    assert.deepEqual(web({ gpus: [{ driver: 'nvidia', count: 1 }] }).service.gpus, [{ count: 1, driver: 'nvidia' }]);
  });

  it('05-services.md logging: options values become strings', () => {
    assert.deepEqual(web({ logging: { driver: 'json-file', options: { 'max-size': '200k', 'max-file': 10, other: null } } }).service.logging, {
      driver: 'json-file',
      options: { 'max-file': '10', 'max-size': '200k' },
    });
  });
});

describe('other service keys (05-services.md)', () => {
  it('05-services.md: plain keys pass through, string-or-list keys become lists, label_file paths absolute', () => {
    const { service, issues } = web({
      container_name: 'my-web',
      hostname: 'web',
      domainname: 'example.com',
      user: '1000:1000',
      working_dir: '/app',
      restart: 'unless-stopped',
      stop_signal: 'SIGINT',
      platform: 'linux/amd64',
      pull_policy: 'if_not_present',
      dns: '8.8.8.8',
      dns_search: ['example.com'],
      dns_opt: ['use-vc'],
      cap_add: ['NET_ADMIN'],
      cap_drop: ['ALL'],
      group_add: ['mail', 1000],
      security_opt: ['label:user:USER'],
      profiles: ['debug'],
      external_links: ['redis_1'],
      links: ['db'],
      volumes_from: ['db'],
      label_file: './labels',
      storage_opt: { size: '1G' },
      cgroup: 'private',
      cgroup_parent: 'm-executor',
      ipc: 'shareable',
      pid: 'host',
      uts: 'host',
      userns_mode: 'host',
      runtime: 'runc',
      isolation: 'default',
      mac_address: '02:42:ac:11:65:43',
      cpuset: '0-3',
      device_cgroup_rules: ['c 1:3 mr'],
      credential_spec: { file: 'spec.json' },
    });
    assert.deepEqual(issues, []);
    assert.equal(service.pull_policy, 'missing');
    assert.deepEqual(service.dns, ['8.8.8.8']);
    assert.deepEqual(service.group_add, ['mail', '1000']);
    assert.deepEqual(service.label_file, ['/project/labels']);
    assert.deepEqual(service.storage_opt, { size: '1G' });
    assert.deepEqual(service.credential_spec, { file: 'spec.json' });
    assert.equal(service.container_name, 'my-web');
    assert.equal(service.cgroup, 'private');
  });

  it('05-services.md post_start, pre_stop: hooks get their command split and environment as a mapping', () => {
    const { service, issues } = web({
      post_start: [{ command: 'echo started', user: 'root', privileged: 'true', environment: ['A=1'] }],
      pre_stop: [{ command: ['./stop.sh'], working_dir: '/app' }],
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.post_start, [{ command: ['echo', 'started'], environment: { A: '1' }, privileged: true, user: 'root' }]);
    assert.deepEqual(service.pre_stop, [{ command: ['./stop.sh'], working_dir: '/app' }]);
  });

  it('develop.md watch: paths become absolute, ignore strings become lists', () => {
    const { service, issues } = web({
      develop: { watch: [{ action: 'sync', path: './src', target: '/app/src', ignore: 'node_modules/' }, { action: 'rebuild', path: 'package.json' }] },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.develop, {
      watch: [
        { action: 'sync', ignore: ['node_modules/'], path: '/project/src', target: '/app/src' },
        { action: 'rebuild', path: '/project/package.json' },
      ],
    });
  });

  it('05-services.md provider and models: kept in their long form', () => {
    const { service, issues } = web({
      provider: { type: 'model', options: { model: 'ai/smollm2', flags: ['-v', 1] } },
      models: ['llm'],
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.provider, { options: { flags: ['-v', 1], model: 'ai/smollm2' }, type: 'model' });
    assert.deepEqual(service.models, { llm: null });
  });

  it('11-extension.md: x-* keys of a service are kept, deep-copied', () => {
    const ext = { nested: { list: [1, 'a', null] } };
    const { service } = web({ 'x-custom': ext });
    assert.deepEqual(service['x-custom'], ext);
    assert.notEqual(service['x-custom'], ext);
  });

  it('05-services.md: a key set to null is left out (as after an override to null)', () => {
    const { service, issues } = web({ command: null, ports: null, environment: null, pid: null });
    assert.deepEqual(issues, []);
    assert.equal(service.command, undefined);
    assert.equal(service.ports, undefined);
    assert.equal(service.environment, undefined);
  });

  it('05-services.md: an unknown key is a warning at its path, extends is dropped silently', () => {
    const { service, issues } = web({ colour: 'blue', extends: { service: 'base' } });
    assert.deepEqual(issues.map((i) => [i.code, i.severity, i.path]), [['COMPOSE_INVALID_VALUE', 'warning', ['services', 'web', 'colour']]]);
    assert.equal('extends' in service, false);
  });

  it('05-services.md: the keys of a service come out in alphabetical order', () => {
    const { service } = web({ restart: 'always', environment: { A: '1' }, command: 'x', build: '.' });
    const keys = Object.keys(service);
    assert.deepEqual(keys, [...keys].sort());
    assert.deepEqual(Object.keys(service.build ?? {}), ['context', 'dockerfile']);
  });
});

describe('restart (05-services.md restart)', () => {
  it('05-services.md restart: no, always, on-failure[:N] and unless-stopped are kept', () => {
    for (const policy of ['no', 'always', 'on-failure', 'on-failure:3', 'unless-stopped']) {
      const { service, issues } = web({ restart: policy });
      assert.equal(service.restart, policy);
      assert.deepEqual(issues, []);
    }
  });

  it('05-services.md restart: any other policy is COMPOSE_INVALID_VALUE at the key', () => {
    for (const policy of ['sometimes', 'on-failure:x', 'always ']) {
      assert.deepEqual(paths(web({ restart: policy }).issues), [['COMPOSE_INVALID_VALUE', ['services', 'web', 'restart']]]);
    }
  });
});
