/** Where tests find the repository, its fixtures and the shared reference material. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'compose'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The repository root (the folder with package.json). */
export const repoRoot = findRepoRoot();

/** The shared reference folder beside the repository, when present. */
export const sharedDir = resolve(repoRoot, '..', 'shared');

export function fixture(...parts: string[]): string {
  return join(repoRoot, 'test', 'fixtures', ...parts);
}
