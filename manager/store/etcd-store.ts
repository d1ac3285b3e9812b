/**
 * The store on etcd: one key per object (`/orc/v1/<kind>/<id>`, a JSON
 * document), an object's `version` is its key's mod_revision, a commit is one
 * etcd transaction guarded by compares, a watch is one etcd watcher on the
 * `/orc/v1/` prefix. Every call has a deadline: without a quorum it fails
 * with ORC_UNAVAILABLE instead of waiting.
 */
import type { Etcd3, ICompare, IKeyValue, IRequestOp } from 'etcd3';
import { OrcError } from '../../common/errors.js';
import { KINDS, type Kind, type Kinds } from '../../common/cluster/types.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { callOptions, CALL_TIMEOUT_MS, etcdError, prefixEnd, watchRange } from '../etcd/index.js';
import { MAX_BATCH, type Store, type StoreEvent, type StoreObject, type WriteOp } from './store.js';

export const STORE_PREFIX = '/orc/v1/';

export function objectKey(kind: Kind, id: string): string {
  return `${STORE_PREFIX}${kind}/${id}`;
}

const KIND_SET: ReadonlySet<string> = new Set(KINDS);

/** The kind and id a key names, or undefined for keys that are not objects (e.g. the leader key). */
export function parseObjectKey(key: string): { kind: Kind; id: string } | undefined {
  if (!key.startsWith(STORE_PREFIX)) return undefined;
  const rest = key.slice(STORE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  const kind = rest.slice(0, slash);
  return KIND_SET.has(kind) ? { kind: kind as Kind, id: rest.slice(slash + 1) } : undefined;
}

function decode<T extends StoreObject>(kv: IKeyValue): T {
  const o = JSON.parse(kv.value.toString('utf8')) as T;
  o.version = Number(kv.mod_revision);
  return o;
}

function encode(o: StoreObject, createdAt: number, updatedAt: number): Buffer {
  return Buffer.from(JSON.stringify({ ...o, version: undefined, createdAt, updatedAt }));
}

export interface EtcdStoreOptions {
  clock?: Clock;
  /** The deadline of each call (default 5 s). */
  callTimeoutMs?: number;
  /** How long a watch may stay disconnected before it fails with ORC_UNAVAILABLE (default 15 s). */
  watchGiveUpAfterMs?: number;
}

const PAGE = 500;
const COMMIT_ATTEMPTS = 4;

export class EtcdStore implements Store {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly watches = new Set<AbortController>();
  private closed = false;

  /** The client stays the caller's: close() ends the store's watches, not the client. */
  constructor(private readonly client: Etcd3, private readonly o: EtcdStoreOptions = {}) {
    this.clock = o.clock ?? systemClock;
    this.timeoutMs = o.callTimeoutMs ?? CALL_TIMEOUT_MS;
  }

  private open(): void {
    if (this.closed) throw new OrcError('ORC_UNAVAILABLE', 'the store is closed');
  }

  async get<K extends Kind>(kind: K, id: string): Promise<Kinds[K] | undefined> {
    this.open();
    try {
      const res = await this.client.kv.range({ key: Buffer.from(objectKey(kind, id)) }, callOptions(this.timeoutMs));
      const kv = res.kvs[0];
      return kv === undefined ? undefined : decode<Kinds[K]>(kv);
    } catch (e) {
      throw etcdError(e, `reading ${kind} ${id}`);
    }
  }

  async list<K extends Kind>(kind: K): Promise<Kinds[K][]> {
    this.open();
    const prefix = Buffer.from(`${STORE_PREFIX}${kind}/`);
    const end = prefixEnd(prefix);
    const out: Kinds[K][] = [];
    let key = prefix;
    let revision: string | undefined;
    try {
      for (;;) {
        // Every page at the first page's revision: one consistent listing.
        const res = await this.client.kv.range(
          { key, range_end: end, limit: PAGE, ...(revision === undefined ? {} : { revision }) },
          callOptions(this.timeoutMs),
        );
        revision ??= res.header.revision;
        for (const kv of res.kvs) out.push(decode<Kinds[K]>(kv));
        const last = res.kvs[res.kvs.length - 1];
        if (!res.more || last === undefined) return out;
        key = Buffer.concat([last.key, Buffer.from([0])]);
      }
    } catch (e) {
      throw etcdError(e, `listing ${kind}s`);
    }
  }

  async revision(): Promise<number> {
    this.open();
    try {
      const res = await this.client.kv.range({ key: Buffer.from(STORE_PREFIX), limit: 1 }, callOptions(this.timeoutMs));
      return Number(res.header.revision);
    } catch (e) {
      throw etcdError(e, 'reading the store revision');
    }
  }

  async commit(ops: readonly WriteOp[]): Promise<number> {
    this.open();
    if (ops.length > MAX_BATCH) throw new OrcError('ORC_USAGE', `a commit carries at most ${MAX_BATCH} writes, not ${ops.length}: use commitInBatches`);
    const keys = ops.map((op) => objectKey(op.kind, op.op === 'remove' ? op.id : op.object.id));
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) throw new OrcError('ORC_USAGE', `a commit writes ${k} twice`);
      seen.add(k);
    }
    const now = this.clock.now();
    const success: IRequestOp[] = ops.map((op, i) => {
      const key = Buffer.from(keys[i] as string);
      if (op.op === 'remove') return { request_delete_range: { key } };
      const createdAt = op.op === 'create' ? now : op.object.createdAt;
      return { request_put: { key, value: encode(op.object, createdAt, now) } };
    });
    // On failure, read every key in the same transaction: the reason is then exact.
    const failure: IRequestOp[] = keys.map((k) => ({ request_range: { key: Buffer.from(k) } }));
    // A versioned remove holds when the key is at that version or gone; etcd's
    // compares only AND, so a gone key is compared as such on a second attempt.
    const goneOk = new Set<number>();
    for (const op of ops) {
      if (op.op !== 'update' || op.object.version > 0) continue;
      // no stored key has mod_revision 0: this update names no stored version
      if ((await this.get(op.kind, op.object.id)) === undefined) throw new OrcError('ORC_NOT_FOUND', `${op.kind} ${op.object.id} not found`);
      throw new OrcError('ORC_CONFLICT', `${op.kind} ${op.object.id} changed (version ${op.object.version} was never stored): read it again`);
    }
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const compare: ICompare[] = [];
      ops.forEach((op, i) => {
        const key = Buffer.from(keys[i] as string);
        if (op.op === 'create') compare.push({ key, target: 'Create', result: 'Equal', create_revision: 0 });
        // One compare per op (etcd counts compares against --max-txn-ops): a stored
        // key's mod_revision is never 0, so Mod == version (> 0) also proves it exists.
        if (op.op === 'update') compare.push({ key, target: 'Mod', result: 'Equal', mod_revision: op.object.version });
        if (op.op === 'remove' && op.version !== undefined) {
          compare.push(goneOk.has(i) ? { key, target: 'Create', result: 'Equal', create_revision: 0 } : { key, target: 'Mod', result: 'Equal', mod_revision: op.version });
        }
      });
      let res;
      try {
        res = await this.client.kv.txn({ compare, success, failure }, callOptions(this.timeoutMs));
      } catch (e) {
        throw etcdError(e, `committing ${describe(ops)}`);
      }
      if (res.succeeded) {
        const revision = Number(res.header.revision);
        for (const op of ops) {
          if (op.op === 'remove') continue;
          if (op.op === 'create') op.object.createdAt = now;
          op.object.updatedAt = now;
          op.object.version = revision;
        }
        return revision;
      }
      ops.forEach((op, i) => {
        const kv = res.responses[i]?.response_range.kvs[0];
        const id = op.op === 'remove' ? op.id : op.object.id;
        const at = kv === undefined ? undefined : Number(kv.mod_revision);
        if (op.op === 'create' && at !== undefined) throw new OrcError('ORC_CONFLICT', `${op.kind} ${id} already exists`);
        if (op.op === 'update') {
          if (at === undefined) throw new OrcError('ORC_NOT_FOUND', `${op.kind} ${id} not found`);
          if (at !== op.object.version) throw new OrcError('ORC_CONFLICT', `${op.kind} ${id} changed (version ${at}, not ${op.object.version}): read it again`);
        }
        if (op.op === 'remove' && op.version !== undefined) {
          if (at !== undefined && at !== op.version) throw new OrcError('ORC_CONFLICT', `${op.kind} ${id} changed (version ${at}, not ${op.version})`);
          if (at === undefined) goneOk.add(i);
          else goneOk.delete(i);
        }
      });
      // Every compare holds in the state read: try again against it.
    }
    throw new OrcError('ORC_CONFLICT', `${describe(ops)} kept changing while being committed: read again`);
  }

  async *watch(kinds: readonly Kind[], fromRevision: number, signal: AbortSignal): AsyncIterable<StoreEvent> {
    this.open();
    const wanted = new Set<Kind>(kinds);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort();
    this.watches.add(stop);
    const prefix = Buffer.from(STORE_PREFIX);
    try {
      const batches = watchRange(this.client, {
        key: prefix,
        rangeEnd: prefixEnd(prefix),
        fromRevision,
        prevKv: true,
        signal: stop.signal,
        clock: this.clock,
        ...(this.o.watchGiveUpAfterMs === undefined ? {} : { giveUpAfterMs: this.o.watchGiveUpAfterMs }),
      });
      for await (const events of batches) {
        for (const ev of events) {
          const name = parseObjectKey(ev.kv.key.toString('utf8'));
          if (name === undefined || !wanted.has(name.kind)) continue;
          const revision = Number(ev.kv.mod_revision);
          if (ev.type === 'Put') {
            yield { kind: name.kind, type: 'put', object: decode(ev.kv), revision };
            continue;
          }
          // Without prev_kv (its revision compacted meanwhile) only the id is known.
          const last = ev.prev_kv !== null && ev.prev_kv !== undefined && ev.prev_kv.value.length > 0
            ? decode(ev.prev_kv)
            : ({ id: name.id, version: revision, createdAt: 0, updatedAt: 0 } as unknown as StoreObject);
          yield { kind: name.kind, type: 'delete', object: last, revision };
        }
        if (stop.signal.aborted) return;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.watches.delete(stop);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.watches) w.abort();
  }
}

function describe(ops: readonly WriteOp[]): string {
  const first = ops[0];
  if (first === undefined) return 'an empty commit';
  const name = `${first.op} ${first.kind} ${first.op === 'remove' ? first.id : first.object.id}`;
  return ops.length === 1 ? name : `${name} and ${ops.length - 1} more writes`;
}
