/**
 * The Stack rpcs: compose projects on this host, served by the stack
 * reconciler (worker/stack).
 */
import { OrcError } from '../../common/errors.js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { ServiceContext } from './service.js';
import { toStatus } from './status.js';

type StackHandlers = Pick<EngineHandlers, 'StackUp' | 'StackDown' | 'StackRun' | 'StackList'>;

export function stackHandlers(_ctx: ServiceContext): StackHandlers {
  const unimplemented = (): OrcError => new OrcError('ORC_INTERNAL', 'stacks are not served by this daemon yet');
  return {
    StackUp: (call) => call.emit('error', toStatus(unimplemented())),
    StackDown: (call) => call.emit('error', toStatus(unimplemented())),
    StackRun: (_call, callback) => callback(toStatus(unimplemented())),
    StackList: (_call, callback) => callback(toStatus(unimplemented())),
  };
}
