/**
 * The filters a node must pass to take a task, cheapest and most selective
 * first, and the pipeline that runs them and turns the counts of rejections
 * into the message a user reads:
 * "no suitable node (insufficient resources on 2 nodes; scheduling constraints not satisfied on 3 nodes)".
 */
import type { Task } from '../../common/cluster/types.js';
import { matchesConstraints, parseConstraints, type Constraint } from './constraint.js';
import { hostPortKeys, type NodeInfo } from './node-info.js';

export interface Filter {
  readonly name: string;
  /** Takes the task to check nodes for; false when the filter has nothing to say about it (then it is skipped). */
  setTask(t: Task): boolean;
  check(n: NodeInfo): boolean;
  /** Why `count` nodes failed this filter. */
  explain(count: number): string;
  /** Set by setTask when the task itself is at fault (a malformed constraint): no node can take it. */
  readonly error?: string | undefined;
}

export function nodes(count: number): string {
  return count === 1 ? '1 node' : `${count} nodes`;
}

/** The node's session is up (status ready). */
export class ReadyFilter implements Filter {
  readonly name = 'ready';
  setTask(_t: Task): boolean {
    return true;
  }
  check(n: NodeInfo): boolean {
    return n.node?.status.state === 'ready';
  }
  explain(count: number): string {
    return `${nodes(count)} not ready`;
  }
}

/** The node takes new tasks (availability active, not pause or drain). */
export class AvailabilityFilter implements Filter {
  readonly name = 'availability';
  setTask(_t: Task): boolean {
    return true;
  }
  check(n: NodeInfo): boolean {
    return n.node?.spec.availability === 'active';
  }
  explain(count: number): string {
    return `${nodes(count)} not available for new tasks (paused or drained)`;
  }
}

/** The node's resources minus its tasks' reservations cover the task's reservations. */
export class ResourceFilter implements Filter {
  readonly name = 'resources';
  private cpus = 0;
  private memory = 0;
  setTask(t: Task): boolean {
    this.cpus = t.spec.resources.reservations.nanoCpus;
    this.memory = t.spec.resources.reservations.memoryBytes;
    return this.cpus > 0 || this.memory > 0;
  }
  check(n: NodeInfo): boolean {
    return (this.cpus <= 0 || n.availableNanoCpus() >= this.cpus) && (this.memory <= 0 || n.availableMemoryBytes() >= this.memory);
  }
  explain(count: number): string {
    return `insufficient resources on ${nodes(count)}`;
  }
}

/** The task's placement constraints hold on the node. */
export class ConstraintFilter implements Filter {
  readonly name = 'constraints';
  private constraints: Constraint[] = [];
  error: string | undefined;
  setTask(t: Task): boolean {
    this.error = undefined;
    this.constraints = [];
    if (t.spec.placement.constraints.length === 0) return false;
    try {
      this.constraints = parseConstraints(t.spec.placement.constraints);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
    return true;
  }
  check(n: NodeInfo): boolean {
    return this.error === undefined && n.node !== undefined && matchesConstraints(n.node, this.constraints);
  }
  explain(count: number): string {
    return this.error ?? `scheduling constraints not satisfied on ${nodes(count)}`;
  }
}

/** The node runs fewer than `maxReplicasPerNode` tasks of the task's service. */
export class MaxReplicasFilter implements Filter {
  readonly name = 'max-replicas';
  private max = 0;
  private serviceId = '';
  setTask(t: Task): boolean {
    this.max = t.spec.placement.maxReplicasPerNode;
    this.serviceId = t.serviceId;
    return this.max > 0;
  }
  check(n: NodeInfo): boolean {
    return n.tasksOf(this.serviceId) < this.max;
  }
  explain(count: number): string {
    return `max replicas per node reached on ${nodes(count)}`;
  }
}

/** No other task on the node publishes one of the task's host-mode ports. */
export class HostPortFilter implements Filter {
  readonly name = 'host-ports';
  private keys: string[] = [];
  setTask(t: Task): boolean {
    this.keys = hostPortKeys(t.ports);
    return this.keys.length > 0;
  }
  check(n: NodeInfo): boolean {
    for (const k of this.keys) if (n.hostPorts.has(k)) return false;
    return true;
  }
  explain(count: number): string {
    return `host-mode port already in use on ${nodes(count)}`;
  }
}

export function defaultFilters(): Filter[] {
  return [new ReadyFilter(), new AvailabilityFilter(), new ResourceFilter(), new ConstraintFilter(), new MaxReplicasFilter(), new HostPortFilter()];
}

/** The filters in order, set up for one task at a time. */
export class Pipeline {
  private active: Filter[] = [];

  constructor(private readonly filters: readonly Filter[] = defaultFilters()) {}

  setTask(t: Task): void {
    this.active = this.filters.filter((f) => f.setTask(t));
  }

  /** Why no node can take the task whatever the nodes are (a malformed constraint), or undefined. */
  error(): string | undefined {
    for (const f of this.active) if (f.error !== undefined) return f.error;
    return undefined;
  }

  check(n: NodeInfo): boolean {
    for (const f of this.active) if (!f.check(n)) return false;
    return true;
  }

  /**
   * Counts each node against the first filter it fails and says why; ''
   * when some node passes them all.
   */
  explain(infos: Iterable<NodeInfo>): string {
    const err = this.error();
    if (err !== undefined) return err;
    const counts = new Array<number>(this.active.length).fill(0);
    let seen = 0;
    for (const n of infos) {
      if (n.node === undefined) continue;
      seen++;
      const i = this.active.findIndex((f) => !f.check(n));
      if (i < 0) return '';
      counts[i] = (counts[i] ?? 0) + 1;
    }
    if (seen === 0) return 'no suitable node (no node in the cluster)';
    const parts = this.active.flatMap((f, i) => ((counts[i] ?? 0) > 0 ? [f.explain(counts[i] ?? 0)] : []));
    return `no suitable node (${parts.join('; ')})`;
  }
}
