/**
 * The one way a task is made from its service (the table in
 * manager/README.md: state new, desiredState running or complete for jobs,
 * nodeId only for global tasks).
 */
import { STACK_LABEL, type Service, type Task } from '../../common/cluster/types.js';
import { isJob } from './model.js';

export interface NewTaskOptions {
  /** Replicated services and replicated jobs: the slot (1-based). */
  slot?: number;
  /** Global services and global jobs: the node. */
  nodeId?: string;
  now: number;
  id: string;
}

export function newTask(service: Service, o: NewTaskOptions): Task {
  const labels = { ...service.spec.labels };
  const stack = service.spec.labels[STACK_LABEL];
  if (stack !== undefined) labels[STACK_LABEL] = stack;
  return {
    id: o.id,
    version: 0,
    createdAt: o.now,
    updatedAt: o.now,
    serviceId: service.id,
    serviceName: service.spec.name,
    slot: o.slot ?? 0,
    nodeId: o.nodeId ?? '',
    spec: structuredClone(service.spec.task),
    specVersion: service.specVersion,
    desiredState: isJob(service) ? 'complete' : 'running',
    status: { state: 'new', timestamp: o.now, message: 'created', err: '', containerId: '', exitCode: 0, health: '' },
    networks: [],
    ports: [],
    jobIteration: service.jobIteration,
    labels,
  };
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A task id: 25 base36 characters (Swarm's length). */
export function newTaskId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 25; i++) id += ALPHABET[Math.floor(random() * 36) % 36];
  return id;
}
