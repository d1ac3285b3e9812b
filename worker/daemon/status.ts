/**
 * The one place where an error of the engine becomes a gRPC status: the
 * status code says the family, the trailing metadata carries the exact
 * OrcError code so the client rebuilds the same error (cli/client/status.ts).
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { toOrcError, type OrcError, type OrcErrorCode } from '../../common/errors.js';
import { ERROR_CODE_KEY } from '../../proto/wire.js';

const STATUS: Record<OrcErrorCode, status> = {
  ORC_INVALID_SPEC: status.INVALID_ARGUMENT,
  ORC_NOT_FOUND: status.NOT_FOUND,
  ORC_USAGE: status.INVALID_ARGUMENT,
  ORC_IO: status.INTERNAL,
  ORC_INVALID_REFERENCE: status.INVALID_ARGUMENT,
  ORC_INVALID_IMAGE: status.INVALID_ARGUMENT,
  ORC_UNSAFE_LAYER: status.INVALID_ARGUMENT,
  ORC_DIGEST_MISMATCH: status.DATA_LOSS,
  ORC_CONFLICT: status.FAILED_PRECONDITION,
  ORC_REGISTRY: status.UNAVAILABLE,
  ORC_UNAUTHORIZED: status.PERMISSION_DENIED,
  ORC_RUNTIME: status.ABORTED,
  ORC_EXEC_NOT_FOUND: status.FAILED_PRECONDITION,
  ORC_EXEC_DENIED: status.FAILED_PRECONDITION,
  ORC_UNAVAILABLE: status.UNAVAILABLE,
  ORC_INTERNAL: status.INTERNAL,
};

/** Anything a handler threw → the status sent to the client. */
export function toStatus(e: unknown): Partial<ServiceError> {
  const err: OrcError = toOrcError(e);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, err.code);
  if (err.code === 'ORC_INTERNAL') process.stderr.write(`orc daemon: internal error: ${err.cause instanceof Error ? (err.cause.stack ?? err.message) : err.message}\n`);
  return { code: STATUS[err.code], details: err.message, metadata };
}
