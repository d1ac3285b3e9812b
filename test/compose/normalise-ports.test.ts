/** `ports` and `expose` (05-services.md ports, expose) in compose/normalise. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServicePortSpec } from '../../compose/spec.js';
import { normaliseWeb as web } from '../helpers/normalise.js';

function ports(...specs: unknown[]): ServicePortSpec[] {
  const { service, issues } = web({ ports: specs });
  assert.deepEqual(issues, []);
  return service.ports ?? [];
}

const tcp = (target: number, published?: string, host_ip?: string): ServicePortSpec => ({
  ...(host_ip === undefined ? {} : { host_ip }),
  mode: 'ingress',
  protocol: 'tcp',
  ...(published === undefined ? {} : { published }),
  target,
});

describe('ports, short syntax (05-services.md ports)', () => {
  it('05-services.md ports: "80" publishes nothing and targets 80', () => {
    assert.deepEqual(ports('80'), [tcp(80)]);
  });

  it('05-services.md ports: a bare number is a container port', () => {
    assert.deepEqual(ports(3000), [tcp(3000)]);
  });

  it('05-services.md ports: "8080:80" publishes host port 8080 as a string', () => {
    assert.deepEqual(ports('8080:80'), [tcp(80, '8080')]);
  });

  it('05-services.md ports: "127.0.0.1:8080:80/udp" carries host IP and protocol', () => {
    assert.deepEqual(ports('127.0.0.1:8080:80/udp'), [
      { host_ip: '127.0.0.1', mode: 'ingress', protocol: 'udp', published: '8080', target: 80 },
    ]);
  });

  it('05-services.md ports: "127.0.0.1::80" binds the IP with an ephemeral host port', () => {
    assert.deepEqual(ports('127.0.0.1::80'), [tcp(80, undefined, '127.0.0.1')]);
  });

  it('05-services.md ports: "[::1]:80:80" and "::1:8080:80" strip IPv6 brackets', () => {
    assert.deepEqual(ports('[::1]:80:80'), [tcp(80, '80', '::1')]);
    assert.deepEqual(ports('::1:8080:80'), [tcp(80, '8080', '::1')]);
    assert.deepEqual(ports('[::1]::80'), [tcp(80, undefined, '::1')]);
  });

  it('05-services.md ports: a host range maps one entry per port', () => {
    assert.deepEqual(ports('8000-8002:80-82'), [tcp(80, '8000'), tcp(81, '8001'), tcp(82, '8002')]);
  });

  it('05-services.md ports: a container range alone expands to one unpublished entry per port', () => {
    assert.deepEqual(ports('3000-3005'), [3000, 3001, 3002, 3003, 3004, 3005].map((p) => tcp(p)));
  });

  it('05-services.md ports: a range crossing a digit boundary stays in numeric order', () => {
    assert.deepEqual(ports('98-101/udp').map((p) => p.target), [98, 99, 100, 101]);
  });

  it('05-services.md ports: a host range for a single container port is kept as a range for the engine to choose from', () => {
    assert.deepEqual(ports('8000-8010:80'), [tcp(80, '8000-8010')]);
  });

  it('05-services.md ports: protocols tcp, udp, sctp are accepted in any case', () => {
    assert.deepEqual(
      ports('53:53/UDP', '9:9/sctp', '7:7/').map((p) => p.protocol),
      ['udp', 'sctp', 'tcp'],
    );
  });

  it('05-services.md ports: invalid short forms are reported at their index and the rest kept', () => {
    const bad = ['8080:80-82', '8000-8001:80-82', '80/icmp', 'abc', '70000', '0', '1.2.3.4.5:80:80', '80:', ':', '', '81-80', 'x:80:80', '80/tcp/x'];
    const { service, issues } = web({ ports: ['8080:80', ...bad] });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      bad.map((_, i) => ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', i + 1]]),
    );
    assert.deepEqual(service.ports, [tcp(80, '8080')]);
  });
});

describe('ports, long syntax (05-services.md ports)', () => {
  it('05-services.md ports: published numbers become strings, target strings numbers, defaults added', () => {
    assert.deepEqual(ports({ target: '80', published: 8080 }), [tcp(80, '8080')]);
  });

  it('05-services.md ports: every long-syntax field is kept', () => {
    assert.deepEqual(
      ports({
        name: 'web',
        target: 80,
        host_ip: '0.0.0.0',
        published: '8000-9000',
        protocol: 'UDP',
        app_protocol: 'http',
        mode: 'host',
        'x-note': { a: 1 },
      }),
      [
        {
          app_protocol: 'http',
          host_ip: '0.0.0.0',
          mode: 'host',
          name: 'web',
          protocol: 'udp',
          published: '8000-9000',
          target: 80,
          'x-note': { a: 1 },
        },
      ],
    );
  });

  it('05-services.md ports: long-syntax keys are printed in alphabetical order', () => {
    const [port] = ports({ target: 80, published: '81', host_ip: '127.0.0.1' });
    assert.deepEqual(Object.keys(port ?? {}), ['host_ip', 'mode', 'protocol', 'published', 'target']);
  });

  it('05-services.md ports: a missing or bad target, protocol, mode, published or host_ip is reported at its key', () => {
    const { service, issues } = web({
      ports: [
        { published: 80 },
        { target: 'eighty' },
        { target: 80, protocol: 'icmp' },
        { target: 80, mode: 'bridge' },
        { target: 80, published: 'x' },
        { target: 80, host_ip: 'localhost' },
        { target: 70000 },
      ],
    });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', 0]],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', 1, 'target']],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', 2, 'protocol']],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', 3, 'mode']],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', 4, 'published']],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', 5, 'host_ip']],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'ports', 6, 'target']],
      ],
    );
    assert.deepEqual(service.ports, []);
  });

  it('05-services.md ports: ports that are neither string, number nor mapping are reported', () => {
    const { issues } = web({ ports: [true, null, 1.5, ['80']] });
    assert.deepEqual(
      issues.map((i) => i.path),
      [0, 1, 2, 3].map((i) => ['services', 'web', 'ports', i]),
    );
  });
});

describe('expose (05-services.md expose)', () => {
  it('05-services.md expose: numbers become strings, ranges and protocols are kept', () => {
    const { service, issues } = web({ expose: [3000, '8000-8010', '53/udp'] });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.expose, ['3000', '8000-8010', '53/udp']);
  });

  it('05-services.md expose: something that is not a port is reported at its index', () => {
    const { issues } = web({ expose: ['3000', 'http'] });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [['COMPOSE_INVALID_VALUE', ['services', 'web', 'expose', 1]]],
    );
  });
});
