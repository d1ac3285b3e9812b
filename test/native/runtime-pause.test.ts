// `pause` / `resume` (runc's command line): the cgroup v1 freezer on this
// hybrid host, against orc-runtime and runc; cgroup v2's cgroup.freeze with
// orc-runtime on the host's unified hierarchy (ORC_CGROUP_ROOT).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statfsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rmdirEach, sleep, waiter } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { type Bundle, config, makeBundle, runtimes as runtimesFor, sh } from './helpers/bundle.js';
import { nativeSkipReason, runtimeCli, tempStateRoot } from './helpers/runtime-cli.js';

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
const skip = nativeSkipReason('namespaces, cgroups', [orcRuntime]);
const runtimes = runtimesFor(orcRuntime, skip);
const stateRoot = tempStateRoot('orc-pause-');
const cli = runtimeCli(stateRoot, 'orc-pause-bundle-');
const waitFor = waiter(10_000, 20);

/** Counts in /count of the rootfs, 20 times a second, forever. */
const COUNTER = sh('i=0; while true; do i=$((i+1)); echo $i > /count; sleep 0.05; done');

const count = (b: Bundle): number => Number(readFileSync(join(b.dir, 'rootfs', 'count'), 'utf8').trim() || '0');

/** True when the counter does not move for `ms`. */
async function standsStill(b: Bundle, ms = 400): Promise<boolean> {
  const before = count(b);
  await sleep(ms);
  return count(b) === before;
}

const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

for (const rt of runtimes) {
  describe(`${rt.name}: pause and resume (cgroup v1 freezer)`, {
    skip: rt.skip || (!existsSync('/sys/fs/cgroup/freezer/cgroup.procs') && 'needs the v1 freezer hierarchy'),
  }, () => {
    const status = (b: Bundle): string => {
      const r = cli.runtime(rt, ['state', b.id]);
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { status: string }).status;
    };

    it('pause freezes every process (freezer.state FROZEN, state "paused"), resume thaws them', () => cli.withBundle(rt, (cg) => config(COUNTER, cg), async (b) => {
      cli.startContainer(rt, b);
      await waitFor('the counter', () => count(b) > 2);
      const p = cli.runtime(rt, ['pause', b.id]);
      assert.equal(p.status, 0, p.stderr);
      assert.equal(readFileSync(join('/sys/fs/cgroup/freezer', b.cgroupsPath, 'freezer.state'), 'utf8').trim(), 'FROZEN');
      assert.equal(status(b), 'paused');
      assert.ok(await standsStill(b), 'a paused container went on counting');
      const again = cli.runtime(rt, ['pause', b.id]);
      assert.notEqual(again.status, 0, 'pausing a paused container succeeded');
      const r = cli.runtime(rt, ['resume', b.id]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(status(b), 'running');
      assert.equal(readFileSync(join('/sys/fs/cgroup/freezer', b.cgroupsPath, 'freezer.state'), 'utf8').trim(), 'THAWED');
      const at = count(b);
      await waitFor('counting again', () => count(b) > at);
      assert.notEqual(cli.runtime(rt, ['resume', b.id]).status, 0, 'resuming a running container succeeded');
    }));

    it('SIGTERM to a paused container waits for the resume; SIGKILL ends it at once', () => cli.withBundle(rt, (cg) => config(COUNTER, cg), async (b) => {
      const pid = cli.startContainer(rt, b);
      assert.equal(cli.runtime(rt, ['pause', b.id]).status, 0);
      const term = cli.runtime(rt, ['kill', b.id, 'TERM']);
      assert.equal(term.status, 0, term.stderr);
      await sleep(300);
      assert.ok(alive(pid), 'SIGTERM reached a frozen init');
      assert.equal(status(b), 'paused');
      const kill = cli.runtime(rt, ['kill', b.id, 'KILL']);
      assert.equal(kill.status, 0, kill.stderr);
      await waitFor('the init to die', () => !alive(pid));
      assert.equal(status(b), 'stopped');
      const del = cli.runtime(rt, ['delete', b.id]);
      assert.equal(del.status, 0, del.stderr);
    }));

    it('delete --force removes a paused container and its cgroups', () => cli.withBundle(rt, (cg) => config(COUNTER, cg), async (b) => {
      const pid = cli.startContainer(rt, b);
      assert.equal(cli.runtime(rt, ['pause', b.id]).status, 0);
      assert.notEqual(cli.runtime(rt, ['delete', b.id]).status, 0, 'delete without --force removed a paused container');
      const del = cli.runtime(rt, ['delete', '--force', b.id]);
      assert.equal(del.status, 0, del.stderr);
      await waitFor('the init to die', () => !alive(pid));
      assert.equal(existsSync(join('/sys/fs/cgroup/freezer', b.cgroupsPath)), false);
      assert.notEqual(cli.runtime(rt, ['state', b.id]).status, 0);
    }));

    it('a stopped container cannot be paused', () => cli.withBundle(rt, (cg) => config(['/bin/true'], cg), async (b) => {
      const pid = cli.startContainer(rt, b);
      await waitFor('the init to end', () => !alive(pid) || status(b) === 'stopped');
      await waitFor('stopped', () => status(b) === 'stopped');
      const p = cli.runtime(rt, ['pause', b.id]);
      assert.notEqual(p.status, 0);
    }));
  });
}

const UNIFIED = '/sys/fs/cgroup/unified';
const isCgroup2 = (path: string): boolean => {
  try {
    return statfsSync(path).type === 0x63677270;
  } catch {
    return false;
  }
};

describe('orc-runtime: pause and resume on cgroup v2 (cgroup.freeze)', {
  skip: skip || (!isCgroup2(UNIFIED) && `${UNIFIED} is not a cgroup2 mount`),
}, () => {
  const env = { ...process.env, ORC_CGROUP_ROOT: UNIFIED };
  const parent = `/orc-test-pause-v2-${process.pid}-${randomBytes(4).toString('hex')}`;
  const state = join(stateRoot, 'v2');
  const rt = (args: string[]) => spawnSync(orcRuntime, ['--root', state, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  after(() => rmdirEach([join(UNIFIED, parent, 'c'), join(UNIFIED, parent)]));

  it('cgroup.freeze 1 until cgroup.events says frozen 1, state "paused"; resume writes 0; delete --force of a paused one', async () => {
    const b = makeBundle(() => config(COUNTER, `${parent}/c`), 'orc-pause-bundle-');
    try {
      const c = spawnSync(orcRuntime, ['--root', state, 'create', '--bundle', b.dir, b.id], { env, stdio: 'ignore', timeout: 30_000 });
      assert.equal(c.status, 0);
      assert.equal(rt(['start', b.id]).status, 0);
      const dir = join(UNIFIED, parent, 'c');
      await waitFor('the counter', () => existsSync(join(b.dir, 'rootfs', 'count')) && count(b) > 2);
      const p = rt(['pause', b.id]);
      assert.equal(p.status, 0, p.stderr);
      assert.equal(readFileSync(join(dir, 'cgroup.freeze'), 'utf8').trim(), '1');
      assert.match(readFileSync(join(dir, 'cgroup.events'), 'utf8'), /^frozen 1$/m);
      assert.equal((JSON.parse(rt(['state', b.id]).stdout) as { status: string }).status, 'paused');
      assert.ok(await standsStill(b));
      const r = rt(['resume', b.id]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(readFileSync(join(dir, 'cgroup.events'), 'utf8'), /^frozen 0$/m);
      const at = count(b);
      await waitFor('counting again', () => count(b) > at);
      const pid = (JSON.parse(rt(['state', b.id]).stdout) as { pid: number }).pid;
      assert.equal(rt(['pause', b.id]).status, 0);
      const del = rt(['delete', '--force', b.id]);
      assert.equal(del.status, 0, del.stderr);
      await waitFor('the init to die', () => !alive(pid));
      assert.equal(existsSync(dir), false);
    } finally {
      rt(['delete', '--force', b.id]);
      rmSync(b.dir, { recursive: true, force: true });
    }
  });
});
