// The committed types under proto/generated/ are what proto-loader-gen-types
// makes of the .proto files with the one loader-options object: regenerate
// into a temp dir and compare, file by file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { generate, generatorFlags, walk } from '../../proto/generate.js';
import { loaderOptions } from '../../proto/loader-options.js';
import { repoRoot } from '../helpers/paths.js';

describe('proto: generated types', () => {
  it('the generator flags come from the loader options', () => {
    assert.deepEqual(generatorFlags(loaderOptions), ['--keepCase', '--longs=String', '--enums=String', '--defaults', '--oneofs']);
  });

  it('proto/generated/ is current (regenerate with npm run gen:proto)', () => {
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
