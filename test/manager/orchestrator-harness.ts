/**
 * A small fake cluster for orchestrator tests: a MemoryStore on a fake
 * clock, nodes and services built with Docker's defaults, control-API-like
 * edits (update, scale, rollback, remove) and a hand-cranked stand-in for
 * the allocator, scheduler and workers that moves tasks one state per
 * `step()` (new → pending → assigned → running; shutdown when asked) and lets
 * tests fail tasks or set their health.
 */
import type { TestContext } from 'node:test';
import {
  DEFAULT_RESTART_POLICY, DEFAULT_UPDATE_CONFIG, isTerminal, STACK_LABEL, stateRank,
  type Cluster, type HealthConfig, type Node, type NodeAvailability, type NodeState, type RestartPolicy, type Service,
  type ServiceMode, type ServiceSpec, type Task, type TaskState, type UpdateConfig,
} from '../../common/cluster/types.js';
import type { Clock } from '../../common/clock.js';
import { isOrcError } from '../../common/errors.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { Orchestrator, wantsRun, isUp } from '../../manager/orchestrator/index.js';
import { rng, seedFromEnv } from '../helpers/random.js';

export class FakeClock implements Clock {
  private t = 1_700_000_000_000;
  private readonly sleepers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      const entry = {
        at: this.t + Math.max(0, ms),
        resolve: (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.sleepers.indexOf(entry);
        if (i >= 0) this.sleepers.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(entry);
    });
  }

  /** Moves time forward, waking sleepers in order; `settle` runs after each wake-up. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (next === undefined || next.at > target) break;
      this.sleepers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
      await settle();
    }
    this.t = target;
    await settle();
  }
}

export function makeNode(id: string, o: { state?: NodeState; availability?: NodeAvailability; role?: 'manager' | 'worker'; labels?: Record<string, string> } = {}): Node {
  return {
    id, version: 0, createdAt: 0, updatedAt: 0,
    spec: { name: id, labels: o.labels ?? {}, role: o.role ?? 'worker', availability: o.availability ?? 'active' },
    description: { hostname: id, platform: { os: 'linux', architecture: 'x86_64' }, resources: { nanoCpus: 4e9, memoryBytes: 8e9 }, engineVersion: 'test' },
    status: { state: o.state ?? 'ready', addr: '10.0.0.1', message: '' },
    certSerial: id,
  };
}

export const HEALTHCHECK: HealthConfig = { test: ['CMD', 'true'], intervalMs: 1000, timeoutMs: 1000, retries: 3, startPeriodMs: 0 };

export interface ServiceOptions {
  mode?: ServiceMode;
  replicas?: number;
  restart?: Partial<RestartPolicy>;
  update?: Partial<UpdateConfig>;
  rollback?: Partial<UpdateConfig>;
  healthcheck?: boolean;
  stack?: string;
  dependsOn?: ServiceSpec['dependsOn'];
  constraints?: string[];
  image?: string;
}

export function makeService(name: string, o: ServiceOptions = {}): Service {
  const labels: Record<string, string> = o.stack === undefined ? {} : { [STACK_LABEL]: o.stack };
  const spec: ServiceSpec = {
    name: o.stack === undefined ? name : `${o.stack}_${name}`,
    labels,
    task: {
      container: {
        image: o.image ?? 'busybox:1', command: [], args: ['sleep', '1000'], env: [], workdir: '', user: '', hostname: '',
        labels: {}, mounts: [], stopSignal: '', init: false, secrets: [], configs: [],
        ...(o.healthcheck === true ? { healthcheck: HEALTHCHECK } : {}),
      },
      resources: { limits: { nanoCpus: 0, memoryBytes: 0 }, reservations: { nanoCpus: 0, memoryBytes: 0 } },
      restartPolicy: { ...DEFAULT_RESTART_POLICY, ...o.restart },
      placement: { constraints: o.constraints ?? [], preferences: [], maxReplicasPerNode: 0 },
      forceUpdate: 0,
      networks: [],
    },
    mode: o.mode ?? { replicated: { replicas: o.replicas ?? 1 } },
    update: { ...DEFAULT_UPDATE_CONFIG, ...o.update },
    rollback: { ...DEFAULT_UPDATE_CONFIG, ...o.rollback },
    endpoint: { ports: [] },
    dependsOn: o.dependsOn ?? [],
  };
  return { id: `svc-${spec.name}`, version: 0, createdAt: 0, updatedAt: 0, spec, specVersion: 1, endpoint: { ports: [] }, jobIteration: 0 };
}

export function makeCluster(retention = 5): Cluster {
  return {
    id: 'cluster', version: 0, createdAt: 0, updatedAt: 0,
    spec: { name: 'default', labels: {}, dispatcher: { heartbeatPeriodMs: 5000 }, orchestration: { taskHistoryRetentionLimit: retention }, caConfig: { nodeCertExpiryMs: 0 } },
    caCertPem: '', joinTokens: { worker: '', manager: '' }, defaultAddrPool: [], subnetSize: 24, dataPathPort: 4789,
  };
}

export interface HarnessOptions {
  /** Tasks with a healthcheck report healthy as soon as they run (default); false: they stay `starting`. */
  autoHealthy?: boolean;
  /** Job tasks complete (exit 0) one step after running (default true). */
  completeJobs?: boolean;
  retention?: number;
}

export class Harness {
  readonly clock = new FakeClock();
  readonly store = new MemoryStore(this.clock);
  readonly seed = seedFromEnv();
  readonly random = rng(this.seed);
  readonly logs: string[] = [];
  private readonly running: { orch: Orchestrator; ctrl: AbortController; done: Promise<void> }[] = [];
  private rr = 0;
  autoHealthy: boolean;
  completeJobs: boolean;

  constructor(t: TestContext, readonly o: HarnessOptions = {}) {
    this.autoHealthy = o.autoHealthy ?? true;
    this.completeJobs = o.completeJobs ?? true;
    t.after(async () => {
      for (const r of this.running) r.ctrl.abort();
      await Promise.all(this.running.map((r) => r.done));
      await this.store.close();
    });
    t.diagnostic(`seed=${this.seed}`);
  }

  async init(nodes: Node[], services: Service[] = []): Promise<void> {
    await this.store.commit([
      { op: 'create', kind: 'cluster', object: makeCluster(this.o.retention ?? 5) },
      ...nodes.map((n) => ({ op: 'create' as const, kind: 'node' as const, object: n })),
      ...services.map((s) => ({ op: 'create' as const, kind: 'service' as const, object: s })),
    ]);
  }

  /** Starts an orchestrator (a leader); returns a function that stops it. */
  start(): () => Promise<void> {
    const orch = new Orchestrator(this.store, {
      clock: this.clock, random: () => this.random.next(), log: (l) => this.logs.push(l),
    });
    const ctrl = new AbortController();
    const entry = { orch, ctrl, done: orch.run(ctrl.signal) };
    this.running.push(entry);
    return async () => {
      ctrl.abort();
      await entry.done;
      this.running.splice(this.running.indexOf(entry), 1);
    };
  }

  /** Waits until the store stops moving and every orchestrator is idle. */
  async settle(): Promise<void> {
    let last = -1;
    let stable = 0;
    for (let i = 0; i < 5000; i++) {
      await new Promise<void>((r) => setImmediate(r));
      const rev = await this.store.revision();
      if (rev === last && this.running.every((r) => r.orch.idle)) {
        if (++stable >= 3) return;
      } else {
        stable = 0;
        last = rev;
      }
    }
    throw new Error(`the orchestrator did not settle (seed=${this.seed})`);
  }

  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms, () => this.settle());
  }

  /** Settles, then steps the fake cluster, until nothing moves; `each` runs after every settle. */
  async converge(each?: () => Promise<void>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      await this.settle();
      if (each !== undefined) await each();
      if (!(await this.step())) return;
    }
    throw new Error(`the cluster did not converge (seed=${this.seed})`);
  }

  // ------------------------------------------------------------ the fake allocator, scheduler and workers

  /** Moves every task one state; returns whether anything moved. */
  async step(): Promise<boolean> {
    const nodes = new Map((await this.store.list('node')).map((n) => [n.id, n]));
    const tasks = await this.store.list('task');
    let moved = false;
    for (const t of tasks.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))) {
      const node = nodes.get(t.nodeId);
      const nodeUp = node !== undefined && node.status.state === 'ready';
      const now = this.clock.now();
      let next: Partial<Task['status']> | undefined;
      let nodeId = t.nodeId;
      if (!wantsRun(t)) {
        if (!isTerminal(t.status.state) && stateRank(t.status.state) >= stateRank('assigned') && nodeUp) next = { state: 'shutdown', message: 'shutdown' };
      } else if (!isTerminal(t.status.state)) {
        if (t.status.state === 'new') next = { state: 'pending', message: 'pending' };
        else if (t.status.state === 'pending') {
          if (nodeId === '') {
            const ready = [...nodes.values()].filter((n) => n.status.state === 'ready' && n.spec.availability === 'active').sort((a, b) => (a.id < b.id ? -1 : 1));
            const pick = ready[this.rr++ % Math.max(1, ready.length)];
            if (pick !== undefined) nodeId = pick.id;
          }
          if (nodeId !== '') next = { state: 'assigned', message: 'assigned' };
        } else if (t.status.state === 'assigned' && nodeUp) {
          const hc = t.spec.container.healthcheck !== undefined;
          next = { state: 'running', message: 'started', health: hc ? (this.autoHealthy ? 'healthy' : 'starting') : '' };
        } else if (t.status.state === 'running' && t.desiredState === 'complete' && this.completeJobs && nodeUp) {
          next = { state: 'complete', message: 'finished', exitCode: 0 };
        }
      }
      if (next === undefined) continue;
      t.nodeId = nodeId;
      t.status = { ...t.status, ...next, timestamp: now };
      if (await this.tryWrite(t)) moved = true;
    }
    return moved;
  }

  private async tryWrite(t: Task): Promise<boolean> {
    try {
      await this.store.commit([{ op: 'update', kind: 'task', object: t }]);
      return true;
    } catch (e) {
      if (isOrcError(e) && (e.code === 'ORC_CONFLICT' || e.code === 'ORC_NOT_FOUND')) return true; // moved meanwhile: try next step
      throw e;
    }
  }

  /** The worker reports the task ended: failed with an exit code (default 1), or complete with 0. */
  async finish(id: string, exitCode = 1, state?: TaskState): Promise<void> {
    await this.patchTask(id, (t) => {
      t.status = { ...t.status, state: state ?? (exitCode === 0 ? 'complete' : 'failed'), exitCode, timestamp: this.clock.now(), err: exitCode === 0 ? '' : `exit status ${exitCode}` };
    });
  }

  async setHealth(id: string, health: Task['status']['health']): Promise<void> {
    await this.patchTask(id, (t) => {
      t.status = { ...t.status, health, timestamp: this.clock.now() };
    });
  }

  async patchTask(id: string, f: (t: Task) => void): Promise<void> {
    for (;;) {
      const t = await this.store.get('task', id);
      if (t === undefined) throw new Error(`no task ${id}`);
      f(t);
      try {
        await this.store.commit([{ op: 'update', kind: 'task', object: t }]);
        return;
      } catch (e) {
        if (!isOrcError(e) || e.code !== 'ORC_CONFLICT') throw e;
      }
    }
  }

  async patchNode(id: string, f: (n: Node) => void): Promise<void> {
    const n = await this.store.get('node', id);
    if (n === undefined) throw new Error(`no node ${id}`);
    f(n);
    await this.store.commit([{ op: 'update', kind: 'node', object: n }]);
  }

  async removeNode(id: string): Promise<void> {
    await this.store.commit([{ op: 'remove', kind: 'node', id }]);
  }

  // ------------------------------------------------------------ control-API-like edits

  async addService(s: Service): Promise<void> {
    await this.store.commit([{ op: 'create', kind: 'service', object: s }]);
  }

  /** A spec change: previousSpec kept, specVersion bumped, update status reset (as the control API does). */
  async updateService(id: string, f: (spec: ServiceSpec, s: Service) => void): Promise<void> {
    await this.patchService(id, (s) => {
      const previous = structuredClone(s.spec);
      f(s.spec, s);
      s.previousSpec = previous;
      s.specVersion += 1;
      delete s.updateStatus;
    });
  }

  async scale(id: string, replicas: number): Promise<void> {
    await this.updateService(id, (spec) => {
      spec.mode = { replicated: { replicas } };
    });
  }

  async rollback(id: string): Promise<void> {
    await this.patchService(id, (s) => {
      if (s.previousSpec === undefined) throw new Error('no previous spec');
      const cur = s.spec;
      s.spec = s.previousSpec;
      s.previousSpec = cur;
      s.specVersion += 1;
      s.updateStatus = { state: 'rollback_started', startedAt: this.clock.now(), message: 'manually requested rollback' };
    });
  }

  async patchService(id: string, f: (s: Service) => void): Promise<void> {
    for (;;) {
      const s = await this.store.get('service', id);
      if (s === undefined) throw new Error(`no service ${id}`);
      f(s);
      try {
        await this.store.commit([{ op: 'update', kind: 'service', object: s }]);
        return;
      } catch (e) {
        if (!isOrcError(e) || e.code !== 'ORC_CONFLICT') throw e;
      }
    }
  }

  async removeService(id: string): Promise<void> {
    await this.store.commit([{ op: 'remove', kind: 'service', id }]);
  }

  // ------------------------------------------------------------ reading

  async service(id: string): Promise<Service> {
    const s = await this.store.get('service', id);
    if (s === undefined) throw new Error(`no service ${id}`);
    return s;
  }

  async tasks(serviceId?: string): Promise<Task[]> {
    const all = await this.store.list('task');
    return all.filter((t) => serviceId === undefined || t.serviceId === serviceId).sort((a, b) => a.slot - b.slot || a.createdAt - b.createdAt);
  }

  /** Tasks the manager still wants that have not ended. */
  async runnable(serviceId: string): Promise<Task[]> {
    return (await this.tasks(serviceId)).filter((t) => wantsRun(t) && !isTerminal(t.status.state));
  }

  async up(serviceId: string): Promise<Task[]> {
    return (await this.runnable(serviceId)).filter(isUp);
  }
}
