/**
 * The store in memory, with the same semantics as the etcd one (revisions,
 * atomic commits, conflicts, watch from a revision, compaction), for
 * component tests and benchmarks. Objects are copied in and out, so a caller
 * never holds the stored document.
 */
import { OrcError } from '../../common/errors.js';
import type { Kind, Kinds } from '../../common/cluster/types.js';
import type { Store, StoreEvent, StoreObject, WriteOp } from './store.js';
import { systemClock, type Clock } from '../../common/clock.js';

const copy = <T>(v: T): T => structuredClone(v);

export class MemoryStore implements Store {
  private rev = 0;
  private readonly objects = new Map<Kind, Map<string, StoreObject>>();
  private readonly history: StoreEvent[] = [];
  private compactedTo = 0;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(private readonly clock: Clock = systemClock, private readonly historyLimit = 100_000) {}

  private table(kind: Kind): Map<string, StoreObject> {
    let t = this.objects.get(kind);
    if (t === undefined) this.objects.set(kind, (t = new Map()));
    return t;
  }

  async get<K extends Kind>(kind: K, id: string): Promise<Kinds[K] | undefined> {
    const o = this.table(kind).get(id);
    return o === undefined ? undefined : (copy(o) as Kinds[K]);
  }

  async list<K extends Kind>(kind: K): Promise<Kinds[K][]> {
    return [...this.table(kind).values()].map((o) => copy(o) as Kinds[K]);
  }

  async revision(): Promise<number> {
    return this.rev;
  }

  async commit(ops: readonly WriteOp[]): Promise<number> {
    if (this.closed) throw new OrcError('ORC_UNAVAILABLE', 'the store is closed');
    for (const op of ops) {
      const id = op.op === 'remove' ? op.id : op.object.id;
      const stored = this.table(op.kind).get(id);
      if (op.op === 'create' && stored !== undefined) throw new OrcError('ORC_CONFLICT', `${op.kind} ${id} already exists`);
      if (op.op === 'update') {
        if (stored === undefined) throw new OrcError('ORC_NOT_FOUND', `${op.kind} ${id} not found`);
        if (stored.version !== op.object.version) throw new OrcError('ORC_CONFLICT', `${op.kind} ${id} changed (version ${stored.version}, not ${op.object.version}): read it again`);
      }
      if (op.op === 'remove' && op.version !== undefined && stored !== undefined && stored.version !== op.version) {
        throw new OrcError('ORC_CONFLICT', `${op.kind} ${id} changed (version ${stored.version}, not ${op.version})`);
      }
    }
    const revision = ++this.rev;
    const now = this.clock.now();
    for (const op of ops) {
      const t = this.table(op.kind);
      if (op.op === 'remove') {
        const stored = t.get(op.id);
        if (stored === undefined) continue;
        t.delete(op.id);
        this.history.push({ kind: op.kind, type: 'delete', object: stored, revision });
        continue;
      }
      const o = op.object;
      if (op.op === 'create') o.createdAt = now;
      o.updatedAt = now;
      o.version = revision;
      t.set(o.id, copy(o));
      this.history.push({ kind: op.kind, type: 'put', object: copy(o), revision });
    }
    if (this.history.length > this.historyLimit) {
      const drop = this.history.length - this.historyLimit;
      this.compactedTo = this.history[drop - 1]?.revision ?? this.compactedTo;
      this.history.splice(0, drop);
    }
    for (const wake of this.waiters) wake();
    return revision;
  }

  async *watch(kinds: readonly Kind[], fromRevision: number, signal: AbortSignal): AsyncIterable<StoreEvent> {
    if (fromRevision <= this.compactedTo) throw new OrcError('ORC_CONFLICT', `revision ${fromRevision} was compacted (oldest kept: ${this.compactedTo + 1})`);
    let next = fromRevision;
    const wanted = new Set(kinds);
    while (!signal.aborted && !this.closed) {
      const start = this.history.findIndex((e) => e.revision >= next);
      if (start >= 0) {
        const batch = this.history.slice(start);
        next = this.rev + 1;
        for (const e of batch) if (wanted.has(e.kind)) yield { ...e, object: copy(e.object) };
        continue;
      }
      next = Math.max(next, this.rev + 1);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
  }
}
