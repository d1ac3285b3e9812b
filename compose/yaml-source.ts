/**
 * Reads one YAML compose file into plain data: every container remembers its
 * source positions (source-map.ts), string values are interpolated on the way
 * (values only, never keys), YAML merge keys (`<<`) and anchors are expanded,
 * and the Compose tags `!reset` and `!override` become markers for merging.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Node as YamlNode, Document } from 'yaml';
import { interpolate, type Lookup } from './interpolate.js';
import type { IssueReport, KeyPath, SourcePos } from './issues.js';
import { markKey, markNode } from './source-map.js';

/** `!reset`: remove the value inherited from earlier files. */
export const RESET: unique symbol = Symbol('compose !reset');
export type Reset = typeof RESET;

/** `!override`: replace the value inherited from earlier files instead of merging. */
export class Override {
  constructor(readonly unwrap: unknown) {}
}

export type Data = null | boolean | number | string | Data[] | DataMap | Reset | Override;
export interface DataMap {
  [key: string]: Data;
}

export interface SourceOptions {
  /** file name shown in messages */
  file: string;
  /** undefined: no interpolation (--no-interpolate) */
  lookup: Lookup | undefined;
  report: (issue: IssueReport) => void;
  /** called once per use of an unset variable */
  onUnset: (name: string, path: KeyPath, pos: SourcePos) => void;
}

export interface ParsedFile {
  file: string;
  data: DataMap;
  /** true when the file uses !reset or !override */
  tagged: boolean;
}

const MAX_DEPTH = 256;
const MAX_ALIAS_NODES = 100_000;

/** Parses a compose file; returns undefined when it is not usable (issues reported). */
export function readComposeYaml(text: string, opts: SourceOptions): ParsedFile | undefined {
  const lineCounter = new LineCounter();
  const tooDeep = flowNestingBeyond(text, MAX_DEPTH);
  if (tooDeep >= 0) {
    // refused before parsing: the parser recurses once per level
    const line = text.slice(0, tooDeep).split('\n').length;
    const col = tooDeep - text.lastIndexOf('\n', tooDeep - 1);
    opts.report({
      code: 'COMPOSE_YAML',
      message: `nesting deeper than ${MAX_DEPTH} levels`,
      path: [],
      pos: { file: opts.file, line, col },
    });
    return undefined;
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (e) {
    // the parser recurses: absurd nesting can exhaust the stack
    opts.report({
      code: 'COMPOSE_YAML',
      message: `cannot parse YAML: ${e instanceof RangeError ? 'document is nested too deeply' : String(e)}`,
      path: [],
      pos: { file: opts.file, line: 1, col: 1 },
    });
    return undefined;
  }
  const at = (offset: number | undefined): SourcePos => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { file: opts.file, line, col };
  };
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      opts.report({
        code: 'COMPOSE_YAML',
        message: err.message.split('\n')[0] ?? 'invalid YAML',
        path: [],
        pos: at(err.pos[0]),
      });
    }
    return undefined;
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    opts.report({ code: 'COMPOSE_YAML', message: 'the compose file is empty', path: [], pos: at(0) });
    return undefined;
  }
  const converter = new Converter(doc, opts, at);
  const data = converter.convert(contents, [], 0);
  if (converter.failed) return undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data instanceof Override) {
    opts.report({
      code: 'COMPOSE_YAML',
      message: 'the top level of a compose file must be a mapping',
      path: [],
      pos: at(contents.range?.[0]),
    });
    return undefined;
  }
  return { file: opts.file, data, tagged: converter.tagged };
}

/**
 * Offset of the first flow bracket nested deeper than `max`, or -1. Quoted
 * strings and comments are skipped; the scan is approximate but never misses
 * real flow nesting.
 */
function flowNestingBeyond(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      // [ {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // a quoted scalar: skip to its closing quote (doubled '' and \" stay inside)
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === 0x22 && d === 0x5c) i++;
        else if (d === c) {
          if (c === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
          else break;
        }
      }
    } else if (c === 0x23 && (i === 0 || text.charCodeAt(i - 1) <= 0x20)) {
      // a comment runs to the end of the line
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    }
  }
  return -1;
}

class Converter {
  failed = false;
  tagged = false;
  private aliasNodes = 0;
  private readonly expanding = new Set<YamlNode>();
  /** anchor name → its definitions in document order (an anchor may be redefined) */
  private readonly anchors = new Map<string, Array<{ offset: number; node: YamlNode }>>();

  private anchorsIndexed = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly opts: SourceOptions,
    private readonly at: (offset: number | undefined) => SourcePos,
  ) {}

  /**
   * One walk for all anchors, on the first alias: resolving each alias by
   * walking the document would make alias-heavy files quadratic.
   */
  private indexAnchors(): void {
    this.anchorsIndexed = true;
    visit(this.doc, (_key, node) => {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor === undefined || isAlias(node)) return;
      const n = node as YamlNode;
      let list = this.anchors.get(anchor);
      if (!list) this.anchors.set(anchor, (list = []));
      list.push({ offset: n.range?.[0] ?? 0, node: n });
    });
  }

  /** The node an alias refers to: the last definition of its anchor before it. */
  private resolveAlias(alias: import('yaml').Alias): YamlNode | undefined {
    if (!this.anchorsIndexed) this.indexAnchors();
    const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    let found: YamlNode | undefined;
    for (const def of this.anchors.get(alias.source) ?? []) if (def.offset < at) found = def.node;
    return found;
  }

  private fail(message: string, path: KeyPath, node: YamlNode | null | undefined): null {
    if (!this.failed) this.opts.report({ code: 'COMPOSE_YAML', message, path, pos: this.at(node?.range?.[0]) });
    this.failed = true;
    return null;
  }

  convert(node: unknown, path: KeyPath, depth: number, inAlias = false): Data {
    if (this.failed) return null;
    if (depth > MAX_DEPTH) return this.fail(`nesting deeper than ${MAX_DEPTH} levels`, path, node as YamlNode);
    if (inAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      return this.fail('too many alias expansions (a recursive or exponential anchor?)', path, node as YamlNode);
    }
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      if (!target) return this.fail(`unknown anchor *${node.source}`, path, node);
      if (this.expanding.has(target)) return this.fail(`anchor *${node.source} refers to itself`, path, node);
      this.expanding.add(target);
      const value = this.convert(target, path, depth + 1, true);
      this.expanding.delete(target);
      return value;
    }
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag === '!reset') {
      this.tagged = true;
      return RESET;
    }
    let value: Data;
    if (isMap(node)) value = this.convertMap(node, path, depth, inAlias);
    else if (isSeq(node)) {
      const out: Data[] = [];
      markNode(out, this.at(node.range?.[0]));
      node.items.forEach((item, i) => {
        out.push(this.convert(item, [...path, i], depth + 1, inAlias));
        markKey(out, i, this.at((item as YamlNode | null)?.range?.[0] ?? node.range?.[0]));
      });
      value = out;
    } else if (isScalar(node)) value = this.scalar(node.value, path, node);
    else if (node === null || node === undefined) value = null;
    else return this.fail('unsupported YAML node', path, node as YamlNode);
    if (tag === '!override') {
      this.tagged = true;
      return new Override(value);
    }
    return value;
  }

  private convertMap(node: import('yaml').YAMLMap, path: KeyPath, depth: number, inAlias: boolean): DataMap {
    const out: DataMap = {};
    markNode(out, this.at(node.range?.[0]));
    const merged: Array<{ value: DataMap; keyNode: YamlNode }> = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.fail('mapping keys must be strings', path, keyNode ?? node);
        return out;
      }
      const key = String(keyNode.value);
      if (key === '<<' && !keyNode.type?.startsWith('QUOTE')) {
        for (const source of this.mergeSources(pair.value, path, depth, inAlias)) merged.push({ value: source, keyNode });
        continue;
      }
      const value = this.convert(pair.value, [...path, key], depth + 1, inAlias);
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      markKey(out, key, this.at(keyNode.range?.[0]));
    }
    // YAML merge keys: explicit keys win, then earlier sources win over later ones
    for (const { value, keyNode } of merged) {
      for (const [key, v] of Object.entries(value)) {
        if (Object.prototype.hasOwnProperty.call(out, key)) continue;
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        markKey(out, key, this.at(keyNode.range?.[0]));
      }
    }
    return out;
  }

  private mergeSources(valueNode: unknown, path: KeyPath, depth: number, inAlias: boolean): DataMap[] {
    const value = this.convert(valueNode, path, depth + 1, inAlias);
    const list = Array.isArray(value) ? value : [value];
    const maps: DataMap[] = [];
    for (const item of list) {
      if (item === null || typeof item !== 'object' || Array.isArray(item) || item instanceof Override) {
        this.fail('a merge key (<<) must refer to a mapping or a list of mappings', path, valueNode as YamlNode);
        return [];
      }
      maps.push(item);
    }
    return maps;
  }

  private scalar(value: unknown, path: KeyPath, node: YamlNode): Data {
    if (typeof value === 'string') {
      if (!this.opts.lookup || !value.includes('$')) return value;
      const result = interpolate(value, this.opts.lookup);
      const pos = this.at(node.range?.[0]);
      if (result.error) {
        this.opts.report({ code: result.error.code, message: result.error.message, path, pos });
        return value;
      }
      for (const name of result.unset) this.opts.onUnset(name, path, pos);
      return result.value;
    }
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    if (typeof value === 'bigint') return Number(value);
    return String(value);
  }
}
