/**
 * checkProject: the checks that look at the whole normalised project
 * (05-services.md depends_on, links, network_mode, volumes_from, networks,
 * volumes, secrets, configs, container_name, ports).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IssueReport } from '../../compose/issues.js';
import { checkProject } from '../../compose/semantic.js';
import type { ComposeModel } from '../../compose/spec.js';
import { normalise } from '../helpers/normalise.js';

function normalised(doc: Record<string, unknown>): ComposeModel {
  const { model, issues } = normalise(doc);
  assert.deepEqual(issues.filter((i) => i.severity !== 'warning'), [], 'the test document should normalise cleanly');
  return model;
}

function check(doc: Record<string, unknown>): IssueReport[] {
  const issues: IssueReport[] = [];
  checkProject(normalised(doc), (i) => issues.push(i));
  return issues;
}

const summary = (issues: IssueReport[]): Array<[string, string | undefined, ReadonlyArray<string | number>]> =>
  issues.map((i) => [i.code, i.severity, i.path]);

describe('dependency cycles (05-services.md depends_on)', () => {
  it('05-services.md depends_on: a cycle is reported once, named from its first service', () => {
    const issues = check({
      services: { a: { image: 'x', depends_on: ['b'] }, b: { image: 'x', depends_on: ['c'] }, c: { image: 'x', depends_on: ['a'] } },
    });
    assert.deepEqual(summary(issues), [['COMPOSE_DEPENDENCY_CYCLE', 'error', ['services', 'a', 'depends_on', 'b']]]);
    assert.match(issues[0]?.message ?? '', /dependency cycle: a -> b -> c -> a/);
  });

  it('05-services.md depends_on: a service depending on itself is a cycle', () => {
    const issues = check({ services: { a: { image: 'x', depends_on: ['a'] } } });
    assert.deepEqual(summary(issues), [['COMPOSE_DEPENDENCY_CYCLE', 'error', ['services', 'a', 'depends_on', 'a']]]);
    assert.match(issues[0]?.message ?? '', /a -> a/);
  });

  it('05-services.md depends_on: separate cycles are each reported; the shortest way round is named', () => {
    const issues = check({
      services: {
        a: { image: 'x', depends_on: ['b', 'c'] },
        b: { image: 'x', depends_on: ['a'] },
        c: { image: 'x', depends_on: ['b'] },
        x: { image: 'x', depends_on: ['y'] },
        y: { image: 'x', depends_on: ['x'] },
        z: { image: 'x', depends_on: ['x'] },
      },
    });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path, i.message]),
      [
        ['COMPOSE_DEPENDENCY_CYCLE', ['services', 'a', 'depends_on', 'b'], 'dependency cycle: a -> b -> a'],
        ['COMPOSE_DEPENDENCY_CYCLE', ['services', 'x', 'depends_on', 'y'], 'dependency cycle: x -> y -> x'],
      ],
    );
  });

  it('05-services.md links: an implicit dependency can close a cycle', () => {
    const issues = check({ services: { a: { image: 'x', links: ['b'] }, b: { image: 'x', depends_on: ['a'] } } });
    assert.deepEqual(summary(issues), [['COMPOSE_DEPENDENCY_CYCLE', 'error', ['services', 'a', 'depends_on', 'b']]]);
  });

  it('05-services.md depends_on: a diamond is not a cycle', () => {
    assert.deepEqual(
      check({
        services: {
          a: { image: 'x', depends_on: ['b', 'c'] },
          b: { image: 'x', depends_on: ['d'] },
          c: { image: 'x', depends_on: ['d'] },
          d: { image: 'x' },
        },
      }),
      [],
    );
  });
});

describe('undefined references', () => {
  it('05-services.md depends_on: an undefined service is an error; a not-required one a warning', () => {
    const issues = check({
      services: { web: { image: 'x', depends_on: { db: { condition: 'service_started' }, opt: { condition: 'service_started', required: false } } } },
    });
    assert.deepEqual(summary(issues), [
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'depends_on', 'db']],
      ['COMPOSE_UNDEFINED_REFERENCE', 'warning', ['services', 'web', 'depends_on', 'opt']],
    ]);
  });

  it('05-services.md links, volumes_from, network_mode, ipc: undefined services are reported at their path; container: is fine', () => {
    const issues = check({
      services: {
        web: {
          image: 'x',
          links: ['db:database', 'cache'],
          volumes_from: ['container:other', 'data:ro'],
          ipc: 'service:ipcsrc',
        },
        net: { image: 'x', network_mode: 'service:nowhere' },
        db: { image: 'x' },
      },
    });
    assert.deepEqual(summary(issues), [
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'net', 'network_mode']],
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'links', 1]],
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'ipc']],
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'volumes_from', 1]],
    ]);
  });

  it('06-networks.md: a service network that is not declared is reported', () => {
    const issues = check({ services: { web: { image: 'x', networks: ['front', 'back'] } }, networks: { front: null } });
    assert.deepEqual(summary(issues), [['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'networks', 'back']]]);
  });

  it('07-volumes.md: a named volume mount needs a top-level volume; binds and anonymous volumes do not', () => {
    const issues = check({
      services: { web: { image: 'x', volumes: ['./a:/a', '/anon', 'data:/data', 'missing:/m', { type: 'volume', source: 'gone', target: '/g' }] } },
      volumes: { data: null },
    });
    assert.deepEqual(summary(issues), [
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'volumes', 3]],
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'volumes', 4]],
    ]);
  });

  it('08-configs.md, 09-secrets.md: undefined secrets, build secrets and configs are reported at their index', () => {
    const issues = check({
      services: { web: { image: 'x', secrets: ['ok', 'nope'], configs: [{ source: 'nada' }], build: { context: '.', secrets: ['nobuild'] } } },
      secrets: { ok: { file: './ok' } },
    });
    assert.deepEqual(summary(issues), [
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'secrets', 1]],
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'build', 'secrets', 0]],
      ['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'configs', 0]],
    ]);
  });

  it('09-secrets.md: a secret with neither file, environment nor content is a warning unless external', () => {
    const issues = check({ secrets: { empty: {}, ext: { external: true } } });
    assert.deepEqual(summary(issues), [['COMPOSE_INVALID_VALUE', 'warning', ['secrets', 'empty']]]);
  });

  it('05-services.md models: a service model that is not declared is reported', () => {
    const issues = check({ services: { web: { image: 'x', models: ['llm'] } } });
    assert.deepEqual(summary(issues), [['COMPOSE_UNDEFINED_REFERENCE', 'error', ['services', 'web', 'models', 'llm']]]);
  });
});

describe('container names (05-services.md container_name)', () => {
  it('05-services.md container_name: two services with the same name are reported at the second', () => {
    const issues = check({ services: { a: { image: 'x', container_name: 'same' }, b: { image: 'x', container_name: 'same' } } });
    assert.deepEqual(summary(issues), [['COMPOSE_DUPLICATE_CONTAINER_NAME', 'error', ['services', 'b', 'container_name']]]);
  });

  it('05-services.md container_name: a container name with more than one replica is an error', () => {
    assert.deepEqual(summary(check({ services: { a: { image: 'x', container_name: 'c', scale: 2 } } })), [
      ['COMPOSE_CONTAINER_NAME_SCALE', 'error', ['services', 'a', 'container_name']],
    ]);
    assert.deepEqual(summary(check({ services: { a: { image: 'x', container_name: 'c', deploy: { replicas: 3 } } } })), [
      ['COMPOSE_CONTAINER_NAME_SCALE', 'error', ['services', 'a', 'container_name']],
    ]);
    assert.deepEqual(check({ services: { a: { image: 'x', container_name: 'c', scale: 1 } } }), []);
  });
});

describe('port conflicts (05-services.md ports)', () => {
  it('05-services.md ports: two services publishing the same host port warn at the second', () => {
    const issues = check({ services: { a: { image: 'x', ports: ['8080:80'] }, b: { image: 'x', ports: ['9000:90', '8080:81'] } } });
    assert.deepEqual(summary(issues), [['COMPOSE_PORT_CONFLICT', 'warning', ['services', 'b', 'ports', 1]]]);
  });

  it('05-services.md ports: the unset or 0.0.0.0 address overlaps with every address', () => {
    assert.equal(check({ services: { a: { image: 'x', ports: ['127.0.0.1:80:80'] }, b: { image: 'x', ports: ['80:80'] } } }).length, 1);
    assert.equal(check({ services: { a: { image: 'x', ports: ['0.0.0.0:80:80'] }, b: { image: 'x', ports: ['10.0.0.1:80:80'] } } }).length, 1);
  });

  it('05-services.md ports: different addresses or protocols do not conflict', () => {
    assert.deepEqual(check({ services: { a: { image: 'x', ports: ['127.0.0.1:80:80'] }, b: { image: 'x', ports: ['127.0.0.2:80:80'] } } }), []);
    assert.deepEqual(check({ services: { a: { image: 'x', ports: ['53:53/udp', '53:53/tcp'] } } }), []);
  });

  it('05-services.md ports: two ports of one service on the same host port conflict; the path is the raw entry', () => {
    const issues = check({ services: { a: { image: 'x', ports: ['8000-8001:80-81', '8001:90'] } } });
    assert.deepEqual(summary(issues), [['COMPOSE_PORT_CONFLICT', 'warning', ['services', 'a', 'ports', 1]]]);
  });

  it('05-services.md ports: a scaled service publishing a fixed port warns; a host range or no host port does not', () => {
    assert.deepEqual(summary(check({ services: { a: { image: 'x', scale: 2, ports: ['80:80'] } } })), [
      ['COMPOSE_PORT_CONFLICT', 'warning', ['services', 'a', 'ports', 0]],
    ]);
    assert.deepEqual(check({ services: { a: { image: 'x', scale: 2, ports: ['8000-8010:80', '90'] } } }), []);
  });
});

describe('other consistency checks (05-services.md)', () => {
  it('05-services.md network_mode: network_mode with networks is an error', () => {
    const issues = check({ services: { a: { image: 'x', network_mode: 'host', networks: ['front'] } }, networks: { front: null } });
    assert.deepEqual(summary(issues), [['COMPOSE_INVALID_VALUE', 'error', ['services', 'a', 'networks']]]);
  });

  it('05-services.md volumes: two mounts on the same target are an error at the second', () => {
    const issues = check({ services: { a: { image: 'x', volumes: ['./a:/data', '/data/'], tmpfs: ['/run'] } } });
    assert.deepEqual(summary(issues), [['COMPOSE_INVALID_VALUE', 'error', ['services', 'a', 'volumes', 1]]]);
    const withTmpfs = check({ services: { a: { image: 'x', volumes: ['./a:/run'], tmpfs: '/run:size=1m' } } });
    assert.deepEqual(summary(withTmpfs), [['COMPOSE_INVALID_VALUE', 'error', ['services', 'a', 'volumes', 0]]]);
  });

  it('05-services.md image: a service with neither image nor build is a warning', () => {
    assert.deepEqual(summary(check({ services: { a: {} } })), [['COMPOSE_INVALID_VALUE', 'warning', ['services', 'a']]]);
  });

  it('checkProject accepts a model built by hand (no recorded raw paths)', () => {
    const issues: IssueReport[] = [];
    checkProject(
      {
        name: 'p',
        services: { a: { image: 'x', ports: [{ mode: 'ingress', protocol: 'tcp', target: 80, published: '80' }], scale: 2 } },
        networks: {},
        volumes: {},
        secrets: {},
        configs: {},
        extensions: {},
      },
      (i) => issues.push(i),
    );
    assert.deepEqual(summary(issues), [['COMPOSE_PORT_CONFLICT', 'warning', ['services', 'a', 'ports', 0]]]);
  });
});
