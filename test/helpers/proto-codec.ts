/**
 * The codec check every service's run-time definition passes (proto/
 * service-definition.ts against @grpc/proto-loader): registers, in the
 * calling describe, a test of the rpc list and one per rpc side with samples
 * of its message; returns the built definition for a service's own tests.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { loaderOptions, protoDir } from '../../proto/loader-options.js';
import { serviceDefinition } from '../../proto/service-definition.js';

/**
 * Sample objects of a message type: every field set (one sample per member
 * of each oneof), int64 also given as numbers, and the empty message, whose
 * decoding shows the defaults. Values are chosen to catch a codec that
 * differs: int64 past 2^53, negative varints, unicode, nested and repeated
 * messages, maps.
 */
function samples(type: protobuf.Type, depth = 0): Record<string, unknown>[] {
  const value = (field: protobuf.Field, longsAsNumbers: boolean): unknown => {
    const resolved = field.resolve().resolvedType;
    if (resolved instanceof protobuf.Enum) return Object.keys(resolved.values).at(-1);
    if (resolved instanceof protobuf.Type) return depth < 3 ? samples(resolved, depth + 1)[0] : {};
    switch (field.type) {
      case 'string': return `${field.name} ✓`;
      case 'bytes': return Buffer.from([0, 1, 2, 255]);
      case 'bool': return true;
      case 'double': case 'float': return 1.5;
      case 'int32': case 'sint32': case 'sfixed32': return -7;
      case 'uint32': case 'fixed32': return 4_000_000_000; // past int32: a signed codec would differ
      case 'int64': case 'sint64': case 'sfixed64': return longsAsNumbers ? -5 : '-9007199254740993';
      case 'uint64': case 'fixed64': return longsAsNumbers ? 5 : '18446744073709551615';
      default: throw new Error(`no sample for ${type.name}.${field.name}: ${field.type}`);
    }
  };
  const full = (choice: ReadonlyMap<protobuf.OneOf, protobuf.Field>, longsAsNumbers: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const field of type.fieldsArray) {
      const oneof = field.partOf;
      if (oneof !== null && !field.options?.['proto3_optional'] && choice.get(oneof) !== field) continue;
      const one = (): unknown => value(field, longsAsNumbers);
      if (field instanceof protobuf.MapField) out[field.name] = { a: one(), 'b/c': one() };
      else out[field.name] = field.repeated ? [one(), one()] : one();
    }
    return out;
  };
  const oneofs = type.oneofsArray.filter((o) => !o.fieldsArray.some((f) => f.options?.['proto3_optional']));
  const choices: Map<protobuf.OneOf, protobuf.Field>[] = [new Map(oneofs.map((o) => [o, o.fieldsArray[0] as protobuf.Field]))];
  for (const o of oneofs) for (const f of o.fieldsArray.slice(1)) choices.push(new Map([...(choices[0] ?? []), [o, f]]));
  return [...choices.map((c) => full(c, false)), full(choices[0] ?? new Map(), true), {}];
}

/**
 * The checks every service's run-time definition passes: the same rpcs,
 * paths, streaming and names as @grpc/proto-loader gives, and for each rpc's
 * request and response the same bytes and the same decoded objects.
 */
export function checkServiceDefinition(protoFile: string, fullName: string): Record<string, grpc.MethodDefinition<object, object>> {
  const loaded = protoLoader.loadSync(join(protoDir(), protoFile), loaderOptions)[fullName] as grpc.ServiceDefinition;
  const built = serviceDefinition(protoFile, fullName);
  const parsed = new protobuf.Root().loadSync(join(protoDir(), protoFile), loaderOptions);
  parsed.resolveAll();
  const service = parsed.lookupService(fullName);

  it(`has every rpc of ${fullName}, with the path, streaming and names @grpc/proto-loader gives`, () => {
    assert.deepEqual(Object.keys(built), Object.keys(loaded));
    for (const [name, m] of Object.entries(loaded)) {
      const b = built[name];
      assert.ok(b !== undefined);
      assert.deepEqual(
        { path: b.path, requestStream: b.requestStream, responseStream: b.responseStream, originalName: b.originalName },
        { path: m.path, requestStream: m.requestStream, responseStream: m.responseStream, originalName: m.originalName },
        name,
      );
    }
  });

  for (const method of service.methodsArray) {
    for (const side of ['request', 'response'] as const) {
      const type = side === 'request' ? method.resolvedRequestType : method.resolvedResponseType;
      it(`${method.name} ${side} (${type?.name}): the same bytes and the same decoded objects as @grpc/proto-loader`, () => {
        assert.ok(type !== null);
        const l = loaded[method.name];
        const b = built[method.name];
        assert.ok(l !== undefined && b !== undefined);
        const [lSer, lDes, bSer, bDes] = side === 'request'
          ? [l.requestSerialize, l.requestDeserialize, b.requestSerialize, b.requestDeserialize]
          : [l.responseSerialize, l.responseDeserialize, b.responseSerialize, b.responseDeserialize];
        for (const sample of samples(type)) {
          const bytes = lSer(sample);
          assert.deepEqual(bSer(sample), bytes, `encoding ${JSON.stringify(sample)}`);
          const expected = lDes(bytes);
          assert.deepStrictEqual(bDes(bytes), expected, `decoding ${JSON.stringify(sample)}`);
          assert.deepStrictEqual(bDes(bSer(expected)), expected, 'a decoded object encodes back to itself');
        }
      });
    }
  }
  return built;
}
