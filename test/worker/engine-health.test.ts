// Health checks on real containers: busybox under orc-shim and orc-runtime in
// temporary data roots, probes run through exec. A probe that turns healthy
// once a file exists (created with exec) and unhealthy when it is gone, the
// timeout that kills a probe process, the image's HEALTHCHECK and
// `NONE`, the reset at a restart, and an engine re-opened on the root that
// keeps the status and resumes probing. Needs root.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Engine, HealthEvent, HealthStatus } from '../../worker/engine/index.js';
import { sleep } from '../helpers/host.js';
import { engineRoots, sh, skip } from './helpers/engine.js';
import { fullBusyboxEntries, image, layer, legacyArchive } from './helpers/image.js';

const IMAGE = 'health-test/busybox:1';
const WITH_CHECK = 'health-test/checked:1';
const MS = 1e6;

let archive: Buffer | undefined;
function busyboxArchive(): Buffer {
  const base = layer(fullBusyboxEntries());
  archive ??= legacyArchive([
    image([base], [IMAGE], { Env: ['PATH=/bin'], Cmd: ['sh'] }),
    image([base], [WITH_CHECK], {
      Env: ['PATH=/bin'], Cmd: ['sh'],
      Healthcheck: { Test: ['CMD-SHELL', 'echo from-image'], Interval: 150 * MS, Retries: 2 },
    }),
  ]);
  return archive;
}

const { leftovers, withEngine } = engineRoots('orc-health-test', busyboxArchive);


/** Resolves with the event once `id` reaches `status` (through onHealth, no polling); fails after `ms`. */
function healthReaches(engine: Engine, id: string, status: HealthStatus, ms = 15_000): Promise<HealthEvent> {
  if (engine.health(id)?.Status === status) return Promise.resolve({ id, status, failingStreak: engine.health(id)?.FailingStreak ?? 0 });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${id.slice(0, 12)} did not become ${status} within ${ms} ms (now ${engine.health(id)?.Status ?? 'none'})`));
    }, ms);
    const off = engine.onHealth((e) => {
      if (e.id !== id || e.status !== status) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

const LOOP = sh('while :; do sleep 1; done');
const FILE_PROBE = { test: ['CMD-SHELL', 'test -e /tmp/ready && echo ready'], interval: 150 * MS, retries: 2 };

describe('engine: health checks on real containers', { skip }, () => {
  it('a probe on a file: starting, healthy once exec created it, unhealthy after retries once it is gone; ps and inspect show it', () => withEngine(async ({ engine }) => {
    const id = await engine.run(IMAGE, { ...LOOP, healthcheck: FILE_PROBE });
    assert.equal(engine.health(id)?.Status, 'starting');
    assert.match(engine.list()[0]?.Status ?? '', /^Up .* \(health: starting\)$/);
    // Docker: without a start period, failures count while starting too
    await healthReaches(engine, id, 'unhealthy');
    assert.ok((engine.health(id)?.FailingStreak ?? 0) >= 2);
    const healthy = healthReaches(engine, id, 'healthy');
    const touch = await engine.exec(id, { command: ['touch', '/tmp/ready'], detach: true });
    assert.equal(await touch.exited, 0);
    assert.equal((await healthy).failingStreak, 0);
    const info = engine.inspect(id);
    assert.equal(info.State.Health?.Status, 'healthy');
    const last = info.State.Health?.Log.at(-1);
    assert.equal(last?.ExitCode, 0);
    assert.equal(last?.Output, 'ready\n');
    assert.ok(Date.parse(last?.End ?? '') >= Date.parse(last?.Start ?? ''));
    assert.ok((info.State.Health?.Log.length ?? 0) <= 5);
    assert.deepEqual(info.Config.Healthcheck, { Test: ['CMD-SHELL', 'test -e /tmp/ready && echo ready'], Interval: 150 * MS, Retries: 2 });
    assert.match(engine.list()[0]?.Status ?? '', /^Up .* \(healthy\)$/);

    const unhealthy = healthReaches(engine, id, 'unhealthy');
    await (await engine.exec(id, { command: ['rm', '/tmp/ready'], detach: true })).exited;
    assert.equal((await unhealthy).failingStreak, 2);
    assert.equal(engine.inspect(id).State.Health?.Log.at(-1)?.ExitCode, 1);
    assert.match(engine.list()[0]?.Status ?? '', /\(unhealthy\)$/);

    await engine.stop(id, { timeout: 1 });
    const after = engine.health(id);
    await sleep(500);
    assert.deepEqual(engine.health(id), after, 'no probe after the stop');
    assert.equal(engine.list({ all: true })[0]?.Status.includes('health'), false, 'an exited container shows no health in ps');
    await engine.remove(id);
    assert.deepEqual(readdirSync(join(engine.dataRoot, 'execs')), [], 'no exec state left');
  }));

  it('a probe past its timeout is killed (its process ends) and recorded as exit -1 with Docker\'s message', () => withEngine(async ({ engine }) => {
    const id = await engine.run(IMAGE, { ...LOOP, healthcheck: { test: ['CMD', 'sleep', '30'], interval: 100 * MS, timeout: 300 * MS, retries: 1 } });
    const ev = await healthReaches(engine, id, 'unhealthy');
    assert.equal(ev.failingStreak, 1);
    const log = engine.health(id)?.Log[0];
    assert.equal(log?.ExitCode, -1);
    assert.equal(log?.Output, 'Health check exceeded timeout (300ms)');
    const top = await engine.top(id);
    const cmd = top.Titles.indexOf('CMD');
    const sleeps = top.Processes.filter((p: string[]) => (p[cmd] ?? '').startsWith('sleep 30'));
    assert.ok(sleeps.length <= 1, `killed probes do not pile up: ${sleeps.length} left`);
    await engine.remove(id, { force: true });
  }));

  it('the image\'s HEALTHCHECK applies; --health-* fields override it; NONE disables it', () => withEngine(async ({ engine }) => {
    const inherited = await engine.run(WITH_CHECK, LOOP);
    assert.deepEqual(engine.inspect(inherited).Config.Healthcheck, { Test: ['CMD-SHELL', 'echo from-image'], Interval: 150 * MS, Retries: 2 });
    await healthReaches(engine, inherited, 'healthy');
    assert.equal(engine.health(inherited)?.Log[0]?.Output, 'from-image\n');
    const overridden = await engine.create(WITH_CHECK, { ...LOOP, healthcheck: { test: [], retries: 7 } });
    assert.deepEqual(engine.inspect(overridden).Config.Healthcheck, { Test: ['CMD-SHELL', 'echo from-image'], Interval: 150 * MS, Retries: 7 });
    assert.equal(engine.health(overridden), undefined, 'no Health before the first start');
    const none = await engine.run(WITH_CHECK, { ...LOOP, healthcheck: { test: ['NONE'] } });
    // as Docker's merge: the test is NONE, the image's other fields stay
    assert.deepEqual(engine.inspect(none).Config.Healthcheck, { Test: ['NONE'], Interval: 150 * MS, Retries: 2 });
    await sleep(400);
    assert.equal(engine.inspect(none).State.Health, undefined);
    assert.doesNotMatch(engine.list().find((c) => c.Id === none)?.Status ?? '', /health/);
    for (const id of [inherited, overridden, none]) await engine.remove(id, { force: true });
  }));

  it('a restart resets the status to starting (the log stays); a bad option is a usage error', () => withEngine(async ({ engine }) => {
    const id = await engine.run(IMAGE, { ...LOOP, healthcheck: { test: ['CMD', 'true'], interval: 150 * MS } });
    await healthReaches(engine, id, 'healthy');
    const logged = engine.health(id)?.Log.length ?? 0;
    const events: string[] = [];
    const off = engine.onHealth((e) => e.id === id && events.push(e.status));
    await engine.restart(id, { timeout: 1 });
    assert.equal(engine.health(id)?.Status, 'starting');
    assert.ok((engine.health(id)?.Log.length ?? 0) >= logged);
    await healthReaches(engine, id, 'healthy');
    off();
    assert.deepEqual(events.slice(0, 2), ['starting', 'healthy']);
    await engine.remove(id, { force: true });
    await assert.rejects(engine.create(IMAGE, { healthcheck: { test: ['CMD', 'true'], interval: 10 } }), (e: Error & { code?: string }) => e.code === 'ORC_USAGE' && /--health-interval/.test(e.message));
    assert.deepEqual(engine.list({ all: true }), []);
  }));

  it('an engine re-opened on the root keeps the status from the record and resumes probing', () => withEngine(async ({ engine, reopen }) => {
    const id = await engine.run(IMAGE, { ...LOOP, healthcheck: FILE_PROBE });
    await (await engine.exec(id, { command: ['touch', '/tmp/ready'], detach: true })).exited;
    await healthReaches(engine, id, 'healthy');
    engine.close();
    await sleep(400);
    const next = await reopen();
    assert.equal(next.inspect(id).State.Status, 'running');
    assert.equal(next.health(id)?.Status, 'healthy', 'the status survives in the record');
    const before = next.health(id)?.Log.at(-1)?.End ?? '';
    // probing resumed: the file goes, the status follows
    const unhealthy = healthReaches(next, id, 'unhealthy');
    await (await next.exec(id, { command: ['rm', '/tmp/ready'], detach: true })).exited;
    await unhealthy;
    assert.ok((next.health(id)?.Log.at(-1)?.End ?? '') > before);
    await next.remove(id, { force: true });
    assert.equal(existsSync(join(next.dataRoot, 'containers', id)), false);
  }));
});

leftovers('engine health: nothing left');
