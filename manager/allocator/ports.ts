/**
 * Ingress-mode published ports, cluster-wide: a port number per protocol
 * belongs to one service at most. `publishedPort: 0` takes a free one from
 * Swarm's dynamic range 30000–32767.
 */
import type { PortConfig } from '../../common/cluster/types.js';

export const DYNAMIC_FIRST = 30000;
export const DYNAMIC_LAST = 32767;

function key(protocol: string, port: number): string {
  return `${protocol}/${port}`;
}

export interface PortsResult {
  ports: PortConfig[];
  /** Requested ports another service holds, as `tcp/8080 (held by ID)`. */
  conflicts: string[];
}

export class PortAllocator {
  /** `tcp/8080` → the service holding it. */
  private readonly owners = new Map<string, string>();
  private readonly held = new Map<string, Set<string>>();
  private cursor = DYNAMIC_FIRST;

  ownerOf(protocol: string, port: number): string | undefined {
    return this.owners.get(key(protocol, port));
  }

  private take(serviceId: string, k: string): void {
    this.owners.set(k, serviceId);
    let s = this.held.get(serviceId);
    if (s === undefined) this.held.set(serviceId, (s = new Set()));
    s.add(k);
  }

  /** Records ports a service already has (a full pass); false for one another service holds. */
  reserve(serviceId: string, p: PortConfig): boolean {
    if (p.publishMode !== 'ingress' || p.publishedPort <= 0) return true;
    const k = key(p.protocol, p.publishedPort);
    const owner = this.owners.get(k);
    if (owner !== undefined && owner !== serviceId) return false;
    this.take(serviceId, k);
    return true;
  }

  /** Frees every port of the service. */
  releaseAll(serviceId: string): void {
    for (const k of this.held.get(serviceId) ?? []) if (this.owners.get(k) === serviceId) this.owners.delete(k);
    this.held.delete(serviceId);
  }

  private pickDynamic(protocol: string): number | undefined {
    const count = DYNAMIC_LAST - DYNAMIC_FIRST + 1;
    for (let i = 0; i < count; i++) {
      const port = this.cursor;
      this.cursor = port >= DYNAMIC_LAST ? DYNAMIC_FIRST : port + 1;
      if (!this.owners.has(key(protocol, port))) return port;
    }
    return undefined;
  }

  /**
   * The service's ports as allocated, from its spec and what it had: a
   * requested port when free (or already its own), a dynamic one it had for
   * the same target kept, otherwise a new one. Host-mode ports are passed on
   * as they are. Ports it no longer publishes are freed.
   */
  allocate(serviceId: string, wanted: readonly PortConfig[], had: readonly PortConfig[]): PortsResult {
    const before = new Set(this.held.get(serviceId) ?? []);
    const keep = new Set<string>();
    const ports: PortConfig[] = [];
    const conflicts: string[] = [];
    for (const p of wanted) {
      if (p.publishMode === 'host') {
        ports.push({ ...p });
        continue;
      }
      if (p.publishedPort > 0) {
        const k = key(p.protocol, p.publishedPort);
        const owner = this.owners.get(k);
        if (owner !== undefined && owner !== serviceId) {
          conflicts.push(`${k} (held by ${owner})`);
          continue;
        }
        this.take(serviceId, k);
        keep.add(k);
        ports.push({ ...p });
        continue;
      }
      const old = had.find(
        (h) =>
          h.publishMode === 'ingress' &&
          h.protocol === p.protocol &&
          h.targetPort === p.targetPort &&
          h.name === p.name &&
          h.publishedPort >= DYNAMIC_FIRST &&
          h.publishedPort <= DYNAMIC_LAST &&
          !keep.has(key(h.protocol, h.publishedPort)) &&
          (this.owners.get(key(h.protocol, h.publishedPort)) ?? serviceId) === serviceId,
      );
      const port = old?.publishedPort ?? this.pickDynamic(p.protocol);
      if (port === undefined) {
        conflicts.push(`${p.protocol}/${p.targetPort}: no free port left in ${DYNAMIC_FIRST}-${DYNAMIC_LAST}`);
        continue;
      }
      const k = key(p.protocol, port);
      this.take(serviceId, k);
      keep.add(k);
      ports.push({ ...p, publishedPort: port });
    }
    const mine = this.held.get(serviceId);
    for (const k of before) {
      if (keep.has(k)) continue;
      if (this.owners.get(k) === serviceId) this.owners.delete(k);
      mine?.delete(k);
    }
    return { ports, conflicts };
  }
}
