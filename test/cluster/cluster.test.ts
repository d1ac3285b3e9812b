/**
 * A cluster of 3 managers and 2 workers (plus a host that is refused), each
 * a network namespace with its own daemon: init and joins, a compose file
 * deployed as a stack and spread over the workers, drain, a rolling update
 * to a failing image (rollback and pause), the loss of the leader's host and
 * of a worker's host, refused joins and certificates, and leave + teardown
 * leaving nothing behind.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { busyboxArchive, IMAGE, skip as daemonSkip } from '../daemon/helpers/daemon.js';
import { createHosts, type Host, type TestHosts } from './helpers/hosts.js';
import { clientCredentials, createNodeKeyAndCsr, createRootCA, issueNodeCertificate } from '../../manager/ca/index.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { CONTROL_PROTO, CONTROL_SERVICE } from '../../proto/loader-options.js';
import type { Node, Service, Task } from '../../common/cluster/types.js';
import { connectCluster, type ClusterClient } from '../../cli/client/cluster.js';

const skip = daemonSkip;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last !== undefined ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function ok(h: Host, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await h.orc(args, opts);
  assert.equal(r.code, 0, `orc ${args.join(' ')} on ${h.name} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function json<T>(h: Host, args: string[]): Promise<T> {
  return JSON.parse(await ok(h, args)) as T;
}

/** The typed client library, through the host's daemon. */
async function withClient<T>(h: Host, fn: (c: ClusterClient) => Promise<T>): Promise<T> {
  const c = await connectCluster({ host: `unix://${h.socket}` });
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}

async function tasksOf(h: Host, service: string): Promise<Task[]> {
  return withClient(h, (c) => c.tasks({ service: [service] }));
}

describe('a cluster of 3 managers and 2 workers', { skip, timeout: 600_000 }, () => {
  let hosts: TestHosts;
  let managers: Host[];
  let workers: Host[];
  let stranger: Host;
  const nodeIds = new Map<string, string>();
  let leader: Host;

  const nodeByName = async (h: Host, name: string): Promise<Node> => (await json<Node[]>(h, ['node', 'inspect', name]))[0] as Node;

  before(async () => {
    hosts = await createHosts(6);
    managers = hosts.hosts.slice(0, 3);
    workers = hosts.hosts.slice(3, 5);
    stranger = hosts.hosts[5] as Host;
    const archive = join(hosts.dir, 'busybox.tar');
    writeFileSync(archive, busyboxArchive());
    await Promise.all(hosts.hosts.map((h) => ok(h, ['image', 'load', '-i', archive])));
  });
  after(async () => {
    await hosts?.teardown();
  });

  test('init, then two managers and two workers join', async () => {
    const m0 = managers[0] as Host;
    const init = await ok(m0, ['swarm', 'init', '--advertise-addr', m0.addr]);
    assert.match(init, /Swarm initialized: current node \(\w+\) is now a manager/);
    assert.match(init, /orc swarm join --token ORC-1-[0-9a-z]{50}-[0-9a-z]{25} /);
    const workerToken = (await ok(m0, ['swarm', 'join-token', '-q', 'worker'])).trim();
    const managerToken = (await ok(m0, ['swarm', 'join-token', '-q', 'manager'])).trim();
    assert.notEqual(workerToken, managerToken);
    for (const m of managers.slice(1)) {
      assert.match(await ok(m, ['swarm', 'join', '--token', managerToken, '--advertise-addr', m.addr, `${m0.addr}:2377`], { timeoutMs: 60_000 }), /joined a swarm as a manager/);
    }
    for (const w of workers) {
      assert.match(await ok(w, ['swarm', 'join', '--token', workerToken, '--advertise-addr', w.addr, `${m0.addr}:2377`], { timeoutMs: 60_000 }), /joined a swarm as a worker/);
    }
    const nodes = await waitFor('five ready nodes', async () => {
      const list = await json<Node[]>(m0, ['node', 'inspect', ...hosts.hosts.slice(0, 5).map((h) => h.name)]);
      return list.length === 5 && list.every((n) => n.status.state === 'ready') ? list : undefined;
    }, 30_000);
    for (const n of nodes) nodeIds.set(n.spec.name, n.id);
    assert.deepEqual(nodes.filter((n) => n.spec.role === 'manager').map((n) => n.spec.name).sort(), managers.map((m) => m.name).sort());
    const ls = await ok(m0, ['node', 'ls']);
    assert.match(ls.split('\n')[0] ?? '', /^ID\s+HOSTNAME\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS\s+ENGINE VERSION$/);
    assert.match(ls, /Leader/);
    leader = m0;
    // a worker cannot change the cluster
    const fromWorker = await (workers[0] as Host).orc(['service', 'ls']);
    assert.equal(fromWorker.code, 1);
    assert.match(fromWorker.stderr, /not a swarm manager/);
  });

  test('a join with a wrong token is refused, and so is a forged certificate', async () => {
    const m0 = managers[0] as Host;
    const good = (await ok(m0, ['swarm', 'join-token', '-q', 'worker'])).trim();
    const wrongSecret = `${good.slice(0, -25)}${'0'.repeat(25)}`;
    const r1 = await stranger.orc(['swarm', 'join', '--token', wrongSecret, `${m0.addr}:2377`]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /invalid join token/);
    const otherCa = await createRootCA();
    const wrongCa = `ORC-1-${'1'.repeat(50)}-${good.slice(-25)}`;
    const r2 = await stranger.orc(['swarm', 'join', '--token', wrongCa, `${m0.addr}:2377`]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /does not present the CA this join token names/);
    assert.equal((await withClient(stranger, (c) => c.swarmInfo())).state, 'inactive', 'the stranger is in no cluster');
    // a certificate from another CA, with a manager's role, cannot call the control API
    const { keyPem, csrPem } = await createNodeKeyAndCsr();
    const forged = await issueNodeCertificate(otherCa, csrPem, { nodeId: 'forged', role: 'manager', clusterId: 'x', ips: [] });
    const Control = grpc.makeGenericClientConstructor(serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE), 'Control');
    const caCertPem = await ok(m0, ['swarm', 'ca']);
    assert.match(caCertPem, /^-----BEGIN CERTIFICATE-----/);
    const client = new Control(`${m0.addr}:2377`, clientCredentials({ caCertPem, certPem: forged.certPem, keyPem }), { 'grpc.ssl_target_name_override': 'orc-manager' });
    try {
      const err = await new Promise<grpc.ServiceError | null>((resolve) => {
        (client as unknown as { ListNodes: (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => void })
          .ListNodes({ filters: [] }, new grpc.Metadata(), { deadline: Date.now() + 5000 }, (e) => resolve(e));
      });
      assert.notEqual(err, null, 'a forged certificate must be refused');
      assert.ok(err !== null && [grpc.status.UNAVAILABLE, grpc.status.PERMISSION_DENIED, grpc.status.UNAUTHENTICATED].includes(err.code), String(err?.details));
    } finally {
      client.close();
    }
  });

  test('a compose file deployed as a stack spreads over the workers', async () => {
    const dir = join(hosts.dir, 'app');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.env'), 'REPLICAS=4\nGREETING=hello\n');
    writeFileSync(join(dir, 'compose.yaml'), [
      'services:',
      '  web:',
      `    image: ${IMAGE}`,
      '    command: ["sh", "-c", "echo $$GREETING; exec sleep 600"]',
      '    environment:',
      '      GREETING: ${GREETING}',
      '    deploy:',
      '      replicas: ${REPLICAS}',
      '      placement:',
      '        constraints: [node.role == worker]',
      '      update_config:',
      '        parallelism: 2',
      '        failure_action: rollback',
      '        monitor: 2s',
      '      restart_policy:',
      '        condition: any',
      '        delay: 1s',
      '',
    ].join('\n'));
    const deploy = await ok(leader, ['stack', 'deploy', '-c', join(dir, 'compose.yaml'), 'app'], { timeoutMs: 60_000 });
    assert.match(deploy, /Creating service app_web/);
    const running = await waitFor('4 running tasks', async () => {
      const t = (await tasksOf(leader, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running');
      return t.length === 4 ? t : undefined;
    }, 60_000);
    const perNode = new Map<string, number>();
    for (const t of running) perNode.set(t.nodeId, (perNode.get(t.nodeId) ?? 0) + 1);
    assert.deepEqual([...perNode.keys()].sort(), workers.map((w) => nodeIds.get(w.name)).sort(), 'the tasks run on the two workers');
    assert.deepEqual([...perNode.values()], [2, 2]);
    const ls = await ok(leader, ['service', 'ls']);
    assert.match(ls, /app_web\s+replicated\s+4\/4/);
    const ps = await ok(leader, ['service', 'ps', 'app_web']);
    assert.match(ps.split('\n')[0] ?? '', /^ID\s+NAME\s+IMAGE\s+NODE\s+DESIRED STATE\s+CURRENT STATE\s+ERROR\s+PORTS$/);
    assert.match(ps, /app_web\.1\s/);
    assert.match(ps, /Running\s+Running/);
    // logs come from every task, on both workers, with .env interpolation applied
    const logs = await waitFor('a greeting from each task', async () => {
      const out = await ok(leader, ['service', 'logs', 'app_web']);
      return (out.match(/\| hello$/gm) ?? []).length >= 4 ? out : undefined;
    }, 20_000, 500);
    assert.match(logs, /^app_web\.\d\.[0-9a-z]{12}@h[34]\s+\| hello$/m);
    // the containers are on the workers' engines, named as Swarm names them
    const onWorker = await ok(workers[0] as Host, ['ps', '--format', 'json']);
    assert.match(onWorker, /app_web\.\d\.[0-9a-z]{25}/);
  });

  test('drain moves the tasks off a node', async () => {
    const [w0, w1] = workers as [Host, Host];
    await ok(leader, ['node', 'update', '--availability', 'drain', w0.name]);
    await waitFor('all tasks on the other worker', async () => {
      const t = (await tasksOf(leader, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running');
      return t.length === 4 && t.every((x) => x.nodeId === nodeIds.get(w1.name));
    }, 60_000);
    await waitFor('no task container left on the drained worker', async () => !/app_web\./.test(await ok(w0, ['ps'])), 30_000);
    await ok(leader, ['node', 'update', '--availability', 'active', w0.name]);
  });

  test('a rolling update to a failing image rolls back (failure_action rollback) or pauses', async () => {
    const before = (await json<Service[]>(leader, ['service', 'inspect', 'app_web']))[0] as Service;
    const r = await leader.orc(['service', 'update', '--image', 'localhost:1/missing:1', 'app_web'], { timeoutMs: 120_000 });
    assert.equal(r.code, 1, `a failed update is a failure: ${r.stderr}`);
    const rolled = await waitFor('rollback completed', async () => {
      const s = (await json<Service[]>(leader, ['service', 'inspect', 'app_web']))[0] as Service;
      return s.updateStatus?.state === 'rollback_completed' ? s : undefined;
    }, 90_000);
    assert.equal(rolled.spec.task.container.image, before.spec.task.container.image);
    await waitFor('4 tasks of the old image running', async () => {
      const t = (await tasksOf(leader, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running');
      return t.length === 4 && t.every((x) => x.spec.container.image === IMAGE);
    }, 60_000);
    // failure_action pause: the update stops with the service paused
    const p = await leader.orc(['service', 'update', '--update-failure-action', 'pause', '--image', 'localhost:1/missing:2', 'app_web'], { timeoutMs: 120_000 });
    assert.equal(p.code, 1);
    assert.match(p.stderr, /paused/);
    const paused = (await json<Service[]>(leader, ['service', 'inspect', 'app_web']))[0] as Service;
    assert.equal(paused.updateStatus?.state, 'paused');
    const stillRunning = (await tasksOf(leader, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running' && x.spec.container.image === IMAGE);
    assert.ok(stillRunning.length >= 2, `parallelism 2: the update stops after its first batch, the other tasks keep running (${stillRunning.length})`);
    await ok(leader, ['service', 'rollback', '-d', 'app_web']);
    await waitFor('4 tasks of the old image running again', async () => {
      const t = (await tasksOf(leader, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running');
      return t.length === 4 && t.every((x) => x.spec.container.image === IMAGE);
    }, 90_000);
  });

  test('the loss of the leader\'s host: another manager leads within 10 s and no acknowledged update is lost', async () => {
    await ok(leader, ['service', 'create', '-d', '--name', 'marker', '--replicas', '1', '--constraint', 'node.role==worker', IMAGE, 'sleep', '600']);
    const killedAt = Date.now();
    await leader.killHost();
    const survivors = managers.filter((m) => m !== leader);
    const next = await waitFor('a control call answered by a surviving manager', async () => {
      for (const m of survivors) if ((await m.orc(['service', 'ls'], { timeoutMs: 3000 })).code === 0) return m;
      return undefined;
    }, 10_000, 100);
    const failover = Date.now() - killedAt;
    assert.ok(failover <= 10_000, `failover took ${failover} ms`);
    assert.match(await ok(next, ['service', 'ls']), /marker/);
    assert.match(await ok(next, ['node', 'ls']), /Leader/);
    await waitFor('the marker and the stack running', async () => {
      const t = (await tasksOf(next, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running');
      return t.length === 4;
    }, 30_000);
    leader = next;
    managers = survivors;
  });

  test('the loss of a worker\'s host: its tasks run elsewhere within heartbeat timeout + 5 s', async () => {
    const [w0, w1] = workers as [Host, Host];
    await waitFor('tasks on both workers', async () => {
      const t = (await tasksOf(leader, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running');
      return new Set(t.map((x) => x.nodeId)).size === 2 || t.length === 4;
    }, 30_000);
    const lostAt = Date.now();
    await w0.killHost();
    await waitFor('4 tasks running on the surviving worker', async () => {
      const t = (await tasksOf(leader, 'app_web')).filter((x) => x.desiredState === 'running' && x.status.state === 'running');
      return t.length === 4 && t.every((x) => x.nodeId === nodeIds.get(w1.name));
    }, 15_000 + 5_000 + 5_000, 250);
    const took = Date.now() - lostAt;
    assert.ok(took <= 15_000 + 5_000 + 5_000, `rescheduling took ${took} ms`);
    const down = await nodeByName(leader, w0.name);
    assert.equal(down.status.state, 'down');
    assert.equal(typeof down.status.downSince, 'number');
  });

  test('leave and teardown leave nothing behind', async () => {
    await ok(leader, ['stack', 'rm', 'app']);
    await ok(leader, ['service', 'rm', 'marker']);
    const w1 = workers[1] as Host;
    await waitFor('no task container on the worker', async () => !/app_web\.|marker\./.test(await ok(w1, ['ps', '-a'])), 30_000);
    assert.match(await ok(w1, ['swarm', 'leave']), /Node left the swarm/);
    for (const m of managers) {
      const refused = await m.orc(['swarm', 'leave']);
      if (m === managers[managers.length - 1]) assert.match(refused.stderr, /--force/);
      await ok(m, ['swarm', 'leave', '--force'], { timeoutMs: 30_000 });
    }
    for (const h of [...managers, w1]) {
      assert.equal(existsSync(join(h.dataRoot, 'swarm')), false, `${h.name} keeps no membership`);
      const etcd = h.processes().filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'etcd';
        } catch {
          return false;
        }
      });
      assert.deepEqual(etcd, [], `${h.name} runs no etcd`);
    }
  });
});
