/**
 * `orc config` output: the normalised model as Docker Compose prints it —
 * name, services, networks, volumes, secrets, configs, then top-level
 * extensions — in YAML (default) or JSON. Empty sections are left out.
 */
import { toYaml } from './yaml-emit.js';
import type { ComposeModel } from './spec.js';

export type OutputFormat = 'yaml' | 'json';

export function modelDocument(model: ComposeModel): Record<string, unknown> {
  const out: Record<string, unknown> = { name: model.name };
  for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const) {
    const value = model[section];
    if (value !== undefined && Object.keys(value).length > 0) out[section] = value;
  }
  for (const [k, v] of Object.entries(model.extensions)) out[k] = v;
  return out;
}

export function renderModel(model: ComposeModel, format: OutputFormat): string {
  const doc = modelDocument(model);
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return toYaml(doc);
}

/** The image each service runs: its `image`, or the one Compose would build for it. */
export function serviceImages(model: ComposeModel): string[] {
  return Object.entries(model.services).map(([name, s]) =>
    typeof s['image'] === 'string' ? s['image'] : `${model.name}-${name}`,
  );
}
