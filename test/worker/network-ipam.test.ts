// The pure parts of worker/network: Docker's default address pools and the
// choice of a subnet against the host's routes (given as `ip -j` output),
// address allocation inside a subnet, host names derived from the data root,
// host-port specs, and the generated nftables table. No root needed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrcError, type OrcErrorCode } from '../../common/errors.js';
import { hostNames, parseHostPrefixes } from '../../worker/network/host.js';
import {
  AddressSpace, DEFAULT_POOLS, formatCidr, formatIp, macFor, parseCidr, pickSubnet, requireCidr, subnetConfig, type Cidr,
} from '../../worker/network/ipam.js';
import { renderTable, renderTransaction } from '../../worker/network/nftables.js';
import { candidatePorts } from '../../worker/network/ports.js';
import { dnsTable, hostBatch, insideCommand } from '../../worker/network/netns.js';

const code = (c: OrcErrorCode, text?: RegExp) => (e: unknown): boolean => isOrcError(e) && e.code === c && (text === undefined || text.test(e.message));
const cidrs = (...s: string[]): Cidr[] => s.map((x) => requireCidr(x, 'test'));
const pick = (inUse: Cidr[]): string | undefined => {
  const c = pickSubnet(DEFAULT_POOLS, inUse);
  return c !== undefined ? formatCidr(c) : undefined;
};
const space = (subnet: string, o: { gateway?: string; ipRange?: string; auxAddresses?: Record<string, string> } = {}): AddressSpace =>
  new AddressSpace('n1', subnetConfig('n1', requireCidr(subnet, 'subnet'), o));

describe('subnet choice (Docker\'s default pools)', () => {
  it('takes 172.17.0.0/16 first on an empty host, then the next /16 not in use', () => {
    assert.equal(pick([]), '172.17.0.0/16');
    assert.equal(pick(cidrs('172.17.0.0/16')), '172.18.0.0/16');
    assert.equal(pick(cidrs('172.17.0.0/16', '172.18.5.0/24')), '172.19.0.0/16');
  });

  it('skips every /16 a host route overlaps, larger or smaller, then splits 192.168.0.0/16 into /20s', () => {
    assert.equal(pick(cidrs('172.16.0.0/12')), '192.168.0.0/20');
    assert.equal(pick(cidrs('172.16.0.0/12', '192.168.1.0/24')), '192.168.16.0/20');
    assert.equal(pick(cidrs('172.16.0.0/12', '192.168.0.0/16')), undefined);
    assert.equal(pick(cidrs('172.30.7.7/32')), '172.17.0.0/16');
  });

  it('covers 172.17–31 as /16s and 192.168.0.0/16 as sixteen /20s', () => {
    const all: string[] = [];
    const taken: Cidr[] = [];
    for (;;) {
      const c = pickSubnet(DEFAULT_POOLS, taken);
      if (c === undefined) break;
      all.push(formatCidr(c));
      taken.push(c);
    }
    assert.equal(all.length, 15 + 16);
    assert.equal(all[0], '172.17.0.0/16');
    assert.equal(all[14], '172.31.0.0/16');
    assert.equal(all[15], '192.168.0.0/20');
    assert.equal(all[30], '192.168.240.0/20');
  });

  it('reads routes of every table and addresses from ip -j output, ignoring the default route and broadcast entries', () => {
    const routes = JSON.stringify([
      { dst: 'default', gateway: '192.0.2.1', dev: 'eth0' },
      { dst: '192.0.2.0/24', dev: 'eth0' },
      { type: 'local', dst: '127.0.0.0/8', table: 'local' },
      { type: 'broadcast', dst: '127.255.255.255', table: 'local' },
      { dst: '172.18.0.0/16', dev: 'docker-like', table: '100' },
    ]);
    const addrs = JSON.stringify([{ ifname: 'x', addr_info: [{ family: 'inet', local: '172.19.3.4', prefixlen: 16 }, { family: 'inet6', local: 'fd00::2', prefixlen: 64 }] }]);
    const p = parseHostPrefixes(routes, addrs).map(formatCidr);
    assert.deepEqual(p, ['192.0.2.0/24', '127.0.0.0/8', '172.18.0.0/16', '172.19.0.0/16']);
    assert.equal(pick(parseHostPrefixes(routes, addrs)), '172.17.0.0/16');
    assert.equal(pick([...parseHostPrefixes(routes, addrs), ...cidrs('172.17.0.0/16')]), '172.20.0.0/16');
  });

  it('honours custom pools and refuses sizes outside the pool', () => {
    const c = pickSubnet([{ base: '10.213.0.0/16', size: 24 }], cidrs('10.213.0.0/24'));
    assert.equal(c !== undefined ? formatCidr(c) : '', '10.213.1.0/24');
    assert.throws(() => pickSubnet([{ base: '10.213.0.0/16', size: 8 }], []), code('ORC_USAGE'));
  });
});

describe('addresses inside a subnet', () => {
  it('hands out addresses in order, skipping network, gateway, aux and broadcast addresses', () => {
    const s = space('10.1.0.0/29', { auxAddresses: { router: '10.1.0.3' } });
    const got: string[] = [];
    for (let i = 0; i < 4; i++) got.push(formatIp(s.allocate()));
    assert.deepEqual(got, ['10.1.0.2', '10.1.0.4', '10.1.0.5', '10.1.0.6']);
    assert.throws(() => s.allocate(), code('ORC_CONFLICT', /no address left in 10\.1\.0\.0\/29 on network n1/));
  });

  it('does not reuse a released address at once (the cursor moves on), but wraps to it when the rest is taken', () => {
    const s = space('10.1.0.0/29');
    const a = s.allocate();
    s.release(a);
    assert.notEqual(s.allocate(), a);
    for (let i = 0; i < 3; i++) s.allocate(); // .4 .5 .6
    assert.equal(s.allocate(), a);
  });

  it('allocates from the ip range only, and keeps a custom gateway', () => {
    const s = space('10.2.0.0/16', { gateway: '10.2.255.254', ipRange: '10.2.5.0/30' });
    assert.equal(s.config.gateway, parseCidr('10.2.255.254')?.base);
    assert.deepEqual([s.allocate(), s.allocate(), s.allocate(), s.allocate()].map(formatIp), ['10.2.5.0', '10.2.5.1', '10.2.5.2', '10.2.5.3']);
  });

  it('checks static addresses: inside the subnet, not reserved, free — naming the network and address', () => {
    const s = space('10.3.0.0/24');
    assert.equal(formatIp(s.claimStatic('10.3.0.50')), '10.3.0.50');
    assert.throws(() => s.claimStatic('10.3.0.50'), code('ORC_CONFLICT', /10\.3\.0\.50 is already in use on network n1/));
    assert.throws(() => s.claimStatic('10.4.0.5'), code('ORC_USAGE', /10\.4\.0\.5 is not inside subnet 10\.3\.0\.0\/24 of network n1/));
    assert.throws(() => s.claimStatic('10.3.0.1'), code('ORC_CONFLICT', /reserved on network n1/));
    assert.throws(() => s.claimStatic('10.3.0.255'), code('ORC_CONFLICT'));
    assert.throws(() => s.claimStatic('10.3.0'), code('ORC_USAGE'));
  });

  it('refuses bad settings: host bits in a subnet, a gateway or range outside it, a subnet too small', () => {
    assert.throws(() => requireCidr('10.0.0.1/24', 'subnet', true), code('ORC_USAGE', /host bits/));
    assert.throws(() => requireCidr('10.0.0.0', 'subnet'), code('ORC_USAGE'));
    assert.throws(() => subnetConfig('n', requireCidr('10.0.0.0/24', 's'), { gateway: '10.0.1.1' }), code('ORC_USAGE', /gateway 10\.0\.1\.1/));
    assert.throws(() => subnetConfig('n', requireCidr('10.0.0.0/24', 's'), { ipRange: '10.0.0.0/23' }), code('ORC_USAGE', /ip range/));
    assert.throws(() => subnetConfig('n', requireCidr('10.0.0.0/31', 's'), {}), code('ORC_USAGE', /too small/));
  });

  it('derives the MAC from the address as Docker does', () => {
    assert.equal(macFor(parseCidr('172.17.0.2')?.base ?? 0), '02:42:ac:11:00:02');
  });
});

describe('host names, ports and generated rules', () => {
  it('uses orc and orc0 for /var/lib/orc, and distinct short names for other data roots', () => {
    assert.deepEqual(hostNames('/var/lib/orc'), { table: 'orc', defaultBridge: 'orc0' });
    assert.deepEqual(hostNames('/var/lib/orc/'), { table: 'orc', defaultBridge: 'orc0' });
    const a = hostNames('/tmp/a');
    const b = hostNames('/tmp/b');
    assert.notEqual(a.table, b.table);
    assert.notEqual(a.defaultBridge, b.defaultBridge);
    assert.ok(a.defaultBridge.length <= 15);
  });

  it('parses host port specs: one port, a range, none or 0 for a random one', () => {
    assert.deepEqual(candidatePorts({ containerPort: 80, protocol: 'tcp', hostPort: '8080' }).ports, [8080]);
    assert.deepEqual(candidatePorts({ containerPort: 80, protocol: 'tcp', hostPort: '8000-8002' }).ports, [8000, 8001, 8002]);
    assert.deepEqual(candidatePorts({ containerPort: 80, protocol: 'tcp' }).ports, [0]);
    assert.deepEqual(candidatePorts({ containerPort: 80, protocol: 'tcp', hostPort: '' }).ports, [0]);
    for (const bad of ['x', '0-5', '9-8', '70000', '1-2-3']) assert.throws(() => candidatePorts({ containerPort: 80, protocol: 'tcp', hostPort: bad }), code('ORC_USAGE'), bad);
  });

  it('renders masquerade, isolation, internal drops and DNAT of published ports for local destinations', () => {
    const t = renderTable('orc-t', {
      networks: [{ bridge: 'b1', subnet: '10.9.1.0/24', internal: false }, { bridge: 'b2', subnet: '10.9.2.0/24', internal: true }],
      ports: [{ protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080, containerIp: '10.9.1.2', containerPort: 80 }, { protocol: 'udp', hostIp: '127.0.0.1', hostPort: 53, containerIp: '10.9.1.2', containerPort: 5353 }],
    });
    assert.match(t, /^ {4}tcp dport 8080 dnat to 10\.9\.1\.2:80$/m);
    assert.match(t, /^ {4}ip daddr 127\.0\.0\.1 udp dport 53 dnat to 10\.9\.1\.2:5353$/m);
    assert.match(t, /fib daddr type local jump ports/);
    assert.match(t, /ip saddr 10\.9\.1\.0\/24 oifname != "b1" masquerade/);
    assert.doesNotMatch(t, /ip saddr 10\.9\.2\.0\/24 oifname != "b2" masquerade/);
    assert.match(t, /iifname "b2" oifname != "b2" drop/);
    assert.match(t, /oifname "b2" iifname != "b2" drop/);
    assert.match(t, /iifname "b1" oifname \{ "b2" \} drop/);
    assert.match(renderTransaction('orc-t', { networks: [], ports: [] }), /^add table ip orc-t\ndelete table ip orc-t\ntable ip orc-t \{/);
  });

  it('builds one ip batch per side for a new namespace; a shell only with the DNS redirection', () => {
    const veth = { hostVeth: 'vethabc', bridge: 'br1', interfaceName: 'eth0', mac: '02:42:0a:00:00:02', mtu: 1400, address: '10.0.0.2/24' };
    const plain = insideCommand({ hostNetns: '/proc/1/ns/net', fresh: true, veths: [veth], defaultRoute: { gateway: '10.0.0.1', dev: 'eth0' } });
    assert.deepEqual(plain.args, ['ip', '-batch', '-']);
    assert.equal(plain.input, [
      'link set lo up',
      'link add eth0 mtu 1400 address 02:42:0a:00:00:02 type veth peer name vethabc mtu 1400 netns /proc/1/ns/net',
      'addr add 10.0.0.2/24 dev eth0', 'link set eth0 up', 'route replace default via 10.0.0.1 dev eth0', '',
    ].join('\n'));
    assert.equal(hostBatch([veth]), 'link set vethabc master br1 up\n');
    const dns = insideCommand({ hostNetns: '/proc/1/ns/net', fresh: true, veths: [veth], dns: { address: '10.0.0.1', udpPort: 5300, tcpPort: 5301 } });
    assert.deepEqual(dns.args, ['sh', '-e']);
    assert.match(dns.input, /echo 1 > \/proc\/sys\/net\/ipv4\/conf\/eth0\/route_localnet/);
    assert.match(dnsTable({ address: '10.0.0.1', udpPort: 5300, tcpPort: 5301 }), /ip daddr 127\.0\.0\.11 udp dport 53 dnat to 10\.0\.0\.1:5300/);
  });
});
