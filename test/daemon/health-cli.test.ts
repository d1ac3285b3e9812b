// `orc run --health-*` through the real CLI against a real `orc daemon`
// (temp data root and socket): `orc ps` shows `(health: starting)`,
// `(healthy)`, `(unhealthy)`; inspect shows State.Health and
// Config.Healthcheck; bad flags exit 125 naming the flag; a daemon killed
// and started again keeps the status and goes on probing. Needs root.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waiter } from '../helpers/host.js';
import { busyboxArchive, daemonFixture, skipReason } from './helpers/daemon.js';

const skip = skipReason();

const PREFIX = `/tmp/orch${process.pid}-`;
const cgroupParent = `/orc-daemon-health-test-${process.pid}`;
const IMAGE = 'health-test/busybox:1';
const waitFor = waiter(20_000, 50);

interface Inspect {
  State: { Status: string; Health?: { Status: string; FailingStreak: number; Log: Array<{ ExitCode: number; Output: string; Start: string; End: string }> } };
  Config: { Healthcheck?: Record<string, unknown> };
}

describe('orc run --health-* and orc ps through the daemon', { skip }, () => {
  const d = daemonFixture(PREFIX, cgroupParent);
  const orc = d.orc;
  const inspect = (ref: string): Inspect => (JSON.parse(orc('inspect', ref).stdout) as Inspect[])[0] as Inspect;
  const psLine = (name: string): string => orc('ps').stdout.split('\n').find((l) => l.endsWith(` ${name}`)) ?? '';

  before(() => d.setUp({ archive: busyboxArchive(IMAGE) }));
  after(() => d.tearDown());

  it('run -d --health-cmd: ps shows (health: starting), then (healthy) once the probe passes; inspect shows the config and the log', async () => {
    const run = orc('run', '-d', '--name', 'web', '--health-cmd', 'test -e /tmp/up && echo up', '--health-interval', '200ms',
      '--health-retries', '2', '--health-start-period', '1m', '--health-start-interval', '100ms', '--health-timeout', '2s', IMAGE, 'sh', '-c', 'sleep 1; touch /tmp/up; while :; do sleep 1; done');
    assert.equal(run.status, 0, run.stderr);
    assert.match(psLine('web'), /Up .* \(health: starting\)/);
    await waitFor('web to be healthy', () => /\(healthy\)/.test(psLine('web')));
    const i = inspect('web');
    assert.deepEqual(i.Config.Healthcheck, {
      Test: ['CMD-SHELL', 'test -e /tmp/up && echo up'], Interval: 200e6, Timeout: 2e9, StartPeriod: 60e9, StartInterval: 100e6, Retries: 2,
    });
    assert.equal(i.State.Health?.Status, 'healthy');
    assert.equal(i.State.Health?.FailingStreak, 0, 'failures during the start period did not count');
    assert.equal(i.State.Health?.Log.at(-1)?.Output, 'up\n');
    assert.ok((i.State.Health?.Log.length ?? 0) <= 5);
    const json = JSON.parse(orc('ps', '--format', 'json').stdout.split('\n')[0] ?? '{}') as { Status?: string };
    assert.match(json.Status ?? '', /\(healthy\)$/);
  });

  it('a daemon killed and started again keeps the status and resumes probing: the file goes, (unhealthy) follows', async () => {
    const before = inspect('web').State.Health;
    assert.equal(before?.Status, 'healthy');
    await d.stop('SIGKILL');
    await d.restart();
    assert.equal(inspect('web').State.Status, 'running');
    assert.equal(inspect('web').State.Health?.Status, 'healthy', 'the status from the record');
    assert.match(psLine('web'), /\(healthy\)/);
    const ex = orc('exec', 'web', 'rm', '/tmp/up');
    assert.equal(ex.status, 0, ex.stderr);
    await waitFor('web to be unhealthy', () => /\(unhealthy\)/.test(psLine('web')));
    const h = inspect('web').State.Health;
    // within the start period too: only a starting container does not count failures (retries 2)
    assert.ok((h?.FailingStreak ?? 0) >= 2, `failing streak ${h?.FailingStreak}`);
    assert.ok((h?.Log.at(-1)?.End ?? '') > (before?.Log.at(-1)?.End ?? ''), 'new probes ran after the restart');
    assert.equal(orc('rm', '-f', 'web').status, 0);
  });

  it('--no-healthcheck disables it; bad --health-* values and --no-healthcheck with them exit 125 naming the flag', () => {
    const none = orc('run', '-d', '--name', 'plain', '--no-healthcheck', IMAGE, 'sleep', '30');
    assert.equal(none.status, 0, none.stderr);
    assert.deepEqual(inspect('plain').Config.Healthcheck, { Test: ['NONE'] });
    assert.equal(inspect('plain').State.Health, undefined);
    assert.doesNotMatch(psLine('plain'), /\((health: starting|healthy|unhealthy)\)/);
    assert.equal(orc('rm', '-f', 'plain').status, 0);
    for (const [args, message] of [
      [['--health-interval', '10parsecs'], /--health-interval: invalid duration "10parsecs"/],
      [['--health-timeout', '-1s'], /--health-timeout: invalid duration "-1s": a duration cannot be negative/],
      [['--health-start-period', '30'], /--health-start-period: invalid duration "30"/],
      [['--health-retries', 'x'], /--health-retries: invalid value "x"/],
      [['--health-interval', '100us'], /--health-interval: 100µs is too short/],
      [['--no-healthcheck', '--health-cmd', 'true'], /--no-healthcheck conflicts with --health-\* options/],
    ] as const) {
      const r = orc('run', '-d', ...args, IMAGE, 'true');
      assert.equal(r.status, 125, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal(orc('ps', '-aq').stdout, '', 'nothing was created');
  });
});
