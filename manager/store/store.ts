/**
 * The manager's store: one document per object, a revision per write (an
 * object's `version` is the revision of its last write, for optimistic
 * concurrency), atomic batches and a watch from a revision on. Two
 * implementations: `EtcdStore` (the cluster's, replicated by etcd) and
 * `MemoryStore` (component tests, benchmarks).
 */
import type { Kind, Kinds } from '../../common/cluster/types.js';

export type StoreObject = Kinds[Kind];

export type WriteOp =
  /** Fails with ORC_CONFLICT when an object of that kind and id exists. */
  | { op: 'create'; kind: Kind; object: StoreObject }
  /** Fails with ORC_CONFLICT unless the stored version is `object.version` (ORC_NOT_FOUND when gone). */
  | { op: 'update'; kind: Kind; object: StoreObject }
  /** With a version, fails with ORC_CONFLICT when the stored object moved on; removing a missing object is not an error. */
  | { op: 'remove'; kind: Kind; id: string; version?: number };

export interface StoreEvent {
  kind: Kind;
  type: 'put' | 'delete';
  /** The object as written (for a delete: as it was last). */
  object: StoreObject;
  revision: number;
}

export interface Store {
  get<K extends Kind>(kind: K, id: string): Promise<Kinds[K] | undefined>;
  list<K extends Kind>(kind: K): Promise<Kinds[K][]>;
  /**
   * Applies every op or none. Sets `version` (to the new revision),
   * `createdAt` (creates) and `updatedAt` on the written objects, in place,
   * and returns the revision.
   */
  commit(ops: readonly WriteOp[]): Promise<number>;
  /** The current revision: a watch from revision() + 1 misses nothing written after it. */
  revision(): Promise<number>;
  /**
   * The changes to these kinds from `fromRevision` on, in revision order,
   * until the signal aborts. Throws ORC_CONFLICT when that revision was
   * compacted away (start again with a full pass).
   */
  watch(kinds: readonly Kind[], fromRevision: number, signal: AbortSignal): AsyncIterable<StoreEvent>;
  close(): Promise<void>;
}

/** The most ops one commit may carry (etcd's --max-txn-ops default). */
export const MAX_BATCH = 128;

export async function create<K extends Kind>(store: Store, kind: K, object: Kinds[K]): Promise<Kinds[K]> {
  await store.commit([{ op: 'create', kind, object }]);
  return object;
}

export async function update<K extends Kind>(store: Store, kind: K, object: Kinds[K]): Promise<Kinds[K]> {
  await store.commit([{ op: 'update', kind, object }]);
  return object;
}

export async function remove(store: Store, kind: Kind, id: string, version?: number): Promise<void> {
  await store.commit([version === undefined ? { op: 'remove', kind, id } : { op: 'remove', kind, id, version }]);
}

/** Commits ops in batches of at most MAX_BATCH (each batch atomic, the whole not). */
export async function commitInBatches(store: Store, ops: readonly WriteOp[]): Promise<void> {
  for (let i = 0; i < ops.length; i += MAX_BATCH) await store.commit(ops.slice(i, i + MAX_BATCH));
}
