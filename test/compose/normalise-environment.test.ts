/**
 * environment, env_file and the other list-or-mapping keys (labels,
 * annotations, sysctls, extra_hosts, build args) in compose/normalise.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IssueReport } from '../../compose/issues.js';
import type { ServiceSpec } from '../../compose/spec.js';
import { normaliseWeb } from '../helpers/normalise.js';

interface Options {
  env?: Record<string, string>;
  files?: Record<string, string>;
}

/** `web` with a project environment and readable files. */
function web(service: Record<string, unknown>, opts: Options = {}): { service: ServiceSpec; issues: IssueReport[] } {
  const files = opts.files ?? {};
  return normaliseWeb(service, {
    ctx: {
      env: opts.env ?? {},
      readFile: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined),
    },
  });
}

describe('environment (05-services.md environment)', () => {
  it('05-services.md environment: a list of KEY=VAL becomes a mapping; the value keeps further = signs', () => {
    const { service, issues } = web({ environment: ['A=1', 'B=x=y', 'C=', 'D=with spaces'] });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.environment, { A: '1', B: 'x=y', C: '', D: 'with spaces' });
  });

  it('05-services.md environment: KEY alone takes the project environment value, or is left out', () => {
    const { service } = web({ environment: ['HOME_DIR', 'MISSING', 'X=1'] }, { env: { HOME_DIR: '/h' } });
    assert.deepEqual(service.environment, { HOME_DIR: '/h', X: '1' });
  });

  it('05-services.md environment: in a mapping, null takes the project environment value or is left out; scalars become strings', () => {
    const { service, issues } = web(
      { environment: { A: 1, B: true, C: false, D: null, E: null, F: 'str', G: 1.5 } },
      { env: { D: 'from-env' } },
    );
    assert.deepEqual(issues, []);
    assert.deepEqual(service.environment, { A: '1', B: 'true', C: 'false', D: 'from-env', F: 'str', G: '1.5' });
  });

  it('05-services.md environment: inherited names such as "constructor" are not read from Object.prototype', () => {
    const { service } = web({ environment: ['constructor', 'toString'] });
    assert.deepEqual(service.environment, {});
  });

  it('05-services.md environment: a key named __proto__ is an ordinary variable', () => {
    const { service } = web({ environment: ['__proto__=x'] });
    assert.equal(Object.getOwnPropertyDescriptor(service.environment, '__proto__')?.value, 'x');
  });

  it('05-services.md environment: entries without a key or with nested values are reported at their path', () => {
    const { issues } = web({ environment: ['=x', 'OK=1', { a: 1 }] });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'environment', 0]],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'environment', 2]],
      ],
    );
    const nested = web({ environment: { A: { b: 1 } } });
    assert.deepEqual(
      nested.issues.map((i) => [i.code, i.path]),
      [['COMPOSE_INVALID_VALUE', ['services', 'web', 'environment', 'A']]],
    );
  });
});

describe('env_file (05-services.md env_file)', () => {
  const files = {
    '/project/.env.web': 'A=from-file\nB=from-file\n# comment\nexport C="quoted ${A}"\n',
    '/project/override.env': 'B=override\nD=${B}-d\n',
    '/etc/abs.env': 'ABS=1',
  };

  it('05-services.md env_file: a string becomes [{path: absolute, required: true}] and its variables join environment', () => {
    const { service, issues } = web({ env_file: '.env.web' }, { files });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.env_file, [{ path: '/project/.env.web', required: true }]);
    assert.deepEqual(service.environment, { A: 'from-file', B: 'from-file', C: 'quoted from-file' });
  });

  it('05-services.md env_file: later files override earlier ones and see their variables; environment wins over all', () => {
    const { service, issues } = web(
      { env_file: ['./.env.web', { path: 'override.env' }, '/etc/abs.env'], environment: { A: 'explicit' } },
      { files },
    );
    assert.deepEqual(issues, []);
    assert.deepEqual(service.env_file, [
      { path: '/project/.env.web', required: true },
      { path: '/project/override.env', required: true },
      { path: '/etc/abs.env', required: true },
    ]);
    assert.deepEqual(service.environment, {
      A: 'explicit',
      ABS: '1',
      B: 'override',
      C: 'quoted from-file',
      D: 'override-d',
    });
  });

  it('05-services.md env_file: variables in an env file fall back to the project environment', () => {
    const { service } = web({ env_file: 'x.env' }, { files: { '/project/x.env': 'X=${SHELL_VAR}' }, env: { SHELL_VAR: 'sh' } });
    assert.deepEqual(service.environment, { X: 'sh' });
  });

  it('05-services.md env_file: KEY alone in environment without a project value leaves the env-file value', () => {
    const { service } = web({ env_file: '.env.web', environment: ['A'] }, { files });
    assert.equal(service.environment?.['A'], 'from-file');
  });

  it('05-services.md env_file: a missing required file is COMPOSE_FILE_NOT_FOUND at that entry', () => {
    const { issues } = web({ env_file: ['.env.web', 'missing.env'] }, { files });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [['COMPOSE_FILE_NOT_FOUND', ['services', 'web', 'env_file', 1]]],
    );
    const single = web({ env_file: 'missing.env' });
    assert.deepEqual(
      single.issues.map((i) => [i.code, i.path]),
      [['COMPOSE_FILE_NOT_FOUND', ['services', 'web', 'env_file']]],
    );
  });

  it('05-services.md env_file: a missing optional file is ignored; required "false" from interpolation counts', () => {
    const { service, issues } = web({ env_file: [{ path: 'missing.env', required: 'false' }, { path: '.env.web', required: true }] }, { files });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.env_file, [
      { path: '/project/missing.env', required: false },
      { path: '/project/.env.web', required: true },
    ]);
    assert.equal(service.environment?.['A'], 'from-file');
  });

  it('05-services.md env_file: format raw takes lines literally', () => {
    const { service } = web({ env_file: { path: 'raw.env', format: 'raw' } }, { files: { '/project/raw.env': 'A="q" ${X}\n' } });
    assert.deepEqual(service.env_file, [{ format: 'raw', path: '/project/raw.env', required: true }]);
    assert.deepEqual(service.environment, { A: '"q" ${X}' });
  });

  it('05-services.md env_file: a bad line in an env file is reported with its position and the env_file path', () => {
    const { issues } = web({ env_file: 'bad.env' }, { files: { '/project/bad.env': 'OK=1\nBAD KEY=2\n' } });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path, i.pos]),
      [['COMPOSE_INVALID_VALUE', ['services', 'web', 'env_file'], { file: '/project/bad.env', line: 2, col: 1 }]],
    );
  });

  it('05-services.md env_file: an entry without a path is reported', () => {
    const { issues } = web({ env_file: [{ required: true }] });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [['COMPOSE_INVALID_VALUE', ['services', 'web', 'env_file', 0, 'path']]],
    );
  });
});

describe('labels, annotations, sysctls (05-services.md labels, annotations, sysctls)', () => {
  it('05-services.md labels: a list becomes a mapping; KEY alone is an empty value', () => {
    const { service, issues } = web({
      labels: ['com.example.a=1', 'com.example.flag'],
      annotations: ['a=b'],
      sysctls: ['net.core.somaxconn=1024', 'net.ipv4.tcp_syncookies=0'],
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.labels, { 'com.example.a': '1', 'com.example.flag': '' });
    assert.deepEqual(service.annotations, { a: 'b' });
    assert.deepEqual(service.sysctls, { 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' });
  });

  it('05-services.md labels: mapping values become strings', () => {
    const { service } = web({ labels: { a: 1, b: true, c: null }, sysctls: { 'net.core.somaxconn': 1024 } });
    assert.deepEqual(service.labels, { a: '1', b: 'true', c: '' });
    assert.deepEqual(service.sysctls, { 'net.core.somaxconn': '1024' });
  });

  it('05-services.md labels: keys come out in alphabetical order', () => {
    const { service } = web({ labels: { z: '1', a: '2', m: '3' } });
    assert.deepEqual(Object.keys(service.labels ?? {}), ['a', 'm', 'z']);
  });

  it('05-services.md labels: a value that is neither list nor mapping is reported', () => {
    const { issues } = web({ labels: 'a=b' });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [['COMPOSE_INVALID_VALUE', ['services', 'web', 'labels']]],
    );
  });
});

describe('extra_hosts (05-services.md extra_hosts)', () => {
  it('05-services.md extra_hosts: host:ip and host=ip lists become sorted host=ip entries', () => {
    const { service, issues } = web({ extra_hosts: ['somehost:162.242.195.82', 'otherhost=50.31.209.229', 'myhostv6=::1'] });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.extra_hosts, ['myhostv6=::1', 'otherhost=50.31.209.229', 'somehost=162.242.195.82']);
  });

  it('05-services.md extra_hosts: IPv6 in brackets loses the brackets; host:ip with an IPv6 address splits at the first colon', () => {
    const { service } = web({ extra_hosts: ['v6:[::1]', 'other:::2', 'host.docker.internal:host-gateway'] });
    assert.deepEqual(service.extra_hosts, ['host.docker.internal=host-gateway', 'other=::2', 'v6=::1']);
  });

  it('05-services.md extra_hosts: a mapping (one address or a list) gives one entry per address', () => {
    const { service } = web({ extra_hosts: { b: '10.0.0.2', a: ['10.0.0.1', '[fe80::1]'] } });
    assert.deepEqual(service.extra_hosts, ['a=10.0.0.1', 'a=fe80::1', 'b=10.0.0.2']);
  });

  it('05-services.md extra_hosts: comma-separated addresses give one entry each', () => {
    assert.deepEqual(web({ extra_hosts: ['h=10.0.0.1,10.0.0.2'] }).service.extra_hosts, ['h=10.0.0.1', 'h=10.0.0.2']);
  });

  it('05-services.md extra_hosts: an entry without an address or host is reported at its index', () => {
    const { issues } = web({ extra_hosts: ['nohost', '=1.2.3.4', 'ok=1.1.1.1'] });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'extra_hosts', 0]],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'extra_hosts', 1]],
      ],
    );
  });
});

describe('build args (build.md args)', () => {
  it('build.md args: a list becomes a mapping; KEY alone takes the project environment or is dropped', () => {
    const { service, issues } = web({ build: { context: '.', args: ['A=1', 'FROM_ENV', 'NOT_SET'] } }, { env: { FROM_ENV: 'e' } });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.build?.args, { A: '1', FROM_ENV: 'e' });
  });

  it('build.md args: mapping values become strings; null takes the project environment', () => {
    const { service } = web({ build: { args: { N: 1, B: false, E: null, U: null } } }, { env: { E: 'env' } });
    assert.deepEqual(service.build?.args, { B: 'false', E: 'env', N: '1' });
  });
});
