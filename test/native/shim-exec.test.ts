// orc-shim --exec: a process run in a running container (busybox sleep) by
// `<runtime> exec --detach`, served over its own shim.sock, its end in its
// own exit.json. A runtime whose help does not list `exec --process` is
// skipped, and one without --console-socket for the terminal case.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { config, runtimeFeatures } from './helpers/bundle.js';
import { CLOSE_STDIN, EXIT, FrameClient, STATE, STDERR, STDIN, STDOUT } from './helpers/frame-client.js';
import { alive, type ExitRecord, execIn, leftoverShims, runExecShim, runtimes, skip, startShim, TTY_SCRIPT, ttyExchange, waitExitIn, waitFor, withShim } from './helpers/shim.js';

const sleeper = (cg: string) => config(['/bin/sleep', '600'], cg);

for (const rt of runtimes) {
  const features = rt.skip ? { exec: false, consoleSocket: false } : runtimeFeatures(rt.bin);
  const noExec = rt.skip || (!features.exec && `${rt.name} has no exec --process --detach --pid-file`);

  describe(`orc-shim --exec with ${rt.name}`, { skip: noExec }, () => {
    it('runs echo in a running container: output over the socket, exit.json with the code, no log, the container runs on', async () => {
      await withShim(rt, sleeper, [], async (s) => {
        const { pid } = startShim(s);
        const e = execIn(s, ['/bin/echo', 'hello from exec'], { extra: ['--attach-first'] });
        const r = runExecShim(e);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), '0', 'the exec waits for its first client, so its pid is not known yet');
        const c = await FrameClient.connect(join(e.stateDir, 'shim.sock'));
        try {
          await waitFor('the exit frame', () => c.has(EXIT));
          assert.equal(c.text(STDOUT), 'hello from exec\n');
          assert.equal((JSON.parse(c.text(EXIT)) as ExitRecord).exitCode, 0);
        } finally {
          c.close();
        }
        const ex = await waitExitIn(e.stateDir);
        assert.equal(ex.exitCode, 0);
        assert.ok(ex.pid > 0);
        assert.deepEqual(readdirSync(e.stateDir).filter((f) => f.startsWith('container.log')), [], 'exec output is not logged');
        assert.ok(alive(pid), 'the container runs on');
      });
    });

    it('prints the exec pid and records a non-zero exit code', async () => {
      await withShim(rt, sleeper, [], async (s) => {
        const { pid } = startShim(s);
        const e = execIn(s, ['/bin/sh', '-c', 'sleep 0.2; exit 7']);
        const r = runExecShim(e);
        assert.equal(r.status, 0, r.stderr);
        const execPid = Number(r.stdout.trim());
        assert.ok(execPid > 0 && execPid !== pid, r.stdout);
        const ex = await waitExitIn(e.stateDir);
        assert.deepEqual([ex.pid, ex.exitCode, ex.signal], [execPid, 7, 0]);
        assert.ok(alive(pid), 'the container runs on');
      });
    });

    it('passes stdin to the exec (cat) and closes it on close-stdin', async () => {
      await withShim(rt, sleeper, [], async (s) => {
        const { pid } = startShim(s);
        const e = execIn(s, ['/bin/cat'], { extra: ['--stdin'] });
        const r = runExecShim(e);
        assert.equal(r.status, 0, r.stderr);
        const c = await FrameClient.connect(join(e.stateDir, 'shim.sock'));
        try {
          c.send(STATE);
          await waitFor('a state reply', () => c.has(STATE));
          assert.deepEqual(JSON.parse(c.text(STATE)), { pid: Number(r.stdout.trim()), running: true });
          c.send(STDIN, 'to cat\n');
          await waitFor('the echo', () => c.text(STDOUT) === 'to cat\n');
          c.send(CLOSE_STDIN);
          await waitFor('the exit frame', () => c.has(EXIT));
          assert.equal((JSON.parse(c.text(EXIT)) as ExitRecord).exitCode, 0);
          assert.equal(c.text(STDERR), '');
        } finally {
          c.close();
        }
        await waitExitIn(e.stateDir);
        assert.ok(alive(pid), 'the container runs on');
      });
    });

    it('runs an exec with a terminal (--tty): a pty, its size from a resize frame, typed input', { skip: !features.consoleSocket && `${rt.name} has no --console-socket` }, async () => {
      await withShim(rt, sleeper, [], async (s) => {
        const { pid } = startShim(s);
        const e = execIn(s, ['/bin/sh', '-c', TTY_SCRIPT], { terminal: true, extra: ['--tty', '--stdin', '--attach-first'] });
        const r = runExecShim(e);
        assert.equal(r.status, 0, r.stderr);
        const c = await FrameClient.connect(join(e.stateDir, 'shim.sock'));
        try {
          await ttyExchange(c, 40, 120, 'typed');
          assert.equal((JSON.parse(c.text(EXIT)) as ExitRecord).exitCode, 0);
        } finally {
          c.close();
        }
        await waitExitIn(e.stateDir);
        assert.equal(existsSync(join(e.stateDir, 'console.sock')), false, 'console.sock removed');
        assert.ok(alive(pid), 'the container runs on');
      });
    });

    it('exits 127 with the runtime\'s message when the program does not exist; the container runs on', async () => {
      await withShim(rt, sleeper, [], async (s) => {
        const { pid } = startShim(s);
        const e = execIn(s, ['/bin/no-such-program']);
        const r = runExecShim(e);
        assert.equal(r.status, 127, r.stderr);
        assert.match(r.stderr, /^orc-shim: runtime exec orc-test-\S+ failed: .*no-such-program/m);
        assert.equal(existsSync(join(e.stateDir, 'shim.sock')), false);
        assert.ok(alive(pid), 'the container runs on');
      });
    });
  });
}

describe('orc-shim --exec: leftovers', { skip }, () => {
  it('no shim of these tests is still running', () => {
    assert.deepEqual(leftoverShims(), []);
  });
});
