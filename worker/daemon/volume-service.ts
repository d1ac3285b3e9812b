/**
 * The volume handlers (`orc volume create|ls|inspect|rm|prune`): wire →
 * `Volumes` → wire, failures through `toStatus`.
 */
import type * as grpc from '@grpc/grpc-js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import { parseVolumeFilters, type Volumes } from '../volumes/index.js';
import { toStatus } from './status.js';

type VolumeHandlers = Pick<EngineHandlers, 'VolumeCreate' | 'VolumeList' | 'VolumeInspect' | 'VolumeRemove' | 'VolumePrune'>;

function unary<Req, Res>(fn: (req: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then((res) => callback(null, res), (e: unknown) => callback(toStatus(e)));
  };
}

export function volumeHandlers(volumes: Volumes): VolumeHandlers {
  return {
    VolumeCreate: unary(async (req) => ({
      json: JSON.stringify(await volumes.create({
        ...(req.name !== '' ? { name: req.name } : {}),
        ...(req.driver !== '' ? { driver: req.driver } : {}),
        driverOpts: req.driver_opts,
        labels: req.labels,
      })),
    })),
    VolumeList: unary((req) => ({ volumes: volumes.list({ filters: parseVolumeFilters(req.filters) }).map((v) => JSON.stringify(v)) })),
    VolumeInspect: unary((req) => ({ json: JSON.stringify(volumes.inspect(req.name)) })),
    VolumeRemove: unary(async (req) => {
      await volumes.remove(req.name, { force: req.force });
      return {};
    }),
    VolumePrune: unary(async (req) => {
      const r = await volumes.prune({ all: req.all });
      return { deleted: r.deleted, reclaimed: String(r.reclaimed) };
    }),
  };
}
