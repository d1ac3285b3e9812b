/**
 * IPv4 addresses as numbers (0 … 2^32−1) and CIDR blocks: parsing, printing,
 * overlap, and the pool of host addresses of one subnet.
 */
import { OrcError } from '../../common/errors.js';

export interface Cidr {
  /** The block's first address. */
  base: number;
  bits: number;
}

export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function blockSize(c: Cidr): number {
  return 2 ** (32 - c.bits);
}

/** `10.0.1.0/24`; the address is brought down to the block's start. Throws ORC_INVALID_SPEC. */
export function parseCidr(text: string): Cidr {
  const [addr = '', bitsText, extra] = text.split('/');
  const ip = parseIp(addr);
  const bits = Number(bitsText);
  if (ip === undefined || extra !== undefined || bitsText === undefined || !/^\d{1,2}$/.test(bitsText) || bits > 32) {
    throw new OrcError('ORC_INVALID_SPEC', `invalid subnet "${text}": expected an IPv4 CIDR such as 10.0.1.0/24`);
  }
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), bits };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.bits}`;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + blockSize(b) && b.base < a.base + blockSize(a);
}

export function contains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + blockSize(c);
}

/** The first block of `bits` in one of the pools that overlaps none of `used`. */
export function pickSubnet(pools: readonly Cidr[], bits: number, used: Iterable<Cidr>): Cidr | undefined {
  const taken = [...used].sort((a, b) => a.base - b.base);
  const size = 2 ** (32 - bits);
  for (const pool of pools) {
    if (bits < pool.bits) continue;
    const end = pool.base + blockSize(pool);
    let base = pool.base;
    while (base + size <= end) {
      const cand = { base, bits };
      const hit = taken.find((u) => overlaps(u, cand));
      if (hit === undefined) return cand;
      // jump past the block in the way, to the next boundary of our size
      const after = hit.base + blockSize(hit);
      base = Math.max(base + size, Math.ceil(after / size) * size);
    }
  }
  return undefined;
}

/**
 * The host addresses of one subnet: not the network's own address, not the
 * broadcast address, not the gateway. Handed out serially from a cursor, so
 * a freed address is not given again at once.
 */
export class AddressPool {
  private readonly used = new Set<number>();
  private cursor: number;
  private readonly first: number;
  private readonly last: number;

  constructor(readonly subnet: Cidr, readonly gateway: number) {
    const size = blockSize(subnet);
    this.first = size > 2 ? subnet.base + 1 : subnet.base;
    this.last = size > 2 ? subnet.base + size - 2 : subnet.base + size - 1;
    this.cursor = this.first;
  }

  /** Marks an address in use; false when it is outside the pool or already in use. */
  reserve(ip: number): boolean {
    if (ip < this.first || ip > this.last || ip === this.gateway || this.used.has(ip)) return false;
    this.used.add(ip);
    return true;
  }

  allocate(): number | undefined {
    const count = this.last - this.first + 1;
    for (let i = 0; i < count; i++) {
      const ip = this.cursor;
      this.cursor = ip >= this.last ? this.first : ip + 1;
      if (ip !== this.gateway && !this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    return undefined;
  }

  release(ip: number): void {
    this.used.delete(ip);
  }

  get inUse(): number {
    return this.used.size;
  }
}
