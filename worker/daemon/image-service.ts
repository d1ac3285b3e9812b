/**
 * The handlers for image removal, save, inspect and prune and for registry
 * login: wire → engine → wire, failures through `toStatus`.
 */
import { PassThrough } from 'node:stream';
import type * as grpc from '@grpc/grpc-js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import { pruneImages, removeImage, type Engine } from '../engine/index.js';
import { dockerImageInspect } from '../images/index.js';
import { checkLogin } from '../registry/index.js';
import { toStatus } from './status.js';

type ImageHandlers = Pick<EngineHandlers, 'ImageRemove' | 'ImageSave' | 'ImageInspect' | 'ImagePrune' | 'RegistryLogin'>;

function unary<Req, Res>(fn: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then((res) => callback(null, res), (e: unknown) => callback(toStatus(e)));
  };
}

/** Writes `m`, waiting while the call's buffer is full; false once the call is cancelled. */
export async function writeWithBackpressure<T>(call: grpc.ServerWritableStream<unknown, T>, m: T): Promise<boolean> {
  if (call.cancelled) return false;
  if (!call.write(m)) {
    await new Promise<void>((resolve) => {
      call.once('drain', resolve);
      call.once('cancelled', resolve);
    });
  }
  return !call.cancelled;
}

export function imageHandlers(engine: Engine): ImageHandlers {
  return {
    ImageRemove: unary(async (req) => {
      const r = await removeImage(engine, req.reference, { force: req.force });
      return { untagged: r.untagged, deleted: r.deletedImages };
    }),

    ImageSave: (call) => {
      const out = new PassThrough({ highWaterMark: 1 << 20 });
      out.on('error', () => undefined); // reported through the writer's promise
      call.on('cancelled', () => out.destroy(new Error('the client cancelled the save')));
      const saving = engine.images.saveArchive(call.request.references, out).then(
        () => {
          out.end();
        },
        (e: unknown) => {
          out.destroy();
          throw e;
        },
      );
      void (async () => {
        try {
          for await (const chunk of out) {
            if (!(await writeWithBackpressure(call, { data: chunk as Buffer }))) break;
          }
          await saving;
          if (!call.cancelled) call.end();
        } catch (e) {
          const cause = await saving.then(() => e, (err: unknown) => err);
          if (!call.cancelled) call.emit('error', toStatus(cause));
        }
      })();
    },

    ImageInspect: unary(async (req) => ({ json: JSON.stringify(await dockerImageInspect(engine.images, req.reference)) })),

    ImagePrune: unary(async (req) => {
      const r = await pruneImages(engine, { all: req.all });
      return { deleted: r.images.map((i) => ({ id: i.id, untagged: i.untagged })), reclaimed: String(r.reclaimed) };
    }),

    RegistryLogin: unary(async (req) => ({ registry: (await checkLogin(req.server === '' ? undefined : req.server, req.username, req.password)).registry })),
  };
}
