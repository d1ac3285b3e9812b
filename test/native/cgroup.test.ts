// cgroups beyond the v1 limits of runtime.test.ts: the v1 cpuset, and
// cgroup v2. This host is hybrid (v1 controllers, an empty cgroup2 at
// /sys/fs/cgroup/unified), so v2 limits cannot be applied here: the values
// orc-runtime would write are checked through `orc-check cgroup-v2`, and the
// v2 mechanics (mkdir, subtree_control, joining through cgroup.procs,
// removal) on the real unified hierarchy with ORC_CGROUP_ROOT pointing at it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rmdirEach } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { type Json, cgroupDirs, config, makeBundle, runtimes as runtimesFor, type Runtime } from './helpers/bundle.js';
import { nativeSkipReason } from './helpers/runtime-cli.js';

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
const orcCheck = join(repoRoot, 'native', 'build', 'orc-check');
const UNIFIED = '/sys/fs/cgroup/unified';
const CGROUP2_SUPER_MAGIC = 0x63677270;

const skip = nativeSkipReason('namespaces, cgroups', [orcRuntime, orcCheck]);
const runtimes: Runtime[] = runtimesFor(orcRuntime, skip);
const work = mkdtempSync(join(tmpdir(), 'orc-cgroup-'));
after(() => rmSync(work, { recursive: true, force: true }));

function isCgroup2(path: string): boolean {
  try {
    return statfsSync(path).type === CGROUP2_SUPER_MAGIC;
  } catch {
    return false;
  }
}

/** What create would write on a v2 host for these resources. */
function v2Knobs(resources: Json): string[] {
  const dir = mkdtempSync(join(work, 'check-'));
  mkdirSync(join(dir, 'rootfs'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ process: { args: ['true'] }, root: { path: 'rootfs' }, linux: { resources } }));
  const r = spawnSync(orcCheck, ['cgroup-v2', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean);
}

describe('cgroup v2 values (orc-check)', { skip: existsSync(orcCheck) ? false : 'native/build is missing' }, () => {
  it('memory.max, and memory.swap.max as OCI swap (memory+swap) minus memory', () => {
    assert.deepEqual(v2Knobs({ memory: { limit: 64 << 20, swap: 128 << 20 } }), [`memory.max ${64 << 20}`, `memory.swap.max ${64 << 20}`]);
    assert.deepEqual(v2Knobs({ memory: { limit: 64 << 20, swap: -1 } }), [`memory.max ${64 << 20}`, 'memory.swap.max max']);
    assert.deepEqual(v2Knobs({ memory: { limit: 64 << 20, swap: 64 << 20 } }), [`memory.max ${64 << 20}`, 'memory.swap.max 0']);
  });

  it('cpu.shares become cpu.weight (2 -> 1, 1024 -> 39, 262144 -> 10000); quota/period become cpu.max', () => {
    const weight = (shares: number): string[] => v2Knobs({ cpu: { shares } });
    assert.deepEqual(weight(2), ['cpu.weight 1']);
    assert.deepEqual(weight(1024), ['cpu.weight 39']);
    assert.deepEqual(weight(262144), ['cpu.weight 10000']);
    assert.deepEqual(weight(512), ['cpu.weight 20']);
    assert.deepEqual(v2Knobs({ cpu: { quota: 50_000, period: 100_000 } }), ['cpu.max 50000 100000']);
    assert.deepEqual(v2Knobs({ cpu: { quota: 150_000 } }), ['cpu.max 150000 100000']);
    assert.deepEqual(v2Knobs({ cpu: { quota: -1, period: 50_000 } }), ['cpu.max max 50000']);
  });

  it('cpuset.cpus/mems and pids.max', () => {
    assert.deepEqual(v2Knobs({ cpu: { cpus: '0-1', mems: '0' }, pids: { limit: 42 } }), ['cpuset.cpus 0-1', 'cpuset.mems 0', 'pids.max 42']);
    assert.deepEqual(v2Knobs({ pids: { limit: -1 } }), ['pids.max max']);
    assert.deepEqual(v2Knobs({}), []);
  });
});

describe('orc-runtime on a cgroup2 hierarchy (the hybrid host\'s unified one)', {
  skip: skip || (!isCgroup2(UNIFIED) && `${UNIFIED} is not a cgroup2 mount`),
}, () => {
  const env = { ...process.env, ORC_CGROUP_ROOT: UNIFIED };
  const parent = `/orc-test-v2-${process.pid}-${randomBytes(4).toString('hex')}`;
  const state = join(work, 'state-v2');
  after(() => rmdirEach([join(UNIFIED, parent, 'c'), join(UNIFIED, parent, 'limited'), join(UNIFIED, parent)]));

  const create = (name: string, resources: Json) => {
    const b = makeBundle((cg) => config(['/bin/sleep', '30'], `${parent}/${name}`, (c) => { c.linux['resources'] = resources; void cg; }), 'orc-cgroup-bundle-');
    const log = join(b.dir, 'log');
    const fd = openSync(log, 'a');
    try {
      const r = spawnSync(orcRuntime, ['--root', state, 'create', '--bundle', b.dir, b.id], { env, stdio: ['ignore', fd, fd], timeout: 30_000 });
      return { b, status: r.status, log: readFileSync(log, 'utf8') };
    } finally {
      closeSync(fd);
    }
  };
  const destroy = (id: string, dir: string): void => {
    spawnSync(orcRuntime, ['--root', state, 'delete', '--force', id], { env, stdio: 'ignore', timeout: 10_000 });
    rmSync(dir, { recursive: true, force: true });
  };

  it('creates the cgroup, enables the offered controllers in the parent, joins through cgroup.procs and removes it on delete', () => {
    const { b, status, log } = create('c', {});
    try {
      assert.equal(status, 0, log);
      const st = JSON.parse(spawnSync(orcRuntime, ['--root', state, 'state', b.id], { env, encoding: 'utf8' }).stdout) as { pid: number };
      const dir = join(UNIFIED, parent, 'c');
      assert.ok(readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').includes(String(st.pid)));
      assert.match(readFileSync(`/proc/${st.pid}/cgroup`, 'utf8'), new RegExp(`^0::${parent}/c$`, 'm'));
      const offered = readFileSync(join(UNIFIED, parent, 'cgroup.controllers'), 'utf8').trim();
      assert.equal(readFileSync(join(UNIFIED, parent, 'cgroup.subtree_control'), 'utf8').trim(), offered);
      const del = spawnSync(orcRuntime, ['--root', state, 'delete', '--force', b.id], { env, encoding: 'utf8' });
      assert.equal(del.status, 0, del.stderr);
      assert.equal(existsSync(dir), false);
    } finally {
      destroy(b.id, b.dir);
    }
  });

  it('a limit whose controller the hierarchy lacks is refused by name, with nothing left behind', () => {
    const available = readFileSync(join(UNIFIED, 'cgroup.controllers'), 'utf8');
    if (/\bmemory\b/.test(available)) return; // a real v2 host: the limit would apply
    const { b, status, log } = create('limited', { memory: { limit: 64 << 20 } });
    try {
      assert.equal(status, 1);
      assert.match(log, /the memory controller \(for memory\.max\) is not available in .*limited/);
      assert.equal(existsSync(join(UNIFIED, parent, 'limited')), false);
    } finally {
      destroy(b.id, b.dir);
    }
  });
});

for (const rt of runtimes) {
  describe(`${rt.name}: cgroup v1 cpuset`, { skip: rt.skip || (!existsSync('/sys/fs/cgroup/cpuset/cpuset.cpus') && 'needs the v1 cpuset controller') }, () => {
    it('writes cpuset.cpus and cpuset.mems, the init joins, delete removes it', () => {
      const state = join(work, `state-${rt.name}`);
      const b = makeBundle((cg) => config(['/bin/sleep', '30'], cg, (c) => { c.linux['resources'] = { cpu: { cpus: '0', mems: '0' } }; }), 'orc-cgroup-bundle-');
      try {
        const log = join(b.dir, 'log');
        const fd = openSync(log, 'a');
        const r = spawnSync(rt.bin, ['--root', state, 'create', '--bundle', b.dir, b.id], { stdio: ['ignore', fd, fd], timeout: 30_000 });
        closeSync(fd);
        assert.equal(r.status, 0, readFileSync(log, 'utf8'));
        const dir = join('/sys/fs/cgroup/cpuset', b.cgroupsPath);
        assert.equal(readFileSync(join(dir, 'cpuset.cpus'), 'utf8').trim(), '0');
        assert.equal(readFileSync(join(dir, 'cpuset.mems'), 'utf8').trim(), '0');
        const st = JSON.parse(spawnSync(rt.bin, ['--root', state, 'state', b.id], { encoding: 'utf8' }).stdout) as { pid: number };
        assert.ok(readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').includes(String(st.pid)));
        assert.equal(spawnSync(rt.bin, ['--root', state, 'delete', '--force', b.id]).status, 0);
        assert.equal(existsSync(dir), false);
      } finally {
        spawnSync(rt.bin, ['--root', state, 'delete', '--force', b.id], { stdio: 'ignore', timeout: 10_000 });
        rmdirEach(cgroupDirs(b.cgroupsPath));
        rmSync(b.dir, { recursive: true, force: true });
      }
    });
  });
}
