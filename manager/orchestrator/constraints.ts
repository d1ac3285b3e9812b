/**
 * Placement constraints as the orchestrator reads them for global services
 * (which node gets a task) and for dropping a global task whose node no
 * longer fits. `node.id`, `node.hostname`, `node.role`, `node.platform.os`,
 * `node.platform.arch`, `node.labels.<k>`, `engine.labels.<k>`; `==` or
 * `!=`. A constraint that does not parse matches no node (the control API
 * refuses those before they get here).
 */
import type { Node } from '../../common/cluster/types.js';

interface Constraint {
  key: string;
  equal: boolean;
  value: string;
}

function parse(text: string): Constraint | undefined {
  const m = /^\s*([A-Za-z0-9_.\-/]+)\s*(==|!=)\s*(.*?)\s*$/.exec(text);
  if (m === null) return undefined;
  const [, key = '', op, value = ''] = m;
  return { key, equal: op === '==', value };
}

/** The node's value for a constraint key, and whether it compares ignoring case. */
function valueOf(node: Node, key: string): { value: string | undefined; foldCase: boolean } {
  const k = key.toLowerCase();
  if (k === 'node.id') return { value: node.id, foldCase: false };
  if (k === 'node.hostname') return { value: node.description.hostname, foldCase: true };
  if (k === 'node.role') return { value: node.spec.role, foldCase: true };
  if (k === 'node.platform.os') return { value: node.description.platform.os, foldCase: true };
  if (k === 'node.platform.arch') return { value: node.description.platform.architecture, foldCase: true };
  if (k.startsWith('node.labels.')) return { value: node.spec.labels[key.slice('node.labels.'.length)], foldCase: false };
  // Engine labels are not part of a node's description here: no node carries one.
  return { value: undefined, foldCase: false };
}

export function constraintsMatch(constraints: readonly string[], node: Node): boolean {
  for (const text of constraints) {
    const c = parse(text);
    if (c === undefined) return false;
    const { value, foldCase } = valueOf(node, c.key);
    const same = value !== undefined && (foldCase ? value.toLowerCase() === c.value.toLowerCase() : value === c.value);
    if (same !== c.equal) return false;
  }
  return true;
}
