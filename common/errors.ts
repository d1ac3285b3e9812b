/**
 * Typed errors with stable codes. Every boundary (compose loader, gRPC server,
 * CLI) translates these once; tests assert on `code`, never on message text.
 */

export type OrcErrorCode =
  | 'ORC_INVALID_SPEC' // a compose project failed to load; see `issues`
  | 'ORC_NOT_FOUND'
  | 'ORC_USAGE' // bad command-line usage
  | 'ORC_IO' // a file could not be read or written
  | 'ORC_INVALID_REFERENCE' // an image reference (name:tag@digest) does not parse
  | 'ORC_INVALID_IMAGE' // an image, archive or layer is malformed or unsupported
  | 'ORC_UNSAFE_LAYER' // a layer entry would escape its directory or create a device
  | 'ORC_DIGEST_MISMATCH' // content did not hash to the digest that named it
  | 'ORC_CONFLICT' // the operation conflicts with the current state (e.g. image has several tags)
  | 'ORC_REGISTRY' // a registry could not be reached or answered with an error
  | 'ORC_UNAUTHORIZED' // a registry refused the credentials (or their absence)
  | 'ORC_RUNTIME' // the OCI runtime or the shim refused or failed to run a container
  | 'ORC_EXEC_NOT_FOUND' // the container's command does not exist in it (Docker's exit 127)
  | 'ORC_EXEC_DENIED' // the container's command cannot be executed (Docker's exit 126)
  | 'ORC_UNAVAILABLE' // the engine daemon cannot be reached
  | 'ORC_INTERNAL';

export class OrcError extends Error {
  readonly code: OrcErrorCode;

  constructor(code: OrcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OrcError';
    this.code = code;
  }
}

export function isOrcError(e: unknown): e is OrcError {
  return e instanceof OrcError;
}

/** Wraps anything thrown into an OrcError, keeping the original as `cause`. */
export function toOrcError(e: unknown): OrcError {
  if (e instanceof OrcError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new OrcError('ORC_INTERNAL', message, { cause: e });
}
