/** The control API's logic over a MemoryStore: lookups, filters, validation, versions, updates and rollbacks, refusals, secrets. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OrcError } from '../../common/errors.js';
import { serviceSpec } from '../../common/cluster/defaults.js';
import type { ServiceSpec, Task } from '../../common/cluster/types.js';
import { openSecret } from '../../manager/control/index.js';
import { cluster, node, open, setUp } from './control-helpers.js';

const code = (c: string, message?: RegExp) => (e: unknown): boolean => {
  assert.equal((e as OrcError).code, c, (e as Error).message);
  if (message !== undefined) assert.match((e as Error).message, message);
  return true;
};

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function task(id: string, serviceId: string, serviceName: string, slot: number, nodeId: string, desired: Task['desiredState']): Task {
  return {
    id, version: 0, createdAt: 0, updatedAt: 0, serviceId, serviceName, slot, nodeId,
    spec: serviceSpec('x', 'nginx').task, specVersion: 1, desiredState: desired,
    status: { state: 'running', timestamp: 0, message: '', err: '', containerId: '', exitCode: 0, health: '' },
    networks: [], ports: [], jobIteration: 0, labels: {},
  };
}

describe('control API: services', () => {
  it('a partial spec is completed with Docker\'s defaults and stored at spec version 1', async () => {
    const { api, store } = setUp();
    const s = await api.createService({ name: 'web', task: { container: { image: 'nginx:1.25' } } });
    assert.equal(s.specVersion, 1);
    assert.equal(s.jobIteration, 0);
    assert.deepEqual(s.endpoint, { ports: [] });
    assert.deepEqual(s.spec, serviceSpec('web', 'nginx:1.25'));
    assert.deepEqual(await store.get('service', s.id), s);
  });

  it('finds a service by full id, unique id prefix and name; an unknown one is ORC_NOT_FOUND naming it', async () => {
    const { api } = setUp();
    const web = await api.createService(serviceSpec('web', 'nginx'));
    const db = await api.createService(serviceSpec('db', 'postgres'));
    assert.equal((await api.getService(web.id)).id, web.id);
    assert.equal((await api.getService(web.id.slice(0, 4))).id, web.id);
    assert.equal((await api.getService('db')).id, db.id);
    await assert.rejects(api.getService('cache'), code('ORC_NOT_FOUND', /service cache not found/));
  });

  it('an id prefix two services share is refused as ambiguous', async () => {
    const { store, api } = setUp({ newId: (() => { let n = 0; return () => `abc${++n}`; })() });
    await api.createService(serviceSpec('a', 'nginx'));
    await api.createService(serviceSpec('b', 'nginx'));
    assert.equal((await store.list('service')).length, 2);
    await assert.rejects(api.getService('ab'), code('ORC_CONFLICT', /ambiguous/));
  });

  it('filters services by name prefix, id prefix, label (k and k=v) and mode', async () => {
    const { api } = setUp();
    const web = await api.createService({ ...serviceSpec('web', 'nginx'), labels: { tier: 'front', team: 'a' } });
    await api.createService({ ...serviceSpec('webhook', 'nginx'), labels: { tier: 'back' } });
    const agent = await api.createService({ ...serviceSpec('agent', 'busybox'), mode: { global: {} } });
    const names = async (f: Record<string, string[]>): Promise<string[]> => (await api.listServices(f)).map((s) => s.spec.name).sort();
    assert.deepEqual(await names({ name: ['web'] }), ['web', 'webhook']);
    assert.deepEqual(await names({ id: [web.id.slice(0, 5)] }), ['web']);
    assert.deepEqual(await names({ label: ['tier'] }), ['web', 'webhook']);
    assert.deepEqual(await names({ label: ['tier=front'] }), ['web']);
    assert.deepEqual(await names({ label: ['tier=front', 'team=b'] }), []);
    assert.deepEqual(await names({ mode: ['global'] }), [agent.spec.name]);
    assert.deepEqual(await names({ mode: ['replicated'], name: ['webh'] }), ['webhook']);
    await assert.rejects(api.listServices({ colour: ['red'] }), code('ORC_USAGE', /invalid filter 'colour'/));
  });

  it('refuses invalid specs with a message naming the service and the field', async () => {
    const { api } = setUp();
    const bad = async (spec: unknown, message: RegExp): Promise<void> => {
      await assert.rejects(api.createService(spec), code('ORC_INVALID_SPEC', message));
    };
    await bad({ name: 'web', task: { container: { image: '' } } }, /^service web: task\.container\.image must not be empty$/);
    await bad({ name: '-web', task: { container: { image: 'nginx' } } }, /service -web: name "-web" is not a valid name/);
    await bad({ ...serviceSpec('web', 'nginx'), mode: { replicated: { replicas: -1 } } }, /mode\.replicated\.replicas must be at least 0/);
    await bad({ ...serviceSpec('web', 'nginx'), mode: { replicated: { replicas: '3' } } }, /mode\.replicated\.replicas must be a number/);
    await bad({ ...serviceSpec('web', 'nginx'), endpoint: { ports: [{ targetPort: 70000 }] } }, /endpoint\.ports\[0\]\.targetPort must be at most 65535/);
    await bad({ ...serviceSpec('web', 'nginx'), endpoint: { ports: [{ targetPort: 80, publishedPort: 8080 }, { targetPort: 81, publishedPort: 8080 }] } }, /published port 8080\/tcp is given twice/);
    await bad({ ...serviceSpec('web', 'nginx'), update: { parallelism: -1 } }, /update\.parallelism must be at least 0/);
    await bad({ name: 'web', task: { container: { image: 'nginx' }, placement: { constraints: ['node.role=manager'] } } }, /task\.placement\.constraints\[0\] "node\.role=manager" is not a constraint/);
    await bad({ name: 'web', task: { container: { image: 'nginx' }, placement: { constraints: ['node.colour==red'] } } }, /unknown key node\.colour/);
    await bad({ name: 'web', task: { container: { image: 'nginx', secrets: [{ name: 'nope' }] } } }, /task\.container\.secrets\[0\] secret "nope" not found/);
    await bad({ name: 'web', task: { container: { image: 'nginx' }, networks: [{ target: 'nope' }] } }, /task\.networks\[0\]\.target network "nope" not found/);
  });

  it('refuses a second service of the same name, and an ingress port another service publishes', async () => {
    const { api } = setUp();
    await api.createService({ ...serviceSpec('web', 'nginx'), endpoint: { ports: [{ name: '', protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }] } });
    await assert.rejects(api.createService(serviceSpec('web', 'nginx')), code('ORC_CONFLICT', /service web already exists/));
    await assert.rejects(
      api.createService({ ...serviceSpec('api', 'nginx'), endpoint: { ports: [{ targetPort: 80, publishedPort: 8080 }] } }),
      code('ORC_INVALID_SPEC', /port '8080' is already in use by service 'web'/),
    );
    await api.createService({ ...serviceSpec('dns', 'coredns'), endpoint: { ports: [{ targetPort: 53, publishedPort: 8080, protocol: 'udp' }] } });
  });

  it('stores the ids of the secrets, configs and networks a spec names by name or id prefix', async () => {
    const { api } = setUp();
    const net = await api.createNetwork({ name: 'backend' });
    const sec = await api.createSecret({ name: 'db_password', labels: {}, data: b64('hunter2') });
    const cfg = await api.createConfig({ name: 'nginx.conf', labels: {}, data: b64('events {}') });
    const s = await api.createService({
      name: 'web',
      task: {
        container: { image: 'nginx', secrets: [{ name: 'db_password' }], configs: [{ id: cfg.id.slice(0, 6), target: '/etc/nginx/nginx.conf' }] },
        networks: [{ target: 'backend', aliases: ['www'] }],
      },
    });
    assert.deepEqual(s.spec.task.container.secrets, [{ id: sec.id, name: 'db_password', target: 'db_password', uid: '0', gid: '0', mode: 0o444 }]);
    assert.deepEqual(s.spec.task.container.configs, [{ id: cfg.id, name: 'nginx.conf', target: '/etc/nginx/nginx.conf', uid: '0', gid: '0', mode: 0o444 }]);
    assert.deepEqual(s.spec.task.networks, [{ target: net.id, aliases: ['www'] }]);
  });

  it('an update names the version it read: a stale one is ORC_CONFLICT', async () => {
    const { api } = setUp();
    const s = await api.createService(serviceSpec('web', 'nginx'));
    const u = await api.updateService(s.id, s.version, { ...s.spec, task: { ...s.spec.task, container: { ...s.spec.task.container, image: 'nginx:2' } } });
    assert.ok(u.version > s.version);
    await assert.rejects(api.updateService(s.id, s.version, { ...s.spec, labels: { a: 'b' } }), code('ORC_CONFLICT'));
    await assert.rejects(api.updateService(s.id, s.version, s.spec), code('ORC_CONFLICT'), 'even when nothing would change');
  });

  it('a new image bumps the spec version, keeps the previous spec and starts an update', async () => {
    const { api, clock } = setUp();
    const s = await api.createService(serviceSpec('web', 'nginx:1'));
    clock.t += 1000;
    const spec: ServiceSpec = structuredClone(s.spec);
    spec.task.container.image = 'nginx:2';
    const u = await api.updateService('web', s.version, spec);
    assert.equal(u.specVersion, 2);
    assert.equal(u.previousSpec?.task.container.image, 'nginx:1');
    assert.deepEqual(u.updateStatus, { state: 'updating', startedAt: clock.t, message: 'update in progress' });
  });

  it('a pure scale changes replicas only: no new spec version, no update, the previous spec untouched', async () => {
    const { api } = setUp();
    const s = await api.createService(serviceSpec('web', 'nginx'));
    const u = await api.updateService(s.id, s.version, { ...s.spec, mode: { replicated: { replicas: 5 } } });
    assert.deepEqual(u.spec.mode, { replicated: { replicas: 5 } });
    assert.equal(u.specVersion, 1);
    assert.equal(u.updateStatus, undefined);
    assert.equal(u.previousSpec, undefined);
    await assert.rejects(api.updateService(s.id, u.version, { ...s.spec, mode: { global: {} } }), code('ORC_INVALID_SPEC', /mode cannot change/));
    await assert.rejects(api.updateService(s.id, u.version, { ...s.spec, name: 'www' }), code('ORC_INVALID_SPEC', /renaming/));
  });

  it('a rollback swaps the spec and the previous spec; without a previous spec it is refused', async () => {
    const { api } = setUp();
    const s = await api.createService(serviceSpec('web', 'nginx:1'));
    await assert.rejects(api.updateService(s.id, s.version, undefined, true), code('ORC_INVALID_SPEC', /service web has no previous spec/));
    const spec = structuredClone(s.spec);
    spec.task.container.image = 'nginx:2';
    const u = await api.updateService(s.id, s.version, spec);
    const r = await api.updateService(s.id, u.version, undefined, true);
    assert.equal(r.spec.task.container.image, 'nginx:1');
    assert.equal(r.previousSpec?.task.container.image, 'nginx:2');
    assert.equal(r.specVersion, 3);
    assert.equal(r.updateStatus?.state, 'rollback_started');
  });

  it('removes a service; the tasks are the reaper\'s', async () => {
    const { api, store } = setUp();
    const s = await api.createService(serviceSpec('web', 'nginx'));
    await store.commit([{ op: 'create', kind: 'task', object: task('t1', s.id, 'web', 1, 'n1', 'running') }]);
    await api.removeService('web');
    assert.equal(await store.get('service', s.id), undefined);
    assert.ok(await store.get('task', 't1'));
  });
});

describe('control API: tasks and nodes', () => {
  it('filters tasks by service and node (id or name), desired state and name', async () => {
    const { api, store } = setUp();
    const web = await api.createService(serviceSpec('web', 'nginx'));
    await store.commit([
      { op: 'create', kind: 'node', object: node('n1', 'alpha') },
      { op: 'create', kind: 'node', object: node('n2', 'beta') },
      { op: 'create', kind: 'task', object: task('t1', web.id, 'web', 1, 'n1', 'running') },
      { op: 'create', kind: 'task', object: task('t2', web.id, 'web', 2, 'n2', 'running') },
      { op: 'create', kind: 'task', object: task('t3', web.id, 'web', 1, 'n1', 'shutdown') },
      { op: 'create', kind: 'task', object: task('t4', 'other', 'db', 1, 'n2', 'running') },
    ]);
    const ids = async (f: Record<string, string[]>): Promise<string[]> => (await api.listTasks(f)).map((t) => t.id).sort();
    assert.deepEqual(await ids({ service: ['web'] }), ['t1', 't2', 't3']);
    assert.deepEqual(await ids({ service: [web.id] }), ['t1', 't2', 't3']);
    assert.deepEqual(await ids({ node: ['beta'] }), ['t2', 't4']);
    assert.deepEqual(await ids({ node: ['n1'], 'desired-state': ['running'] }), ['t1']);
    assert.deepEqual(await ids({ name: ['web.1'] }), ['t1', 't3']);
    assert.equal((await api.getTask('t2')).slot, 2);
  });

  it('node update records availability, labels and role; the last manager cannot be demoted', async () => {
    const { api, store } = setUp();
    await store.commit([{ op: 'create', kind: 'node', object: node('m1', 'boss', 'manager') }, { op: 'create', kind: 'node', object: node('w1', 'worker1') }]);
    const w = await api.getNode('worker1');
    const u = await api.updateNode('worker1', w.version, { ...w.spec, availability: 'drain', labels: { zone: 'a' } });
    assert.equal(u.spec.availability, 'drain');
    assert.deepEqual((await api.listNodes({ 'node.label': ['zone=a'] })).map((n) => n.id), ['w1']);
    assert.deepEqual((await api.listNodes({ role: ['manager'] })).map((n) => n.id), ['m1']);
    await assert.rejects(api.updateNode('w1', w.version, w.spec), code('ORC_CONFLICT'));
    await assert.rejects(api.updateNode('w1', u.version, { ...u.spec, availability: 'gone' }), code('ORC_INVALID_SPEC', /availability must be one of/));
    const m = await api.getNode('m1');
    await assert.rejects(api.updateNode('m1', m.version, { ...m.spec, role: 'worker' }), code('ORC_CONFLICT', /last manager/));
    const promoted = await api.updateNode('w1', u.version, { ...u.spec, role: 'manager' });
    assert.equal(promoted.spec.role, 'manager');
  });

  it('node removal: a manager must be demoted first; a node that is not down needs force', async () => {
    const { api, store } = setUp();
    await store.commit([
      { op: 'create', kind: 'node', object: node('m1', 'boss', 'manager') },
      { op: 'create', kind: 'node', object: node('w1', 'up') },
      { op: 'create', kind: 'node', object: node('w2', 'gone', 'worker', 'down') },
    ]);
    await assert.rejects(api.removeNode('boss', true), code('ORC_CONFLICT', /must be demoted to worker before removal/));
    await assert.rejects(api.removeNode('up'), code('ORC_CONFLICT', /is not down and can't be removed/));
    await api.removeNode('gone');
    await api.removeNode('up', true);
    assert.deepEqual((await api.listNodes()).map((n) => n.id), ['m1']);
  });
});

describe('control API: networks, secrets, configs, cluster', () => {
  it('a network, secret or config a service uses cannot be removed (Docker\'s message)', async () => {
    const { api } = setUp();
    await api.createNetwork({ name: 'backend' });
    await api.createSecret({ name: 'pw', labels: {}, data: b64('x') });
    await api.createConfig({ name: 'conf', labels: {}, data: b64('y') });
    await api.createService({ name: 'web', task: { container: { image: 'nginx', secrets: [{ name: 'pw' }], configs: [{ name: 'conf' }] }, networks: [{ target: 'backend' }] } });
    await assert.rejects(api.removeSecret('pw'), code('ORC_CONFLICT', /^secret 'pw' is in use by the following service: web$/));
    await assert.rejects(api.removeConfig('conf'), code('ORC_CONFLICT', /config 'conf' is in use by the following service: web/));
    await assert.rejects(api.removeNetwork('backend'), code('ORC_CONFLICT', /network 'backend' is in use by the following service: web/));
    await api.removeService('web');
    await api.removeSecret('pw');
    await api.removeConfig('conf');
    await api.removeNetwork('backend');
    assert.deepEqual(await api.listNetworks(), []);
  });

  it('a secret is sealed in the store and its data never comes back', async () => {
    const { api, store } = setUp();
    const created = await api.createSecret({ name: 'pw', labels: { a: 'b' }, data: b64('hunter2') });
    assert.equal(created.spec.data, '');
    assert.equal((await api.getSecret('pw')).spec.data, '');
    assert.equal((await api.listSecrets({ label: ['a=b'] }))[0]?.spec.data, '');
    const stored = await store.get('secret', created.id);
    assert.ok(stored !== undefined && stored.spec.data !== '' && stored.spec.data !== b64('hunter2'));
    assert.ok(!stored.spec.data.includes('hunter2'));
    assert.equal((await openSecret(store, open, created.id)).toString(), 'hunter2');
    await assert.rejects(openSecret(store, open, 'nope'), code('ORC_NOT_FOUND'));
  });

  it('secret data must be base64 of at most 500 KB; a config keeps and returns its data', async () => {
    const { api } = setUp();
    await assert.rejects(api.createSecret({ name: 'pw', data: 'not base64!' }), code('ORC_INVALID_SPEC', /secret pw: data must be base64/));
    await assert.rejects(api.createSecret({ name: 'big', data: Buffer.alloc(500 * 1024 + 1).toString('base64') }), code('ORC_INVALID_SPEC', /at most 500 KB/));
    await assert.rejects(api.createSecret({ name: 'empty', data: '' }), code('ORC_INVALID_SPEC', /larger than 0/));
    await api.createSecret({ name: 'max', data: Buffer.alloc(500 * 1024).toString('base64') });
    const c = await api.createConfig({ name: 'conf', data: b64('hello') });
    assert.equal((await api.getConfig(c.id)).spec.data, b64('hello'));
    await assert.rejects(api.createConfig({ name: 'conf', data: b64('again') }), code('ORC_CONFLICT'));
  });

  it('networks: overlay only, unique names, a subnet that parses', async () => {
    const { api } = setUp();
    const n = await api.createNetwork({ name: 'front', attachable: true, subnet: '10.5.0.0/24', gateway: '10.5.0.1' });
    assert.deepEqual(n.spec, { name: 'front', labels: {}, driver: 'overlay', internal: false, attachable: true, subnet: '10.5.0.0/24', gateway: '10.5.0.1' });
    await assert.rejects(api.createNetwork({ name: 'front' }), code('ORC_CONFLICT'));
    await assert.rejects(api.createNetwork({ name: 'b', driver: 'bridge' }), code('ORC_INVALID_SPEC', /driver "bridge" is not supported/));
    await assert.rejects(api.createNetwork({ name: 'c', subnet: '10.5.0.0' }), code('ORC_INVALID_SPEC', /subnet/));
  });

  it('the cluster comes without its CA key; updates check the version and rotate tokens', async () => {
    const rotated: string[] = [];
    const { api, store } = setUp({ rotateToken: (role) => { rotated.push(role); return `ORC-1-new-${role}`; } });
    await assert.rejects(api.getCluster(), code('ORC_NOT_FOUND'));
    await store.commit([{ op: 'create', kind: 'cluster', object: cluster() }]);
    const c = await api.getCluster();
    assert.equal('caKeySealed' in c, false);
    const u = await api.updateCluster(c.version, { spec: { ...c.spec, orchestration: { taskHistoryRetentionLimit: 10 } }, rotateWorkerToken: true });
    assert.equal(u.spec.orchestration.taskHistoryRetentionLimit, 10);
    assert.deepEqual(u.joinTokens, { worker: 'ORC-1-new-worker', manager: 'ORC-1-m' });
    assert.deepEqual(rotated, ['worker']);
    assert.equal('caKeySealed' in u, false);
    assert.equal((await store.get('cluster', 'cluster1'))?.caKeySealed, 'sealed:the-ca-key', 'the key stays in the store');
    await assert.rejects(api.updateCluster(c.version, {}), code('ORC_CONFLICT'));
    await assert.rejects(api.updateCluster(u.version, { spec: { ...c.spec, caConfig: { nodeCertExpiryMs: 1000 } } }), code('ORC_INVALID_SPEC', /nodeCertExpiryMs/));
  });

  it('adding a manager needs the manager\'s etcd hook', async () => {
    const { api } = setUp();
    await assert.rejects(api.addManager('https://10.0.0.2:2380'), code('ORC_UNAVAILABLE'));
    const withHook = setUp({ addManager: async (url) => ({ initialCluster: `m1=https://10.0.0.1:2380,m2=${url}`, memberName: 'm2', memberId: 'ff', dataKey: 'a2V5', clientUrls: ['https://10.0.0.1:2379'] }) });
    assert.equal((await withHook.api.addManager('https://10.0.0.2:2380')).memberName, 'm2');
  });

  it('watch passes the store\'s changes of the kinds asked for, secrets without data', async () => {
    const { api } = setUp();
    const abort = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of api.watch(['secret', 'network'], 0, abort.signal)) {
        seen.push(`${e.type} ${e.kind} ${(e.object as { spec: { name: string; data?: string } }).spec.name} ${JSON.stringify((e.object as { spec: { data?: string } }).spec.data ?? null)}`);
        if (seen.length === 3) abort.abort();
      }
    })();
    await new Promise((r) => setImmediate(r));
    await api.createService(serviceSpec('web', 'nginx'));
    await api.createSecret({ name: 'pw', data: b64('hunter2') });
    await api.createNetwork({ name: 'net' });
    await api.removeSecret('pw');
    await done;
    assert.deepEqual(seen, ['put secret pw ""', 'put network net null', 'delete secret pw ""']);
    await assert.rejects(async () => {
      for await (const _ of api.watch(['bogus'], 0, abort.signal)) break;
    }, code('ORC_USAGE'));
  });
});
