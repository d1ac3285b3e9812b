/**
 * The orchestrator's copy of the objects it reads (services, tasks, nodes,
 * the cluster), filled by the full pass's lists and kept current by the
 * watch and by its own commits. An object's `version` is the revision of its
 * last write, so a write older than what is held is ignored (the full
 * pass's lists may be newer than the first watch events), and a removal
 * leaves a tombstone until the watch has gone past it.
 */
import type { Cluster, Kind, Node, Service, Task } from '../../common/cluster/types.js';
import type { StoreObject, WriteOp } from '../store/store.js';

type Cached = 'service' | 'task' | 'node' | 'cluster';

export class Cache {
  readonly services = new Map<string, Service>();
  readonly nodes = new Map<string, Node>();
  readonly clusters = new Map<string, Cluster>();
  private readonly tasks = new Map<string, Task>();
  private readonly byService = new Map<string, Map<string, Task>>();
  private readonly tombstones = new Map<string, number>();

  static wanted(kind: Kind): kind is Cached {
    return kind === 'service' || kind === 'task' || kind === 'node' || kind === 'cluster';
  }

  reset(lists: { services: Service[]; tasks: Task[]; nodes: Node[]; clusters: Cluster[] }): void {
    this.services.clear();
    this.nodes.clear();
    this.clusters.clear();
    this.tasks.clear();
    this.byService.clear();
    this.tombstones.clear();
    for (const s of lists.services) this.services.set(s.id, s);
    for (const n of lists.nodes) this.nodes.set(n.id, n);
    for (const c of lists.clusters) this.clusters.set(c.id, c);
    for (const t of lists.tasks) this.setTask(t);
  }

  get(kind: Cached, id: string): StoreObject | undefined {
    if (kind === 'task') return this.tasks.get(id);
    return this.table(kind).get(id);
  }

  /** Applies a write seen at `revision`; false when it is older than what is held. */
  put(kind: Cached, object: StoreObject, revision: number): boolean {
    const tomb = this.tombstones.get(`${kind}/${object.id}`);
    if (tomb !== undefined && tomb > revision) return false;
    const held = this.get(kind, object.id);
    if (held !== undefined && held.version > object.version) return false;
    if (kind === 'task') this.setTask(object as Task);
    else (this.table(kind) as Map<string, StoreObject>).set(object.id, object);
    return true;
  }

  remove(kind: Cached, id: string, revision: number): void {
    const held = this.get(kind, id);
    if (held !== undefined && held.version > revision) return;
    this.tombstones.set(`${kind}/${id}`, revision);
    if (kind === 'task') {
      const t = this.tasks.get(id);
      this.tasks.delete(id);
      if (t !== undefined) this.byService.get(t.serviceId)?.delete(id);
    } else this.table(kind).delete(id);
  }

  /** Our own commit, applied at once (the watch brings the same writes later). */
  applyCommit(ops: readonly WriteOp[], revision: number): void {
    for (const op of ops) {
      if (!Cache.wanted(op.kind)) continue;
      if (op.op === 'remove') this.remove(op.kind, op.id, revision);
      else this.put(op.kind, op.object, revision);
    }
  }

  /** The watch went past `revision`: no older write can arrive any more. */
  forgetTombstones(revision: number): void {
    for (const [k, r] of this.tombstones) if (r <= revision) this.tombstones.delete(k);
  }

  tasksOf(serviceId: string): Task[] {
    return [...(this.byService.get(serviceId)?.values() ?? [])];
  }

  hasTasks(serviceId: string): boolean {
    return (this.byService.get(serviceId)?.size ?? 0) > 0;
  }

  serviceIdsWithTasks(): string[] {
    return [...this.byService].filter(([, m]) => m.size > 0).map(([id]) => id);
  }

  allTasks(): Task[] {
    return [...this.tasks.values()];
  }

  private setTask(t: Task): void {
    const old = this.tasks.get(t.id);
    if (old !== undefined && old.serviceId !== t.serviceId) this.byService.get(old.serviceId)?.delete(t.id);
    this.tasks.set(t.id, t);
    let m = this.byService.get(t.serviceId);
    if (m === undefined) this.byService.set(t.serviceId, (m = new Map()));
    m.set(t.id, t);
  }

  private table(kind: Exclude<Cached, 'task'>): Map<string, Service | Node | Cluster> {
    return kind === 'service' ? this.services : kind === 'node' ? this.nodes : this.clusters;
  }
}
