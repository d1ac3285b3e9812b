/**
 * The embedded DNS server. One instance runs in the host's network namespace
 * and listens (UDP and TCP) on the gateway address of each user-defined
 * network; nftables in each container redirects 127.0.0.11:53 there, so a
 * query arrives from the asking container's address on that network. The
 * asker is found by (network of the listener, source address); names are
 * answered from the networks that container is on, everything else is
 * forwarded to the container's own `dns:` servers or the host's nameservers.
 */
import dgram from 'node:dgram';
import { statSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { OrcError } from '../../common/errors.js';
import {
  asciiLower, canonicalIp, CLASS_IN, decodeMessage, encodeMessage, HEADER_SIZE, optRecord, rdataA, rdataAAAA, rdataName,
  RCODE, reverseName, TYPE, UDP_MIN_SIZE, type DnsMessage, type DnsQuestion, type DnsRecord,
} from './codec.js';

/** One container's attachment to one network, as the DNS server sees it. */
export interface DnsEndpoint {
  containerId: string;
  networkId: string;
  /** The container's address on this network. */
  ip: string;
  /** Names it answers to on this network: container name, service name, aliases, hostname, short id. */
  names: readonly string[];
  /** The container's own `dns:` servers ('ip', 'ip:port' or '[ipv6]:port'); the host's when absent. */
  upstreams?: readonly string[];
}

export interface DnsServerOptions {
  /** Where the host's nameservers are read from (default /etc/resolv.conf); re-read when it changes. */
  resolvConf?: string;
  /** How often, at most, the resolv.conf file is checked for changes (default 1000 ms). */
  resolvConfCheckMs?: number;
  /** Per upstream try (default 2000 ms); the next server is tried after it. */
  upstreamTimeoutMs?: number;
  /** Forwarded queries in flight at once (default 100); beyond it SERVFAIL at once. */
  maxInFlight?: number;
  /** TCP connections at once over all listeners (default 200); beyond it new ones are closed. */
  maxTcpConnections?: number;
  /** A TCP connection without a query for this long is closed (default 10000 ms). */
  tcpIdleTimeoutMs?: number;
  /** [0, 1): the order of answers and the ids of forwarded queries. */
  random?: () => number;
  /** Trace every query to stderr (also with ORC_TRACE=dns). */
  trace?: boolean;
}

/** The TTL of answers about containers, as Docker's. */
export const DNS_TTL = 600;
/** The UDP payload size this server advertises and the most it sends to an EDNS client. */
const SERVER_UDP_SIZE = 4096;
const TCP_MAX_MESSAGE = 0xffff;

interface Upstream {
  host: string;
  port: number;
  family: 4 | 6;
}

interface Addresses {
  v4: Buffer[];
  v6: Buffer[];
}

/** The precomputed answers of one network. */
interface NetworkView {
  /** lower-case name → the addresses of every endpoint carrying it. */
  names: Map<string, Addresses>;
  /** lower-case reverse name → the first name of the endpoint with that address. */
  ptr: Map<string, string>;
  /** canonical ip → container id (who is asking). */
  askers: Map<string, string>;
}

interface ContainerView {
  networks: string[];
  upstreams: Upstream[] | undefined;
}

interface Listener {
  networkId: string;
  address: string;
  udp: dgram.Socket;
  tcp: net.Server;
  udpPort: number;
  tcpPort: number;
  /** Its open TCP connections (also counted in DnsServer.tcpConnections). */
  conns: Set<net.Socket>;
}

interface Pending {
  upstream: Upstream;
  question: DnsQuestion;
  timer: NodeJS.Timeout;
  done: (answer: Buffer | undefined) => void;
}

type Reply = (answer: Buffer) => void;
type Transport = 'udp' | 'tcp';

function tracingFromEnv(): boolean {
  const t = process.env['ORC_TRACE'];
  return t !== undefined && t.split(',').some((x) => x === 'dns' || x === '*');
}

/** Parses 'ip', 'ip:port', '[ipv6]' or '[ipv6]:port'; undefined when it is none of them. */
export function parseUpstream(s: string): Upstream | undefined {
  let host = s.trim();
  let port = 53;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracket !== null) {
    host = bracket[1] as string;
    if (bracket[2] !== undefined) port = Number(bracket[2]);
  } else if (!net.isIPv6(host)) {
    const colon = /^([^:]+):(\d+)$/.exec(host);
    if (colon !== null) {
      host = colon[1] as string;
      port = Number(colon[2]);
    }
  }
  const family = net.isIP(host.replace(/%.*$/, ''));
  if ((family !== 4 && family !== 6) || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: family === 6 ? host : canonicalIp(host), port, family };
}

/** The nameservers of a resolv.conf text (at most three, as the C library uses). */
export function resolvConfNameservers(text: string): Upstream[] {
  const out: Upstream[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m === null) continue;
    const u = parseUpstream(m[1] as string);
    if (u !== undefined && out.length < 3) out.push(u);
  }
  return out;
}

function fmt(u: Upstream): string {
  return u.family === 6 ? `[${u.host}]:${u.port}` : `${u.host}:${u.port}`;
}

function typeName(t: number): string {
  for (const [k, v] of Object.entries(TYPE)) if (v === t) return k;
  return `TYPE${t}`;
}

/** A header-only answer with `rcode` to a message that could not be read further. */
function headerReply(packet: Buffer, rcode: number): Buffer {
  const out = Buffer.alloc(HEADER_SIZE);
  out.writeUInt16BE(packet.readUInt16BE(0), 0);
  out.writeUInt16BE(0x8000 | ((packet.readUInt16BE(2) & 0x7800)) | 0x0080 | rcode, 2);
  return out;
}

/** Refuses an endpoint whose address or upstreams do not parse. */
function check(e: DnsEndpoint): void {
  if (net.isIP(e.ip) === 0) throw new OrcError('ORC_USAGE', `DNS endpoint of container ${e.containerId} on network ${e.networkId}: ${JSON.stringify(e.ip)} is not an IP address`);
  for (const u of e.upstreams ?? []) {
    if (parseUpstream(u) === undefined) throw new OrcError('ORC_USAGE', `container ${e.containerId}: DNS server ${JSON.stringify(u)} is not 'ip' or 'ip:port'`);
  }
}

export class DnsServer {
  private readonly resolvConfPath: string;
  private readonly resolvConfCheckMs: number;
  private readonly upstreamTimeoutMs: number;
  private readonly maxInFlight: number;
  private readonly maxTcpConnections: number;
  private readonly tcpIdleTimeoutMs: number;
  private readonly random: () => number;
  private readonly tracing: boolean;

  private readonly listeners = new Map<string, Listener>();
  /** networkId → containerId → endpoint: the source of truth. */
  private readonly byNetwork = new Map<string, Map<string, DnsEndpoint>>();
  /** Derived from byNetwork on every change. */
  private readonly views = new Map<string, NetworkView>();
  private readonly containers = new Map<string, ContainerView>();

  private hostUpstreams: Upstream[] = [];
  private resolvConfStamp = '';
  private resolvConfCheckedAt = -Infinity;

  private inFlight = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly forwardSockets = new Map<4 | 6, dgram.Socket>();
  private readonly tcpConnections = new Set<net.Socket>();
  private readonly upstreamSockets = new Set<net.Socket>();
  private closed = false;

  constructor(opts: DnsServerOptions = {}) {
    this.resolvConfPath = opts.resolvConf ?? '/etc/resolv.conf';
    this.resolvConfCheckMs = opts.resolvConfCheckMs ?? 1000;
    this.upstreamTimeoutMs = opts.upstreamTimeoutMs ?? 2000;
    this.maxInFlight = Math.min(opts.maxInFlight ?? 100, 0xffff);
    this.maxTcpConnections = opts.maxTcpConnections ?? 200;
    this.tcpIdleTimeoutMs = opts.tcpIdleTimeoutMs ?? 10_000;
    this.random = opts.random ?? Math.random;
    this.tracing = opts.trace ?? tracingFromEnv();
  }

  // ------------------------------------------------------------ listeners

  /**
   * Listens for network `networkId` on `address` (its gateway), on ports the
   * kernel picks, or exactly on `ports` (those the containers' redirects were
   * made for before a daemon restart): ORC_CONFLICT when they are taken.
   */
  async listen(networkId: string, address: string, ports?: { udpPort: number; tcpPort: number }): Promise<{ udpPort: number; tcpPort: number }> {
    if (this.closed) throw new OrcError('ORC_CONFLICT', 'the DNS server is closed');
    const have = this.listeners.get(networkId);
    if (have !== undefined) {
      const same = have.address === address && (ports === undefined || (ports.udpPort === have.udpPort && ports.tcpPort === have.tcpPort));
      if (same) return { udpPort: have.udpPort, tcpPort: have.tcpPort };
      await this.unlisten(networkId);
    }
    const family = net.isIP(address);
    if (family !== 4 && family !== 6) throw new OrcError('ORC_USAGE', `DNS listener for network ${networkId}: ${JSON.stringify(address)} is not an IP address`);
    const udp = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
    const tcp = net.createServer({ noDelay: true });
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind({ address, port: ports?.udpPort ?? 0, exclusive: true }, () => {
          udp.off('error', reject);
          resolve();
        });
      });
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ host: address, port: ports?.tcpPort ?? 0, backlog: 128 }, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      udp.close();
      tcp.close();
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' && ports !== undefined) {
        throw new OrcError('ORC_CONFLICT', `DNS listener for network ${networkId}: ${address} udp ${ports.udpPort} / tcp ${ports.tcpPort} is in use; listen on new ports and renew the containers' redirects`, { cause: e });
      }
      throw new OrcError('ORC_IO', `DNS listener for network ${networkId} on ${address}: ${(e as Error).message}; is the address on a local interface?`, { cause: e });
    }
    const tcpAddr = tcp.address();
    const l: Listener = {
      networkId, address, udp, tcp,
      udpPort: udp.address().port,
      tcpPort: typeof tcpAddr === 'object' && tcpAddr !== null ? tcpAddr.port : 0,
      conns: new Set(),
    };
    udp.on('message', (msg, rinfo) => this.onUdp(l, msg, rinfo));
    udp.on('error', (e) => this.trace(`${networkId}: udp error ${e.message}`));
    tcp.on('connection', (sock) => this.onTcp(l, sock));
    tcp.on('error', (e) => this.trace(`${networkId}: tcp error ${e.message}`));
    this.listeners.set(networkId, l);
    this.trace(`${networkId}: listening on ${address} udp ${l.udpPort} tcp ${l.tcpPort}`);
    return { udpPort: l.udpPort, tcpPort: l.tcpPort };
  }

  async unlisten(networkId: string): Promise<void> {
    const l = this.listeners.get(networkId);
    if (l === undefined) return;
    this.listeners.delete(networkId);
    for (const s of l.conns) s.destroy(); // server.close() waits for its connections
    await new Promise<void>((resolve) => l.udp.close(() => resolve()));
    await new Promise<void>((resolve) => l.tcp.close(() => resolve()));
    this.trace(`${networkId}: stopped listening`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.tcpConnections) s.destroy();
    this.tcpConnections.clear();
    for (const s of this.upstreamSockets) s.destroy();
    this.upstreamSockets.clear();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.done(undefined);
    }
    this.pending.clear();
    await Promise.all([...this.listeners.keys()].map((id) => this.unlisten(id)));
    for (const s of this.forwardSockets.values()) s.close();
    this.forwardSockets.clear();
  }

  // ------------------------------------------------------------ endpoints

  /** Replaces every endpoint. */
  setEndpoints(endpoints: readonly DnsEndpoint[]): void {
    for (const e of endpoints) check(e);
    const touched = new Set(this.byNetwork.keys());
    this.byNetwork.clear();
    for (const e of endpoints) {
      this.index(e);
      touched.add(e.networkId);
    }
    this.rebuild(touched);
  }

  /** Adds or replaces the endpoint of (containerId, networkId). */
  upsert(e: DnsEndpoint): void {
    check(e);
    this.index(e);
    this.rebuild([e.networkId]);
  }

  /** Removes a container's endpoint on `networkId`, or all of its endpoints. */
  remove(containerId: string, networkId?: string): void {
    const touched: string[] = [];
    for (const [nid, m] of this.byNetwork) {
      if (networkId !== undefined && nid !== networkId) continue;
      if (m.delete(containerId)) touched.push(nid);
    }
    this.rebuild(touched);
  }

  private index(e: DnsEndpoint): void {
    const ip = canonicalIp(e.ip);
    let m = this.byNetwork.get(e.networkId);
    if (m === undefined) this.byNetwork.set(e.networkId, (m = new Map()));
    m.set(e.containerId, { ...e, ip });
  }

  private rebuild(networkIds: Iterable<string>): void {
    for (const nid of networkIds) {
      const eps = this.byNetwork.get(nid);
      if (eps === undefined || eps.size === 0) {
        this.byNetwork.delete(nid);
        this.views.delete(nid);
        continue;
      }
      const view: NetworkView = { names: new Map(), ptr: new Map(), askers: new Map() };
      for (const e of eps.values()) {
        view.askers.set(e.ip, e.containerId);
        const v6 = e.ip.includes(':');
        const rdata = v6 ? rdataAAAA(e.ip) : rdataA(e.ip);
        const seen = new Set<string>();
        for (const raw of e.names) {
          const name = asciiLower(raw.endsWith('.') ? raw.slice(0, -1) : raw);
          if (name === '' || seen.has(name)) continue;
          seen.add(name);
          let a = view.names.get(name);
          if (a === undefined) view.names.set(name, (a = { v4: [], v6: [] }));
          (v6 ? a.v6 : a.v4).push(rdata);
        }
        const first = e.names[0];
        if (first !== undefined && first !== '') view.ptr.set(reverseName(e.ip), first);
      }
      this.views.set(nid, view);
    }
    // Which networks each container is on, and its upstreams (small: one entry per container).
    this.containers.clear();
    for (const [nid, eps] of this.byNetwork) {
      for (const e of eps.values()) {
        let c = this.containers.get(e.containerId);
        if (c === undefined) this.containers.set(e.containerId, (c = { networks: [], upstreams: undefined }));
        c.networks.push(nid);
        if (c.upstreams === undefined && e.upstreams !== undefined && e.upstreams.length > 0) {
          c.upstreams = e.upstreams.map((s) => parseUpstream(s) as Upstream);
        }
      }
    }
  }

  // ------------------------------------------------------------ queries

  private onUdp(l: Listener, packet: Buffer, rinfo: dgram.RemoteInfo): void {
    this.handle(l.networkId, canonicalIp(rinfo.address), packet, 'udp', (answer) => {
      if (!this.closed && this.listeners.get(l.networkId) === l) l.udp.send(answer, rinfo.port, rinfo.address);
    });
  }

  private onTcp(l: Listener, sock: net.Socket): void {
    if (this.closed || this.tcpConnections.size >= this.maxTcpConnections) {
      this.trace(`${l.networkId}: tcp connection from ${sock.remoteAddress ?? '?'} refused (${this.tcpConnections.size} open)`);
      sock.destroy();
      return;
    }
    this.tcpConnections.add(sock);
    l.conns.add(sock);
    const src = canonicalIp(sock.remoteAddress ?? '');
    let buffered: Buffer = Buffer.alloc(0);
    sock.setTimeout(this.tcpIdleTimeoutMs, () => sock.destroy());
    sock.on('error', () => sock.destroy());
    sock.on('close', () => {
      this.tcpConnections.delete(sock);
      l.conns.delete(sock);
    });
    sock.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (len === 0) {
          sock.destroy();
          return;
        }
        if (buffered.length < 2 + len) break;
        const packet = buffered.subarray(2, 2 + len);
        buffered = buffered.subarray(2 + len);
        this.handle(l.networkId, src, packet, 'tcp', (answer) => {
          if (sock.destroyed) return;
          const frame = Buffer.allocUnsafe(2 + answer.length);
          frame.writeUInt16BE(answer.length, 0);
          answer.copy(frame, 2);
          sock.write(frame);
        });
      }
    });
  }

  private handle(networkId: string, src: string, packet: Buffer, transport: Transport, reply: Reply): void {
    let m: DnsMessage;
    try {
      m = decodeMessage(packet);
    } catch (e) {
      // A query we cannot read: FORMERR when at least its header is there, silence otherwise.
      if (packet.length >= HEADER_SIZE && ((packet[2] as number) & 0x80) === 0) reply(headerReply(packet, RCODE.FORMERR));
      this.trace(`${networkId} ${src}: malformed ${transport} query (${(e as Error).message})`);
      return;
    }
    if (m.qr) return;
    if (m.opcode !== 0) return reply(headerReply(packet, RCODE.NOTIMP));
    const q = m.questions[0];
    if (q === undefined || m.questions.length !== 1) return reply(headerReply(packet, RCODE.FORMERR));
    const clientUdp = m.additionals.find((r) => r.type === TYPE.OPT)?.class;
    const limit = transport === 'tcp' ? TCP_MAX_MESSAGE : clientUdp === undefined ? UDP_MIN_SIZE : Math.min(Math.max(clientUdp, UDP_MIN_SIZE), SERVER_UDP_SIZE);

    const asker = this.askerOf(networkId, src);
    if (asker !== undefined && q.class === CLASS_IN) {
      const answers = this.lookup(asker, q);
      if (answers !== undefined) {
        const out = encodeMessage(this.response(m, RCODE.NOERROR, answers, true), { maxSize: limit });
        if (this.tracing) {
          const tc = ((out[2] as number) & 0x02) !== 0 ? ', truncated' : '';
          this.trace(`${networkId} ${src}: ${typeName(q.type)} ${q.name} -> ${answers.length} local answer(s)${tc}`);
        }
        return reply(out);
      }
    }
    this.forward(networkId, src, m, packet, asker, transport, limit, reply);
  }

  private askerOf(networkId: string, src: string): ContainerView | undefined {
    const id = this.views.get(networkId)?.askers.get(src);
    return id === undefined ? undefined : this.containers.get(id);
  }

  /** The local records for `q`, [] for a known name without records of that type, undefined for an unknown name. */
  private lookup(asker: ContainerView, q: DnsQuestion): DnsRecord[] | undefined {
    const name = asciiLower(q.name);
    if (q.type === TYPE.PTR) {
      for (const nid of asker.networks) {
        const target = this.views.get(nid)?.ptr.get(name);
        if (target !== undefined) return [{ name: q.name, type: TYPE.PTR, class: CLASS_IN, ttl: DNS_TTL, data: rdataName(target) }];
      }
      return undefined;
    }
    let found: Addresses | undefined;
    let merged = false;
    for (const nid of asker.networks) {
      const a = this.views.get(nid)?.names.get(name);
      if (a === undefined) continue;
      if (found === undefined) found = a;
      else {
        found = merged ? { v4: found.v4.concat(a.v4), v6: found.v6.concat(a.v6) } : { v4: [...found.v4, ...a.v4], v6: [...found.v6, ...a.v6] };
        merged = true;
      }
    }
    if (found === undefined) return undefined;
    const out: DnsRecord[] = [];
    if (q.type === TYPE.A || q.type === TYPE.ANY) for (const d of this.shuffled(found.v4)) out.push({ name: q.name, type: TYPE.A, class: CLASS_IN, ttl: DNS_TTL, data: d });
    if (q.type === TYPE.AAAA || q.type === TYPE.ANY) for (const d of this.shuffled(found.v6)) out.push({ name: q.name, type: TYPE.AAAA, class: CLASS_IN, ttl: DNS_TTL, data: d });
    return out;
  }

  private shuffled(list: readonly Buffer[]): Buffer[] {
    const a = list.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(this.random() * (i + 1)));
      const t = a[i] as Buffer;
      a[i] = a[j] as Buffer;
      a[j] = t;
    }
    return a;
  }

  /** An answer to `m`; authoritative when it comes from the container names (`aa`). */
  private response(m: DnsMessage, rcode: number, answers: DnsRecord[], aa: boolean): DnsMessage {
    const edns = m.additionals.some((r) => r.type === TYPE.OPT);
    return {
      id: m.id, qr: true, opcode: m.opcode, aa, tc: false, rd: m.rd, ra: true,
      ad: false, cd: m.cd, rcode, questions: m.questions, answers, authorities: [],
      additionals: edns ? [optRecord(SERVER_UDP_SIZE)] : [],
    };
  }

  // ------------------------------------------------------------ forwarding

  private upstreamsFor(asker: ContainerView | undefined): Upstream[] {
    if (asker?.upstreams !== undefined) return asker.upstreams;
    const now = Date.now();
    if (now - this.resolvConfCheckedAt >= this.resolvConfCheckMs) {
      this.resolvConfCheckedAt = now;
      let stamp = 'missing';
      try {
        const st = statSync(this.resolvConfPath);
        stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
      } catch {
        // no file: no upstreams
      }
      if (stamp !== this.resolvConfStamp) {
        this.resolvConfStamp = stamp;
        let text = '';
        try {
          text = stamp === 'missing' ? '' : readFileSync(this.resolvConfPath, 'utf8');
        } catch {
          text = '';
        }
        this.hostUpstreams = resolvConfNameservers(text);
        this.trace(`upstreams from ${this.resolvConfPath}: ${this.hostUpstreams.map(fmt).join(' ') || 'none'}`);
      }
    }
    return this.hostUpstreams;
  }

  private isSelf(u: Upstream): boolean {
    for (const l of this.listeners.values()) {
      if (canonicalIp(l.address) === canonicalIp(u.host) && (u.port === l.udpPort || u.port === l.tcpPort)) return true;
    }
    return false;
  }

  private forward(
    networkId: string, src: string, m: DnsMessage, packet: Buffer, asker: ContainerView | undefined,
    transport: Transport, limit: number, reply: Reply,
  ): void {
    const q = m.questions[0] as DnsQuestion;
    const what = this.tracing ? `${networkId} ${src}: ${typeName(q.type)} ${q.name}` : '';
    const upstreams = this.upstreamsFor(asker).filter((u) => !this.isSelf(u));
    if (upstreams.length === 0) {
      this.trace(`${what} -> NXDOMAIN (no upstream)`);
      return reply(encodeMessage(this.response(m, RCODE.NXDOMAIN, [], false)));
    }
    if (this.inFlight >= this.maxInFlight) {
      this.trace(`${what} -> SERVFAIL (${this.inFlight} forwarded queries in flight)`);
      return reply(encodeMessage(this.response(m, RCODE.SERVFAIL, [], false)));
    }
    this.inFlight++;
    void this.exchange(packet, q, upstreams, transport)
      .then(({ answer, via }) => {
        if (this.closed) return;
        if (answer === undefined) {
          this.trace(`${what} -> SERVFAIL (no upstream answered)`);
          return reply(encodeMessage(this.response(m, RCODE.SERVFAIL, [], false)));
        }
        let out: Buffer = Buffer.from(answer);
        out.writeUInt16BE(m.id, 0);
        if (out.length > limit) {
          // A TCP answer to a UDP client: cut to what the client accepts.
          try {
            out = encodeMessage(decodeMessage(out), { maxSize: limit });
          } catch {
            return reply(encodeMessage(this.response(m, RCODE.SERVFAIL, [], false)));
          }
        }
        if (this.tracing) this.trace(`${what} -> forwarded to ${via} rcode ${out.length >= 4 ? (out[3] as number) & 0xf : '?'}, ${out.length} bytes`);
        reply(out);
      })
      .finally(() => {
        this.inFlight--;
      });
  }

  /** Tries each upstream in turn; the first usable answer (bytes with the upstream's id) and who gave it. */
  private async exchange(packet: Buffer, q: DnsQuestion, upstreams: Upstream[], transport: Transport): Promise<{ answer: Buffer | undefined; via: string }> {
    for (const u of upstreams) {
      if (this.closed) break;
      let answer = transport === 'udp' ? await this.exchangeUdp(packet, q, u) : await this.exchangeTcp(packet, q, u);
      if (answer === undefined) {
        this.trace(`  ${fmt(u)}: no answer over ${transport}`);
        continue;
      }
      if (transport === 'udp' && ((answer[2] as number) & 0x02) !== 0) {
        this.trace(`  ${fmt(u)}: truncated, retrying over tcp`);
        const full = await this.exchangeTcp(packet, q, u);
        if (full !== undefined) answer = full;
      }
      const rcode = (answer[3] as number) & 0xf;
      if (rcode === RCODE.SERVFAIL || rcode === RCODE.REFUSED || rcode === RCODE.NOTIMP) {
        this.trace(`  ${fmt(u)}: rcode ${rcode}, trying the next server`);
        continue;
      }
      return { answer, via: fmt(u) };
    }
    return { answer: undefined, via: '' };
  }

  private forwardSocket(family: 4 | 6): dgram.Socket {
    let s = this.forwardSockets.get(family);
    if (s !== undefined) return s;
    s = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
    s.on('message', (msg, rinfo) => this.onUpstreamAnswer(msg, rinfo));
    s.on('error', (e) => this.trace(`forward socket error ${e.message}`));
    s.bind(0);
    s.unref();
    this.forwardSockets.set(family, s);
    return s;
  }

  /** A random id no pending UDP query uses (at most maxInFlight < 65536 are pending). */
  private newId(): number {
    let id = Math.floor(this.random() * 0x10000) & 0xffff;
    while (this.pending.has(id)) id = (id + 1) & 0xffff;
    return id;
  }

  /** One UDP try: the answer bytes, or undefined on timeout, a mismatch or a malformed answer. */
  private exchangeUdp(packet: Buffer, question: DnsQuestion, upstream: Upstream): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const id = this.newId();
      const out = Buffer.from(packet);
      out.writeUInt16BE(id, 0);
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, this.upstreamTimeoutMs);
      this.pending.set(id, {
        upstream, question, timer,
        done: resolve,
      });
      this.forwardSocket(upstream.family).send(out, upstream.port, upstream.host, (err) => {
        if (err !== null && this.pending.get(id)?.timer === timer) {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(undefined);
        }
      });
    });
  }

  private onUpstreamAnswer(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (msg.length < HEADER_SIZE) return;
    const p = this.pending.get(msg.readUInt16BE(0));
    if (p === undefined) return;
    if (canonicalIp(rinfo.address) !== canonicalIp(p.upstream.host) || rinfo.port !== p.upstream.port) return;
    if (!this.answers(msg, p.question)) return;
    clearTimeout(p.timer);
    this.pending.delete(msg.readUInt16BE(0));
    p.done(msg);
  }

  /** True when `msg` is a well-formed response to `q`. */
  private answers(msg: Buffer, q: DnsQuestion): boolean {
    try {
      const m = decodeMessage(msg);
      const a = m.questions[0];
      return m.qr && a !== undefined && a.type === q.type && a.class === q.class && asciiLower(a.name) === asciiLower(q.name);
    } catch {
      return false;
    }
  }

  /** One TCP try (a connection per query, as Docker's). */
  private exchangeTcp(packet: Buffer, question: DnsQuestion, upstream: Upstream): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const id = Math.floor(this.random() * 0x10000) & 0xffff;
      const frame = Buffer.allocUnsafe(2 + packet.length);
      frame.writeUInt16BE(packet.length, 0);
      packet.copy(frame, 2);
      frame.writeUInt16BE(id, 2);
      let got = Buffer.alloc(0);
      let settled = false;
      const sock = net.connect({ host: upstream.host, port: upstream.port, noDelay: true });
      this.upstreamSockets.add(sock);
      const finish = (answer: Buffer | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.upstreamSockets.delete(sock);
        sock.destroy();
        resolve(answer);
      };
      const timer = setTimeout(() => finish(undefined), this.upstreamTimeoutMs);
      sock.on('connect', () => sock.write(frame));
      sock.on('error', () => finish(undefined));
      sock.on('close', () => finish(undefined));
      sock.on('data', (chunk: Buffer) => {
        got = Buffer.concat([got, chunk]);
        if (got.length < 2) return;
        const len = got.readUInt16BE(0);
        if (got.length < 2 + len) return;
        const msg = got.subarray(2, 2 + len);
        finish(msg.length >= HEADER_SIZE && msg.readUInt16BE(0) === id && this.answers(msg, question) ? Buffer.from(msg) : undefined);
      });
    });
  }

  private trace(line: string): void {
    if (this.tracing) process.stderr.write(`dns: ${line}\n`);
  }
}
