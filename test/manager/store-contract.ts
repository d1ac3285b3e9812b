/**
 * What every Store must do (manager/store/store.ts), as one suite run against
 * each implementation: creates, reads, conflicts, removes, atomic batches,
 * and watches (order, replay from an older revision, deletes, compaction).
 * Revisions are only compared with each other, never with fixed numbers, so
 * an implementation may share its backend between tests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Config, Kind, Secret } from '../../common/cluster/types.js';
import { isOrcError, type OrcErrorCode } from '../../common/errors.js';
import { create, remove, update, type Store, type StoreEvent } from '../../manager/store/store.js';

export interface StoreUnderTest {
  store: Store;
  cleanup(): Promise<void>;
  /** Forgets the history before `revision` (absent: the compaction test is skipped). */
  compact?(revision: number): Promise<void>;
}

export function config(id: string, name = id): Config {
  return { id, version: 0, createdAt: 0, updatedAt: 0, spec: { name, labels: {}, data: Buffer.from(name).toString('base64') } };
}

export function secret(id: string): Secret {
  return { id, version: 0, createdAt: 0, updatedAt: 0, spec: { name: id, labels: {}, data: '' } };
}

export async function rejectsWith(p: Promise<unknown>, code: OrcErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isOrcError(e), `expected an OrcError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

/** The next `n` events of a watch, failing after `ms`; the watch is closed afterwards. */
export async function take(store: Store, kinds: readonly Kind[], from: number, n: number, ms = 5000): Promise<StoreEvent[]> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), ms);
  const out: StoreEvent[] = [];
  try {
    for await (const e of store.watch(kinds, from, stop.signal)) {
      out.push(e);
      if (out.length === n) break;
    }
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  assert.equal(out.length, n, `expected ${n} events within ${ms} ms, got ${out.length}: ${JSON.stringify(out.map((e) => [e.type, e.kind, e.object.id, e.revision]))}`);
  return out;
}

const brief = (events: readonly StoreEvent[]): [string, string, string][] => events.map((e) => [e.type, e.kind, e.object.id]);

export function storeContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  const withStore = async (fn: (s: StoreUnderTest) => Promise<void>): Promise<void> => {
    const s = await makeStore();
    try {
      await fn(s);
    } finally {
      await s.cleanup();
    }
  };

  describe(`${name} keeps the Store contract`, () => {
    it('a created object reads back as written, with its version, createdAt and updatedAt set', () =>
      withStore(async ({ store }) => {
        const c = config('c1');
        const before = await store.revision();
        const rev = await store.commit([{ op: 'create', kind: 'config', object: c }]);
        assert.ok(rev > before, 'a commit moves the revision on');
        assert.equal(c.version, rev, 'the committed object carries its new version');
        assert.ok(c.createdAt > 0 && c.updatedAt === c.createdAt);
        const got = await store.get('config', 'c1');
        assert.deepEqual(got, c);
        assert.equal(await store.get('config', 'missing'), undefined);
        assert.equal(await store.get('secret', 'c1'), undefined, 'kinds are separate');
        assert.equal(await store.revision(), rev);
      }));

    it('a read is a copy: changing it changes nothing stored', () =>
      withStore(async ({ store }) => {
        await create(store, 'config', config('c1'));
        const got = await store.get('config', 'c1');
        assert.ok(got !== undefined);
        got.spec.name = 'changed';
        assert.equal((await store.get('config', 'c1'))?.spec.name, 'c1');
      }));

    it('creating an object that exists fails with ORC_CONFLICT', () =>
      withStore(async ({ store }) => {
        await create(store, 'config', config('c1'));
        await rejectsWith(create(store, 'config', config('c1', 'other')), 'ORC_CONFLICT');
        assert.equal((await store.get('config', 'c1'))?.spec.name, 'c1');
      }));

    it('list returns every object of one kind and no other', () =>
      withStore(async ({ store }) => {
        assert.deepEqual(await store.list('config'), []);
        await store.commit([
          { op: 'create', kind: 'config', object: config('a') },
          { op: 'create', kind: 'config', object: config('b') },
          { op: 'create', kind: 'secret', object: secret('s') },
        ]);
        assert.deepEqual((await store.list('config')).map((c) => c.id).sort(), ['a', 'b']);
        assert.deepEqual((await store.list('secret')).map((c) => c.id), ['s']);
        assert.deepEqual(await store.list('task'), []);
      }));

    it('an update needs the stored version: a stale one fails with ORC_CONFLICT, a missing object with ORC_NOT_FOUND', () =>
      withStore(async ({ store }) => {
        const c = await create(store, 'config', config('c1'));
        const stale = structuredClone(c);
        const createdAt = c.createdAt;
        c.spec.name = 'v2';
        await update(store, 'config', c);
        assert.ok(c.version > stale.version);
        assert.equal(c.createdAt, createdAt, 'an update keeps createdAt');
        assert.ok(c.updatedAt >= createdAt);
        assert.deepEqual(await store.get('config', 'c1'), c);
        stale.spec.name = 'lost update';
        await rejectsWith(update(store, 'config', stale), 'ORC_CONFLICT');
        assert.equal((await store.get('config', 'c1'))?.spec.name, 'v2');
        await rejectsWith(update(store, 'config', config('never-created')), 'ORC_NOT_FOUND');
        assert.equal(await store.get('config', 'never-created'), undefined, 'a failed update creates nothing');
      }));

    it('remove: a missing object is no error; with a version, a stale one fails with ORC_CONFLICT', () =>
      withStore(async ({ store }) => {
        await remove(store, 'config', 'missing');
        await remove(store, 'config', 'missing', 7);
        const c = await create(store, 'config', config('c1'));
        const v1 = c.version;
        await update(store, 'config', c);
        await rejectsWith(remove(store, 'config', 'c1', v1), 'ORC_CONFLICT');
        assert.ok((await store.get('config', 'c1')) !== undefined);
        await remove(store, 'config', 'c1', c.version);
        assert.equal(await store.get('config', 'c1'), undefined);
        const d = await create(store, 'config', config('d'));
        await remove(store, 'config', 'd');
        assert.equal(await store.get('config', 'd'), undefined);
        await create(store, 'config', config('d'));
        await rejectsWith(remove(store, 'config', 'd', d.version), 'ORC_CONFLICT');
      }));

    it('a batch applies every write or none, at one revision', () =>
      withStore(async ({ store }) => {
        const existing = await create(store, 'config', config('taken'));
        const fresh = config('fresh');
        await rejectsWith(
          store.commit([
            { op: 'create', kind: 'config', object: fresh },
            { op: 'create', kind: 'config', object: config('taken') },
          ]),
          'ORC_CONFLICT',
        );
        assert.equal(await store.get('config', 'fresh'), undefined, 'nothing of a failed batch is written');
        assert.deepEqual(await store.get('config', 'taken'), existing);
        const a = config('a');
        const s = secret('s');
        existing.spec.name = 'renamed';
        const rev = await store.commit([
          { op: 'create', kind: 'config', object: a },
          { op: 'create', kind: 'secret', object: s },
          { op: 'update', kind: 'config', object: existing },
        ]);
        assert.equal(a.version, rev);
        assert.equal(s.version, rev);
        assert.equal(existing.version, rev);
        assert.equal((await store.get('config', 'taken'))?.spec.name, 'renamed');
      }));

    it('a watch from revision()+1 sees later writes of its kinds, in revision order', () =>
      withStore(async ({ store }) => {
        await create(store, 'config', config('before'));
        const from = (await store.revision()) + 1;
        const events = take(store, ['config', 'secret'], from, 4);
        const a = await create(store, 'config', config('a'));
        await store.commit([{ op: 'create', kind: 'task', object: config('not-watched') }]);
        await create(store, 'secret', secret('s'));
        a.spec.name = 'a2';
        await update(store, 'config', a);
        await remove(store, 'config', 'a');
        const got = await events;
        assert.deepEqual(brief(got), [['put', 'config', 'a'], ['put', 'secret', 's'], ['put', 'config', 'a'], ['delete', 'config', 'a']]);
        for (let i = 1; i < got.length; i++) assert.ok((got[i] as StoreEvent).revision > (got[i - 1] as StoreEvent).revision);
        assert.equal(got[2]?.object.version, a.version, 'a put carries the object as written');
        assert.equal((got[2]?.object as Config).spec.name, 'a2');
      }));

    it('a watch from an older revision replays what happened since, then follows', () =>
      withStore(async ({ store }) => {
        const a = await create(store, 'config', config('a'));
        await create(store, 'config', config('b'));
        await remove(store, 'config', 'a');
        const events = take(store, ['config'], a.version, 4);
        const c = await create(store, 'config', config('c'));
        const got = await events;
        assert.deepEqual(brief(got), [['put', 'config', 'a'], ['put', 'config', 'b'], ['delete', 'config', 'a'], ['put', 'config', 'c']]);
        assert.equal(got[0]?.revision, a.version);
        assert.equal(got[3]?.revision, c.version);
      }));

    it('a delete event carries the object as it was last', () =>
      withStore(async ({ store }) => {
        const c = await create(store, 'config', config('c'));
        c.spec.name = 'last';
        await update(store, 'config', c);
        const from = (await store.revision()) + 1;
        const events = take(store, ['config'], from, 1);
        const rev = await store.commit([{ op: 'remove', kind: 'config', id: 'c', version: c.version }]);
        const [del] = await events;
        assert.equal(del?.type, 'delete');
        assert.equal(del?.revision, rev);
        assert.equal((del?.object as Config).spec.name, 'last');
        assert.equal(del?.object.version, c.version);
      }));

    it('the writes of one batch arrive in order, with the batch revision', () =>
      withStore(async ({ store }) => {
        const from = (await store.revision()) + 1;
        const events = take(store, ['config'], from, 3);
        const rev = await store.commit([
          { op: 'create', kind: 'config', object: config('x') },
          { op: 'create', kind: 'config', object: config('y') },
          { op: 'create', kind: 'config', object: config('z') },
        ]);
        const got = await events;
        assert.deepEqual(got.map((e) => e.revision), [rev, rev, rev]);
        assert.deepEqual(got.map((e) => e.object.id).sort(), ['x', 'y', 'z']);
      }));

    it('a watch ends when its signal aborts', () =>
      withStore(async ({ store }) => {
        const stop = new AbortController();
        const seen: string[] = [];
        const from = (await store.revision()) + 1;
        const done = (async () => {
          for await (const e of store.watch(['config'], from, stop.signal)) {
            seen.push(e.object.id);
            if (seen.length === 1) stop.abort();
          }
        })();
        await create(store, 'config', config('one'));
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([done, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the watch did not end')), 5000)))]);
        } finally {
          clearTimeout(timer);
        }
        assert.deepEqual(seen, ['one']);
      }));

    it('a watch from a compacted revision fails with ORC_CONFLICT', async (t) => {
      const s = await makeStore();
      t.after(() => s.cleanup());
      if (s.compact === undefined) {
        t.skip('this store cannot be compacted on demand');
        return;
      }
      const a = await create(s.store, 'config', config('a'));
      await create(s.store, 'config', config('b'));
      await create(s.store, 'config', config('c'));
      await s.compact(await s.store.revision());
      await rejectsWith(take(s.store, ['config'], a.version, 1), 'ORC_CONFLICT');
    });
  });
}
