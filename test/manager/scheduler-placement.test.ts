import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Task } from '../../common/cluster/types.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { commitInBatches, type Store } from '../../manager/store/store.js';
import { ASSIGNED_MESSAGE, Scheduler } from '../../manager/scheduler/index.js';
import { fakeClock, makeNode, makeTask, makeTaskSpec, type NodeOptions } from '../../manager/scheduler/testing.js';
import { rng, seedFromEnv } from '../helpers/random.js';

const seed = seedFromEnv();

function setup(): { store: MemoryStore; scheduler: Scheduler; clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock();
  const store = new MemoryStore(clock);
  const r = rng(seed);
  return { store, clock, scheduler: new Scheduler(store, { clock, random: () => r.next(), log: () => undefined }) };
}

async function put(store: Store, nodes: Node[], tasks: Task[] = []): Promise<void> {
  await commitInBatches(store, [...nodes.map((object) => ({ op: 'create' as const, kind: 'node' as const, object })), ...tasks.map((object) => ({ op: 'create' as const, kind: 'task' as const, object }))]);
}

function replicas(n: number, o: Partial<Parameters<typeof makeTask>[0]> = {}, prefix = 't'): Task[] {
  return Array.from({ length: n }, (_, i) => makeTask({ ...o, id: `${prefix}${i + 1}`, slot: i + 1 }));
}

async function perNode(store: Store): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const t of await store.list('task')) if (t.status.state === 'assigned') m.set(t.nodeId, (m.get(t.nodeId) ?? 0) + 1);
  return m;
}

async function task(store: Store, id: string): Promise<Task> {
  const t = await store.get('task', id);
  assert.ok(t, `task ${id}`);
  return t;
}

test('10 tasks over 3 nodes spread 4/3/3, each assigned with the time and message', async (t) => {
  t.diagnostic(`seed=${seed}`);
  const { store, scheduler, clock } = setup();
  await put(store, ['a', 'b', 'c'].map((id) => makeNode({ id })), replicas(10));
  await scheduler.pass();
  const counts = [...(await perNode(store)).values()].sort();
  assert.deepEqual(counts, [3, 3, 4]);
  const t1 = await task(store, 't1');
  assert.equal(t1.status.state, 'assigned');
  assert.equal(t1.status.message, ASSIGNED_MESSAGE);
  assert.equal(t1.status.timestamp, clock.now());
  assert.equal(t1.status.err, '');
});

test('spread counts the service\'s tasks already running, then all tasks', async () => {
  const { store, scheduler } = setup();
  const running = [
    makeTask({ id: 'r1', nodeId: 'a', state: 'running' }),
    makeTask({ id: 'r2', nodeId: 'a', state: 'running' }),
    makeTask({ id: 'o1', serviceId: 'other', nodeId: 'b', state: 'running' }),
  ];
  await put(store, ['a', 'b', 'c'].map((id) => makeNode({ id })), [...running, ...replicas(3)]);
  await scheduler.pass();
  const placed = await Promise.all(['t1', 't2', 't3'].map(async (id) => (await task(store, id)).nodeId));
  // b and c have no task of the service; c has none at all, so it goes first
  assert.deepEqual(placed.sort(), ['b', 'c', 'c']);
});

test('a spread preference fills zones evenly before nodes; nodes without the label form their own group', async () => {
  const { store, scheduler } = setup();
  const nodes: NodeOptions[] = [
    { id: 'e1', labels: { zone: 'east' } },
    { id: 'e2', labels: { zone: 'east' } },
    { id: 'e3', labels: { zone: 'east' } },
    { id: 'w1', labels: { zone: 'west' } },
    { id: 'x1' },
  ];
  const spec = makeTaskSpec({ placement: { preferences: [{ spread: 'node.labels.zone' }] } });
  await put(store, nodes.map(makeNode), replicas(9, { spec }));
  await scheduler.pass();
  const m = await perNode(store);
  const east = (m.get('e1') ?? 0) + (m.get('e2') ?? 0) + (m.get('e3') ?? 0);
  assert.deepEqual([east, m.get('w1'), m.get('x1')], [3, 3, 3]);
  assert.deepEqual([m.get('e1'), m.get('e2'), m.get('e3')], [1, 1, 1]);
});

test('drained, paused and down nodes get nothing', async () => {
  const { store, scheduler } = setup();
  const nodes = [makeNode({ id: 'ok' }), makeNode({ id: 'dr', availability: 'drain' }), makeNode({ id: 'pa', availability: 'pause' }), makeNode({ id: 'dn', state: 'down' })];
  await put(store, nodes, replicas(5));
  await scheduler.pass();
  assert.deepEqual([...(await perNode(store)).entries()], [['ok', 5]]);
});

test('max replicas per node: the tasks beyond the limit stay pending and say why', async () => {
  const { store, scheduler } = setup();
  const spec = makeTaskSpec({ placement: { maxReplicasPerNode: 2 } });
  await put(store, ['a', 'b'].map((id) => makeNode({ id })), replicas(5, { spec }));
  await scheduler.pass();
  assert.deepEqual([...(await perNode(store)).values()], [2, 2]);
  const left = (await store.list('task')).filter((x) => x.status.state === 'pending');
  assert.equal(left.length, 1);
  assert.equal(left[0]?.status.err, 'no suitable node (max replicas per node reached on 2 nodes)');
});

test('resources run out: the rest stay pending with "insufficient resources on N nodes", written once', async () => {
  const { store, scheduler } = setup();
  const spec = makeTaskSpec({ reservations: { nanoCpus: 1e9 } });
  await put(store, ['a', 'b'].map((id) => makeNode({ id, nanoCpus: 2e9 })), replicas(6, { spec }));
  await scheduler.pass();
  const tasks = await store.list('task');
  assert.equal(tasks.filter((x) => x.status.state === 'assigned').length, 4);
  const pending = tasks.filter((x) => x.status.state === 'pending');
  assert.equal(pending.length, 2);
  for (const p of pending) assert.equal(p.status.err, 'no suitable node (insufficient resources on 2 nodes)');
  const rev = await store.revision();
  await scheduler.pass();
  assert.equal(await store.revision(), rev, 'the same explanation is not written again');
});

test('a global task on a node failing a constraint stays pending with the reason; on a fitting node it is assigned', async () => {
  const { store, scheduler } = setup();
  const spec = makeTaskSpec({ placement: { constraints: ['node.role==manager'] } });
  await put(store, [makeNode({ id: 'm', role: 'manager' }), makeNode({ id: 'w' })], [
    makeTask({ id: 'g-m', serviceId: 'g', nodeId: 'm', spec }),
    makeTask({ id: 'g-w', serviceId: 'g', nodeId: 'w', spec }),
    makeTask({ id: 'g-x', serviceId: 'g', nodeId: 'gone', spec }),
  ]);
  await scheduler.pass();
  assert.equal((await task(store, 'g-m')).status.state, 'assigned');
  const w = await task(store, 'g-w');
  assert.equal(w.status.state, 'pending');
  assert.equal(w.nodeId, 'w');
  assert.equal(w.status.err, 'no suitable node (scheduling constraints not satisfied on 1 node)');
  assert.match((await task(store, 'g-x')).status.err, /node gone is not in the cluster/);
});

test('a malformed constraint keeps the task pending with the parse error', async () => {
  const { store, scheduler } = setup();
  const spec = makeTaskSpec({ placement: { constraints: ['node.labels.zone=east'] } });
  await put(store, [makeNode({ id: 'a' })], replicas(1, { spec }));
  await scheduler.pass();
  const t1 = await task(store, 't1');
  assert.equal(t1.status.state, 'pending');
  assert.match(t1.status.err, /^invalid constraint "node.labels.zone=east": expected KEY==VALUE/);
});

test('tasks neither pending nor meant to run are left alone', async () => {
  const { store, scheduler } = setup();
  await put(store, [makeNode({ id: 'a' })], [
    makeTask({ id: 'new', state: 'new' }),
    makeTask({ id: 'shut', desiredState: 'shutdown' }),
    makeTask({ id: 'job', desiredState: 'complete' }),
  ]);
  await scheduler.pass();
  assert.equal((await task(store, 'new')).status.state, 'new');
  assert.equal((await task(store, 'shut')).status.state, 'pending');
  assert.equal((await task(store, 'job')).status.state, 'assigned');
});

test('running: a node arriving, and a task finishing, let pending tasks schedule', async (t) => {
  const { store, scheduler } = setup();
  const spec = makeTaskSpec({ reservations: { memoryBytes: 2 ** 30 } });
  await put(store, [makeNode({ id: 'small', memoryBytes: 2 ** 30 })], replicas(3, { spec }));
  const ac = new AbortController();
  const running = scheduler.run(ac.signal);
  t.after(async () => {
    ac.abort();
    await running;
  });
  const until = async (what: string, ok: (ts: Task[]) => boolean): Promise<Task[]> => {
    for (let i = 0; i < 500; i++) {
      const ts = await store.list('task');
      if (ok(ts)) return ts;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.fail(`timed out waiting for ${what}`);
  };
  const assigned = (ts: Task[]): Task[] => ts.filter((x) => x.status.state === 'assigned');
  let ts = await until('one assigned, two explained', (x) => assigned(x).length === 1 && x.filter((y) => y.status.err !== '').length === 2);
  assert.equal(ts.find((x) => x.status.state === 'pending')?.status.err, 'no suitable node (insufficient resources on 1 node)');

  await put(store, [makeNode({ id: 'big', memoryBytes: 2 ** 30 })]);
  ts = await until('a second assigned on the new node', (x) => assigned(x).length === 2);
  assert.deepEqual(assigned(ts).map((x) => x.nodeId).sort(), ['big', 'small']);

  const done = assigned(ts)[0] as Task;
  done.status = { ...done.status, state: 'complete' };
  await store.commit([{ op: 'update', kind: 'task', object: done }]);
  ts = await until('the third takes the freed node', (x) => assigned(x).length === 2 && x.every((y) => y.status.state !== 'pending'));
  assert.ok(assigned(ts).some((x) => x.nodeId === done.nodeId));
});

test('a task changed by someone else meanwhile is read again, not overwritten', async () => {
  const { store, scheduler } = setup();
  await put(store, [makeNode({ id: 'a' })], replicas(3));
  await scheduler.fullPass();
  // the orchestrator shuts t2 down after the scheduler read it
  const t2 = await task(store, 't2');
  t2.desiredState = 'shutdown';
  await store.commit([{ op: 'update', kind: 'task', object: t2 }]);
  await scheduler.tick();
  assert.equal((await task(store, 't1')).status.state, 'assigned');
  assert.equal((await task(store, 't3')).status.state, 'assigned');
  const again = await task(store, 't2');
  assert.equal(again.desiredState, 'shutdown');
  assert.equal(again.status.state, 'pending');
});
