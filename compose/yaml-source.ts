/**
 * Reads one YAML compose file into plain data: every container remembers its
 * source positions (source-map.ts), string values are interpolated on the way
 * (values only, never keys), YAML merge keys (`<<`) and anchors are expanded,
 * and the Compose tags `!reset` and `!override` become markers for merging.
 */
import { createRequire } from 'node:module';
import { interpolate, type Lookup } from './interpolate.js';
import type { IssueReport, KeyPath, SourcePos } from './issues.js';
import { markKey, markNode, SourceText } from './source-map.js';
import { parseFast } from './yaml-fast.js';
import { fromYamlLib, type YDoc, type YMap, type YNode, type YScalar } from './yaml-node.js';

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
  const src = new SourceText(opts.file, text);
  const yamlError = (message: string, offset: number): undefined => {
    opts.report({ code: 'COMPOSE_YAML', message, path: [], pos: src.pos(offset) });
    return undefined;
  };
  let doc = parseFast(text);
  if (!doc) {
    // refused before the `yaml` package sees it: its parser recurses once per level
    const tooDeep = flowNestingBeyond(text, MAX_DEPTH);
    if (tooDeep >= 0) return yamlError(`nesting deeper than ${MAX_DEPTH} levels`, tooDeep);
    doc = parseWithYamlLib(text);
  }
  if (doc.errors.length > 0) {
    for (const err of doc.errors) yamlError(err.message, err.offset);
    return undefined;
  }
  const root = doc.root;
  if (root === null || (root.kind === 'scalar' && root.value === null && root.tag === undefined)) {
    return yamlError('the compose file is empty', 0);
  }
  const converter = new Converter(src, opts);
  const data = converter.convert(root, undefined, 0);
  if (converter.failed) return undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data instanceof Override) {
    return yamlError('the top level of a compose file must be a mapping', root.offset);
  }
  return { file: opts.file, data, tagged: converter.tagged };
}

let yamlLib: typeof import('yaml') | undefined;

/** The `yaml` package, loaded on first use: most files never need it. */
function yamlPackage(): typeof import('yaml') {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

/** The `yaml` package: every YAML construct, and the error messages. */
function parseWithYamlLib(text: string): YDoc {
  const lib = yamlPackage();
  try {
    return fromYamlLib(lib.parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true }), lib);
  } catch (e) {
    const message = e instanceof RangeError ? 'document is nested too deeply' : String(e);
    return { root: null, errors: [{ message: `cannot parse YAML: ${message}`, offset: 0 }] };
  }
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

/** A key path built as a chain while converting, made into an array only when an issue needs it. */
type PathLink = { readonly up: PathLink; readonly key: string | number } | undefined;

function keyPath(link: PathLink): KeyPath {
  const out: Array<string | number> = [];
  for (let l = link; l !== undefined; l = l.up) out.push(l.key);
  return out.reverse();
}

/** Sets a key of a mapping; `__proto__` becomes an own key, never the prototype. */
function setData(out: DataMap, key: string, value: Data): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

class Converter {
  failed = false;
  tagged = false;
  private aliasNodes = 0;
  private readonly expanding = new Set<YNode>();

  constructor(
    private readonly src: SourceText,
    private readonly opts: SourceOptions,
  ) {}

  private fail(message: string, path: PathLink, node: YNode | null): null {
    if (!this.failed) {
      this.opts.report({ code: 'COMPOSE_YAML', message, path: keyPath(path), pos: this.src.pos(node?.offset ?? 0) });
    }
    this.failed = true;
    return null;
  }

  convert(node: YNode | null, path: PathLink, depth: number, inAlias = false): Data {
    if (this.failed || node === null) return null;
    if (depth > MAX_DEPTH) return this.fail(`nesting deeper than ${MAX_DEPTH} levels`, path, node);
    if (inAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      return this.fail('too many alias expansions (a recursive or exponential anchor?)', path, node);
    }
    if (node.kind === 'alias') {
      const target = node.target;
      if (!target) return this.fail(`unknown anchor *${node.name}`, path, node);
      if (this.expanding.has(target)) return this.fail(`anchor *${node.name} refers to itself`, path, node);
      this.expanding.add(target);
      const value = this.convert(target, path, depth + 1, true);
      this.expanding.delete(target);
      return value;
    }
    if (node.tag === '!reset') {
      this.tagged = true;
      return RESET;
    }
    let value: Data;
    if (node.kind === 'map') value = this.convertMap(node, path, depth, inAlias);
    else if (node.kind === 'seq') {
      const out: Data[] = [];
      markNode(out, this.src, node);
      const items = node.items;
      for (let i = 0; i < items.length; i++) out.push(this.convert(items[i] ?? null, { up: path, key: i }, depth + 1, inAlias));
      value = out;
    } else value = this.scalar(node, path);
    if (node.tag === '!override') {
      this.tagged = true;
      return new Override(value);
    }
    return value;
  }

  private convertMap(node: YMap, path: PathLink, depth: number, inAlias: boolean): DataMap {
    const out: DataMap = {};
    markNode(out, this.src, node);
    let merged: Array<{ value: DataMap; offset: number }> | undefined;
    for (const pair of node.pairs) {
      const keyNode = pair.key;
      if (keyNode.kind !== 'scalar' || keyNode.value === null) {
        this.fail('mapping keys must be strings', path, keyNode);
        return out;
      }
      const key = String(keyNode.value);
      if (key === '<<' && keyNode.plain) {
        merged ??= [];
        for (const source of this.mergeSources(pair.value, path, depth, inAlias)) {
          merged.push({ value: source, offset: keyNode.offset });
        }
        continue;
      }
      setData(out, key, this.convert(pair.value, { up: path, key }, depth + 1, inAlias));
    }
    // YAML merge keys: explicit keys win, then earlier sources win over later ones
    for (const { value, offset } of merged ?? []) {
      for (const key of Object.keys(value)) {
        if (Object.prototype.hasOwnProperty.call(out, key)) continue;
        setData(out, key, value[key] as Data);
        markKey(out, key, this.src, offset);
      }
    }
    return out;
  }

  private mergeSources(valueNode: YNode | null, path: PathLink, depth: number, inAlias: boolean): DataMap[] {
    const value = this.convert(valueNode, path, depth + 1, inAlias);
    const list = Array.isArray(value) ? value : [value];
    const maps: DataMap[] = [];
    for (const item of list) {
      if (item === null || typeof item !== 'object' || Array.isArray(item) || item instanceof Override) {
        this.fail('a merge key (<<) must refer to a mapping or a list of mappings', path, valueNode);
        return [];
      }
      maps.push(item);
    }
    return maps;
  }

  private scalar(node: YScalar, link: PathLink): Data {
    const value = node.value;
    if (typeof value !== 'string' || !this.opts.lookup || !value.includes('$')) return value;
    const result = interpolate(value, this.opts.lookup);
    if (result.error || result.unset.length > 0) {
      const pos = this.src.pos(node.offset);
      const path = keyPath(link);
      if (result.error) {
        this.opts.report({ code: result.error.code, message: result.error.message, path, pos });
        return value;
      }
      for (const name of result.unset) this.opts.onUnset(name, path, pos);
    }
    return result.value;
  }
}
