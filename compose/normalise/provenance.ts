/**
 * Where a model object came from in the raw document. A short-syntax port
 * range becomes several model entries and list forms become mappings, so a
 * model path is not always a raw path; the semantic checks ask here first so
 * their reports point at what the user wrote.
 */
import type { KeyPath } from '../issues.js';

const origins = new WeakMap<object, KeyPath>();

export function recordOrigin(node: object, path: KeyPath): void {
  origins.set(node, [...path]);
}

/** The raw key path `node` was normalised from, or `fallback` for models built by hand. */
export function rawPathOf(node: object, fallback: KeyPath): KeyPath {
  return origins.get(node) ?? fallback;
}

/** Gives `to` the origin of `from` (when a pass rebuilds an object). */
export function carryOrigin(from: object, to: object): void {
  const path = origins.get(from);
  if (path) origins.set(to, path);
}
