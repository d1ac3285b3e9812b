/**
 * The allocator: networks get a subnet, a gateway and a VXLAN id; services
 * their ingress published ports; new tasks an address on each of their
 * networks and their host-mode ports, and then move to pending.
 *
 * Its indexes (subnets, VNIs, addresses per network, ports) are rebuilt from
 * the store at each full pass, so a new allocator (a new leader) never hands
 * out what is in use; they are kept by the watch afterwards. Addresses are
 * held from allocation until the task is terminal or removed.
 */
import { systemClock, type Clock } from '../../common/clock.js';
import {
  isTerminal,
  stateRank,
  type Cluster,
  type Kind,
  type Network,
  type NetworkAttachment,
  type PortConfig,
  type Service,
  type Task,
} from '../../common/cluster/types.js';
import type { Store, StoreEvent, WriteOp } from '../store/store.js';
import { LoopComponent, tracer } from '../loop/index.js';
import { AddressPool, formatCidr, formatIp, overlaps, parseCidr, parseIp, pickSubnet, type Cidr } from './ipv4.js';
import { PortAllocator } from './ports.js';

export interface AllocatorDeps {
  clock?: Clock;
  random?: () => number;
  log?: (msg: string) => void;
}

export const DEFAULT_ADDR_POOL = ['10.0.0.0/8'];
export const DEFAULT_SUBNET_SIZE = 24;
export const FIRST_VNI = 4096;
export const LAST_VNI = 2 ** 24 - 1;
export const PENDING_MESSAGE = 'pending task scheduling';

const KINDS: readonly Kind[] = ['cluster', 'network', 'service', 'task'];
const RUNNING = stateRank('running');

function allocated(n: Network): boolean {
  return n.vni > 0 && n.subnet !== '';
}

/** A new task the allocator is to move on: meant to run (or complete), not yet past `new`. */
function wantsAllocation(t: Task): boolean {
  return t.status.state === 'new' && (t.desiredState === 'complete' || stateRank(t.desiredState) <= RUNNING);
}

interface Held {
  networkId: string;
  ip: number;
}

function first<T>(s: Set<T>): T | undefined {
  for (const x of s) return x;
  return undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Allocator extends LoopComponent {
  private readonly trace: ((msg: string) => void) | undefined;

  private pools: Cidr[] = DEFAULT_ADDR_POOL.map(parseCidr);
  private subnetSize = DEFAULT_SUBNET_SIZE;
  private readonly networks = new Map<string, Network>();
  private readonly subnets = new Map<string, Cidr>();
  private readonly vnis = new Map<number, string>();
  private readonly addressPools = new Map<string, AddressPool>();
  private readonly services = new Map<string, Service>();
  private ports = new PortAllocator();
  private readonly tasks = new Map<string, Task>();
  /** The addresses each task holds. */
  private readonly held = new Map<string, Held[]>();

  private readonly dirtyNetworks = new Set<string>();
  private readonly dirtyServices = new Set<string>();
  private readonly dirtyTasks = new Set<string>();
  /** Tasks waiting for a network (missing, unallocated or full): looked at again when networks or addresses change. */
  private readonly blockedTasks = new Set<string>();
  /** Services missing a port another service holds: looked at again when ports are freed. */
  private readonly blockedServices = new Set<string>();

  constructor(store: Store, deps: AllocatorDeps = {}) {
    const trace = deps.log ?? tracer('allocator');
    super(store, deps.clock ?? systemClock, deps.log ?? trace ?? ((msg) => process.stderr.write(`allocator: ${msg}\n`)), KINDS);
    this.trace = trace;
  }

  async fullPass(): Promise<void> {
    const [clusters, networks, services, tasks] = await Promise.all([
      this.store.list('cluster'),
      this.store.list('network'),
      this.store.list('service'),
      this.store.list('task'),
    ]);
    this.networks.clear();
    this.subnets.clear();
    this.vnis.clear();
    this.addressPools.clear();
    this.services.clear();
    this.ports = new PortAllocator();
    this.tasks.clear();
    this.held.clear();
    this.dirtyNetworks.clear();
    this.dirtyServices.clear();
    this.dirtyTasks.clear();
    this.blockedTasks.clear();
    this.blockedServices.clear();
    this.setCluster(clusters[0]);
    for (const n of networks) this.putNetwork(n);
    for (const s of services) this.putService(s);
    for (const t of tasks) this.putTask(t);
    this.stale = false;
  }

  onEvent(e: StoreEvent): void {
    switch (e.kind) {
      case 'cluster':
        if (e.type === 'put') this.setCluster(e.object as Cluster);
        return;
      case 'network': {
        const n = e.object as Network;
        if (e.type === 'delete') this.dropNetwork(n.id);
        else if ((this.networks.get(n.id)?.version ?? -1) < n.version) this.putNetwork(n);
        return;
      }
      case 'service': {
        const s = e.object as Service;
        if (e.type === 'delete') this.dropService(s.id);
        else if ((this.services.get(s.id)?.version ?? -1) < s.version) this.putService(s);
        return;
      }
      case 'task': {
        const t = e.object as Task;
        if (e.type === 'delete') this.dropTask(t.id);
        else if ((this.tasks.get(t.id)?.version ?? -1) < t.version) this.putTask(t);
        return;
      }
      default:
        return;
    }
  }

  // ------------------------------------------------------------ the view

  private setCluster(c: Cluster | undefined): void {
    const pools: Cidr[] = [];
    for (const p of c?.defaultAddrPool ?? []) {
      try {
        pools.push(parseCidr(p));
      } catch (e) {
        this.log(`cluster: ${message(e)}; pool ignored`);
      }
    }
    this.pools = pools.length > 0 ? pools : DEFAULT_ADDR_POOL.map(parseCidr);
    this.subnetSize = c !== undefined && c.subnetSize > 0 && c.subnetSize <= 30 ? c.subnetSize : DEFAULT_SUBNET_SIZE;
  }

  private putNetwork(n: Network): void {
    this.networks.set(n.id, n);
    if (!allocated(n)) {
      this.dirtyNetworks.add(n.id);
      return;
    }
    this.dirtyNetworks.delete(n.id);
    if (this.subnets.has(n.id)) return;
    let subnet: Cidr;
    try {
      subnet = parseCidr(n.subnet);
    } catch (e) {
      this.log(`network ${n.id}: ${message(e)}`);
      return;
    }
    this.subnets.set(n.id, subnet);
    this.vnis.set(n.vni, n.id);
    const pool = new AddressPool(subnet, parseIp(n.gateway) ?? subnet.base + 1);
    this.addressPools.set(n.id, pool);
    // addresses of tasks known before their network
    for (const hs of this.held.values()) for (const h of hs) if (h.networkId === n.id) pool.reserve(h.ip);
    this.unblockTasks();
  }

  private dropNetwork(id: string): void {
    this.networks.delete(id);
    this.dirtyNetworks.delete(id);
    this.subnets.delete(id);
    this.addressPools.delete(id);
    for (const [vni, owner] of this.vnis) if (owner === id) this.vnis.delete(vni);
  }

  private putService(s: Service): void {
    this.services.set(s.id, s);
    for (const p of s.endpoint.ports) {
      if (!this.ports.reserve(s.id, p)) this.log(`service ${s.id}: port ${p.protocol}/${p.publishedPort} is held by service ${this.ports.ownerOf(p.protocol, p.publishedPort) ?? '?'}`);
    }
    this.dirtyServices.add(s.id);
  }

  private dropService(id: string): void {
    this.services.delete(id);
    this.dirtyServices.delete(id);
    this.blockedServices.delete(id);
    this.ports.releaseAll(id);
    this.unblockServices();
  }

  private unblockTasks(): void {
    for (const id of this.blockedTasks) this.dirtyTasks.add(id);
    this.blockedTasks.clear();
  }

  private unblockServices(): void {
    for (const id of this.blockedServices) this.dirtyServices.add(id);
    this.blockedServices.clear();
  }

  private release(taskId: string): void {
    const hs = this.held.get(taskId);
    if (hs === undefined) return;
    this.held.delete(taskId);
    for (const h of hs) this.addressPools.get(h.networkId)?.release(h.ip);
    this.unblockTasks();
  }

  /** Records the addresses a task already carries. */
  private hold(t: Task): void {
    const hs: Held[] = [];
    for (const a of t.networks) {
      for (const addr of a.addresses) {
        const ip = parseIp(addr.split('/')[0] ?? '');
        if (ip === undefined) continue;
        const pool = this.addressPools.get(a.networkId);
        if (pool !== undefined && !pool.reserve(ip)) this.log(`task ${t.id}: address ${addr} on network ${a.networkId} is held twice`);
        hs.push({ networkId: a.networkId, ip });
      }
    }
    if (hs.length > 0) this.held.set(t.id, hs);
  }

  private putTask(t: Task): void {
    this.tasks.set(t.id, t);
    if (isTerminal(t.status.state)) {
      this.release(t.id);
    } else if (!this.held.has(t.id)) {
      this.hold(t);
    }
    if (wantsAllocation(t)) this.dirtyTasks.add(t.id);
    else {
      this.dirtyTasks.delete(t.id);
      this.blockedTasks.delete(t.id);
    }
  }

  private dropTask(id: string): void {
    this.tasks.delete(id);
    this.dirtyTasks.delete(id);
    this.blockedTasks.delete(id);
    this.release(id);
  }

  // ------------------------------------------------------------ a tick

  async tick(): Promise<void> {
    if (this.stale) await this.fullPass();
    const netOps: WriteOp[] = [];
    const unallocated = [...this.dirtyNetworks].flatMap((id) => {
      const n = this.networks.get(id);
      return n !== undefined && !allocated(n) ? [n] : [];
    });
    this.dirtyNetworks.clear();
    // requested subnets first, so a picked one never takes their place
    unallocated.sort((a, b) => Number(a.spec.subnet === '') - Number(b.spec.subnet === ''));
    for (const n of unallocated) this.allocateNetwork(n, netOps);
    await this.commitOrReread(netOps, (kind, id) => this.reread(kind, id));

    const serviceOps: WriteOp[] = [];
    // a service giving up a port marks those waiting for it: they go in the same tick
    for (let id = first(this.dirtyServices); id !== undefined; id = first(this.dirtyServices)) {
      this.dirtyServices.delete(id);
      const s = this.services.get(id);
      if (s !== undefined) this.allocatePorts(s, serviceOps);
    }
    await this.commitOrReread(serviceOps, (kind, id) => this.reread(kind, id));

    const taskOps: WriteOp[] = [];
    const byName = new Map<string, Network>();
    for (const n of this.networks.values()) if (!byName.has(n.spec.name)) byName.set(n.spec.name, n);
    for (const id of [...this.dirtyTasks]) {
      this.dirtyTasks.delete(id);
      const t = this.tasks.get(id);
      if (t !== undefined && wantsAllocation(t)) this.allocateTask(t, byName, taskOps);
    }
    await this.commitOrReread(taskOps, (kind, id) => this.reread(kind, id));
  }

  private allocateNetwork(n: Network, ops: WriteOp[]): void {
    let subnet: Cidr | undefined;
    if (n.spec.subnet !== '') {
      try {
        subnet = parseCidr(n.spec.subnet);
      } catch (e) {
        this.log(`network ${n.id} (${n.spec.name}): ${message(e)}`);
        return;
      }
      const want = subnet;
      const clash = [...this.subnets.entries()].find(([, c]) => overlaps(c, want));
      if (clash !== undefined) {
        this.log(`network ${n.id} (${n.spec.name}): subnet ${n.spec.subnet} overlaps ${formatCidr(clash[1])} of network ${clash[0]}`);
        return;
      }
    } else {
      subnet = pickSubnet(this.pools, this.subnetSize, this.subnets.values());
      if (subnet === undefined) {
        this.log(`network ${n.id} (${n.spec.name}): no /${this.subnetSize} left in ${this.pools.map(formatCidr).join(', ')}`);
        return;
      }
    }
    let gateway = subnet.base + 1;
    if (n.spec.gateway !== '') {
      const g = parseIp(n.spec.gateway);
      if (g === undefined || g < subnet.base || g >= subnet.base + 2 ** (32 - subnet.bits)) {
        this.log(`network ${n.id} (${n.spec.name}): gateway ${n.spec.gateway} is not in ${formatCidr(subnet)}`);
        return;
      }
      gateway = g;
    }
    let vni = n.vni >= FIRST_VNI && (this.vnis.get(n.vni) ?? n.id) === n.id ? n.vni : FIRST_VNI;
    while (this.vnis.has(vni) && this.vnis.get(vni) !== n.id && vni <= LAST_VNI) vni++;
    if (vni > LAST_VNI) {
      this.log(`network ${n.id} (${n.spec.name}): no VXLAN id left`);
      return;
    }
    const next: Network = { ...n, subnet: formatCidr(subnet), gateway: formatIp(gateway), vni };
    this.putNetwork(next);
    ops.push({ op: 'update', kind: 'network', object: next });
    this.trace?.(`network ${n.id} (${n.spec.name}): subnet ${next.subnet}, gateway ${next.gateway}, vni ${vni}`);
  }

  private allocatePorts(s: Service, ops: WriteOp[]): void {
    const keys = (ps: readonly PortConfig[]): Set<string> =>
      new Set(ps.filter((p) => p.publishMode === 'ingress' && p.publishedPort > 0).map((p) => `${p.protocol}/${p.publishedPort}`));
    const before = keys(s.endpoint.ports);
    const { ports, conflicts } = this.ports.allocate(s.id, s.spec.endpoint.ports, s.endpoint.ports);
    const after = keys(ports);
    if ([...before].some((k) => !after.has(k))) {
      // a port it gave up may be what another service waits for
      for (const id of this.blockedServices) if (id !== s.id) this.dirtyServices.add(id);
      this.blockedServices.clear();
    }
    if (conflicts.length > 0) {
      this.blockedServices.add(s.id);
      this.log(`service ${s.id} (${s.spec.name}): published port ${conflicts.join(', ')} not allocated`);
    } else {
      this.blockedServices.delete(s.id);
    }
    if (JSON.stringify(ports) === JSON.stringify(s.endpoint.ports)) return;
    const next: Service = { ...s, endpoint: { ports } };
    this.services.set(s.id, next);
    ops.push({ op: 'update', kind: 'service', object: next });
    this.trace?.(`service ${s.id} (${s.spec.name}): ports ${ports.map((p) => `${p.publishedPort}:${p.targetPort}/${p.protocol}`).join(', ') || 'none'}`);
  }

  private allocateTask(t: Task, byName: Map<string, Network>, ops: WriteOp[]): void {
    const already = new Map<string, NetworkAttachment>();
    for (const a of t.networks) already.set(a.networkId, a);
    const attachments: NetworkAttachment[] = [];
    const taken: Held[] = [];
    let err = '';
    for (const target of t.spec.networks) {
      const n = this.networks.get(target.target) ?? byName.get(target.target);
      if (n === undefined) {
        err = `network ${target.target} not found`;
        break;
      }
      const pool = this.addressPools.get(n.id);
      if (pool === undefined) {
        err = `network ${n.spec.name} has no subnet yet`;
        break;
      }
      const had = already.get(n.id);
      if (had !== undefined && had.addresses.length > 0) {
        attachments.push({ networkId: n.id, addresses: had.addresses, aliases: target.aliases });
        continue;
      }
      const ip = pool.allocate();
      if (ip === undefined) {
        err = `no address left in network ${n.spec.name} (${formatCidr(pool.subnet)})`;
        break;
      }
      taken.push({ networkId: n.id, ip });
      attachments.push({ networkId: n.id, addresses: [`${formatIp(ip)}/${pool.subnet.bits}`], aliases: target.aliases });
    }
    if (err !== '') {
      for (const h of taken) this.addressPools.get(h.networkId)?.release(h.ip);
      this.blockedTasks.add(t.id);
      if (t.status.err === err) return;
      const next: Task = { ...t, status: { ...t.status, err } };
      this.tasks.set(t.id, next);
      ops.push({ op: 'update', kind: 'task', object: next });
      this.trace?.(`task ${t.id}: stays new: ${err}`);
      return;
    }
    const prior = this.held.get(t.id) ?? [];
    if (taken.length > 0) this.held.set(t.id, [...prior, ...taken]);
    const service = this.services.get(t.serviceId);
    const ports = (service?.spec.endpoint.ports ?? []).filter((p) => p.publishMode === 'host').map((p) => ({ ...p }));
    const next: Task = {
      ...t,
      networks: attachments,
      ports,
      status: { ...t.status, state: 'pending', timestamp: this.clock.now(), message: PENDING_MESSAGE, err: '' },
    };
    this.tasks.set(t.id, next);
    ops.push({ op: 'update', kind: 'task', object: next });
    this.trace?.(`task ${t.id}: new -> pending (${attachments.map((a) => a.addresses.join(',')).join(' ') || 'no network'})`);
  }


  private async reread(kind: Kind, id: string): Promise<void> {
    if (kind === 'network') {
      const n = await this.store.get('network', id);
      this.dropNetwork(id);
      if (n !== undefined) this.putNetwork(n);
    } else if (kind === 'service') {
      const s = await this.store.get('service', id);
      if (s === undefined) this.dropService(id);
      else {
        this.services.set(id, s);
        this.dirtyServices.add(id);
      }
    } else {
      const t = await this.store.get('task', id);
      this.dropTask(id);
      if (t !== undefined) this.putTask(t);
    }
  }
}
