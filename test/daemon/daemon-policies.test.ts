// Restart policies, --rm, log options, restart, stats, top and the data-root
// lock through the real CLI against a real `orc daemon` (temp data root and
// socket); and the CLI starting the default daemon on demand, with the
// default socket and data root moved by ORC_DEFAULT_SOCKET / ORC_DATA_ROOT.
// Every test stops what it started, even when it fails. Needs root.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mountLines, processAlive, readPid, shimProcessLines, sleep, waiter } from '../helpers/host.js';
import { bin, busyboxArchive, daemonFixture, skipReason, type Result } from './helpers/daemon.js';

const skip = skipReason();

const PREFIX = `/tmp/orcp${process.pid}-`;
const cgroupParent = `/orc-daemon-policy-test-${process.pid}`;
const IMAGE = 'policy-test/busybox:1';
const waitFor = waiter(20_000, 50);

describe('orc run --restart/--rm/--log-*, restart, stats, top through the daemon', { skip }, () => {
  const d = daemonFixture(PREFIX, cgroupParent);
  const orc = d.orc;
  const inspect = (ref: string): { RestartCount: number; State: { Status: string; Running: boolean; StartedAt: string; ExitCode: number; Pid: number }; HostConfig: Record<string, unknown> } =>
    (JSON.parse(orc('inspect', ref).stdout) as Array<ReturnType<typeof inspect>>)[0] as ReturnType<typeof inspect>;

  before(() => d.setUp({ archive: busyboxArchive(IMAGE) }));
  after(() => d.tearDown());

  it('run -d --restart on-failure:2 sh -c "exit 3": wait prints 3 after exactly 2 restarts', () => {
    const run = orc('run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', IMAGE, 'sh', '-c', 'echo try; exit 3');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(orc('wait', 'flaky').stdout, '3\n');
    const i = inspect('flaky');
    assert.equal(i.RestartCount, 2);
    assert.deepEqual(i.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.equal(orc('logs', 'flaky').stdout, 'try\ntry\ntry\n');
    assert.match(orc('ps', '-a').stdout, /Exited \(3\).*flaky/);
    assert.equal(orc('rm', 'flaky').status, 0);
  });

  it('bad --restart values and --rm with a restart policy exit 125 with a clear message', () => {
    const bad = orc('run', '--restart', 'sometimes', IMAGE, 'true');
    assert.equal(bad.status, 125);
    assert.match(bad.stderr, /--restart: invalid restart policy "sometimes"/);
    const both = orc('run', '-d', '--rm', '--restart', 'always', IMAGE, 'true');
    assert.equal(both.status, 125);
    assert.match(both.stderr, /conflicting options: --restart always and --rm/);
    const logOpt = orc('run', '--log-opt', 'max-size=huge', IMAGE, 'true');
    assert.equal(logOpt.status, 125);
    assert.match(logOpt.stderr, /max-size/);
    assert.equal(orc('ps', '-aq').stdout, '');
  });

  it('run -d --rm: the daemon removes the container when it exits', async () => {
    const run = orc('run', '-d', '--rm', IMAGE, 'sh', '-c', 'sleep 0.3');
    assert.equal(run.status, 0, run.stderr);
    await waitFor('the container to be removed', () => orc('ps', '-aq').stdout === '');
  });

  it('--log-driver none: attached output still arrives, logs says logging is disabled', () => {
    const run = orc('run', '--name', 'silent', '--log-driver', 'none', IMAGE, 'echo', 'hi');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'hi\n');
    const logs = orc('logs', 'silent');
    assert.equal(logs.status, 1);
    assert.match(logs.stderr, /configured logging driver does not support reading/);
    assert.equal(orc('rm', 'silent').status, 0);
  });

  it('restart -t 1 stops and starts again; stats --no-stream and top show Docker\'s columns', () => {
    const run = orc('run', '-d', '--name', 'busy', '--memory', '32m', IMAGE, 'sh', '-c', 'while :; do sleep 1; done');
    assert.equal(run.status, 0, run.stderr);
    try {
      const before = inspect('busy').State;
      const restart = orc('restart', '-t', '1', 'busy');
      assert.equal(restart.status, 0, restart.stderr);
      assert.equal(restart.stdout, 'busy\n');
      const now = inspect('busy');
      assert.equal(now.State.Running, true);
      assert.notEqual(now.State.Pid, before.Pid);
      assert.equal(now.RestartCount, 0);

      const table = orc('stats', '--no-stream', 'busy');
      assert.equal(table.status, 0, table.stderr);
      const [header, row] = table.stdout.trimEnd().split('\n');
      assert.match(header ?? '', /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
      assert.match(row ?? '', /^[0-9a-f]{12}\s+busy\s+\d+\.\d\d%\s+\S+ \/ 32MiB\s+\d+\.\d\d%\s+\S+ \/ \S+\s+\S+ \/ \S+\s+[12]$/);
      const json = JSON.parse(orc('stats', '--no-stream', '--format', 'json').stdout.trim()) as Record<string, string>;
      assert.equal(json.Name, 'busy');
      assert.match(json.MemUsage ?? '', / \/ 32MiB$/);

      const top = orc('top', 'busy');
      assert.equal(top.status, 0, top.stderr);
      const lines = top.stdout.trimEnd().split('\n');
      assert.match(lines[0] ?? '', /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
      assert.ok(lines.some((l) => new RegExp(`^root\\s+${now.State.Pid}\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\?\\s+\\d\\d:\\d\\d:\\d\\d\\s+sh -c while`).test(l)), top.stdout);
      const custom = orc('top', 'busy', '-o', 'pid,comm');
      assert.equal(custom.status, 0, custom.stderr);
      assert.match(custom.stdout, new RegExp(`^PID\\s+COMMAND\\n${now.State.Pid}\\s+sh\\n`));
    } finally {
      orc('rm', '-f', 'busy');
    }
  });

  it('a second daemon on the same data root fails: the data root is in use by the first one\'s pid', () => {
    const second = spawnSync(process.execPath, [bin, 'daemon', '--data-root', d.root, '--socket', join(d.root, 's2')], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(second.status, 1);
    assert.match(second.stderr, new RegExp(`data root ${d.root} is in use by pid ${d.daemon?.child.pid}`));
    assert.ok(!existsSync(join(d.root, 's2')));
  });

  it('a container that fails while the daemon is killed -9 is restarted per policy by the next daemon', async () => {
    const run = orc('run', '-d', '--name', 'phoenix', '--restart', 'on-failure:1', IMAGE, 'sh', '-c', 'sleep 1; exit 9');
    assert.equal(run.status, 0, run.stderr);
    await d.stop('SIGKILL');
    await sleep(1500);
    await d.restart(); // takes over the dead daemon's lock
    assert.equal(orc('wait', 'phoenix').stdout, '9\n');
    assert.equal(inspect('phoenix').RestartCount, 1);
    assert.equal(orc('rm', 'phoenix').status, 0);
  });

  it('no shim or overlay mount of this run is left once the daemon is stopped', async () => {
    assert.equal(orc('ps', '-aq').stdout, '');
    await d.stop();
    assert.deepEqual(mountLines((l) => l.includes(PREFIX)), []);
    assert.deepEqual(shimProcessLines().filter((l) => l.includes(PREFIX)), []);
  });
});

describe('the CLI starts the default daemon on demand', { skip }, () => {
  it('orc ps with no daemon starts one on $ORC_DEFAULT_SOCKET / $ORC_DATA_ROOT; the next command reuses it', async () => {
    const dir = mkdtempSync(PREFIX);
    const socket = join(dir, 'orc.sock');
    const dataRoot = join(dir, 'root');
    const env: NodeJS.ProcessEnv = { ...process.env, ORC_DEFAULT_SOCKET: socket, ORC_DATA_ROOT: dataRoot };
    delete env.ORC_HOST;
    const orc = (...args: string[]): Result => {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    let pid: number | undefined;
    try {
      const first = orc('ps');
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /^CONTAINER ID\s+IMAGE/);
      pid = readPid(join(dataRoot, 'orc.pid'));
      assert.ok(pid !== undefined && processAlive(pid, 'ZX'), 'the daemon\'s pid is in <data-root>/orc.pid');
      assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /daemon/);
      assert.match(readFileSync(join(dataRoot, 'daemon.log'), 'utf8'), new RegExp(`\\(pid ${pid}\\) serving unix://${socket}, data root ${dataRoot}`));
      const second = orc('ps', '-a');
      assert.equal(second.status, 0, second.stderr);
      assert.equal(readPid(join(dataRoot, 'orc.pid')), pid, 'the same daemon answered');
      assert.equal(readFileSync(join(dataRoot, 'daemon.log'), 'utf8').match(/ serving /g)?.length, 1);
    } finally {
      if (pid !== undefined && processAlive(pid, 'ZX')) {
        process.kill(pid, 'SIGTERM');
        await waitFor('the daemon to stop', () => !processAlive(pid as number, 'ZX'));
      }
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(!existsSync(socket));
  });
});
