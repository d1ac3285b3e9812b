/**
 * The grpc-js definition of a service, built at run time from the JSON
 * descriptor that `generate.ts` wrote beside the generated types, with
 * protobufjs/light (reflection and codecs, no .proto parser): nothing is
 * parsed when the daemon or the CLI starts.
 *
 * The serializers are @grpc/proto-loader's, with the one loader-options
 * object: a request or response is `Type.fromObject` + `encode` on the way
 * out and `decode` + `Type.toObject(…, loaderOptions)` on the way in, so the
 * handlers and the client see exactly the objects proto-loader gave them
 * (int64 as decimal strings, enums as names, defaults filled in, the oneof
 * discriminators set). `test/daemon/proto.test.ts` holds both to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs/light.js';
import { ENGINE_PROTO, ENGINE_SERVICE, loaderOptions, protoDir } from './loader-options.js';

/** The descriptor of `engine.proto` is `generated/engine.json`. */
export function descriptorPath(protoFile: string): string {
  return join(protoDir(), 'generated', protoFile.replace(/\.proto$/, '.json'));
}

/** What the loader names a method on the client besides its own name (`ImageLoad` → `imageLoad`). */
export function originalName(method: string): string {
  return method.charAt(0).toLowerCase() + method.slice(1);
}

function serializer(type: protobuf.Type): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    const bytes = type.encode(type.fromObject(value)).finish();
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer(type: protobuf.Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), loaderOptions);
}

/**
 * The definition of service `fullName` (`orc.engine.v1.Engine`) of
 * `protoFile`, for `grpc.makeClientConstructor` and `server.addService`.
 */
export function serviceDefinition(protoFile: string, fullName: string): ServiceDefinition {
  const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(descriptorPath(protoFile), 'utf8')) as protobuf.INamespace);
  root.resolveAll(); // as the loader does: types, and the features (presence, packing) of the proto3 syntax
  const service = root.lookupService(fullName);
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType;
    const response = method.resolvedResponseType;
    if (request === null || response === null) throw new Error(`${fullName}.${method.name}: unresolved message types`);
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: originalName(method.name),
    };
  }
  return definition;
}

/** The engine's API as a package definition, for `grpc.loadPackageDefinition` (the daemon's and the client's). */
export function enginePackageDefinition(): Record<string, ServiceDefinition> {
  return { [ENGINE_SERVICE]: serviceDefinition(ENGINE_PROTO, ENGINE_SERVICE) };
}
