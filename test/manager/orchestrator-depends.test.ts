import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, makeNode, makeService } from './orchestrator-harness.js';
import { waitingOn } from '../../manager/orchestrator/index.js';

const nodes = (): ReturnType<typeof makeNode>[] => [makeNode('n1'), makeNode('n2')];

async function reason(h: Harness, id: string): Promise<string | undefined> {
  const [services, tasks, ns] = await Promise.all([h.store.list('service'), h.store.list('task'), h.store.list('node')]);
  const s = services.find((x) => x.id === id);
  assert.ok(s);
  return waitingOn(s, { services, tasks, nodes: ns });
}

test('service_started holds the dependent until every replica of the dependency runs', async (t) => {
  const h = new Harness(t);
  const db = makeService('db', { stack: 'shop', replicas: 2 });
  const web = makeService('web', { stack: 'shop', replicas: 1, dependsOn: [{ service: 'db', condition: 'service_started' }] });
  await h.init(nodes(), [db, web]);
  h.start();
  await h.settle();
  assert.equal((await h.tasks(web.id)).length, 0);
  assert.match((await reason(h, web.id)) ?? '', /waiting for shop_db to start \(0\/2 running\)/);
  await h.step();
  await h.settle();
  await h.step();
  await h.settle();
  assert.equal((await h.tasks(web.id)).length, 0, 'db assigned, not running');
  await h.converge();
  assert.equal((await h.up(web.id)).length, 1);
  assert.equal(await reason(h, web.id), undefined);
});

test('a service_healthy dependency holds the dependent until the first healthy report (names with the stack prefix too)', async (t) => {
  const h = new Harness(t, { autoHealthy: false });
  const db = makeService('db', { stack: 'shop', replicas: 1, healthcheck: true });
  const web = makeService('web', { stack: 'shop', replicas: 1, dependsOn: [{ service: 'shop_db', condition: 'service_healthy' }] });
  const other = makeService('db', { stack: 'elsewhere', replicas: 1 });
  await h.init(nodes(), [db, web, other]);
  h.start();
  await h.converge();
  const [d] = await h.runnable(db.id);
  assert.equal(d?.status.state, 'running');
  assert.equal((await h.tasks(web.id)).length, 0);
  assert.match((await reason(h, web.id)) ?? '', /healthy \(0\/1 healthy\)/);
  await h.setHealth(d?.id ?? '', 'healthy');
  await h.converge();
  assert.equal((await h.up(web.id)).length, 1);
});

test('service_completed_successfully waits for a job to complete; a missing dependency waits', async (t) => {
  const h = new Harness(t, { completeJobs: false });
  const migrate = makeService('migrate', { stack: 's', mode: { replicatedJob: { maxConcurrent: 1, totalCompletions: 1 } } });
  const app = makeService('app', { stack: 's', replicas: 1, dependsOn: [{ service: 'migrate', condition: 'service_completed_successfully' }] });
  const lost = makeService('lost', { stack: 's', replicas: 1, dependsOn: [{ service: 'nowhere', condition: 'service_started' }] });
  await h.init(nodes(), [migrate, app, lost]);
  h.start();
  await h.converge();
  assert.equal((await h.tasks(app.id)).length, 0);
  const [m] = await h.runnable(migrate.id);
  await h.finish(m?.id ?? '', 1);
  await h.advance(10_000);
  await h.converge();
  assert.equal((await h.tasks(app.id)).length, 0, 'a failed run does not count');
  const [m2] = await h.runnable(migrate.id);
  await h.finish(m2?.id ?? '', 0);
  await h.converge();
  assert.equal((await h.up(app.id)).length, 1);
  assert.equal((await h.tasks(lost.id)).length, 0);
  assert.match((await reason(h, lost.id)) ?? '', /nowhere: no such service/);
  assert.ok(h.logs.some((l) => l.includes('service s_lost: waiting for nowhere')));
});
