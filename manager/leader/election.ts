/**
 * Leader election over etcd: the leader is whoever holds the key
 * `/orc/v1/leader` (its value the node id) under a lease it keeps alive.
 * A candidate creates the key only when it is absent (one transaction), so
 * there is at most one holder; a leader stops acting as soon as its lease
 * may be gone (see KeptLease), before etcd could let another take over.
 */
import type { Etcd3 } from 'etcd3';
import { OrcError } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { callOptions, etcdError, KeptLease, watchRange } from '../etcd/index.js';

export const LEADER_KEY = '/orc/v1/leader';

export interface LeaderElectionOptions {
  /** What leader() reports for this node. */
  nodeId: string;
  /** The lease's TTL: how long a vanished leader blocks the next one (default 3 s). */
  ttlSeconds?: number;
  key?: string;
  clock?: Clock;
  /** Deadline of each etcd call (default 5 s). */
  callTimeoutMs?: number;
  /** Told about every change of this node's role, with its cause. */
  trace?: (message: string) => void;
}

export interface ElectionHandlers {
  /**
   * Called when this node becomes the leader; `leaderSignal` aborts (with an
   * Error saying why) when it stops being one. A returned promise is awaited
   * after the abort before campaigning again; if it rejects, the node steps down.
   */
  onElected(leaderSignal: AbortSignal): void | Promise<void>;
}

export class LeaderElection {
  private readonly ttlSeconds: number;
  private readonly key: Buffer;
  private readonly clock: Clock;
  private term: AbortController | undefined;
  /** Resolves once the current term's work has ended and the key is given up. */
  private termEnded: Promise<void> = Promise.resolve();
  private holdOffUntil = 0;
  private running = false;

  constructor(private readonly client: Etcd3, private readonly o: LeaderElectionOptions) {
    this.ttlSeconds = o.ttlSeconds ?? 3;
    if (!Number.isInteger(this.ttlSeconds) || this.ttlSeconds < 1) throw new OrcError('ORC_USAGE', `a leader lease lasts a whole number of seconds (≥ 1), not ${this.ttlSeconds}`);
    this.key = Buffer.from(o.key ?? LEADER_KEY);
    this.clock = o.clock ?? systemClock;
  }

  /** Whether this node leads now. */
  isLeader(): boolean {
    return this.term !== undefined && !this.term.signal.aborted;
  }

  /** The node id of the current leader, as etcd says (undefined: none). */
  async leader(): Promise<string | undefined> {
    try {
      const res = await this.client.kv.range({ key: this.key }, callOptions(this.o.callTimeoutMs));
      return res.kvs[0]?.value.toString('utf8');
    } catch (e) {
      throw etcdError(e, 'reading the leader');
    }
  }

  /** Steps down (when leading) and lets another node lead: this one does not campaign for a TTL. */
  async resign(): Promise<void> {
    this.holdOffUntil = this.clock.now() + this.ttlSeconds * 1000;
    this.term?.abort(new Error('resigned'));
    await this.termEnded;
  }

  /** Campaigns until `signal` aborts, leading whenever elected; resolves after stepping down. */
  async run(signal: AbortSignal, handlers: ElectionHandlers): Promise<void> {
    if (this.running) throw new OrcError('ORC_USAGE', 'this election is already running');
    this.running = true;
    let backoff = 200;
    try {
      while (!signal.aborted) {
        const wait = this.holdOffUntil - this.clock.now();
        if (wait > 0 && !(await this.sleep(wait, signal))) break;
        let lease: KeptLease;
        try {
          lease = await KeptLease.grant(this.client, { ttlSeconds: this.ttlSeconds, clock: this.clock, ...this.timeout() });
        } catch (e) {
          this.trace(`cannot campaign: ${(e as Error).message}`);
          if (!(await this.sleep(backoff, signal))) break;
          backoff = Math.min(backoff * 2, 2_000);
          continue;
        }
        try {
          const revision = await this.campaign(lease, signal);
          if (revision === undefined) continue;
          backoff = 200;
          await this.lead(lease, revision, signal, handlers);
        } catch (e) {
          this.trace(`campaign failed: ${(e as Error).message}`);
          await this.sleep(backoff, signal);
          backoff = Math.min(backoff * 2, 2_000);
        } finally {
          await lease.revoke();
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Waits until this node holds the key; the revision of its write, or undefined when the lease or the run ended first. */
  private async campaign(lease: KeptLease, signal: AbortSignal): Promise<number | undefined> {
    const until = AbortSignal.any([lease.lost, signal]);
    while (!until.aborted) {
      if (this.holdOffUntil > this.clock.now()) return undefined;
      let res;
      try {
        res = await this.client.kv.txn(
          {
            compare: [{ key: this.key, target: 'Create', result: 'Equal', create_revision: 0 }],
            success: [{ request_put: { key: this.key, value: Buffer.from(this.o.nodeId), lease: lease.id } }],
            failure: [{ request_range: { key: this.key } }],
          },
          callOptions(this.o.callTimeoutMs),
        );
      } catch (e) {
        throw etcdError(e, 'campaigning for leadership');
      }
      if (res.succeeded) {
        // The write may land after this node stopped counting on its lease
        // (etcd was slow to answer): then it must not act, and the key goes.
        if (!until.aborted) return Number(res.header.revision);
        await this.giveUpKey(lease);
        return undefined;
      }
      // Someone leads: wait for the key to go (its lease ended or it resigned), re-checking now and then.
      const held = res.responses[0]?.response_range.kvs[0];
      const from = held === undefined ? Number(res.header.revision) : Number(held.mod_revision) + 1;
      await this.waitForDelete(from, until, this.ttlSeconds * 2000);
    }
    return undefined;
  }

  private async waitForDelete(fromRevision: number, until: AbortSignal, timeoutMs: number): Promise<void> {
    const stop = new AbortController();
    this.clock.sleep(timeoutMs, stop.signal).then(() => stop.abort(), () => undefined);
    const both = AbortSignal.any([stop.signal, until]);
    try {
      for await (const events of watchRange(this.client, { key: this.key, rangeEnd: keyEnd(this.key), fromRevision, signal: both, clock: this.clock, giveUpAfterMs: timeoutMs })) {
        if (events.some((e) => e.type === 'Delete')) return;
      }
    } catch {
      // compacted or unreachable: the caller tries the transaction again
    } finally {
      stop.abort();
    }
  }

  private async lead(lease: KeptLease, revision: number, signal: AbortSignal, handlers: ElectionHandlers): Promise<void> {
    const term = new AbortController();
    this.term = term;
    let ended = (): void => undefined;
    this.termEnded = new Promise<void>((resolve) => (ended = resolve));
    try {
      await this.termOf(term, lease, revision, signal, handlers);
    } finally {
      ended();
    }
  }

  private async termOf(term: AbortController, lease: KeptLease, revision: number, signal: AbortSignal, handlers: ElectionHandlers): Promise<void> {
    const end = (reason: unknown): void => {
      if (!term.signal.aborted) term.abort(reason instanceof Error ? reason : new Error(String(reason)));
    };
    const onLost = (): void => end(lease.lost.reason);
    const onStop = (): void => end(new Error('the node is stopping'));
    lease.lost.addEventListener('abort', onLost, { once: true });
    signal.addEventListener('abort', onStop, { once: true });
    if (lease.lost.aborted) onLost();
    if (signal.aborted) onStop();
    this.trace(`elected leader (revision ${revision})`);
    // The key changing under us (deleted by hand, taken over after an expiry we did not see) ends the term too.
    void this.watchKey(revision + 1, term.signal).then(end);
    const failed = (e: unknown): void => end(new Error(`the leader's work failed: ${e instanceof Error ? e.message : String(e)}`));
    let work: Promise<void> = Promise.resolve();
    if (!term.signal.aborted) {
      try {
        work = Promise.resolve(handlers.onElected(term.signal)).catch(failed);
      } catch (e) {
        failed(e);
      }
    }
    if (!term.signal.aborted) await new Promise<void>((resolve) => term.signal.addEventListener('abort', () => resolve(), { once: true }));
    lease.lost.removeEventListener('abort', onLost);
    signal.removeEventListener('abort', onStop);
    this.trace(`stepped down: ${(term.signal.reason as Error).message}`);
    await work;
    await this.giveUpKey(lease);
  }

  /** Deletes the key when it is still held under this lease, so the next leader need not wait for the TTL. */
  private async giveUpKey(lease: KeptLease): Promise<void> {
    try {
      await this.client.kv.txn(
        { compare: [{ key: this.key, target: 'Lease', result: 'Equal', lease: lease.id }], success: [{ request_delete_range: { key: this.key } }] },
        callOptions(2_000),
      );
    } catch {
      // unreachable: the lease expires on its own
    }
  }

  /** Resolves with the reason when the leader key changes from `fromRevision` on (never while `until` is live and the key is untouched). */
  private async watchKey(fromRevision: number, until: AbortSignal): Promise<Error> {
    try {
      for await (const events of watchRange(this.client, { key: this.key, rangeEnd: keyEnd(this.key), fromRevision, signal: until, clock: this.clock })) {
        if (events.length > 0) return new Error(`the leader key was ${events[0]?.type === 'Delete' ? 'deleted' : 'overwritten'}`);
      }
      return new Error('the term ended');
    } catch (e) {
      return new Error(`the leader key cannot be watched: ${(e as Error).message}`);
    }
  }

  private timeout(): { callTimeoutMs?: number } {
    return this.o.callTimeoutMs === undefined ? {} : { callTimeoutMs: this.o.callTimeoutMs };
  }

  private trace(message: string): void {
    this.o.trace?.(`${this.o.nodeId}: ${message}`);
  }

  /** false when aborted. */
  private async sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await this.clock.sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }
}

function keyEnd(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.from([0])]);
}
