/**
 * A container's network, from the engine's side: at each start the network
 * namespace, endpoints and published ports (worker/network), the names the
 * embedded DNS answers for it (worker/dns), and the /etc/hosts,
 * /etc/resolv.conf and /etc/hostname it sees; at each end, all of it undone.
 *
 * The files are bind-mounted from the container's folder at create and
 * rewritten in place at each start (a bind mount holds the inode, so never
 * renamed over), as Docker does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';
import type { EndpointRequest, PortBinding, PortRequest } from '../network/types.js';

/** The options of a container that concern its network (part of CreateOptions, kept in its record). */
export interface ContainerNetworkOptions {
  /**
   * Attachments to networks (Compose `networks`); when present they replace `network`
   * (which stays for `none`, `host`, `container:<ref>`, or a single network name).
   */
  networks?: readonly EndpointRequest[];
  /** `-p` / Compose `ports`. */
  publish?: readonly PortRequest[];
  /** `--dns`, `--dns-search`, `--dns-option` (Compose `dns`, `dns_search`, `dns_opt`). */
  dns?: readonly string[];
  dnsSearch?: readonly string[];
  dnsOptions?: readonly string[];
  /** `--add-host host:ip` (Compose `extra_hosts`, `host=ip` or `host:ip`; `host-gateway` is the network's gateway). */
  extraHosts?: readonly string[];
  domainname?: string;
}

/** What the networks module offers (worker/network `Networks`). */
export interface NetworksApi {
  netnsPath(containerId: string): string;
  attach(containerId: string, endpoints: EndpointRequest[], opts: { ports?: PortRequest[]; dns?: { address: string; udpPort: number; tcpPort: number } }): Promise<Attachment>;
  detach(containerId: string): Promise<void>;
  attachment(containerId: string): Attachment | undefined;
  /** The network's id, gateway and whether it is the default bridge (no embedded DNS there). */
  resolve(ref: string): { id: string; name: string; gateway: string; isDefault: boolean };
}

export interface Attachment {
  netnsPath: string;
  endpoints: Array<{ networkId: string; networkName: string; ip: string; prefixLen: number; gateway: string; mac: string; interfaceName: string; aliases: string[] }>;
  ports: PortBinding[];
}

/** What the embedded DNS server offers (worker/dns `DnsServer`). */
export interface DnsApi {
  listen(networkId: string, address: string, ports?: { udpPort: number; tcpPort: number }): Promise<{ udpPort: number; tcpPort: number }>;
  upsert(e: { containerId: string; networkId: string; ip: string; names: string[]; upstreams?: string[] }): void;
  remove(containerId: string): void;
  unlisten(networkId: string): Promise<void>;
}

/** The container's files, from worker/dns. */
export interface EtcFiles {
  resolvConf(o: { embedded: boolean; hostResolvConf: string; dns?: string[]; dnsSearch?: string[]; dnsOptions?: string[] }): string;
  hostsFile(o: { hostname: string; domainname?: string; ips: string[]; extraHosts?: string[]; hostGateway?: string }): string;
}

/** The parts of a container the network needs. */
export interface NetworkedContainer {
  id: string;
  name: string;
  hostname: string;
  domainname?: string;
  labels: Readonly<Record<string, string>>;
  mode: string;
  networks: readonly EndpointRequest[];
  publish: readonly PortRequest[];
  dns: readonly string[];
  dnsSearch: readonly string[];
  dnsOptions: readonly string[];
  extraHosts: readonly string[];
}

/** A container's network facts from its identity and its options (at create, and from its record at each start). */
export function networkedContainer(id: string, name: string, hostname: string, labels: Readonly<Record<string, string>>, o: ContainerNetworkOptions & { network?: string }): NetworkedContainer {
  return {
    id, name, hostname, labels,
    ...(o.domainname !== undefined ? { domainname: o.domainname } : {}),
    mode: o.network ?? 'bridge', networks: o.networks ?? [], publish: o.publish ?? [],
    dns: o.dns ?? [], dnsSearch: o.dnsSearch ?? [], dnsOptions: o.dnsOptions ?? [], extraHosts: o.extraHosts ?? [],
  };
}

/** Where a container's network comes from. */
export type NetworkMode = { kind: 'none' } | { kind: 'host' } | { kind: 'container'; ref: string } | { kind: 'networks'; endpoints: EndpointRequest[] };

export function networkMode(mode: string | undefined, networks: readonly EndpointRequest[] | undefined): NetworkMode {
  if (networks !== undefined && networks.length > 0) return { kind: 'networks', endpoints: [...networks] };
  const m = mode ?? 'bridge';
  if (m === 'none') return { kind: 'none' };
  if (m === 'host') return { kind: 'host' };
  if (m.startsWith('container:')) {
    const ref = m.slice('container:'.length);
    if (ref === '') throw new OrcError('ORC_USAGE', '--network container: needs a container name or id');
    return { kind: 'container', ref };
  }
  return { kind: 'networks', endpoints: [{ network: m }] };
}

const SERVICE_LABEL = 'com.docker.compose.service';

/** Writes a bind-mounted file in place (same inode). */
async function writeInPlace(path: string, text: string): Promise<void> {
  const fh = await open(path, 'w', 0o644);
  try {
    await fh.writeFile(text);
  } finally {
    await fh.close();
  }
}

export class ContainerNetworking {
  /** Per network, the DNS ports its listener has (kept across engine restarts: containers' redirects point at them). */
  private readonly dnsPorts = new Map<string, { udpPort: number; tcpPort: number }>();
  private readonly portsFile: string;
  private readonly listening = new Map<string, Promise<{ udpPort: number; tcpPort: number }>>();

  constructor(
    private readonly networks: NetworksApi,
    private readonly dnsServer: DnsApi,
    private readonly files: EtcFiles,
    dataRoot: string,
    private readonly hostResolvConf: () => string,
  ) {
    this.portsFile = join(dataRoot, 'dns-ports.json');
    try {
      const saved = JSON.parse(readFileSync(this.portsFile, 'utf8')) as Record<string, { udpPort: number; tcpPort: number }>;
      for (const [k, v] of Object.entries(saved)) this.dnsPorts.set(k, v);
    } catch {
      // none yet
    }
  }

  netnsPath(containerId: string): string {
    return this.networks.netnsPath(containerId);
  }

  /** The initial files of a new container (their contents are written again at each start). */
  initialFiles(c: NetworkedContainer): { hosts: string; resolvConf: string; hostname: string } {
    const mode = networkMode(c.mode, c.networks);
    const embedded = mode.kind === 'networks' && mode.endpoints.some((e) => !this.isDefault(e.network));
    // `host-gateway` needs the gateway, known once the network has its subnet: until the first start writes the file, those lines wait
    const gateway = mode.kind === 'networks' ? this.gatewayOf(mode.endpoints[0]?.network) : '';
    const extraHosts = gateway !== '' ? [...c.extraHosts] : c.extraHosts.filter((h) => !h.endsWith('host-gateway'));
    return {
      hosts: this.files.hostsFile({
        hostname: c.hostname, ...(c.domainname !== undefined ? { domainname: c.domainname } : {}), ips: [], extraHosts,
        ...(gateway !== '' ? { hostGateway: gateway } : {}),
      }),
      resolvConf: this.files.resolvConf({ embedded, hostResolvConf: this.hostResolvConf(), dns: [...c.dns], dnsSearch: [...c.dnsSearch], dnsOptions: [...c.dnsOptions] }),
      hostname: `${c.hostname}\n`,
    };
  }

  private gatewayOf(network: string | undefined): string {
    try {
      return network !== undefined ? this.networks.resolve(network).gateway : '';
    } catch {
      return '';
    }
  }

  private isDefault(network: string): boolean {
    try {
      return this.networks.resolve(network).isDefault;
    } catch {
      return false;
    }
  }

  /** The DNS listener of a network: one per network, made once (concurrent starts share it), on its saved ports when it had some. */
  private dnsFor(networkId: string, gateway: string): Promise<{ udpPort: number; tcpPort: number }> {
    let p = this.listening.get(networkId);
    if (p === undefined) {
      p = this.listen(networkId, gateway);
      this.listening.set(networkId, p);
      p.catch(() => this.listening.delete(networkId));
    }
    return p;
  }

  private async listen(networkId: string, gateway: string): Promise<{ udpPort: number; tcpPort: number }> {
    const known = this.dnsPorts.get(networkId);
    const ports = known !== undefined
      ? await this.dnsServer.listen(networkId, gateway, known).catch(() => this.dnsServer.listen(networkId, gateway))
      : await this.dnsServer.listen(networkId, gateway);
    if (known?.udpPort !== ports.udpPort || known.tcpPort !== ports.tcpPort) {
      this.dnsPorts.set(networkId, ports);
      await writeFileAtomic(this.portsFile, JSON.stringify(Object.fromEntries(this.dnsPorts)));
    }
    return ports;
  }

  /** A network was removed: its DNS listener goes, and its saved ports. */
  async forget(networkId: string): Promise<void> {
    this.listening.delete(networkId);
    await this.dnsServer.unlisten(networkId);
    if (this.dnsPorts.delete(networkId)) await writeFileAtomic(this.portsFile, JSON.stringify(Object.fromEntries(this.dnsPorts)));
  }

  /** At start: namespace, endpoints, ports, DNS names, files. Undone on failure. */
  async up(c: NetworkedContainer, dir: string): Promise<Attachment | undefined> {
    const mode = networkMode(c.mode, c.networks);
    if (mode.kind !== 'networks') return undefined;
    const nets = mode.endpoints.map((e) => ({ e, n: this.networks.resolve(e.network) }));
    const userNet = nets.find((x) => !x.n.isDefault);
    try {
      const dns = userNet !== undefined ? { address: userNet.n.gateway, ...(await this.dnsFor(userNet.n.id, userNet.n.gateway)) } : undefined;
      const att = await this.networks.attach(c.id, mode.endpoints, { ports: [...c.publish], ...(dns !== undefined ? { dns } : {}) });
      this.register(c, att);
      const ips = att.endpoints.map((e) => e.ip);
      const gateway = att.endpoints[0]?.gateway;
      await writeInPlace(join(dir, 'hosts'), this.files.hostsFile({
        hostname: c.hostname, ...(c.domainname !== undefined ? { domainname: c.domainname } : {}), ips, extraHosts: [...c.extraHosts],
        ...(gateway !== undefined ? { hostGateway: gateway } : {}),
      }));
      await writeInPlace(join(dir, 'resolv.conf'), this.files.resolvConf({
        embedded: dns !== undefined, hostResolvConf: this.hostResolvConf(), dns: [...c.dns], dnsSearch: [...c.dnsSearch], dnsOptions: [...c.dnsOptions],
      }));
      return att;
    } catch (e) {
      await this.down(c.id).catch(() => undefined);
      throw e;
    }
  }

  /** The names the embedded DNS answers for the container: its name, service, aliases, hostname, short id. */
  private register(c: NetworkedContainer, att: Attachment): void {
    const service = c.labels[SERVICE_LABEL];
    for (const ep of att.endpoints) {
      const names = new Set([c.name, c.hostname, c.id.slice(0, 12), ...ep.aliases, ...(service !== undefined ? [service] : [])]);
      this.dnsServer.upsert({ containerId: c.id, networkId: ep.networkId, ip: ep.ip, names: [...names].filter((n) => n !== ''), ...(c.dns.length > 0 ? { upstreams: [...c.dns] } : {}) });
    }
  }

  /** A running container adopted by a new engine: its DNS names again (the kernel state is the network module's). */
  adopt(c: NetworkedContainer): void {
    const att = this.networks.attachment(c.id);
    if (att === undefined) return;
    for (const ep of att.endpoints) void this.dnsFor(ep.networkId, ep.gateway).catch(() => undefined);
    this.register(c, att);
  }

  /** At the end of a run (and at remove): idempotent. */
  async down(containerId: string): Promise<void> {
    this.dnsServer.remove(containerId);
    await this.networks.detach(containerId);
  }

  attachment(containerId: string): Attachment | undefined {
    return this.networks.attachment(containerId);
  }

  static hostResolvConfReader(path: string): () => string {
    return () => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  }
}
