/** Placeholder until copying lands. */
import { status } from '@grpc/grpc-js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { Engine } from '../engine/index.js';

export function copyHandlers(_engine: Engine): Pick<EngineHandlers, 'ContainerArchiveGet' | 'ContainerArchivePut'> {
  return {
    ContainerArchiveGet: (call) => call.emit('error', { code: status.UNIMPLEMENTED, details: 'not yet' }),
    ContainerArchivePut: (_call, cb) => cb({ code: status.UNIMPLEMENTED, details: 'not yet' }),
  };
}
