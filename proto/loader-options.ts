/**
 * The one set of @grpc/proto-loader options: the daemon and the client load
 * the .proto files with it at run time, and `generate.ts` derives the flags of
 * `proto-loader-gen-types` from it, so the generated types describe exactly
 * the objects the loader produces.
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
