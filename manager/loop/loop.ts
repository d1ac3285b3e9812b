/**
 * The shape every leader component's work follows (scheduler, allocator): a full pass over the store,
 * then the store's watch from the revision read before it. Events only mark
 * work (synchronously); the work runs in ticks, at most one at a time, each
 * after the events already delivered have been taken in, so a burst of events
 * costs one tick.
 */
import type { Clock } from '../../common/clock.js';
import { isOrcError } from '../../common/errors.js';
import type { Kind } from '../../common/cluster/types.js';
import { MAX_BATCH, type Store, type StoreEvent, type WriteOp } from '../store/store.js';

export interface LoopHooks {
  kinds: readonly Kind[];
  /** Reads the store and rebuilds the component's view; marks everything for the next tick. */
  fullPass(): Promise<void>;
  /** Takes one event into the view and marks what it changes. Synchronous. */
  onEvent(e: StoreEvent): void;
  /** Acts on what is marked. */
  tick(): Promise<void>;
}

const RETRY_MS = 1000;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs ticks one at a time: kick() asks for one after the events already queued. */
export class Ticker {
  private scheduled = false;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly onError: (e: unknown) => Promise<void>,
  ) {}

  kick(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    this.again = false;
    this.running = this.tick()
      .catch((e: unknown) => this.onError(e))
      .finally(() => {
        this.running = undefined;
        if (this.again) this.kick();
      });
  }

  /** Resolves once no tick is running or asked for. */
  async idle(): Promise<void> {
    while (this.running !== undefined || this.scheduled) {
      if (this.running !== undefined) await this.running;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }
}

/** Full pass, then the watch, again from a full pass whenever the watch fails, until the signal aborts. */
export async function runLoop(store: Store, hooks: LoopHooks, signal: AbortSignal, clock: Clock, log: (msg: string) => void): Promise<void> {
  const pause = (): Promise<void> => clock.sleep(RETRY_MS, signal).catch(() => undefined);
  while (!signal.aborted) {
    const ticker = new Ticker(
      () => hooks.tick(),
      async (e) => {
        log(`tick failed: ${message(e)}; trying again`);
        await pause();
        if (!signal.aborted) ticker.kick();
      },
    );
    try {
      const rev = await store.revision();
      await hooks.fullPass();
      ticker.kick();
      for await (const e of store.watch(hooks.kinds, rev + 1, signal)) {
        hooks.onEvent(e);
        ticker.kick();
      }
    } catch (e) {
      if (signal.aborted) break;
      log(isOrcError(e) && e.code === 'ORC_CONFLICT' ? `watch lost its place (${e.message}); full pass` : `watch failed: ${message(e)}; full pass`);
      await ticker.idle();
      await pause();
      continue;
    }
    await ticker.idle();
  }
}

/** A tracer writing to stderr when ORC_TRACE names the component (or `*`); undefined otherwise. */
export function tracer(name: string): ((msg: string) => void) | undefined {
  const t = process.env['ORC_TRACE'];
  if (t === undefined || !t.split(',').some((x) => x === name || x === '*')) return undefined;
  return (msg) => process.stderr.write(`${name}: ${msg}\n`);
}

/**
 * A component run by `runLoop`: `run` until the signal aborts (or `stop()`),
 * and `pass()` — one full pass and the tick after it — for tests and benchmarks.
 */
export abstract class LoopComponent {
  private controller: AbortController | undefined;
  /** The view is not to be trusted (a commit failed halfway): the next tick starts with a full pass. */
  protected stale = false;

  protected constructor(protected readonly store: Store, protected readonly clock: Clock, protected readonly log: (msg: string) => void, private readonly kinds: readonly Kind[]) {}

  abstract fullPass(): Promise<void>;
  abstract onEvent(e: StoreEvent): void;
  abstract tick(): Promise<void>;

  async run(signal: AbortSignal): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const onAbort = (): void => controller.abort(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await runLoop(this.store, { kinds: this.kinds, fullPass: () => this.fullPass(), onEvent: (e) => this.onEvent(e), tick: () => this.tick() }, controller.signal, this.clock, this.log);
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.controller = undefined;
    }
  }

  stop(): void {
    this.controller?.abort();
  }

  async pass(): Promise<void> {
    await this.fullPass();
    await this.tick();
  }

  /**
   * Commits in batches; a conflicting batch goes again op by op, and an
   * object that moved on meanwhile is read again (`reread`). Any other
   * failure marks the view stale and is thrown.
   */
  protected async commitOrReread(ops: readonly WriteOp[], reread: (kind: Kind, id: string) => Promise<void>): Promise<void> {
    const retryable = (e: unknown): boolean => isOrcError(e) && (e.code === 'ORC_CONFLICT' || e.code === 'ORC_NOT_FOUND');
    try {
      for (let i = 0; i < ops.length; i += MAX_BATCH) {
        const batch = ops.slice(i, i + MAX_BATCH);
        try {
          await this.store.commit(batch);
        } catch (e) {
          if (!retryable(e)) throw e;
          for (const op of batch) {
            try {
              await this.store.commit([op]);
            } catch (e1) {
              if (!retryable(e1)) throw e1;
              const id = op.op === 'remove' ? op.id : op.object.id;
              this.log(`${op.kind} ${id} changed meanwhile (${(e1 as Error).message}); reading it again`);
              await reread(op.kind, id);
            }
          }
        }
      }
    } catch (e) {
      this.stale = true;
      throw e;
    }
  }
}
