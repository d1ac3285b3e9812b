// Health checks as Docker's daemon/health.go has them, driven by a fake
// clock and a fake prober (no containers, no root): the first probe after one
// interval, starting → healthy, retries consecutive failures → unhealthy,
// the start period and its start interval, the timeout that kills a probe,
// the log of 5 and the 4096-byte output, the reset at a (re)start, a stop
// during a probe; and the pure parts (merge over the image's, checks,
// Go durations, the ps suffix).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrcError } from '../../common/errors.js';
import type { Clock } from '../../worker/engine/index.js';
import {
  formatGoDuration, HealthMonitors, LimitedOutput, probeCommand, resolveHealthcheck, statusSuffix, validateHealthcheck,
  type HealthEvent, type HealthRecord, type ProbeProcess,
} from '../../worker/engine/health.js';
import type { Healthcheck } from '../../worker/images/index.js';

const S = 1e9; // ns per second
const MS = 1e6;

/** A clock whose time moves only when the test advances it; sleepers wake in due order. */
class FakeClock implements Clock {
  private t = Date.parse('2024-01-01T00:00:00Z');
  private seq = 0;
  private timers: Array<{ at: number; seq: number; wake: () => void }> = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      const timer = { at: this.t + ms, seq: this.seq++, wake: () => undefined as void };
      const onAbort = (): void => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal?.reason);
      };
      timer.wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time forward by `ms`, waking each sleeper at its due time and letting what it starts run. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await settle();
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined || next.at > target) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.wake();
    }
    this.t = target;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

type Step = { exitCode: number; output?: string } | 'hang' | { throws: string };

/** A prober that answers each probe with the next step (the last one repeats), and records what it was asked. */
class FakeProber {
  readonly calls: Array<{ at: number; command: string[] }> = [];
  kills = 0;
  running = 0;
  constructor(private readonly clock: FakeClock, private readonly steps: Step[]) {}

  probe = async (command: string[]): Promise<ProbeProcess> => {
    this.calls.push({ at: this.clock.now(), command });
    const step = this.steps.length > 1 ? (this.steps.shift() as Step) : (this.steps[0] as Step);
    if (typeof step === 'object' && 'throws' in step) throw new Error(step.throws);
    this.running += 1;
    let end: (r: { exitCode: number; output: string }) => void = () => undefined;
    const result = new Promise<{ exitCode: number; output: string }>((r) => (end = r)).finally(() => (this.running -= 1));
    if (step !== 'hang') end({ exitCode: step.exitCode, output: step.output ?? '' });
    return { result, kill: () => { this.kills += 1; end({ exitCode: 137, output: '' }); } };
  };
}

interface Rig {
  clock: FakeClock;
  prober: FakeProber;
  monitors: HealthMonitors;
  record: HealthRecord;
  events: HealthEvent[];
  saves: number;
}

function rig(healthcheck: Healthcheck, steps: Step[]): Rig {
  const clock = new FakeClock();
  const prober = new FakeProber(clock, steps);
  const r: Rig = {
    clock,
    prober,
    record: { id: 'c'.repeat(64), startedAt: new Date(clock.now()).toISOString(), config: { healthcheck } },
    events: [],
    saves: 0,
    monitors: new HealthMonitors({ clock, prober: () => prober.probe, persist: async () => void (r.saves += 1) }),
  };
  r.monitors.on((e) => r.events.push(e));
  r.monitors.reset(r.record);
  r.monitors.start(r.record);
  return r;
}

const status = (r: Rig): string | undefined => r.record.health?.Status;

describe('health monitor (fake clock)', () => {
  it('starts `starting`, probes first after one interval (30s by default), turns healthy on the first success', async () => {
    const r = rig({ test: ['CMD-SHELL', 'test -e /ready'] }, [{ exitCode: 0, output: 'ok\n' }]);
    assert.equal(status(r), 'starting');
    assert.deepEqual(r.events.map((e) => e.status), ['starting']);
    await r.clock.advance(29_999);
    assert.equal(r.prober.calls.length, 0, 'no probe before the interval');
    await r.clock.advance(1);
    assert.equal(r.prober.calls.length, 1);
    assert.deepEqual(r.prober.calls[0]?.command, ['/bin/sh', '-c', 'test -e /ready'], 'CMD-SHELL runs through /bin/sh -c');
    assert.equal(status(r), 'healthy');
    assert.equal(r.record.health?.FailingStreak, 0);
    assert.deepEqual(r.record.health?.Log.map((l) => [l.ExitCode, l.Output]), [[0, 'ok\n']]);
    assert.deepEqual(r.events.map((e) => e.status), ['starting', 'healthy']);
    assert.equal(r.saves, 1, 'each result is persisted');
    await r.clock.advance(60_000);
    assert.equal(r.prober.calls.length, 3, 'one probe every interval after the first');
    assert.equal(r.events.length, 2, 'no event without a change');
    await r.monitors.stopAll();
  });

  it('retries consecutive failures make it unhealthy (3 by default); a success clears the streak', async () => {
    const r = rig({ test: ['CMD', 'check'], interval: 1 * S }, [{ exitCode: 1 }, { exitCode: 1 }, { exitCode: 2 }, { exitCode: 1 }, { exitCode: 0 }]);
    await r.clock.advance(2000);
    assert.deepEqual(r.prober.calls[0]?.command, ['check'], 'CMD runs its arguments as they are');
    assert.equal(status(r), 'starting');
    assert.equal(r.record.health?.FailingStreak, 2);
    await r.clock.advance(1000);
    assert.equal(status(r), 'unhealthy', 'any non-zero exit is a failure');
    assert.equal(r.record.health?.FailingStreak, 3);
    await r.clock.advance(1000);
    assert.equal(r.record.health?.FailingStreak, 4);
    await r.clock.advance(1000);
    assert.equal(status(r), 'healthy');
    assert.equal(r.record.health?.FailingStreak, 0);
    assert.deepEqual(r.events.map((e) => [e.status, e.failingStreak]), [['starting', 0], ['unhealthy', 3], ['healthy', 0]]);
    await r.monitors.stopAll();
  });

  it('retries 1: the first failure after the start period is enough; a failed start of the probe counts with exit -1', async () => {
    const r = rig({ test: ['CMD', 'x'], interval: 1 * S, retries: 1 }, [{ throws: 'exec failed: no such file' }]);
    await r.clock.advance(1000);
    assert.equal(status(r), 'unhealthy');
    assert.deepEqual(r.record.health?.Log.map((l) => [l.ExitCode, l.Output]), [[-1, 'exec failed: no such file']]);
    await r.monitors.stopAll();
  });

  it('during the start period failures do not count and probes come every start interval; after it, every interval and they count', async () => {
    const r = rig({ test: ['CMD', 'x'], interval: 30 * S, startPeriod: 12 * S, startInterval: 5 * S, retries: 2 }, [{ exitCode: 1 }]);
    await r.clock.advance(11_000);
    assert.deepEqual(r.prober.calls.map((c) => c.at - Date.parse(r.record.startedAt)), [5000, 10_000], 'every start interval');
    assert.equal(r.record.health?.FailingStreak, 0, 'failures within the start period do not count');
    assert.equal(status(r), 'starting');
    await r.clock.advance(4000); // 15 s: the probe scheduled at 10 s + 5 s runs after the period and counts
    assert.equal(r.prober.calls.length, 3);
    assert.equal(r.record.health?.FailingStreak, 1);
    await r.clock.advance(29_000);
    assert.equal(r.prober.calls.length, 3, 'after the start period: the interval');
    await r.clock.advance(1000);
    assert.equal(status(r), 'unhealthy');
    assert.equal(r.record.health?.Log.length, 4, 'uncounted results are still logged');
    await r.monitors.stopAll();
  });

  it('a success during the start period makes it healthy, and the interval applies from then on', async () => {
    const r = rig({ test: ['CMD', 'x'], interval: 30 * S, startPeriod: 60 * S, startInterval: 2 * S }, [{ exitCode: 0 }]);
    await r.clock.advance(2000);
    assert.equal(status(r), 'healthy');
    await r.clock.advance(29_000);
    assert.equal(r.prober.calls.length, 1, 'no longer the start interval once healthy');
    await r.clock.advance(1000);
    assert.equal(r.prober.calls.length, 2);
    await r.monitors.stopAll();
  });

  it('a probe running past its timeout is killed and counts as a failure: exit -1, "Health check exceeded timeout (…)"', async () => {
    const r = rig({ test: ['CMD', 'sleep', '60'], interval: 1 * S, timeout: 1.5 * S, retries: 1 }, ['hang']);
    await r.clock.advance(1000);
    assert.equal(r.prober.running, 1);
    await r.clock.advance(1499);
    assert.equal(r.prober.kills, 0, 'not before the timeout');
    await r.clock.advance(1);
    assert.equal(r.prober.kills, 1);
    assert.equal(r.prober.running, 0, 'the killed probe ended before the result was recorded');
    assert.equal(status(r), 'unhealthy');
    const log = r.record.health?.Log[0];
    assert.equal(log?.ExitCode, -1);
    assert.equal(log?.Output, 'Health check exceeded timeout (1.5s)');
    assert.equal(Date.parse(log?.End ?? '') - Date.parse(log?.Start ?? ''), 1500);
    // the next probe starts one interval after the end of this one
    await r.clock.advance(999);
    assert.equal(r.prober.calls.length, 1);
    await r.clock.advance(1);
    assert.equal(r.prober.calls.length, 2);
    await r.monitors.stopAll();
    assert.equal(r.prober.kills, 2, 'stop kills the probe in flight');
  });

  it('the log keeps the last 5 results, oldest first; output is cut at 4096 bytes with "..."', async () => {
    const steps: Step[] = [1, 2, 3, 4, 5, 6].map((n) => ({ exitCode: n % 2, output: `run ${n}` }));
    steps.push({ exitCode: 0, output: 'x'.repeat(5000) });
    const r = rig({ test: ['CMD', 'x'], interval: 1 * S }, steps);
    await r.clock.advance(6000);
    assert.deepEqual(r.record.health?.Log.map((l) => l.Output), ['run 2', 'run 3', 'run 4', 'run 5', 'run 6']);
    const out = new LimitedOutput();
    out.write(Buffer.from('a'.repeat(4000)));
    out.write(Buffer.from('b'.repeat(200)));
    assert.equal(out.toString(), `${'a'.repeat(4000)}${'b'.repeat(96)}...`);
    const small = new LimitedOutput();
    small.write(Buffer.from('out\n'));
    small.write(Buffer.from('err\n'));
    assert.equal(small.toString(), 'out\nerr\n');
    await r.monitors.stopAll();
  });

  it('a (re)start resets it to starting with streak 0 and keeps the log; probing restarts from the new start', async () => {
    const r = rig({ test: ['CMD', 'x'], interval: 1 * S, retries: 1 }, [{ exitCode: 1 }]);
    await r.clock.advance(1000);
    assert.equal(status(r), 'unhealthy');
    await r.monitors.stop(r.record.id); // the container exited
    await r.clock.advance(5000);
    assert.equal(r.prober.calls.length, 1, 'no probe once stopped');
    assert.equal(status(r), 'unhealthy', 'the last status stays after the exit');
    r.record.startedAt = new Date(r.clock.now()).toISOString();
    r.monitors.reset(r.record);
    r.monitors.start(r.record);
    assert.equal(status(r), 'starting');
    assert.equal(r.record.health?.FailingStreak, 0);
    assert.equal(r.record.health?.Log.length, 1, 'the log stays');
    assert.deepEqual(r.events.map((e) => e.status), ['starting', 'unhealthy', 'starting']);
    await r.clock.advance(1000);
    assert.equal(r.prober.calls.length, 2);
    await r.monitors.stopAll();
  });

  it('a stop during a probe kills it and drops its result; the listener remover works', async () => {
    const r = rig({ test: ['CMD', 'x'], interval: 1 * S }, ['hang']);
    const seen: string[] = [];
    const off = r.monitors.on((e) => seen.push(e.status));
    await r.clock.advance(1000);
    assert.equal(r.prober.running, 1);
    await r.monitors.stop(r.record.id);
    assert.equal(r.prober.kills, 1);
    assert.equal(r.prober.running, 0);
    assert.deepEqual(r.record.health?.Log, []);
    assert.equal(r.saves, 0);
    off();
    r.monitors.reset({ ...r.record, health: { Status: 'healthy', FailingStreak: 0, Log: [] } });
    assert.deepEqual(seen, [], 'removed listeners hear nothing');
  });

  it('resumes with the kept state (an engine adopting a running container): no reset', async () => {
    const clock = new FakeClock();
    const prober = new FakeProber(clock, [{ exitCode: 1 }]);
    const monitors = new HealthMonitors({ clock, prober: () => prober.probe, persist: async () => undefined });
    const record: HealthRecord = {
      id: 'd'.repeat(64), startedAt: new Date(clock.now() - 3_600_000).toISOString(), config: { healthcheck: { test: ['CMD', 'x'], interval: S, retries: 3 } },
      health: { Status: 'healthy', FailingStreak: 1, Log: [] },
    };
    monitors.start(record);
    assert.equal(record.health?.Status, 'healthy');
    await clock.advance(2000);
    assert.equal(record.health?.FailingStreak, 3);
    assert.equal(record.health?.Status, 'unhealthy');
    await monitors.stopAll();
  });

  it('no monitor without a probe: none, NONE, or an unknown test type', () => {
    for (const healthcheck of [undefined, { test: ['NONE'] }, { test: [] }]) {
      const clock = new FakeClock();
      const monitors = new HealthMonitors({ clock, prober: () => { throw new Error('no probe expected'); }, persist: async () => undefined });
      const record: HealthRecord = { id: 'e'.repeat(64), startedAt: new Date().toISOString(), config: healthcheck === undefined ? {} : { healthcheck } };
      monitors.reset(record);
      monitors.start(record);
      assert.equal(record.health, undefined);
    }
  });
});

describe('healthcheck options', () => {
  it('the container\'s healthcheck is merged over the image\'s as Docker does (empty test and zero fields take the image\'s)', () => {
    const image: Healthcheck = { test: ['CMD', 'img'], interval: 10 * S, timeout: 3 * S, retries: 5 };
    assert.deepEqual(resolveHealthcheck(undefined, image), image);
    assert.equal(resolveHealthcheck(undefined, null), undefined);
    assert.deepEqual(resolveHealthcheck({ test: [], interval: 2 * S }, image), { test: ['CMD', 'img'], interval: 2 * S, timeout: 3 * S, retries: 5 });
    assert.deepEqual(resolveHealthcheck({ test: ['CMD-SHELL', 'mine'], retries: 0 }, image), { test: ['CMD-SHELL', 'mine'], interval: 10 * S, timeout: 3 * S, retries: 5 });
    assert.deepEqual(resolveHealthcheck({ test: ['NONE'] }, image)?.test, ['NONE']);
    assert.equal(probeCommand(resolveHealthcheck({ test: ['NONE'] }, image)), undefined);
    assert.deepEqual(resolveHealthcheck({ test: ['CMD', 'a'], startInterval: 500 * MS }, null), { test: ['CMD', 'a'], startInterval: 500 * MS });
  });

  it('durations under 1ms, negative retries and unknown test types are usage errors naming the flag', () => {
    const code = (hc: Healthcheck): string => {
      try {
        validateHealthcheck(hc);
        return 'ok';
      } catch (e) {
        assert.ok(isOrcError(e));
        assert.equal(e.code, 'ORC_USAGE');
        return e.message;
      }
    };
    assert.match(code({ test: ['CMD', 'x'], interval: 500_000 }), /^--health-interval: 500µs is too short/);
    assert.match(code({ test: ['CMD', 'x'], timeout: -S }), /^--health-timeout:/);
    assert.match(code({ test: ['CMD', 'x'], startPeriod: 1 }), /^--health-start-period:/);
    assert.match(code({ test: ['CMD', 'x'], startInterval: 10 }), /^--health-start-interval:/);
    assert.match(code({ test: ['CMD', 'x'], retries: -1 }), /^--health-retries:/);
    assert.match(code({ test: ['curl', 'x'] }), /^--health-cmd: .*CMD, CMD-SHELL or NONE/);
    assert.equal(code({ test: ['CMD', 'x'], interval: MS, timeout: 0, retries: 0 }), 'ok');
  });

  it('Go duration text (the timeout message) and the ps suffix', () => {
    assert.deepEqual([30 * S, 90 * S, 500 * MS, 1.5 * S, 2 * 3600 * S, 0, 1500, 61.25 * S].map(formatGoDuration),
      ['30s', '1m30s', '500ms', '1.5s', '2h0m0s', '0s', '1.5µs', '1m1.25s']);
    assert.equal(statusSuffix(undefined), '');
    assert.equal(statusSuffix({ Status: 'starting', FailingStreak: 0, Log: [] }), ' (health: starting)');
    assert.equal(statusSuffix({ Status: 'healthy', FailingStreak: 0, Log: [] }), ' (healthy)');
    assert.equal(statusSuffix({ Status: 'unhealthy', FailingStreak: 3, Log: [] }), ' (unhealthy)');
  });
});
