/**
 * The grpc-js definition of a service, built at run time from the JSON
 * descriptor that `generate.ts` wrote beside the generated types: the
 * service's methods and, for every message, the code protobufjs generates
 * for it (its constructor, encode, decode, fromObject, toObject). Nothing is
 * parsed or generated when the daemon or the CLI starts: only
 * `protobufjs/minimal` (Reader, Writer, util) is loaded, and a message's
 * code is compiled the first time an rpc that carries it is called.
 *
 * The serializers are @grpc/proto-loader's, with the one loader-options
 * object: a request or response is `fromObject` + `encode` on the way out
 * and `decode` + `toObject(…, loaderOptions)` on the way in, so the handlers
 * and the client see exactly the objects proto-loader gave them (int64 as
 * decimal strings, defaults filled in, the oneof discriminators set).
 * `test/daemon/proto.test.ts` holds both to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs/minimal.js';
import { ENGINE_PROTO, ENGINE_SERVICE, loaderOptions, protoDir } from './loader-options.js';

/** What `generate.ts` writes: full names without the leading dot. */
export interface Descriptor {
  /** service → method → its message types and streaming. */
  services: Record<string, Record<string, { requestType: string; responseType: string; requestStream: boolean; responseStream: boolean }>>;
  /** message → protobufjs's generated code; `types[i]` is the message type of field i (null: a scalar). */
  messages: Record<string, { types: (string | null)[]; ctor: string; encode: string; decode: string; fromObject: string; toObject: string }>;
}

/** A message's compiled code, as protobufjs's reflection would set it up (its `this` in decode and fromObject). */
interface Codec {
  ctor: new () => object;
  encode(message: object): protobuf.Writer;
  decode(bytes: Uint8Array): object;
  fromObject(value: object): object;
  toObject(message: object, options: protobuf.IConversionOptions): object;
}

/** The descriptor of `engine.proto` is `generated/engine.json`. */
export function descriptorPath(protoFile: string): string {
  return join(protoDir(), 'generated', protoFile.replace(/\.proto$/, '.json'));
}

/**
 * What the loader names a method on the client besides its own name: its
 * camelCase, words split at case changes with an acronym as one word, as
 * @grpc/proto-loader's camelCase does (`ImageLoad` → `imageLoad`,
 * `GetRootCACertificate` → `getRootCaCertificate`).
 */
export function originalName(method: string): string {
  const words = method.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g) ?? [method];
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
}

/** Compiles messages on first use; a message's field types are compiled with it (cycles are fine). */
function codecs(messages: Descriptor['messages']): (name: string) => Codec {
  const compiled = new Map<string, Codec>();
  const compile = (name: string): Codec => {
    const known = compiled.get(name);
    if (known !== undefined) return known;
    const code = messages[name];
    if (code === undefined) throw new Error(`no message ${name} in the descriptor`);
    const codec = {} as Codec;
    compiled.set(name, codec);
    const types = code.types.map((t) => (t === null ? null : compile(t)));
    const fn = (params: string[], source: string, ...args: unknown[]): never => new Function(...params, `return ${source}`)(...args) as never;
    codec.ctor = fn([], code.ctor);
    codec.encode = fn(['Writer', 'types', 'util'], code.encode, protobuf.Writer, types, protobuf.util);
    codec.decode = fn(['Reader', 'types', 'util'], code.decode, protobuf.Reader, types, protobuf.util);
    codec.fromObject = fn(['types', 'util'], code.fromObject, types, protobuf.util);
    codec.toObject = fn(['types', 'util'], code.toObject, types, protobuf.util);
    return codec;
  };
  return compile;
}

function serializer(codec: () => Codec, name: string): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${name} structure, got array instead`);
    const c = codec();
    const bytes = c.encode(c.fromObject(value)).finish();
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer(codec: () => Codec): (bytes: Buffer) => object {
  return (bytes) => {
    const c = codec();
    return c.toObject(c.decode(bytes), loaderOptions);
  };
}

/**
 * The definition of service `fullName` (`orc.engine.v1.Engine`) of
 * `protoFile`, for `grpc.makeClientConstructor` and `server.addService`.
 */
export function serviceDefinition(protoFile: string, fullName: string): ServiceDefinition {
  const descriptor = JSON.parse(readFileSync(descriptorPath(protoFile), 'utf8')) as Descriptor;
  const methods = descriptor.services[fullName];
  if (methods === undefined) throw new Error(`no service ${fullName} in ${descriptorPath(protoFile)}`);
  const compile = codecs(descriptor.messages);
  const lazy = (name: string): (() => Codec) => {
    let codec: Codec | undefined;
    return () => (codec ??= compile(name));
  };
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const [name, m] of Object.entries(methods)) {
    const request = lazy(m.requestType);
    const response = lazy(m.responseType);
    definition[name] = {
      path: `/${fullName}/${name}`,
      requestStream: m.requestStream,
      responseStream: m.responseStream,
      requestSerialize: serializer(request, m.requestType.slice(m.requestType.lastIndexOf('.') + 1)),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response, m.responseType.slice(m.responseType.lastIndexOf('.') + 1)),
      responseDeserialize: deserializer(response),
      originalName: originalName(name),
    };
  }
  return definition;
}

/** The engine's API as a package definition, for `grpc.loadPackageDefinition` (the daemon's and the client's). */
export function enginePackageDefinition(): Record<string, ServiceDefinition> {
  return { [ENGINE_SERVICE]: serviceDefinition(ENGINE_PROTO, ENGINE_SERVICE) };
}
