import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { Etcd3 } from 'etcd3';
import { addMember, connectEtcd, EtcdMember, etcdArgs, listMembers, removeMember, type EtcdExit, type EtcdMemberOptions } from '../../manager/etcd/index.js';
import { EtcdStore } from '../../manager/store/etcd-store.js';
import { config, rejectsWith } from './store-contract.js';
import { makeCerts, memberOptions, memberPorts, processAlive, removeDir, tempDir, until, type MemberPorts, type TestCerts } from './etcd-fixture.js';

/** Pids of processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text) && processAlive(Number(name))) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('etcd members with TLS on 127.0.0.1', () => {
  const root = tempDir('members');
  const members: EtcdMember[] = [];
  const clients: Etcd3[] = [];
  const exits: Array<{ name: string } & EtcdExit> = [];
  let certs: TestCerts;
  let ports: MemberPorts[] = [];

  const options = (p: MemberPorts, rest: Pick<EtcdMemberOptions, 'initialCluster' | 'state'> & Partial<EtcdMemberOptions>): EtcdMemberOptions =>
    memberOptions(root, p, { tls: certs, clusterToken: `orc-test-${root}`, onExit: (e) => exits.push({ name: p.name, ...e }), ...rest });
  const client = (p: MemberPorts): Etcd3 => {
    const c = connectEtcd({ endpoints: [p.clientUrl], tls: certs.client });
    clients.push(c);
    return c;
  };
  const start = async (o: EtcdMemberOptions): Promise<EtcdMember> => {
    const m = new EtcdMember(o);
    members.push(m);
    await m.start();
    return m;
  };
  const member = (name: string): EtcdMember => {
    const m = members.filter((x) => x.name === name).at(-1);
    assert.ok(m !== undefined, `no member ${name}`);
    return m;
  };

  before(async () => {
    certs = makeCerts(root);
    ports = [await memberPorts('m1', true), await memberPorts('m2', true), await memberPorts('m3', true)];
  });

  after(async () => {
    for (const c of clients) c.close();
    for (const m of members) await m.stop();
    removeDir(root);
  });

  it('runs etcd with pre-vote, fast elections, revision compaction and strict reconfiguration', () => {
    const args = etcdArgs(options(ports[0] as MemberPorts, { initialCluster: 'x', state: 'new', forceNewCluster: true }));
    for (const flag of ['--pre-vote=true', '--strict-reconfig-check=true', '--client-cert-auth=true', '--peer-client-cert-auth=true', '--force-new-cluster=true']) {
      assert.ok(args.includes(flag), flag);
    }
    const value = (flag: string): string | undefined => args[args.indexOf(flag) + 1];
    assert.equal(value('--heartbeat-interval'), '100');
    assert.equal(value('--election-timeout'), '1000');
    assert.equal(value('--auto-compaction-mode'), 'revision');
    assert.equal(value('--max-request-bytes'), '1572864');
    assert.ok(!etcdArgs(options(ports[0] as MemberPorts, { initialCluster: 'x', state: 'new', forceNewCluster: true }), false).includes('--force-new-cluster=true'), 'a restart never forces a new cluster again');
  });

  it('three members: one new, two added; a write through one reads back through another', async () => {
    const [p1, p2, p3] = ports as [MemberPorts, MemberPorts, MemberPorts];
    await start(options(p1, { initialCluster: `m1=${p1.peerUrl}`, state: 'new' }));
    const c1 = client(p1);
    const add2 = await addMember(c1, 'm2', p2.peerUrl);
    assert.match(add2.memberId, /^[0-9a-f]+$/);
    assert.deepEqual(add2.initialCluster.split(',').sort(), [`m1=${p1.peerUrl}`, `m2=${p2.peerUrl}`]);
    await start(options(p2, { initialCluster: add2.initialCluster, state: 'existing' }));
    const add3 = await addMember(c1, 'm3', p3.peerUrl);
    assert.notEqual(add3.memberId, add2.memberId);
    await start(options(p3, { initialCluster: add3.initialCluster, state: 'existing' }));

    const list = await listMembers(c1);
    assert.deepEqual(list.map((m) => m.name).sort(), ['m1', 'm2', 'm3']);
    assert.equal(list.find((m) => m.name === 'm3')?.id, add3.memberId);

    const written = config('across');
    await new EtcdStore(c1).commit([{ op: 'create', kind: 'config', object: written }]);
    const read = await new EtcdStore(client(p3)).get('config', 'across');
    assert.deepEqual(read, written);
  });

  it('a member killed with SIGKILL is started again by its supervisor', async () => {
    const m2 = member('m2');
    const pid = m2.pid;
    assert.ok(pid !== undefined && processAlive(pid));
    process.kill(pid, 'SIGKILL');
    await until('m2 runs again', async () => m2.pid !== pid && m2.pid !== undefined && (await m2.healthy()), 20_000, 200);
    assert.equal(m2.restarts, 1);
    assert.deepEqual(exits.map((e) => [e.name, e.signal, e.restarting]), [['m2', 'SIGKILL', true]]);
    assert.ok(!processAlive(pid));
    // It still serves the cluster's data.
    assert.equal((await new EtcdStore(client(ports[1] as MemberPorts)).get('config', 'across'))?.id, 'across');
  });

  it('without a quorum a write fails with ORC_UNAVAILABLE; forceNewCluster brings the last member back alone', async () => {
    const [p1] = ports as [MemberPorts];
    const c1 = client(p1);
    await member('m2').stop();
    await member('m3').stop();
    const started = Date.now();
    await rejectsWith(new EtcdStore(c1, { callTimeoutMs: 1500 }).commit([{ op: 'create', kind: 'config', object: config('no-quorum') }]), 'ORC_UNAVAILABLE');
    assert.ok(Date.now() - started < 5000);
    await member('m1').stop();

    await start(options(p1, { initialCluster: `m1=${p1.peerUrl}`, state: 'existing', forceNewCluster: true }));
    const c = client(p1);
    assert.deepEqual((await listMembers(c)).map((m) => m.name), ['m1']);
    const store = new EtcdStore(c);
    await store.commit([{ op: 'create', kind: 'config', object: config('alone') }]);
    assert.equal((await store.get('config', 'across'))?.id, 'across', 'the data survives');
    await removeMember(c, 'ffff', {}); // an id that is not a member: not an error
  });

  it('stopping every member leaves no etcd process behind', async () => {
    const pids = members.map((m) => m.pid).filter((p): p is number => p !== undefined);
    for (const m of members) await m.stop();
    for (const pid of pids) assert.ok(!processAlive(pid), `pid ${pid} still runs`);
    assert.deepEqual(processesMentioning(root), []);
  });
});
