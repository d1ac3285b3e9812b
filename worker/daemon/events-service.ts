/**
 * The handlers of Events, ContainerPause and ContainerUnpause, spread into
 * the Engine service by service.ts; and `imageEvent`, which the image
 * handlers call after a pull or a load.
 */
import type * as grpc from '@grpc/grpc-js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { Event } from '../../proto/generated/orc/engine/v1/Event.js';
import type { EventsRequest__Output } from '../../proto/generated/orc/engine/v1/EventsRequest.js';
import type { Engine, EngineEvent, EventFilters } from '../engine/index.js';
import { toStatus } from './status.js';

type Handlers = Pick<EngineHandlers, 'Events' | 'ContainerPause' | 'ContainerUnpause'>;

function wireEvent(e: EngineEvent): Event {
  return {
    type: e.Type,
    action: e.Action,
    actor_id: e.Actor.ID,
    attributes: Object.entries(e.Actor.Attributes).map(([key, value]) => ({ key, value })),
    scope: e.scope,
    time: String(e.time),
    time_nano: e.timeNano,
  };
}

/** An image event as Docker names it: `pull`/`tag` by reference, `load`/`untag`/`delete` by image ID. */
export function imageEvent(engine: Engine, action: string, id: string, name: string): void {
  engine.events.emit('image', action, { ID: id, Attributes: { name } });
}

export function eventHandlers(engine: Engine, shutdown: AbortSignal): Handlers {
  const unit = (fn: (ref: string) => Promise<void>): grpc.handleUnaryCall<{ container: string }, object> => (call, callback) => {
    fn(call.request.container).then(() => callback(null, {}), (e: unknown) => callback(toStatus(e)));
  };
  return {
    ContainerPause: unit((ref) => engine.pause(ref)),
    ContainerUnpause: unit((ref) => engine.unpause(ref)),

    Events: (call: grpc.ServerWritableStream<EventsRequest__Output, Event>) => {
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      call.on('cancelled', stop);
      shutdown.addEventListener('abort', stop, { once: true });
      const req = call.request;
      const filters: EventFilters = {};
      for (const f of req.filters) filters[f.key] = [...(filters[f.key] ?? []), ...f.values];
      void (async () => {
        try {
          const events = engine.events.subscribe({
            filters,
            ...(req.since_ms !== undefined ? { since: Number(req.since_ms) } : {}),
            ...(req.until_ms !== undefined ? { until: Number(req.until_ms) } : {}),
            signal: abort.signal,
          });
          for await (const e of events) {
            if (call.cancelled) break;
            call.write(wireEvent(e));
          }
          if (!call.cancelled) call.end();
        } catch (e) {
          if (!call.cancelled) call.emit('error', toStatus(e));
        } finally {
          shutdown.removeEventListener('abort', stop);
        }
      })();
    },
  };
}
