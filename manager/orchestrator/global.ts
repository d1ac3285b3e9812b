/**
 * Which nodes a global service (or global job) runs on: ready or unknown
 * nodes whose availability is active and that pass the placement
 * constraints. A node that is down, disconnected or paused keeps the tasks
 * it has (Swarm's behaviour) but gets no new one; a node that is gone,
 * drained or no longer fits has its task shut down.
 */
import type { Node, Service } from '../../common/cluster/types.js';
import { constraintsMatch } from './constraints.js';

export type NodeVerdict = 'run' | 'keep' | 'stop';

export function nodeVerdict(node: Node | undefined, service: Service): NodeVerdict {
  if (node === undefined || node.spec.availability === 'drain') return 'stop';
  if (!constraintsMatch(service.spec.task.placement.constraints, node)) return 'stop';
  const ready = node.status.state === 'ready' || node.status.state === 'unknown';
  return ready && node.spec.availability === 'active' ? 'run' : 'keep';
}

/** The nodes that should each run one task of the service, by id, in id order. */
export function eligibleNodes(service: Service, nodes: ReadonlyMap<string, Node>): string[] {
  return [...nodes.values()].filter((n) => nodeVerdict(n, service) === 'run').map((n) => n.id).sort();
}
