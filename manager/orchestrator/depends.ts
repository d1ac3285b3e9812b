/**
 * Compose's depends_on across a stack: a service gets its first tasks only
 * once each dependency meets its condition. Dependencies are named as in
 * the compose file (`db`) or with the stack's prefix (`<stack>_db`), and
 * are looked up among the services with the same stack label. Once a
 * service has tasks, its dependencies no longer hold it back.
 */
import { STACK_LABEL, type DependsOnCondition, type Node, type Service, type Task } from '../../common/cluster/types.js';
import { eligibleNodes } from './global.js';
import { isSucceeded, jobProgress } from './jobs.js';
import { hasHealthcheck, isJob, isPerNode, isRunnable, replicasOf } from './model.js';

export interface ClusterView {
  services: readonly Service[];
  tasks: readonly Task[];
  nodes: readonly Node[];
}

export function findDependency(service: Service, name: string, services: readonly Service[]): Service | undefined {
  const stack = service.spec.labels[STACK_LABEL];
  return services.find((s) => {
    if (s.id === service.id || s.spec.labels[STACK_LABEL] !== stack) return false;
    return s.spec.name === name || (stack !== undefined && s.spec.name === `${stack}_${name}`);
  });
}

function healthy(t: Task): boolean {
  return t.status.health === 'healthy' || (t.status.health === '' && !hasHealthcheck(t.spec));
}

/** Why the dependency does not meet the condition yet, or undefined when it does. */
function unmet(dep: Service, condition: DependsOnCondition, tasks: readonly Task[], nodes: ReadonlyMap<string, Node>): string | undefined {
  const name = dep.spec.name;
  const mine = tasks.filter((t) => t.serviceId === dep.id && (!isJob(dep) || t.jobIteration === dep.jobIteration));
  if (condition === 'service_completed_successfully') {
    if (isJob(dep)) {
      const p = jobProgress(dep, mine, { nodes });
      return p.wanted > 0 && p.done >= p.wanted ? undefined : `waiting for ${name} to complete successfully (${p.done}/${p.wanted} completed)`;
    }
    const running = mine.filter(isRunnable).length;
    const done = mine.filter((t) => t.desiredState === 'running' && isSucceeded(t)).length;
    const failed = mine.filter((t) => t.desiredState === 'running' && !isRunnable(t) && !isSucceeded(t)).length;
    if (running === 0 && failed === 0 && done > 0) return undefined;
    return `waiting for ${name} to complete successfully (${done} completed, ${running} running${failed > 0 ? `, ${failed} failed` : ''})`;
  }
  const wanted = isPerNode(dep) ? eligibleNodes(dep, nodes).length : isJob(dep) ? 1 : replicasOf(dep);
  const running = mine.filter((t) => t.status.state === 'running' || (isJob(dep) && isSucceeded(t)));
  if (condition === 'service_started') {
    const n = new Set(running.map((t) => (isPerNode(dep) ? t.nodeId : t.slot))).size;
    return n >= wanted ? undefined : `waiting for ${name} to start (${n}/${wanted} running)`;
  }
  const ok = running.filter((t) => isSucceeded(t) || healthy(t));
  const n = new Set(ok.map((t) => (isPerNode(dep) ? t.nodeId : t.slot))).size;
  return n >= wanted ? undefined : `waiting for ${name} to be healthy (${n}/${wanted} healthy)`;
}

/**
 * Why the service gets no tasks yet (its first dependency that is not met),
 * or undefined when it may have tasks. The CLI shows this beside a service
 * without tasks.
 */
export function waitingOn(service: Service, all: ClusterView): string | undefined {
  if (service.spec.dependsOn.length === 0) return undefined;
  if (all.tasks.some((t) => t.serviceId === service.id)) return undefined;
  const nodes = new Map(all.nodes.map((n) => [n.id, n]));
  for (const d of service.spec.dependsOn) {
    const dep = findDependency(service, d.service, all.services);
    if (dep === undefined) return `waiting for ${d.service}: no such service in the stack`;
    const why = unmet(dep, d.condition, all.tasks, nodes);
    if (why !== undefined) return why;
  }
  return undefined;
}
