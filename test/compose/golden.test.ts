// Golden tests of `orc config`: each test/fixtures/config/<case>/<name>.args
// holds the arguments (one per line); <name>.expected holds the exit code,
// stdout and stderr of the real program, with the case folder shown as <dir>.
// ORC_UPDATE_GOLDEN=1 rewrites the expected files; review the diff.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixture, repoRoot } from '../helpers/paths.js';

const root = fixture('config');
const update = process.env['ORC_UPDATE_GOLDEN'] === '1';

function run(dir: string, args: string[]): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'orc.js'), ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', HOME: '/home/user', GREETING: 'from the shell' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const clean = (s: string): string => s.split(dir).join('<dir>');
  return `--- exit ${String(r.status)} ---\n--- stdout ---\n${clean(r.stdout)}--- stderr ---\n${clean(r.stderr)}`;
}

describe('golden: orc config output', () => {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    for (const argsFile of readdirSync(dir).filter((f) => f.endsWith('.args')).sort()) {
      const args = readFileSync(join(dir, argsFile), 'utf8').split('\n').filter((l) => l !== '');
      const expectedFile = join(dir, argsFile.replace(/\.args$/, '.expected'));
      it(`${name}: orc ${args.join(' ')}`, () => {
        const actual = run(dir, args);
        if (update) writeFileSync(expectedFile, actual);
        assert.equal(actual, readFileSync(expectedFile, 'utf8'));
      });
    }
  }
});
