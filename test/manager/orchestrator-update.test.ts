import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeNode, makeService } from './orchestrator-harness.js';
import type { Task } from '../../common/cluster/types.js';

const nodes = (): ReturnType<typeof makeNode>[] => [makeNode('n1'), makeNode('n2'), makeNode('n3')];

/** Marks every running task that is still starting healthy, then lets the cluster move. */
async function healAll(h: Harness, each?: () => Promise<void>): Promise<number> {
  const starting = (await h.tasks()).filter((t) => t.status.state === 'running' && t.status.health === 'starting');
  for (const t of starting) await h.setHealth(t.id, 'healthy');
  await h.converge(each);
  return starting.length;
}

const image = (t: Task): string => t.spec.container.image;

/** Converges, failing the first task of the given spec version as soon as it is assigned a node. */
async function convergeFailingFirst(h: Harness, serviceId: string, specVersion: number, exitCode = 1): Promise<Task> {
  let victim: Task | undefined;
  await h.converge(async () => {
    if (victim !== undefined) return;
    const fresh = (await h.runnable(serviceId)).find((x) => x.specVersion === specVersion && x.status.state === 'assigned');
    if (fresh === undefined) return;
    victim = fresh;
    await h.finish(fresh.id, exitCode);
  });
  assert.ok(victim, 'a task to fail');
  return victim;
}

test('stop-first rolling update with parallelism 2: at most two slots down at a time, new tasks wait for health', async (t) => {
  const h = new Harness(t, { autoHealthy: false });
  const web = makeService('web', { replicas: 5, healthcheck: true, update: { parallelism: 2, order: 'stop-first', monitorMs: 5000 } });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  await healAll(h);
  assert.equal((await h.up(web.id)).length, 5);

  await h.updateService(web.id, (spec) => {
    spec.task.container.image = 'busybox:2';
  });
  let worst = 0;
  const check = async (): Promise<void> => {
    const up = await h.up(web.id);
    worst = Math.max(worst, 5 - up.length);
    assert.ok(up.length >= 3, `only ${up.length} slots up`);
    const perSlot = new Map<number, number>();
    for (const x of await h.runnable(web.id)) perSlot.set(x.slot, (perSlot.get(x.slot) ?? 0) + 1);
    assert.ok([...perSlot.values()].every((n) => n === 1), 'one runnable task per slot');
  };
  await h.converge(check);
  assert.equal((await h.service(web.id)).updateStatus?.state, 'updating');
  // The first batch runs but is not healthy yet: the update waits.
  const starting = (await h.runnable(web.id)).filter((x) => image(x) === 'busybox:2');
  assert.equal(starting.length, 2);
  assert.ok(starting.every((x) => x.status.state === 'running' && x.status.health === 'starting'));
  await h.advance(60_000);
  assert.equal((await h.runnable(web.id)).filter((x) => image(x) === 'busybox:2').length, 2);

  let rounds = 0;
  while ((await healAll(h, check)) > 0) rounds++;
  assert.equal(rounds, 3, 'batches of 2, 2 and 1');
  assert.equal(worst, 2);
  const up = await h.up(web.id);
  assert.deepEqual(up.map((x) => x.slot), [1, 2, 3, 4, 5]);
  assert.ok(up.every((x) => image(x) === 'busybox:2' && x.specVersion === 2));
  assert.equal((await h.service(web.id)).updateStatus?.state, 'updating', 'monitoring the last batch');
  await h.advance(5000);
  const st = (await h.service(web.id)).updateStatus;
  assert.equal(st?.state, 'completed');
  assert.equal(typeof st?.completedAt, 'number');
});

test('start-first rolling update with parallelism 2: old tasks stop only once their replacement is healthy', async (t) => {
  const h = new Harness(t, { autoHealthy: false });
  const web = makeService('web', { replicas: 4, healthcheck: true, update: { parallelism: 2, order: 'start-first', delayMs: 2000 } });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  await healAll(h);

  await h.updateService(web.id, (spec) => {
    spec.task.container.env = ['V=2'];
  });
  const check = async (): Promise<void> => {
    const up = await h.up(web.id);
    const slots = new Set(up.map((x) => x.slot));
    assert.equal(slots.size, 4, 'every slot keeps an up task');
    const fresh = (await h.runnable(web.id)).filter((x) => x.specVersion === 2 && x.status.health !== 'healthy');
    assert.ok(fresh.length <= 2, `${fresh.length} replacements at once`);
  };
  await h.converge(check);
  assert.equal((await h.runnable(web.id)).length, 6, 'two replacements beside four old tasks');
  await healAll(h, check);
  // The first two are up: the old ones stop, then the delay holds the next batch.
  assert.equal((await h.runnable(web.id)).length, 4);
  await h.advance(2000);
  await h.converge(check);
  assert.equal((await h.runnable(web.id)).length, 6);
  await healAll(h, check);
  await h.advance(2000);
  await h.converge(check);
  const run = await h.runnable(web.id);
  assert.equal(run.length, 4);
  assert.ok(run.every((x) => x.specVersion === 2 && x.spec.container.env[0] === 'V=2'));
  await h.advance(5000);
  assert.equal((await h.service(web.id)).updateStatus?.state, 'completed');
});

test('a failed task during an update pauses it (failureAction pause) until the next spec change', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 3, restart: { delayMs: 1000 }, update: { parallelism: 1, failureAction: 'pause' } });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  await h.updateService(web.id, (spec) => {
    spec.task.container.image = 'bad:1';
  });
  const fresh = await convergeFailingFirst(h, web.id, 2, 2);
  const st = (await h.service(web.id)).updateStatus;
  assert.equal(st?.state, 'paused');
  assert.match(st?.message ?? '', new RegExp(`${fresh.id}.*exit status 2`));
  await h.advance(30_000);
  await h.converge();
  const run = await h.runnable(web.id);
  assert.equal(run.filter((x) => image(x) === 'busybox:1').length, 2, 'no more replacements');
  assert.equal(run.length, 3);

  await h.updateService(web.id, (spec) => {
    spec.task.container.image = 'good:1';
  });
  await h.converge();
  await h.advance(5000);
  await h.converge();
  await h.advance(5000);
  assert.equal((await h.service(web.id)).updateStatus?.state, 'completed');
  assert.ok((await h.up(web.id)).every((x) => image(x) === 'good:1'));
});

test('an unhealthy task during the update counts as a failure', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 2, healthcheck: true, update: { parallelism: 1, monitorMs: 10_000 } });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  await h.updateService(web.id, (spec) => {
    spec.task.container.image = 'busybox:2';
  });
  await h.converge();
  await h.advance(1000);
  const [fresh] = (await h.up(web.id)).filter((x) => x.specVersion === 2);
  assert.ok(fresh);
  await h.setHealth(fresh.id, 'unhealthy');
  await h.converge();
  const st = (await h.service(web.id)).updateStatus;
  assert.equal(st?.state, 'paused');
  assert.match(st?.message ?? '', /unhealthy/);
});

test('a failed task during an update rolls the service back (failureAction rollback): spec restored, tasks end on the old spec', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', {
    replicas: 3, restart: { delayMs: 1000 },
    update: { parallelism: 1, failureAction: 'rollback' }, rollback: { parallelism: 0, monitorMs: 1000 },
  });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  const before = new Set((await h.up(web.id)).map((x) => x.id));
  await h.updateService(web.id, (spec) => {
    spec.task.container.image = 'bad:1';
  });
  const fresh = await convergeFailingFirst(h, web.id, 2);
  let s = await h.service(web.id);
  assert.equal(s.updateStatus?.state, 'rollback_started');
  assert.match(s.updateStatus?.message ?? '', new RegExp(fresh.id));
  assert.equal(s.spec.task.container.image, 'busybox:1');
  assert.equal(s.previousSpec?.task.container.image, 'bad:1');
  assert.equal(s.specVersion, 3);
  await h.advance(2000);
  await h.converge();
  await h.advance(2000);
  s = await h.service(web.id);
  assert.equal(s.updateStatus?.state, 'rollback_completed');
  const up = await h.up(web.id);
  assert.equal(up.length, 3);
  assert.ok(up.every((x) => image(x) === 'busybox:1'));
  assert.equal(up.filter((x) => before.has(x.id)).length, 2, 'the slots never updated keep their tasks');
});

test('service rollback (control API) rolls back with the rollback config', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 3, update: { parallelism: 1, monitorMs: 0 }, rollback: { parallelism: 3, monitorMs: 0 } });
  await h.init(nodes(), [web]);
  h.start();
  await h.converge();
  await h.updateService(web.id, (spec) => {
    spec.task.container.image = 'busybox:2';
  });
  await h.converge();
  assert.equal((await h.service(web.id)).updateStatus?.state, 'completed');
  await h.rollback(web.id);
  let most = 0;
  await h.converge(async () => {
    most = Math.max(most, 3 - (await h.up(web.id)).length);
  });
  assert.equal(most, 3, 'parallelism 3 from the rollback config');
  assert.equal((await h.service(web.id)).updateStatus?.state, 'rollback_completed');
  assert.ok((await h.up(web.id)).every((x) => image(x) === 'busybox:1'));
});

test('a new leader continues a rolling update without duplicates', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 4, update: { parallelism: 1, delayMs: 10_000, monitorMs: 0 } });
  await h.init(nodes(), [web]);
  const stop1 = h.start();
  await h.converge();
  await h.updateService(web.id, (spec) => {
    spec.task.container.image = 'busybox:2';
  });
  const check = async (): Promise<void> => {
    const run = await h.runnable(web.id);
    const slots = run.map((x) => x.slot);
    assert.equal(new Set(slots).size, slots.length, 'one runnable task per slot');
    assert.ok((await h.up(web.id)).length >= 3);
  };
  await h.converge(check);
  await h.advance(10_000);
  await h.converge(check);
  assert.equal((await h.runnable(web.id)).filter((x) => x.specVersion === 2).length, 2);
  await stop1();

  h.start();
  await h.converge(check);
  assert.equal((await h.runnable(web.id)).filter((x) => x.specVersion === 2).length, 2, 'the delay still holds');
  await h.advance(10_000);
  await h.converge(check);
  await h.advance(10_000);
  await h.converge(check);
  const all = await h.tasks(web.id);
  assert.equal(all.length, 8, 'four old and four new tasks, nothing more');
  assert.ok((await h.up(web.id)).every((x) => x.specVersion === 2));
  assert.equal((await h.service(web.id)).updateStatus?.state, 'completed');
});

test('a new leader schedules a pending restart from the task\'s end, once', async (t) => {
  const h = new Harness(t);
  const web = makeService('web', { replicas: 2, restart: { delayMs: 10_000 } });
  await h.init(nodes(), [web]);
  const stop1 = h.start();
  await h.converge();
  const [victim] = await h.up(web.id);
  assert.ok(victim);
  await h.finish(victim.id, 1);
  await h.advance(3000);
  await stop1();
  h.start();
  await h.converge();
  await h.advance(6000);
  assert.equal((await h.tasks(web.id)).length, 2, 'still waiting');
  await h.advance(1000);
  await h.converge();
  const all = await h.tasks(web.id);
  assert.equal(all.length, 3);
  assert.equal((await h.up(web.id)).length, 2);
  assert.equal(all.filter((x) => x.slot === victim.slot && x.desiredState === 'running').length, 1);
});
