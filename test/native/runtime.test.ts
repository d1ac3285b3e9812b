// orc-runtime as an engine runs it: real OCI bundles (busybox rootfs + a
// config.json written here), the real program, a real kernel. Every
// behaviour test also runs against runc when it is installed, which shows
// the bundles are plain OCI and orc-runtime behaves like the reference.
// Needs root; cgroup tests expect cgroup v1 (this machine's hierarchy).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mountLines } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { type Json, cgroupDirs, config, sh, runtimes as runtimesFor, type Runtime } from './helpers/bundle.js';
import { nativeSkipReason, runtimeCli, tempStateRoot } from './helpers/runtime-cli.js';

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');

const skip = nativeSkipReason('namespaces, mounts, cgroups', [orcRuntime]);

const runtimes: Runtime[] = runtimesFor(orcRuntime, skip);

const stateRoot = tempStateRoot('orc-rt-state-');

const { runtime, run, withBundle } = runtimeCli(stateRoot, 'orc-rt-bundle-', { timeoutMs: 60_000 });

function status(rt: Runtime, id: string): string {
  const r = runtime(rt, ['state', id]);
  assert.equal(r.status, 0, r.stderr);
  const state = JSON.parse(r.stdout) as { status: string; id: string; pid: number; ociVersion: string };
  assert.equal(state.id, id);
  assert.match(state.ociVersion, /^1\./);
  return state.status;
}

async function waitForStatus(rt: Runtime, id: string, want: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (status(rt, id) === want) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(status(rt, id), want);
}

for (const rt of runtimes) {
  describe(`${rt.name}: the container process`, { skip: rt.skip }, () => {
    it('passes the exit code through', async () => {
      await withBundle(rt, (cg) => config(sh('exit 7'), cg), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 7, r.stderr);
      });
    });

    it('is pid 1 of its own pid namespace and sees only its own processes', async () => {
      await withBundle(rt, (cg) => config(sh('echo $$; ls -d /proc/[0-9]*'), cg), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 0, r.stderr);
        const [pid, ...procs] = r.stdout.trim().split('\n');
        assert.equal(pid, '1');
        assert.ok(procs.includes('/proc/1'), r.stdout);
        assert.ok(procs.length <= 2, `only sh and ls should be visible: ${r.stdout}`);
      });
    });

    it('has its own hostname', async () => {
      await withBundle(rt, (cg) => config(sh('hostname'), cg), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), 'orc-test');
      });
    });

    it('sees masked paths empty and /sys and /proc/sys read-only', async () => {
      const script = [
        'wc -c < /proc/timer_list',
        'wc -c < /proc/keys',
        'ls /sys/firmware | wc -l',
        'test -e /proc/kcore && wc -c < /proc/kcore || echo 0',
        'touch /sys/x 2>&1',
        'echo 1 2>&1 > /proc/sys/kernel/domainname || echo proc-sys-ro',
        'mkdir /x 2>&1 && echo rootfs-rw',
      ].join('; ');
      await withBundle(rt, (cg) => config(sh(script), cg), (b) => {
        const r = run(rt, b);
        const lines = r.stdout.trim().split('\n');
        assert.deepEqual(lines.slice(0, 4), ['0', '0', '0', '0'], r.stdout + r.stderr);
        assert.match(r.stdout, /touch: \/sys\/x: Read-only file system/);
        assert.match(r.stdout + r.stderr, /proc-sys-ro|Read-only file system/);
        assert.match(r.stdout, /rootfs-rw/);
      });
    });

    it('honours root.readonly', async () => {
      await withBundle(rt, (cg) => config(sh('mkdir /x 2>&1; touch /tmp/ok && echo tmp-ok'), cg, (c) => {
        c['root'] = { path: 'rootfs', readonly: true };
      }), (b) => {
        const r = run(rt, b);
        assert.match(r.stdout, /mkdir: can't create directory '\/x': Read-only file system/);
        assert.match(r.stdout, /tmp-ok/);
      });
    });

    it('runs with exactly the configured capabilities', async () => {
      await withBundle(rt, (cg) => config(sh('grep -E "^Cap(Eff|Bnd|Prm|Inh|Amb)" /proc/self/status'), cg), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /CapEff:\s+00000000a80425fb/);
        assert.match(r.stdout, /CapBnd:\s+00000000a80425fb/);
        assert.match(r.stdout, /CapAmb:\s+0000000000000000/);
      });
    });

    it('sets no_new_privs', async () => {
      await withBundle(rt, (cg) => config(sh('grep NoNewPrivs /proc/self/status'), cg), (b) => {
        const r = run(rt, b);
        assert.match(r.stdout, /NoNewPrivs:\s+1/);
      });
    });

    it('switches to uid/gid 1000 with additional groups and no capabilities', async () => {
      await withBundle(rt, (cg) => config(sh('id -u; id -g; id -G; grep CapEff /proc/self/status; touch /etc/x 2>&1'), cg, (c) => {
        c.process['user'] = { uid: 1000, gid: 1000, additionalGids: [2000] };
      }), (b) => {
        const r = run(rt, b);
        const lines = r.stdout.trim().split('\n');
        assert.equal(lines[0], '1000', r.stdout + r.stderr);
        assert.equal(lines[1], '1000');
        assert.match(lines[2] ?? '', /\b2000\b/);
        assert.match(r.stdout, /CapEff:\s+0000000000000000/);
        assert.match(r.stdout, /Permission denied/);
      });
    });

    it('applies rlimits', async () => {
      await withBundle(rt, (cg) => config(sh('ulimit -n; ulimit -Hn'), cg, (c) => {
        c.process['rlimits'] = [{ type: 'RLIMIT_NOFILE', soft: 123, hard: 456 }];
      }), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.stdout.trim().split('\n'), ['123', '456']);
      });
    });

    it('uses process.cwd and process.env', async () => {
      await withBundle(rt, (cg) => config(sh('pwd; echo $GREETING'), cg, (c) => {
        c.process['cwd'] = '/tmp';
        c.process['env'] = ['PATH=/bin', 'GREETING=hello world'];
      }), (b) => {
        const r = run(rt, b);
        assert.deepEqual(r.stdout.trim().split('\n'), ['/tmp', 'hello world']);
      });
    });

    it('bind-mounts a host directory from the config', async () => {
      const host = mkdtempSync(join(tmpdir(), 'orc-rt-bind-'));
      try {
        writeFileSync(join(host, 'hello'), 'from the host\n');
        await withBundle(rt, (cg) => config(sh('cat /data/hello; echo x > /data/new 2>&1 || echo ro'), cg, (c) => {
          (c['mounts'] as Json[]).push({ destination: '/data', type: 'bind', source: host, options: ['rbind', 'ro'] });
        }), (b) => {
          const r = run(rt, b);
          assert.match(r.stdout, /from the host/);
          assert.match(r.stdout + r.stderr, /Read-only file system/);
          assert.equal(existsSync(join(host, 'new')), false);
        });
      } finally {
        rmSync(host, { recursive: true, force: true });
      }
    });

    it('applies a seccomp deny-list profile (errno for mkdir/mkdirat)', async () => {
      await withBundle(rt, (cg) => config(sh('mkdir /tmp/d 2>&1; echo done'), cg, (c) => {
        c.linux['seccomp'] = {
          defaultAction: 'SCMP_ACT_ALLOW',
          architectures: ['SCMP_ARCH_X86_64'],
          syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
        };
      }), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /Operation not permitted/);
        assert.match(r.stdout, /done/);
      });
    });
  });

  describe(`${rt.name}: cgroups (v1)`, { skip: rt.skip || (!existsSync('/sys/fs/cgroup/memory/memory.limit_in_bytes') && 'needs cgroup v1 memory controller') }, () => {
    it('writes the configured limits and removes the cgroups on delete', async () => {
      await withBundle(rt, (cg) => config(['/bin/sleep', '30'], cg, (c) => {
        c.linux['resources'] = {
          memory: { limit: 64 * 1024 * 1024 },
          pids: { limit: 42 },
          cpu: { quota: 50_000, period: 100_000, shares: 512 },
        };
      }), (b) => {
        const log = join(b.dir, 'log');
        const c = runtime(rt, ['create', '--bundle', b.dir, b.id], { logFile: log });
        assert.equal(c.status, 0, readFileSync(log, 'utf8'));
        const knob = (ctl: string, file: string): string => readFileSync(join('/sys/fs/cgroup', ctl, b.cgroupsPath, file), 'utf8').trim();
        assert.equal(knob('memory', 'memory.limit_in_bytes'), String(64 * 1024 * 1024));
        assert.equal(knob('pids', 'pids.max'), '42');
        assert.equal(knob('cpu', 'cpu.cfs_quota_us'), '50000');
        assert.equal(knob('cpu', 'cpu.cfs_period_us'), '100000');
        assert.equal(knob('cpu', 'cpu.shares'), '512');
        const pid = JSON.parse(runtime(rt, ['state', b.id]).stdout).pid as number;
        assert.match(knob('memory', 'cgroup.procs'), new RegExp(`^${pid}$`, 'm'));
        const d = runtime(rt, ['delete', '--force', b.id]);
        assert.equal(d.status, 0, d.stderr);
        for (const ctl of ['memory', 'pids', 'cpu']) assert.equal(existsSync(join('/sys/fs/cgroup', ctl, b.cgroupsPath)), false, ctl);
      });
    });

    it('kills a memory hog at the memory limit', async () => {
      // awk doubles a string 28 times (256 MiB) unless the 32 MiB limit stops it.
      const hog = ['/bin/awk', 'BEGIN { s = "xxxxxxxx"; for (i = 0; i < 25; i++) s = s s; print length(s) }'];
      await withBundle(rt, (cg) => config(hog, cg, (c) => {
        c.linux['resources'] = { memory: { limit: 32 * 1024 * 1024, swap: 32 * 1024 * 1024 } };
      }), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 137, `expected SIGKILL by the OOM killer: ${r.stdout} ${r.stderr}`);
        assert.equal(cgroupDirs(b.cgroupsPath).length, 0, 'cgroups removed after run');
      });
    });

    it('bounds a fork bomb with pids.max', async () => {
      const bomb = sh('(i=0; while [ $i -lt 100 ]; do sleep 10 & i=$((i+1)); done) 2>/dev/null; n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo $n');
      // (counting with shell builtins: at the limit, not even ls can be forked)
      await withBundle(rt, (cg) => config(bomb, cg, (c) => {
        c.linux['resources'] = { pids: { limit: 16 } };
      }), (b) => {
        const started = Date.now();
        const r = run(rt, b);
        const count = Number(r.stdout.trim());
        assert.ok(count >= 8 && count <= 16, `processes in the container: ${r.stdout} ${r.stderr}`);
        assert.ok(Date.now() - started < 9_000, 'pid 1 exiting ends the sleepers');
      });
    });
  });

  describe(`${rt.name}: lifecycle`, { skip: rt.skip }, () => {
    it('create, state created, start, state running, kill, state stopped, delete', async () => {
      await withBundle(rt, (cg) => config(['/bin/sleep', '60'], cg), async (b) => {
        const log = join(b.dir, 'log');
        const pidFile = join(b.dir, 'pid');
        const c = runtime(rt, ['create', '--bundle', b.dir, '--pid-file', pidFile, b.id], { logFile: log });
        assert.equal(c.status, 0, readFileSync(log, 'utf8'));
        assert.equal(status(rt, b.id), 'created');
        const pid = Number(readFileSync(pidFile, 'utf8'));
        assert.equal(JSON.parse(runtime(rt, ['state', b.id]).stdout).pid, pid);
        assert.equal(runtime(rt, ['start', b.id]).status, 0);
        await waitForStatus(rt, b.id, 'running');
        // `start` returns once the init was told to exec (runc's contract): the exec itself may follow a moment later
        const until = Date.now() + 5000;
        while (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sleep') && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /sleep/);
        assert.notEqual(runtime(rt, ['delete', b.id]).status, 0, 'a running container is not deleted without --force');
        assert.equal(runtime(rt, ['kill', b.id, 'KILL']).status, 0);
        await waitForStatus(rt, b.id, 'stopped');
        const d = runtime(rt, ['delete', b.id]);
        assert.equal(d.status, 0, d.stderr);
        assert.notEqual(runtime(rt, ['state', b.id]).status, 0);
        assert.equal(existsSync(join(stateRoot, rt.name, b.id)), false);
      });
    });

    it('joins the network and uts namespaces of another container by path', async () => {
      await withBundle(rt, (cg) => config(['/bin/sleep', '60'], cg), async (first) => {
        const log = join(first.dir, 'log');
        assert.equal(runtime(rt, ['create', '--bundle', first.dir, first.id], { logFile: log }).status, 0, readFileSync(log, 'utf8'));
        const pid = JSON.parse(runtime(rt, ['state', first.id]).stdout).pid as number;
        const hostNet = readlinkSync(`/proc/${pid}/ns/net`);
        await withBundle(rt, (cg) => config(sh('readlink /proc/self/ns/net; hostname'), cg, (c) => {
          delete c['hostname'];
          c.linux['namespaces'] = [
            { type: 'pid' }, { type: 'ipc' }, { type: 'mount' },
            { type: 'network', path: `/proc/${pid}/ns/net` }, { type: 'uts', path: `/proc/${pid}/ns/uts` },
          ];
        }), (second) => {
          const r = run(rt, second);
          assert.equal(r.status, 0, r.stderr);
          assert.deepEqual(r.stdout.trim().split('\n'), [hostNet, 'orc-test']);
        });
      });
    });

    it('delete --force removes a created container', async () => {
      await withBundle(rt, (cg) => config(['/bin/sleep', '60'], cg), (b) => {
        const log = join(b.dir, 'log');
        assert.equal(runtime(rt, ['create', '--bundle', b.dir, b.id], { logFile: log }).status, 0, readFileSync(log, 'utf8'));
        const pid = JSON.parse(runtime(rt, ['state', b.id]).stdout).pid as number;
        const d = runtime(rt, ['delete', '--force', b.id]);
        assert.equal(d.status, 0, d.stderr);
        assert.notEqual(runtime(rt, ['state', b.id]).status, 0);
        const alive = existsSync(`/proc/${pid}/stat`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        assert.equal(alive, false);
      });
    });

    it('refuses a second container with the same id', async () => {
      await withBundle(rt, (cg) => config(['/bin/sleep', '60'], cg), (b) => {
        const log = join(b.dir, 'log');
        assert.equal(runtime(rt, ['create', '--bundle', b.dir, b.id], { logFile: log }).status, 0);
        assert.notEqual(runtime(rt, ['create', '--bundle', b.dir, b.id], { logFile: log }).status, 0);
        assert.equal(status(rt, b.id), 'created');
      });
    });
  });
}

describe('orc-runtime: errors', { skip }, () => {
  const rt = runtimes[0]!;
  it('names what failed, the path and the system error', async () => {
    await withBundle(rt, (cg) => config(['/bin/no-such-program'], cg), (b) => {
      const r = run(rt, b);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /^orc-runtime: exec \/bin\/no-such-program: No such file or directory\n$/);
      assert.equal(existsSync(join(stateRoot, rt.name, b.id)), false, 'no state left behind');
      assert.equal(cgroupDirs(b.cgroupsPath).length, 0, 'no cgroup left behind');
    });
  });

  it('exits 127 when the executable is not found, in the path or in $PATH', async () => {
    for (const args of [['/bin/no-such-program'], ['no-such-program'], ['/no-such-dir/sh']]) {
      await withBundle(rt, (cg) => config(args, cg), (b) => {
        const r = run(rt, b);
        assert.equal(r.status, 127, `${args[0]}: ${r.stderr}`);
        assert.match(r.stderr, /^orc-runtime: .*no-such-.*: No such file or directory\n$/);
      });
    }
  });

  it('exits 126 when the executable exists but cannot be executed', async () => {
    const cases: { args: string[]; setup: (rootfs: string) => void; error: RegExp }[] = [
      { args: ['/bin/plain-file'], setup: (r) => writeFileSync(join(r, 'bin', 'plain-file'), 'data\n', { mode: 0o644 }), error: /exec \/bin\/plain-file: Permission denied/ },
      { args: ['/tmp'], setup: () => {}, error: /exec \/tmp: Is a directory/ },
      { args: ['plain-file'], setup: (r) => writeFileSync(join(r, 'bin', 'plain-file'), 'data\n', { mode: 0o644 }), error: /exec \/bin\/plain-file: Permission denied/ },
      // executable bit but no format the kernel knows: only execve itself can tell, after start
      { args: ['/bin/garbage'], setup: (r) => writeFileSync(join(r, 'bin', 'garbage'), '\x01\x02\x03\x04garbage', { mode: 0o755 }), error: /exec \/bin\/garbage: Exec format error/ },
    ];
    for (const c of cases) {
      await withBundle(rt, (cg) => config(c.args, cg), (b) => {
        c.setup(join(b.dir, 'rootfs'));
        const r = run(rt, b);
        assert.equal(r.status, 126, `${c.args[0]}: ${r.stderr}`);
        assert.match(r.stderr, c.error);
      });
    }
  });

  it('reports a malformed config.json with its offset', async () => {
    await withBundle(rt, (cg) => config(['/bin/true'], cg), (b) => {
      writeFileSync(join(b.dir, 'config.json'), '{"process": {"args": ["/bin/true"],}}');
      const r = run(rt, b);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^orc-runtime: parse JSON at offset \d+ .*config\.json: Invalid argument\n$/);
    });
  });

  it('reports an unknown container', () => {
    const r = runtime(rt, ['state', 'no-such-container']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /container does not exist: no-such-container: No such file or directory/);
  });
});

describe('leftovers', { skip }, () => {
  it('no orc mounts remain on the host after the runs above', () => {
    const mounts = mountLines((l) => /orc-rt-|orc-test-/.test(l));
    assert.deepEqual(mounts, []);
  });
});
