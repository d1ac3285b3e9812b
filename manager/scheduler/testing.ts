/**
 * Cluster objects with defaults, and a clock that moves only when told: for
 * the component tests and benchmarks of the manager (never used in
 * production code).
 */
import type { Clock } from '../../common/clock.js';
import {
  DEFAULT_RESTART_POLICY,
  DEFAULT_UPDATE_CONFIG,
  type Network,
  type Node,
  type PortConfig,
  type Service,
  type Task,
  type TaskSpec,
} from '../../common/cluster/types.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  const sleepers = new Set<{ at: number; wake: () => void }>();
  return {
    now: () => now,
    advance(ms) {
      now += ms;
      for (const s of [...sleepers]) if (s.at <= now) s.wake();
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted === true) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          sleepers.delete(entry);
          reject(signal?.reason);
        };
        const entry = {
          at: now + ms,
          wake: () => {
            sleepers.delete(entry);
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.add(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

type Deep<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Deep<T[K]> : T[K] };

export interface NodeOptions {
  id: string;
  hostname?: string;
  labels?: Record<string, string>;
  role?: Node['spec']['role'];
  availability?: Node['spec']['availability'];
  state?: Node['status']['state'];
  nanoCpus?: number;
  memoryBytes?: number;
  os?: string;
  arch?: string;
}

export function makeNode(o: NodeOptions): Node {
  return {
    id: o.id,
    version: 0,
    createdAt: 0,
    updatedAt: 0,
    spec: { name: o.hostname ?? o.id, labels: o.labels ?? {}, role: o.role ?? 'worker', availability: o.availability ?? 'active' },
    description: {
      hostname: o.hostname ?? o.id,
      platform: { os: o.os ?? 'linux', architecture: o.arch ?? 'x86_64' },
      resources: { nanoCpus: o.nanoCpus ?? 4e9, memoryBytes: o.memoryBytes ?? 8 * 2 ** 30 },
      engineVersion: 'test',
    },
    status: { state: o.state ?? 'ready', addr: '127.0.0.1', message: '' },
    certSerial: '',
  };
}

export function makeTaskSpec(o: Deep<Pick<TaskSpec, 'placement'>> & { reservations?: { nanoCpus?: number; memoryBytes?: number }; networks?: TaskSpec['networks'] } = {}): TaskSpec {
  return {
    container: {
      image: 'busybox',
      command: [],
      args: [],
      env: [],
      workdir: '',
      user: '',
      hostname: '',
      labels: {},
      mounts: [],
      stopSignal: '',
      init: false,
      secrets: [],
      configs: [],
    },
    resources: {
      limits: { nanoCpus: 0, memoryBytes: 0 },
      reservations: { nanoCpus: o.reservations?.nanoCpus ?? 0, memoryBytes: o.reservations?.memoryBytes ?? 0 },
    },
    restartPolicy: DEFAULT_RESTART_POLICY,
    placement: {
      constraints: o.placement?.constraints ?? [],
      preferences: o.placement?.preferences ?? [],
      maxReplicasPerNode: o.placement?.maxReplicasPerNode ?? 0,
    },
    forceUpdate: 0,
    networks: o.networks ?? [],
  };
}

export interface TaskOptions {
  id: string;
  serviceId?: string;
  slot?: number;
  nodeId?: string;
  state?: Task['status']['state'];
  desiredState?: Task['desiredState'];
  spec?: TaskSpec;
  ports?: PortConfig[];
  specVersion?: number;
}

export function makeTask(o: TaskOptions): Task {
  return {
    id: o.id,
    version: 0,
    createdAt: 0,
    updatedAt: 0,
    serviceId: o.serviceId ?? 'svc',
    serviceName: o.serviceId ?? 'svc',
    slot: o.slot ?? 0,
    nodeId: o.nodeId ?? '',
    spec: o.spec ?? makeTaskSpec(),
    specVersion: o.specVersion ?? 1,
    desiredState: o.desiredState ?? 'running',
    status: { state: o.state ?? 'pending', timestamp: 0, message: '', err: '', containerId: '', exitCode: 0, health: '' },
    networks: [],
    ports: o.ports ?? [],
    jobIteration: 0,
    labels: {},
  };
}

export function makeService(o: { id: string; name?: string; ports?: PortConfig[]; spec?: TaskSpec }): Service {
  return {
    id: o.id,
    version: 0,
    createdAt: 0,
    updatedAt: 0,
    spec: {
      name: o.name ?? o.id,
      labels: {},
      task: o.spec ?? makeTaskSpec(),
      mode: { replicated: { replicas: 1 } },
      update: DEFAULT_UPDATE_CONFIG,
      rollback: DEFAULT_UPDATE_CONFIG,
      endpoint: { ports: o.ports ?? [] },
      dependsOn: [],
    },
    specVersion: 1,
    endpoint: { ports: [] },
    jobIteration: 0,
  };
}

export function makeNetwork(o: { id: string; name?: string; subnet?: string; gateway?: string }): Network {
  return {
    id: o.id,
    version: 0,
    createdAt: 0,
    updatedAt: 0,
    spec: { name: o.name ?? o.id, labels: {}, driver: 'overlay', internal: false, attachable: false, subnet: o.subnet ?? '', gateway: o.gateway ?? '' },
    vni: 0,
    subnet: '',
    gateway: '',
  };
}
