// `orc run -i/-t`, `orc exec` and `orc attach` end to end: a real daemon on
// a temp root, the real CLI with piped stdio, busybox containers; once with
// orc-runtime, once with runc. Every test removes its containers; the daemon
// and its root go in `after`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shimProcessLines, sleep } from '../helpers/host.js';
import { runtimes } from '../native/helpers/bundle.js';
import { IMAGE, daemonFixture, orcRuntime, skip } from './helpers/daemon.js';

const PREFIX = `/tmp/orci${process.pid}-`;

for (const rt of runtimes(orcRuntime, skip)) describe(`orc run -i/-t, exec and attach (${rt.name})`, { skip: rt.skip }, () => {
  const cgroupParent = `/orc-interactive-test-${process.pid}-${rt.name}`;
  const d = daemonFixture(PREFIX, cgroupParent, { runtime: rt.name === 'orc-runtime' ? 'orc' : rt.bin });
  const { orc, orcIn } = d;

  before(() => d.setUp());
  after(() => d.tearDown());

  /** A running `sleep` container named `name`, removed by the returned function. */
  function sleeper(name: string, ...flags: string[]): () => void {
    const r = orc('run', '-d', '--name', name, ...flags, IMAGE, 'sleep', '300');
    assert.equal(r.status, 0, r.stderr);
    return () => void orc('rm', '-f', name);
  }

  it('run -i forwards stdin to the container and ends when it closes', () => {
    const r = orcIn('one\ntwo\n', 'run', '-i', '--rm', IMAGE, 'sh', '-c', 'cat; echo done >&2');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'one\ntwo\n');
    assert.equal(r.stderr, 'done\n');
  });

  it('run without -i gives the container no stdin: a reader sees EOF at once', () => {
    const r = orcIn('ignored\n', 'run', '--rm', IMAGE, 'sh', '-c', 'cat; echo eof');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'eof\n');
  });

  it('run -t gives the container a terminal (TERM=xterm, a /dev/pts device, one stream)', () => {
    const r = orc('run', '-t', '--rm', IMAGE, 'sh', '-c', 'tty; echo "$TERM"; echo to-stderr >&2');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r\nxterm\r\nto-stderr\r\n$/);
    assert.equal(r.stderr, '');
  });

  it('run -it: input reaches a terminal reader, whose echo comes back', () => {
    const r = orcIn('hello\n', 'run', '-i', '-t', '--rm', IMAGE, 'sh', '-c', 'read line; echo "got $line"');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /got hello\r\n$/);
  });

  it('the first bytes of a short-lived container are never lost', () => {
    for (let i = 0; i < 5; i++) {
      const r = orc('run', '--rm', IMAGE, 'echo', `line-${i}`);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `line-${i}\n`);
    }
  });

  it('exec runs in the container: its hostname, pid namespace, environment and exit code', () => {
    const done = sleeper('ex1', '--hostname', 'inside', '-e', 'FROM_RUN=yes');
    try {
      const r = orc('exec', 'ex1', 'sh', '-c', 'hostname; echo "$FROM_RUN"; cat /proc/1/cmdline | tr "\\0" " "; echo');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'inside\nyes\nsleep 300 \n');
      const code = orc('exec', 'ex1', 'sh', '-c', 'echo err >&2; exit 7');
      assert.equal(code.status, 7);
      assert.equal(code.stderr, 'err\n');
      // The container goes on after its execs.
      assert.match(orc('ps').stdout, /Up .*ex1/);
    } finally {
      done();
    }
  });

  it('exec -e -w -u set the environment, directory and user of the process only', () => {
    const done = sleeper('ex2');
    try {
      const r = orc('exec', '-e', 'A=1', '-e', 'B=two words', '-w', '/tmp', '-u', '65534:65534', 'ex2', 'sh', '-c', 'echo "$A|$B|$(pwd)|$(id -u):$(id -g)"');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '1|two words|/tmp|65534:65534\n');
      const plain = orc('exec', 'ex2', 'sh', '-c', 'echo "${A:-unset}|$(pwd)|$(id -u)"');
      assert.equal(plain.stdout, 'unset|/|0\n');
      // A non-root exec has no capabilities left, as at create.
      const caps = orc('exec', '-u', '65534', 'ex2', 'grep', 'CapEff', '/proc/self/status');
      assert.match(caps.stdout, /CapEff:\s+0000000000000000/);
    } finally {
      done();
    }
  });

  it('exec -i forwards stdin; exec -t gives a terminal; exec -d runs in the background', async () => {
    const done = sleeper('ex3');
    try {
      const cat = orcIn('piped\n', 'exec', '-i', 'ex3', 'cat');
      assert.equal(cat.status, 0, cat.stderr);
      assert.equal(cat.stdout, 'piped\n');
      const tty = orc('exec', '-t', 'ex3', 'tty');
      assert.equal(tty.status, 0, tty.stderr);
      assert.match(tty.stdout, /^\/dev\/pts\/\d+\r\n$/);
      const bg = orc('exec', '-d', 'ex3', 'sh', '-c', 'sleep 0.2; echo later > /tmp/bg');
      assert.equal(bg.status, 0, bg.stderr);
      assert.equal(bg.stdout, '');
      let seen = '';
      for (let i = 0; i < 50 && seen === ''; i++) {
        await sleep(100);
        seen = orc('exec', 'ex3', 'sh', '-c', 'cat /tmp/bg 2>/dev/null || true').stdout;
      }
      assert.equal(seen, 'later\n');
    } finally {
      done();
    }
  });

  it('exec of a missing command exits 127, of a directory 126; exec into a stopped container fails', () => {
    const done = sleeper('ex4');
    try {
      const missing = orc('exec', 'ex4', 'no-such-command');
      assert.equal(missing.status, 127, missing.stderr);
      assert.match(missing.stderr, /no-such-command/);
      const dir = orc('exec', 'ex4', '/tmp');
      assert.equal(dir.status, 126, dir.stderr);
      assert.equal(orc('stop', '-t', '0', 'ex4').status, 0);
      const stopped = orc('exec', 'ex4', 'true');
      assert.notEqual(stopped.status, 0);
      assert.match(stopped.stderr, /ex4.*is not running/);
    } finally {
      done();
    }
  });

  it('attach joins a running container: its output, stdin when it was run with -i, its exit code', () => {
    try {
      const run = orc('run', '-d', '-i', '--name', 'at1', IMAGE, 'sh', '-c', 'read line; echo "got $line"; exit 4');
      assert.equal(run.status, 0, run.stderr);
      const r = orcIn('abc\n', 'attach', 'at1');
      assert.equal(r.stdout, 'got abc\n');
      assert.equal(r.status, 4, r.stderr);
    } finally {
      orc('rm', '-f', 'at1');
    }
  });

  it('the detach sequence (ctrl-p ctrl-q) leaves an -it container running', () => {
    const done = sleeper('at2', '-i', '-t');
    try {
      const r = orcIn('\x10\x11', 'attach', 'at2');
      assert.equal(r.status, 0, r.stderr);
      assert.match(orc('ps').stdout, /Up .*at2/);
    } finally {
      done();
    }
  });

  it('run --init: orc-init is pid 1, the command its child, and the exit code passes through', () => {
    const r = orc('run', '--rm', '--init', IMAGE, 'sh', '-c', 'tr "\\0" " " < /proc/1/cmdline; echo; exit 5');
    assert.equal(r.status, 5, r.stderr);
    assert.match(r.stdout, /^\/sbin\/orc-init -- sh -c /);
  });

  it('no exec shim of this run is left behind', async () => {
    for (let i = 0; i < 50 && shimProcessLines().some((l) => l.includes(join(d.root, 'execs'))); i++) await sleep(100);
    assert.deepEqual(shimProcessLines().filter((l) => l.includes(join(d.root, 'execs'))), []);
  });
});
