// The embedded DNS server over loopback. Containers are emulated by client
// sockets bound to 127.x addresses (the server tells askers apart by source
// address, as it does behind the nftables redirect); upstream servers are
// fakes on other 127.x addresses. Nothing is ever sent to the host's
// resolver: every server here reads a resolv.conf this file writes.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CLASS_IN, decodeMessage, encodeMessage, query, rdataA, rdataAddress, rdataName, RCODE, TYPE, type DnsMessage,
} from '../../worker/dns/codec.js';
import { DnsServer, parseUpstream, resolvConfNameservers, type DnsEndpoint } from '../../worker/dns/index.js';
import { rng, seedFromEnv } from '../helpers/random.js';

// A /24 of loopback addresses of our own, so parallel runs do not meet.
const SUB = `127.${10 + Math.floor(Math.random() * 240)}.${10 + Math.floor(Math.random() * 240)}`;
const at = (n: number): string => `${SUB}.${n}`;
const LISTEN = at(1);

const dir = mkdtempSync(join(tmpdir(), 'orc-dns-'));
let confs = 0;
/** A resolv.conf of our own (never the host's). */
function resolvFile(text: string): string {
  const path = join(dir, `resolv-${++confs}.conf`);
  writeFileSync(path, text);
  return path;
}
after(() => rmSync(dir, { recursive: true, force: true }));

// ------------------------------------------------------------ clients

/** Sends one datagram from `from` and waits for one answer (undefined after `timeoutMs`). */
async function udpExchange(port: number, packet: Buffer, from: string, timeoutMs = 2000): Promise<Buffer | undefined> {
  const s = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind({ address: from, port: 0 }, resolve);
    });
    return await new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      s.once('message', (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      s.send(packet, port, LISTEN);
    });
  } finally {
    s.close();
  }
}

let nextId = 1;
async function ask(port: number, name: string, type: number, from: string, opts: { udpSize?: number; timeoutMs?: number } = {}): Promise<DnsMessage> {
  const id = nextId++ & 0xffff;
  const q = query(id, name, type, opts.udpSize === undefined ? {} : { udpSize: opts.udpSize });
  const raw = await udpExchange(port, encodeMessage(q), from, opts.timeoutMs);
  assert.ok(raw !== undefined, `no answer to ${name} from ${from}`);
  const m = decodeMessage(raw);
  assert.equal(m.id, id);
  assert.equal(m.qr, true);
  return m;
}

const ips = (m: DnsMessage): string[] => m.answers.filter((r) => r.type === TYPE.A || r.type === TYPE.AAAA).map((r) => rdataAddress(r.data));
const sorted = (xs: string[]): string[] => [...xs].sort();

/** Several queries on one TCP connection from `from`, written at once; the answers in arrival order. */
async function tcpAsk(port: number, queries: DnsMessage[], from: string): Promise<DnsMessage[]> {
  const sock = net.connect({ host: LISTEN, port, localAddress: from });
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
    sock.write(Buffer.concat(queries.map((q) => {
      const b = encodeMessage(q);
      const f = Buffer.alloc(2 + b.length);
      f.writeUInt16BE(b.length, 0);
      b.copy(f, 2);
      return f;
    })));
    return await new Promise<DnsMessage[]>((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const out: DnsMessage[] = [];
      const timer = setTimeout(() => reject(new Error(`tcp: ${out.length} of ${queries.length} answers`)), 5000);
      sock.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          out.push(decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0))));
          buf = buf.subarray(2 + buf.readUInt16BE(0));
        }
        if (out.length === queries.length) {
          clearTimeout(timer);
          resolve(out);
        }
      });
      sock.on('error', reject);
    });
  } finally {
    sock.destroy();
  }
}

// ------------------------------------------------------------ fake upstreams

interface FakeUpstream {
  address: string;
  port: number;
  /** 'ip:port', as a container's `dns:` entry. */
  spec: string;
  udp: DnsMessage[];
  tcp: DnsMessage[];
  close(): Promise<void>;
}
type Handler = (q: DnsMessage, transport: 'udp' | 'tcp') => DnsMessage | undefined | Promise<DnsMessage | undefined>;

/** An upstream answering `handler` (undefined: stays silent) on UDP and TCP at the same port. */
async function fakeUpstream(address: string, handler: Handler, wantPort = 0): Promise<FakeUpstream> {
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address, port: wantPort }, resolve);
    });
    const port = udp.address().port;
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ host: address, port }, resolve);
      });
    } catch (e) {
      udp.close();
      if (wantPort !== 0 || attempt > 20) throw e;
      continue;
    }
    const f: FakeUpstream = {
      address, port, spec: `${address}:${port}`, udp: [], tcp: [],
      close: async () => {
        udp.close();
        for (const s of conns) s.destroy();
        await new Promise<void>((resolve) => tcp.close(() => resolve()));
      },
    };
    const conns = new Set<net.Socket>();
    udp.on('message', (msg, rinfo) => {
      const q = decodeMessage(msg);
      f.udp.push(q);
      void Promise.resolve(handler(q, 'udp')).then((a) => {
        if (a !== undefined) udp.send(encodeMessage(a), rinfo.port, rinfo.address);
      });
    });
    tcp.on('connection', (sock) => {
      conns.add(sock);
      sock.on('close', () => conns.delete(sock));
      sock.on('error', () => sock.destroy());
      let buf = Buffer.alloc(0);
      sock.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const q = decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0)));
          buf = buf.subarray(2 + buf.readUInt16BE(0));
          f.tcp.push(q);
          void Promise.resolve(handler(q, 'tcp')).then((a) => {
            if (a === undefined) return;
            const b = encodeMessage(a);
            const fr = Buffer.alloc(2 + b.length);
            fr.writeUInt16BE(b.length, 0);
            b.copy(fr, 2);
            sock.write(fr);
          });
        }
      });
    });
    return f;
  }
}

/** An answer to `q` with A records for `addresses`. */
function answer(q: DnsMessage, addresses: readonly string[], extra: Partial<DnsMessage> = {}): DnsMessage {
  const name = q.questions[0]?.name ?? '';
  return {
    ...q, qr: true, ra: true,
    answers: addresses.map((ip) => ({ name, type: TYPE.A, class: CLASS_IN, ttl: 60, data: rdataA(ip) })),
    ...extra,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('dns server: upstream addresses', () => {
  it('parses ip, ip:port, [v6] and [v6]:port, and reads at most three nameservers from resolv.conf', () => {
    assert.deepEqual(parseUpstream('10.0.0.1'), { host: '10.0.0.1', port: 53, family: 4 });
    assert.deepEqual(parseUpstream('10.0.0.1:5353'), { host: '10.0.0.1', port: 5353, family: 4 });
    assert.deepEqual(parseUpstream('2001:db8::1'), { host: '2001:db8::1', port: 53, family: 6 });
    assert.deepEqual(parseUpstream('[2001:db8::1]:54'), { host: '2001:db8::1', port: 54, family: 6 });
    for (const bad of ['dns.example', '10.0.0.1:0', '10.0.0.1:70000', '[10.0.0.1', '']) assert.equal(parseUpstream(bad), undefined, bad);
    const conf = '# c\nnameserver 127.0.0.53\n  nameserver 10.0.0.2 # x\nnameserver bogus\nnameserver ::1\nnameserver 10.0.0.4\n';
    assert.deepEqual(resolvConfNameservers(conf).map((u) => u.host), ['127.0.0.53', '10.0.0.2', '::1']);
  });
});

// ------------------------------------------------------------ scoping

describe('dns server: names scoped to the asker\'s networks', () => {
  const server = new DnsServer({ resolvConf: resolvFile('# no nameserver\n'), random: rng(seedFromEnv()).next });
  let n1 = 0;
  let n2 = 0;
  // c4 is on n1 and n2; c5 only on n2; web has two replicas on n1.
  const base: DnsEndpoint[] = [
    { containerId: 'c1', networkId: 'n1', ip: at(2), names: ['proj-web-1', 'web', 'c1short'] },
    { containerId: 'c2', networkId: 'n1', ip: at(3), names: ['proj-web-2', 'web', 'c2short'] },
    { containerId: 'c3', networkId: 'n2', ip: at(4), names: ['proj-db-1', 'db'] },
    { containerId: 'c4', networkId: 'n1', ip: at(5), names: ['proj-app-1', 'app'] },
    { containerId: 'c4', networkId: 'n2', ip: at(6), names: ['proj-app-1', 'app'] },
    { containerId: 'c5', networkId: 'n2', ip: at(7), names: ['proj-other-1', 'other'] },
  ];

  before(async () => {
    n1 = (await server.listen('n1', LISTEN)).udpPort;
    n2 = (await server.listen('n2', LISTEN)).udpPort;
    assert.notEqual(n1, n2);
    server.setEndpoints(base);
  });
  after(() => server.close());

  it('A for a service name: every replica on a shared network, TTL 600, authoritative', async () => {
    const m = await ask(n1, 'web', TYPE.A, at(5));
    assert.equal(m.rcode, RCODE.NOERROR);
    assert.equal(m.aa, true);
    assert.deepEqual(sorted(ips(m)), [at(2), at(3)]);
    assert.ok(m.answers.every((r) => r.ttl === 600 && r.name === 'web'));
  });

  it('a container on two networks sees names of both, whichever listener it asks', async () => {
    assert.deepEqual(ips(await ask(n1, 'db', TYPE.A, at(5))), [at(4)]);
    assert.deepEqual(sorted(ips(await ask(n2, 'web', TYPE.A, at(6)))), [at(2), at(3)]);
  });

  it('a container not sharing the network does not see the name (NXDOMAIN without upstreams)', async () => {
    const m = await ask(n2, 'web', TYPE.A, at(7));
    assert.equal(m.rcode, RCODE.NXDOMAIN);
    assert.deepEqual(m.answers, []);
    assert.deepEqual(ips(await ask(n2, 'db', TYPE.A, at(7))), [at(4)]);
  });

  it('the asker is (listener network, source address): c4\'s n2 address asking on n1 is a stranger', async () => {
    assert.equal((await ask(n1, 'web', TYPE.A, at(6))).rcode, RCODE.NXDOMAIN);
    assert.equal((await ask(n1, 'web', TYPE.A, at(99))).rcode, RCODE.NXDOMAIN);
  });

  it('names match ignoring case, with or without the trailing dot; the answer keeps the asked case', async () => {
    const m = await ask(n1, 'WeB.', TYPE.A, at(5));
    assert.deepEqual(sorted(ips(m)), [at(2), at(3)]);
    assert.equal(m.answers[0]?.name, 'WeB');
    assert.deepEqual(ips(await ask(n1, 'C1SHORT', TYPE.A, at(2))), [at(2)]);
  });

  it('AAAA (and MX) for a known name: NOERROR with no answers', async () => {
    for (const type of [TYPE.AAAA, TYPE.MX]) {
      const m = await ask(n1, 'web', type, at(5));
      assert.equal(m.rcode, RCODE.NOERROR);
      assert.deepEqual(m.answers, []);
    }
  });

  it('an IPv6 endpoint answers AAAA (and A is then empty)', async () => {
    server.upsert({ containerId: 'c6', networkId: 'n1', ip: 'fd00:0:0:0:0:0:0:5', names: ['six'] });
    const m = await ask(n1, 'six', TYPE.AAAA, at(5));
    assert.deepEqual(ips(m), ['fd00::5']);
    const a = await ask(n1, 'six', TYPE.A, at(5));
    assert.equal(a.rcode, RCODE.NOERROR);
    assert.deepEqual(a.answers, []);
    server.remove('c6');
  });

  it('PTR for an address on a shared network gives the first name; on another network it is not answered', async () => {
    const rev = (ip: string): string => ip.split('.').reverse().join('.') + '.in-addr.arpa';
    const m = await ask(n1, rev(at(3)), TYPE.PTR, at(5));
    assert.equal(m.answers.length, 1);
    assert.deepEqual(m.answers[0]?.data, rdataName('proj-web-2'));
    assert.equal((await ask(n2, rev(at(3)), TYPE.PTR, at(7))).rcode, RCODE.NXDOMAIN);
  });

  it('shuffles: over many queries every replica comes first', async () => {
    const eps = Array.from({ length: 10 }, (_, i): DnsEndpoint => ({ containerId: `r${i}`, networkId: 'n1', ip: at(100 + i), names: ['many'] }));
    server.setEndpoints([...base, ...eps]);
    const first = new Set<string>();
    const orders = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const m = await ask(n1, 'many', TYPE.A, at(5));
      assert.equal(m.answers.length, 10);
      first.add(ips(m)[0] as string);
      orders.add(ips(m).join(','));
    }
    assert.equal(first.size, 10, `first answers seen: ${[...first].join(' ')}`);
    assert.ok(orders.size > 100);
    server.setEndpoints(base);
  });

  it('names appear and vanish with setEndpoints, upsert and remove', async () => {
    assert.equal((await ask(n1, 'late', TYPE.A, at(5))).rcode, RCODE.NXDOMAIN);
    server.upsert({ containerId: 'c9', networkId: 'n1', ip: at(9), names: ['late', 'web'] });
    assert.deepEqual(ips(await ask(n1, 'late', TYPE.A, at(5))), [at(9)]);
    assert.deepEqual(sorted(ips(await ask(n1, 'web', TYPE.A, at(5)))), [at(2), at(3), at(9)]);
    // the new container is an asker too
    assert.deepEqual(ips(await ask(n1, 'app', TYPE.A, at(9))), [at(5)]);
    server.remove('c9');
    assert.equal((await ask(n1, 'late', TYPE.A, at(5))).rcode, RCODE.NXDOMAIN);
    server.setEndpoints(base.filter((e) => e.containerId !== 'c2'));
    assert.deepEqual(ips(await ask(n1, 'web', TYPE.A, at(5))), [at(2)]);
    // c4 leaves n2: it no longer sees db
    server.remove('c4', 'n2');
    assert.equal((await ask(n1, 'db', TYPE.A, at(5))).rcode, RCODE.NXDOMAIN);
    server.setEndpoints(base);
    assert.deepEqual(ips(await ask(n1, 'db', TYPE.A, at(5))), [at(4)]);
  });

  it('refuses an endpoint with a bad address or upstream, leaving the current ones in place', () => {
    const isUsage = (e: unknown): boolean => (e as { code?: string }).code === 'ORC_USAGE';
    assert.throws(() => server.setEndpoints([...base, { containerId: 'x', networkId: 'n1', ip: 'nope', names: ['x'] }]), isUsage);
    assert.throws(() => server.upsert({ containerId: 'x', networkId: 'n1', ip: at(50), names: ['x'], upstreams: ['dns.example'] }), isUsage);
    return ask(n1, 'web', TYPE.A, at(5)).then((m) => assert.equal(m.answers.length, 2));
  });

  it('200 replicas: truncated over UDP (TC, at most 512 bytes, as many records as fit), complete over TCP and with EDNS', async () => {
    const eps = Array.from({ length: 200 }, (_, i): DnsEndpoint => ({ containerId: `big${i}`, networkId: 'n1', ip: `10.9.${i >> 8}.${i & 255}`, names: ['big'] }));
    server.setEndpoints([...base, ...eps]);
    const id = nextId++;
    const raw = await udpExchange(n1, encodeMessage(query(id, 'big', TYPE.A)), at(5));
    assert.ok(raw !== undefined && raw.length <= 512, `udp answer of ${raw?.length} bytes`);
    const udp = decodeMessage(raw);
    assert.equal(udp.tc, true);
    assert.equal(udp.answers.length, 30);
    const edns = await ask(n1, 'big', TYPE.A, at(5), { udpSize: 4096 });
    assert.equal(edns.tc, false);
    assert.equal(edns.answers.length, 200);
    const [tcp] = await tcpAsk((await server.listen('n1', LISTEN)).tcpPort, [query(id, 'big', TYPE.A)], at(5));
    assert.equal(tcp?.tc, false);
    assert.equal(new Set(ips(tcp as DnsMessage)).size, 200);
    server.setEndpoints(base);
  });

  it('TCP: several queries on one connection are all answered, from the right asker', async () => {
    const { tcpPort } = await server.listen('n1', LISTEN);
    const answers = await tcpAsk(tcpPort, [query(11, 'web', TYPE.A), query(12, 'db', TYPE.A), query(13, 'nothing', TYPE.A)], at(5));
    const byId = new Map(answers.map((m) => [m.id, m]));
    assert.equal(byId.get(11)?.answers.length, 2);
    assert.deepEqual(ips(byId.get(12) as DnsMessage), [at(4)]);
    assert.equal(byId.get(13)?.rcode, RCODE.NXDOMAIN);
    const stranger = await tcpAsk(tcpPort, [query(14, 'web', TYPE.A)], at(7));
    assert.equal(stranger[0]?.rcode, RCODE.NXDOMAIN);
  });

  it('malformed queries: FORMERR when the header is readable, silence otherwise; responses are ignored', async () => {
    const garbage = await udpExchange(n1, Buffer.from([1, 2, 3, 4, 5]), at(5), 300);
    assert.equal(garbage, undefined);
    const bad = Buffer.from([0xab, 0xcd, 0x01, 0x00, 0, 5, 0, 0, 0, 0, 0, 0, 3, 0x77]);
    const r = await udpExchange(n1, bad, at(5));
    assert.ok(r !== undefined);
    const m = decodeMessage(r);
    assert.equal(m.id, 0xabcd);
    assert.equal(m.rcode, RCODE.FORMERR);
    const response = encodeMessage({ ...query(5, 'web', TYPE.A), qr: true });
    assert.equal(await udpExchange(n1, response, at(5), 300), undefined);
    const two = query(6, 'web', TYPE.A);
    two.questions.push({ name: 'db', type: TYPE.A, class: CLASS_IN });
    assert.equal(decodeMessage((await udpExchange(n1, encodeMessage(two), at(5))) as Buffer).rcode, RCODE.FORMERR);
  });

  it('survives a seeded fuzz of 2000 mutated queries and still answers', async () => {
    const seed = seedFromEnv();
    const r = rng(seed);
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => s.bind({ address: at(5), port: 0 }, resolve));
    const replies: Buffer[] = [];
    s.on('message', (msg) => replies.push(msg));
    try {
      const seeds = [encodeMessage(query(1, 'web', TYPE.A)), encodeMessage(query(2, 'proj-web-1', TYPE.AAAA, { udpSize: 1232 }))];
      for (let i = 0; i < 2000; i++) {
        const b = Buffer.from(r.pick(seeds));
        for (let k = 0; k < 1 + r.int(3); k++) b[r.int(b.length)] = r.int(256);
        s.send(b.subarray(0, 1 + r.int(b.length)), n1, LISTEN);
        if (i % 100 === 0) await sleep(5);
      }
      await sleep(300);
      for (const msg of replies) decodeMessage(msg); // every reply is well-formed
      assert.deepEqual(sorted(ips(await ask(n1, 'web', TYPE.A, at(5)))), [at(2), at(3)]);
    } catch (e) {
      console.error(`seed=${seed}`);
      throw e;
    } finally {
      s.close();
    }
  });

  it('latency of 10,000 sequential UDP lookups of a service name', async (t) => {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => s.bind({ address: at(5), port: 0 }, resolve));
    const packets = Array.from({ length: 2 }, (_, i) => encodeMessage(query(i, 'web', TYPE.A)));
    const times: number[] = [];
    try {
      for (let i = 0; i < 10_000; i++) {
        const t0 = process.hrtime.bigint();
        const reply = await new Promise<Buffer>((resolve) => {
          s.once('message', resolve);
          s.send(packets[i & 1] as Buffer, n1, LISTEN);
        });
        times.push(Number(process.hrtime.bigint() - t0) / 1000);
        if (reply.readUInt16BE(0) !== (i & 1)) assert.fail(`lookup ${i}: answer to another query`);
        if (i % 1000 === 0) assert.equal(decodeMessage(reply).answers.length, 2);
      }
    } finally {
      s.close();
    }
    times.sort((a, b) => a - b);
    const p = (q: number): number => times[Math.floor(q * (times.length - 1))] as number;
    const line = `10000 lookups: p50 ${p(0.5).toFixed(0)} µs, p99 ${p(0.99).toFixed(0)} µs, max ${p(1).toFixed(0)} µs`;
    t.diagnostic(line);
    console.log(`# dns ${line}`);
    assert.ok(p(0.5) < 2000, line);
  });
});

// ------------------------------------------------------------ forwarding

describe('dns server: forwarding', () => {
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of closers.reverse()) await c();
  });

  async function setup(opts: { resolvConf?: string; upstreams?: string[]; maxInFlight?: number; timeoutMs?: number } = {}): Promise<{ server: DnsServer; port: number; tcpPort: number }> {
    const server = new DnsServer({
      resolvConf: opts.resolvConf ?? resolvFile(''),
      resolvConfCheckMs: 0,
      upstreamTimeoutMs: opts.timeoutMs ?? 300,
      ...(opts.maxInFlight === undefined ? {} : { maxInFlight: opts.maxInFlight }),
    });
    closers.push(() => server.close());
    const { udpPort, tcpPort } = await server.listen('n1', LISTEN);
    server.setEndpoints([
      { containerId: 'c1', networkId: 'n1', ip: at(2), names: ['web'], ...(opts.upstreams === undefined ? {} : { upstreams: opts.upstreams }) },
      { containerId: 'c2', networkId: 'n1', ip: at(3), names: ['db'] },
    ]);
    return { server, port: udpPort, tcpPort };
  }
  async function upstream(n: number, handler: Handler, port = 0): Promise<FakeUpstream> {
    const f = await fakeUpstream(at(n), handler, port);
    closers.push(() => f.close());
    return f;
  }

  it('forwards other names to the container\'s own dns servers, keeping the EDNS size and the client\'s id', async () => {
    const up = await upstream(20, (q) => answer(q, ['192.0.2.1']));
    const { port } = await setup({ upstreams: [up.spec] });
    const m = await ask(port, 'example.org', TYPE.A, at(2), { udpSize: 1232 });
    assert.equal(m.rcode, RCODE.NOERROR);
    assert.deepEqual(ips(m), ['192.0.2.1']);
    assert.equal(up.udp.length, 1);
    const seen = up.udp[0] as DnsMessage;
    assert.equal(seen.questions[0]?.name, 'example.org');
    assert.equal(seen.additionals.find((r) => r.type === TYPE.OPT)?.class, 1232);
    // another container without dns: has no upstream here (empty resolv.conf)
    assert.equal((await ask(port, 'example.org', TYPE.A, at(3))).rcode, RCODE.NXDOMAIN);
    assert.equal(up.udp.length, 1);
  });

  it('reads the host nameservers from its resolv.conf file and follows changes to it', async () => {
    const a = await upstream(21, (q) => answer(q, ['192.0.2.21']), 53);
    const b = await upstream(22, (q) => answer(q, ['192.0.2.22']), 53);
    const conf = resolvFile(`nameserver ${a.address}\n`);
    const { port } = await setup({ resolvConf: conf });
    assert.deepEqual(ips(await ask(port, 'example.org', TYPE.A, at(3))), ['192.0.2.21']);
    writeFileSync(conf, `# changed\nnameserver ${b.address}\n`);
    assert.deepEqual(ips(await ask(port, 'example.org', TYPE.A, at(3))), ['192.0.2.22']);
    // a stranger is forwarded too, and never given internal names
    assert.deepEqual(ips(await ask(port, 'web', TYPE.A, at(99))), ['192.0.2.22']);
  });

  it('an upstream that does not answer is given up after the timeout and the next one is asked', async () => {
    const silent = await upstream(23, () => undefined);
    const good = await upstream(24, (q) => answer(q, ['192.0.2.24']));
    const { port } = await setup({ upstreams: [silent.spec, good.spec], timeoutMs: 300 });
    const t0 = Date.now();
    const m = await ask(port, 'example.org', TYPE.A, at(2));
    const took = Date.now() - t0;
    assert.deepEqual(ips(m), ['192.0.2.24']);
    assert.equal(silent.udp.length, 1);
    assert.ok(took >= 280 && took < 2000, `took ${took} ms`);
  });

  it('an upstream SERVFAIL moves on to the next server; when every server fails or is silent: SERVFAIL', async () => {
    const failing = await upstream(25, (q) => answer(q, [], { rcode: RCODE.SERVFAIL }));
    const good = await upstream(26, (q) => answer(q, ['192.0.2.26']));
    const silent = await upstream(27, () => undefined);
    const one = await setup({ upstreams: [failing.spec, good.spec] });
    assert.deepEqual(ips(await ask(one.port, 'example.org', TYPE.A, at(2))), ['192.0.2.26']);
    const two = await setup({ upstreams: [failing.spec, silent.spec], timeoutMs: 200 });
    assert.equal((await ask(two.port, 'example.org', TYPE.A, at(2))).rcode, RCODE.SERVFAIL);
  });

  it('a truncated upstream answer is asked again over TCP', async () => {
    const many = Array.from({ length: 5 }, (_, i) => `192.0.2.${i + 1}`);
    const up = await upstream(28, (q, transport) => (transport === 'udp' ? answer(q, [], { tc: true }) : answer(q, many)));
    const { port } = await setup({ upstreams: [up.spec] });
    const m = await ask(port, 'example.org', TYPE.A, at(2));
    assert.equal(m.tc, false);
    assert.deepEqual(ips(m), many);
    assert.equal(up.udp.length, 1);
    assert.equal(up.tcp.length, 1);
  });

  it('a TCP answer too big for the UDP client is cut to 512 bytes with TC', async () => {
    const many = Array.from({ length: 100 }, (_, i) => `198.51.100.${i + 1}`);
    const up = await upstream(29, (q, transport) => (transport === 'udp' ? answer(q, [], { tc: true }) : answer(q, many)));
    const { port } = await setup({ upstreams: [up.spec] });
    const id = nextId++;
    const raw = await udpExchange(port, encodeMessage(query(id, 'big.example', TYPE.A)), at(2));
    assert.ok(raw !== undefined && raw.length <= 512);
    const m = decodeMessage(raw);
    assert.equal(m.id, id);
    assert.equal(m.tc, true);
    assert.ok(m.answers.length > 0 && m.answers.length < 100);
  });

  it('TCP queries are forwarded over TCP', async () => {
    const up = await upstream(30, (q) => answer(q, ['192.0.2.30']));
    const { tcpPort } = await setup({ upstreams: [up.spec] });
    const [m] = await tcpAsk(tcpPort, [query(77, 'example.org', TYPE.A)], at(2));
    assert.equal(m?.id, 77);
    assert.deepEqual(ips(m as DnsMessage), ['192.0.2.30']);
    assert.equal(up.tcp.length, 1);
    assert.equal(up.udp.length, 0);
  });

  it('the same query id from two clients at once: each gets the answer to its own question', async () => {
    // answers come back in reverse order of arrival
    const held: Array<() => void> = [];
    const up = await upstream(31, (q) => new Promise((resolve) => {
      const name = q.questions[0]?.name ?? '';
      held.push(() => resolve(answer(q, [name === 'one.example' ? '192.0.2.101' : '192.0.2.102'])));
      if (held.length === 2) for (const h of held.reverse()) h();
    }));
    const { server, port } = await setup({ upstreams: [up.spec] });
    server.upsert({ containerId: 'c2', networkId: 'n1', ip: at(3), names: ['db'], upstreams: [up.spec] });
    const id = 4242;
    const [a, b] = await Promise.all([
      udpExchange(port, encodeMessage(query(id, 'one.example', TYPE.A)), at(2)),
      udpExchange(port, encodeMessage(query(id, 'two.example', TYPE.A)), at(3)),
    ]);
    const ma = decodeMessage(a as Buffer);
    const mb = decodeMessage(b as Buffer);
    assert.equal(ma.id, id);
    assert.equal(mb.id, id);
    assert.deepEqual(ips(ma), ['192.0.2.101']);
    assert.deepEqual(ips(mb), ['192.0.2.102']);
    assert.notEqual(up.udp[0]?.id, up.udp[1]?.id);
  });

  it('beyond the cap of forwarded queries in flight: SERVFAIL at once, not queued', async () => {
    const silent = await upstream(32, () => undefined);
    const { port } = await setup({ upstreams: [silent.spec], maxInFlight: 2, timeoutMs: 1500 });
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => s.bind({ address: at(2), port: 0 }, resolve));
    try {
      const replies: Array<{ m: DnsMessage; ms: number }> = [];
      const t0 = Date.now();
      s.on('message', (msg) => replies.push({ m: decodeMessage(msg), ms: Date.now() - t0 }));
      for (let i = 0; i < 3; i++) s.send(encodeMessage(query(900 + i, `n${i}.example`, TYPE.A)), port, LISTEN);
      await sleep(400);
      assert.equal(replies.length, 1, 'only the query beyond the cap is answered early');
      assert.equal(replies[0]?.m.id, 902);
      assert.equal(replies[0]?.m.rcode, RCODE.SERVFAIL);
      assert.ok((replies[0]?.ms ?? 9999) < 400);
      await sleep(1500);
      assert.deepEqual(replies.map((r) => r.m.rcode), [RCODE.SERVFAIL, RCODE.SERVFAIL, RCODE.SERVFAIL]);
      // the slots are free again
      assert.equal((await ask(port, 'web', TYPE.A, at(2))).answers.length, 1);
      assert.equal(silent.udp.length, 2);
    } finally {
      s.close();
    }
  });

  it('no upstream configured at all: NXDOMAIN', async () => {
    const { port } = await setup({ resolvConf: resolvFile('search example.org\n') });
    const m = await ask(port, 'example.org', TYPE.A, at(2));
    assert.equal(m.rcode, RCODE.NXDOMAIN);
    const missing = await setup({ resolvConf: join(dir, 'does-not-exist.conf') });
    assert.equal((await ask(missing.port, 'example.org', TYPE.A, at(2))).rcode, RCODE.NXDOMAIN);
  });
});

// ------------------------------------------------------------ listeners

describe('dns server: listeners', () => {
  it('listens again on the ports it had (a daemon restart), or refuses with ORC_CONFLICT when they are taken', async () => {
    const a = new DnsServer({ resolvConf: resolvFile('') });
    const b = new DnsServer({ resolvConf: resolvFile('') });
    try {
      const ports = await a.listen('n1', LISTEN);
      assert.deepEqual(await a.listen('n1', LISTEN), ports, 'listening twice is a no-op');
      await assert.rejects(b.listen('n1', LISTEN, ports), (e: unknown) => (e as { code?: string }).code === 'ORC_CONFLICT');
      await a.close();
      assert.deepEqual(await b.listen('n1', LISTEN, ports), ports);
      b.setEndpoints([{ containerId: 'c', networkId: 'n1', ip: at(2), names: ['back'] }]);
      assert.deepEqual(ips(await ask(ports.udpPort, 'back', TYPE.A, at(2))), [at(2)]);
      await assert.rejects(b.listen('n2', 'not-an-address'), (e: unknown) => (e as { code?: string }).code === 'ORC_USAGE');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

// ------------------------------------------------------------ TCP limits

describe('dns server: TCP connections', () => {
  it('an idle connection is closed, and connections beyond the cap are refused', async () => {
    const server = new DnsServer({ resolvConf: resolvFile(''), tcpIdleTimeoutMs: 200, maxTcpConnections: 2 });
    try {
      const { tcpPort } = await server.listen('n1', LISTEN);
      const open = (): Promise<{ sock: net.Socket; closed: Promise<number> }> => new Promise((resolve, reject) => {
        const sock = net.connect({ host: LISTEN, port: tcpPort, localAddress: at(2) });
        const t0 = Date.now();
        const closed = new Promise<number>((r) => sock.on('close', () => r(Date.now() - t0)));
        sock.on('error', () => undefined);
        sock.once('connect', () => resolve({ sock, closed }));
        sock.once('error', reject);
      });
      const a = await open();
      const b = await open();
      await sleep(50);
      const c = await open();
      assert.ok((await c.closed) < 150, 'the third connection is closed at once');
      assert.ok((await a.closed) >= 150, 'idle connections are closed after the idle timeout');
      await b.closed;
      // after they are gone a new one is served; unlisten closes an open one at once
      const [served] = await tcpAsk(tcpPort, [query(3, 'x.example', TYPE.A)], at(2));
      assert.equal(served?.rcode, RCODE.NXDOMAIN);
      const d = await open();
      const t0 = Date.now();
      await server.unlisten('n1');
      await d.closed;
      assert.ok(Date.now() - t0 < 150, 'unlisten closes the open connections');
    } finally {
      await server.close();
    }
  });
});
