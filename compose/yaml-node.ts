/**
 * A small YAML syntax tree, the common ground of the two parsers: the fast
 * one for the YAML that compose files are written in (yaml-fast.ts), and the
 * `yaml` package for everything else and for its error messages. The
 * converter in yaml-source.ts reads only this tree.
 */
import type { Document, Node as YamlLibNode } from 'yaml';

/** The `yaml` package's node tests, passed in so that the package is loaded only when needed. */
export type YamlLibTests = Pick<typeof import('yaml'), 'isAlias' | 'isMap' | 'isScalar' | 'isSeq'>;

interface Base {
  /** offset of the node's first character in the source text (after its anchor and tag) */
  offset: number;
  /** `&name`, when the node defines an anchor */
  anchor?: string;
  /** `!tag` as written (e.g. '!reset', '!override', '!!str' as 'tag:yaml.org,2002:str') */
  tag?: string;
}

export interface YScalar extends Base {
  kind: 'scalar';
  value: null | boolean | number | string;
  /** true for an unquoted flow scalar (the only kind of key that can be a merge key `<<`) */
  plain: boolean;
}

export interface YPair {
  key: YNode;
  /** null when the value is empty (`key:` alone) — it reads as a null scalar */
  value: YNode | null;
}

export interface YMap extends Base {
  kind: 'map';
  pairs: YPair[];
}

export interface YSeq extends Base {
  kind: 'seq';
  /** null for an empty item (`- ` alone) */
  items: Array<YNode | null>;
}

export interface YAlias extends Base {
  kind: 'alias';
  name: string;
  /** the node of the latest `&name` before this alias, when there is one */
  target: YNode | undefined;
}

export type YNode = YScalar | YMap | YSeq | YAlias;

export interface YError {
  message: string;
  offset: number;
}

export interface YDoc {
  /** null for an empty document */
  root: YNode | null;
  errors: YError[];
}

/** The tree of a document parsed by the `yaml` package. */
export function fromYamlLib(doc: Document.Parsed, lib: YamlLibTests): YDoc {
  const { isAlias, isMap, isScalar, isSeq } = lib;
  const anchors = new Map<string, YNode>();
  const convert = (node: unknown): YNode | null => {
    if (node === null || node === undefined) return null;
    const n = node as YamlLibNode & { anchor?: string; tag?: string; range?: [number, number, number] };
    const offset = n.range?.[0] ?? 0;
    if (isAlias(n)) return { kind: 'alias', offset, name: n.source, target: anchors.get(n.source) };
    let out: YNode;
    if (isScalar(n)) {
      const v = n.value;
      const value =
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null
          ? v
          : typeof v === 'bigint'
            ? Number(v)
            : String(v);
      out = { kind: 'scalar', offset, value, plain: n.type === 'PLAIN' };
    } else if (isMap(n)) {
      const map: YMap = { kind: 'map', offset, pairs: [] };
      // the anchor is known before the children, as when the text is read
      if (n.anchor !== undefined) anchors.set(n.anchor, map);
      for (const p of n.items) {
        const key = convert(p.key) ?? { kind: 'scalar', value: null, plain: true, offset };
        map.pairs.push({ key, value: convert(p.value) });
      }
      out = map;
    } else if (isSeq(n)) {
      const seq: YSeq = { kind: 'seq', offset, items: [] };
      if (n.anchor !== undefined) anchors.set(n.anchor, seq);
      for (const item of n.items) seq.items.push(convert(item));
      out = seq;
    } else {
      out = { kind: 'scalar', offset, value: null, plain: true };
    }
    if (n.tag !== undefined) out.tag = n.tag;
    if (n.anchor !== undefined) {
      out.anchor = n.anchor;
      // collections were registered before their children; registering them
      // again here would hide an anchor of the same name defined inside them
      if (out.kind === 'scalar') anchors.set(n.anchor, out);
    }
    return out;
  };
  return {
    root: convert(doc.contents),
    errors: doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? 'invalid YAML', offset: e.pos[0] })),
  };
}
