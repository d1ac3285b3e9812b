/**
 * `stack deploy` on the control API: a compose project loaded by the real
 * compose front end (with `.env` interpolation) from a temporary folder,
 * its files inlined as the client does, deployed into a MemoryStore.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrcError } from '../../common/errors.js';
import { STACK_LABEL, type Service } from '../../common/cluster/types.js';
import { loadProject, type StackSpec } from '../../compose/index.js';
import { openSecret } from '../../manager/control/index.js';
import { inlineFiles as inlineStackFiles } from '../../cli/commands/stack.js';
import { open, setUp } from './control-helpers.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const COMPOSE = `
services:
  web:
    image: nginx:\${NGINX_TAG}
    command: ["nginx", "-g", "daemon off;"]
    environment:
      MODE: production
    ports:
      - "8080:80"
      - target: 443
        published: "8443"
        mode: host
    networks: [front, back]
    depends_on:
      api:
        condition: service_healthy
    secrets: [db_password]
    configs:
      - source: site
        target: /etc/nginx/conf.d/site.conf
    labels:
      container.label: x
    volumes:
      - data:/var/www
      - /srv/static:/static:ro
      - type: tmpfs
        target: /cache
    cap_add: [NET_ADMIN]
    deploy:
      replicas: \${WEB_REPLICAS}
      labels:
        tier: front
      resources:
        limits: {cpus: '0.5', memory: 256M}
        reservations: {memory: 64M}
      restart_policy: {condition: on-failure, delay: 10s, max_attempts: 3, window: 2m}
      update_config: {parallelism: 2, delay: 5s, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.2, order: start-first}
      placement:
        constraints: [node.role==worker, node.labels.zone==a]
        preferences: [{spread: node.labels.zone}]
        max_replicas_per_node: 2
  api:
    image: example/api:\${API_TAG}
    entrypoint: ["/app"]
    healthcheck:
      test: ["CMD", "/app", "health"]
      interval: 10s
      timeout: 2s
      retries: 3
      start_period: 1m
    stop_grace_period: 30s
    networks: [back]
    user: "1000"
    working_dir: /srv
    init: true
  agent:
    image: example/agent:1
    deploy:
      mode: global
networks:
  front: {}
  back:
    attachable: true
volumes:
  data: {}
secrets:
  db_password:
    file: ./db_password.txt
configs:
  site:
    content: "server {}"
`;

function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/** A project folder with compose.yaml, .env and the secret's file; returns a loader of it. */
function project(env: string, compose = COMPOSE): { dir: string; load: () => StackSpec } {
  const dir = mkdtempSync(join(tmpdir(), 'orc-control-stack-'));
  dirs.push(dir);
  write(dir, { 'compose.yaml': compose, '.env': env, 'db_password.txt': 'hunter2\n' });
  const load = (): StackSpec => inlineStackFiles(loadProject({ cwd: dir, env: {}, projectName: 'proj' }).spec, { readFile: (p) => readFileSync(p), env: {} });
  return { dir, load };
}

const code = (c: string, message?: RegExp) => (e: unknown): boolean => {
  assert.equal((e as OrcError).code, c, (e as Error).message);
  if (message !== undefined) assert.match((e as Error).message, message);
  return true;
};

function byName(services: Service[], name: string): Service {
  const s = services.find((x) => x.spec.name === name);
  assert.ok(s, `service ${name}`);
  return s;
}

describe('control API: stack deploy', () => {
  it('maps every compose service to a service named <stack>_<service> with the stack\'s label and settings', async () => {
    const { api, store } = setUp();
    const { load } = project('NGINX_TAG=1.25\nWEB_REPLICAS=3\nAPI_TAG=1\n');
    const r = await api.deployStack('shop', load(), false);
    assert.deepEqual(r.created, [
      'network shop_back', 'network shop_default', 'network shop_front', 'secret shop_db_password', 'config shop_site',
      'service shop_agent', 'service shop_api', 'service shop_web',
    ]);
    assert.deepEqual(r.updated, []);
    assert.deepEqual(r.warnings, [
      'service "web": cap_add is not supported in a cluster and is ignored',
      'service "web": volumes[1] bind source /srv/static is not created: it must exist on every node the service runs on',
    ]);

    const services = await store.list('service');
    const networks = await store.list('network');
    const netId = (name: string): string => networks.find((n) => n.spec.name === name)?.id ?? assert.fail(name);
    for (const n of networks) assert.equal(n.spec.labels[STACK_LABEL], 'shop');
    assert.equal(networks.find((n) => n.spec.name === 'shop_back')?.spec.attachable, true);

    const web = byName(services, 'shop_web');
    assert.deepEqual(web.spec.labels, { [STACK_LABEL]: 'shop', tier: 'front' });
    assert.deepEqual(web.spec.mode, { replicated: { replicas: 3 } });
    const c = web.spec.task.container;
    assert.equal(c.image, 'nginx:1.25');
    assert.deepEqual(c.args, ['nginx', '-g', 'daemon off;']);
    assert.deepEqual(c.command, []);
    assert.deepEqual(c.env, ['MODE=production']);
    assert.deepEqual(c.labels, { [STACK_LABEL]: 'shop', 'container.label': 'x' });
    assert.deepEqual(c.mounts, [
      { type: 'volume', source: 'shop_data', target: '/var/www', readOnly: false },
      { type: 'bind', source: '/srv/static', target: '/static', readOnly: true },
      { type: 'tmpfs', source: '', target: '/cache', readOnly: false },
    ]);
    assert.deepEqual(web.spec.task.resources, { limits: { nanoCpus: 5e8, memoryBytes: 256 * 2 ** 20 }, reservations: { nanoCpus: 0, memoryBytes: 64 * 2 ** 20 } });
    assert.deepEqual(web.spec.task.restartPolicy, { condition: 'on-failure', delayMs: 10_000, maxAttempts: 3, windowMs: 120_000 });
    assert.deepEqual(web.spec.update, { parallelism: 2, delayMs: 5000, failureAction: 'rollback', monitorMs: 30_000, maxFailureRatio: 0.2, order: 'start-first' });
    assert.deepEqual(web.spec.task.placement, { constraints: ['node.role==worker', 'node.labels.zone==a'], preferences: [{ spread: 'node.labels.zone' }], maxReplicasPerNode: 2 });
    assert.deepEqual(web.spec.endpoint.ports, [
      { name: '', protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
      { name: '', protocol: 'tcp', targetPort: 443, publishedPort: 8443, publishMode: 'host' },
    ]);
    assert.deepEqual(web.spec.dependsOn, [{ service: 'shop_api', condition: 'service_healthy' }]);
    assert.deepEqual(web.spec.task.networks, [{ target: netId('shop_back'), aliases: ['web'] }, { target: netId('shop_front'), aliases: ['web'] }]);
    const secret = (await store.list('secret'))[0];
    assert.ok(secret);
    assert.equal(secret.spec.labels[STACK_LABEL], 'shop');
    assert.deepEqual(c.secrets, [{ id: secret.id, name: 'shop_db_password', target: '/run/secrets/db_password', uid: '0', gid: '0', mode: 0o444 }]);
    assert.equal((await openSecret(store, open, secret.id)).toString(), 'hunter2\n');
    const config = (await store.list('config'))[0];
    assert.equal(config?.spec.data, Buffer.from('server {}').toString('base64'));
    assert.deepEqual(c.configs, [{ id: config?.id, name: 'shop_site', target: '/etc/nginx/conf.d/site.conf', uid: '0', gid: '0', mode: 0o444 }]);

    const api_ = byName(services, 'shop_api');
    assert.deepEqual(api_.spec.task.container.command, ['/app']);
    assert.deepEqual(api_.spec.task.container.healthcheck, { test: ['CMD', '/app', 'health'], intervalMs: 10_000, timeoutMs: 2000, retries: 3, startPeriodMs: 60_000 });
    assert.equal(api_.spec.task.container.stopGracePeriodMs, 30_000);
    assert.equal(api_.spec.task.container.user, '1000');
    assert.equal(api_.spec.task.container.workdir, '/srv');
    assert.equal(api_.spec.task.container.init, true);

    const agent = byName(services, 'shop_agent');
    assert.deepEqual(agent.spec.mode, { global: {} });
    assert.deepEqual(agent.spec.task.networks, [{ target: netId('shop_default'), aliases: ['agent'] }]);

    assert.deepEqual(await api.listStacks(), [{ name: 'shop', services: 3 }]);
    assert.equal((await api.listServices({ label: [`${STACK_LABEL}=shop`] })).length, 3);
  });

  it('a redeploy with one change updates only that service; an unchanged service keeps its spec version', async () => {
    const { api, store } = setUp();
    const { dir, load } = project('NGINX_TAG=1.25\nWEB_REPLICAS=3\nAPI_TAG=1\n');
    await api.deployStack('shop', load(), false);
    const before = await store.list('service');
    write(dir, { '.env': 'NGINX_TAG=1.25\nWEB_REPLICAS=3\nAPI_TAG=2\n' });
    const r = await api.deployStack('shop', load(), false);
    assert.deepEqual(r.created, []);
    assert.deepEqual(r.updated, ['service shop_api']);
    const after_ = await store.list('service');
    const api2 = byName(after_, 'shop_api');
    assert.equal(api2.spec.task.container.image, 'example/api:2');
    assert.equal(api2.specVersion, 2);
    assert.equal(api2.previousSpec?.task.container.image, 'example/api:1');
    for (const name of ['shop_web', 'shop_agent']) assert.deepEqual(byName(after_, name), byName(before, name), name);

    // A scale through the file is a spec change without a new spec version.
    write(dir, { '.env': 'NGINX_TAG=1.25\nWEB_REPLICAS=5\nAPI_TAG=2\n' });
    const scaled = await api.deployStack('shop', load(), false);
    assert.deepEqual(scaled.updated, ['service shop_web']);
    const web = byName(await store.list('service'), 'shop_web');
    assert.deepEqual(web.spec.mode, { replicated: { replicas: 5 } });
    assert.equal(web.specVersion, 1);
    assert.deepEqual((await api.deployStack('shop', load(), false)).updated, [], 'the same file again changes nothing');
  });

  it('prune removes the services the file no longer has; without prune they stay', async () => {
    const { api, store } = setUp();
    const { dir, load } = project('NGINX_TAG=1\nWEB_REPLICAS=1\nAPI_TAG=1\n');
    await api.deployStack('shop', load(), false);
    write(dir, { 'compose.yaml': COMPOSE.replace(/ {2}agent:\n {4}image: example\/agent:1\n {4}deploy:\n {6}mode: global\n/, '') });
    assert.equal(load().services['agent'], undefined);
    assert.deepEqual((await api.deployStack('shop', load(), false)).removed, []);
    assert.equal((await store.list('service')).length, 3);
    const r = await api.deployStack('shop', load(), true);
    assert.deepEqual(r.removed, ['service shop_agent']);
    assert.deepEqual((await store.list('service')).map((s) => s.spec.name).sort(), ['shop_api', 'shop_web']);
  });

  it('removeStack removes the services, then the networks, secrets and configs of the stack only', async () => {
    const { api, store } = setUp();
    const { load } = project('NGINX_TAG=1\nWEB_REPLICAS=1\nAPI_TAG=1\n');
    await api.deployStack('shop', load(), false);
    await api.createService({ name: 'other', task: { container: { image: 'busybox' } } });
    const r = await api.removeStack('shop');
    assert.deepEqual(r.removed, [
      'service shop_agent', 'service shop_api', 'service shop_web',
      'network shop_back', 'network shop_default', 'network shop_front', 'secret shop_db_password', 'config shop_site',
    ]);
    assert.deepEqual((await store.list('service')).map((s) => s.spec.name), ['other']);
    assert.deepEqual(await store.list('network'), []);
    assert.deepEqual(await api.listStacks(), []);
  });

  it('refuses a service without an image, naming it', async () => {
    const { api } = setUp();
    const { load } = project('', 'services:\n  app:\n    build: .\n');
    await assert.rejects(api.deployStack('shop', load(), false), code('ORC_INVALID_SPEC', /service app has no image: build it and push it, or load it on every node/));
  });

  it('an external network must exist; a secret file the client did not send is refused', async () => {
    const { api } = setUp();
    const ext = project('', 'services:\n  app:\n    image: busybox\n    networks: [shared]\nnetworks:\n  shared:\n    external: true\n');
    await assert.rejects(api.deployStack('shop', ext.load(), false), code('ORC_NOT_FOUND', /network "shared" is declared as external/));
    await api.createNetwork({ name: 'shared' });
    const r = await api.deployStack('shop', ext.load(), false);
    assert.deepEqual(r.created, ['service shop_app']);

    const raw = project('', 'services:\n  app:\n    image: busybox\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./db_password.txt\n');
    const notInlined = loadProject({ cwd: raw.dir, env: {}, projectName: 'x' }).spec;
    await assert.rejects(api.deployStack('other', notInlined, false), code('ORC_INVALID_SPEC', /the client must send the content of/));
  });

  it('a secret whose content changed cannot be redeployed under the same name', async () => {
    const { api } = setUp();
    const { dir, load } = project('NGINX_TAG=1\nWEB_REPLICAS=1\nAPI_TAG=1\n');
    await api.deployStack('shop', load(), false);
    write(dir, { 'db_password.txt': 'changed\n' });
    await assert.rejects(api.deployStack('shop', load(), false), code('ORC_CONFLICT', /secret shop_db_password exists with other content/));
  });
});
