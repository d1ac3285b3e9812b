/**
 * One etcd watch over a key range from a revision on, as an async iterable of
 * event batches (one revision is never split across batches). It keeps its
 * own place: when the stream breaks it reopens from the revision after the
 * last event received, so nothing is skipped or repeated; a compacted start
 * ends it with ORC_CONFLICT, and an etcd that stays unreachable with
 * ORC_UNAVAILABLE.
 */
import type { Etcd3, IEvent, IWatchResponse } from 'etcd3';
import { OrcError } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { etcdError } from './client.js';

export interface WatchRangeOptions {
  key: Buffer;
  /** Exclusive end of the range (prefixEnd(key) for a prefix). */
  rangeEnd: Buffer;
  /** The first revision to report (≤ 0: from now on). */
  fromRevision: number;
  /** Deletes carry the key's last value (prev_kv). */
  prevKv?: boolean;
  signal: AbortSignal;
  clock?: Clock;
  /** How long the watch may stay disconnected before it fails (default 15 s). */
  giveUpAfterMs?: number;
}

/** The end of the range of keys starting with `prefix`. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

type Item = { events: IEvent[] } | { error: OrcError } | { broken: unknown };

export async function* watchRange(client: Etcd3, o: WatchRangeOptions): AsyncGenerator<IEvent[], void, undefined> {
  const clock = o.clock ?? systemClock;
  const giveUpAfter = o.giveUpAfterMs ?? 15_000;
  const queue: Item[] = [];
  let wake: (() => void) | undefined;
  const push = (item: Item): void => {
    queue.push(item);
    wake?.();
  };
  const onAbort = (): void => wake?.();
  o.signal.addEventListener('abort', onAbort);

  let next = o.fromRevision;
  let generation = 0;
  let cancel: (() => void) | undefined;
  /** Since when no stream has been established (undefined while one is). */
  let disconnectedSince: number | undefined = clock.now();
  let backoff = 100;

  const open = async (): Promise<void> => {
    const gen = ++generation;
    const stream = await client.watchClient.watch();
    if (gen !== generation || o.signal.aborted) {
      stream.cancel();
      return;
    }
    cancel = () => stream.cancel();
    stream.on('data', (res: IWatchResponse) => {
      if (gen !== generation) return;
      if (res.canceled) {
        if (res.compact_revision !== '0' && res.compact_revision !== '') {
          push({ error: new OrcError('ORC_CONFLICT', `revision ${next} was compacted (oldest kept: ${Number(res.compact_revision)}): start again with a full read`) });
        } else {
          push({ broken: new Error(`etcd canceled the watch: ${res.cancel_reason}`) });
        }
        return;
      }
      if (res.created) {
        disconnectedSince = undefined;
        backoff = 100;
        return;
      }
      const events = res.events;
      const last = events[events.length - 1];
      if (last === undefined) return;
      next = Number(last.kv.mod_revision) + 1;
      push({ events });
    });
    stream.on('error', (e: unknown) => gen === generation && push({ broken: e }));
    stream.on('end', () => gen === generation && push({ broken: new Error('the watch stream ended') }));
    const request = { key: o.key, range_end: o.rangeEnd, prev_kv: o.prevKv === true, progress_notify: false, fragment: false };
    stream.write({ create_request: next > 0 ? { ...request, start_revision: next } : request });
  };

  const reopen = async (cause: unknown): Promise<void> => {
    cancel?.();
    cancel = undefined;
    generation++;
    disconnectedSince ??= clock.now();
    for (;;) {
      if (clock.now() - disconnectedSince > giveUpAfter) throw etcdError(cause, 'watching etcd');
      try {
        await clock.sleep(backoff, o.signal);
      } catch {
        return; // aborted
      }
      backoff = Math.min(backoff * 2, 2_000);
      try {
        await open();
        return;
      } catch (e) {
        cause = e;
      }
    }
  };

  try {
    try {
      await open();
    } catch (e) {
      await reopen(e);
    }
    while (!o.signal.aborted) {
      const item = queue.shift();
      if (item === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if ('events' in item) yield item.events;
      else if ('error' in item) throw item.error;
      else {
        // Events already queued stay; the new stream starts after the last of them.
        await reopen(item.broken);
      }
    }
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    generation++;
    cancel?.();
  }
}
