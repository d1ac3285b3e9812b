import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster, PortConfig } from '../../common/cluster/types.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { commitInBatches, create, type Store } from '../../manager/store/store.js';
import { Allocator, DYNAMIC_FIRST, DYNAMIC_LAST, FIRST_VNI, overlaps, parseCidr, pickSubnet } from '../../manager/allocator/index.js';
import { fakeClock, makeNetwork, makeService } from '../../manager/scheduler/testing.js';

function setup(): { store: MemoryStore; allocator: Allocator; logs: string[] } {
  const clock = fakeClock();
  const store = new MemoryStore(clock);
  const logs: string[] = [];
  return { store, logs, allocator: new Allocator(store, { clock, log: (m) => logs.push(m) }) };
}

function cluster(pools: string[], subnetSize: number): Cluster {
  return {
    id: 'c1',
    version: 0,
    createdAt: 0,
    updatedAt: 0,
    spec: { name: 'default', labels: {}, dispatcher: { heartbeatPeriodMs: 5000 }, orchestration: { taskHistoryRetentionLimit: 5 }, caConfig: { nodeCertExpiryMs: 0 } },
    caCertPem: '',
    joinTokens: { worker: '', manager: '' },
    defaultAddrPool: pools,
    subnetSize,
    dataPathPort: 4789,
  };
}

async function networks(store: Store, n: number, prefix = 'net'): Promise<void> {
  await commitInBatches(store, Array.from({ length: n }, (_, i) => ({ op: 'create' as const, kind: 'network' as const, object: makeNetwork({ id: `${prefix}${i}` }) })));
}

test('subnets: a pool is cut into blocks, skipping those in use', () => {
  const pool = [parseCidr('10.0.0.0/8')];
  assert.deepEqual(pickSubnet(pool, 24, []), parseCidr('10.0.0.0/24'));
  assert.deepEqual(pickSubnet(pool, 24, [parseCidr('10.0.0.0/23')]), parseCidr('10.0.2.0/24'));
  assert.deepEqual(pickSubnet(pool, 24, [parseCidr('10.0.0.0/24'), parseCidr('10.0.1.128/25')]), parseCidr('10.0.2.0/24'));
  assert.equal(pickSubnet([parseCidr('10.0.0.0/24')], 24, [parseCidr('10.0.0.0/16')]), undefined);
  assert.deepEqual(parseCidr('10.1.2.3/16'), parseCidr('10.1.0.0/16'));
  assert.throws(() => parseCidr('10.1.2/16'), /invalid subnet/);
});

test('networks without a subnet get distinct, non-overlapping /24s of 10.0.0.0/8, a gateway and distinct VNIs from 4096', async () => {
  const { store, allocator } = setup();
  await networks(store, 20);
  await create(store, 'network', makeNetwork({ id: 'fixed', subnet: '10.0.3.0/24' }));
  await allocator.pass();
  const nets = await store.list('network');
  assert.equal(nets.length, 21);
  const fixed = nets.find((n) => n.id === 'fixed');
  assert.equal(fixed?.subnet, '10.0.3.0/24', 'a requested subnet is kept');
  for (const n of nets) {
    assert.match(n.subnet, /^10\.\d+\.\d+\.0\/24$/);
    assert.equal(n.gateway, n.subnet.replace(/0\/24$/, '1'));
    assert.ok(n.vni >= FIRST_VNI);
  }
  const cidrs = nets.map((n) => parseCidr(n.subnet));
  for (let i = 0; i < cidrs.length; i++) for (let j = i + 1; j < cidrs.length; j++) assert.ok(!overlaps(cidrs[i]!, cidrs[j]!), `${nets[i]?.subnet} / ${nets[j]?.subnet}`);
  assert.equal(new Set(nets.map((n) => n.vni)).size, 21);
});

test('the cluster\'s pool and subnet size are used; a subnet overlapping another is refused', async () => {
  const { store, allocator, logs } = setup();
  await create(store, 'cluster', cluster(['172.30.0.0/16'], 26));
  await networks(store, 3);
  await allocator.pass();
  const got = (await store.list('network')).map((n) => n.subnet).sort();
  assert.deepEqual(got, ['172.30.0.0/26', '172.30.0.128/26', '172.30.0.64/26']);
  await create(store, 'network', makeNetwork({ id: 'clash', subnet: '172.30.0.0/24' }));
  await allocator.pass();
  assert.equal((await store.get('network', 'clash'))?.subnet, '');
  assert.ok(logs.some((l) => l.includes('overlaps')));
});

test('a new allocator over the same store hands out neither a subnet nor a VNI twice', async () => {
  const { store, allocator } = setup();
  await networks(store, 3, 'a');
  await allocator.pass();
  await networks(store, 3, 'b');
  await new Allocator(store, { log: () => undefined }).pass();
  const nets = await store.list('network');
  assert.equal(new Set(nets.map((n) => n.subnet)).size, 6);
  assert.equal(new Set(nets.map((n) => n.vni)).size, 6);
});

const ingress = (targetPort: number, publishedPort = 0): PortConfig => ({ name: '', protocol: 'tcp', targetPort, publishedPort, publishMode: 'ingress' });

test('ingress ports: 0 takes a free port from 30000, a requested one is kept, and the allocation is stable', async () => {
  const { store, allocator } = setup();
  await create(store, 'service', makeService({ id: 's1', ports: [ingress(80), ingress(443, 8443), { ...ingress(53), protocol: 'udp' }] }));
  await create(store, 'service', makeService({ id: 's2', ports: [ingress(80)] }));
  await allocator.pass();
  const s1 = await store.get('service', 's1');
  const s2 = await store.get('service', 's2');
  const p1 = s1?.endpoint.ports.map((p) => p.publishedPort) ?? [];
  assert.equal(p1[1], 8443);
  for (const p of [p1[0], p1[2], s2?.endpoint.ports[0]?.publishedPort]) assert.ok(p !== undefined && p >= DYNAMIC_FIRST && p <= DYNAMIC_LAST, String(p));
  assert.notEqual(p1[0], s2?.endpoint.ports[0]?.publishedPort);
  const rev = await store.revision();
  await new Allocator(store, { log: () => undefined }).pass();
  assert.equal(await store.revision(), rev, 'nothing moves on a second pass');
});

test('a requested port another service holds is left out (and logged) until that service lets it go', async () => {
  const { store, allocator, logs } = setup();
  await create(store, 'service', makeService({ id: 'a', ports: [ingress(80, 8080)] }));
  await allocator.pass();
  await create(store, 'service', makeService({ id: 'b', ports: [ingress(80, 8080), ingress(81)] }));
  await allocator.pass();
  const b = await store.get('service', 'b');
  assert.deepEqual(b?.endpoint.ports.map((p) => p.targetPort), [81]);
  assert.ok(logs.some((l) => l.includes('tcp/8080 (held by a)')));

  const ac = new AbortController();
  const running = allocator.run(ac.signal);
  try {
    const a = await store.get('service', 'a');
    assert.ok(a);
    a.spec.endpoint.ports = [];
    await store.commit([{ op: 'update', kind: 'service', object: a }]);
    for (let i = 0; i < 200; i++) {
      if ((await store.get('service', 'b'))?.endpoint.ports.some((p) => p.publishedPort === 8080)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual((await store.get('service', 'b'))?.endpoint.ports.map((p) => p.publishedPort).sort(), [8080, (b?.endpoint.ports[0]?.publishedPort ?? 0)].sort());
    assert.deepEqual((await store.get('service', 'a'))?.endpoint.ports, []);
  } finally {
    ac.abort();
    await running;
  }
});
