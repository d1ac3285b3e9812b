/**
 * The one set of @grpc/proto-loader options: `generate.ts` parses the .proto
 * files with it into JSON descriptors and derives the flags of
 * `proto-loader-gen-types` from it, and `service-definition.ts` decodes every
 * message with it at run time, so the generated types describe exactly the
 * objects the daemon and the client see.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const loaderOptions = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/** Where the .proto files are (the source folder, also when running from dist/). */
export function protoDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/proto → ../../proto ; proto → .
  return here.endsWith(join('dist', 'proto')) ? join(here, '..', '..', 'proto') : here;
}

export const ENGINE_PROTO = 'engine.proto';
export const ENGINE_SERVICE = 'orc.engine.v1.Engine';

export const CONTROL_PROTO = 'control.proto';
/** The cluster's control API (managers; mTLS, manager certificates and the local socket). */
export const CONTROL_SERVICE = 'orc.control.v1.Control';
/** The CA's two calls a joining node makes before it has a certificate. */
export const CA_SERVICE = 'orc.control.v1.CA';
export const DISPATCHER_PROTO = 'dispatcher.proto';
/** Worker sessions (managers; mTLS, any node certificate). */
export const DISPATCHER_SERVICE = 'orc.dispatcher.v1.Dispatcher';
export const SWARM_SERVICE = 'orc.control.v1.Swarm';
