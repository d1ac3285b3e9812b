/**
 * The Control service's handlers on a real grpc-js server (127.0.0.1, a port
 * the kernel picks, insecure credentials), called through the CLI's typed
 * client: documents cross the wire both ways and an error's code survives.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { OrcError } from '../../common/errors.js';
import { serviceSpec } from '../../common/cluster/defaults.js';
import { ClusterClient } from '../../cli/client/cluster.js';
import { controlHandlers } from '../../manager/control/index.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { CONTROL_PROTO, CONTROL_SERVICE } from '../../proto/loader-options.js';
import { cluster, setUp } from './control-helpers.js';

const code = (c: string, message?: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof OrcError, String(e));
  assert.equal(e.code, c, e.message);
  if (message !== undefined) assert.match(e.message, message);
  return true;
};

describe('control API over gRPC', () => {
  const { api, store } = setUp();
  const server = new grpc.Server();
  const shutdown = new AbortController();
  let client: ClusterClient;
  let deny = false;
  const authorize = (): void => {
    if (deny) throw new OrcError('ORC_UNAUTHORIZED', 'a worker certificate may not use the control API');
  };

  before(async () => {
    await store.commit([{ op: 'create', kind: 'cluster', object: cluster() }]);
    server.addService(serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE), controlHandlers(api, { shutdown: shutdown.signal, authorize }));
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err !== null ? reject(err) : resolve(p)));
    });
    client = new ClusterClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { local: false });
  });

  after(async () => {
    client?.close();
    shutdown.abort();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    server.forceShutdown();
    await store.close();
  });

  it('creates, lists, updates and conflicts through the typed client', async () => {
    const created = await client.createService({ ...serviceSpec('web', 'nginx:1'), labels: { tier: 'front' } });
    assert.equal(created.spec.name, 'web');
    assert.equal(created.specVersion, 1);
    assert.deepEqual((await client.services({ label: ['tier=front'] })).map((s) => s.id), [created.id]);
    assert.equal((await client.service('web')).id, created.id);

    const spec = structuredClone(created.spec);
    spec.task.container.image = 'nginx:2';
    const updated = await client.updateService(created.id, created.version, spec);
    assert.equal(updated.specVersion, 2);
    assert.equal(updated.updateStatus?.state, 'updating');
    await assert.rejects(client.updateService(created.id, created.version, spec), code('ORC_CONFLICT'));

    const scaled = await client.scaleService('web', 4);
    assert.deepEqual(scaled.spec.mode, { replicated: { replicas: 4 } });
    assert.equal(scaled.specVersion, 2);
    const rolled = await client.rollbackService(created.id, scaled.version);
    assert.equal(rolled.spec.task.container.image, 'nginx:1');
    assert.equal(rolled.updateStatus?.state, 'rollback_started');
  });

  it('an error keeps its code and message across the wire', async () => {
    await assert.rejects(client.service('nope'), code('ORC_NOT_FOUND', /service nope not found/));
    await assert.rejects(client.createService({ ...serviceSpec('bad', '') }), code('ORC_INVALID_SPEC', /^service bad: task\.container\.image must not be empty$/));
    await assert.rejects(client.tasks({ colour: ['red'] }), code('ORC_USAGE'));
    deny = true;
    try {
      await assert.rejects(client.services(), code('ORC_UNAUTHORIZED', /worker certificate/));
    } finally {
      deny = false;
    }
  });

  it('secrets come back without data and the cluster without its CA key', async () => {
    const s = await client.createSecret({ name: 'pw', labels: {}, data: Buffer.from('hunter2').toString('base64') });
    assert.equal(s.spec.data, '');
    assert.equal((await client.secrets())[0]?.spec.data, '');
    await client.createService({ ...serviceSpec('app', 'busybox'), task: { ...serviceSpec('app', 'busybox').task, container: { ...serviceSpec('app', 'busybox').task.container, secrets: [{ id: '', name: 'pw', target: 'pw', uid: '0', gid: '0', mode: 0o400 }] } } });
    await assert.rejects(client.removeSecret('pw'), code('ORC_CONFLICT', /secret 'pw' is in use by the following service: app/));
    const c = await client.cluster();
    assert.equal('caKeySealed' in c, false);
    assert.equal(c.joinTokens.worker, 'ORC-1-w');
  });

  it('deploys, lists and removes a stack', async () => {
    const stack = {
      name: 'p', projectDir: '/p', composeFiles: [], profiles: [], allProfiles: [], disabledServices: [], dependencies: { edges: [], levels: [] },
      services: { api: { image: 'example/api:1', networks: { default: null } } },
      networks: { default: { name: 'p_default' } }, volumes: {}, secrets: {}, configs: {}, extensions: {},
    };
    const r = await client.deployStack('blog', stack);
    assert.deepEqual(r, { created: ['network blog_default', 'service blog_api'], updated: [], removed: [], warnings: [] });
    assert.deepEqual(await client.stacks(), [{ name: 'blog', services: 1 }]);
    assert.deepEqual((await client.removeStack('blog')).removed, ['service blog_api', 'network blog_default']);
  });

  it('watch streams documents of the kinds asked for, from a revision', async () => {
    const abort = new AbortController();
    const from = (await store.revision()) + 1;
    await client.createService(serviceSpec('unwatched', 'busybox'));
    await client.createNetwork({ name: 'watched', labels: {}, driver: 'overlay', internal: false, attachable: false, subnet: '', gateway: '' });
    const seen: string[] = [];
    for await (const e of client.watch(['network'], abort.signal, from)) {
      seen.push(`${e.type} ${e.kind} ${(e.object as { spec: { name: string } }).spec.name}`);
      abort.abort();
    }
    assert.deepEqual(seen, ['put network watched']);
  });
});
