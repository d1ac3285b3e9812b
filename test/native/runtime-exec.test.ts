// `exec` into a running container, as an engine's `docker exec` runs it, and
// process.terminal with --console-socket for create and exec: real bundles
// (busybox rootfs), the real program, a real kernel. The behaviours runc also
// has run against both runtimes; the exit statuses 127/126 are orc-runtime's
// own (runc exits 1 and leaves it to the text). The console socket's other end
// is native/build/orc-recvtty, a test tool. Needs root.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mountLines, processAlive, readPid, waiter } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { type Json, config, dockerCaps, sh, runtimes as runtimesFor, type Runtime } from './helpers/bundle.js';
import { nativeSkipReason, runtimeCli, tempStateRoot } from './helpers/runtime-cli.js';

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
const orcRecvtty = join(repoRoot, 'native', 'build', 'orc-recvtty');

const skip = nativeSkipReason('namespaces, mounts, cgroups', [orcRuntime, orcRecvtty]);
const runtimes: Runtime[] = runtimesFor(orcRuntime, skip);
const waitFor = waiter(10_000, 25);

const stateRoot = tempStateRoot('orc-rt-exec-state-');

const { runtime, startContainer, withBundle } = runtimeCli(stateRoot, 'orc-rt-exec-');

/** `exec [flags] ID cmd...`: flags before the id, the command after it. */
function execIn(rt: Runtime, id: string, flags: string[], cmd: string[], opts: { logFile?: string } = {}): SpawnSyncReturns<string> {
  return runtime(rt, ['exec', ...flags, id, ...cmd], opts);
}

const sleeper = (cg: string, edit?: Parameters<typeof config>[2]): Json => config(['/bin/sleep', '60'], cg, edit);

interface Console {
  socket: string;
  /** What orc-recvtty printed so far: "ready", "pty NAME isatty=N", then the terminal's output. */
  output: () => string;
  /** Resolves with orc-recvtty's exit code once the last slave of the pty is closed. */
  done: Promise<number | null>;
  stop: () => void;
}

/** orc-recvtty listening on `<dir>/console.sock`: a 40x132 terminal that is sent `input`. */
async function listenConsole(dir: string, input: string): Promise<Console> {
  const socket = join(dir, 'console.sock');
  const child = spawn(orcRecvtty, ['--size', '40x132', '--input', input, socket], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const c = { socket, output: () => out, done, stop: () => { if (child.exitCode === null) child.kill('SIGKILL'); } };
  try {
    await waitFor('orc-recvtty to listen', () => out.startsWith('ready\n'));
  } catch (e) {
    c.stop();
    throw e;
  }
  return c;
}

async function withConsole<T>(dir: string, input: string, fn: (c: Console) => T | Promise<T>): Promise<T> {
  const c = await listenConsole(dir, input);
  try {
    return await fn(c);
  } finally {
    c.stop();
  }
}

/** Waits for orc-recvtty to end (the container's side of the pty closed), at most 10 s. */
async function terminalOutput(c: Console): Promise<string> {
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  const code = await Promise.race([c.done, timeout]);
  assert.equal(code, 0, `orc-recvtty: ${code}: ${c.output()}`);
  return c.output();
}

for (const rt of runtimes) {
  describe(`${rt.name}: exec`, { skip: rt.skip }, () => {
    it('runs in every namespace of the container: its hostname, its pid namespace with the init as pid 1', async () => {
      await withBundle(rt, (cg) => sleeper(cg), (b) => {
        const init = startContainer(rt, b);
        const kinds = ['pid', 'net', 'ipc', 'uts', 'mnt', 'cgroup'];
        const script = `hostname; echo $$; cat /proc/1/cmdline | tr '\\0' ' '; echo; ${kinds.map((k) => `readlink /proc/self/ns/${k}`).join('; ')}`;
        const r = execIn(rt, b.id, [], sh(script));
        assert.equal(r.status, 0, r.stderr);
        const [hostname, pid, pid1, ...ns] = r.stdout.trim().split('\n');
        assert.equal(hostname, 'orc-test');
        assert.notEqual(pid, '1');
        assert.ok(Number(pid) < 100, `a pid of the container's namespace: ${pid}`);
        assert.equal(pid1?.trim(), '/bin/sleep 60');
        assert.deepEqual(ns, kinds.map((k) => readlinkSync(`/proc/${init}/ns/${k}`)));
      });
    });

    it("joins the init's cgroups", async () => {
      await withBundle(rt, (cg) => sleeper(cg), async (b) => {
        const init = startContainer(rt, b);
        const pidFile = join(b.dir, 'exec.pid');
        const r = execIn(rt, b.id, ['--detach', '--pid-file', pidFile], ['/bin/sleep', '30'], { logFile: join(b.dir, 'exec.log') });
        assert.equal(r.status, 0, readFileSync(join(b.dir, 'exec.log'), 'utf8'));
        const pid = await waitFor('pid file', () => readPid(pidFile));
        const cgroups = (p: number): string[] => readFileSync(`/proc/${p}/cgroup`, 'utf8').split('\n').filter((l) => /:(memory|pids|cpu|freezer|devices):/.test(l));
        assert.ok(cgroups(init).some((l) => l.endsWith(b.cgroupsPath)), cgroups(init).join('\n'));
        assert.deepEqual(cgroups(pid), cgroups(init));
      });
    });

    it('honours --env, --user and --cwd', async () => {
      await withBundle(rt, (cg) => sleeper(cg), (b) => {
        startContainer(rt, b);
        const r = execIn(rt, b.id, ['--env', 'GREETING=hello there', '--env', 'HOME=/tmp', '--user', '1000:1000', '--cwd', '/tmp'],
          sh('echo "$GREETING"; echo $HOME; echo $PATH; id -u; id -g; pwd'));
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.stdout.trim().split('\n'), ['hello there', '/tmp', '/bin', '1000', '1000', '/tmp']);
      });
    });

    it("passes the process's exit code through, 128+N after signal N", async () => {
      await withBundle(rt, (cg) => sleeper(cg), (b) => {
        startContainer(rt, b);
        assert.equal(execIn(rt, b.id, [], sh('exit 7')).status, 7);
        assert.equal(execIn(rt, b.id, [], sh('kill -KILL $$')).status, 137);
        assert.equal(execIn(rt, b.id, [], ['/bin/true']).status, 0);
      });
    });

    it('--detach returns once the process runs and writes its host pid to --pid-file', async () => {
      await withBundle(rt, (cg) => sleeper(cg), async (b) => {
        startContainer(rt, b);
        const pidFile = join(b.dir, 'exec.pid');
        const started = Date.now();
        const r = execIn(rt, b.id, ['--detach', '--pid-file', pidFile], ['sleep', '30'], { logFile: join(b.dir, 'exec.log') });
        assert.equal(r.status, 0, readFileSync(join(b.dir, 'exec.log'), 'utf8'));
        assert.ok(Date.now() - started < 10_000, 'does not wait for the process');
        const pid = await waitFor('pid file', () => readPid(pidFile));
        assert.ok(processAlive(pid, 'ZX'));
        assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /^sleep\0 ?30/);
        // NSpid: the host pid, then the pid inside the container
        assert.match(readFileSync(`/proc/${pid}/status`, 'utf8'), new RegExp(`^NSpid:\\s+${pid}\\s+\\d+$`, 'm'));
      });
    });

    it('fails on a container whose init has exited', async () => {
      await withBundle(rt, (cg) => config(['/bin/true'], cg), async (b) => {
        const init = startContainer(rt, b);
        await waitFor('init to exit', () => !processAlive(init, 'ZX'));
        await waitFor('stopped', () => JSON.parse(runtime(rt, ['state', b.id]).stdout).status === 'stopped');
        const r = execIn(rt, b.id, [], ['/bin/true']);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /stopped container/);
      });
    });

    it("keeps the container's reduced capabilities, no_new_privs and seccomp filter", async () => {
      await withBundle(rt, (cg) => sleeper(cg, (c) => {
        c.linux['seccomp'] = {
          defaultAction: 'SCMP_ACT_ALLOW',
          architectures: ['SCMP_ARCH_X86_64'],
          syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
        };
      }), (b) => {
        startContainer(rt, b);
        const r = execIn(rt, b.id, [], sh('grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status; mkdir /tmp/d 2>&1; echo done'));
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /CapEff:\s+00000000a80425fb/);
        assert.match(r.stdout, /CapBnd:\s+00000000a80425fb/);
        assert.match(r.stdout, /NoNewPrivs:\s+1/);
        assert.match(r.stdout, /Seccomp:\s+2/);
        assert.match(r.stdout, /mkdir: can't create directory '\/tmp\/d': Operation not permitted/);
      });
    });

    it('--cap adds a capability and --no-new-privs sets no_new_privs', async () => {
      await withBundle(rt, (cg) => sleeper(cg, (c) => { c.process['noNewPrivileges'] = false; }), (b) => {
        startContainer(rt, b);
        const plain = execIn(rt, b.id, [], sh('grep -E "^(CapEff|NoNewPrivs):" /proc/self/status'));
        assert.match(plain.stdout, /CapEff:\s+00000000a80425fb/);
        assert.match(plain.stdout, /NoNewPrivs:\s+0/);
        const r = execIn(rt, b.id, ['--cap', 'CAP_SYS_ADMIN', '--no-new-privs'], sh('grep -E "^(CapEff|NoNewPrivs):" /proc/self/status'));
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /CapEff:\s+00000000a82425fb/); // + bit 21
        assert.match(r.stdout, /NoNewPrivs:\s+1/);
      });
    });

    it('runs the OCI process object of --process FILE', async () => {
      await withBundle(rt, (cg) => sleeper(cg), (b) => {
        startContainer(rt, b);
        const file = join(b.dir, 'process.json');
        writeFileSync(file, JSON.stringify({
          terminal: false,
          user: { uid: 1000, gid: 1000, additionalGids: [2000] },
          args: ['/bin/sh', '-c', 'id -u; id -G; pwd; echo $FROM; grep CapEff /proc/self/status; ulimit -n; exit 3'],
          env: ['PATH=/bin', 'FROM=process.json'],
          cwd: '/tmp',
          capabilities: { bounding: dockerCaps, effective: [], permitted: [] },
          rlimits: [{ type: 'RLIMIT_NOFILE', soft: 99, hard: 99 }],
          noNewPrivileges: true,
        }));
        const r = execIn(rt, b.id, ['--process', file], []);
        assert.equal(r.status, 3, r.stderr);
        const lines = r.stdout.trim().split('\n');
        assert.equal(lines[0], '1000');
        assert.match(lines[1] ?? '', /\b2000\b/);
        assert.deepEqual(lines.slice(2), ['/tmp', 'process.json', 'CapEff:\t0000000000000000', '99']);
      });
    });
  });
}

for (const rt of runtimes) {
  describe(`${rt.name}: terminal`, { skip: rt.skip }, () => {
    it('create sends a pty master to --console-socket; the process has it as its terminal on 0, 1, 2', async () => {
      const script = 'tty; stty size; test -t 0 && test -t 1 && test -t 2 && echo all-ttys; read line; echo "got $line"';
      await withBundle(rt, (cg) => config(sh(script), cg, (c) => { c.process['terminal'] = true; }), (b) =>
        withConsole(b.dir, 'hello\n', async (tty) => {
          const log = join(b.dir, 'log');
          const c = runtime(rt, ['create', '--console-socket', tty.socket, '--bundle', b.dir, b.id], { logFile: log });
          assert.equal(c.status, 0, readFileSync(log, 'utf8'));
          await waitFor('the pty master', () => /^pty \S+ isatty=1$/m.test(tty.output()));
          assert.equal(runtime(rt, ['start', b.id]).status, 0);
          const out = await terminalOutput(tty);
          assert.match(out, /^\/dev\/pts\/0\r$/m);
          assert.match(out, /^40 132\r$/m);
          assert.match(out, /^all-ttys\r$/m);
          assert.match(out, /^got hello\r$/m);
        }));
    });

    it("exec --tty gets a pty of the container's own devpts", async () => {
      await withBundle(rt, (cg) => sleeper(cg), (b) =>
        withConsole(b.dir, 'hello\n', async (tty) => {
          const init = startContainer(rt, b);
          const script = 'read line; tty; stat -c %d $(tty) /dev/pts/ptmx; stty size; echo "got $line"';
          const log = join(b.dir, 'exec.log');
          const r = execIn(rt, b.id, ['--tty', '--detach', '--console-socket', tty.socket], sh(script), { logFile: log });
          assert.equal(r.status, 0, readFileSync(log, 'utf8'));
          const lines = (await terminalOutput(tty)).split('\r\n');
          const at = lines.findIndex((l) => /^\/dev\/pts\/\d+$/.test(l));
          assert.ok(at >= 0, lines.join('|'));
          const [ttyDev, ptmxDev, size, got] = lines.slice(at + 1, at + 5);
          const containerDevpts = String(statSync(`/proc/${init}/root/dev/pts/ptmx`).dev);
          assert.equal(ttyDev, containerDevpts);
          assert.equal(ptmxDev, containerDevpts);
          assert.notEqual(ttyDev, String(statSync('/dev/pts/ptmx').dev), "not the host's devpts");
          assert.equal(size, '40 132');
          assert.equal(got, 'got hello');
        }));
    });

    it('refuses process.terminal without --console-socket (run -d, exec -t -d)', async () => {
      await withBundle(rt, (cg) => sleeper(cg), async (b) => {
        startContainer(rt, b);
        const r = execIn(rt, b.id, ['--tty', '--detach'], ['/bin/true']);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /console[- ]socket/);
      });
      await withBundle(rt, (cg) => config(['/bin/true'], cg, (c) => { c.process['terminal'] = true; }), (b) => {
        const r = runtime(rt, ['run', '--detach', '--bundle', b.dir, b.id]);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /console[- ]socket/);
      });
    });
  });
}

describe('orc-runtime: exec errors', { skip }, () => {
  const rt = runtimes[0]!;
  it('exits 127 for a command that is not found and 126 for one that cannot be executed', async () => {
    await withBundle(rt, (cg) => sleeper(cg), (b) => {
      startContainer(rt, b);
      writeFileSync(join(b.dir, 'rootfs', 'bin', 'plain-file'), 'data\n', { mode: 0o644 });
      writeFileSync(join(b.dir, 'rootfs', 'bin', 'garbage'), '\x01\x02\x03\x04garbage', { mode: 0o755 });
      const cases: [string, number, RegExp][] = [
        ['no-such-program', 127, /^orc-runtime: executable file not found in \$PATH: no-such-program: No such file or directory\n$/],
        ['/bin/no-such-program', 127, /^orc-runtime: exec \/bin\/no-such-program: No such file or directory\n$/],
        ['/bin/plain-file', 126, /^orc-runtime: exec \/bin\/plain-file: Permission denied\n$/],
        ['/tmp', 126, /^orc-runtime: exec \/tmp: Is a directory\n$/],
        ['garbage', 126, /^orc-runtime: exec \/bin\/garbage: Exec format error\n$/],
      ];
      for (const [cmd, status, message] of cases) {
        const r = execIn(rt, b.id, [], [cmd]);
        assert.equal(r.status, status, `${cmd}: ${r.stderr}`);
        assert.match(r.stderr, message);
      }
      // detached, the failure is reported before the runtime exits
      const d = execIn(rt, b.id, ['--detach'], ['no-such-program']);
      assert.equal(d.status, 127, d.stderr);
    });
  });

  it('names the container that is not running', async () => {
    await withBundle(rt, (cg) => config(['/bin/true'], cg), async (b) => {
      const init = startContainer(rt, b);
      await waitFor('init to exit', () => !processAlive(init, 'ZX'));
      const r = execIn(rt, b.id, [], ['/bin/true']);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `orc-runtime: cannot exec in a stopped container: ${b.id}: No such process\n`);
    });
  });

  it('refuses a missing command and an unknown container', () => {
    assert.equal(runtime(rt, ['exec', 'no-such-container', 'true']).status, 1);
    assert.match(runtime(rt, ['exec', 'no-such-container', 'true']).stderr, /container does not exist: no-such-container/);
    assert.equal(runtime(rt, ['exec']).status, 2);
  });
});

describe('leftovers', { skip }, () => {
  it('no mounts of these bundles remain on the host', () => {
    assert.deepEqual(mountLines((l) => l.includes('orc-rt-exec-')), []);
  });

  it('no orc-recvtty of these tests is still running', () => {
    const ps = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
    assert.deepEqual(ps.stdout.split('\n').filter((l) => l.includes(orcRecvtty) && l.includes('orc-rt-exec-') && !/^\s*\d+\s+Z/.test(l)), []);
  });
});
