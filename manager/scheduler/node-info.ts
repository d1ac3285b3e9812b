/**
 * What the scheduler knows of a node: the node object and what its tasks
 * take from it (reservations, tasks per service, host-mode ports). A task
 * counts on its node from `assigned` until it is terminal.
 */
import { isTerminal, stateRank, type Node, type PortConfig, type Task } from '../../common/cluster/types.js';

/** What one task takes from its node. */
export interface Contribution {
  nodeId: string;
  serviceId: string;
  nanoCpus: number;
  memoryBytes: number;
  /** `tcp/8080`: host-mode published ports. */
  hostPorts: string[];
}

const ASSIGNED = stateRank('assigned');

/** `proto/port` of each host-mode port a task publishes. */
export function hostPortKeys(ports: readonly PortConfig[]): string[] {
  const keys: string[] = [];
  for (const p of ports) if (p.publishMode === 'host' && p.publishedPort > 0) keys.push(`${p.protocol}/${p.publishedPort}`);
  return keys;
}

/** What the task takes from its node, or undefined when it takes nothing (not placed yet, or terminal). */
export function contributionOf(t: Task): Contribution | undefined {
  if (t.nodeId === '' || isTerminal(t.status.state) || stateRank(t.status.state) < ASSIGNED) return undefined;
  const r = t.spec.resources.reservations;
  return { nodeId: t.nodeId, serviceId: t.serviceId, nanoCpus: r.nanoCpus, memoryBytes: r.memoryBytes, hostPorts: hostPortKeys(t.ports) };
}

export class NodeInfo {
  /** Undefined while only its tasks are known (a task event before the node's) or once removed. */
  node: Node | undefined;
  /** Tasks counted on the node. */
  total = 0;
  readonly perService = new Map<string, number>();
  reservedNanoCpus = 0;
  reservedMemoryBytes = 0;
  /** `tcp/8080` → how many tasks publish it. */
  readonly hostPorts = new Map<string, number>();

  constructor(readonly id: string, node?: Node) {
    this.node = node;
  }

  tasksOf(serviceId: string): number {
    return this.perService.get(serviceId) ?? 0;
  }

  availableNanoCpus(): number {
    return (this.node?.description.resources.nanoCpus ?? 0) - this.reservedNanoCpus;
  }

  availableMemoryBytes(): number {
    return (this.node?.description.resources.memoryBytes ?? 0) - this.reservedMemoryBytes;
  }

  add(c: Contribution): void {
    this.total++;
    this.perService.set(c.serviceId, this.tasksOf(c.serviceId) + 1);
    this.reservedNanoCpus += c.nanoCpus;
    this.reservedMemoryBytes += c.memoryBytes;
    for (const k of c.hostPorts) this.hostPorts.set(k, (this.hostPorts.get(k) ?? 0) + 1);
  }

  remove(c: Contribution): void {
    this.total--;
    const n = this.tasksOf(c.serviceId) - 1;
    if (n > 0) this.perService.set(c.serviceId, n);
    else this.perService.delete(c.serviceId);
    this.reservedNanoCpus -= c.nanoCpus;
    this.reservedMemoryBytes -= c.memoryBytes;
    for (const k of c.hostPorts) {
      const m = (this.hostPorts.get(k) ?? 0) - 1;
      if (m > 0) this.hostPorts.set(k, m);
      else this.hostPorts.delete(k);
    }
  }

  /** True when nothing refers to it any more (no node object, no task counted). */
  empty(): boolean {
    return this.node === undefined && this.total === 0;
  }
}
