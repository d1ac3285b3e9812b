/**
 * The one place where a failed call becomes an OrcError again: the code the
 * daemon put in the trailing metadata (worker/daemon/status.ts), else one
 * guessed from the gRPC status (a daemon that cannot be reached has none).
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { OrcError, type OrcErrorCode } from '../../common/errors.js';
import { ERROR_CODE_KEY } from '../../proto/wire.js';

const CODES: ReadonlySet<string> = new Set<OrcErrorCode>([
  'ORC_INVALID_SPEC', 'ORC_NOT_FOUND', 'ORC_USAGE', 'ORC_IO', 'ORC_INVALID_REFERENCE', 'ORC_INVALID_IMAGE', 'ORC_UNSAFE_LAYER',
  'ORC_DIGEST_MISMATCH', 'ORC_CONFLICT', 'ORC_REGISTRY', 'ORC_UNAUTHORIZED', 'ORC_RUNTIME', 'ORC_EXEC_NOT_FOUND',
  'ORC_EXEC_DENIED', 'ORC_UNAVAILABLE', 'ORC_INTERNAL',
]);

function isCode(v: unknown): v is OrcErrorCode {
  return typeof v === 'string' && CODES.has(v);
}

export function fromStatus(e: ServiceError, host: string): OrcError {
  const carried = e.metadata?.get(ERROR_CODE_KEY)[0];
  if (isCode(carried)) return new OrcError(carried, e.details, { cause: e });
  if (e.code === status.UNAVAILABLE) {
    return new OrcError('ORC_UNAVAILABLE', `cannot reach the orc daemon at ${host}: is it running? (start it with \`orc daemon\`) [${e.details}]`, { cause: e });
  }
  const code: OrcErrorCode = e.code === status.NOT_FOUND ? 'ORC_NOT_FOUND' : e.code === status.INVALID_ARGUMENT ? 'ORC_USAGE' : 'ORC_INTERNAL';
  return new OrcError(code, `the orc daemon at ${host} failed: ${e.details || status[e.code]}`, { cause: e });
}
