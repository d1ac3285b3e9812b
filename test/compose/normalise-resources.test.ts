/**
 * Top-level networks, volumes, secrets, configs, models and extensions
 * (06-networks.md, 07-volumes.md, 08-configs.md, 09-secrets.md,
 * 11-extension.md) in compose/normalise.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issuePaths as paths, normalise as run } from '../helpers/normalise.js';

describe('networks (06-networks.md)', () => {
  it('06-networks.md name: a network is named <project>_<key> unless named', () => {
    const { model, issues } = run({ networks: { front: null, back: { name: 'custom-back' } } });
    assert.deepEqual(issues, []);
    assert.deepEqual(model.networks, { back: { name: 'custom-back' }, front: { name: 'proj_front' } });
  });

  it('06-networks.md external: an external network is named by its key or its given name', () => {
    const { model } = run({ networks: { ext: { external: true }, named: { external: 'true', name: 'real' }, no: { external: false } } });
    assert.deepEqual(model.networks, {
      ext: { external: true, name: 'ext' },
      named: { external: true, name: 'real' },
      no: { name: 'proj_no' },
    });
  });

  it('06-networks.md external: the legacy external: {name} becomes external: true with name', () => {
    assert.deepEqual(run({ networks: { old: { external: { name: 'legacy' } } } }).model.networks, {
      old: { external: true, name: 'legacy' },
    });
  });

  it('06-networks.md external: name and external.name that differ conflict', () => {
    assert.deepEqual(paths(run({ networks: { old: { name: 'a', external: { name: 'b' } } } }).issues), [
      ['COMPOSE_INVALID_VALUE', ['networks', 'old', 'external', 'name']],
    ]);
  });

  it('06-networks.md: driver, driver_opts, ipam, labels and flags are kept and converted', () => {
    const { model, issues } = run({
      networks: {
        net: {
          driver: 'bridge',
          driver_opts: { 'com.docker.network.driver.mtu': 1450 },
          attachable: 'true',
          internal: false,
          enable_ipv6: true,
          enable_ipv4: 'true',
          labels: ['a=b'],
          ipam: {
            driver: 'default',
            config: [{ subnet: '172.28.0.0/16', ip_range: '172.28.5.0/24', gateway: '172.28.5.254', aux_addresses: { host1: '172.28.1.5' } }],
            options: { foo: 'bar' },
          },
          'x-meta': 'kept',
        },
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(model.networks['net'], {
      attachable: true,
      driver: 'bridge',
      driver_opts: { 'com.docker.network.driver.mtu': '1450' },
      enable_ipv4: true,
      enable_ipv6: true,
      internal: false,
      ipam: {
        config: [{ aux_addresses: { host1: '172.28.1.5' }, gateway: '172.28.5.254', ip_range: '172.28.5.0/24', subnet: '172.28.0.0/16' }],
        driver: 'default',
        options: { foo: 'bar' },
      },
      labels: { a: 'b' },
      name: 'proj_net',
      'x-meta': 'kept',
    });
  });

  it('06-networks.md: a network that is not a mapping is reported', () => {
    assert.deepEqual(paths(run({ networks: { bad: 'x' } }).issues), [['COMPOSE_INVALID_VALUE', ['networks', 'bad']]]);
  });
});

describe('volumes (07-volumes.md)', () => {
  it('07-volumes.md name: volumes are named <project>_<key>, external ones by key or name', () => {
    const { model, issues } = run({
      volumes: { data: null, named: { name: 'my-data' }, ext: { external: true }, old: { external: { name: 'legacy' } } },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(model.volumes, {
      data: { name: 'proj_data' },
      ext: { external: true, name: 'ext' },
      named: { name: 'my-data' },
      old: { external: true, name: 'legacy' },
    });
  });

  it('07-volumes.md driver_opts: a local bind volume has its device made absolute; options become strings', () => {
    const { model } = run({
      volumes: { bound: { driver: 'local', driver_opts: { type: 'none', o: 'bind', device: './data' }, labels: { a: 1 } } },
    });
    assert.deepEqual(model.volumes['bound'], {
      driver: 'local',
      driver_opts: { device: '/project/data', o: 'bind', type: 'none' },
      labels: { a: '1' },
      name: 'proj_bound',
    });
  });
});

describe('secrets and configs (08-configs.md, 09-secrets.md)', () => {
  it('09-secrets.md: file paths become absolute; names are <project>_<key>', () => {
    const { model, issues } = run({
      secrets: {
        db: { file: './db_password.txt' },
        token: { environment: 'TOKEN' },
        ext: { external: true },
        home: { file: '~/secret' },
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(model.secrets, {
      db: { file: '/project/db_password.txt', name: 'proj_db' },
      ext: { external: true, name: 'ext' },
      home: { file: '/home/u/secret', name: 'proj_home' },
      token: { environment: 'TOKEN', name: 'proj_token' },
    });
  });

  it('08-configs.md: file, content, environment, labels and template_driver are kept', () => {
    const { model } = run({
      configs: {
        a: { file: 'conf/a.conf', labels: ['x=y'], template_driver: 'golang' },
        b: { content: 'debug=${DEBUG}' },
        c: { external: true, name: 'shared-conf' },
      },
    });
    assert.deepEqual(model.configs, {
      a: { file: '/project/conf/a.conf', labels: { x: 'y' }, name: 'proj_a', template_driver: 'golang' },
      b: { content: 'debug=${DEBUG}', name: 'proj_b' },
      c: { external: true, name: 'shared-conf' },
    });
  });
});

describe('the project document (04-version-and-name.md, 11-extension.md)', () => {
  it('04-version-and-name.md: the model is named after the project; version, name and include are consumed', () => {
    const { model, issues } = run({ version: '3.8', name: 'ignored-here', include: ['x.yaml'], services: {} });
    assert.deepEqual(issues, []);
    assert.equal(model.name, 'proj');
  });

  it('11-extension.md: top-level x-* keys become extensions, in alphabetical order', () => {
    const { model } = run({ 'x-b': { z: 1, a: 2 }, 'x-a': [1, 2] });
    assert.deepEqual(model.extensions, { 'x-a': [1, 2], 'x-b': { a: 2, z: 1 } });
    assert.deepEqual(Object.keys(model.extensions), ['x-a', 'x-b']);
    assert.deepEqual(Object.keys(model.extensions['x-b'] as object), ['a', 'z']);
  });

  it('05-services.md: services come out in alphabetical order', () => {
    const { model } = run({ services: { zeta: { image: 'x' }, alpha: { image: 'x' }, mid: { image: 'x' } } });
    assert.deepEqual(Object.keys(model.services), ['alpha', 'mid', 'zeta']);
  });

  it('the top-level models section is kept only when present', () => {
    assert.equal(run({}).model.models, undefined);
    const { model, issues } = run({ models: { llm: { model: 'ai/smollm2', context_size: '4096', runtime_flags: ['--verbose'] } } });
    assert.deepEqual(issues, []);
    assert.deepEqual(model.models, { llm: { context_size: 4096, model: 'ai/smollm2', runtime_flags: ['--verbose'] } });
  });

  it('sections that are not mappings are reported, the rest still normalised', () => {
    const { model, issues } = run({ services: ['web'], networks: 'x', volumes: { v: null } });
    assert.deepEqual(paths(issues), [
      ['COMPOSE_INVALID_VALUE', ['services']],
      ['COMPOSE_INVALID_VALUE', ['networks']],
    ]);
    assert.deepEqual(model.volumes, { v: { name: 'proj_v' } });
  });

  it('an unknown top-level key is a warning', () => {
    assert.deepEqual(
      run({ servics: {} }).issues.map((i) => [i.code, i.severity, i.path]),
      [['COMPOSE_INVALID_VALUE', 'warning', ['servics']]],
    );
  });
});
