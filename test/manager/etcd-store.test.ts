import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdStore, objectKey, parseObjectKey } from '../../manager/store/etcd-store.js';
import { create, MAX_BATCH, type WriteOp } from '../../manager/store/store.js';
import { connectEtcd } from '../../manager/etcd/index.js';
import { isOrcError } from '../../common/errors.js';
import { config, rejectsWith, storeContract } from './store-contract.js';
import { freePort, startSingleEtcd, until, type SingleEtcd } from './etcd-fixture.js';

describe('EtcdStore on a real etcd', () => {
  let etcd: SingleEtcd | undefined;
  const stores: EtcdStore[] = [];
  before(async () => {
    etcd = await startSingleEtcd();
  });
  after(async () => {
    for (const s of stores) await s.close();
    await etcd?.stop();
  });
  const running = (): SingleEtcd => {
    assert.ok(etcd !== undefined, 'etcd did not start');
    return etcd;
  };

  storeContract('EtcdStore', async () => {
    const { client } = running();
    // One etcd for the suite: every test starts from an empty /orc/v1/.
    await client.delete().prefix('/orc/v1/');
    const store = new EtcdStore(client);
    stores.push(store);
    return {
      store,
      cleanup: () => store.close(),
      compact: async (revision) => {
        await client.kv.compact({ revision, physical: true });
      },
    };
  });

  it('keys are /orc/v1/<kind>/<id>, and other keys under the prefix are not objects', () => {
    assert.equal(objectKey('task', 'abc'), '/orc/v1/task/abc');
    assert.deepEqual(parseObjectKey('/orc/v1/task/abc'), { kind: 'task', id: 'abc' });
    assert.equal(parseObjectKey('/orc/v1/leader'), undefined);
    assert.equal(parseObjectKey('/orc/v1/nokind/x'), undefined);
  });

  it('a commit of more than MAX_BATCH writes, or of one object twice, is refused with ORC_USAGE; MAX_BATCH is fine', async () => {
    const store = new EtcdStore(running().client);
    stores.push(store);
    await running().client.delete().prefix('/orc/v1/');
    const ops = (n: number, tag: string): WriteOp[] => Array.from({ length: n }, (_, i) => ({ op: 'create', kind: 'config', object: config(`${tag}-${i}`) }));
    await rejectsWith(store.commit(ops(MAX_BATCH + 1, 'big')), 'ORC_USAGE');
    await rejectsWith(store.commit([{ op: 'create', kind: 'config', object: config('twice') }, { op: 'remove', kind: 'config', id: 'twice' }]), 'ORC_USAGE');
    await store.commit(ops(MAX_BATCH, 'max'));
    assert.equal((await store.list('config')).length, MAX_BATCH);
    // as many updates, then as many versioned removes, each in one transaction (one compare per op)
    const stored = await store.list('config');
    await store.commit(stored.map((o): WriteOp => ({ op: 'update', kind: 'config', object: { ...o, spec: { ...o.spec, labels: { v: '2' } } } })));
    const updated = await store.list('config');
    assert.ok(updated.every((o) => o.spec.labels['v'] === '2'));
    await rejectsWith(store.commit([{ op: 'update', kind: 'config', object: { ...config('never-stored'), version: 0 } }]), 'ORC_NOT_FOUND');
    await store.commit(updated.map((o): WriteOp => ({ op: 'remove', kind: 'config', id: o.id, version: o.version })));
    assert.equal((await store.list('config')).length, 0);
  });

  it('a list longer than one page is complete and consistent', async () => {
    const store = new EtcdStore(running().client);
    stores.push(store);
    await running().client.delete().prefix('/orc/v1/');
    for (let b = 0; b < 9; b++) {
      await store.commit(Array.from({ length: 128 }, (_, i): WriteOp => ({ op: 'create', kind: 'config', object: config(`p${b}-${i}`) })));
    }
    const all = await store.list('config');
    assert.equal(all.length, 9 * 128);
    assert.equal(new Set(all.map((c) => c.id)).size, all.length);
  });

  it('a watch survives its etcd member being killed and restarted: nothing is lost or repeated', async () => {
    const { client, member } = running();
    const store = new EtcdStore(client);
    stores.push(store);
    await client.delete().prefix('/orc/v1/');
    const from = (await store.revision()) + 1;
    const stop = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const e of store.watch(['config'], from, stop.signal)) {
        seen.push(e.object.id);
        if (seen.length === 4) stop.abort();
      }
    })();
    await create(store, 'config', config('w1'));
    await create(store, 'config', config('w2'));
    await until('the watch saw two events', () => seen.length === 2, 5000, 20);
    const pid = member.pid as number;
    process.kill(pid, 'SIGKILL');
    await until('the member runs again', async () => member.pid !== pid && (await member.healthy()), 20_000, 100);
    await until('a write goes through', async () => {
      try {
        await create(store, 'config', config('w3'));
        return true;
      } catch (e) {
        return isOrcError(e) && e.code === 'ORC_CONFLICT'; // an earlier attempt landed after all
      }
    });
    await create(store, 'config', config('w4'));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([watching, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the watch saw only ${seen.join(',')}`)), 10_000)))]);
    } finally {
      clearTimeout(timer);
      stop.abort();
    }
    assert.deepEqual(seen, ['w1', 'w2', 'w3', 'w4']);
  });

  it('without an etcd to answer, a call fails with ORC_UNAVAILABLE within its deadline', async (t) => {
    const client = connectEtcd({ endpoints: [`http://127.0.0.1:${await freePort()}`] });
    t.after(() => client.close());
    const store = new EtcdStore(client, { callTimeoutMs: 1000 });
    const started = Date.now();
    await rejectsWith(store.get('config', 'x'), 'ORC_UNAVAILABLE');
    await rejectsWith(store.commit([{ op: 'create', kind: 'config', object: config('x') }]), 'ORC_UNAVAILABLE');
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  });
});
