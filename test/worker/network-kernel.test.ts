// worker/network on the real kernel (root): bridges, namespaces bound to
// files, veths, nftables NAT and isolation, published ports held by the
// process, the DNS redirection, restart, and nothing left behind. Traffic
// goes only to loopback and to addresses this file creates: its networks
// come from 10.213.0.0/16, and an "outside" namespace stands for the world.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isOrcError, type OrcErrorCode } from '../../common/errors.js';
import { Networks, type Attachment, type AttachOptions, type EndpointRequest, type NetworkEvent } from '../../worker/network/index.js';
import { mountLines } from '../helpers/host.js';
import { ipIn, killAll, linkExists, mtuOf, nftTable, nftTableExists, ping, request, requestFrom, startEcho } from './helpers/network.js';

function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (namespaces, bridges, nftables)';
  if (!existsSync('/bin/busybox')) return '/bin/busybox is missing: apt-get install busybox-static';
  for (const bin of ['nft', 'ip', 'unshare', 'nsenter']) if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) return `${bin} is missing`;
  return false;
}
const skip = skipReason();

const POOLS = [{ base: '10.213.0.0/16', size: 24 }];
const rand = (): string => randomBytes(3).toString('hex');
const isCode = (c: OrcErrorCode, text?: RegExp) => (e: unknown): boolean => isOrcError(e) && e.code === c && (text === undefined || text.test(e.message));

/** A port free at this moment (the kernel's pick, let go at once). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '0.0.0.0', r));
  const a = s.address();
  await new Promise((r) => s.close(r));
  return typeof a === 'object' && a !== null ? a.port : 0;
}

function canBind(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const s: Server = createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

describe('networks on the kernel', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'orc-net-'));
  const root2 = mkdtempSync(join(tmpdir(), 'orc-net2-'));
  let nets: Networks;
  const links = new Set<string>();
  const netnsFiles = new Set<string>();
  const events: NetworkEvent[] = [];
  // "the world": a namespace behind a veth pair of its own, not on any orc network
  const outsideNs = join(root, 'outside-ns');
  const outsideVeth = `orct${rand()}`;
  const o = Math.floor(Math.random() * 60) * 4;
  const outsideHostIp = `10.214.77.${o + 1}`;
  const outsideIp = `10.214.77.${o + 2}`;

  let table = '';
  const cid = (what: string): string => `${what}-${rand()}${rand()}`;
  const track = (a: Attachment): Attachment => {
    netnsFiles.add(a.netnsPath);
    for (const e of a.endpoints) links.add(e.hostVeth);
    return a;
  };
  const attach = async (id: string, eps: EndpointRequest[], opts: AttachOptions = {}): Promise<Attachment> => track(await nets.attach(id, eps, opts));
  const create = async (name: string, req: Partial<Parameters<Networks['create']>[0]> = {}): Promise<ReturnType<Networks['inspect']>> => {
    const n = await nets.create({ name, ...req });
    links.add(n.Options['com.docker.network.bridge.name'] ?? `orc-${n.Id.slice(0, 11)}`);
    return n;
  };
  const bridgeOf = (name: string): string => {
    const n = nets.inspect(name);
    return n.Options['com.docker.network.bridge.name'] ?? `orc-${n.Id.slice(0, 11)}`;
  };
  const gw = (name: string): string => nets.inspect(name).IPAM.Config[0]?.Gateway ?? '';

  before(async () => {
    nets = await Networks.open({ dataRoot: root, pools: POOLS });
    table = nets.tableName;
    nets.onChange((e) => events.push(e));
    writeFileSync(outsideNs, '');
    const r = spawnSync('sh', ['-ec', `unshare --net=${outsideNs} true
ip link add ${outsideVeth} type veth peer name eth0 netns ${outsideNs}
ip addr add ${outsideHostIp}/30 dev ${outsideVeth}
ip link set ${outsideVeth} up
nsenter --net=${outsideNs} sh -ec 'ip link set lo up; ip addr add ${outsideIp}/30 dev eth0; ip link set eth0 up'`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    await startEcho(outsideNs, 7100);
  });

  after(async () => {
    killAll();
    await nets?.destroy().catch(() => undefined);
    await Networks.cleanup({ dataRoot: root2 }).catch(() => undefined);
    spawnSync('ip', ['link', 'del', outsideVeth], { stdio: 'ignore' });
    for (const l of links) spawnSync('ip', ['link', 'del', l], { stdio: 'ignore' });
    for (const line of mountLines((l) => l.includes(root) || l.includes(root2))) spawnSync('umount', [line.split(' ')[1] ?? ''], { stdio: 'ignore' });
    spawnSync('umount', [outsideNs], { stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
    rmSync(root2, { recursive: true, force: true });
  });

  it('two namespaces on one network reach each other (ping, TCP), with addresses, MACs and the default route', async () => {
    const n = await create(`n1-${rand()}`);
    assert.deepEqual(n.IPAM.Config.length, 1);
    const subnet = n.IPAM.Config[0]?.Subnet ?? '';
    assert.match(subnet, /^10\.213\.\d+\.0\/24$/);
    const a = await attach(cid('a'), [{ network: n.Name }], { name: 'alpha' });
    const b = await attach(cid('b'), [{ network: n.Id.slice(0, 10), aliases: ['bee'] }]);
    const ea = a.endpoints[0];
    const eb = b.endpoints[0];
    assert.ok(ea !== undefined && eb !== undefined);
    assert.equal(ea.interfaceName, 'eth0');
    assert.equal(ea.gateway, n.IPAM.Config[0]?.Gateway);
    assert.match(ipIn(a.netnsPath, 'route'), new RegExp(`default via ${ea.gateway} dev eth0`));
    assert.match(ipIn(a.netnsPath, 'link', 'show', 'eth0'), new RegExp(ea.mac));
    assert.match(ipIn(a.netnsPath, 'link', 'show', 'lo'), /UP/);
    assert.ok(ping(a.netnsPath, eb.ip), 'a pings b');
    await startEcho(b.netnsPath, 7000);
    assert.equal(requestFrom(a.netnsPath, 'tcp', eb.ip, 7000), `echo ${ea.ip} hi`);
    const doc = nets.inspect(n.Name);
    assert.equal(doc.Containers[a.containerId]?.Name, 'alpha');
    assert.equal(doc.Containers[b.containerId]?.IPv4Address, `${eb.ip}/24`);
    assert.ok(events.some((e) => e.kind === 'endpoint-added' && e.endpoint.containerId === b.containerId && e.endpoint.aliases.includes('bee')));
    assert.equal(nets.endpoints().filter((e) => e.networkId === n.Id).length, 2);
    // a non-internal network reaches the world, masqueraded behind the host's address on the way out
    assert.equal(requestFrom(a.netnsPath, 'tcp', outsideIp, 7100), `echo ${outsideHostIp} hi`);
  });

  it('an internal network has no default route and no way out, even with a route added inside', async () => {
    const n = await create(`int-${rand()}`, { internal: true });
    const c = await attach(cid('int'), [{ network: n.Name }]);
    const d = await attach(cid('int'), [{ network: n.Name }]);
    assert.doesNotMatch(ipIn(c.netnsPath, 'route'), /default/);
    assert.ok(ping(c.netnsPath, d.endpoints[0]?.ip ?? ''), 'peers on the internal network reach each other');
    spawnSync('nsenter', [`--net=${c.netnsPath}`, 'ip', 'route', 'add', 'default', 'via', c.endpoints[0]?.gateway ?? '']);
    assert.match(ipIn(c.netnsPath, 'route'), /default/);
    assert.match(requestFrom(c.netnsPath, 'tcp', outsideIp, 7100), /^ERR/);
    assert.equal(nets.inspect(n.Name).Internal, true);
  });

  it('two different networks cannot reach each other', async () => {
    const n1 = await create(`iso1-${rand()}`);
    const n2 = await create(`iso2-${rand()}`);
    const a = await attach(cid('iso'), [{ network: n1.Name }]);
    const b = await attach(cid('iso'), [{ network: n2.Name }]);
    await startEcho(b.netnsPath, 7000);
    assert.equal(ping(a.netnsPath, b.endpoints[0]?.ip ?? ''), false);
    assert.match(requestFrom(a.netnsPath, 'tcp', b.endpoints[0]?.ip ?? '', 7000), /^ERR/);
    // both still reach the world: forwarding works, only the way between orc networks is closed
    assert.equal(requestFrom(a.netnsPath, 'tcp', outsideIp, 7100), `echo ${outsideHostIp} hi`);
    assert.equal(requestFrom(b.netnsPath, 'tcp', outsideIp, 7100), `echo ${outsideHostIp} hi`);
  });

  it('published TCP and UDP ports answer at 127.0.0.1:P and at the gateway, hairpin from a neighbour, and are held', async () => {
    const n = await create(`pub-${rand()}`);
    const other = await create(`pub2-${rand()}`);
    const fixed = await freePort();
    const s = await attach(cid('srv'), [{ network: n.Name }], {
      ports: [
        { containerPort: 7001, protocol: 'tcp' },
        { containerPort: 7001, protocol: 'udp', hostPort: '' },
        { containerPort: 7001, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: String(fixed) },
      ],
    });
    const [tcp, udp, local] = s.ports;
    assert.ok(tcp !== undefined && udp !== undefined && local !== undefined);
    assert.equal(tcp.hostIp, '0.0.0.0');
    assert.ok(tcp.hostPort > 0 && udp.hostPort > 0);
    assert.equal(local.hostPort, fixed);
    assert.deepEqual(nets.ports(s.containerId), s.ports);
    await startEcho(s.netnsPath, 7001);
    const g = gw(n.Name);
    assert.equal(await request('tcp', '127.0.0.1', tcp.hostPort), `echo ${g} hi`);
    assert.equal(await request('udp', '127.0.0.1', udp.hostPort), `echo ${g} hi`);
    assert.equal(await request('tcp', g, tcp.hostPort), `echo ${g} hi`);
    assert.equal(await request('udp', g, udp.hostPort), `echo ${g} hi`);
    assert.equal(await request('tcp', '127.0.0.1', fixed), `echo ${g} hi`);
    assert.match(await request('tcp', g, fixed), /^ERR/, 'a port published on 127.0.0.1 only is not at the gateway');
    // hairpin: a neighbour on the same bridge through the gateway, and through another host address (another bridge's gateway)
    const h = await attach(cid('hair'), [{ network: n.Name }]);
    assert.equal(requestFrom(h.netnsPath, 'tcp', g, tcp.hostPort), `echo ${g} hi`);
    assert.equal(requestFrom(h.netnsPath, 'udp', g, udp.hostPort), `echo ${g} hi`);
    assert.equal(requestFrom(h.netnsPath, 'tcp', gw(other.Name), tcp.hostPort), `echo ${g} hi`);
    // held: nobody else can take them
    assert.equal(await canBind(tcp.hostPort), false);
    assert.equal(await canBind(fixed, '127.0.0.1'), false);
    // a range gives the first free port of it
    const taken = createServer();
    const base = await freePort();
    await new Promise<void>((r) => taken.listen(base, '0.0.0.0', r));
    try {
      const r = await attach(cid('range'), [{ network: n.Name }], { ports: [{ containerPort: 80, protocol: 'tcp', hostPort: `${base}-${base + 5}` }] });
      assert.ok((r.ports[0]?.hostPort ?? 0) > base && (r.ports[0]?.hostPort ?? 0) <= base + 5);
    } finally {
      taken.close();
    }
  });

  it('a taken host port is refused with Docker\'s message before anything is created', async () => {
    const n = await create(`busy-${rand()}`);
    const busy = createServer();
    const port = await freePort();
    await new Promise<void>((r) => busy.listen(port, '0.0.0.0', r));
    const other = await freePort();
    const id = cid('busy');
    try {
      await assert.rejects(
        nets.attach(id, [{ network: n.Name }], { ports: [{ containerPort: 81, protocol: 'tcp', hostPort: String(other) }, { containerPort: 80, protocol: 'tcp', hostPort: String(port) }] }),
        isCode('ORC_CONFLICT', new RegExp(`^Bind for 0\\.0\\.0\\.0:${port} failed: port is already allocated$`)),
      );
    } finally {
      busy.close();
    }
    assert.equal(existsSync(nets.netnsPath(id)), false);
    assert.equal(nets.attachment(id), undefined);
    assert.deepEqual(nets.inspect(n.Name).Containers, {});
    assert.equal(await canBind(other), true, 'the port bound first was let go');
    assert.deepEqual(readdirSync(`/sys/class/net/${bridgeOf(n.Name)}/brif`), [], 'no veth on the bridge');
    // and the address it would have taken is still the first one given
    const ok = await attach(cid('busy'), [{ network: n.Name }]);
    assert.equal(ok.endpoints[0]?.ip.split('.')[3], '2');
    assert.equal(linkExists(ok.endpoints[0]?.hostVeth ?? ''), true);
  });

  it('the DNS redirection sends 127.0.0.11:53 (udp and tcp) to the server on the gateway, from the container\'s address', async () => {
    const n = await create(`dns-${rand()}`);
    const g = gw(n.Name);
    const port = await freePort();
    await startEcho(undefined, port, g);
    const c = await attach(cid('dns'), [{ network: n.Name }], { dns: { address: g, udpPort: port, tcpPort: port } });
    const ip = c.endpoints[0]?.ip ?? '';
    assert.equal(requestFrom(c.netnsPath, 'udp', '127.0.0.11', 53, 'query'), `echo ${ip} query`);
    assert.equal(requestFrom(c.netnsPath, 'tcp', '127.0.0.11', 53, 'query'), `echo ${ip} query`);
  });

  it('connect and disconnect on a live attachment add and remove an interface and move the default route', async () => {
    const inner = await create(`cin-${rand()}`, { internal: true });
    const outer = await create(`cout-${rand()}`);
    const c = await attach(cid('conn'), [{ network: inner.Name }]);
    const peer = await attach(cid('peer'), [{ network: outer.Name }]);
    assert.doesNotMatch(ipIn(c.netnsPath, 'route'), /default/);
    const e = await nets.connect(c.containerId, { network: outer.Name, aliases: ['late'] });
    links.add(e.hostVeth);
    assert.equal(e.interfaceName, 'eth1');
    assert.match(ipIn(c.netnsPath, 'addr', 'show', 'eth1'), new RegExp(`${e.ip}/24`));
    assert.match(ipIn(c.netnsPath, 'route'), new RegExp(`default via ${e.gateway} dev eth1`));
    assert.ok(ping(c.netnsPath, peer.endpoints[0]?.ip ?? ''));
    await assert.rejects(nets.connect(c.containerId, { network: outer.Name }), isCode('ORC_CONFLICT'));
    assert.equal(nets.attachment(c.containerId)?.endpoints.length, 2);
    await nets.disconnect(c.containerId, outer.Name);
    assert.equal(linkExists(e.hostVeth), false);
    assert.doesNotMatch(ipIn(c.netnsPath, 'link'), /eth1/);
    assert.doesNotMatch(ipIn(c.netnsPath, 'route'), /default/);
    assert.equal(nets.inspect(outer.Name).Containers[c.containerId], undefined);
    assert.ok(events.some((x) => x.kind === 'endpoint-removed' && x.endpoint.containerId === c.containerId && x.endpoint.networkId === outer.Id));
    await assert.rejects(nets.disconnect(c.containerId, outer.Name), isCode('ORC_NOT_FOUND'));
  });

  it('static addresses, ip range, gateway and MTU are honoured; the default bridge takes a subnet on first use', async () => {
    const name = `mtu-${rand()}`;
    const third = 100 + Math.floor(Math.random() * 100);
    const n = await create(name, {
      options: { 'com.docker.network.driver.mtu': '1400' },
      ipam: { config: [{ subnet: `10.213.${third}.0/24`, ipRange: `10.213.${third}.16/28`, gateway: `10.213.${third}.254` }] },
    });
    assert.deepEqual(n.IPAM.Config, [{ Subnet: `10.213.${third}.0/24`, Gateway: `10.213.${third}.254`, IPRange: `10.213.${third}.16/28` }]);
    const s = await attach(cid('static'), [{ network: name, ipv4Address: `10.213.${third}.50` }]);
    const d = await attach(cid('dyn'), [{ network: name }]);
    assert.equal(s.endpoints[0]?.ip, `10.213.${third}.50`);
    assert.equal(d.endpoints[0]?.ip, `10.213.${third}.16`);
    assert.equal(mtuOf(bridgeOf(name)), 1400);
    assert.match(ipIn(s.netnsPath, 'link', 'show', 'eth0'), /mtu 1400/);
    await assert.rejects(nets.attach(cid('static'), [{ network: name, ipv4Address: `10.213.${third}.50` }]), isCode('ORC_CONFLICT', new RegExp(`10\\.213\\.${third}\\.50 is already in use on network ${name}`)));
    await assert.rejects(nets.attach(cid('static'), [{ network: name, ipv4Address: '10.99.0.5' }]), isCode('ORC_USAGE', new RegExp(`not inside subnet .* of network ${name}`)));
    await assert.rejects(nets.create({ name: `ovl-${rand()}`, ipam: { config: [{ subnet: `10.213.${third}.128/25` }] } }), isCode('ORC_CONFLICT', /overlaps/));
    await assert.rejects(nets.create({ name }), isCode('ORC_CONFLICT', new RegExp(`network with name ${name} already exists`)));
    await assert.rejects(nets.remove(name), isCode('ORC_CONFLICT', /has active endpoints/));
    await assert.rejects(nets.remove('bridge'), isCode('ORC_CONFLICT', /pre-defined/));
    assert.deepEqual(nets.inspect('bridge').IPAM.Config, []);
    const b = await attach(cid('def'), [{ network: 'bridge' }]);
    links.add(nets.defaultBridge);
    assert.match(nets.inspect('bridge').IPAM.Config[0]?.Subnet ?? '', /^10\.213\./);
    assert.equal(linkExists(nets.defaultBridge), true);
    assert.ok(ping(b.netnsPath, b.endpoints[0]?.gateway ?? ''));
    const none = await attach(cid('none'), [{ network: 'none' }]);
    assert.deepEqual(none.endpoints, []);
    assert.match(ipIn(none.netnsPath, 'link'), /lo:.*UP/);
    assert.doesNotMatch(ipIn(none.netnsPath, 'link'), /eth0/);
    await assert.rejects(nets.attach(cid('host'), [{ network: 'host' }]), isCode('ORC_USAGE'));
    for (const x of [s, d]) await nets.detach(x.containerId);
    await nets.detach(s.containerId); // idempotent
    const br = bridgeOf(name);
    const unused = nets.list().filter((x) => Object.keys(x.Containers).length === 0 && !['bridge', 'host', 'none'].includes(x.Name)).map((x) => x.Name).sort();
    assert.ok(unused.includes(name));
    assert.deepEqual((await nets.prune()).sort(), unused);
    assert.equal(linkExists(br), false);
    assert.ok(nets.list().every((x) => ['bridge', 'host', 'none'].includes(x.Name) || Object.keys(x.Containers).length > 0));
  });

  it('twenty parallel attaches with published ports share a few nft transactions', async () => {
    const n = await create(`par-${rand()}`);
    const runs = nets.nftRuns;
    const all = await Promise.all(Array.from({ length: 20 }, () => attach(cid('par'), [{ network: n.Name }], { ports: [{ containerPort: 80, protocol: 'tcp' }] })));
    const used = nets.nftRuns - runs;
    assert.ok(used <= 5, `${used} nft runs for 20 attaches`);
    assert.equal(new Set(all.map((a) => a.ports[0]?.hostPort)).size, 20);
    assert.equal(new Set(all.map((a) => a.endpoints[0]?.ip)).size, 20);
    const rules = nftTable(table);
    for (const a of all) assert.match(rules, new RegExp(`tcp dport ${a.ports[0]?.hostPort ?? 0} dnat to ${(a.endpoints[0]?.ip ?? '').replace(/\./g, '\\.')}:80`));
    const before = nets.nftRuns;
    await Promise.all(all.map((a) => nets.detach(a.containerId)));
    assert.ok(nets.nftRuns - before <= 5);
    const after = nftTable(table);
    for (const a of all) assert.doesNotMatch(after, new RegExp(`dport ${a.ports[0]?.hostPort ?? 0} `));
    await nets.settled();
    for (const a of all) assert.equal(linkExists(a.endpoints[0]?.hostVeth ?? ''), false);
  });

  it('two data roots choosing a subnet at the same moment get different ones (the host-wide lock)', async () => {
    const second = await Networks.open({ dataRoot: root2, pools: POOLS });
    try {
      assert.notEqual(second.tableName, nets.tableName);
      assert.notEqual(second.defaultBridge, nets.defaultBridge);
      const [x, y] = await Promise.all([create(`race-${rand()}`), second.create({ name: `race-${rand()}` })]);
      links.add(y.Options['com.docker.network.bridge.name'] ?? `orc-${y.Id.slice(0, 11)}`);
      assert.notEqual(x.IPAM.Config[0]?.Subnet, y.IPAM.Config[0]?.Subnet);
    } finally {
      await second.destroy();
    }
    assert.equal(nftTableExists(second.tableName), false);
  });

  it('close and open again keep namespaces, ports and rules working, and restore a veth deleted meanwhile', async () => {
    const n = await create(`rst-${rand()}`);
    const s = await attach(cid('rst'), [{ network: n.Name }], { ports: [{ containerPort: 7002, protocol: 'tcp' }] });
    const p = s.ports[0]?.hostPort ?? 0;
    await startEcho(s.netnsPath, 7002);
    const g = gw(n.Name);
    assert.equal(await request('tcp', '127.0.0.1', p), `echo ${g} hi`);
    const rules = nftTable(table);
    await nets.close();
    assert.equal(await request('tcp', '127.0.0.1', p), `echo ${g} hi`, 'the kernel state outlives the daemon');
    spawnSync('ip', ['link', 'del', s.endpoints[0]?.hostVeth ?? '']);
    nets = await Networks.open({ dataRoot: root, pools: POOLS });
    nets.onChange((e) => events.push(e));
    assert.equal(nftTable(table), rules);
    assert.equal(linkExists(s.endpoints[0]?.hostVeth ?? ''), true);
    assert.deepEqual(nets.attachment(s.containerId)?.endpoints, s.endpoints);
    assert.equal(await canBind(p), false, 'held again');
    assert.equal(await request('tcp', '127.0.0.1', p), `echo ${g} hi`);
    // a second open of the same state changes nothing
    await nets.close();
    nets = await Networks.open({ dataRoot: root, pools: POOLS });
    assert.equal(nftTable(table), rules);
    assert.equal(await request('tcp', '127.0.0.1', p), `echo ${g} hi`);
  });

  it('attach and detach of one container are fast (figures in the diagnostics)', async (t) => {
    const n = await create(`time-${rand()}`);
    const at: number[] = [];
    const dt: number[] = [];
    for (let i = 0; i < 15; i++) {
      const id = cid('time');
      let t0 = performance.now();
      track(await nets.attach(id, [{ network: n.Name }]));
      at.push(performance.now() - t0);
      t0 = performance.now();
      await nets.detach(id);
      dt.push(performance.now() - t0);
    }
    await nets.settled();
    const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0;
    t.diagnostic(`attach median ${med(at).toFixed(1)} ms, detach median ${med(dt).toFixed(1)} ms (15 rounds, load ${(await import('node:os')).loadavg()[0]?.toFixed(1)})`);
    assert.ok(med(at) < 250 && med(dt) < 250);
  });

  it('nothing is left after detach, remove and destroy: no veth, bridge, namespace file, mount or table', async () => {
    for (const a of nets.attachments()) await nets.detach(a.containerId);
    for (const n of nets.list()) if (!['bridge', 'host', 'none'].includes(n.Name)) await nets.remove(n.Name);
    await nets.destroy();
    for (const l of links) assert.equal(linkExists(l), false, `link ${l} is left`);
    for (const f of netnsFiles) assert.equal(existsSync(f), false, `${f} is left`);
    assert.deepEqual(mountLines((l) => l.includes(join(root, 'netns'))), []);
    assert.equal(nftTableExists(table), false);
    assert.deepEqual(existsSync(join(root, 'netns')) ? readdirSync(join(root, 'netns')) : [], []);
  });
});
