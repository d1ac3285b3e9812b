import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeNode, makeService } from './orchestrator-harness.js';
import { newTask, newTaskId } from '../../manager/orchestrator/index.js';
import { OrcError } from '../../common/errors.js';

const nodes = (): ReturnType<typeof makeNode>[] => [makeNode('n1'), makeNode('n2'), makeNode('n3')];

test('newTask makes a task in state new from the service, with a 25-character base36 id', () => {
  const s = makeService('web', { stack: 'shop', replicas: 2 });
  const t = newTask(s, { slot: 2, now: 42, id: newTaskId(() => 0.5) });
  assert.match(t.id, /^[0-9a-z]{25}$/);
  assert.equal(t.slot, 2);
  assert.equal(t.nodeId, '');
  assert.equal(t.desiredState, 'running');
  assert.deepEqual(t.status, { state: 'new', timestamp: 42, message: 'created', err: '', containerId: '', exitCode: 0, health: '' });
  assert.deepEqual(t.spec, s.spec.task);
  assert.notEqual(t.spec, s.spec.task);
  assert.equal(t.serviceName, 'shop_web');
  assert.equal(t.labels['com.docker.stack.namespace'], 'shop');
  const job = newTask(makeService('j', { mode: { replicatedJob: { maxConcurrent: 1, totalCompletions: 1 } } }), { slot: 1, now: 1, id: 'x' });
  assert.equal(job.desiredState, 'complete');
});

test('a replicated service gets one task per slot, scales up with new slots and down from the highest slots', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 3 });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  let run = await h.up(web.id);
  assert.deepEqual(run.map((x) => x.slot), [1, 2, 3]);
  assert.ok(run.every((x) => x.specVersion === 1 && x.status.state === 'running'));

  await h.scale(web.id, 5);
  await h.converge();
  run = await h.up(web.id);
  assert.deepEqual(run.map((x) => x.slot), [1, 2, 3, 4, 5]);
  // A scale-only change replaces nothing.
  assert.equal((await h.tasks(web.id)).length, 5);
  assert.equal((await h.service(web.id)).updateStatus, undefined);

  await h.scale(web.id, 2);
  await h.converge();
  run = await h.up(web.id);
  assert.deepEqual(run.map((x) => x.slot), [1, 2]);
  const gone = (await h.tasks(web.id)).filter((x) => x.slot > 2);
  assert.equal(gone.length, 3);
  assert.ok(gone.every((x) => x.desiredState === 'shutdown' && x.status.state === 'shutdown'));
});

test('a failed task is restarted in its slot after the restart delay, the old one shut down with the creation', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 2, restart: { condition: 'any', delayMs: 5000 } });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  const [first] = await h.up(web.id);
  assert.ok(first);
  await h.finish(first.id, 137);
  await h.converge();
  await h.advance(4000);
  assert.equal((await h.tasks(web.id)).length, 2, 'nothing before the delay');
  assert.equal((await h.store.get('task', first.id))?.desiredState, 'running');
  await h.advance(1000);
  const slot = (await h.tasks(web.id)).filter((x) => x.slot === first.slot);
  assert.equal(slot.length, 2);
  const old = slot.find((x) => x.id === first.id);
  const repl = slot.find((x) => x.id !== first.id);
  assert.equal(old?.desiredState, 'shutdown');
  assert.equal(repl?.desiredState, 'running');
  assert.equal(old?.version, repl?.version, 'one commit');
  await h.converge();
  assert.equal((await h.up(web.id)).length, 2);
});

test('restart policy: none and on-failure leave the slot, maxAttempts counts within the window', async (t) => {
  const h = new Harness(t);
  const none = makeService('none', { replicas: 1, restart: { condition: 'none', delayMs: 0 } });
  const onf = makeService('onf', { replicas: 1, restart: { condition: 'on-failure', delayMs: 0 } });
  const capped = makeService('capped', { replicas: 1, restart: { condition: 'any', delayMs: 0, maxAttempts: 2, windowMs: 60_000 } });
  await h.init(nodes(), [none, onf, capped]);
  h.start();
  await h.converge();

  const [n1] = await h.up(none.id);
  await h.finish(n1?.id ?? '', 1);
  const [o1] = await h.up(onf.id);
  await h.finish(o1?.id ?? '', 0);
  await h.converge();
  assert.equal((await h.tasks(none.id)).length, 1, 'condition none: no restart');
  assert.equal((await h.tasks(onf.id)).length, 1, 'on-failure: a clean exit is not restarted');

  const [o2] = (await h.tasks(onf.id));
  await h.patchTask(o2?.id ?? '', () => {}); // nothing changes on a no-op write
  await h.converge();
  assert.equal((await h.tasks(onf.id)).length, 1);

  // Two restarts allowed within a minute, then the slot stays failed.
  for (let i = 0; i < 2; i++) {
    const [c] = await h.up(capped.id);
    await h.advance(1000);
    await h.finish(c?.id ?? '', 1);
    await h.converge();
    assert.equal((await h.up(capped.id)).length, 1, `restart ${i + 1}`);
  }
  const [c3] = await h.up(capped.id);
  await h.advance(1000);
  await h.finish(c3?.id ?? '', 1);
  await h.converge();
  assert.equal((await h.tasks(capped.id)).length, 3);
  assert.equal((await h.runnable(capped.id)).length, 0, 'gave up');
  assert.ok(h.logs.some((l) => l.includes('restart attempt 2')));
});

test('maxAttempts counts only the failures inside the window', async (t) => {
  const h = new Harness(t);
  const s = makeService('web', { replicas: 1, restart: { condition: 'any', delayMs: 0, maxAttempts: 1, windowMs: 10_000 } });
  await h.init(nodes(), [s]);
  h.start();
  await h.converge();
  for (let i = 0; i < 3; i++) {
    const [c] = await h.up(s.id);
    await h.advance(20_000);
    await h.finish(c?.id ?? '', 1);
    await h.converge();
    assert.equal((await h.up(s.id)).length, 1, `failure ${i + 1}, 20s apart, is restarted`);
  }
  const [c] = await h.up(s.id);
  await h.advance(1000);
  await h.finish(c?.id ?? '', 1);
  await h.converge();
  assert.equal((await h.runnable(s.id)).length, 0, 'the second failure within 10s is not');
});

test('tasks on a node that goes down or is drained are replaced in the same slot at once', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 3, restart: { delayMs: 60_000 } });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  const before = await h.up(web.id);
  const onN1 = before.filter((x) => x.nodeId === 'n1');
  assert.equal(onN1.length, 1);
  await h.patchNode('n1', (n) => {
    n.status.state = 'down';
    n.status.downSince = h.clock.now();
  });
  await h.converge();
  const after = await h.up(web.id);
  assert.deepEqual(after.map((x) => x.slot), [1, 2, 3]);
  assert.ok(after.every((x) => x.nodeId !== 'n1'));
  const old = await h.store.get('task', onN1[0]?.id ?? '');
  assert.equal(old?.desiredState, 'shutdown');
  assert.equal(old?.status.state, 'running', 'nobody reports for a down node');

  await h.patchNode('n2', (n) => {
    n.spec.availability = 'drain';
  });
  await h.converge();
  const drained = await h.up(web.id);
  assert.deepEqual(drained.map((x) => x.slot), [1, 2, 3]);
  assert.ok(drained.every((x) => x.nodeId === 'n3'));
  assert.ok((await h.tasks(web.id)).filter((x) => x.nodeId === 'n2').every((x) => x.status.state === 'shutdown'));
});

test('the reaper keeps the retention limit of ended tasks per slot and removes a removed service\'s tasks', async (t) => {
  const h = new Harness(t, { retention: 2 });
  const web = makeService('web', { replicas: 1, restart: { delayMs: 0 } });
  await h.init([makeNode('n1'), makeNode('n2')], [web]);
  h.start();
  await h.converge();
  for (let i = 0; i < 5; i++) {
    const [c] = await h.up(web.id);
    await h.advance(1000);
    await h.finish(c?.id ?? '', 1);
    await h.converge();
  }
  const all = await h.tasks(web.id);
  assert.equal(all.filter((x) => x.status.state === 'failed').length, 2);
  assert.equal((await h.up(web.id)).length, 1);

  // A pending task (no node) and a task on a node that goes down.
  const other = makeService('other', { replicas: 2 });
  await h.addService(other);
  await h.converge();
  await h.patchNode('n2', (n) => {
    n.status.state = 'down';
  });
  await h.settle();
  await h.removeService(web.id);
  await h.removeService(other.id);
  await h.converge();
  assert.deepEqual(await h.tasks(), []);
});

test('a large scale-up is written in commits of at most 128 ops, and a conflicting commit is read again and retried', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 300 });
  await h.init([makeNode('n1')]);
  const commit = h.store.commit.bind(h.store);
  const sizes: number[] = [];
  let refused = 0;
  h.store.commit = async (ops) => {
    if (ops.some((o) => o.op === 'create' && o.kind === 'task')) {
      sizes.push(ops.length);
      if (refused++ === 1) throw new OrcError('ORC_CONFLICT', 'someone else wrote first');
    }
    return commit(ops);
  };
  h.start();
  await h.addService(web);
  await h.converge();
  assert.ok(Math.max(...sizes) <= 128);
  const run = await h.runnable(web.id);
  assert.equal(run.length, 300);
  assert.equal(new Set(run.map((x) => x.slot)).size, 300);
  assert.equal((await h.tasks(web.id)).length, 300);
});
