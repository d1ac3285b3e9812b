/**
 * The `.env` / `env_file` format as Compose reads it:
 *
 *   # a comment               blank lines and comment lines are skipped
 *   KEY=value                 unquoted: trimmed, a " #comment" at the end removed
 *   export KEY=value          `export ` is ignored
 *   KEY: value                YAML-style separator, also accepted
 *   KEY='literal $X \n'       single quotes: literal (\' is a quote)
 *   KEY="a\tb ${X}"           double quotes: \n \t \r \" \\ \$ … escapes, may span lines
 *   KEY                       no `=`: takes lookup(KEY), or is left out
 *
 * `${VAR}` / `$VAR` in unquoted and double-quoted values is interpolated
 * (compose/interpolate.ts), looking first at variables defined earlier in the
 * same file, then at `lookup`. Problems are reported with their position and
 * parsing goes on with the next line, so every bad line is reported.
 */
import { interpolate } from './interpolate.js';
import type { IssueReport, SourcePos } from './issues.js';

export interface DotenvResult {
  vars: Record<string, string>;
  issues: IssueReport[];
}

const KEY_RE = /^[\p{L}\p{N}_.\-[\]]+$/u;
const INLINE_BLANK = new Set([' ', '\t', '\v', '\f', '\r', '\u0085', '\u00a0']);
const ESCAPES = new Map<string, string>([
  ['a', '\u0007'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['"', '"'],
  ['\\', '\\'],
  // `$$` is interpolation's literal dollar
  ['$', '$$'],
]);

function setVar(vars: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(vars, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Removes trailing blanks (a loop: a `[ ]+$` regex is quadratic on long runs of blanks). */
function trimEndBlank(text: string): string {
  let end = text.length;
  while (end > 0 && INLINE_BLANK.has(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

class Source {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  pos(index: number): SourcePos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: index - (this.lineStarts[lo] ?? 0) + 1 };
  }

  endOfLine(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl < 0 ? this.text.length : nl;
  }
}

/** `\n`, `\t`, `\0ooo` … in a double-quoted value; unknown escapes stay as written. */
function expandEscapes(value: string): string {
  return value.replace(/\\(0[0-7]{3}|[\s\S])/g, (match: string, what: string) => {
    if (what.length === 4) return String.fromCharCode(parseInt(what.slice(1), 8));
    return ESCAPES.get(what) ?? match;
  });
}

export function parseDotenv(text: string, file: string, lookup: (name: string) => string | undefined): DotenvResult {
  const src = new Source(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'), file);
  const s = src.text;
  const vars: Record<string, string> = {};
  const issues: IssueReport[] = [];
  const problem = (index: number, message: string, code: IssueReport['code'] = 'COMPOSE_INVALID_VALUE'): void => {
    issues.push({ code, message, path: [], pos: src.pos(index) });
  };
  const resolve = (name: string): string | undefined =>
    Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : lookup(name);
  const expand = (value: string, at: number): string => {
    const r = interpolate(value, resolve);
    if (r.error) {
      problem(at, r.error.message, r.error.code);
      return value;
    }
    return r.value;
  };

  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\n' || INLINE_BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      i = src.endOfLine(i);
      continue;
    }
    const lineEnd = src.endOfLine(i);
    const exported = /^export[ \t]+/.exec(s.slice(i, Math.min(lineEnd, i + 64)));
    if (exported) i += exported[0].length;
    const keyStart = i;
    let sep = i;
    while (sep < lineEnd && s[sep] !== '=' && s[sep] !== ':') sep++;
    const key = trimEndBlank(s.slice(keyStart, sep));
    if (key === '') {
      problem(keyStart, 'a variable needs a name before "="');
      i = lineEnd;
      continue;
    }
    if (!KEY_RE.test(key)) {
      const blank = /[\s]/.test(key);
      problem(
        keyStart,
        blank
          ? `variable name ${JSON.stringify(key)} cannot contain a space`
          : `unexpected character in variable name ${JSON.stringify(key)}: use letters, digits, _ . - [ ]`,
      );
      i = lineEnd;
      continue;
    }
    if (sep >= lineEnd) {
      // KEY alone: inherited from the environment
      const v = lookup(key);
      if (v !== undefined) setVar(vars, key, v);
      i = lineEnd;
      continue;
    }
    i = sep + 1;
    while (i < lineEnd && INLINE_BLANK.has(s[i] as string)) i++;
    const quote = s[i];
    if (quote === '"' || quote === "'") {
      const open = i;
      let value = '';
      let escaped = false;
      let close = -1;
      for (let j = open + 1; j < s.length; j++) {
        const ch = s[j] as string;
        if (escaped) {
          escaped = false;
          value += ch === quote ? ch : `\\${ch}`;
          continue;
        }
        if (ch === '\\') {
          escaped = true;
          continue;
        }
        if (ch === quote) {
          close = j;
          break;
        }
        value += ch;
      }
      if (close < 0) {
        // everything after an unterminated quote belongs to it: stop here
        problem(open, `unterminated quoted value for ${key}: add the closing ${quote}`);
        break;
      }
      const after = close + 1;
      const restEnd = src.endOfLine(after);
      const rest = s.slice(after, restEnd);
      const trailing = /^[ \t\v\f\r]*(#.*)?$/.test(rest);
      if (!trailing) {
        problem(after, `unexpected text after the quoted value of ${key}`);
      }
      setVar(vars, key, quote === '"' ? expand(expandEscapes(value), open) : value);
      i = restEnd;
      continue;
    }
    let value = s.slice(i, lineEnd);
    const comment = value.indexOf(' #');
    if (comment >= 0) value = value.slice(0, comment);
    value = trimEndBlank(value);
    setVar(vars, key, expand(value, i));
    i = lineEnd;
  }
  return { vars, issues };
}
