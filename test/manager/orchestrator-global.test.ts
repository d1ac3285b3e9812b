import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeNode, makeService } from './orchestrator-harness.js';
import { constraintsMatch } from '../../manager/orchestrator/index.js';

const GLOBAL = { global: {} } as const;

test('constraints: ==, != on id, hostname, role, platform and labels', () => {
  const n = makeNode('n1', { role: 'manager', labels: { zone: 'a' } });
  assert.ok(constraintsMatch(['node.role==manager', 'node.labels.zone == a', 'node.hostname!=n2', 'node.platform.os==Linux'], n));
  assert.ok(!constraintsMatch(['node.labels.zone==b'], n));
  assert.ok(!constraintsMatch(['node.labels.missing==x'], n));
  assert.ok(constraintsMatch(['node.labels.missing!=x'], n));
  assert.ok(!constraintsMatch(['node.id==N1'], n));
  assert.ok(!constraintsMatch(['nonsense'], n));
});

test('a global service runs one task per eligible node; drained, removed or no longer fitting nodes lose theirs', async (t) => {
  const h = new Harness(t);
  const mon = makeService('mon', { mode: GLOBAL, constraints: ['node.labels.mon!=off'] });
  await h.init([makeNode('n1'), makeNode('n2'), makeNode('n3'), makeNode('n4', { availability: 'pause' })], [mon]);
  h.start();
  await h.converge();
  let up = await h.up(mon.id);
  assert.deepEqual(up.map((x) => x.nodeId).sort(), ['n1', 'n2', 'n3']);
  assert.ok(up.every((x) => x.slot === 0));
  // nodeId is set at creation.
  assert.ok((await h.tasks(mon.id)).every((x) => x.nodeId !== ''));

  await h.patchNode('n2', (n) => {
    n.spec.availability = 'drain';
  });
  await h.converge();
  up = await h.up(mon.id);
  assert.deepEqual(up.map((x) => x.nodeId).sort(), ['n1', 'n3']);

  await h.patchNode('n3', (n) => {
    n.spec.labels['mon'] = 'off';
  });
  await h.converge();
  assert.deepEqual((await h.up(mon.id)).map((x) => x.nodeId), ['n1']);

  // A node that joins gets a task; an active node again gets one too.
  await h.store.commit([{ op: 'create', kind: 'node', object: makeNode('n5') }]);
  await h.patchNode('n2', (n) => {
    n.spec.availability = 'active';
  });
  await h.converge();
  assert.deepEqual((await h.up(mon.id)).map((x) => x.nodeId).sort(), ['n1', 'n2', 'n5']);

  // A node that leaves the cluster: its task is shut down (nobody reports it) and no task replaces it.
  const onN5 = (await h.up(mon.id)).find((x) => x.nodeId === 'n5');
  await h.removeNode('n5');
  await h.converge();
  assert.deepEqual((await h.runnable(mon.id)).map((x) => x.nodeId).sort(), ['n1', 'n2']);
  assert.equal(await h.store.get('task', onN5?.id ?? ''), undefined, 'its task is gone with it');
});

test('a global task on a node that is down stays until the node is removed', async (t) => {
  const h = new Harness(t);
  const mon = makeService('mon', { mode: GLOBAL });
  await h.init([makeNode('n1'), makeNode('n2'), makeNode('n3')], [mon]);
  h.start();
  await h.converge();
  await h.patchNode('n3', (n) => {
    n.status.state = 'down';
  });
  await h.converge();
  const runnable = await h.runnable(mon.id);
  assert.deepEqual(runnable.map((x) => x.nodeId).sort(), ['n1', 'n2', 'n3']);
  assert.equal((await h.tasks(mon.id)).length, 3, 'no replacement anywhere');

  // A failed task on a node that is down waits for the node instead of restarting there.
  const onN3 = runnable.find((x) => x.nodeId === 'n3');
  await h.finish(onN3?.id ?? '', 1);
  await h.advance(10_000);
  await h.converge();
  assert.equal((await h.tasks(mon.id)).length, 3);
  await h.patchNode('n3', (n) => {
    n.status.state = 'ready';
  });
  await h.converge();
  assert.deepEqual((await h.up(mon.id)).map((x) => x.nodeId).sort(), ['n1', 'n2', 'n3']);

  await h.patchNode('n3', (n) => {
    n.status.state = 'down';
  });
  await h.converge();
  await h.removeNode('n3');
  await h.converge();
  assert.deepEqual((await h.runnable(mon.id)).map((x) => x.nodeId).sort(), ['n1', 'n2']);
  assert.deepEqual((await h.tasks(mon.id)).filter((x) => x.nodeId === 'n3'), []);
});
