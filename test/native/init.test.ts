// orc-init as a container's pid 1 (what `--init` gives): native/build/orc-init
// bind-mounted at /sbin/orc-init of a busybox bundle, run by orc-runtime and
// by runc, on a real kernel. Needs root.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mountLines, waiter } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { type Json, config, sh, runtimes as runtimesFor, type Runtime } from './helpers/bundle.js';
import { nativeSkipReason, runtimeCli, tempStateRoot } from './helpers/runtime-cli.js';

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
const orcInit = join(repoRoot, 'native', 'build', 'orc-init');

const skip = nativeSkipReason('namespaces, mounts, cgroups', [orcRuntime, orcInit]);
const runtimes: Runtime[] = runtimesFor(orcRuntime, skip);
const waitFor = waiter(10_000, 25);

const stateRoot = tempStateRoot('orc-rt-init-state-');

/** config() for `args`, with orc-init bind-mounted read-only at /sbin/orc-init. */
function withInit(args: string[], cg: string): Json {
  return config(args, cg, (c) => {
    (c['mounts'] as Json[]).push({ destination: '/sbin/orc-init', type: 'bind', source: orcInit, options: ['bind', 'ro'] });
  });
}

const { runtime, startContainer, withBundle } = runtimeCli(stateRoot, 'orc-rt-init-');

interface Proc { pid: number; state: string; comm: string }

/** Every process below `pid` (host view), from /proc/<pid>/stat's ppid field. */
function descendants(pid: number): Proc[] {
  const all: (Proc & { ppid: number })[] = [];
  for (const entry of spawnSync('ls', ['/proc'], { encoding: 'utf8' }).stdout.split('\n')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const m = /^(\d+) \((.*)\) (\S) (\d+) /s.exec(stat);
      if (m) all.push({ pid: Number(m[1]), comm: m[2]!, state: m[3]!, ppid: Number(m[4]) });
    } catch {
      // gone meanwhile
    }
  }
  const below: Proc[] = [];
  const walk = (parent: number): void => {
    for (const p of all.filter((q) => q.ppid === parent)) {
      below.push({ pid: p.pid, state: p.state, comm: p.comm });
      walk(p.pid);
    }
  };
  walk(pid);
  return below;
}

// A child forks a short sleep into the background and exits: the sleep is
// orphaned to pid 1, which then becomes a long `sleep` that never waits.
const orphanMaker = sh('sh -c "sleep 0.2 &"; exec sleep 60');

for (const rt of runtimes) {
  describe(`${rt.name}: orc-init as pid 1`, { skip: rt.skip }, () => {
    it("exits with the command's status, 128+N after signal N", async () => {
      for (const [args, status] of [[['/sbin/orc-init', '--', '/bin/sh', '-c', 'exit 5'], 5], [['/sbin/orc-init', 'sh', '-c', 'kill -KILL $$'], 137]] as const) {
        await withBundle(rt, (cg) => withInit([...args], cg), (b) => {
          const r = runtime(rt, ['run', '--bundle', b.dir, b.id]);
          assert.equal(r.status, status, r.stderr);
        });
      }
    });

    it('is pid 1 and runs the command as its child', async () => {
      await withBundle(rt, (cg) => withInit(['/sbin/orc-init', '--', 'sh', '-c', 'cat /proc/1/comm; echo $PPID'], cg), (b) => {
        const r = runtime(rt, ['run', '--bundle', b.dir, b.id]);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.stdout.trim().split('\n'), ['orc-init', '1']);
      });
    });

    it('forwards SIGTERM to the command', async () => {
      const script = 'trap "echo got-term; exit 3" TERM; echo ready; while :; do sleep 0.1; done';
      await withBundle(rt, (cg) => withInit(['/sbin/orc-init', '--', 'sh', '-c', script], cg), async (b) => {
        const child = spawn(rt.bin, ['--root', join(stateRoot, rt.name), 'run', '--bundle', b.dir, b.id], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
        child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d; });
        const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
        try {
          await waitFor('the command to trap SIGTERM', () => out.includes('ready'));
          const k = runtime(rt, ['kill', b.id, 'TERM']);
          assert.equal(k.status, 0, k.stderr);
          assert.equal(await exited, 3, out);
          assert.match(out, /got-term/);
        } finally {
          if (child.exitCode === null) child.kill('SIGKILL');
        }
      });
    });

    it('reaps orphans, which a pid 1 that never waits leaves as zombies', async () => {
      await withBundle(rt, (cg) => config(orphanMaker, cg), async (b) => {
        const init = startContainer(rt, b);
        const zombie = await waitFor('a zombie under the plain pid 1', () => descendants(init).find((p) => p.state === 'Z'));
        assert.equal(zombie.comm, 'sleep');
      });
      await withBundle(rt, (cg) => withInit(['/sbin/orc-init', '--', ...orphanMaker], cg), async (b) => {
        const init = startContainer(rt, b);
        // the orphan is gone altogether (reaped), only the long sleep is left
        const left = await waitFor('only the long sleep under orc-init', () => {
          const procs = descendants(init);
          return procs.length === 1 && procs[0]!.comm === 'sleep' && procs[0]!.state !== 'Z' && procs;
        });
        assert.equal(left.length, 1);
        // and it stays that way: no zombie appears once the orphan's time is up
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(descendants(init).filter((p) => p.state === 'Z'), []);
      });
    });
  });
}

describe('leftovers', { skip }, () => {
  it('no mounts of these bundles remain on the host', () => {
    assert.deepEqual(mountLines((l) => l.includes('orc-rt-init-')), []);
  });
});
