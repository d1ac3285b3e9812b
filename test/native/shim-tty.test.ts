// orc-shim with a terminal (--tty: the runtime sends the pty master over
// console.sock) and with --attach-first (the container starts once the first
// client is attached). Real busybox bundles, real runtimes; a runtime whose
// help does not list --console-socket is skipped for the terminal cases.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sleep } from '../helpers/host.js';
import { config, runtimeFeatures, sh } from './helpers/bundle.js';
import { CLOSE_STDIN, EXIT, FrameClient, STDERR, STDIN, STDOUT } from './helpers/frame-client.js';
import { type ExitRecord, leftoverShims, logRecords, runtimes, skip, startShim, TTY_SCRIPT, ttyExchange, waitExit, waitFor, withShim } from './helpers/shim.js';

const terminal = (args: string[]) => (cg: string) => config(args, cg, (c) => {
  c.process['terminal'] = true;
  c.process['env'] = [...(c.process['env'] as string[]), 'TERM=xterm'];
});

for (const rt of runtimes) {
  const noTty = rt.skip || (!runtimeFeatures(rt.bin).consoleSocket && `${rt.name} has no --console-socket`);

  describe(`orc-shim --tty with ${rt.name}`, { skip: noTty }, () => {
    it('gives the container a pty: tty names /dev/pts/N, a resize frame sets its size, typed input reaches read, output is logged', async () => {
      await withShim(rt, terminal(sh(TTY_SCRIPT)), ['--tty', '--stdin', '--attach-first'], async (s) => {
        startShim(s);
        const c = await FrameClient.connect(join(s.stateDir, 'shim.sock'));
        try {
          const out = await ttyExchange(c, 33, 111, 'hello');
          assert.equal(c.text(STDERR), '', 'a tty has one stream');
          assert.equal((JSON.parse(c.text(EXIT)) as ExitRecord).exitCode, 0);
          const logged = logRecords(s);
          assert.ok(logged.every((r) => r.stream === 'stdout'));
          assert.equal(logged.map((r) => r.log).join(''), out);
          assert.equal(existsSync(join(s.stateDir, 'console.sock')), false, 'console.sock removed');
        } finally {
          c.close();
        }
        await waitExit(s);
      });
    });

    it('ignores close-stdin on a tty (the container keeps its terminal, as docker attach detaching)', async () => {
      await withShim(rt, terminal(['/bin/cat']), ['--tty', '--stdin'], async (s) => {
        const { pid } = startShim(s);
        const c = await FrameClient.connect(join(s.stateDir, 'shim.sock'));
        try {
          c.send(STDIN, 'one\n');
          await waitFor('the first echo', () => c.text(STDOUT).includes('one\r\none\r\n'));
          c.send(CLOSE_STDIN);
          c.send(STDIN, 'two\n');
          await waitFor('the second echo', () => c.text(STDOUT).includes('two\r\ntwo\r\n'));
          assert.equal(c.has(EXIT), false);
          process.kill(pid, 'SIGKILL');
          await waitFor('the exit frame', () => c.has(EXIT));
        } finally {
          c.close();
        }
        assert.equal((await waitExit(s)).exitCode, 137);
      });
    });
  });

  describe(`orc-shim --attach-first with ${rt.name}`, { skip: rt.skip }, () => {
    it('starts the container only when the first client attaches: it receives all output and the exit frame', async () => {
      const script = 'echo first; echo second >&2; echo third; exit 3';
      await withShim(rt, (cg) => config(sh(script), cg), ['--attach-first'], async (s) => {
        startShim(s);
        await sleep(300); // output would be gone by now without --attach-first
        assert.equal(existsSync(join(s.stateDir, 'exit.json')), false, 'not started before a client attached');
        const c = await FrameClient.connect(join(s.stateDir, 'shim.sock'));
        try {
          await waitFor('the exit frame', () => c.has(EXIT));
          assert.equal(c.text(STDOUT), 'first\nthird\n');
          assert.equal(c.text(STDERR), 'second\n');
          assert.equal((JSON.parse(c.text(EXIT)) as ExitRecord).exitCode, 3);
        } finally {
          c.close();
        }
        assert.equal((await waitExit(s)).exitCode, 3);
      });
    });

    it('starts anyway after --attach-timeout without a client', async () => {
      await withShim(rt, (cg) => config(sh('echo alone'), cg), ['--attach-first', '--attach-timeout', '300'], async (s) => {
        startShim(s);
        const ex = await waitExit(s);
        assert.equal(ex.exitCode, 0);
        assert.deepEqual(logRecords(s).map((r) => r.log), ['alone\n']);
      });
    });
  });
}

describe('orc-shim --tty, --attach-first: leftovers', { skip }, () => {
  it('no shim of these tests is still running', () => {
    assert.deepEqual(leftoverShims(), []);
  });
});
