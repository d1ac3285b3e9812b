/**
 * Docker-shaped engine events (`docker events`): an in-process bus with a
 * bounded history, so a subscriber may replay what happened since a time.
 * The engine emits container and image events; networks and volumes emit
 * through the same bus (`engine.events`).
 */
import { OrcError } from '../../common/errors.js';
import type { Clock } from './clock.js';

export type EventType = 'container' | 'image' | 'network' | 'volume' | 'daemon';

export interface EventActor {
  ID: string;
  Attributes: Record<string, string>;
}

export interface EngineEvent {
  Type: EventType;
  /** `create`, `start`, `die`, `kill`, `exec_create: sh -c …`, `pull`, … */
  Action: string;
  Actor: EventActor;
  scope: 'local';
  /** Unix seconds. */
  time: number;
  /** Unix nanoseconds, as a decimal string (beyond 2^53). */
  timeNano: string;
}

/**
 * Docker's event filters: values of one key are ORed, keys are ANDed.
 * Keys: `type`, `container` (name, or id or id prefix), `image` (the image
 * attribute, or the actor of an image event), `event` (the action; `exec_start`
 * matches `exec_start: sh`), `label` (`k` or `k=v`), `network`, `volume`.
 */
export type EventFilters = Record<string, readonly string[]>;

const FILTER_KEYS = new Set(['type', 'container', 'image', 'event', 'label', 'network', 'volume', 'scope']);

export function validateFilters(filters: EventFilters): void {
  for (const key of Object.keys(filters)) {
    if (!FILTER_KEYS.has(key)) {
      throw new OrcError('ORC_USAGE', `invalid filter '${key}': events accept ${[...FILTER_KEYS].join(', ')}`);
    }
  }
}

/** `name:tag` and `name` name the same image when the tag is `latest`. */
function sameImage(a: string, b: string): boolean {
  const norm = (s: string): string => (/:[^/]+$/.test(s) || s.includes('@') ? s : `${s}:latest`);
  return a === b || norm(a) === norm(b);
}

export function matches(e: EngineEvent, filters: EventFilters): boolean {
  const any = (key: string, test: (v: string) => boolean): boolean => {
    const values = filters[key];
    return values === undefined || values.length === 0 || values.some(test);
  };
  const attrs = e.Actor.Attributes;
  return any('type', (v) => v === e.Type)
    && any('scope', (v) => v === e.scope)
    && any('event', (v) => e.Action === v || e.Action.split(':')[0] === v)
    && any('container', (v) => e.Type === 'container' && (attrs['name'] === v || (v.length > 0 && e.Actor.ID.startsWith(v))))
    && any('image', (v) => (e.Type === 'image' && (e.Actor.ID === v || (attrs['name'] !== undefined && sameImage(attrs['name'], v))))
      || (attrs['image'] !== undefined && sameImage(attrs['image'], v)))
    && any('label', (v) => {
      const eq = v.indexOf('=');
      return eq < 0 ? v in attrs : attrs[v.slice(0, eq)] === v.slice(eq + 1);
    })
    && any('network', (v) => e.Type === 'network' && (e.Actor.ID.startsWith(v) || attrs['name'] === v))
    && any('volume', (v) => e.Type === 'volume' && (e.Actor.ID === v || attrs['name'] === v));
}

export interface SubscribeOptions {
  filters?: EventFilters;
  /** Replay events from this time on (ms since the epoch); without it only new events. */
  since?: number;
  /** End once the clock reaches this time (ms); without it, follow until `signal` aborts. */
  until?: number;
  signal?: AbortSignal;
}

/** One event's nanosecond stamp from a millisecond clock: later emits in one millisecond get higher ones. */
function nanos(ms: number, seq: number): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(seq)).toString();
}

export class EventBus {
  private readonly history: EngineEvent[] = [];
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private lastMs = 0;
  private seq = 0;

  constructor(private readonly clock: Clock, private readonly capacity = 1000) {}

  /** Records and delivers one event. */
  emit(type: EventType, action: string, actor: EventActor): EngineEvent {
    const ms = this.clock.now();
    this.seq = ms === this.lastMs ? this.seq + 1 : 0;
    this.lastMs = ms;
    const e: EngineEvent = {
      Type: type,
      Action: action,
      Actor: { ID: actor.ID, Attributes: { ...actor.Attributes } },
      scope: 'local',
      time: Math.floor(ms / 1000),
      timeNano: nanos(ms, this.seq),
    };
    this.history.push(e);
    if (this.history.length > this.capacity) this.history.splice(0, this.history.length - this.capacity);
    for (const l of this.listeners) l(e);
    return e;
  }

  /** The kept events from `since` on, oldest first (history is bounded: the oldest fall off). */
  recent(filters: EventFilters = {}, since = 0, until = Infinity): EngineEvent[] {
    return this.history.filter((e) => {
      const ms = Number(BigInt(e.timeNano) / 1_000_000n);
      return ms >= since && ms <= until && matches(e, filters);
    });
  }

  /**
   * The history from `since` (when given), then live events, filtered; ends
   * at `until` (an `until` in the past: the replay only) or when `signal` aborts.
   */
  async *subscribe(opts: SubscribeOptions = {}): AsyncGenerator<EngineEvent> {
    const filters = opts.filters ?? {};
    validateFilters(filters);
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const listener = (e: EngineEvent): void => {
      if (!matches(e, filters)) return;
      queue.push(e);
      wake?.();
    };
    const until = opts.until;
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted === true) stop.abort();
    this.listeners.add(listener);
    try {
      const now = this.clock.now();
      if (opts.since !== undefined) yield* this.recent(filters, opts.since, until ?? Infinity);
      if (until !== undefined && until <= now) return;
      if (until !== undefined) {
        this.clock.sleep(until - now, stop.signal).then(() => stop.abort(), () => undefined);
      }
      const ended = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      for (;;) {
        while (queue.length > 0) {
          const e = queue.shift() as EngineEvent;
          if (until !== undefined && Number(BigInt(e.timeNano) / 1_000_000n) > until) return;
          yield e;
        }
        if (stop.signal.aborted) return;
        await Promise.race([new Promise<void>((resolve) => { wake = resolve; }), ended]);
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      opts.signal?.removeEventListener('abort', onAbort);
      stop.abort();
    }
  }
}
