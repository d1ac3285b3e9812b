/**
 * The start-order graph of a project: one edge per depends_on entry (after
 * normalisation, which also adds the implicit dependencies of links,
 * `service:` namespaces and volumes_from), and the services in topological
 * levels. Always terminates: services caught in (or behind) a cycle, which
 * checkProject reports, go together into one last level.
 */
import type { ComposeModel, DependencyEdge, DependencyGraph } from './spec.js';

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildDependencyGraph(services: ComposeModel['services']): DependencyGraph {
  const names = Object.keys(services).sort(byName);
  const known = new Set(names);
  const edges: DependencyEdge[] = [];
  const waitsFor = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const from of names) {
    const deps = services[from]?.depends_on ?? {};
    let count = 0;
    for (const to of Object.keys(deps).sort(byName)) {
      const dep = deps[to];
      // a dependency on a service that is not in the project (required: false) has nothing to wait for
      if (!dep || !known.has(to)) continue;
      edges.push({ from, to, condition: dep.condition, required: dep.required, restart: dep.restart ?? false });
      count++;
      const list = dependents.get(to);
      if (list) list.push(from);
      else dependents.set(to, [from]);
    }
    waitsFor.set(from, count);
  }

  const levels: string[][] = [];
  const placed = new Set<string>();
  let ready = names.filter((n) => waitsFor.get(n) === 0);
  while (ready.length > 0) {
    levels.push(ready);
    const next: string[] = [];
    for (const n of ready) {
      placed.add(n);
      for (const d of dependents.get(n) ?? []) {
        const left = (waitsFor.get(d) ?? 0) - 1;
        waitsFor.set(d, left);
        if (left === 0) next.push(d);
      }
    }
    ready = next.sort(byName);
  }
  const rest = names.filter((n) => !placed.has(n));
  if (rest.length > 0) levels.push(rest);
  return { edges, levels };
}
