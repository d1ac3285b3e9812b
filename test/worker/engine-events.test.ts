// Engine events (Docker's `events`) and pause/unpause. The bus alone runs on a
// fake clock without root; the engine's emits and pause run containers on a
// real kernel (root) with orc-runtime, and with runc where it is installed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Engine, EventBus, type Clock, type EngineEvent, type EventFilters } from '../../worker/engine/index.js';
import { sleep, waiter } from '../helpers/host.js';
import { cleanupRoot, rejectsCode, runcPath, sh, skip, engineRoots } from './helpers/engine.js';
import { fullBusyboxEntries, image, layer, legacyArchive } from './helpers/image.js';

/** A clock the test moves; sleepers wake when it passes their time. */
class FakeClock implements Clock {
  private t: number;
  private sleepers: Array<{ at: number; wake: () => void }> = [];
  constructor(start: number) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = { at: this.t + ms, wake: resolve };
      this.sleepers.push(s);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((x) => x !== s);
        reject(signal.reason);
      }, { once: true });
    });
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    for (const s of due) s.wake();
  }
}

const actor = (id: string, name: string, extra: Record<string, string> = {}) => ({ ID: id, Attributes: { name, image: 'busybox', ...extra } });
const actions = (events: readonly EngineEvent[]): string[] => events.map((e) => e.Action);

async function drain(gen: AsyncGenerator<EngineEvent>): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

describe('event bus', () => {
  const T0 = Date.parse('2026-11-23T10:00:00Z');

  it('stamps events with the clock (seconds and increasing nanoseconds) and keeps Docker\'s shape', () => {
    const bus = new EventBus(new FakeClock(T0));
    const a = bus.emit('container', 'create', actor('a'.repeat(64), 'web'));
    const b = bus.emit('container', 'start', actor('a'.repeat(64), 'web'));
    assert.equal(a.time, T0 / 1000);
    assert.equal(a.scope, 'local');
    assert.equal(a.timeNano, `${T0}000000`);
    assert.ok(BigInt(b.timeNano) > BigInt(a.timeNano));
    assert.deepEqual(a.Actor, { ID: 'a'.repeat(64), Attributes: { name: 'web', image: 'busybox' } });
  });

  it('keeps only the last N events', () => {
    const bus = new EventBus(new FakeClock(T0), 5);
    for (let i = 0; i < 12; i++) bus.emit('container', `a${i}`, actor(String(i), `c${i}`));
    assert.deepEqual(actions(bus.recent()), ['a7', 'a8', 'a9', 'a10', 'a11']);
  });

  it('filters: values of one key ORed, keys ANDed; container by name or id prefix; event before the colon; label k and k=v', async () => {
    const bus = new EventBus(new FakeClock(T0));
    bus.emit('container', 'start', actor('abc123', 'web', { tier: 'front' }));
    bus.emit('container', 'exec_start: sh -c true', actor('abc123', 'web', { tier: 'front' }));
    bus.emit('container', 'start', actor('def456', 'db', { tier: 'back' }));
    bus.emit('image', 'pull', { ID: 'busybox:latest', Attributes: { name: 'busybox' } });
    const f = (filters: EventFilters): string[] => bus.recent(filters).map((e) => `${e.Actor.ID} ${e.Action}`);
    assert.deepEqual(f({ type: ['image'] }), ['busybox:latest pull']);
    assert.deepEqual(f({ container: ['web'] }), ['abc123 start', 'abc123 exec_start: sh -c true']);
    assert.deepEqual(f({ container: ['def'] }), ['def456 start']);
    assert.deepEqual(f({ container: ['web', 'db'], event: ['start'] }), ['abc123 start', 'def456 start']);
    assert.deepEqual(f({ event: ['exec_start'] }), ['abc123 exec_start: sh -c true']);
    assert.deepEqual(f({ label: ['tier=back'] }), ['def456 start']);
    assert.deepEqual(f({ label: ['tier'], type: ['container'], event: ['start'] }), ['abc123 start', 'def456 start']);
    assert.deepEqual(f({ image: ['busybox'] }).length, 4);
    await assert.rejects(bus.subscribe({ filters: { colour: ['red'] } }).next(), /invalid filter 'colour'/);
  });

  it('subscribe replays from `since`, stops at a past `until`, and follows live events until a future one', async () => {
    const clock = new FakeClock(T0);
    const bus = new EventBus(clock);
    bus.emit('container', 'old', actor('1', 'one'));
    clock.advance(10_000);
    bus.emit('container', 'create', actor('1', 'one'));
    clock.advance(1_000);
    bus.emit('container', 'start', actor('1', 'one'));
    assert.deepEqual(actions(await drain(bus.subscribe({ since: T0 + 5_000, until: clock.now() }))), ['create', 'start']);
    assert.deepEqual(actions(await drain(bus.subscribe({ since: T0, until: T0 + 10_000 }))), ['old', 'create']);

    const live = drain(bus.subscribe({ since: T0 + 10_500, until: clock.now() + 5_000, filters: { event: ['start', 'die'] } }));
    await sleep(10);
    bus.emit('container', 'die', actor('1', 'one', { exitCode: '0' }));
    bus.emit('container', 'destroy', actor('1', 'one'));
    clock.advance(6_000);
    bus.emit('container', 'start', actor('1', 'one')); // after until: not delivered
    assert.deepEqual(actions(await live), ['start', 'die']);
  });

  it('a subscription without until ends when its signal aborts', async () => {
    const bus = new EventBus(new FakeClock(T0));
    const abort = new AbortController();
    const got = drain(bus.subscribe({ signal: abort.signal }));
    await sleep(10);
    bus.emit('container', 'start', actor('1', 'one'));
    await sleep(10);
    abort.abort();
    assert.deepEqual(actions(await got), ['start']);
  });
});

const IMAGE = 'events-test/busybox:1';
let archive: Buffer | undefined;
function busyboxArchive(): Buffer {
  archive ??= legacyArchive([image([layer(fullBusyboxEntries())], [IMAGE], { Env: ['PATH=/bin'], Cmd: ['sh'] })]);
  return archive;
}
const { newRoot, openEngine, leftovers } = engineRoots('orc-events-test', busyboxArchive);
const waitFor = waiter(10_000, 25);

describe('engine: container events', { skip }, () => {
  let root = '';
  let engine: Engine;
  before(async () => {
    root = await newRoot();
    engine = await openEngine(root);
  });
  after(() => {
    engine?.close();
    if (root !== '') cleanupRoot(root);
  });

  it('create, start, die {exitCode}, destroy in order, with name, image and labels', async () => {
    const since = Date.now();
    const id = await engine.run(IMAGE, { ...sh('exit 3'), name: 'ev-cycle', labels: { team: 'blue' } });
    assert.equal(await engine.wait(id), 3);
    await engine.remove(id);
    const got = engine.events.recent({ container: ['ev-cycle'] }, since);
    assert.deepEqual(actions(got), ['create', 'start', 'die', 'destroy']);
    for (const e of got) {
      assert.equal(e.Type, 'container');
      assert.equal(e.Actor.ID, id);
      assert.equal(e.Actor.Attributes['name'], 'ev-cycle');
      assert.equal(e.Actor.Attributes['image'], IMAGE);
      assert.equal(e.Actor.Attributes['team'], 'blue');
    }
    assert.equal(got[2]?.Actor.Attributes['exitCode'], '3');
  });

  it('kill carries the signal number; stop gives kill, die, stop; restart of a stopped one gives start, restart', async () => {
    const since = Date.now();
    const id = await engine.run(IMAGE, { ...sh('trap "exit 0" TERM; while true; do sleep 0.1; done'), name: 'ev-kill' });
    await sleep(200);
    await engine.stop(id, { timeout: 5 });
    await engine.restart(id, { timeout: 5 });
    await engine.kill(id, 'SIGKILL');
    await engine.wait(id);
    await engine.remove(id);
    const got = engine.events.recent({ container: ['ev-kill'] }, since);
    assert.deepEqual(actions(got), ['create', 'start', 'kill', 'die', 'stop', 'start', 'restart', 'kill', 'die', 'destroy']);
    assert.deepEqual(got.filter((e) => e.Action === 'kill').map((e) => e.Actor.Attributes['signal']), ['15', '9']);
  });

  it('exec_create, exec_start and exec_die with the exec id and its exit code', async () => {
    const since = Date.now();
    const id = await engine.run(IMAGE, { command: ['sleep', '30'], name: 'ev-exec' });
    const h = await engine.exec(id, { command: ['sh', '-c', 'exit 4'], detach: true });
    assert.equal(await h.exited, 4);
    await waitFor('exec_die', () => engine.events.recent({ event: ['exec_die'], container: ['ev-exec'] }, since).length === 1);
    await engine.remove(id, { force: true });
    const got = engine.events.recent({ container: ['ev-exec'], event: ['exec_create', 'exec_start', 'exec_die'] }, since);
    assert.deepEqual(actions(got), ['exec_create: sh -c exit 4', 'exec_start: sh -c exit 4', 'exec_die']);
    assert.ok(got.every((e) => e.Actor.Attributes['execID'] === h.id));
    assert.equal(got[2]?.Actor.Attributes['exitCode'], '4');
  });

  it('a live subscription sees what happens, filtered', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const follow = (async () => {
      for await (const e of engine.events.subscribe({ filters: { container: ['ev-live'], event: ['start', 'die'] }, signal: abort.signal })) {
        seen.push(e.Action);
        if (e.Action === 'die') break;
      }
    })();
    const id = await engine.run(IMAGE, { command: ['true'], name: 'ev-live' });
    await engine.wait(id);
    await follow;
    abort.abort();
    await engine.remove(id);
    assert.deepEqual(seen, ['start', 'die']);
  });
});

const counter = sh('i=0; while true; do i=$((i+1)); echo $i > /count; sleep 0.05; done');

for (const runtime of ['orc', 'runc'] as const) {
  describe(`engine: pause and unpause (${runtime})`, { skip: skip || (runtime === 'runc' && runcPath === undefined && 'runc is not installed') }, () => {
    let root = '';
    let engine: Engine;
    before(async () => {
      root = await newRoot();
      engine = await openEngine(root, runtime);
    });
    after(() => {
      engine?.close();
      if (root !== '') cleanupRoot(root);
    });

    const count = (id: string): number => Number(readFileSync(`${engine.rootfsPath(id)}/count`, 'utf8').trim() || '0');

    it('pause freezes the container (inspect Paused, ps "(Paused)"), unpause thaws it; Docker\'s conflicts', async () => {
      const since = Date.now();
      const id = await engine.run(IMAGE, { ...counter, name: `pause-${runtime}` });
      await waitFor('the counter', () => { try { return count(id) > 2; } catch { return false; } });
      await engine.pause(id);
      const info = engine.inspect(id);
      assert.equal(info.State.Paused, true);
      assert.equal(info.State.Running, true);
      assert.equal(info.State.Status, 'paused');
      const row = engine.list().find((c) => c.Id === id);
      assert.equal(row?.State, 'paused');
      assert.match(row?.Status ?? '', /^Up .* \(Paused\)$/);
      const before = count(id);
      await sleep(400);
      assert.equal(count(id), before, 'a paused container went on counting');
      await rejectsCode(engine.pause(id), 'ORC_CONFLICT', /is already paused/);
      await rejectsCode(engine.exec(id, { command: ['true'], detach: true }), 'ORC_CONFLICT', /paused/);
      await engine.unpause(id);
      assert.equal(engine.inspect(id).State.Paused, false);
      await waitFor('counting again', () => count(id) > before);
      await rejectsCode(engine.unpause(id), 'ORC_CONFLICT', /is not paused/);
      await engine.remove(id, { force: true });
      assert.deepEqual(actions(engine.events.recent({ container: [`pause-${runtime}`] }, since)), ['create', 'start', 'pause', 'unpause', 'kill', 'die', 'destroy']);
    });

    it('a container that is not running cannot be paused', async () => {
      const id = await engine.create(IMAGE, { command: ['true'] });
      await rejectsCode(engine.pause(id), 'ORC_CONFLICT', /is not running/);
      await engine.remove(id);
    });

    it('stop of a paused container thaws it and ends it with the stop signal; remove -f of a paused one works', async () => {
      const since = Date.now();
      const a = await engine.run(IMAGE, { ...sh('trap "exit 7" TERM; while true; do sleep 0.1; done'), name: `stop-paused-${runtime}` });
      await sleep(200);
      await engine.pause(a);
      await engine.stop(a, { timeout: 10 });
      assert.equal(engine.inspect(a).State.ExitCode, 7);
      assert.equal(engine.inspect(a).State.Paused, false);
      assert.deepEqual(actions(engine.events.recent({ container: [a] }, since)), ['create', 'start', 'pause', 'kill', 'unpause', 'die', 'stop']);
      await engine.remove(a);

      const b = await engine.run(IMAGE, { command: ['sleep', '30'] });
      await engine.pause(b);
      await engine.remove(b, { force: true });
      assert.throws(() => engine.inspect(b), /no such container/);
    });

    it('a paused container is still paused after the engine is reopened, and a SIGKILL ends it', async () => {
      const id = await engine.run(IMAGE, { ...counter, name: `reopen-${runtime}` });
      await engine.pause(id);
      engine.close();
      engine = await openEngine(root, runtime);
      assert.equal(engine.inspect(id).State.Paused, true);
      assert.match(engine.list().find((c) => c.Id === id)?.Status ?? '', /\(Paused\)$/);
      await engine.kill(id, 'SIGKILL');
      assert.equal(await engine.wait(id), 137);
      assert.equal(engine.inspect(id).State.Paused, false);
      await engine.remove(id);
    });
  });
}

leftovers('engine events: nothing left behind');
