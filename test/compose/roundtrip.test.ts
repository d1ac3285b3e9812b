// What `orc config` prints is valid compose input that loads back to the very
// same model (Compose spec: the canonical form is itself a compose file).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { loadProject, renderModel, type LoadOptions } from '../../compose/index.js';
import { fixture, sharedDir } from '../helpers/paths.js';

function projects(): Array<{ dir: string; files?: string[] }> {
  const out: Array<{ dir: string; files?: string[] }> = [];
  const corpus = join(sharedDir, 'corpus', 'awesome-compose');
  if (existsSync(corpus)) for (const p of readdirSync(corpus).sort()) if (!p.includes('.') && p !== 'LICENSE') out.push({ dir: join(corpus, p) });
  for (const name of ['webapp', 'short-syntax', 'include']) out.push({ dir: fixture('config', name) });
  return out;
}

it('the printed model of every sample project loads back to the same model, in YAML and JSON', () => {
  const env = { HOME: '/home/user' };
  for (const { dir } of projects()) {
    const first = loadProject({ cwd: dir, env });
    for (const format of ['yaml', 'json'] as const) {
      const text = renderModel(first.spec, format);
      const again: LoadOptions = {
        cwd: dir,
        env,
        files: ['-'],
        stdin: () => text,
        projectDirectory: first.spec.projectDir,
        projectName: first.spec.name,
      };
      const second = loadProject(again);
      assert.equal(renderModel(second.spec, format), text, `${dir} (${format})`);
      assert.deepEqual(second.spec.dependencies, first.spec.dependencies, dir);
    }
  }
});
