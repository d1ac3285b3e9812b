/**
 * An etcd lease kept alive by this process, with a conservative local view of
 * its expiry: it counts as lost at (the send time of the last keepalive etcd
 * answered) + TTL − margin. etcd can only expire it later than that, so
 * whoever acts under the lease stops before anyone else can take over.
 */
import type { Etcd3, ILeaseKeepAliveResponse } from 'etcd3';
import { systemClock, type Clock } from '../../common/clock.js';
import { callOptions, etcdError } from './client.js';

export interface LeaseOptions {
  ttlSeconds: number;
  clock?: Clock;
  /** Deadline of the grant and revoke calls (default 5 s). */
  callTimeoutMs?: number;
}

interface KeepAliveStream {
  write(item: { ID: string }): void;
  cancel(): void;
}

export class KeptLease {
  /** Aborts (with an Error saying why) when the lease is, or may be, gone. */
  readonly lost: AbortSignal;
  private readonly lose: AbortController;
  private validUntil: number;
  private stream: KeepAliveStream | undefined;
  private readonly sentAt: number[] = [];
  private readonly stopTimers = new AbortController();

  private constructor(
    private readonly client: Etcd3,
    /** The lease id (decimal, as etcd's API carries it). */
    readonly id: string,
    private readonly ttlMs: number,
    grantedAt: number,
    private readonly clock: Clock,
    private readonly callTimeoutMs: number | undefined,
  ) {
    this.lose = new AbortController();
    this.lost = this.lose.signal;
    this.validUntil = grantedAt + ttlMs;
    void this.keepAliveLoop();
    void this.watchdog();
  }

  static async grant(client: Etcd3, o: LeaseOptions): Promise<KeptLease> {
    const clock = o.clock ?? systemClock;
    const sentAt = clock.now();
    try {
      const res = await client.leaseClient.leaseGrant({ TTL: o.ttlSeconds }, callOptions(o.callTimeoutMs));
      return new KeptLease(client, res.ID, Number(res.TTL) * 1000, sentAt, clock, o.callTimeoutMs);
    } catch (e) {
      throw etcdError(e, 'granting an etcd lease');
    }
  }

  /** When the lease counts as lost if no keepalive is answered before. */
  get expiresAt(): number {
    return this.validUntil - this.margin;
  }

  private get margin(): number {
    return Math.min(500, this.ttlMs / 4);
  }

  /** Stops keeping it alive and revokes it (best effort: it expires anyway). */
  async revoke(): Promise<void> {
    this.release(new Error('the lease was revoked'));
    try {
      await this.client.leaseClient.leaseRevoke({ ID: this.id }, callOptions(this.callTimeoutMs ?? 2_000));
    } catch {
      // gone already, or etcd unreachable: it expires within its TTL
    }
  }

  /** Stops keeping it alive without revoking it. */
  release(reason: Error = new Error('the lease was released')): void {
    this.stopTimers.abort();
    this.stream?.cancel();
    this.stream = undefined;
    if (!this.lose.signal.aborted) this.lose.abort(reason);
  }

  private async watchdog(): Promise<void> {
    while (!this.stopTimers.signal.aborted) {
      const left = this.expiresAt - this.clock.now();
      if (left <= 0) {
        this.release(new Error(`no keepalive of the etcd lease was answered for ${this.ttlMs - this.margin} ms`));
        return;
      }
      try {
        await this.clock.sleep(Math.min(left, this.ttlMs / 6), this.stopTimers.signal);
      } catch {
        return;
      }
    }
  }

  private async keepAliveLoop(): Promise<void> {
    const interval = this.ttlMs / 3;
    while (!this.stopTimers.signal.aborted) {
      try {
        if (this.stream === undefined) await this.openStream();
        if (this.stopTimers.signal.aborted) return;
        this.sentAt.push(this.clock.now());
        this.stream?.write({ ID: this.id });
      } catch {
        // etcd unreachable: try again at the next tick; the watchdog decides when it is lost
      }
      try {
        await this.clock.sleep(interval, this.stopTimers.signal);
      } catch {
        return;
      }
    }
  }

  private async openStream(): Promise<void> {
    const stream = await this.client.leaseClient.leaseKeepAlive();
    if (this.stopTimers.signal.aborted) {
      stream.cancel();
      return;
    }
    this.sentAt.length = 0;
    const drop = (): void => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      this.sentAt.length = 0;
    };
    stream.on('data', (res: ILeaseKeepAliveResponse) => {
      if (this.stream !== stream) return;
      const sent = this.sentAt.shift();
      if (res.TTL === '0' || Number(res.TTL) <= 0) {
        this.release(new Error('the etcd lease expired'));
        return;
      }
      if (sent !== undefined) this.validUntil = Math.max(this.validUntil, sent + Number(res.TTL) * 1000);
    });
    stream.on('error', drop);
    stream.on('end', drop);
    this.stream = stream;
  }
}
