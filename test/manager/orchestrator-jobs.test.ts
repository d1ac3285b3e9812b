import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeNode, makeService } from './orchestrator-harness.js';

const nodes = (): ReturnType<typeof makeNode>[] => [makeNode('n1'), makeNode('n2'), makeNode('n3')];

test('a replicated job completes exactly totalCompletions tasks, at most maxConcurrent at a time', async (t) => {
  const h = new Harness(t);
  const job = makeService('batch', { mode: { replicatedJob: { maxConcurrent: 2, totalCompletions: 5 } } });
  await h.init(nodes(), [job]);
  h.start();
  let most = 0;
  await h.converge(async () => {
    most = Math.max(most, (await h.runnable(job.id)).length);
  });
  assert.equal(most, 2);
  const all = await h.tasks(job.id);
  assert.equal(all.length, 5);
  assert.ok(all.every((x) => x.status.state === 'complete' && x.status.exitCode === 0 && x.desiredState === 'complete'));
  assert.deepEqual(all.map((x) => x.slot).sort(), [1, 2, 3, 4, 5]);
  // Nothing more happens later.
  await h.advance(60_000);
  await h.converge();
  assert.equal((await h.tasks(job.id)).length, 5);
});

test('a failed job task restarts per policy (on-failure by default for jobs); a bumped jobIteration runs the job again', async (t) => {
  const h = new Harness(t, { completeJobs: false });
  const job = makeService('batch', { mode: { replicatedJob: { maxConcurrent: 0, totalCompletions: 2 } }, restart: { condition: 'any', delayMs: 1000 } });
  await h.init(nodes(), [job]);
  h.start();
  await h.converge();
  let run = await h.runnable(job.id);
  assert.equal(run.length, 2, 'maxConcurrent defaults to totalCompletions');
  const [a, b] = run;
  await h.finish(a?.id ?? '', 3);
  await h.finish(b?.id ?? '', 0);
  await h.converge();
  await h.advance(1000);
  await h.converge();
  run = await h.runnable(job.id);
  assert.equal(run.length, 1);
  assert.equal(run[0]?.slot, a?.slot);
  await h.finish(run[0]?.id ?? '', 0);
  await h.advance(10_000);
  await h.converge();
  assert.equal((await h.tasks(job.id)).length, 3, 'a completed job is not restarted despite condition any');

  await h.patchService(job.id, (s) => {
    s.jobIteration += 1;
  });
  await h.converge();
  run = await h.runnable(job.id);
  assert.equal(run.length, 2);
  assert.ok(run.every((x) => x.jobIteration === 1 && x.desiredState === 'complete'));
});

test('a global job runs once on each eligible node, and on nodes that join later', async (t) => {
  const h = new Harness(t);
  const job = makeService('migrate', { mode: { globalJob: {} } });
  await h.init([...nodes(), makeNode('n4', { availability: 'drain' })], [job]);
  h.start();
  await h.converge();
  let all = await h.tasks(job.id);
  assert.deepEqual(all.map((x) => x.nodeId).sort(), ['n1', 'n2', 'n3']);
  assert.ok(all.every((x) => x.status.state === 'complete'));
  await h.store.commit([{ op: 'create', kind: 'node', object: makeNode('n5') }]);
  await h.converge();
  all = await h.tasks(job.id);
  assert.deepEqual(all.map((x) => x.nodeId).sort(), ['n1', 'n2', 'n3', 'n5']);
  assert.ok(all.every((x) => x.status.state === 'complete'));
});
