/**
 * Which files make the project, where its directory is, which environment
 * interpolates it and what it is called — resolved the way Docker Compose
 * resolves them.
 */
import { dirname, join } from 'node:path';
import { parseDotenv } from './dotenv.js';
import type { IssueReport } from './issues.js';

export interface ComposeFs {
  /** Throws (with `code: 'ENOENT'` when missing) if the file cannot be read. */
  readFile(path: string): string;
  exists(path: string): boolean;
}

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const OVERRIDE_NAMES: Record<string, string[]> = {
  compose: ['compose.override.yaml', 'compose.override.yml'],
  'docker-compose': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
};

/** Finds the compose file in `dir` or its parents, plus the override file beside it. */
export function discoverFiles(dir: string, fs: ComposeFs): string[] | undefined {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of COMPOSE_FILE_NAMES) {
      const file = join(d, name);
      if (!fs.exists(file)) continue;
      const family = name.startsWith('docker-compose') ? 'docker-compose' : 'compose';
      const otherFamily = family === 'compose' ? 'docker-compose' : 'compose';
      const overrides = [...(OVERRIDE_NAMES[family] ?? []), ...(OVERRIDE_NAMES[otherFamily] ?? [])];
      const override = overrides.map((o) => join(d, o)).find((o) => fs.exists(o));
      return override ? [file, override] : [file];
    }
    if (dirname(d) === d) return undefined;
  }
}

/** Compose's project name rule: lowercase letters, digits, dashes and underscores, starting with a letter or digit. */
export const PROJECT_NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;

/** A name derived from a directory: lowercased, other characters removed. */
export function normaliseProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/** Sets a key even when it is `__proto__`, without touching the prototype. */
function define(obj: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export interface EnvLoad {
  env: Record<string, string>;
  issues: IssueReport[];
}

/**
 * The interpolation environment: the shell wins over `.env` in the project
 * directory, which wins over `--env-file` files (later ones over earlier ones).
 */
export function loadEnvironment(
  shell: Readonly<Record<string, string | undefined>>,
  dotEnvPath: string | undefined,
  envFiles: readonly string[],
  fs: ComposeFs,
): EnvLoad {
  const issues: IssueReport[] = [];
  const env: Record<string, string> = {};
  const layer = (file: string, required: boolean): void => {
    let text: string;
    try {
      text = fs.readFile(file);
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      if (missing && !required) return;
      issues.push({
        code: missing ? 'COMPOSE_FILE_NOT_FOUND' : 'COMPOSE_FILE_READ',
        message: missing ? `env file ${file} not found` : `cannot read env file ${file}: ${(e as Error).message}`,
        path: [],
      });
      return;
    }
    const parsed = parseDotenv(text, file, (name) => shell[name] ?? env[name]);
    issues.push(...parsed.issues);
    for (const [k, v] of Object.entries(parsed.vars)) define(env, k, v);
  };
  for (const f of envFiles) layer(f, true);
  if (dotEnvPath !== undefined && !envFiles.includes(dotEnvPath)) layer(dotEnvPath, false);
  for (const [k, v] of Object.entries(shell)) if (v !== undefined) define(env, k, v);
  return { env, issues };
}
