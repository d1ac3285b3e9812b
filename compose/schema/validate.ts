/**
 * Validates one parsed, interpolated compose document against the Compose
 * schema (model.ts) and explains the failures in Compose terms.
 *
 * The validation function is the one build-validator.ts generated at build
 * time, so nothing is compiled at start-up. When the generated module is
 * missing or older than model.js (tsc ran, the build step did not), the schema
 * is compiled here instead, with the same options.
 *
 * Ajv reports a failed union (`anyOf`) as the failures of every branch plus
 * one for the union itself. The explainer turns that into what the user meant:
 * when exactly one branch accepts the value's JSON type (a mapping where a
 * "string or mapping" is allowed), the problems inside that branch are
 * reported; otherwise a single "must be X or Y" at the union's path.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AJV_OPTIONS } from './ajv-options.js';
import { EXTENSION_KEY_PATTERN, RESOURCE_NAME_PATTERN } from './constants.js';

export interface SchemaIssue {
  /** Key path inside the document; numbers are list indexes. For an unknown key, the path ends with that key. */
  path: (string | number)[];
  message: string;
  /** The schema keyword that failed: type, additionalProperties, required, enum, pattern, minimum, uniqueItems... */
  keyword: string;
}

/** The parts of an Ajv error this module reads. */
interface RawError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

interface ValidateFn {
  (data: unknown): boolean;
  errors?: RawError[] | null;
}

type SchemaNode = { readonly [key: string]: unknown };

// ---------------------------------------------------------------------------
// Loading

const GENERATED_URL = new URL('./validator.generated.js', import.meta.url);
const MODEL_URL = new URL('./model.js', import.meta.url);

/** Where the validation function came from: the build step's module, or compiled at load time. */
export type ValidatorKind = 'generated' | 'compiled';

interface Loaded {
  fn: ValidateFn;
  schema: SchemaNode;
  kind: ValidatorKind;
}

function generatedIsCurrent(): boolean {
  const generated = fileURLToPath(GENERATED_URL);
  if (!existsSync(generated)) return false;
  const model = fileURLToPath(MODEL_URL);
  return !existsSync(model) || statSync(generated).mtimeMs >= statSync(model).mtimeMs;
}

async function load(): Promise<Loaded> {
  if (generatedIsCurrent()) {
    const mod = (await import(GENERATED_URL.href)) as { default: ValidateFn; schema: SchemaNode };
    return { fn: mod.default, schema: mod.schema, kind: 'generated' };
  }
  const [{ Ajv }, { ComposeFileSchema }] = await Promise.all([import('ajv'), import('./model.js')]);
  const fn = new Ajv(AJV_OPTIONS).compile(ComposeFileSchema) as unknown as ValidateFn;
  return { fn, schema: ComposeFileSchema as unknown as SchemaNode, kind: 'compiled' };
}

const loaded = await load();

export const validatorKind: ValidatorKind = loaded.kind;

/**
 * Checks one compose document (a single file, before merging: override files
 * are partial and valid). Returns every problem found, [] when valid.
 */
export function validateComposeDocument(doc: unknown): SchemaIssue[] {
  if (loaded.fn(doc)) return [];
  const errors = loaded.fn.errors ?? [];
  return explain(errors, doc, loaded.schema);
}

// ---------------------------------------------------------------------------
// Explaining

interface Context {
  doc: unknown;
  root: SchemaNode;
}

function explain(errors: readonly RawError[], doc: unknown, root: SchemaNode): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  resolve(errors, { doc, root }, out);
  const seen = new Set<string>();
  return out.filter((issue) => {
    const key = `${JSON.stringify(issue.path)}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const isUnion = (e: RawError): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';

const UNION_STEP = /\/(?:anyOf|oneOf)(?=\/)/g;

function parentPath(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}

/** '/services/web/ports/0' -> ['', '/services', '/services/web', '/services/web/ports', '/services/web/ports/0']. */
function pointerPrefixes(pointer: string): string[] {
  const prefixes = [''];
  for (let i = pointer.indexOf('/', 1); i !== -1; i = pointer.indexOf('/', i + 1)) prefixes.push(pointer.slice(0, i));
  if (pointer !== '') prefixes.push(pointer);
  return prefixes;
}

/**
 * Turns a list of raw errors into issues, explaining each outermost union once.
 * A union owns the errors whose schema path runs through one of its branches
 * and whose instance path is at or below its own; lookups go through a map so
 * that a file with hundreds of problems is still explained in linear time.
 */
function resolve(errors: readonly RawError[], ctx: Context, out: SchemaIssue[]): void {
  const unions = new Map<string, RawError>();
  for (const e of errors) if (isUnion(e)) unions.set(`${e.schemaPath}\u0000${e.instancePath}`, e);

  const ownerOf = (e: RawError): RawError | undefined => {
    if (unions.size === 0) return undefined;
    let prefixes: string[] | undefined;
    // Shortest schema prefix first: the outermost union wins; nested ones are resolved inside it.
    for (const m of e.schemaPath.matchAll(UNION_STEP)) {
      const unionPath = e.schemaPath.slice(0, m.index + m[0].length);
      prefixes ??= pointerPrefixes(e.instancePath);
      for (const p of prefixes) {
        const u = unions.get(`${unionPath}\u0000${p}`);
        if (u !== undefined && u !== e) return u;
      }
    }
    return undefined;
  };

  const members = new Map<RawError, RawError[]>();
  const owned = new Set<RawError>();
  for (const e of errors) {
    const u = ownerOf(e);
    if (u === undefined) continue;
    owned.add(e);
    const list = members.get(u);
    if (list === undefined) members.set(u, [e]);
    else list.push(e);
  }
  // A value outside an enum also fails the enum's `type`; the list of allowed values says more.
  const enumSpots = new Set<string>();
  for (const e of errors) if (e.keyword === 'enum') enumSpots.add(`${parentPath(e.schemaPath)}\u0000${e.instancePath}`);

  for (const e of errors) {
    if (owned.has(e)) continue;
    if (isUnion(e)) explainUnion(e, members.get(e) ?? [], ctx, out);
    else if (e.keyword === 'type' && enumSpots.has(`${parentPath(e.schemaPath)}\u0000${e.instancePath}`)) continue;
    else out.push(issueFor(e, ctx));
  }
}

function explainUnion(u: RawError, members: readonly RawError[], ctx: Context, out: SchemaIssue[]): void {
  const base = `${u.schemaPath}/`;
  const byBranch = new Map<string, RawError[]>();
  for (const m of members) {
    const branch = m.schemaPath.slice(base.length).split('/', 1)[0] ?? '';
    const list = byBranch.get(branch);
    if (list === undefined) byBranch.set(branch, [m]);
    else list.push(m);
  }
  const fitting = [...byBranch].filter(
    ([branch, errs]) =>
      !errs.some((e) => e.keyword === 'type' && e.instancePath === u.instancePath && e.schemaPath === `${base}${branch}/type`),
  );
  const only = fitting.length === 1 ? fitting[0] : undefined;
  // A value of the right type that is simply not one of the allowed literals reads
  // better as the whole union ("must be "all" or a list of mappings").
  const onlyLiteral =
    only !== undefined &&
    only[1].every((e) => e.instancePath === u.instancePath && (e.keyword === 'enum' || e.keyword === 'const'));
  if (only !== undefined && !onlyLiteral) {
    resolve(only[1], ctx, out);
    return;
  }
  const unionSchema = schemaAt(ctx.root, u.schemaPath);
  const phrase = Array.isArray(unionSchema)
    ? joinOr(unionSchema.flatMap((branch) => alternatives(asNode(branch))).filter((p) => p !== ''))
    : joinOr(members.filter((e) => e.keyword === 'type').map((e) => typePhrase(e.params['type'])));
  out.push({ path: toPath(u.instancePath, ctx.doc), keyword: 'type', message: `must be ${phrase}` });
}

function issueFor(e: RawError, ctx: Context): SchemaIssue {
  const path = toPath(e.instancePath, ctx.doc);
  const p = e.params;
  switch (e.keyword) {
    case 'type': {
      const node = asNode(schemaAt(ctx.root, parentPath(e.schemaPath)));
      // A plain list of scalar types reads best compact: "a string or number".
      const compact = Array.isArray(node['type']) && !node['type'].includes('array') && node['enum'] === undefined;
      const phrase = (compact ? typePhrase(node['type']) : describe(node)) || typePhrase(p['type']);
      return { path, keyword: 'type', message: `must be ${phrase}` };
    }
    case 'additionalProperties':
      return unknownKey(String(p['additionalProperty']), path, e, ctx);
    case 'required':
      return { path, keyword: 'required', message: `missing required property "${String(p['missingProperty'])}"` };
    case 'enum': {
      const values = Array.isArray(p['allowedValues']) ? p['allowedValues'] : [];
      return { path, keyword: 'enum', message: `must be one of: ${values.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'const':
      return { path, keyword: 'const', message: `must be ${JSON.stringify(p['allowedValue'])}` };
    case 'pattern': {
      const pattern = String(p['pattern']);
      return { path, keyword: 'pattern', message: PATTERN_MEANINGS[pattern] ?? `must match the pattern ${pattern}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, keyword: e.keyword, message: `must be ${String(p['comparison'])} ${String(p['limit'])}` };
    case 'uniqueItems': {
      // Ajv's two duplicate finders name the pair in different orders; point at the later one.
      const i = Number(p['i']);
      const j = Number(p['j']);
      if (!Number.isInteger(i) || !Number.isInteger(j)) {
        return { path, keyword: 'uniqueItems', message: 'must not contain duplicate entries' };
      }
      return {
        path: [...path, Math.max(i, j)],
        keyword: 'uniqueItems',
        message: `duplicate entry: the same as entry ${Math.min(i, j)} of this list`,
      };
    }
    default:
      return { path, keyword: e.keyword, message: e.message ?? `fails the "${e.keyword}" rule` };
  }
}

/** Plain-words versions of the schema's patterns (keyed by the pattern text in model.ts). */
const PATTERN_MEANINGS: Record<string, string> = {
  '[a-zA-Z0-9][a-zA-Z0-9_.-]+':
    'must contain a letter or digit followed by at least one letter, digit, "_", "." or "-"',
  'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+':
    'must be always, never, missing, if_not_present, build, refresh, daily, weekly or every_<duration> (e.g. every_12h)',
};

const TOP_LEVEL_HINT = 'version, name, include, services, models, networks, volumes, secrets, configs, or x-* extensions';

function unknownKey(key: string, objectPath: SchemaIssue['path'], e: RawError, ctx: Context): SchemaIssue {
  const path = [...objectPath, key];
  const keyword = 'additionalProperties';
  const parent = asNode(schemaAt(ctx.root, parentPath(e.schemaPath)));
  const known = Object.keys(asNode(parent['properties']));
  const patterns = Object.keys(asNode(parent['patternProperties'])).filter((k) => k !== EXTENSION_KEY_PATTERN);
  if (objectPath.length === 0) {
    const hint = suggest(key, known);
    const tail = hint === undefined ? ` (allowed: ${TOP_LEVEL_HINT})` : ` (did you mean "${hint}"?)`;
    return { path, keyword, message: `unknown top-level key "${key}"${tail}` };
  }
  if (known.length === 0 && patterns.includes(RESOURCE_NAME_PATTERN)) {
    return {
      path,
      keyword,
      message: `invalid name "${key}": use only letters, digits, ".", "_" and "-"`,
    };
  }
  if (known.length === 0 && patterns.length > 0) {
    const message = key === '' ? 'empty keys are not allowed' : `key "${key}" is not allowed (must match ${patterns.join(' or ')})`;
    return { path, keyword, message };
  }
  const hint = suggest(key, known);
  const tail = hint === undefined ? '' : ` (did you mean "${hint}"?)`;
  return { path, keyword, message: `additional property "${key}" is not allowed${tail}` };
}

// ---------------------------------------------------------------------------
// Describing what a schema accepts, in Compose words

const TYPE_WORDS: Record<string, [article: string, noun: string, plural: string]> = {
  string: ['a', 'string', 'strings'],
  number: ['a', 'number', 'numbers'],
  integer: ['an', 'integer', 'integers'],
  boolean: ['a', 'boolean', 'booleans'],
  null: ['', 'null', 'nulls'],
  object: ['a', 'mapping', 'mappings'],
  array: ['a', 'list', 'lists'],
};

function typeNames(type: unknown): string[] {
  if (typeof type === 'string') return type.split(',');
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** "a string", "a string or number", "an integer or string". */
function typePhrase(type: unknown): string {
  const names = typeNames(type);
  const nouns = names.map((n) => TYPE_WORDS[n]?.[1] ?? n);
  const first = names[0] === undefined ? undefined : TYPE_WORDS[names[0]];
  const article = first === undefined || first[0] === '' ? '' : `${first[0]} `;
  return `${article}${joinOr(nouns)}`;
}

/** "strings", "strings or numbers": what a list holds. */
function pluralPhrase(items: SchemaNode): string {
  const names = typeNames(items['type']);
  if (names.length === 0 || items['enum'] !== undefined) return '';
  return joinOr(names.map((n) => TYPE_WORDS[n]?.[2] ?? n));
}

/** One phrase per thing a schema accepts: ['a mapping'], ['a list of strings', 'null'], ['one of: "a", "b"']. */
function alternatives(s: SchemaNode): string[] {
  if (Array.isArray(s['anyOf'])) return s['anyOf'].flatMap((b) => alternatives(asNode(b)));
  const values = s['enum'];
  if (Array.isArray(values)) {
    const listed = values.map((v) => JSON.stringify(v));
    return [listed.length === 1 ? (listed[0] ?? '') : `one of: ${listed.join(', ')}`];
  }
  return typeNames(s['type']).map((name) => {
    if (name !== 'array') return typePhrase([name]);
    const held = pluralPhrase(asNode(s['items']));
    return held === '' ? 'a list' : `a list of ${held}`;
  });
}

/** What a schema accepts, as one phrase: "a mapping or null", "an integer, a string or a mapping". */
function describe(s: SchemaNode): string {
  return joinOr(alternatives(s).filter((p) => p !== ''));
}

function joinOr(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1] ?? ''}`;
}

// ---------------------------------------------------------------------------
// Paths

function asNode(value: unknown): SchemaNode {
  return typeof value === 'object' && value !== null ? (value as SchemaNode) : {};
}

/** The schema (or schema array) at an Ajv schemaPath like `#/properties/services/patternProperties/%5E...`. */
function schemaAt(root: SchemaNode, schemaPath: string): unknown {
  let node: unknown = root;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (typeof node === 'object' && node !== null) node = (node as SchemaNode)[key];
    else return undefined;
  }
  return node;
}

/** Decodes a JSON pointer into a key path, with numbers where the document has a list. */
function toPath(pointer: string, doc: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  if (pointer === '') return path;
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = typeof node === 'object' && node !== null ? (node as SchemaNode)[key] : undefined;
    }
  }
  return path;
}

// ---------------------------------------------------------------------------
// Suggestions

/** The known key closest to a misspelt one, when it is close enough to be a likely typo. */
function suggest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const limit = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    // The distance is at least the difference in length: skip hopeless candidates cheaply.
    if (Math.abs(candidate.length - lower.length) >= bestDistance) continue;
    const d = editDistance(lower, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, or any value >= `cap` once it is certain to reach `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= cap) return cap;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}
