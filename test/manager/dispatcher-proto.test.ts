// dispatcher.proto's committed output (types and JSON descriptor) is what the
// generator makes of it today, and the service definition built from the
// descriptor encodes and decodes every rpc's messages as @grpc/proto-loader
// does from the .proto.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { generate, walk } from '../../proto/generate.js';
import { DISPATCHER_PROTO, DISPATCHER_SERVICE, loaderOptions, protoDir } from '../../proto/loader-options.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { repoRoot } from '../helpers/paths.js';

/** The generated files that come from dispatcher.proto, relative to a generated folder. */
function dispatcherFiles(root: string): string[] {
  const own = ['dispatcher.ts', 'dispatcher.json'].filter((f) => existsSync(join(root, f)));
  const dir = join(root, 'orc', 'dispatcher');
  return [...own, ...(existsSync(dir) ? walk(dir).map((f) => relative(root, f)) : [])].sort();
}

describe('dispatcher.proto: generated files', () => {
  it('proto/generated/ holds the current output for dispatcher.proto (regenerate with npm run gen:proto)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-dispatcher-proto-'));
    try {
      generate(dir);
      const committed = join(repoRoot, 'proto', 'generated');
      const expected = dispatcherFiles(dir);
      assert.ok(expected.includes('dispatcher.json') && expected.includes('dispatcher.ts'));
      assert.deepEqual(dispatcherFiles(committed), expected, 'the set of generated files differs: run npm run gen:proto');
      for (const f of expected) {
        assert.equal(readFileSync(join(committed, f), 'utf8'), readFileSync(join(dir, f), 'utf8'), `proto/generated/${f} is stale: run npm run gen:proto`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every field set (nested and repeated messages included), and the empty message. */
function samples(type: protobuf.Type, depth = 0): Record<string, unknown>[] {
  const value = (field: protobuf.Field): unknown => {
    const resolved = field.resolve().resolvedType;
    if (resolved instanceof protobuf.Type) return depth < 3 ? samples(resolved, depth + 1)[0] : {};
    switch (field.type) {
      case 'string': return `${field.name} ✓ {"a":1}`;
      case 'bytes': return Buffer.from([0, 1, 2, 255]);
      case 'bool': return true;
      case 'double': return 1.5;
      case 'uint32': return 4_000_000_000;
      case 'int32': return -1;
      default: throw new Error(`no sample for ${type.name}.${field.name}: ${field.type}`);
    }
  };
  const full: Record<string, unknown> = {};
  for (const field of type.fieldsArray) full[field.name] = field.repeated ? [value(field), value(field)] : value(field);
  return [full, {}];
}

describe('dispatcher.proto: the run-time service definition', () => {
  const loaded = protoLoader.loadSync(join(protoDir(), DISPATCHER_PROTO), loaderOptions)[DISPATCHER_SERVICE] as grpc.ServiceDefinition;
  const built = serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE);
  const parsed = new protobuf.Root().loadSync(join(protoDir(), DISPATCHER_PROTO), loaderOptions);
  parsed.resolveAll();
  const service = parsed.lookupService(DISPATCHER_SERVICE);

  it('has the six rpcs, with the paths and streaming @grpc/proto-loader gives', () => {
    assert.deepEqual(Object.keys(built).sort(), ['Assignments', 'Heartbeat', 'Logs', 'PublishLogs', 'Session', 'UpdateTaskStatus']);
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
    assert.equal(built['Session']?.responseStream, true);
    assert.equal(built['Assignments']?.responseStream, true);
    assert.equal(built['Logs']?.responseStream, true);
    assert.equal(built['PublishLogs']?.requestStream, true);
    assert.equal(built['PublishLogs']?.responseStream, false);
  });

  for (const method of service.methodsArray) {
    for (const side of ['request', 'response'] as const) {
      const type = side === 'request' ? method.resolvedRequestType : method.resolvedResponseType;
      it(`${method.name} ${side} (${type?.name}): the same bytes and objects as @grpc/proto-loader`, () => {
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

  it('an empty assignments message decodes with its defaults', () => {
    const a = built['Assignments'];
    assert.ok(a !== undefined);
    assert.deepStrictEqual(a.responseDeserialize(Buffer.alloc(0)), {
      type: '', applies: [], removes: [], secrets: [], configs: [], removes_files: [], sequence: 0,
    });
  });
});
