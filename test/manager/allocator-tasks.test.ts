import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from '../../common/cluster/types.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { commitInBatches, create, remove, type Store } from '../../manager/store/store.js';
import { Allocator, PENDING_MESSAGE } from '../../manager/allocator/index.js';
import { fakeClock, makeNetwork, makeService, makeTask, makeTaskSpec } from '../../manager/scheduler/testing.js';

function setup(): { store: MemoryStore; allocator: Allocator; clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock();
  const store = new MemoryStore(clock);
  return { store, clock, allocator: new Allocator(store, { clock, log: () => undefined }) };
}

/** New tasks of service `svc` on the given networks (ids or names). */
function newTasks(n: number, targets: string[], prefix = 't'): Task[] {
  const spec = makeTaskSpec({ networks: targets.map((target) => ({ target, aliases: ['web'] })) });
  return Array.from({ length: n }, (_, i) => makeTask({ id: `${prefix}${i + 1}`, slot: i + 1, state: 'new', spec }));
}

async function put(store: Store, tasks: Task[]): Promise<void> {
  await commitInBatches(store, tasks.map((object) => ({ op: 'create' as const, kind: 'task' as const, object })));
}

async function addresses(store: Store, networkId: string): Promise<string[]> {
  return (await store.list('task')).flatMap((t) => t.networks.filter((a) => a.networkId === networkId).flatMap((a) => a.addresses));
}

async function task(store: Store, id: string): Promise<Task> {
  const t = await store.get('task', id);
  assert.ok(t, `task ${id}`);
  return t;
}

test('a new task gets an address on each network (by id or name), its aliases, and moves to pending', async () => {
  const { store, allocator, clock } = setup();
  await create(store, 'network', makeNetwork({ id: 'n1', name: 'front' }));
  await create(store, 'network', makeNetwork({ id: 'n2', name: 'back', subnet: '10.9.0.0/16' }));
  await put(store, newTasks(1, ['front', 'n2']));
  await allocator.pass();
  const t = await task(store, 't1');
  assert.equal(t.status.state, 'pending');
  assert.equal(t.status.message, PENDING_MESSAGE);
  assert.equal(t.status.timestamp, clock.now());
  const n1 = await store.get('network', 'n1');
  assert.deepEqual(t.networks, [
    { networkId: 'n1', addresses: [n1?.subnet.replace(/0\/24$/, '2/24')], aliases: ['web'] },
    { networkId: 'n2', addresses: ['10.9.0.2/16'], aliases: ['web'] },
  ]);
});

test('addresses are unique per network, never the gateway', async () => {
  const { store, allocator } = setup();
  await create(store, 'network', makeNetwork({ id: 'n1', subnet: '10.8.0.0/24' }));
  await create(store, 'network', makeNetwork({ id: 'n2', subnet: '10.8.1.0/24' }));
  await put(store, [...newTasks(100, ['n1'], 'a'), ...newTasks(50, ['n1', 'n2'], 'b')]);
  await allocator.pass();
  const on1 = await addresses(store, 'n1');
  assert.equal(on1.length, 150);
  assert.equal(new Set(on1).size, 150);
  assert.ok(!on1.includes('10.8.0.1/24'));
  assert.equal(new Set(await addresses(store, 'n2')).size, 50);
});

test('a full network keeps the task new with the reason; a removed task\'s address is given again', async () => {
  const { store, allocator } = setup();
  // /29: .1 gateway, .2–.6 for tasks
  await create(store, 'network', makeNetwork({ id: 'small', subnet: '10.7.0.0/29' }));
  await put(store, newTasks(6, ['small']));
  await allocator.pass();
  const t6 = await task(store, 't6');
  assert.equal(t6.status.state, 'new');
  assert.equal(t6.status.err, 'no address left in network small (10.7.0.0/29)');
  const t3 = await task(store, 't3');
  await remove(store, 'task', 't3');
  await allocator.pass();
  assert.deepEqual((await task(store, 't6')).networks[0]?.addresses, t3.networks[0]?.addresses);
  assert.equal((await task(store, 't6')).status.state, 'pending');
});

test('a terminal task\'s address is freed while the allocator runs', async (t) => {
  const { store, allocator } = setup();
  await create(store, 'network', makeNetwork({ id: 'small', subnet: '10.7.0.0/30' }));
  await put(store, newTasks(2, ['small']));
  const ac = new AbortController();
  const running = allocator.run(ac.signal);
  t.after(async () => {
    ac.abort();
    await running;
  });
  const until = async (what: string, ok: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 400; i++) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.fail(`timed out waiting for ${what}`);
  };
  // a /30 has one address for tasks (.2; .1 is the gateway)
  await until('t2 to say the network is full', async () => (await task(store, 't2')).status.err !== '');
  const t1 = await task(store, 't1');
  assert.deepEqual(t1.networks[0]?.addresses, ['10.7.0.2/30']);
  t1.status = { ...t1.status, state: 'failed' };
  await store.commit([{ op: 'update', kind: 'task', object: t1 }]);
  await until('t2 to take the freed address', async () => (await task(store, 't2')).status.state === 'pending');
  assert.deepEqual((await task(store, 't2')).networks[0]?.addresses, ['10.7.0.2/30']);
});

test('a new allocator over the same store does not hand out an address twice', async () => {
  const { store, allocator } = setup();
  await create(store, 'network', makeNetwork({ id: 'n1' }));
  await put(store, newTasks(10, ['n1'], 'a'));
  await allocator.pass();
  await put(store, newTasks(10, ['n1'], 'b'));
  await new Allocator(store, { log: () => undefined }).pass();
  const all = await addresses(store, 'n1');
  assert.equal(all.length, 20);
  assert.equal(new Set(all).size, 20);
});

test('a task whose network does not exist stays new with "network X not found", and moves once it exists', async () => {
  const { store, allocator } = setup();
  await put(store, newTasks(1, ['ghost']));
  await allocator.pass();
  const t = await task(store, 't1');
  assert.equal(t.status.state, 'new');
  assert.equal(t.status.err, 'network ghost not found');
  const rev = await store.revision();
  await allocator.pass();
  assert.equal(await store.revision(), rev, 'the same reason is not written again');
  await create(store, 'network', makeNetwork({ id: 'n9', name: 'ghost' }));
  await allocator.pass();
  const after = await task(store, 't1');
  assert.equal(after.status.state, 'pending');
  assert.equal(after.status.err, '');
  assert.equal(after.networks[0]?.networkId, 'n9');
});

test('host-mode ports of the service are copied to the task; tasks not meant to run are left new', async () => {
  const { store, allocator } = setup();
  const host = { name: 'http', protocol: 'tcp' as const, targetPort: 80, publishedPort: 8080, publishMode: 'host' as const };
  const ingress = { name: '', protocol: 'tcp' as const, targetPort: 443, publishedPort: 0, publishMode: 'ingress' as const };
  await create(store, 'service', makeService({ id: 'svc', ports: [host, ingress] }));
  await put(store, [makeTask({ id: 'run', state: 'new' }), makeTask({ id: 'shut', state: 'new', desiredState: 'shutdown' })]);
  await allocator.pass();
  const t = await task(store, 'run');
  assert.equal(t.status.state, 'pending');
  assert.deepEqual(t.ports, [host]);
  assert.equal((await task(store, 'shut')).status.state, 'new');
});
