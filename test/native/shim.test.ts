// orc-shim, the per-container monitor, as an engine runs it: a real busybox
// bundle, the real runtime (orc-runtime, and runc when installed), a real
// kernel. Each test starts its own shim, reads what the shim leaves in its
// state dir (container.log, exit.json) and talks to shim.sock; every test
// kills what it started and removes its files even when it fails.
// Needs root; the OOM test expects cgroup v1 (this machine's hierarchy).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readPid } from '../helpers/host.js';
import { cgroupDirs, config, sh } from './helpers/bundle.js';
import { CLOSE_STDIN, EXIT, FrameClient as Client, STATE, STDERR, STDIN, STDOUT } from './helpers/frame-client.js';
import { alive, type ExitRecord, leftoverShims, logRecords, orcShim, runtimeRoot, runtimes, skip, startShim, waitExit, waitFor, withShim } from './helpers/shim.js';

const cgroupV1 = existsSync('/sys/fs/cgroup/memory/memory.limit_in_bytes');

const rfc3339Nano = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}Z$/;

for (const rt of runtimes) {
  describe(`orc-shim with ${rt.name}`, { skip: rt.skip }, () => {
    it('writes stdout and stderr lines to container.log as json-file records', async () => {
      const script = 'echo out-1; echo err-1 >&2; echo "out \\"quoted\\" 2"; printf no-newline';
      await withShim(rt, (cg) => config(sh(script), cg), [], async (s) => {
        startShim(s);
        const ex = await waitExit(s);
        assert.equal(ex.exitCode, 0);
        const recs = logRecords(s);
        const by = (stream: string): string[] => recs.filter((r) => r.stream === stream).map((r) => r.log);
        assert.deepEqual(by('stdout'), ['out-1\n', 'out "quoted" 2\n', 'no-newline']);
        assert.deepEqual(by('stderr'), ['err-1\n']);
        for (const r of recs) {
          assert.match(r.time, rfc3339Nano);
          assert.ok(Math.abs(Date.parse(r.time) - Date.now()) < 60_000, r.time);
        }
        assert.match(ex.exitedAt, rfc3339Nano);
      });
    });

    it('splits a line longer than 16 KiB into partial records, only the last ending in a newline', async () => {
      await withShim(rt, (cg) => config(sh("head -c 40000 /dev/zero | tr '\\0' a; echo"), cg), [], async (s) => {
        startShim(s);
        await waitExit(s);
        const logs = logRecords(s).map((r) => r.log);
        assert.deepEqual(logs.map((l) => l.length), [16384, 16384, 40000 - 2 * 16384 + 1]);
        assert.ok(logs.join('') === 'a'.repeat(40000) + '\n');
      });
    });

    it('records exit code 0 and 3 in exit.json', async () => {
      for (const code of [0, 3]) {
        await withShim(rt, (cg) => config(sh(`exit ${code}`), cg), [], async (s) => {
          const { pid } = startShim(s);
          const ex = await waitExit(s);
          assert.deepEqual({ ...ex, exitedAt: '' }, { pid, exitCode: code, signal: 0, oomKilled: false, exitedAt: '' });
          assert.equal(existsSync(join(runtimeRoot, rt.name, s.bundle.id)), false, 'runtime delete ran');
          assert.equal(existsSync(join(s.stateDir, 'shim.sock')), false, 'socket removed');
        });
      }
    });

    it('records 137 and signal 9 when the container is killed from outside', async () => {
      await withShim(rt, (cg) => config(['/bin/sleep', '60'], cg), [], async (s) => {
        const { pid } = startShim(s);
        process.kill(pid, 'SIGKILL');
        const ex = await waitExit(s);
        assert.equal(ex.exitCode, 137);
        assert.equal(ex.signal, 9);
        assert.equal(ex.oomKilled, false);
      });
    });

    it('records an OOM kill at the memory limit', { skip: !cgroupV1 && 'needs the cgroup v1 memory controller' }, async () => {
      const hog = ['/bin/awk', 'BEGIN { s = "xxxxxxxx"; for (i = 0; i < 25; i++) s = s s; print length(s) }'];
      await withShim(rt, (cg) => config(hog, cg, (c) => {
        c.linux['resources'] = { memory: { limit: 32 * 1024 * 1024, swap: 32 * 1024 * 1024 } };
      }), [], async (s) => {
        startShim(s);
        const ex = await waitExit(s, 30_000);
        assert.equal(ex.exitCode, 137, JSON.stringify(ex));
        assert.equal(ex.oomKilled, true);
        assert.equal(cgroupDirs(s.bundle.cgroupsPath).length, 0, 'cgroups removed by runtime delete');
      });
    });

    it('forwards SIGTERM it receives to the container (a trap in sh)', async () => {
      const script = 'trap "echo got-term; exit 42" TERM; echo ready; while true; do sleep 0.05; done';
      await withShim(rt, (cg) => config(sh(script), cg), [], async (s) => {
        startShim(s);
        await waitFor('ready in the log', () => existsSync(join(s.stateDir, 'container.log')) && logRecords(s).some((r) => r.log === 'ready\n'));
        const shimPid = readPid(join(s.stateDir, 'shim.pid'));
        assert.ok(shimPid);
        process.kill(shimPid, 'SIGTERM');
        const ex = await waitExit(s);
        assert.equal(ex.exitCode, 42);
        assert.ok(logRecords(s).some((r) => r.log === 'got-term\n'));
      });
    });

    it('rotates container.log at --log-max-size and keeps at most --log-max-files files', async () => {
      const script = 'i=0; while [ $i -lt 300 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done';
      await withShim(rt, (cg) => config(sh(script), cg), ['--log-max-size', '2000', '--log-max-files', '3'], async (s) => {
        startShim(s);
        await waitExit(s);
        const logs = readdirSync(s.stateDir).filter((f) => f.startsWith('container.log')).sort();
        assert.deepEqual(logs, ['container.log', 'container.log.1', 'container.log.2']);
        for (const f of logs) assert.ok(statSync(join(s.stateDir, f)).size < 2000 + 200, `${f} is bounded`);
        // Oldest to newest, the kept records are consecutive and end with the last line.
        const lines = ['container.log.2', 'container.log.1', 'container.log'].flatMap((f) => logRecords(s, f).map((r) => r.log));
        const numbers = lines.map((l) => Number(/^line-(\d+)-/.exec(l)?.[1]));
        assert.equal(numbers.at(-1), 299);
        numbers.forEach((n, i) => assert.equal(n, numbers[0]! + i));
        assert.ok(numbers[0]! > 0, 'the oldest records were dropped');
      });
    });

    it('serves shim.sock: clients receive output, stdin reaches the container, state and exit frames', async () => {
      await withShim(rt, (cg) => config(['/bin/cat'], cg), ['--stdin'], async (s) => {
        const { pid } = startShim(s);
        const sock = join(s.stateDir, 'shim.sock');
        const a = await Client.connect(sock);
        const b = await Client.connect(sock);
        try {
          a.send(STATE);
          await waitFor('a state reply', () => a.frames.some((f) => f.stream === STATE));
          assert.deepEqual(JSON.parse(a.text(STATE)), { pid, running: true });
          a.send(STDIN, 'hello from a\n');
          await waitFor('the echo on a', () => a.text(STDOUT) === 'hello from a\n');
          await waitFor('the echo on b', () => b.text(STDOUT) === 'hello from a\n');
          b.send(STDIN, 'and b\n');
          await waitFor('the second echo', () => a.text(STDOUT) === 'hello from a\nand b\n');
          b.send(CLOSE_STDIN);
          await waitFor('the exit frame', () => a.frames.some((f) => f.stream === EXIT));
          assert.equal((JSON.parse(a.text(EXIT)) as ExitRecord).exitCode, 0);
          await waitFor('the shim to close the socket', () => a.closed && b.closed);
          assert.equal(a.text(STDERR), '');
          assert.deepEqual(logRecords(s).map((r) => r.log), ['hello from a\n', 'and b\n']);
          assert.equal((await waitExit(s)).exitCode, 0);
        } finally {
          a.close();
          b.close();
        }
      });
    });

    it('drops a client that does not read instead of blocking the container', async () => {
      // 8 MiB of output against a client that never reads.
      const script = 'sleep 0.5; yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 8388608; echo; echo done';
      await withShim(rt, (cg) => config(sh(script), cg), [], async (s) => {
        startShim(s);
        const stuck = await Client.connect(join(s.stateDir, 'shim.sock'));
        stuck.sock.pause();
        try {
          const ex = await waitExit(s, 30_000);
          assert.equal(ex.exitCode, 0);
          const recs = logRecords(s);
          assert.equal(recs.at(-1)?.log, 'done\n');
          assert.equal(recs.reduce((n, r) => n + Buffer.byteLength(r.log), 0), 8388608 + 1 + 5);
        } finally {
          stuck.close();
        }
      });
    });

    it('returns to its caller at once and outlives it: log grows, a new client attaches, exit.json arrives', async () => {
      const script = 'i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.05; done';
      await withShim(rt, (cg) => config(sh(script), cg), [], async (s) => {
        // The caller is an intermediate sh, killed with SIGKILL while the shim runs.
        const quoted = s.args.map((a) => `'${a}'`).join(' ');
        const caller = spawn('/bin/sh', ['-c', `'${orcShim}' ${quoted} > '${s.stateDir}/caller.out'; echo $? >> '${s.stateDir}/caller.out'; exec sleep 600`], { stdio: 'ignore' });
        try {
          const started = Date.now();
          const out = await waitFor('the shim to answer its caller', () => {
            const text = existsSync(join(s.stateDir, 'caller.out')) ? readFileSync(join(s.stateDir, 'caller.out'), 'utf8') : '';
            return text.split('\n').length >= 3 ? text : undefined;
          });
          assert.ok(Date.now() - started < 5_000, 'the caller gets the pid while the container runs on');
          const [pidText, status] = out.trim().split('\n');
          assert.equal(status, '0');
          const pid = Number(pidText);
          caller.kill('SIGKILL');
          await waitFor('the caller to die', () => caller.exitCode !== null || caller.signalCode !== null);
          const shimPid = readPid(join(s.stateDir, 'shim.pid'));
          assert.ok(shimPid && alive(shimPid), 'the shim survives its caller');
          assert.ok(alive(pid), 'the container survives the caller');
          const before = logRecords(s).length;
          await waitFor('the log to grow', () => logRecords(s).length > before + 5);
          const c = await Client.connect(join(s.stateDir, 'shim.sock'));
          try {
            await waitFor('live output on a new client', () => /tick-\d+\n/.test(c.text(STDOUT)));
            process.kill(pid, 'SIGKILL');
            await waitFor('the exit frame', () => c.frames.some((f) => f.stream === EXIT));
          } finally {
            c.close();
          }
          const ex = await waitExit(s);
          assert.equal(ex.exitCode, 137);
        } finally {
          caller.kill('SIGKILL');
        }
      });
    });

    it('reports a container that cannot start to its caller with status 127, and leaves nothing running', async () => {
      await withShim(rt, (cg) => config(['/bin/no-such-program'], cg), [], async (s) => {
        const r = spawnSync(orcShim, s.args, { encoding: 'utf8', timeout: 20_000 });
        assert.equal(r.status, 127, r.stderr);
        assert.match(r.stderr, /^orc-shim: runtime (create|start) orc-test-\S+ failed: .*no-such-program/m);
        assert.equal(existsSync(join(s.stateDir, 'shim.sock')), false);
        assert.equal(existsSync(join(runtimeRoot, rt.name, s.bundle.id)), false, 'no runtime state left');
      });
    });
  });
}

describe('orc-shim: command line', { skip }, () => {
  it('prints usage and exits 2 without the required options', () => {
    const r = spawnSync(orcShim, ['--id', 'x'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^usage: orc-shim --id ID --bundle DIR --runtime PATH/);
  });
});

describe('orc-shim: leftovers', { skip }, () => {
  it('no shim of these tests is still running', () => {
    assert.deepEqual(leftoverShims(), []);
  });
});
