import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdStore, objectKey, parseObjectKey } from '../../manager/store/etcd-store.js';
import { MAX_BATCH, type WriteOp } from '../../manager/store/store.js';
import { connectEtcd } from '../../manager/etcd/index.js';
import { config, rejectsWith, storeContract } from './store-contract.js';
import { freePort, startSingleEtcd, type SingleEtcd } from './etcd-fixture.js';

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
