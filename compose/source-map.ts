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
import type { YMap, YSeq } from './yaml-node.js';

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
  src: SourceText;
  /** the YAML node the container was made from: key positions are read from it on demand */
  node: YMap | YSeq | undefined;
  self: number;
  /** positions that do not come from `node`: merged, carried or `<<` keys */
  keys: Map<string | number, Ref> | undefined;
  /** for a merged mapping: the mappings it was made from, the one that wins first */
  from?: readonly object[];
}

const info = new WeakMap<object, NodeInfo>();

/** Records that `container` was made from the YAML `node` of `src`. */
export function markNode(container: object, src: SourceText, node: YMap | YSeq): void {
  info.set(container, { src, node, self: node.offset, keys: undefined });
}

/** Records the position of one key or item, when it is not the one in the container's node. */
export function markKey(container: object, key: string | number, src: SourceText, offset: number): void {
  setRef(container, key, { src, offset });
}

function setRef(container: object, key: string | number, ref: Ref): void {
  let entry = info.get(container);
  if (!entry) {
    entry = { src: ref.src, node: undefined, self: ref.offset, keys: undefined };
    info.set(container, entry);
  }
  (entry.keys ??= new Map()).set(key, ref);
}

function keyOffset(node: YMap | YSeq | undefined, key: string | number): number | undefined {
  if (!node) return undefined;
  if (node.kind === 'seq') return typeof key === 'number' ? node.items[key]?.offset : undefined;
  for (const pair of node.pairs) {
    if (pair.key.kind === 'scalar' && String(pair.key.value) === String(key)) return pair.key.offset;
  }
  return undefined;
}

function refOf(container: object, key?: string | number): Ref | undefined {
  const entry = info.get(container);
  if (!entry) return undefined;
  if (key !== undefined) return keyRef(entry, key) ?? { src: entry.src, offset: entry.self };
  return { src: entry.src, offset: entry.self };
}

function keyRef(entry: NodeInfo, key: string | number): Ref | undefined {
  const explicit = entry.keys?.get(key);
  if (explicit) return explicit;
  const offset = keyOffset(entry.node, key);
  if (offset !== undefined) return { src: entry.src, offset };
  for (const source of entry.from ?? []) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const sub = info.get(source);
    const ref = sub && keyRef(sub, key);
    if (ref) return ref;
  }
  return undefined;
}

/**
 * Records that the mapping `merged` was made from `sources` (the one that
 * wins first): a key's position is looked up there when it is asked for.
 */
export function mergedFrom(merged: object, sources: readonly object[]): void {
  const first = sources.map((s) => info.get(s)).find((e) => e !== undefined);
  if (first) info.set(merged, { src: first.src, node: undefined, self: first.self, keys: undefined, from: sources });
}

export function posOf(container: object, key?: string | number): SourcePos | undefined {
  const ref = refOf(container, key);
  return ref ? ref.src.pos(ref.offset) : undefined;
}

/** Copies the position of `from[fromKey]` to `to[toKey]`, when known. */
export function carryKey(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  const entry = info.get(from);
  const ref = entry && keyRef(entry, fromKey);
  if (ref) setRef(to, toKey, ref);
}

/** Copies a container's own position (and its node, when the keys stay the same). */
export function carryNode(from: object, to: object): void {
  const entry = info.get(from);
  if (entry && !info.has(to)) info.set(to, { src: entry.src, node: undefined, self: entry.self, keys: undefined });
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
