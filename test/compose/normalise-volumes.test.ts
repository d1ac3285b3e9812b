/** Service `volumes` and `tmpfs` (05-services.md volumes, tmpfs) in compose/normalise. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IssueReport } from '../../compose/issues.js';
import type { ServiceSpec, ServiceVolumeSpec } from '../../compose/spec.js';
import { normaliseWeb } from '../helpers/normalise.js';

/** `web` in a project that declares the named volume `data`. */
function web(service: Record<string, unknown>): { service: ServiceSpec; issues: IssueReport[] } {
  return normaliseWeb(service, { top: { volumes: { data: null } } });
}

function mounts(...specs: unknown[]): ServiceVolumeSpec[] {
  const { service, issues } = web({ volumes: specs });
  assert.deepEqual(issues, []);
  return service.volumes ?? [];
}

function mount(spec: unknown): ServiceVolumeSpec | undefined {
  return mounts(spec)[0];
}

describe('volumes, short syntax (05-services.md volumes)', () => {
  it('05-services.md volumes: a name source is a named volume with volume: {}', () => {
    assert.deepEqual(mount('data:/var/lib/data'), { source: 'data', target: '/var/lib/data', type: 'volume', volume: {} });
  });

  it('05-services.md volumes: a target alone is an anonymous volume', () => {
    assert.deepEqual(mount('/data'), { target: '/data', type: 'volume', volume: {} });
  });

  it('05-services.md volumes: a relative source is a bind mount made absolute against the project directory', () => {
    assert.deepEqual(mount('./src:/app/src'), {
      bind: { create_host_path: true },
      source: '/project/src',
      target: '/app/src',
      type: 'bind',
    });
    assert.equal(mount('../shared:/shared')?.source, '/shared');
    assert.equal(mount('./:/app')?.source, '/project');
  });

  it('05-services.md volumes: ~ in a bind source is the home directory', () => {
    assert.equal(mount('~/.ssh:/root/.ssh')?.source, '/home/u/.ssh');
    assert.equal(mount('~:/home')?.source, '/home/u');
  });

  it('05-services.md volumes: an absolute bind source is kept as written', () => {
    assert.deepEqual(mount('/var/run/docker.sock:/var/run/docker.sock'), {
      bind: { create_host_path: true },
      source: '/var/run/docker.sock',
      target: '/var/run/docker.sock',
      type: 'bind',
    });
  });

  it('05-services.md volumes: :ro sets read_only, :rw leaves it out', () => {
    assert.equal(mount('./a:/a:ro')?.read_only, true);
    assert.equal(mount('data:/a:ro')?.read_only, true);
    assert.equal('read_only' in (mount('./a:/a:rw') ?? {}), false);
  });

  it('05-services.md volumes: z/Z and propagation options set bind options', () => {
    assert.deepEqual(mount('./a:/a:ro,z')?.bind, { create_host_path: true, selinux: 'z' });
    assert.deepEqual(mount('./a:/a:Z')?.bind, { create_host_path: true, selinux: 'Z' });
    assert.deepEqual(mount('/a:/a:rshared')?.bind, { create_host_path: true, propagation: 'rshared' });
    assert.deepEqual(mount('/a:/a:rw,slave')?.bind, { create_host_path: true, propagation: 'slave' });
  });

  it('05-services.md volumes: nocopy sets volume.nocopy on a named volume', () => {
    assert.deepEqual(mount('data:/a:nocopy'), { source: 'data', target: '/a', type: 'volume', volume: { nocopy: true } });
  });

  it('05-services.md volumes: a one-letter source is a volume name, not a Windows drive', () => {
    const { service } = web({ volumes: ['v:/data'] });
    assert.deepEqual(service.volumes, [{ source: 'v', target: '/data', type: 'volume', volume: {} }]);
  });

  it('05-services.md volumes: targets are cleaned like a path', () => {
    assert.equal(mount('data:/var/lib/')?.target, '/var/lib');
    assert.equal(mount('/a/./b/../c')?.target, '/a/c');
  });

  it('05-services.md volumes: an option that does not apply is a warning, not an error', () => {
    const { service, issues } = web({ volumes: ['data:/a:z', './b:/b:nocopy', './c:/c:bogus', './d:/d:cached'] });
    assert.deepEqual(
      issues.map((i) => [i.code, i.severity, i.path]),
      [0, 1, 2].map((i) => ['COMPOSE_INVALID_VALUE', 'warning', ['services', 'web', 'volumes', i]]),
    );
    assert.equal(service.volumes?.length, 4);
  });

  it('05-services.md volumes: empty sections and too many colons are reported at their index', () => {
    const { service, issues } = web({ volumes: ['data:/a', 'ab::c', 'a:b:ro:x', '', ':/a', 5] });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [1, 2, 3, 4, 5].map((i) => ['COMPOSE_INVALID_VALUE', ['services', 'web', 'volumes', i]]),
    );
    assert.equal(service.volumes?.length, 1);
  });
});

describe('volumes, long syntax (05-services.md volumes)', () => {
  it('05-services.md volumes: a relative bind source is made absolute; bind options get create_host_path', () => {
    assert.deepEqual(mount({ type: 'bind', source: './conf', target: '/etc/conf', read_only: true, bind: { propagation: 'rprivate' } }), {
      bind: { create_host_path: true, propagation: 'rprivate' },
      read_only: true,
      source: '/project/conf',
      target: '/etc/conf',
      type: 'bind',
    });
  });

  it('05-services.md volumes: a long-syntax bind without bind options gets none', () => {
    assert.deepEqual(mount({ type: 'bind', source: '/x', target: '/x' }), { source: '/x', target: '/x', type: 'bind' });
  });

  it('05-services.md volumes: read_only is only printed when true, "true" strings included', () => {
    assert.equal('read_only' in (mount({ type: 'volume', source: 'data', target: '/d', read_only: false }) ?? {}), false);
    assert.equal(mount({ type: 'volume', source: 'data', target: '/d', read_only: 'true' })?.read_only, true);
  });

  it('05-services.md volumes: tmpfs size becomes bytes and a string mode is octal', () => {
    assert.deepEqual(mount({ type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: '1777' } }), {
      target: '/tmp',
      tmpfs: { mode: 0o1777, size: 64 * 1024 * 1024 },
      type: 'tmpfs',
    });
    assert.deepEqual(mount({ type: 'tmpfs', target: '/tmp', tmpfs: { size: 1000, mode: 448 } })?.tmpfs, { mode: 448, size: 1000 });
  });

  it('05-services.md volumes: volume options keep labels, nocopy and subpath', () => {
    assert.deepEqual(
      mount({ type: 'volume', source: 'data', target: '/d', volume: { nocopy: 'true', subpath: 'sub', labels: ['a=b'] } })?.volume,
      { labels: { a: 'b' }, nocopy: true, subpath: 'sub' },
    );
  });

  it('05-services.md volumes: image mounts and other types pass through', () => {
    assert.deepEqual(mount({ type: 'image', source: 'alpine', target: '/img', image: { subpath: 'etc' } }), {
      image: { subpath: 'etc' },
      source: 'alpine',
      target: '/img',
      type: 'image',
    });
    assert.deepEqual(mount({ type: 'npipe', source: '\\\\.\\pipe\\x', target: '/p', consistency: 'cached' }), {
      consistency: 'cached',
      source: '\\\\.\\pipe\\x',
      target: '/p',
      type: 'npipe',
    });
  });

  it('05-services.md volumes: x-* keys of a mount are kept', () => {
    assert.deepEqual(mount({ type: 'volume', target: '/d', 'x-a': 1 }), { target: '/d', type: 'volume', 'x-a': 1 });
  });

  it('05-services.md volumes: a bad type, a missing target, a bind without source or a bad size are reported', () => {
    const { service, issues } = web({
      volumes: [
        { type: 'weird', target: '/a' },
        { type: 'volume', source: 'data' },
        { type: 'bind', target: '/b' },
        { type: 'tmpfs', target: '/t', tmpfs: { size: 'big' } },
        { type: 'bind', source: '/x', target: '/x', bind: { selinux: 'q' } },
      ],
    });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'volumes', 0, 'type']],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'volumes', 1]],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'volumes', 2]],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'volumes', 3, 'tmpfs', 'size']],
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'volumes', 4, 'bind', 'selinux']],
      ],
    );
    assert.equal(service.volumes?.length, 2);
  });
});

describe('tmpfs (05-services.md tmpfs)', () => {
  it('05-services.md tmpfs: a string becomes a one-item list; a list is kept', () => {
    assert.deepEqual(web({ tmpfs: '/run' }).service.tmpfs, ['/run']);
    assert.deepEqual(web({ tmpfs: ['/run', '/tmp:size=64m'] }).service.tmpfs, ['/run', '/tmp:size=64m']);
  });
});
