// The committed files under proto/generated/ are what proto-loader-gen-types
// and protobufjs make of the .proto files with the one loader-options object:
// regenerate into a temp dir and compare, file by file. The service
// definition built at run time from the JSON descriptor encodes and decodes
// every rpc's messages exactly as @grpc/proto-loader does from the .proto.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { generate, generatorFlags, walk } from '../../proto/generate.js';
import { CA_SERVICE, CONTROL_PROTO, CONTROL_SERVICE, ENGINE_PROTO, ENGINE_SERVICE, loaderOptions, SWARM_SERVICE } from '../../proto/loader-options.js';
import { checkServiceDefinition } from '../helpers/proto-codec.js';
import { repoRoot } from '../helpers/paths.js';

describe('proto: generated types', () => {
  it('the generator flags come from the loader options', () => {
    assert.deepEqual(generatorFlags(loaderOptions), ['--keepCase', '--longs=String', '--enums=String', '--defaults', '--oneofs']);
  });

  it('proto/generated/ (types and JSON descriptors) is current (regenerate with npm run gen:proto)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-proto-'));
    try {
      generate(dir);
      const committed = join(repoRoot, 'proto', 'generated');
      const files = (root: string): string[] => walk(root).map((f) => relative(root, f)).sort();
      assert.deepEqual(files(committed), files(dir), 'the set of generated files differs: run npm run gen:proto');
      for (const f of files(dir)) {
        assert.equal(readFileSync(join(committed, f), 'utf8'), readFileSync(join(dir, f), 'utf8'), `proto/generated/${f} is stale: run npm run gen:proto`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const [protoFile, fullName] of [[CONTROL_PROTO, CONTROL_SERVICE], [CONTROL_PROTO, CA_SERVICE], [CONTROL_PROTO, SWARM_SERVICE]] as const) {
  describe(`proto: the run-time service definition of ${fullName}`, () => {
    checkServiceDefinition(protoFile, fullName);
  });
}

describe('proto: the run-time service definition', () => {
  const built = checkServiceDefinition(ENGINE_PROTO, ENGINE_SERVICE);

  it('decodes the discriminator of a oneof and the defaults of an empty message as the handlers expect', () => {
    const exec = built['ContainerExec'];
    assert.ok(exec !== undefined);
    const decoded = exec.requestDeserialize(exec.requestSerialize({ close_stdin: true })) as Record<string, unknown>;
    assert.equal(decoded['input'], 'close_stdin');
    assert.equal(decoded['close_stdin'], true);
    const list = built['ContainerList'];
    assert.ok(list !== undefined);
    const empty = list.responseDeserialize(Buffer.alloc(0)) as Record<string, unknown>;
    assert.deepStrictEqual(empty, { containers: [] });
  });
});
