/**
 * IPv4 address management, pure: parsing, subnet arithmetic, Docker's default
 * pools, choosing a free subnet against what the host already routes, and
 * handing out addresses inside a subnet. No I/O: the host's routes come in
 * as arguments (host.ts reads them).
 */
import { OrcError } from '../../common/errors.js';

/** An IPv4 prefix: `base` is the network address as an unsigned 32-bit number. */
export interface Cidr {
  base: number;
  prefixLen: number;
}

/** A pool to carve subnets of `size` bits out of (Docker's `default-address-pools`). */
export interface AddressPool {
  base: string;
  size: number;
}

/** Docker's default pools: 172.17–31.0.0/16, then 192.168.0.0/16 in /20s. */
export const DEFAULT_POOLS: readonly AddressPool[] = [
  { base: '172.17.0.0/16', size: 16 }, { base: '172.18.0.0/16', size: 16 }, { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 }, { base: '172.24.0.0/14', size: 16 }, { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

export function parseIp(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const b = Number(m[i]);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function mask(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

/** `a.b.c.d/n` (or a bare address as /32); the base is masked. undefined when it does not parse. */
export function parseCidr(s: string): Cidr | undefined {
  const [ip, len, ...rest] = s.split('/');
  if (ip === undefined || rest.length > 0) return undefined;
  const base = parseIp(ip);
  const prefixLen = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (base === undefined || !(prefixLen >= 0 && prefixLen <= 32)) return undefined;
  return { base: (base & mask(prefixLen)) >>> 0, prefixLen };
}

/** The same, refusing with ORC_USAGE naming `what`; `strict` refuses host bits (`10.0.0.1/24`), as Docker does for a subnet. */
export function requireCidr(s: string, what: string, strict = false): Cidr {
  const c = parseCidr(s);
  if (c === undefined || !s.includes('/')) throw new OrcError('ORC_USAGE', `invalid ${what} ${s}: expected an IPv4 prefix such as 172.20.0.0/16`);
  if (strict && parseIp(s.split('/')[0] ?? '') !== c.base) throw new OrcError('ORC_USAGE', `invalid ${what} ${s}: it has host bits set (did you mean ${formatCidr(c)}?)`);
  return c;
}

export function requireIp(s: string, what: string): number {
  const n = parseIp(s);
  if (n === undefined) throw new OrcError('ORC_USAGE', `invalid ${what} ${s}: expected an IPv4 address`);
  return n;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefixLen}`;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefixLen);
}

export function last(c: Cidr): number {
  return c.base + size(c) - 1;
}

export function contains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip <= last(c);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= last(b) && b.base <= last(a);
}

/** Every subnet of `pool`, in order. */
export function* poolSubnets(pool: AddressPool): Generator<Cidr> {
  const base = requireCidr(pool.base, 'address pool');
  if (pool.size < base.prefixLen || pool.size > 30) throw new OrcError('ORC_USAGE', `address pool ${pool.base}: size ${pool.size} must be between ${base.prefixLen} and 30`);
  const step = 2 ** (32 - pool.size);
  for (let b = base.base; b <= last(base); b += step) yield { base: b, prefixLen: pool.size };
}

/**
 * The first subnet of the pools that overlaps none of `inUse` (the host's
 * routes and addresses, and this data root's other networks); undefined when
 * the pools are exhausted. The default route (0.0.0.0/0) is never in `inUse`.
 */
export function pickSubnet(pools: readonly AddressPool[], inUse: readonly Cidr[]): Cidr | undefined {
  for (const pool of pools) {
    for (const s of poolSubnets(pool)) {
      if (!inUse.some((u) => overlaps(u, s))) return s;
    }
  }
  return undefined;
}

/** A network's addressing: where addresses come from and which are never handed out. */
export interface Subnet {
  subnet: Cidr;
  gateway: number;
  /** Dynamic addresses come from here (default: the whole subnet). */
  ipRange?: Cidr;
  /** Reserved addresses (Docker's `--aux-address`). */
  aux: readonly number[];
}

/** Validates a network's IPAM settings and fills in the gateway (first host address) as Docker does. */
export function subnetConfig(network: string, subnet: Cidr, opts: { gateway?: string; ipRange?: string; auxAddresses?: Record<string, string> }): Subnet {
  if (subnet.prefixLen > 30) throw new OrcError('ORC_USAGE', `network ${network}: subnet ${formatCidr(subnet)} is too small (at most /30)`);
  const gateway = opts.gateway !== undefined && opts.gateway !== '' ? requireIp(opts.gateway, 'gateway') : subnet.base + 1;
  if (!contains(subnet, gateway) || gateway === subnet.base || gateway === last(subnet)) {
    throw new OrcError('ORC_USAGE', `network ${network}: gateway ${formatIp(gateway)} is not a host address of subnet ${formatCidr(subnet)}`);
  }
  const out: Subnet = { subnet, gateway, aux: [] };
  if (opts.ipRange !== undefined && opts.ipRange !== '') {
    const r = requireCidr(opts.ipRange, 'ip range', true);
    if (r.base < subnet.base || last(r) > last(subnet)) throw new OrcError('ORC_USAGE', `network ${network}: ip range ${formatCidr(r)} is not inside subnet ${formatCidr(subnet)}`);
    out.ipRange = r;
  }
  const aux: number[] = [];
  for (const [name, a] of Object.entries(opts.auxAddresses ?? {})) {
    const n = requireIp(a, `aux address ${name}`);
    if (!contains(subnet, n)) throw new OrcError('ORC_USAGE', `network ${network}: aux address ${name}=${a} is not inside subnet ${formatCidr(subnet)}`);
    aux.push(n);
  }
  out.aux = aux;
  return out;
}

/**
 * The addresses of one network in use: the gateway, aux addresses, network
 * and broadcast addresses are never handed out. Dynamic allocation walks the
 * range from the address after the last one given (wrapping), as Docker
 * does, so a released address is not reused at once.
 */
export class AddressSpace {
  private readonly taken = new Set<number>();
  private cursor: number;

  constructor(readonly network: string, readonly config: Subnet) {
    this.cursor = (config.ipRange ?? config.subnet).base;
  }

  private reserved(ip: number): boolean {
    const s = this.config.subnet;
    return ip === s.base || ip === last(s) || ip === this.config.gateway || this.config.aux.includes(ip);
  }

  /** Marks an address in use (restoring state); false when it already was. */
  claim(ip: number): boolean {
    if (this.taken.has(ip)) return false;
    this.taken.add(ip);
    return true;
  }

  /** A static address (Compose `ipv4_address`): inside the subnet, not reserved, free. */
  claimStatic(s: string): number {
    const ip = requireIp(s, `address for network ${this.network}`);
    const subnet = this.config.subnet;
    if (!contains(subnet, ip)) throw new OrcError('ORC_USAGE', `address ${s} is not inside subnet ${formatCidr(subnet)} of network ${this.network}`);
    if (this.reserved(ip)) throw new OrcError('ORC_CONFLICT', `address ${s} is reserved on network ${this.network} (network, broadcast, gateway or aux address)`);
    if (!this.claim(ip)) throw new OrcError('ORC_CONFLICT', `address ${s} is already in use on network ${this.network}`);
    return ip;
  }

  /** The next free address of the range, or ORC_CONFLICT when none is left. */
  allocate(): number {
    const range = this.config.ipRange ?? this.config.subnet;
    const n = size(range);
    for (let i = 0; i < n; i++) {
      const ip = range.base + ((this.cursor - range.base + i) % n);
      if (this.reserved(ip) || this.taken.has(ip)) continue;
      this.taken.add(ip);
      this.cursor = ip + 1;
      return ip;
    }
    throw new OrcError('ORC_CONFLICT', `no address left in ${formatCidr(range)} on network ${this.network}`);
  }

  release(ip: number): void {
    this.taken.delete(ip);
  }

  get used(): number {
    return this.taken.size;
  }
}

/** Docker's MAC for an address: 02:42 and the four bytes of the address. */
export function macFor(ip: number): string {
  return ['02', '42', ...[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
