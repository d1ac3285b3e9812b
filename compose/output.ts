/**
 * `orc config` output: the normalised model as Docker Compose prints it —
 * name, services, networks, volumes, secrets, configs, then top-level
 * extensions — in YAML (default) or JSON. Empty sections are left out.
 *
 * What is printed is valid compose input that loads back to the same model:
 * after interpolation every `$` in a value is written as `$$`, and
 * deploy.resources memory is written as a string, as the schema requires.
 */
import type { ComposeModel } from './spec.js';
import { toYaml } from './yaml-emit.js';

export type OutputFormat = 'yaml' | 'json';

export interface RenderOptions {
  /** true when the values were interpolated, so a literal `$` must be escaped as `$$` */
  interpolated?: boolean;
}

export function modelDocument(model: ComposeModel, opts: RenderOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { name: model.name };
  for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const) {
    const value = model[section];
    if (value !== undefined && Object.keys(value).length > 0) out[section] = value;
  }
  for (const [k, v] of Object.entries(model.extensions)) out[k] = v;
  return asInput(out, [], opts.interpolated !== false) as Record<string, unknown>;
}

/** A copy of `value` that reads back as itself (see the module comment). */
function asInput(value: unknown, path: readonly string[], escape: boolean): unknown {
  if (typeof value === 'string') return escape ? value.replaceAll('$', '$$$$') : value;
  if (typeof value === 'number' && isResourceMemory(path)) return String(value);
  if (Array.isArray(value)) return value.map((v) => asInput(v, path, escape));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    Object.defineProperty(out, k, { value: asInput(v, [...path.slice(-4), k], escape), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** …deploy.resources.(limits|reservations).memory */
function isResourceMemory(path: readonly string[]): boolean {
  const n = path.length;
  return (
    n >= 4 &&
    path[n - 1] === 'memory' &&
    (path[n - 2] === 'limits' || path[n - 2] === 'reservations') &&
    path[n - 3] === 'resources' &&
    path[n - 4] === 'deploy'
  );
}

export function renderModel(model: ComposeModel, format: OutputFormat, opts: RenderOptions = {}): string {
  const doc = modelDocument(model, opts);
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return toYaml(doc);
}

/** The image each service runs: its `image`, or the one Compose would build for it. */
export function serviceImages(model: ComposeModel): string[] {
  return Object.entries(model.services).map(([name, s]) =>
    typeof s['image'] === 'string' ? s['image'] : `${model.name}-${name}`,
  );
}
