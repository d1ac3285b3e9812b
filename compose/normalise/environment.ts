/**
 * The container environment (05-services.md environment, env_file):
 * variables of the env files, in order (a later file wins), overlaid by
 * `environment` (which wins over every env file). `KEY` without a value takes
 * the project environment's value, or is left out when that is unset (an
 * env-file value for KEY then stays). Env files are read with the .env
 * parser; `${VAR}` inside them sees earlier env files' variables, then the
 * project environment.
 */
import { parseDotenv } from '../dotenv.js';
import type { KeyPath } from '../issues.js';
import type { EnvFileSpec, Mapping } from '../spec.js';
import type { Scope } from './context.js';
import { absolutePath, describe, has, isMap, own, reportUnknownKeys, setEntry, toBool, toMapping, toStr } from './values.js';

interface EnvFileEntry {
  spec: EnvFileSpec;
  path: KeyPath;
}

function envFileEntries(raw: unknown, path: KeyPath, scope: Scope): EnvFileEntry[] {
  const out: EnvFileEntry[] = [];
  const one = (item: unknown, at: KeyPath): void => {
    if (typeof item === 'string') {
      out.push({ spec: { path: absolutePath(item, scope), required: true }, path: at });
      return;
    }
    if (!isMap(item)) {
      scope.invalid(at, `expected an env file path or a mapping with a path, got ${describe(item)}`);
      return;
    }
    reportUnknownKeys(item, new Set(['path', 'required', 'format']), at, scope);
    const p = own(item, 'path');
    if (typeof p !== 'string' || p === '') {
      scope.invalid([...at, 'path'], `an env file entry needs a path, got ${describe(p)}`);
      return;
    }
    const spec: EnvFileSpec = { path: absolutePath(p, scope), required: true };
    const required = own(item, 'required');
    if (required !== undefined) {
      const b = toBool(required, [...at, 'required'], scope);
      if (b !== undefined) spec.required = b;
    }
    const format = own(item, 'format');
    if (format !== undefined) {
      const f = toStr(format, [...at, 'format'], scope);
      if (f !== undefined) spec.format = f;
    }
    out.push({ spec, path: at });
  };
  if (Array.isArray(raw)) raw.forEach((item, i) => one(item, [...path, i]));
  else if (typeof raw === 'string' || isMap(raw)) one(raw, path);
  else scope.invalid(path, `expected an env file path or a list, got ${describe(raw)}`);
  return out;
}

export interface EnvironmentResult {
  envFile?: EnvFileSpec[];
  environment?: Mapping;
}

/** Reads the env files and merges them under `environment`. */
export function normaliseEnvironment(
  rawEnvironment: unknown,
  rawEnvFile: unknown,
  servicePath: KeyPath,
  scope: Scope,
): EnvironmentResult {
  const result: EnvironmentResult = {};
  const merged: Mapping = {};
  let present = false;
  if (rawEnvFile !== undefined && rawEnvFile !== null) {
    const entries = envFileEntries(rawEnvFile, [...servicePath, 'env_file'], scope);
    result.envFile = entries.map((e) => e.spec);
    for (const entry of entries) {
      const format = entry.spec.format;
      if (format !== undefined && format !== 'raw') {
        const message = `unsupported env file format ${JSON.stringify(format)}: use "raw" or leave it out`;
        scope.invalid([...entry.path, 'format'], message);
        continue;
      }
      const text = scope.ctx.readFile(entry.spec.path);
      if (text === undefined) {
        if (entry.spec.required) {
          scope.issue('COMPOSE_FILE_NOT_FOUND', entry.path, `env file ${entry.spec.path} not found`);
        }
        continue;
      }
      present = true;
      const vars =
        format === 'raw'
          ? rawFormat(text)
          : parseEnvFile(text, entry, merged, scope);
      for (const [k, v] of Object.entries(vars)) setEntry(merged, k, v);
    }
  }
  if (rawEnvironment !== undefined && rawEnvironment !== null) {
    const env = toMapping(rawEnvironment, [...servicePath, 'environment'], scope, 'from-env');
    if (env) {
      present = true;
      for (const [k, v] of Object.entries(env)) setEntry(merged, k, v);
    }
  }
  if (present) result.environment = merged;
  return result;
}

function parseEnvFile(text: string, entry: EnvFileEntry, earlier: Mapping, scope: Scope): Record<string, string> {
  const lookup = (name: string): string | undefined =>
    has(earlier, name) ? earlier[name] : scope.envValue(name);
  const parsed = parseDotenv(text, entry.spec.path, lookup);
  for (const issue of parsed.issues) {
    scope.issue(issue.code, entry.path, issue.message, issue.severity ?? 'error', issue.pos);
  }
  return parsed.vars;
}

/** `format: raw`: KEY=VALUE lines taken literally (no quotes, escapes or interpolation). */
function rawFormat(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    setEntry(out, line.slice(0, eq).trim(), line.slice(eq + 1));
  }
  return out;
}
