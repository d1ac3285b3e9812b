/**
 * Where each value of a loaded document came from. Containers (objects and
 * arrays) made from YAML remember their own position and the position of each
 * key or item; merging carries these along, so an error found late (schema,
 * normalisation, semantic checks) can still point at file:line:col.
 */
import type { KeyPath, SourcePos } from './issues.js';

interface NodeInfo {
  self: SourcePos;
  keys: Map<string | number, SourcePos>;
}

const info = new WeakMap<object, NodeInfo>();

export function markNode(node: object, self: SourcePos): void {
  info.set(node, { self, keys: new Map() });
}

export function markKey(node: object, key: string | number, pos: SourcePos): void {
  let entry = info.get(node);
  if (!entry) {
    entry = { self: pos, keys: new Map() };
    info.set(node, entry);
  }
  entry.keys.set(key, pos);
}

export function posOf(node: object, key?: string | number): SourcePos | undefined {
  const entry = info.get(node);
  if (!entry) return undefined;
  return key === undefined ? entry.self : (entry.keys.get(key) ?? entry.self);
}

/** Copies the position of `from[fromKey]` to `to[toKey]`, when known. */
export function carryKey(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  const pos = info.get(from)?.keys.get(fromKey);
  if (pos) markKey(to, toKey, pos);
}

/** Copies a container's own position. */
export function carryNode(from: object, to: object): void {
  const entry = info.get(from);
  if (entry && !info.has(to)) info.set(to, { self: entry.self, keys: new Map() });
}

/** Values wrapped by the `!override` tag, seen through when walking paths. */
export interface Unwrappable {
  readonly unwrap: unknown;
}

/** The most precise known position for a key path inside `root`. */
export function locate(root: unknown, path: KeyPath): SourcePos | undefined {
  let node: unknown = root;
  let best: SourcePos | undefined;
  for (const key of path) {
    if (node !== null && typeof node === 'object' && 'unwrap' in node) node = (node as Unwrappable).unwrap;
    if (node === null || typeof node !== 'object') break;
    best = posOf(node, key) ?? best;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (path.length === 0 && root !== null && typeof root === 'object') best = posOf(root);
  return best;
}
