/**
 * Where each value of a loaded document came from. Containers (objects and
 * arrays) made from YAML remember their own position and the position of each
 * key or item; merging carries these along, so an error found late (schema,
 * normalisation, semantic checks) can still point at file:line:col.
 *
 * Positions are kept as offsets into their file and turned into line and
 * column only when an issue is reported.
 */
import type { KeyPath, SourcePos } from './issues.js';

/** One file's text, with its line starts computed on first use. */
export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  pos(offset: number): SourcePos {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }
}

interface Ref {
  src: SourceText;
  offset: number;
}

interface NodeInfo {
  self: Ref;
  keys: Map<string | number, Ref> | undefined;
}

const info = new WeakMap<object, NodeInfo>();

export function markNode(node: object, src: SourceText, offset: number): void {
  info.set(node, { self: { src, offset }, keys: undefined });
}

export function markKey(node: object, key: string | number, src: SourceText, offset: number): void {
  setRef(node, key, { src, offset });
}

function setRef(node: object, key: string | number, ref: Ref): void {
  let entry = info.get(node);
  if (!entry) {
    entry = { self: ref, keys: undefined };
    info.set(node, entry);
  }
  (entry.keys ??= new Map()).set(key, ref);
}

function refOf(node: object, key?: string | number): Ref | undefined {
  const entry = info.get(node);
  if (!entry) return undefined;
  return key === undefined ? entry.self : (entry.keys?.get(key) ?? entry.self);
}

export function posOf(node: object, key?: string | number): SourcePos | undefined {
  const ref = refOf(node, key);
  return ref ? ref.src.pos(ref.offset) : undefined;
}

/** Copies the position of `from[fromKey]` to `to[toKey]`, when known. */
export function carryKey(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  const ref = info.get(from)?.keys?.get(fromKey);
  if (ref) setRef(to, toKey, ref);
}

/** Copies a container's own position. */
export function carryNode(from: object, to: object): void {
  const entry = info.get(from);
  if (entry && !info.has(to)) info.set(to, { self: entry.self, keys: undefined });
}

/** Values wrapped by the `!override` tag, seen through when walking paths. */
export interface Unwrappable {
  readonly unwrap: unknown;
}

/** The most precise known position for a key path inside `root`. */
export function locate(root: unknown, path: KeyPath): SourcePos | undefined {
  let node: unknown = root;
  let best: Ref | undefined;
  for (const key of path) {
    if (node !== null && typeof node === 'object' && 'unwrap' in node) node = (node as Unwrappable).unwrap;
    if (node === null || typeof node !== 'object') break;
    best = refOf(node, key) ?? best;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (path.length === 0 && root !== null && typeof root === 'object') best = refOf(root);
  return best ? best.src.pos(best.offset) : undefined;
}
