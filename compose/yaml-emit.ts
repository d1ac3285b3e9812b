/**
 * A small, fast YAML writer for plain data (null, booleans, numbers, strings,
 * arrays, objects), in block style with two-space indentation. Strings are
 * left plain only when no YAML 1.1 or 1.2 reader could take them for
 * anything else; otherwise they are double-quoted (or written as a literal
 * block when they span lines), so the output reads back as the same data
 * everywhere.
 */

/** Plain scalars that YAML 1.1 or 1.2 would read as null, a boolean or a merge/value key. */
const RESERVED = new Set([
  '', '~', 'null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE',
  'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', '<<', '=',
]);
/**
 * What YAML 1.2 (core) or 1.1 reads as a number or a date: integers and
 * floats with signs, underscores, exponents, 0b/0o/0x forms, sexagesimal
 * (12:30), .inf/.nan, and timestamps (2001-12-14…).
 */
const NUMBER_LIKE =
  /^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]*(?:[eE][-+]?[0-9]+)?|(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+|0b[01_]+|0o[0-7]+|0x[0-9a-fA-F_]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
/** What cannot start a plain scalar: an indicator, or `-`, `?`, `:` followed by a space or nothing. */
const INDICATOR_START = /^(?:[,[\]{}#&*!|>'"%@`\s]|[-?:](?:\s|$))/;
/** Characters a plain scalar must not contain, and sequences that would end or comment it. */
// eslint-disable-next-line no-control-regex
const UNSAFE_INSIDE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|: | #|:$|\s$/;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\r]/;

function isPlainSafe(s: string): boolean {
  return !RESERVED.has(s) && !NUMBER_LIKE.test(s) && !INDICATOR_START.test(s) && !UNSAFE_INSIDE.test(s);
}

function quoted(s: string): string {
  // JSON strings are YAML double-quoted scalars once the characters YAML
  // does not allow unescaped (DEL, C1 controls, separators) are escaped too
  return JSON.stringify(s).replace(
    /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (Number.isNaN(v)) return '.nan';
      if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
      return String(v);
    case 'bigint':
      return String(v);
    case 'string':
      return isPlainSafe(v) ? v : quoted(v);
    default:
      return undefined;
  }
}

/** A multi-line string as a literal block (`|` or `|-`), when that reads back exactly. */
function literalBlock(s: string, indent: string): string | undefined {
  // the first line with text sets the block's indentation, so it must not start with a blank
  if (!s.includes('\n') || NEEDS_ESCAPE.test(s) || /^\n*[ \t]/.test(s) || s.endsWith('\n\n')) return undefined;
  const keep = s.endsWith('\n');
  const body = keep ? s.slice(0, -1) : s;
  if (body.trim() === '') return undefined;
  const lines = body.split('\n').map((line) => (line === '' ? '' : indent + line));
  return `${keep ? '|' : '|-'}\n${lines.join('\n')}`;
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

function isEmpty(v: object): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function entries(v: object): Array<[string, unknown]> {
  return Object.entries(v).filter(([, x]) => x !== undefined);
}

/** `value` after `key:` or `-`: inline for scalars and empty containers, else on the next lines. */
function emitValue(out: string[], value: unknown, indent: string, afterDash: boolean): void {
  if (!isContainer(value)) {
    const text = typeof value === 'string' ? (literalBlock(value, `${indent}  `) ?? scalar(value)) : scalar(value);
    out.push(` ${text ?? 'null'}\n`);
    return;
  }
  if (isEmpty(value)) {
    out.push(Array.isArray(value) ? ' []\n' : ' {}\n');
    return;
  }
  if (afterDash) {
    // a mapping or sequence inside a sequence item starts on the dash's line
    out.push(' ');
    emitBlock(out, value, `${indent}  `, true);
    return;
  }
  out.push('\n');
  emitBlock(out, value, `${indent}  `, false);
}

function emitBlock(out: string[], value: object, indent: string, firstInline: boolean): void {
  let first = firstInline;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      out.push(first ? '-' : `${indent}-`);
      first = false;
      emitValue(out, item === undefined ? null : item, indent, true);
    }
    return;
  }
  for (const [key, v] of entries(value)) {
    out.push(`${first ? '' : indent}${scalar(key) ?? quoted(key)}:`);
    first = false;
    emitValue(out, v, indent, false);
  }
}

/** YAML text for a mapping or sequence of plain data. */
export function toYaml(value: object): string {
  if (isEmpty(value)) return Array.isArray(value) ? '[]\n' : '{}\n';
  const out: string[] = [];
  emitBlock(out, value, '', false);
  return out.join('');
}
