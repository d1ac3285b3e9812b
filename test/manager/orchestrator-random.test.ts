import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeNode, makeService } from './orchestrator-harness.js';
import { isUp } from '../../manager/orchestrator/index.js';

/**
 * Random failures, node changes, scaling and spec changes; after each, once
 * the cluster settled and restart delays passed: one runnable task per
 * wanted slot and per eligible node, none elsewhere. Replays with ORC_SEED=N.
 */
test('random events keep one task per slot and per eligible node', async (t) => {
  const h = new Harness(t);
  const r = h.random;
  const web = makeService('web', { replicas: 3, restart: { delayMs: 5000 }, update: { parallelism: 1, failureAction: 'continue', monitorMs: 1000 } });
  const mon = makeService('mon', { mode: { global: {} }, restart: { delayMs: 5000 } });
  const ids = ['n1', 'n2', 'n3', 'n4'];
  await h.init(ids.map((id) => makeNode(id)), [web, mon]);
  h.start();
  await h.converge();
  let replicas = 3;
  let version = 0;

  for (let i = 0; i < 30; i++) {
    const what = r.int(6);
    const nodes = await h.store.list('node');
    // n1 stays ready and active, so every task has somewhere to run.
    const node = r.pick(nodes.filter((n) => n.id !== 'n1'));
    if (what === 0) {
      const running = (await h.tasks()).filter((x) => x.status.state === 'running');
      if (running.length > 0) await h.finish(r.pick(running).id, 1 + r.int(3));
    } else if (what === 1) {
      await h.patchNode(node.id, (n) => {
        n.status.state = n.status.state === 'down' ? 'ready' : 'down';
      });
    } else if (what === 2) {
      await h.patchNode(node.id, (n) => {
        n.spec.availability = n.spec.availability === 'drain' ? 'active' : 'drain';
      });
    } else if (what === 3) {
      replicas = r.int(6);
      await h.scale(web.id, replicas);
    } else {
      version++;
      await h.updateService(web.id, (spec) => {
        spec.task.container.env = [`V=${version}`];
      });
    }
    await h.converge();
    await h.advance(6000);
    await h.converge();
    await h.advance(6000);
    await h.converge();

    const step = `after step ${i} (action ${what}, seed=${h.seed})`;
    const run = await h.runnable(web.id);
    const slots = run.map((x) => x.slot).sort((a, b) => a - b);
    assert.deepEqual(slots, Array.from({ length: replicas }, (_, k) => k + 1), `web slots ${step}`);
    const ns = await h.store.list('node');
    const eligible = ns.filter((n) => n.status.state === 'ready' && n.spec.availability === 'active').map((n) => n.id).sort();
    const monRun = await h.runnable(mon.id);
    const onNodes = monRun.map((x) => x.nodeId).sort();
    assert.equal(new Set(onNodes).size, onNodes.length, `one mon task per node ${step}`);
    for (const id of eligible) assert.ok(onNodes.includes(id), `mon on ${id} ${step}`);
    for (const x of monRun) {
      const n = ns.find((m) => m.id === x.nodeId);
      assert.ok(n !== undefined && n.spec.availability !== 'drain', `no mon task on drained ${x.nodeId} ${step}`);
    }
    // Every replica on a live node ends up on the current spec, and the update finishes.
    const ready = run.filter((x) => ns.find((n) => n.id === x.nodeId)?.status.state === 'ready');
    assert.ok(ready.every((x) => x.spec.container.env.join() === (version === 0 ? '' : `V=${version}`) || !isUp(x)), `web on the current spec ${step}`);
    const st = (await h.service(web.id)).updateStatus?.state;
    assert.ok(st === undefined || st === 'completed', `update state ${st} ${step}\n${h.logs.slice(-10).join('\n')}`);
  }
});
