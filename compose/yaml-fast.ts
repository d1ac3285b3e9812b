/**
 * A fast parser for the regular part of YAML that compose files are written
 * in. It builds the same tree as `fromYamlLib(parseDocument(text, …))` in
 * yaml-node.ts — node kinds, values, offsets, anchors, tags, alias targets —
 * and returns undefined for anything outside that part, for anything invalid
 * and for duplicate keys; the caller then uses the `yaml` package, which also
 * words every error message.
 *
 * Accepted: block mappings and sequences (also `- key: value`, `- - x` and a
 * sequence at the indentation of its key), single-line plain and quoted
 * scalars, `|` and `>` block scalars with chomping indicators, flow
 * collections (also across lines), anchors, aliases, the tags `!reset` and
 * `!override`, comments, a leading `---`, a byte order mark.
 *
 * Refused: `\r` anywhere; tabs outside quoted scalars, comments and block
 * scalar text; multi-line plain and quoted scalars; block scalar indentation
 * indicators; directives, `...` and more than one document; `?` keys, keys
 * that are not plain or quoted scalars, properties on keys; other tags; a
 * scalar as the whole document; duplicate keys; an anchor redefined inside
 * the collection that carries it; and two places where the `yaml` package
 * reads text differently from YAML (a byte order mark before an indented or
 * `- ` first line, a plain scalar on its own line after a comment line).
 *
 * One pass over the text with charCodeAt; a refusal is thrown to the entry
 * point, which never lets anything else escape.
 */
import type { YAlias, YDoc, YMap, YNode, YPair, YScalar, YSeq } from './yaml-node.js';

/** Parses `text`, or returns undefined when the `yaml` package must do it. */
export function parseFast(text: string): YDoc | undefined {
  if (text.indexOf('\r') >= 0) return undefined;
  try {
    return { root: new FastParser(text).document(), errors: [] };
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

/** Thrown to give up; caught only by parseFast. */
const BAIL = new Error('yaml-fast: outside the supported subset');

function bail(): never {
  throw BAIL;
}

const MAX_DEPTH = 100;
/** the `yaml` package refuses implicit keys longer than 1024 characters */
const MAX_KEY = 1000;

const TAB = 0x09;
const NL = 0x0a;
const SP = 0x20;
const BANG = 0x21;
const DQ = 0x22;
const HASH = 0x23;
const PCT = 0x25;
const AMP = 0x26;
const SQ = 0x27;
const STAR = 0x2a;
const PLUS = 0x2b;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const DIGIT0 = 0x30;
const DIGIT9 = 0x39;
const COLON = 0x3a;
const GT = 0x3e;
const QMARK = 0x3f;
const AT = 0x40;
const LBRACK = 0x5b;
const BSLASH = 0x5c;
const RBRACK = 0x5d;
const BACKTICK = 0x60;
const LBRACE = 0x7b;
const PIPE = 0x7c;
const RBRACE = 0x7d;
const TILDE = 0x7e;
const BOM = 0xfeff;

type Anchor = string | undefined;
type Tag = '!reset' | '!override' | undefined;

class FastParser {
  private readonly s: string;
  private readonly n: number;
  private p = 0;
  /** indentation of the line the parser stands on (p at its first character), -1 at the end */
  private ind = -1;
  /** set by scalarText: the scalar is an implicit key (p is after its `:`) */
  private isKey = false;
  /** set by scalarText: the scalar was quoted */
  private quoted = false;
  /** set by nextLine: it skipped a comment line */
  private skippedComment = false;
  private depth = 0;
  /** the properties valueHead read before an inline value */
  private headAnchor: Anchor;
  private headTag: Tag;
  private readonly anchors = new Map<string, YNode>();
  /** anchors of the collections being parsed */
  private readonly open: string[] = [];

  constructor(text: string) {
    this.s = text;
    this.n = text.length;
  }

  document(): YNode | null {
    const s = this.s;
    if (s.charCodeAt(0) === BOM) this.p = 1;
    let ind = this.nextLine(true);
    if (ind < 0) return null;
    // the yaml package misreads indentation and block sequences on the line of a byte order mark
    if (s.charCodeAt(0) === BOM && s.lastIndexOf('\n', this.p) < 0 && (this.p > 1 || this.dashAt())) bail();
    if (ind === 0 && this.markerAt(this.p)) {
      if (s.charCodeAt(this.p) !== DASH) bail(); // `...`
      this.p += 3;
      this.skipSpaces();
      const emptyAt = this.p;
      this.endLine();
      ind = this.nextLine(false);
      if (ind < 0) return this.scalar(emptyAt, '', true, undefined, undefined);
    }
    const root = this.rootNode(ind);
    if (this.ind >= 0) bail();
    return root;
  }

  private rootNode(ind: number): YNode {
    const s = this.s;
    let c = s.charCodeAt(this.p);
    if (c === AMP || c === BANG) {
      // properties of the whole document: a collection, on this line or the next
      const [anchor, tag] = this.props(false);
      c = s.charCodeAt(this.p);
      if (c === LBRACK || c === LBRACE) return this.rootFlow(anchor, tag);
      if (!(c === NL || c === HASH || this.p >= this.n)) bail(); // a scalar, or properties of a key
      this.finishLine();
      if (this.ind < 0) bail();
      if (this.dashAt()) return this.blockSeq(this.ind, anchor, tag);
      const start = this.p;
      c = s.charCodeAt(start);
      if (c !== DQ && c !== SQ && !this.plainStart(start, false)) bail();
      const text = this.scalarText(false);
      if (!this.isKey) bail();
      return this.blockMap(this.ind, this.scalar(start, text, !this.quoted, undefined, undefined), anchor, tag);
    }
    if (c === DASH && this.blankAt(this.p + 1)) return this.blockSeq(ind, undefined, undefined);
    if (c === LBRACK || c === LBRACE) return this.rootFlow(undefined, undefined);
    const start = this.p;
    if (c !== DQ && c !== SQ && !this.plainStart(start, false)) bail();
    const text = this.scalarText(false);
    if (!this.isKey) bail(); // a scalar document
    return this.blockMap(ind, this.scalar(start, text, !this.quoted, undefined, undefined), undefined, undefined);
  }

  private rootFlow(anchor: Anchor, tag: Tag): YNode {
    const node = this.flow(-1, anchor, tag);
    this.skipSpaces();
    if (this.s.charCodeAt(this.p) === COLON) bail(); // a flow collection as a key
    this.finishLine();
    return node;
  }

  // ---- lines -------------------------------------------------------------

  private blankAt(i: number): boolean {
    const c = this.s.charCodeAt(i);
    return c === SP || c === NL || i >= this.n;
  }

  /** `---` or `...` followed by a blank */
  private markerAt(i: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(i);
    return (c === DASH || c === DOT) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === c && this.blankAt(i + 3);
  }

  private skipSpaces(): void {
    const s = this.s;
    let p = this.p;
    while (s.charCodeAt(p) === SP) p++;
    this.p = p;
  }

  /**
   * From the start of a line, skips blank and comment lines; stands on the
   * first character of the next line with content and returns its
   * indentation, or -1 at the end of the text.
   */
  private nextLine(atStart: boolean): number {
    const s = this.s;
    const n = this.n;
    let p = this.p;
    this.skippedComment = false;
    for (;;) {
      const ls = p;
      let c = s.charCodeAt(p);
      while (c === SP) c = s.charCodeAt(++p);
      if (p >= n) {
        this.p = n;
        return (this.ind = -1);
      }
      if (c === NL) {
        p++;
        continue;
      }
      if (c === HASH) {
        this.skippedComment = true;
        const e = s.indexOf('\n', p);
        if (e < 0) {
          this.p = n;
          return (this.ind = -1);
        }
        p = e + 1;
        continue;
      }
      if (c === TAB) bail();
      const ind = p - ls;
      if (ind === 0 && !atStart && this.markerAt(p)) bail();
      this.p = p;
      return (this.ind = ind);
    }
  }

  /** After a value: trailing spaces and a comment, then the newline (or the end). */
  private endLine(): void {
    const s = this.s;
    let p = this.p;
    let c = s.charCodeAt(p);
    while (c === SP) c = s.charCodeAt(++p);
    if (c === HASH) {
      if (s.charCodeAt(p - 1) !== SP) bail();
      const e = s.indexOf('\n', p);
      p = e < 0 ? this.n : e;
      c = s.charCodeAt(p);
    }
    if (c === NL) p++;
    else if (p < this.n) bail();
    this.p = p;
  }

  private finishLine(): void {
    this.endLine();
    this.nextLine(false);
  }

  private dashAt(): boolean {
    return this.s.charCodeAt(this.p) === DASH && this.blankAt(this.p + 1);
  }

  // ---- block collections -------------------------------------------------

  /** A block mapping at column `col` whose first key has been read (p after its `:`). */
  private blockMap(col: number, first: YScalar, anchor: Anchor, tag: Tag): YMap {
    const pairs: YPair[] = [];
    const map: YMap = { offset: first.offset, kind: 'map', pairs };
    this.enter(map, anchor, tag);
    let key = first;
    let index: KeyIndex;
    for (;;) {
      index = checkUnique(pairs, key, index);
      pairs.push({ key, value: this.blockValue(col) });
      if (this.ind !== col) {
        if (this.ind > col) bail();
        break;
      }
      key = this.blockKey();
    }
    this.leave(anchor);
    return map;
  }

  /** A key at the start of a line. */
  private blockKey(): YScalar {
    const start = this.p;
    const c = this.s.charCodeAt(start);
    if (c !== DQ && c !== SQ && !this.plainStart(start, false)) bail();
    const text = this.scalarText(false);
    if (!this.isKey) bail();
    return this.scalar(start, text, !this.quoted, undefined, undefined);
  }

  /** The value after a block key's `:` (the key at column `col`). */
  private blockValue(col: number): YNode {
    return this.valueHead(col, true) ?? this.inlineNode(col, this.headAnchor, this.headTag, false);
  }

  /**
   * What follows a block key's `:` or an item's `-`: the node's properties
   * (left in headAnchor/headTag), then, when the line ends there, the value
   * on the lines below or an empty scalar. `seqAtCol`: after a key, a `-` at
   * the key's own column starts a sequence value.
   */
  private valueHead(col: number, seqAtCol: boolean): YNode | undefined {
    this.skipSpaces();
    let anchor: Anchor;
    let tag: Tag;
    const c = this.s.charCodeAt(this.p);
    if (c === AMP || c === BANG) [anchor, tag] = this.props(false);
    this.headAnchor = anchor;
    this.headTag = tag;
    const next = this.s.charCodeAt(this.p);
    if (next !== NL && next !== HASH && this.p < this.n) return undefined;
    const emptyAt = this.p;
    this.finishLine();
    if (this.ind > col) return this.ownLineNode(col, anchor, tag);
    if (seqAtCol && this.ind === col && this.dashAt()) return this.blockSeq(col, anchor, tag);
    return this.scalar(emptyAt, '', true, anchor, tag);
  }

  /** A block sequence whose first `-` is at column `col` (p on it). */
  private blockSeq(col: number, anchor: Anchor, tag: Tag): YSeq {
    const items: Array<YNode | null> = [];
    const seq: YSeq = { offset: this.p, kind: 'seq', items };
    this.enter(seq, anchor, tag);
    for (;;) {
      const dash = this.p;
      this.p++;
      items.push(this.seqItem(col, dash));
      if (this.ind === col && this.dashAt()) continue;
      if (this.ind > col) bail();
      break;
    }
    this.leave(anchor);
    return seq;
  }

  /** The item after a `-` at column `col`. */
  private seqItem(col: number, dash: number): YNode {
    const head = this.valueHead(col, false);
    if (head) return head;
    const anchor = this.headAnchor;
    const tag = this.headTag;
    const c = this.s.charCodeAt(this.p);
    const itemCol = col + (this.p - dash);
    if (c === DASH && this.blankAt(this.p + 1)) {
      if (anchor !== undefined || tag !== undefined) bail();
      return this.blockSeq(itemCol, undefined, undefined);
    }
    // properties before an implicit key would belong to the key: refused
    return this.inlineNode(col, anchor, tag, anchor === undefined && tag === undefined, itemCol);
  }

  /**
   * A node on the line after its key or `-` (which is at column `parent`),
   * possibly after properties on that earlier line.
   */
  private ownLineNode(parent: number, anchor: Anchor, tag: Tag): YNode {
    const s = this.s;
    const ind = this.ind;
    const c = s.charCodeAt(this.p);
    if (c === DASH && this.blankAt(this.p + 1)) return this.blockSeq(ind, anchor, tag);
    if (c === PIPE || c === GT || c === AMP || c === BANG) bail();
    return this.inlineNode(parent, anchor, tag, true, ind, this.skippedComment);
  }

  /**
   * A node that starts on the current line: a scalar, flow collection, alias
   * or block scalar; with `keyAllowed`, a scalar followed by `:` starts a
   * block mapping at column `mapCol` (the properties then belong to it).
   */
  private inlineNode(
    parent: number,
    anchor: Anchor,
    tag: Tag,
    keyAllowed: boolean,
    mapCol = -1,
    afterComment = false,
  ): YNode {
    const s = this.s;
    const start = this.p;
    const c = s.charCodeAt(start);
    let node: YNode;
    if (c === LBRACK || c === LBRACE) {
      node = this.flow(parent, anchor, tag);
    } else if (c === STAR) {
      if (anchor !== undefined || tag !== undefined) bail();
      node = this.alias(false);
    } else if (c === PIPE || c === GT) {
      return this.blockScalar(parent, anchor, tag);
    } else if (c === DQ || c === SQ || this.plainStart(start, false)) {
      const text = this.scalarText(false);
      if (this.isKey) {
        if (!keyAllowed) bail();
        const key = this.scalar(start, text, !this.quoted, undefined, undefined);
        return this.blockMap(mapCol, key, anchor, tag);
      }
      // after a blank line and a comment line, the yaml package may read a
      // plain scalar on its own line together with the less indented lines
      // that follow it
      if (afterComment && !this.quoted) bail();
      node = this.scalar(start, text, !this.quoted, anchor, tag);
    } else {
      return bail();
    }
    this.finishLine();
    return node;
  }

  // ---- scalars -----------------------------------------------------------

  /** Whether a plain scalar may start at `i`. */
  private plainStart(i: number, flow: boolean): boolean {
    const c = this.s.charCodeAt(i);
    switch (c) {
      case DASH: {
        const d = this.s.charCodeAt(i + 1);
        if (d === SP || d === NL || i + 1 >= this.n) return false;
        return !(flow && (d === COMMA || d === LBRACK || d === RBRACK || d === LBRACE || d === RBRACE));
      }
      case HASH:
      case COMMA:
      case LBRACK:
      case RBRACK:
      case LBRACE:
      case RBRACE:
      case AMP:
      case STAR:
      case BANG:
      case PIPE:
      case GT:
      case SQ:
      case DQ:
      case PCT:
      case AT:
      case BACKTICK:
      case QMARK:
      case COLON:
      case BOM:
        return false;
    }
    return c > SP;
  }

  /**
   * A single-line plain or quoted scalar at p (its first character already
   * checked); sets `quoted`, and `isKey` when a `:` indicator follows it in
   * block context (p then after the `:`).
   */
  private scalarText(flow: boolean): string {
    const s = this.s;
    const c = s.charCodeAt(this.p);
    let text: string;
    if (c === DQ || c === SQ) {
      const start = this.p;
      text = c === DQ ? this.doubleQuoted() : this.singleQuoted();
      this.quoted = true;
      this.isKey = false;
      if (!flow) {
        let p = this.p;
        while (s.charCodeAt(p) === SP) p++;
        if (s.charCodeAt(p) === COLON && this.blankAt(p + 1)) {
          if (p - start > MAX_KEY) bail();
          this.isKey = true;
          this.p = p + 1;
        }
      }
    } else {
      text = flow ? this.plainFlow() : this.plainBlock();
      this.quoted = false;
    }
    return text;
  }

  private plainBlock(): string {
    const s = this.s;
    const n = this.n;
    const start = this.p;
    let end = start + 1;
    let i = start + 1;
    let key = false;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === SP) {
        if (s.charCodeAt(i + 1) === HASH) break;
      } else if (c === COLON) {
        const d = s.charCodeAt(i + 1);
        if (d === SP || d === NL || i + 1 >= n) {
          key = true;
          break;
        }
        end = i + 1;
      } else if (c === NL) {
        break;
      } else if (c < SP) {
        bail();
      } else {
        end = i + 1;
      }
    }
    this.isKey = key;
    if (key) {
      if (i - start > MAX_KEY) bail();
      this.p = i + 1;
    } else {
      this.p = end;
    }
    return s.slice(start, end);
  }

  private plainFlow(): string {
    const s = this.s;
    const n = this.n;
    const start = this.p;
    let end = start + 1;
    let i = start + 1;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === SP) {
        if (s.charCodeAt(i + 1) === HASH) break;
      } else if (c === COLON) {
        const d = s.charCodeAt(i + 1);
        if (d === SP || d === NL || d === COMMA || d === LBRACK || d === RBRACK || d === LBRACE || d === RBRACE) break;
        if (i + 1 >= n) break;
        end = i + 1;
      } else if (c === COMMA || c === LBRACK || c === RBRACK || c === LBRACE || c === RBRACE) {
        break;
      } else if (c === NL) {
        // the scalar continues on the next line unless that starts with `,`, `]`, `}` or a comment
        let j = i + 1;
        let d = s.charCodeAt(j);
        while (d === SP || d === NL) d = s.charCodeAt(++j);
        if (d !== COMMA && d !== RBRACK && d !== RBRACE && d !== HASH) bail();
        break;
      } else if (c < SP) {
        bail();
      } else {
        end = i + 1;
      }
    }
    this.isKey = false;
    this.p = end;
    return s.slice(start, end);
  }

  private singleQuoted(): string {
    const s = this.s;
    const n = this.n;
    let i = this.p + 1;
    let seg = i;
    let out = '';
    for (;;) {
      if (i >= n) bail();
      const c = s.charCodeAt(i);
      if (c === SQ) {
        if (s.charCodeAt(i + 1) !== SQ) break;
        out += s.slice(seg, i + 1);
        i += 2;
        seg = i;
        continue;
      }
      if (c < SP && c !== TAB) bail(); // a line break: multi-line scalars are left to the yaml package
      i++;
    }
    this.p = i + 1;
    return out + s.slice(seg, i);
  }

  private doubleQuoted(): string {
    const s = this.s;
    const n = this.n;
    let i = this.p + 1;
    let seg = i;
    let out = '';
    for (;;) {
      if (i >= n) bail();
      const c = s.charCodeAt(i);
      if (c === DQ) break;
      if (c === BSLASH) {
        out += s.slice(seg, i);
        const e = s.charCodeAt(i + 1);
        const simple = ESCAPES[e];
        if (simple !== undefined) {
          out += simple;
          i += 2;
        } else {
          const len = e === 0x78 ? 2 : e === 0x75 ? 4 : e === 0x55 ? 8 : 0; // x u U
          if (len === 0) bail();
          let code = 0;
          for (let k = i + 2; k < i + 2 + len; k++) {
            const h = hexValue(s.charCodeAt(k));
            if (h < 0) bail();
            code = code * 16 + h;
          }
          if (code > 0x10ffff) bail();
          out += String.fromCodePoint(code);
          i += 2 + len;
        }
        seg = i;
        continue;
      }
      if (c < SP && c !== TAB) bail();
      i++;
    }
    this.p = i + 1;
    return out + s.slice(seg, i);
  }

  /** A scalar node; the text of an untagged plain scalar is resolved by the core schema. */
  private scalar(offset: number, text: string, plain: boolean, anchor: Anchor, tag: Tag): YScalar {
    const node: YScalar = {
      offset,
      kind: 'scalar',
      value: plain && tag === undefined ? resolvePlain(text) : text,
      plain,
    };
    if (tag !== undefined) node.tag = tag;
    if (anchor !== undefined) {
      node.anchor = anchor;
      this.define(anchor, node);
    }
    return node;
  }

  /**
   * `|` or `>` at p, for a node whose parent (key or `-`) is at column
   * `parent`; leaves the parser on the next line with content.
   */
  private blockScalar(parent: number, anchor: Anchor, tag: Tag): YScalar {
    const s = this.s;
    const n = this.n;
    const start = this.p;
    const folded = s.charCodeAt(start) === GT;
    let p = start + 1;
    let c = s.charCodeAt(p);
    let chomp = 0; // -1 strip, 0 clip, 1 keep
    if (c === DASH || c === PLUS) {
      chomp = c === DASH ? -1 : 1;
      c = s.charCodeAt(++p);
    }
    if (c === SP) {
      while (c === SP) c = s.charCodeAt(++p);
      if (c === HASH) {
        const e = s.indexOf('\n', p);
        p = e < 0 ? n : e;
        c = s.charCodeAt(p);
      }
    }
    if (c === NL) p++;
    else if (p < n) bail(); // an indentation indicator, or anything else

    // the lines of the scalar: blank ones, or ones indented deeper than the parent
    const starts: number[] = [];
    const inds: number[] = [];
    const ends: number[] = [];
    let first = -1; // index of the first line with content
    let last = -1; // index of the last line with content
    let newlineAtEnd = false; // the last line of the scalar ends with a newline
    while (p < n) {
      const ls = p;
      c = s.charCodeAt(p);
      while (c === SP) c = s.charCodeAt(++p);
      if (p >= n) bail(); // spaces at the very end
      if (c === TAB) bail();
      const ind = p - ls;
      let e: number;
      if (c === NL) {
        e = p;
      } else {
        if (ind <= parent) {
          p = ls;
          break;
        }
        e = s.indexOf('\n', p);
        if (e < 0) e = n;
        if (first < 0) first = starts.length;
        last = starts.length;
      }
      starts.push(ls);
      inds.push(ind);
      ends.push(e);
      newlineAtEnd = e < n;
      p = e < n ? e + 1 : n;
    }
    this.p = p;

    let value: string;
    if (first < 0) {
      if (chomp === 1) bail();
      value = '';
    } else {
      const trim = inds[first] as number;
      for (let i = 0; i < inds.length; i++) {
        const ind = inds[i] as number;
        if (i < first || i > last) {
          if (ind > trim) bail(); // more-indented leading or trailing blank lines
        } else if (ind < trim && ends[i] !== (starts[i] as number) + ind) {
          bail(); // a content line less indented than the first
        }
      }
      value = '\n'.repeat(first);
      if (!folded) {
        for (let i = first; i <= last; i++) {
          if (i > first) value += '\n';
          const ind = inds[i] as number;
          if (ind > trim || (ind === trim && ends[i] !== (starts[i] as number) + ind)) {
            value += s.slice((starts[i] as number) + trim, ends[i]);
          }
        }
      } else {
        let sep = '';
        let prevMoreIndented = false;
        for (let i = first; i <= last; i++) {
          const ind = inds[i] as number;
          const ls = starts[i] as number;
          const e = ends[i] as number;
          if (ind > trim) {
            if (sep === ' ') sep = '\n';
            else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
            value += sep + s.slice(ls + trim, e);
            sep = '\n';
            prevMoreIndented = true;
          } else if (ls + ind === e) {
            if (sep === '\n') value += '\n';
            else sep = '\n';
          } else {
            value += sep + s.slice(ls + ind, e);
            sep = ' ';
            prevMoreIndented = false;
          }
        }
      }
      if (chomp === 0) value += '\n';
      else if (chomp === 1) {
        value += '\n'.repeat(inds.length - 1 - last + (newlineAtEnd ? 1 : 0));
        if (value.charCodeAt(value.length - 1) !== NL) value += '\n';
      }
    }
    this.nextLine(false);
    return this.scalar(start, value, false, anchor, tag);
  }

  private alias(flow: boolean): YAlias {
    const s = this.s;
    const start = this.p;
    const end = this.nameEnd(start + 1);
    const c = s.charCodeAt(end);
    if (!(c === SP || c === NL || end >= this.n || (flow && (c === COMMA || c === RBRACK || c === RBRACE)))) bail();
    const name = s.slice(start + 1, end);
    this.p = end;
    return { offset: start, kind: 'alias', name, target: this.anchors.get(name) };
  }

  /** End of an anchor name starting at `i` (letters, digits, `_`, `-`, `.`, `/`); refuses an empty one. */
  private nameEnd(i: number): number {
    const s = this.s;
    const start = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= DIGIT0 && c <= DIGIT9) ||
        c === 0x5f ||
        c === DASH ||
        c === DOT ||
        c === 0x2f
      ) {
        i++;
      } else {
        break;
      }
    }
    if (i === start) bail();
    return i;
  }

  /** `&anchor` and/or `!reset` / `!override` at p, each followed by a blank; skips the spaces after them. */
  private props(flow: boolean): [Anchor, Tag] {
    const s = this.s;
    let anchor: Anchor;
    let tag: Tag;
    for (;;) {
      const c = s.charCodeAt(this.p);
      if (c === AMP) {
        if (anchor !== undefined) bail();
        const end = this.nameEnd(this.p + 1);
        anchor = s.slice(this.p + 1, end);
        this.p = end;
      } else if (c === BANG) {
        if (tag !== undefined) bail();
        if (s.startsWith('!reset', this.p)) {
          tag = '!reset';
          this.p += 6;
        } else if (s.startsWith('!override', this.p)) {
          tag = '!override';
          this.p += 9;
        } else {
          bail();
        }
      } else {
        break;
      }
      if (!this.blankAt(this.p)) bail();
      if (flow && s.charCodeAt(this.p) !== SP) bail();
      this.skipSpaces();
    }
    return [anchor, tag];
  }

  // ---- flow collections --------------------------------------------------

  /** `[` or `{` at p, inside a block node whose parent is at column `parent`. */
  private flow(parent: number, anchor: Anchor, tag: Tag): YMap | YSeq {
    const s = this.s;
    const start = this.p;
    if (s.charCodeAt(start) === LBRACK) {
      const items: Array<YNode | null> = [];
      const seq: YSeq = { offset: start, kind: 'seq', items };
      this.enter(seq, anchor, tag);
      this.p++;
      this.flowSpace(parent);
      while (s.charCodeAt(this.p) !== RBRACK) {
        items.push(this.flowNode(parent));
        this.flowSeparator(parent, RBRACK);
      }
      this.p++;
      this.leave(anchor);
      return seq;
    }
    const pairs: YPair[] = [];
    const map: YMap = { offset: start, kind: 'map', pairs };
    this.enter(map, anchor, tag);
    this.p++;
    this.flowSpace(parent);
    let index: KeyIndex;
    while (s.charCodeAt(this.p) !== RBRACE) {
      const kstart = this.p;
      const k = s.charCodeAt(kstart);
      let key: YScalar;
      if (k === DQ || k === SQ) {
        const text = this.scalarText(true);
        key = this.scalar(kstart, text, false, undefined, undefined);
        this.skipSpaces();
        if (s.charCodeAt(this.p) !== COLON) bail();
      } else if (this.plainStart(kstart, true)) {
        const text = this.scalarText(true);
        key = this.scalar(kstart, text, true, undefined, undefined);
        this.skipSpaces();
        if (s.charCodeAt(this.p) !== COLON) bail();
        const d = s.charCodeAt(this.p + 1);
        if (d !== SP && d !== NL) bail();
      } else {
        return bail();
      }
      this.p++;
      index = checkUnique(pairs, key, index);
      this.flowSpace(parent);
      const v = s.charCodeAt(this.p);
      if (v === COMMA || v === RBRACE) bail(); // an empty value
      pairs.push({ key, value: this.flowNode(parent) });
      this.flowSeparator(parent, RBRACE);
    }
    this.p++;
    this.leave(anchor);
    return map;
  }

  /** After a flow entry: a `,` (and the space after it), or the closing bracket `close`, left for the caller. */
  private flowSeparator(parent: number, close: number): void {
    this.flowSpace(parent);
    const c = this.s.charCodeAt(this.p);
    if (c === COMMA) {
      this.p++;
      this.flowSpace(parent);
    } else if (c !== close) {
      bail();
    }
  }

  private flowNode(parent: number): YNode {
    const s = this.s;
    let anchor: Anchor;
    let tag: Tag;
    let c = s.charCodeAt(this.p);
    if (c === AMP || c === BANG) {
      [anchor, tag] = this.props(true);
      c = s.charCodeAt(this.p);
    }
    if (c === LBRACK || c === LBRACE) return this.flow(parent, anchor, tag);
    if (c === STAR) {
      if (anchor !== undefined || tag !== undefined) bail();
      return this.alias(true);
    }
    const start = this.p;
    if (c === DQ || c === SQ || this.plainStart(start, true)) {
      const text = this.scalarText(true);
      return this.scalar(start, text, !this.quoted, anchor, tag);
    }
    return bail();
  }

  /**
   * Spaces, comments and line breaks between flow tokens; a new line must be
   * indented deeper than the parent.
   */
  private flowSpace(parent: number): void {
    const s = this.s;
    const n = this.n;
    let p = this.p;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === SP) {
        p++;
      } else if (c === HASH) {
        const b = s.charCodeAt(p - 1);
        if (b !== SP && b !== NL) bail();
        const e = s.indexOf('\n', p);
        if (e < 0) bail();
        p = e;
      } else if (c === NL) {
        p++;
        const ls = p;
        let d = s.charCodeAt(p);
        while (d === SP) d = s.charCodeAt(++p);
        if (p >= n) bail();
        if (d === NL || d === HASH) continue;
        const ind = p - ls;
        if (ind <= parent) bail();
        if (ind === 0 && this.markerAt(p)) bail();
      } else {
        break;
      }
    }
    this.p = p;
  }

  // ---- anchors and depth -------------------------------------------------

  private enter(node: YMap | YSeq, anchor: Anchor, tag: Tag): void {
    if (++this.depth > MAX_DEPTH) bail();
    if (tag !== undefined) node.tag = tag;
    if (anchor !== undefined) {
      node.anchor = anchor;
      this.define(anchor, node);
      this.open.push(anchor);
    }
  }

  private leave(anchor: Anchor): void {
    this.depth--;
    if (anchor !== undefined) this.open.pop();
  }

  /**
   * Registers an anchor. Redefining the anchor of an enclosing collection is
   * refused: whether a later alias means the inner or the outer node is
   * exactly where implementations differ.
   */
  private define(name: string, node: YNode): void {
    if (this.open.length > 0 && this.open.includes(name)) bail();
    this.anchors.set(name, node);
  }
}

type KeyIndex = Set<YScalar['value']> | undefined;

/**
 * Refuses a key whose value equals an earlier one's: duplicate keys are an
 * error of the `yaml` package (uniqueKeys compares scalar values with ===).
 * Small mappings are searched; from 16 keys on, an index is kept and returned
 * (a Set also finds two NaN keys equal, which only refuses more).
 */
function checkUnique(pairs: YPair[], key: YScalar, index: KeyIndex): KeyIndex {
  const v = key.value;
  if (index !== undefined) {
    if (index.has(v)) bail();
    index.add(v);
    return index;
  }
  for (let i = 0; i < pairs.length; i++) {
    if (((pairs[i] as YPair).key as YScalar).value === v) bail();
  }
  if (pairs.length < 16) return undefined;
  const built: Set<YScalar['value']> = new Set();
  for (let i = 0; i < pairs.length; i++) built.add(((pairs[i] as YPair).key as YScalar).value);
  built.add(v);
  return built;
}

const ESCAPES: Array<string | undefined> = [];
for (const [ch, value] of Object.entries({
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
})) {
  ESCAPES[ch.charCodeAt(0)] = value;
}

function hexValue(c: number): number {
  if (c >= DIGIT0 && c <= DIGIT9) return c - DIGIT0;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

// The YAML 1.2 core schema as the `yaml` package applies it (schema/core/*.js),
// tried in the package's order: null, bool, then the number forms.
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value of a plain scalar. */
function resolvePlain(text: string): null | boolean | number | string {
  const c = text.charCodeAt(0);
  if ((c >= DIGIT0 && c <= DIGIT9) || c === DOT || c === DASH || c === PLUS) {
    if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
    if (INT.test(text)) return parseInt(text, 10);
    if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
    if (FLOAT_NAN.test(text)) {
      if (text.slice(-3).toLowerCase() === 'nan') return NaN;
      return c === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
    return text;
  }
  if (text.length === 0) return null;
  switch (c) {
    case TILDE:
      return text.length === 1 ? null : text;
    case 0x6e: // n
    case 0x4e: // N
      return text === 'null' || text === 'Null' || text === 'NULL' ? null : text;
    case 0x74: // t
    case 0x54: // T
      return text === 'true' || text === 'True' || text === 'TRUE' ? true : text;
    case 0x66: // f
    case 0x46: // F
      return text === 'false' || text === 'False' || text === 'FALSE' ? false : text;
  }
  return text;
}
