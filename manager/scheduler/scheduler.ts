/**
 * The scheduler: moves pending tasks to a node (pending → assigned) through
 * the filter pipeline, or leaves them pending with `status.err` saying why.
 *
 * Its view (nodes, tasks, what each node's tasks take) is rebuilt at each
 * full pass and kept by the watch; its own decisions enter the view before
 * they are committed and leave it again when a commit conflicts. Pending
 * tasks of one service and spec are placed as a group in one pass.
 */
import { systemClock, type Clock } from '../../common/clock.js';
import type { Kind, Node, Task } from '../../common/cluster/types.js';
import type { Store, StoreEvent, WriteOp } from '../store/store.js';
import { Pipeline } from './filters.js';
import { LoopComponent, tracer } from '../loop/index.js';
import { contributionOf, NodeInfo, type Contribution } from './node-info.js';
import { GroupPlacer } from './placement.js';

export interface SchedulerDeps {
  clock?: Clock;
  /** [0, 1): breaks ties between equally loaded nodes. */
  random?: () => number;
  log?: (msg: string) => void;
}

export const ASSIGNED_MESSAGE = 'scheduler assigned task to node';

const KINDS: readonly Kind[] = ['node', 'task'];

/** What of a node decides where tasks go: a change of anything else (a heartbeat) does not re-try pending tasks. */
function placementFacts(n: Node): string {
  return JSON.stringify([n.spec, n.description, n.status.state]);
}

function schedulable(t: Task): boolean {
  return t.status.state === 'pending' && (t.desiredState === 'running' || t.desiredState === 'complete');
}

/** Tasks that may share one placement: same service, same spec version, same spec. */
function groupKey(t: Task): string {
  return `${t.serviceId}\u0000${t.specVersion}\u0000${t.spec.forceUpdate}`;
}

export class Scheduler extends LoopComponent {
  private readonly random: () => number;
  private readonly trace: ((msg: string) => void) | undefined;
  private readonly pipeline = new Pipeline();

  private readonly nodes = new Map<string, NodeInfo>();
  private readonly tasks = new Map<string, Task>();
  private readonly counted = new Map<string, Contribution>();
  /** Tasks waiting for a node. */
  private readonly pending = new Set<string>();
  /** Pending tasks to look at in the next tick. */
  private readonly dirty = new Set<string>();
  /** Look at every pending task in the next tick (a node changed, a task freed its node). */
  private retryAll = false;

  constructor(store: Store, deps: SchedulerDeps = {}) {
    const trace = deps.log ?? tracer('scheduler');
    super(store, deps.clock ?? systemClock, deps.log ?? trace ?? ((msg) => process.stderr.write(`scheduler: ${msg}\n`)), KINDS);
    this.trace = trace;
    this.random = deps.random ?? Math.random;
  }

  /** Reads nodes and tasks afresh. */
  async fullPass(): Promise<void> {
    const [nodes, tasks] = await Promise.all([this.store.list('node'), this.store.list('task')]);
    this.nodes.clear();
    this.tasks.clear();
    this.counted.clear();
    this.pending.clear();
    this.dirty.clear();
    for (const n of nodes) this.nodes.set(n.id, new NodeInfo(n.id, n));
    for (const t of tasks) this.putTask(t);
    this.retryAll = true;
    this.stale = false;
  }

  onEvent(e: StoreEvent): void {
    if (e.kind === 'node') {
      const n = e.object as Node;
      if (e.type === 'delete') {
        const info = this.nodes.get(n.id);
        if (info === undefined) return;
        info.node = undefined;
        if (info.empty()) this.nodes.delete(n.id);
        return;
      }
      const info = this.nodes.get(n.id);
      if (info === undefined) {
        this.nodes.set(n.id, new NodeInfo(n.id, n));
        this.retryAll = true;
        return;
      }
      if (info.node !== undefined && n.version <= info.node.version) return;
      if (info.node === undefined || placementFacts(info.node) !== placementFacts(n)) this.retryAll = true;
      info.node = n;
      return;
    }
    if (e.kind !== 'task') return;
    const t = e.object as Task;
    if (e.type === 'delete') {
      this.dropTask(t.id);
      return;
    }
    const known = this.tasks.get(t.id);
    if (known !== undefined && t.version <= known.version) return;
    this.putTask(t);
  }

  private nodeInfo(id: string): NodeInfo {
    let info = this.nodes.get(id);
    if (info === undefined) this.nodes.set(id, (info = new NodeInfo(id)));
    return info;
  }

  private uncount(id: string): boolean {
    const c = this.counted.get(id);
    if (c === undefined) return false;
    this.counted.delete(id);
    const info = this.nodes.get(c.nodeId);
    if (info !== undefined) {
      info.remove(c);
      if (info.empty()) this.nodes.delete(c.nodeId);
    }
    return true;
  }

  /** Takes the task as it is now into the view. */
  private putTask(t: Task): void {
    const wasCounted = this.uncount(t.id);
    this.tasks.set(t.id, t);
    const c = contributionOf(t);
    if (c !== undefined) {
      this.counted.set(t.id, c);
      this.nodeInfo(c.nodeId).add(c);
    } else if (wasCounted) {
      this.retryAll = true; // its node has room again
    }
    if (schedulable(t)) {
      this.pending.add(t.id);
      this.dirty.add(t.id);
    } else {
      this.pending.delete(t.id);
      this.dirty.delete(t.id);
    }
  }

  private dropTask(id: string): void {
    if (this.uncount(id)) this.retryAll = true;
    this.tasks.delete(id);
    this.pending.delete(id);
    this.dirty.delete(id);
  }

  /** Places the pending tasks marked since the last tick (all of them after a full pass or a node change). */
  async tick(): Promise<void> {
    if (this.stale) await this.fullPass();
    const ids = this.retryAll ? [...this.pending] : [...this.dirty].filter((id) => this.pending.has(id));
    this.retryAll = false;
    this.dirty.clear();
    if (ids.length === 0) return;

    const ops: WriteOp[] = [];
    const groups = new Map<string, Task[]>();
    for (const id of ids) {
      const t = this.tasks.get(id);
      if (t === undefined) continue;
      if (t.nodeId !== '') {
        this.placePinned(t, ops);
        continue;
      }
      const k = groupKey(t);
      const g = groups.get(k);
      if (g === undefined) groups.set(k, [t]);
      else g.push(t);
    }
    for (const g of groups.values()) this.placeGroup(g, ops);
    await this.commitOrReread(ops, (_kind, id) => this.reread(id));
  }

  /** A global task: its node is given; it goes there when the node passes. */
  private placePinned(t: Task, ops: WriteOp[]): void {
    this.pipeline.setTask(t);
    const info = this.nodes.get(t.nodeId);
    if (info?.node === undefined) {
      this.setErr(t, `no suitable node (node ${t.nodeId} is not in the cluster)`, ops);
      return;
    }
    const err = this.pipeline.error();
    if (err !== undefined) this.setErr(t, err, ops);
    else if (this.pipeline.check(info)) this.assign(t, info, ops);
    else this.setErr(t, this.pipeline.explain([info]), ops);
  }

  private placeGroup(tasks: Task[], ops: WriteOp[]): void {
    const first = tasks[0];
    if (first === undefined) return;
    const pipeline = this.pipeline;
    pipeline.setTask(first);
    const err = pipeline.error();
    if (err !== undefined) {
      for (const t of tasks) this.setErr(t, err, ops);
      return;
    }
    const candidates: NodeInfo[] = [];
    for (const n of this.nodes.values()) if (n.node !== undefined && pipeline.check(n)) candidates.push(n);
    // the oldest tasks (lowest slot) first
    tasks.sort((a, b) => a.createdAt - b.createdAt || a.slot - b.slot);
    const placer = new GroupPlacer(candidates, {
      serviceId: first.serviceId,
      preferences: first.spec.placement.preferences.map((p) => p.spread),
      random: this.random,
      stillFits: (n) => pipeline.check(n),
    });
    let i = 0;
    for (; i < tasks.length; i++) {
      const n = placer.next();
      if (n === undefined) break;
      this.assign(tasks[i] as Task, n, ops);
      placer.placed(n);
    }
    if (i === tasks.length) return;
    const why = pipeline.explain(this.nodes.values());
    for (; i < tasks.length; i++) this.setErr(tasks[i] as Task, why, ops);
  }

  private assign(t: Task, n: NodeInfo, ops: WriteOp[]): void {
    const next: Task = {
      ...t,
      nodeId: n.id,
      status: { ...t.status, state: 'assigned', timestamp: this.clock.now(), message: ASSIGNED_MESSAGE, err: '' },
    };
    this.putTask(next);
    ops.push({ op: 'update', kind: 'task', object: next });
    this.trace?.(`task ${t.id}: pending -> assigned (node ${n.id})`);
  }

  private setErr(t: Task, err: string, ops: WriteOp[]): void {
    if (t.status.err === err) return;
    const next: Task = { ...t, status: { ...t.status, err } };
    this.putTask(next);
    this.dirty.delete(t.id);
    ops.push({ op: 'update', kind: 'task', object: next });
    this.trace?.(`task ${t.id}: stays pending: ${err}`);
  }


  private async reread(id: string): Promise<void> {
    const t = await this.store.get('task', id);
    if (t === undefined) this.dropTask(id);
    else this.putTask(t);
  }
}
