/**
 * Where a task's image comes from: the engine's image store when it holds
 * it, else the registry (`worker/registry`'s pull, as the daemon's
 * `ImagePull` does). Concurrent pulls of one reference share one download;
 * a caller's signal ends its own wait, never the shared download.
 */
import { OrcError } from '../../common/errors.js';
import type { Engine } from '../engine/index.js';
import { pull, type RegistryOptions } from '../registry/index.js';

/** What the executor needs of images. */
export interface TaskImages {
  /** True when the local store holds `ref`. */
  has(ref: string): Promise<boolean>;
  /** Brings `ref` into the local store; rejects with why it could not (or with the signal's reason). */
  pull(ref: string, signal?: AbortSignal): Promise<void>;
}

function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return p;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The engine's store, pulling from registries with `opts` (credentials, insecure registries, timeouts). */
export function registryImages(engine: Engine, opts: Omit<RegistryOptions, 'signal'> = {}): TaskImages {
  const inFlight = new Map<string, Promise<void>>();
  return {
    async has(ref) {
      try {
        await engine.images.inspect(ref);
        return true;
      } catch (e) {
        if (e instanceof OrcError && (e.code === 'ORC_NOT_FOUND' || e.code === 'ORC_INVALID_REFERENCE')) return false;
        throw e;
      }
    },
    pull(ref, signal) {
      let p = inFlight.get(ref);
      if (p === undefined) {
        p = pull(engine.images, ref, opts).then((r) => {
          engine.events.emit('image', 'pull', { ID: r.reference, Attributes: { name: r.reference.replace(/:[^:/]+$/, '') } });
        });
        inFlight.set(ref, p);
        const done = (): void => {
          inFlight.delete(ref);
        };
        p.then(done, done);
      }
      return untilAborted(p, signal);
    },
  };
}
