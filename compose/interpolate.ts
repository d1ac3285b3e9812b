/**
 * Variable interpolation as the Compose spec defines it (12-interpolation.md):
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
 * `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, nested expressions inside the
 * default/alternative, and `$$` for a literal `$`. Any other `$` is an
 * invalid template, as in Compose.
 */

export interface InterpolationResult {
  value: string;
  /** variables used without a default that were not set ("" was used) */
  unset: string[];
  error?: { code: 'COMPOSE_INTERPOLATION' | 'COMPOSE_REQUIRED_VARIABLE'; message: string };
}

export type Lookup = (name: string) => string | undefined;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

class TemplateError extends Error {
  constructor(
    readonly code: 'COMPOSE_INTERPOLATION' | 'COMPOSE_REQUIRED_VARIABLE',
    message: string,
  ) {
    super(message);
  }
}

/** Interpolates one string. Never throws. */
export function interpolate(text: string, lookup: Lookup): InterpolationResult {
  if (!text.includes('$')) return { value: text, unset: [] };
  const unset: string[] = [];
  try {
    return { value: expand(text, lookup, unset, text), unset };
  } catch (e) {
    if (e instanceof TemplateError) return { value: text, unset, error: { code: e.code, message: e.message } };
    throw e;
  }
}

function expand(text: string, lookup: Lookup, unset: string[], whole: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close < 0) throw invalid(whole);
      out += braced(text.slice(dollar + 2, close), lookup, unset, whole);
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = dollar + 2;
      while (end < text.length && NAME_CHAR.test(text[end] as string)) end++;
      const name = text.slice(dollar + 1, end);
      const value = lookup(name);
      if (value === undefined) unset.push(name);
      out += value ?? '';
      i = end;
    } else {
      throw invalid(whole);
    }
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from`, or -1. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') {
      i++;
    } else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function braced(body: string, lookup: Lookup, unset: string[], whole: string): string {
  let end = 0;
  if (body.length === 0 || !NAME_START.test(body[0] as string)) throw invalid(whole);
  while (end < body.length && NAME_CHAR.test(body[end] as string)) end++;
  const name = body.slice(0, end);
  const rest = body.slice(end);
  const value = lookup(name);
  if (rest === '') {
    if (value === undefined) unset.push(name);
    return value ?? '';
  }
  const colon = rest.startsWith(':');
  const op = colon ? rest[1] : rest[0];
  const arg = rest.slice(colon ? 2 : 1);
  // with ':' an empty value counts as missing
  const missing = value === undefined || (colon && value === '');
  switch (op) {
    case '-':
      return missing ? expand(arg, lookup, unset, whole) : (value as string);
    case '?':
      if (missing) {
        const detail = expand(arg, lookup, unset, whole);
        throw new TemplateError(
          'COMPOSE_REQUIRED_VARIABLE',
          `required variable ${name} is missing a value${detail === '' ? '' : `: ${detail}`}`,
        );
      }
      return value as string;
    case '+':
      return missing ? '' : expand(arg, lookup, unset, whole);
    default:
      throw invalid(whole);
  }
}

function invalid(whole: string): TemplateError {
  return new TemplateError(
    'COMPOSE_INTERPOLATION',
    `invalid interpolation format in ${JSON.stringify(whole)}: use $VAR, \${VAR}, \${VAR:-default} … or $$ for a literal $`,
  );
}
