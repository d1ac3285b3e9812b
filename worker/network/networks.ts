/**
 * `Networks`: the bridge networks of one data root, the containers' network
 * namespaces and endpoints on them, and the published ports — records on
 * disk, kernel state (bridges, veths, namespaces, one nftables table) made to
 * match them on open and on every change. See README.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OrcError } from '../../common/errors.js';
import {
  AddressSpace, DEFAULT_POOLS, formatCidr, formatIp, macFor, overlaps, parseCidr, pickSubnet, requireCidr, subnetConfig,
  type AddressPool, type Cidr,
} from './ipam.js';
import { forwardPolicyDrops, hostNames, hostPrefixes, isBridge, isMountPoint, linkExists, masterOf, run, withHostLock, writeSysctl } from './host.js';
import { NftApplier, type NftState } from './nftables.js';
import { checkIfName, checkPath, createNetns, hostBatch, inNetns, insideCommand, teardown, unmountNetns, type DnsRedirect, type VethPlan } from './netns.js';
import { holdPorts, rehold, type HeldPort } from './ports.js';
import { RecordStore, type AttachmentRecord, type EndpointRecord, type IpamRecord, type NetworkRecord } from './records.js';
import type { EndpointRequest, PortBinding, PortRequest } from './types.js';

export interface NetworksOptions {
  dataRoot: string;
  /** Default: `orc` for /var/lib/orc, `orc-<6 hex of the data root>` otherwise. */
  tableName?: string;
  /** The default bridge's device. Default: `orc0` for /var/lib/orc, `orc<6 hex>` otherwise. */
  defaultBridge?: string;
  /** Where subnets come from (default: Docker's pools). */
  pools?: readonly AddressPool[];
  trace?: (line: string) => void;
}

export interface IpamConfigRequest {
  subnet?: string;
  ipRange?: string;
  gateway?: string;
  auxAddresses?: Record<string, string>;
}

export interface NetworkCreateRequest {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  /** `com.docker.network.driver.mtu`, `com.docker.network.bridge.name` */
  options?: Record<string, string>;
  ipam?: { driver?: string; config?: readonly IpamConfigRequest[] };
}

/** Docker's `network inspect` document. */
export interface NetworkInspect {
  Name: string;
  Id: string;
  Created: string;
  Scope: 'local';
  Driver: string;
  EnableIPv6: false;
  IPAM: { Driver: 'default'; Options: Record<string, string>; Config: Array<{ Subnet: string; Gateway: string; IPRange?: string; AuxiliaryAddresses?: Record<string, string> }> };
  Internal: boolean;
  Attachable: boolean;
  Ingress: false;
  ConfigFrom: { Network: string };
  ConfigOnly: false;
  Containers: Record<string, { Name: string; EndpointID: string; MacAddress: string; IPv4Address: string; IPv6Address: string }>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

export interface AttachedEndpoint {
  networkId: string;
  networkName: string;
  endpointId: string;
  ip: string;
  prefixLen: number;
  gateway: string;
  mac: string;
  interfaceName: string;
  /** The host end of the veth pair (on the network's bridge). */
  hostVeth: string;
  aliases: string[];
}

export interface Attachment {
  containerId: string;
  /** The namespace file the OCI runtime joins (`linux.namespaces[{type: network, path}]`). */
  netnsPath: string;
  endpoints: AttachedEndpoint[];
  ports: PortBinding[];
}

export interface AttachOptions {
  ports?: readonly PortRequest[];
  /** Where 127.0.0.11:53 inside the container goes (the embedded DNS server). */
  dns?: DnsRedirect;
  /** The container's name (inspect's Containers.Name; the DNS layer's record). */
  name?: string;
}

/** One endpoint, for the DNS layer. */
export interface EndpointInfo {
  containerId: string;
  containerName?: string;
  networkId: string;
  networkName: string;
  ip: string;
  aliases: string[];
}

export type NetworkEvent =
  | { kind: 'endpoint-added'; endpoint: EndpointInfo }
  | { kind: 'endpoint-removed'; endpoint: EndpointInfo }
  | { kind: 'network-created'; networkId: string; name: string }
  | { kind: 'network-removed'; networkId: string; name: string };

interface Net {
  rec: NetworkRecord;
  space?: AddressSpace;
  /** The lazy allocation of the default bridge, once started. */
  readying?: Promise<void>;
}

interface Att {
  rec: AttachmentRecord;
  held: HeldPort[];
}

const PREDEFINED = ['bridge', 'host', 'none'] as const;
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const OPT_MTU = 'com.docker.network.driver.mtu';
const OPT_BRIDGE = 'com.docker.network.bridge.name';

function hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function ipamConfig(n: NetworkRecord): Cidr | undefined {
  return n.ipam !== undefined ? parseCidr(n.ipam.subnet) : undefined;
}

function spaceOf(n: NetworkRecord): AddressSpace | undefined {
  if (n.ipam === undefined) return undefined;
  return new AddressSpace(n.name, subnetConfig(n.name, requireCidr(n.ipam.subnet, 'subnet'), {
    gateway: n.ipam.gateway,
    ...(n.ipam.ipRange !== undefined ? { ipRange: n.ipam.ipRange } : {}),
    ...(n.ipam.auxAddresses !== undefined ? { auxAddresses: n.ipam.auxAddresses } : {}),
  }));
}

export class Networks {
  readonly dataRoot: string;
  readonly tableName: string;
  readonly defaultBridge: string;
  private readonly netnsDir: string;
  private readonly pools: readonly AddressPool[];
  private readonly trace: (line: string) => void;
  private readonly store: RecordStore;
  private readonly nets = new Map<string, Net>();
  private readonly atts = new Map<string, Att>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(e: NetworkEvent) => void>();
  private readonly nft: NftApplier;
  private closed = false;
  private readonly tracing: boolean;

  private constructor(opts: NetworksOptions) {
    this.dataRoot = resolve(opts.dataRoot);
    const names = hostNames(this.dataRoot);
    this.tableName = opts.tableName ?? names.table;
    this.defaultBridge = opts.defaultBridge ?? names.defaultBridge;
    checkIfName(this.defaultBridge, 'default bridge name');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(this.tableName)) throw new OrcError('ORC_USAGE', `invalid nftables table name "${this.tableName}"`);
    this.netnsDir = join(this.dataRoot, 'netns');
    checkPath(this.netnsDir);
    this.pools = opts.pools ?? DEFAULT_POOLS;
    this.trace = opts.trace ?? (() => undefined);
    this.tracing = opts.trace !== undefined;
    this.store = new RecordStore(this.dataRoot);
    mkdirSync(this.netnsDir, { recursive: true, mode: 0o700 });
    this.nft = new NftApplier(this.tableName, () => this.nftState(), this.trace);
  }

  /**
   * Reads the records and makes the kernel match them: bridges (re)created,
   * veths of live namespaces restored, attachments whose namespace is gone
   * dropped, published ports held again, the nftables table applied.
   * Idempotent: opening twice in a row changes nothing the second time.
   */
  static async open(opts: NetworksOptions): Promise<Networks> {
    const n = new Networks(opts);
    await n.load();
    return n;
  }

  private async load(): Promise<void> {
    for (const rec of this.store.networks()) {
      const space = spaceOf(rec);
      this.nets.set(rec.id, { rec, ...(space !== undefined ? { space } : {}) });
    }
    for (const name of PREDEFINED) {
      if (this.byName(name) !== undefined) continue;
      const rec: NetworkRecord = {
        id: randomBytes(32).toString('hex'), name, created: new Date().toISOString(),
        driver: name === 'bridge' ? 'bridge' : name === 'host' ? 'host' : 'null', predefined: true,
        internal: false, attachable: false, labels: {}, options: {}, requested: {},
        ...(name === 'bridge' ? { bridge: this.defaultBridge, mtu: 1500, options: { [OPT_BRIDGE]: this.defaultBridge, 'com.docker.network.bridge.default_bridge': 'true', [OPT_MTU]: '1500' } } : {}),
      };
      await this.store.saveNetwork(rec);
      this.nets.set(rec.id, { rec });
    }
    for (const net of this.nets.values()) {
      if (net.rec.driver === 'bridge' && net.rec.ipam !== undefined) await this.ensureBridge(net.rec);
    }
    for (const rec of this.store.attachments()) await this.restore(rec);
    this.forwarding();
    await this.nft.apply();
    if (this.tracing && (await forwardPolicyDrops())) {
      this.trace('network: warning: the iptables FORWARD policy is DROP (dockerd sets it): traffic orc forwards (to the world, hairpin) is dropped there; orc leaves it alone');
    }
  }

  /** An attachment from disk: kept when its namespace still exists (missing veths made again), dropped otherwise. */
  private async restore(rec: AttachmentRecord): Promise<void> {
    if (!existsSync(rec.netnsPath) || !isMountPoint(rec.netnsPath)) {
      this.trace(`network: container ${rec.containerId.slice(0, 12)}: its namespace is gone, endpoints released`);
      await teardown(rec.endpoints.map((e) => e.hostVeth));
      rmSync(rec.netnsPath, { force: true });
      this.store.removeAttachment(rec.containerId);
      return;
    }
    const missing: VethPlan[] = [];
    for (const e of rec.endpoints) {
      const net = this.nets.get(e.networkId);
      const space = net?.space;
      if (net === undefined || space === undefined || net.rec.bridge === undefined) continue;
      space.claim(parseIpOrThrow(e.ip));
      if (!linkExists(e.hostVeth)) missing.push(this.vethPlan(net.rec, e));
      else if (masterOf(e.hostVeth) !== net.rec.bridge) await run('ip', ['link', 'set', e.hostVeth, 'master', net.rec.bridge, 'up']);
    }
    if (missing.length > 0) {
      this.trace(`network: container ${rec.containerId.slice(0, 12)}: ${missing.length} veth(s) made again`);
      await run('nsenter', [`--net=${rec.netnsPath}`, 'ip', '-force', '-batch', '-'], missing.map((v) => `link del ${v.interfaceName}`).join('\n') + '\n').catch(() => undefined);
      const gw = rec.endpoints.find((e) => e.networkId === rec.gatewayNetwork);
      await this.addVeths(rec.netnsPath, false, missing, gw !== undefined && missing.some((m) => m.interfaceName === gw.interfaceName) ? gw : undefined, rec.dns);
    }
    const held: HeldPort[] = [];
    for (const b of rec.ports) {
      const h = await rehold(b);
      if (h !== undefined) held.push(h);
      else this.trace(`network: ${b.hostIp}:${b.hostPort}/${b.protocol} of ${rec.containerId.slice(0, 12)} is now taken by another program: still forwarded, not held`);
    }
    this.atts.set(rec.containerId, { rec, held });
  }

  // ── networks ─────────────────────────────────────────────────────────

  private byName(name: string): Net | undefined {
    for (const n of this.nets.values()) if (n.rec.name === name) return n;
    return undefined;
  }

  /** By name, full id or unique id prefix. */
  private find(ref: string): Net {
    const named = this.byName(ref);
    if (named !== undefined) return named;
    const byId = this.nets.get(ref);
    if (byId !== undefined) return byId;
    const matches = ref.length > 0 ? [...this.nets.values()].filter((n) => n.rec.id.startsWith(ref)) : [];
    if (matches.length > 1) throw new OrcError('ORC_CONFLICT', `network ${ref} is ambiguous (${matches.length} matches found based on ID prefix)`);
    const m = matches[0];
    if (m === undefined) throw new OrcError('ORC_NOT_FOUND', `network ${ref} not found`);
    return m;
  }

  private endpointsOn(networkId: string): Array<{ att: Att; e: EndpointRecord }> {
    const out: Array<{ att: Att; e: EndpointRecord }> = [];
    for (const att of this.atts.values()) for (const e of att.rec.endpoints) if (e.networkId === networkId) out.push({ att, e });
    return out;
  }

  async create(req: NetworkCreateRequest): Promise<NetworkInspect> {
    this.open();
    const name = req.name;
    if (!NAME_RE.test(name)) throw new OrcError('ORC_USAGE', `invalid network name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const driver = req.driver ?? 'bridge';
    if (driver !== 'bridge') throw new OrcError('ORC_USAGE', `network driver "${driver}" is not supported on this engine (bridge only)`);
    if (req.ipam?.driver !== undefined && req.ipam.driver !== '' && req.ipam.driver !== 'default') throw new OrcError('ORC_USAGE', `IPAM driver "${req.ipam.driver}" is not supported (default only)`);
    const configs = req.ipam?.config ?? [];
    if (configs.length > 1) throw new OrcError('ORC_USAGE', `network ${name}: one IPv4 subnet per network is supported, not ${configs.length}`);
    const c = configs[0] ?? {};
    if ((c.ipRange !== undefined || c.gateway !== undefined || c.auxAddresses !== undefined) && (c.subnet === undefined || c.subnet === '')) {
      throw new OrcError('ORC_USAGE', `network ${name}: --ip-range, --gateway and --aux-address need --subnet`);
    }
    const options = { ...(req.options ?? {}) };
    const mtu = options[OPT_MTU] !== undefined ? Number(options[OPT_MTU]) : 1500;
    if (!(Number.isInteger(mtu) && mtu >= 68 && mtu <= 65535)) throw new OrcError('ORC_USAGE', `network ${name}: invalid ${OPT_MTU} "${options[OPT_MTU]}": expected 68-65535`);
    const id = randomBytes(32).toString('hex');
    const bridge = options[OPT_BRIDGE] ?? `orc-${id.slice(0, 11)}`;
    checkIfName(bridge, OPT_BRIDGE);
    const rec: NetworkRecord = {
      id, name, created: new Date().toISOString(), driver: 'bridge', predefined: false,
      internal: req.internal === true, attachable: req.attachable === true, labels: { ...(req.labels ?? {}) }, options,
      bridge, mtu,
      requested: {
        ...(c.subnet !== undefined && c.subnet !== '' ? { subnet: c.subnet } : {}),
        ...(c.ipRange !== undefined && c.ipRange !== '' ? { ipRange: c.ipRange } : {}),
        ...(c.gateway !== undefined && c.gateway !== '' ? { gateway: c.gateway } : {}),
        ...(c.auxAddresses !== undefined ? { auxAddresses: c.auxAddresses } : {}),
      },
    };
    // validated before anything is taken
    if (rec.requested.subnet !== undefined) subnetConfig(name, requireCidr(rec.requested.subnet, 'subnet', true), rec.requested);
    await withHostLock(async () => {
      // checked under the lock: two creates of the same name in this daemon, or of one bridge name across daemons
      if (this.byName(name) !== undefined) throw new OrcError('ORC_CONFLICT', `network with name ${name} already exists`);
      if (linkExists(bridge) || [...this.nets.values()].some((n) => n.rec.bridge === bridge)) {
        throw new OrcError('ORC_CONFLICT', `network ${name}: the device ${bridge} already exists: choose another ${OPT_BRIDGE}`);
      }
      rec.ipam = await this.allocateSubnet(rec);
      const net: Net = { rec };
      this.nets.set(id, net); // reserved while the bridge is made
      try {
        await this.ensureBridge(rec);
        await this.store.saveNetwork(rec);
      } catch (e) {
        this.nets.delete(id);
        await run('ip', ['link', 'del', bridge]).catch(() => undefined);
        throw e;
      }
      const space = spaceOf(rec);
      if (space !== undefined) net.space = space;
    });
    this.trace(`network: created ${name} (${id.slice(0, 12)}) ${rec.ipam?.subnet ?? ''} on ${bridge}${rec.internal ? ', internal' : ''}`);
    this.forwarding();
    await this.nft.apply();
    this.emit({ kind: 'network-created', networkId: id, name });
    return this.doc(this.find(id));
  }

  /** A subnet for `rec` (the requested one, or the first free one of the pools); called under the host lock. */
  private async allocateSubnet(rec: NetworkRecord): Promise<IpamRecord> {
    const mine = [...this.nets.values()].filter((n) => n.rec.id !== rec.id).map((n) => ipamConfig(n.rec)).filter((c): c is Cidr => c !== undefined);
    let subnet: Cidr;
    if (rec.requested.subnet !== undefined) {
      subnet = requireCidr(rec.requested.subnet, 'subnet', true);
      const clash = [...this.nets.values()].find((n) => n.rec.id !== rec.id && ipamConfig(n.rec) !== undefined && overlaps(ipamConfig(n.rec) as Cidr, subnet));
      if (clash !== undefined) throw new OrcError('ORC_CONFLICT', `network ${rec.name}: subnet ${formatCidr(subnet)} overlaps network ${clash.rec.name} (${clash.rec.ipam?.subnet ?? ''})`);
    } else {
      const picked = pickSubnet(this.pools, [...(await hostPrefixes()), ...mine]);
      if (picked === undefined) throw new OrcError('ORC_CONFLICT', `network ${rec.name}: all predefined address pools have been fully subnetted (every subnet overlaps a route of this host or another network): remove unused networks or give --subnet`);
      subnet = picked;
    }
    const cfg = subnetConfig(rec.name, subnet, rec.requested);
    return {
      subnet: formatCidr(subnet), gateway: formatIp(cfg.gateway),
      ...(cfg.ipRange !== undefined ? { ipRange: formatCidr(cfg.ipRange) } : {}),
      ...(rec.requested.auxAddresses !== undefined ? { auxAddresses: rec.requested.auxAddresses } : {}),
    };
  }

  /** The bridge of `rec` exists, holds the gateway address, has its MTU and is up; route_localnet for published ports from 127.0.0.1. */
  private async ensureBridge(rec: NetworkRecord): Promise<void> {
    const br = rec.bridge;
    if (br === undefined || rec.ipam === undefined) return;
    const plen = rec.ipam.subnet.split('/')[1] ?? '32';
    const lines: string[] = [];
    if (!linkExists(br)) lines.push(`link add ${br} mtu ${rec.mtu ?? 1500} type bridge`);
    else if (!isBridge(br)) throw new OrcError('ORC_CONFLICT', `network ${rec.name}: ${br} exists and is not a bridge: remove it`);
    // A bridge without an address of its own takes the lowest MAC of its ports, so it would change as containers come and
    // go and leave the containers' ARP entries for the gateway pointing nowhere: it gets a fixed one, from the gateway's address.
    lines.push(
      `link set ${br} address ${macFor(parseIpOrThrow(rec.ipam.gateway))}`,
      `addr replace ${rec.ipam.gateway}/${plen} dev ${br}`,
      `link set ${br} mtu ${rec.mtu ?? 1500} up`,
    );
    await run('ip', ['-batch', '-'], lines.join('\n') + '\n');
    writeSysctl(`net/ipv4/conf/${br}/route_localnet`, '1');
  }

  /** The default bridge's subnet is chosen on first use (daemons that never run a container take none). */
  private ready(net: Net): Promise<void> {
    if (net.rec.driver !== 'bridge') return Promise.resolve();
    if (net.rec.ipam !== undefined && net.space !== undefined) return Promise.resolve();
    net.readying ??= withHostLock(async () => {
      const ipam = await this.allocateSubnet(net.rec);
      net.rec.ipam = ipam;
      try {
        await this.ensureBridge(net.rec);
        await this.store.saveNetwork(net.rec);
      } catch (e) {
        delete net.rec.ipam;
        throw e;
      }
      const space = spaceOf(net.rec);
      if (space !== undefined) net.space = space;
      this.trace(`network: ${net.rec.name} takes ${ipam.subnet} on ${net.rec.bridge ?? ''}`);
    }).then(async () => {
      this.forwarding();
      await this.nft.apply();
    }).finally(() => {
      delete net.readying;
    });
    return net.readying;
  }

  /** ip_forward on once a network has a way out (never turned off: other software may rely on it). */
  private forwarding(): void {
    if ([...this.nets.values()].some((n) => n.rec.driver === 'bridge' && !n.rec.internal && n.rec.ipam !== undefined)) writeSysctl('net/ipv4/ip_forward', '1');
  }

  list(): NetworkInspect[] {
    return [...this.nets.values()].sort((a, b) => a.rec.name.localeCompare(b.rec.name)).map((n) => this.doc(n));
  }

  inspect(ref: string): NetworkInspect {
    return this.doc(this.find(ref));
  }

  async remove(ref: string): Promise<void> {
    this.open();
    const net = this.find(ref);
    const { rec } = net;
    if (rec.predefined) throw new OrcError('ORC_CONFLICT', `${rec.name} is a pre-defined network and cannot be removed`);
    if (this.endpointsOn(rec.id).length > 0) throw new OrcError('ORC_CONFLICT', `error while removing network: network ${rec.name} id ${rec.id} has active endpoints`);
    this.nets.delete(rec.id);
    this.store.removeNetwork(rec.id);
    await this.nft.apply();
    if (rec.bridge !== undefined && linkExists(rec.bridge)) await run('ip', ['link', 'del', rec.bridge]);
    this.trace(`network: removed ${rec.name} (${rec.id.slice(0, 12)})`);
    this.emit({ kind: 'network-removed', networkId: rec.id, name: rec.name });
  }

  /** Removes every user network without endpoints; their names. */
  async prune(): Promise<string[]> {
    const out: string[] = [];
    for (const n of [...this.nets.values()]) {
      if (n.rec.predefined || this.endpointsOn(n.rec.id).length > 0) continue;
      await this.remove(n.rec.id);
      out.push(n.rec.name);
    }
    return out;
  }

  private doc(net: Net): NetworkInspect {
    const r = net.rec;
    const containers: NetworkInspect['Containers'] = {};
    for (const { att, e } of this.endpointsOn(r.id)) {
      containers[att.rec.containerId] = { Name: att.rec.name ?? '', EndpointID: e.endpointId, MacAddress: e.mac, IPv4Address: `${e.ip}/${e.prefixLen}`, IPv6Address: '' };
    }
    const config: NetworkInspect['IPAM']['Config'] = [];
    if (r.ipam !== undefined) {
      config.push({
        Subnet: r.ipam.subnet, Gateway: r.ipam.gateway,
        ...(r.ipam.ipRange !== undefined ? { IPRange: r.ipam.ipRange } : {}),
        ...(r.ipam.auxAddresses !== undefined ? { AuxiliaryAddresses: r.ipam.auxAddresses } : {}),
      });
    }
    return {
      Name: r.name, Id: r.id, Created: r.created, Scope: 'local', Driver: r.driver, EnableIPv6: false,
      IPAM: { Driver: 'default', Options: {}, Config: config },
      Internal: r.internal, Attachable: r.attachable, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
      Containers: containers, Options: r.options, Labels: r.labels,
    };
  }

  // ── endpoints ────────────────────────────────────────────────────────

  /** Runs `fn` after every earlier operation on the same container. */
  private serial<T>(containerId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(containerId) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    const tail = next.catch(() => undefined);
    this.queues.set(containerId, tail);
    void tail.then(() => {
      if (this.queues.get(containerId) === tail) this.queues.delete(containerId);
    });
    return next;
  }

  netnsPath(containerId: string): string {
    return join(this.netnsDir, containerId);
  }

  private vethPlan(rec: NetworkRecord, e: EndpointRecord): VethPlan {
    return { hostVeth: e.hostVeth, bridge: rec.bridge ?? '', interfaceName: e.interfaceName, mac: e.mac, mtu: rec.mtu ?? 1500, address: `${e.ip}/${e.prefixLen}` };
  }

  /** The endpoint whose gateway is the default route: the highest gwPriority of the non-internal networks, the first on a tie. */
  private gatewayOf(endpoints: readonly EndpointRecord[]): EndpointRecord | undefined {
    let best: EndpointRecord | undefined;
    for (const e of endpoints) {
      if (this.nets.get(e.networkId)?.rec.internal !== false) continue;
      if (best === undefined || e.gwPriority > best.gwPriority) best = e;
    }
    return best;
  }

  /** Claims an address on `net` for container `cid` and describes the endpoint (nothing is created). */
  private endpointFor(cid: string, net: Net, req: EndpointRequest, interfaceName: string): EndpointRecord {
    const { rec, space } = net;
    if (space === undefined || rec.ipam === undefined) throw new OrcError('ORC_INTERNAL', `network ${rec.name} has no subnet`);
    if (req.macAddress !== undefined && !/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(req.macAddress)) throw new OrcError('ORC_USAGE', `invalid MAC address ${req.macAddress}`);
    checkIfName(interfaceName, 'interface name');
    const ip = req.ipv4Address !== undefined && req.ipv4Address !== '' ? space.claimStatic(req.ipv4Address) : space.allocate();
    const h = hex(`${cid}:${rec.id}`);
    return {
      networkId: rec.id, endpointId: h, ip: formatIp(ip), prefixLen: space.config.subnet.prefixLen, gateway: rec.ipam.gateway,
      mac: req.macAddress?.toLowerCase() ?? macFor(ip), interfaceName, hostVeth: `veth${h.slice(0, 9)}`,
      aliases: [...(req.aliases ?? [])], gwPriority: req.gwPriority ?? 0,
    };
  }

  private release(e: EndpointRecord): void {
    const ip = parseCidr(e.ip);
    if (ip !== undefined) this.nets.get(e.networkId)?.space?.release(ip.base);
  }

  private resolveRequests(cid: string, reqs: readonly EndpointRequest[], existing: readonly EndpointRecord[] = []): Array<{ req: EndpointRequest; net: Net }> {
    const out: Array<{ req: EndpointRequest; net: Net }> = [];
    for (const req of reqs) {
      const net = this.find(req.network);
      if (net.rec.driver === 'null') continue;
      if (net.rec.driver === 'host') throw new OrcError('ORC_USAGE', `container ${cid.slice(0, 12)}: the host network is the host's namespace: it has no endpoints to attach`);
      if (out.some((o) => o.net === net) || existing.some((e) => e.networkId === net.rec.id)) {
        throw new OrcError('ORC_CONFLICT', `endpoint with name ${cid.slice(0, 12)} already exists in network ${net.rec.name}`);
      }
      out.push({ req, net });
    }
    if (reqs.some((r) => this.find(r.network).rec.driver === 'null') && out.length > 0) {
      throw new OrcError('ORC_USAGE', `container ${cid.slice(0, 12)}: the none network cannot be combined with other networks`);
    }
    return out;
  }

  /**
   * Gives container `containerId` its network namespace (`netnsPath`, lo up)
   * with one interface per endpoint, the default route, the published ports
   * and the DNS redirection. Published host ports and static addresses are
   * checked before anything is created; on failure nothing is left.
   */
  attach(containerId: string, endpoints: readonly EndpointRequest[], opts: AttachOptions = {}): Promise<Attachment> {
    return this.serial(containerId, () => this.attachNow(containerId, endpoints, opts));
  }

  private async attachNow(cid: string, reqs: readonly EndpointRequest[], opts: AttachOptions): Promise<Attachment> {
    this.open();
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(cid)) throw new OrcError('ORC_USAGE', `invalid container id "${cid}"`);
    if (this.atts.has(cid)) throw new OrcError('ORC_CONFLICT', `container ${cid.slice(0, 12)} already has a network namespace: detach it first`);
    const wanted = this.resolveRequests(cid, reqs);
    const held = await holdPorts(opts.ports ?? []);
    const endpoints: EndpointRecord[] = [];
    const netnsPath = this.netnsPath(cid);
    let created = false;
    try {
      for (const { net } of wanted) await this.ready(net);
      wanted.forEach(({ req, net }, i) => endpoints.push(this.endpointFor(cid, net, req, req.interfaceName ?? `eth${i}`)));
      const names = endpoints.map((e) => e.interfaceName);
      if (new Set(names).size !== names.length) throw new OrcError('ORC_USAGE', `container ${cid.slice(0, 12)}: two endpoints ask for the same interface name`);
      const gw = this.gatewayOf(endpoints);
      const rec: AttachmentRecord = {
        containerId: cid, netnsPath, endpoints, ports: gw !== undefined ? held.map((h) => h.binding) : [],
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.dns !== undefined ? { dns: opts.dns } : {}),
        ...(gw !== undefined ? { gatewayNetwork: gw.networkId } : {}),
      };
      if (gw === undefined) for (const h of held.splice(0)) h.close(); // only internal networks: nothing is published (as Docker)
      if (existsSync(netnsPath)) await this.removeNetns(netnsPath); // left by a crash before its record was written
      writeFileSync(netnsPath, '', { flag: 'wx', mode: 0o600 });
      created = true;
      const veths = endpoints.map((e) => this.vethPlan(this.nets.get(e.networkId)?.rec as NetworkRecord, e));
      this.atts.set(cid, { rec, held });
      await Promise.all([this.addVeths(netnsPath, true, veths, gw, opts.dns), this.store.saveAttachment(rec)]);
      if (rec.ports.length > 0) await this.nft.apply();
      for (const e of endpoints) this.emit({ kind: 'endpoint-added', endpoint: this.info(rec, e) });
      this.trace(`network: attached ${cid.slice(0, 12)}: ${endpoints.map((e) => `${e.interfaceName} ${e.ip}`).join(', ') || 'lo only'}${rec.ports.length > 0 ? `, ${rec.ports.length} port(s)` : ''}`);
      return this.view(rec);
    } catch (e) {
      this.atts.delete(cid);
      this.store.removeAttachment(cid);
      for (const h of held) h.close();
      for (const ep of endpoints) this.release(ep);
      if (created) {
        await teardown(endpoints.map((ep) => ep.hostVeth), netnsPath).catch(() => undefined);
        rmSync(netnsPath, { force: true });
      }
      throw e;
    }
  }

  private async removeNetns(path: string): Promise<void> {
    await unmountNetns(path);
  }

  /**
   * Makes `veths` in the namespace at `netnsPath` (created here when `fresh`)
   * and joins their host ends to the bridges; `gw`: the endpoint whose
   * gateway becomes the default route.
   */
  private async addVeths(netnsPath: string, fresh: boolean, veths: readonly VethPlan[], gw: EndpointRecord | undefined, dns: DnsRedirect | undefined): Promise<void> {
    const cmd = insideCommand({
      hostNetns: `/proc/${process.pid}/ns/net`, fresh, veths,
      ...(gw !== undefined ? { defaultRoute: { gateway: gw.gateway, dev: gw.interfaceName } } : {}),
      ...(dns !== undefined ? { dns } : {}),
    });
    if (fresh) await createNetns(netnsPath, cmd);
    else await inNetns(netnsPath, cmd);
    if (veths.length > 0) await run('ip', ['-batch', '-'], hostBatch(veths));
  }

  /** Adds one endpoint to a live attachment. */
  connect(containerId: string, endpoint: EndpointRequest): Promise<AttachedEndpoint> {
    return this.serial(containerId, async () => {
      this.open();
      const att = this.attachedOrThrow(containerId);
      const [wanted] = this.resolveRequests(containerId, [endpoint], att.rec.endpoints);
      if (wanted === undefined) throw new OrcError('ORC_USAGE', `container ${containerId.slice(0, 12)}: cannot connect to the none network`);
      await this.ready(wanted.net);
      const taken = new Set(att.rec.endpoints.map((e) => e.interfaceName));
      let i = 0;
      while (taken.has(`eth${i}`)) i++;
      const ifname = endpoint.interfaceName ?? `eth${i}`;
      if (taken.has(ifname)) throw new OrcError('ORC_CONFLICT', `container ${containerId.slice(0, 12)} already has an interface ${ifname}`);
      const e = this.endpointFor(containerId, wanted.net, endpoint, ifname);
      const before = this.gatewayOf(att.rec.endpoints);
      const after = this.gatewayOf([...att.rec.endpoints, e]);
      try {
        await this.addVeths(att.rec.netnsPath, false, [this.vethPlan(wanted.net.rec, e)], after !== before ? after : undefined, att.rec.dns);
      } catch (err) {
        this.release(e);
        await teardown([e.hostVeth]).catch(() => undefined);
        throw err;
      }
      att.rec.endpoints.push(e);
      await this.regateway(att, after);
      await this.store.saveAttachment(att.rec);
      this.emit({ kind: 'endpoint-added', endpoint: this.info(att.rec, e) });
      return this.endpointView(e);
    });
  }

  /** Removes the endpoint on `network` from a live attachment; the default route moves to the next network if it went through it. */
  disconnect(containerId: string, network: string): Promise<void> {
    return this.serial(containerId, async () => {
      this.open();
      const att = this.attachedOrThrow(containerId);
      const net = this.find(network);
      const e = att.rec.endpoints.find((x) => x.networkId === net.rec.id);
      if (e === undefined) throw new OrcError('ORC_NOT_FOUND', `container ${containerId.slice(0, 12)} is not connected to network ${net.rec.name}`);
      const rest = att.rec.endpoints.filter((x) => x !== e);
      const before = this.gatewayOf(att.rec.endpoints);
      const after = this.gatewayOf(rest);
      await teardown([e.hostVeth]);
      if (after !== before && after !== undefined) await inNetns(att.rec.netnsPath, { args: ['ip', '-batch', '-'], input: `route replace default via ${after.gateway} dev ${after.interfaceName}\n` });
      att.rec.endpoints = rest;
      this.release(e);
      await this.regateway(att, after);
      await this.store.saveAttachment(att.rec);
      this.emit({ kind: 'endpoint-removed', endpoint: this.info(att.rec, e) });
    });
  }

  /** Follows a change of the default-route network: published ports go to the new one (or nowhere). */
  private async regateway(att: Att, gw: EndpointRecord | undefined): Promise<void> {
    if (att.rec.gatewayNetwork === gw?.networkId) return;
    if (gw !== undefined) att.rec.gatewayNetwork = gw.networkId;
    else delete att.rec.gatewayNetwork;
    if (att.rec.ports.length > 0) await this.nft.apply();
  }

  private attachedOrThrow(containerId: string): Att {
    const att = this.atts.get(containerId);
    if (att === undefined) throw new OrcError('ORC_NOT_FOUND', `container ${containerId.slice(0, 12)} has no network namespace (it is not running, or uses the host's)`);
    return att;
  }

  /**
   * Removes the container's veths, the DNAT rules of its ports, its
   * addresses and held ports, and its namespace file. Idempotent: a second
   * call, or a call for an unknown container, only cleans what is left.
   */
  detach(containerId: string): Promise<void> {
    return this.serial(containerId, async () => {
      const att = this.atts.get(containerId);
      const path = this.netnsPath(containerId);
      if (att === undefined) {
        if (existsSync(path)) await this.removeNetns(path);
        return;
      }
      this.atts.delete(containerId);
      await unmountNetns(att.rec.netnsPath);
      this.store.removeAttachment(containerId);
      if (att.rec.ports.length > 0) await this.nft.apply(); // the rules go before the ports are let go
      for (const h of att.held) h.close();
      for (const e of att.rec.endpoints) this.emit({ kind: 'endpoint-removed', endpoint: this.info(att.rec, e) });
      this.trace(`network: detached ${containerId.slice(0, 12)}`);
      // Deleting a veth waits for the kernel (RCU, tens of ms): done after detach returns, before the
      // container's next operation; its addresses are free once the veths are gone.
      void this.serial(containerId, async () => {
        await teardown(att.rec.endpoints.map((e) => e.hostVeth)).catch((e: unknown) => this.trace(`network: ${(e as Error).message}`));
        for (const e of att.rec.endpoints) this.release(e);
      });
    });
  }

  /** Resolves once background work (veth deletion after detach) is done. */
  async settled(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  attachment(containerId: string): Attachment | undefined {
    const att = this.atts.get(containerId);
    return att !== undefined ? this.view(att.rec) : undefined;
  }

  attachments(): Attachment[] {
    return [...this.atts.values()].map((a) => this.view(a.rec));
  }

  /** The container's published ports as bound (`orc port`). */
  ports(containerId: string): PortBinding[] {
    return [...(this.atts.get(containerId)?.rec.ports ?? [])];
  }

  /** Every endpoint of every attached container. */
  endpoints(): EndpointInfo[] {
    return [...this.atts.values()].flatMap((a) => a.rec.endpoints.map((e) => this.info(a.rec, e)));
  }

  /** Follows endpoints and networks as they come and go; returns the unsubscribe function. */
  onChange(listener: (e: NetworkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: NetworkEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.trace(`network: a change listener failed: ${(err as Error).message}`);
      }
    }
  }

  private info(rec: AttachmentRecord, e: EndpointRecord): EndpointInfo {
    return {
      containerId: rec.containerId, ...(rec.name !== undefined ? { containerName: rec.name } : {}),
      networkId: e.networkId, networkName: this.nets.get(e.networkId)?.rec.name ?? '', ip: e.ip, aliases: [...e.aliases],
    };
  }

  private endpointView(e: EndpointRecord): AttachedEndpoint {
    return {
      networkId: e.networkId, networkName: this.nets.get(e.networkId)?.rec.name ?? '', endpointId: e.endpointId, ip: e.ip, prefixLen: e.prefixLen,
      gateway: e.gateway, mac: e.mac, interfaceName: e.interfaceName, hostVeth: e.hostVeth, aliases: [...e.aliases],
    };
  }

  private view(rec: AttachmentRecord): Attachment {
    return { containerId: rec.containerId, netnsPath: rec.netnsPath, endpoints: rec.endpoints.map((e) => this.endpointView(e)), ports: [...rec.ports] };
  }

  private nftState(): NftState {
    // sorted by id: the same state always gives the same table text
    const byId = <T extends { rec: { id?: string; containerId?: string } }>(a: T, b: T): number => (a.rec.id ?? a.rec.containerId ?? '').localeCompare(b.rec.id ?? b.rec.containerId ?? '');
    const networks = [...this.nets.values()].sort(byId)
      .filter((n) => n.rec.driver === 'bridge' && n.rec.ipam !== undefined && n.rec.bridge !== undefined)
      .map((n) => ({ bridge: n.rec.bridge as string, subnet: n.rec.ipam?.subnet as string, internal: n.rec.internal }));
    const ports = [...this.atts.values()].sort(byId).flatMap(({ rec }) => {
      const gw = rec.endpoints.find((e) => e.networkId === rec.gatewayNetwork);
      if (gw === undefined) return [];
      return rec.ports.map((p) => ({ protocol: p.protocol, hostIp: p.hostIp, hostPort: p.hostPort, containerIp: gw.ip, containerPort: p.containerPort }));
    });
    return { networks, ports };
  }

  /** nft transactions run so far by this object (coalesced: parallel changes share one). */
  get nftRuns(): number {
    return this.nft.runs;
  }

  private open(): void {
    if (this.closed) throw new OrcError('ORC_UNAVAILABLE', 'the network manager is closed');
  }

  /** Waits for running operations and lets go of the held ports; the kernel state stays for the next open. */
  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
    for (const a of this.atts.values()) for (const h of a.held.splice(0)) h.close();
  }

  /** close(), then removes everything this data root made in the kernel and its records (tests, uninstall). */
  async destroy(): Promise<void> {
    await this.close();
    await Networks.cleanup({ dataRoot: this.dataRoot, tableName: this.tableName, defaultBridge: this.defaultBridge });
  }

  /**
   * Removes, from the records alone (the daemon may be dead), every veth,
   * namespace mount, bridge and the nftables table of a data root, and its
   * network records.
   */
  static async cleanup(opts: Pick<NetworksOptions, 'dataRoot' | 'tableName' | 'defaultBridge'>): Promise<void> {
    const root = resolve(opts.dataRoot);
    if (!existsSync(join(root, 'networks'))) return;
    const names = hostNames(root);
    const store = new RecordStore(root);
    for (const a of store.attachments()) {
      await teardown(a.endpoints.map((e) => e.hostVeth), a.netnsPath);
      rmSync(a.netnsPath, { force: true });
    }
    const netnsDir = join(root, 'netns');
    if (existsSync(netnsDir)) {
      for (const f of readdirSync(netnsDir)) {
        await teardown([], join(netnsDir, f));
        rmSync(join(netnsDir, f), { force: true });
      }
    }
    for (const n of store.networks()) {
      if (n.driver === 'bridge' && n.bridge !== undefined && n.ipam !== undefined && isBridge(n.bridge)) await run('ip', ['link', 'del', n.bridge]).catch(() => undefined);
    }
    await new NftApplier(opts.tableName ?? names.table, () => ({ networks: [], ports: [] })).remove();
    rmSync(join(root, 'networks'), { recursive: true, force: true });
  }
}

function parseIpOrThrow(s: string): number {
  const c = parseCidr(s);
  if (c === undefined) throw new OrcError('ORC_INTERNAL', `bad address ${s} in a network record`);
  return c.base;
}
