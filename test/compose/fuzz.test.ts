// Robustness: random mutations of real compose files (deleted keys, wrong
// types, odd scalars, deep nesting, huge strings, broken YAML) must each end
// in a StackSpec or a typed ComposeError — never a crash, an untyped error or
// a hang. A failure prints its seed; replay with ORC_SEED=N.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { parse, stringify } from 'yaml';
import { ComposeError, loadProject } from '../../compose/index.js';
import type { ComposeFs } from '../../compose/project.js';
import { fixture, repoRoot, sharedDir } from '../helpers/paths.js';
import { rng, seedFromEnv, type Rng } from '../helpers/random.js';

const CASES = Number(process.env['ORC_FUZZ_CASES'] ?? 10_000);
/** A single load taking this long is treated as a hang. */
const HANG_MS = 5_000;

function corpus(): string[] {
  const texts: string[] = [];
  const awesome = join(sharedDir, 'corpus', 'awesome-compose');
  if (existsSync(awesome)) {
    for (const project of readdirSync(awesome)) {
      for (const name of ['compose.yaml', 'compose.yml']) {
        const f = join(awesome, project, name);
        if (existsSync(f)) texts.push(readFileSync(f, 'utf8'));
      }
    }
  }
  const schemaValid = join(repoRoot, 'test', 'compose', 'schema-corpus', 'valid');
  if (existsSync(schemaValid)) {
    for (const f of readdirSync(schemaValid)) texts.push(readFileSync(join(schemaValid, f), 'utf8'));
  }
  const golden = fixture('config');
  if (existsSync(golden)) {
    for (const dir of readdirSync(golden)) {
      const f = join(golden, dir, 'compose.yaml');
      if (existsSync(f)) texts.push(readFileSync(f, 'utf8'));
    }
  }
  texts.push('services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n');
  return texts;
}

const ODD_SCALARS: unknown[] = [
  '', ' ', '-1', '0', '1e999', '0x1F', '${', '${X:?boom}', '$$', '$', '${X:-${Y}}', 'true', 'null', '~', '::', ':80',
  '80:80:80:80', '1-65536:1-2', '[::1]:80:80', 'a'.repeat(10_000), '\u0000', '\uffff', '🐳', 'service:', 'container:',
  -1, 0, 1.5, 2 ** 53, -(2 ** 31), Number.MAX_SAFE_INTEGER, true, false, null, [], {}, [null], { '': null },
  { '<<': 1 }, ['a', 1, true], { 'x-a': 1 },
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(value: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (out.length > 5_000) return out;
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function getParent(root: Json, path: Array<string | number>): { parent: Json; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let node: Json = root;
  for (const k of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[k] as Json;
  }
  if (node === null || typeof node !== 'object') return undefined;
  return { parent: node, key: path[path.length - 1] as string | number };
}

function deep(depth: number, r: Rng): Json {
  let v: Json = 'leaf';
  for (let i = 0; i < depth; i++) v = r.next() < 0.5 ? [v] : { k: v };
  return v;
}

function mutateData(text: string, r: Rng): string {
  let root: Json;
  try {
    root = parse(text) as Json;
  } catch {
    return text;
  }
  const all = paths(root);
  const rounds = 1 + r.int(4);
  for (let n = 0; n < rounds; n++) {
    const target = getParent(root, r.pick(all));
    if (!target) continue;
    const { parent, key } = target;
    const rec = parent as Record<string | number, Json>;
    switch (r.int(6)) {
      case 0: // delete a key or item
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete rec[key];
        break;
      case 1: // odd scalar or wrong type
        rec[key] = structuredClone(r.pick(ODD_SCALARS)) as Json;
        break;
      case 2: // deep nesting
        rec[key] = deep(20 + r.int(300), r);
        break;
      case 3: // huge string
        rec[key] = 'x'.repeat(10_000 + r.int(50_000));
        break;
      case 4: // rename a key
        if (!Array.isArray(parent) && typeof key === 'string') {
          rec[`${key}${r.pick(['_', 'x', '-', ''])}`] = rec[key] as Json;
          delete rec[key];
        }
        break;
      default: // swap in another part of the document
        rec[key] = structuredClone(rec[r.pick(Object.keys(rec))] ?? null) as Json;
    }
  }
  return stringify(root, { aliasDuplicateObjects: false });
}

function mutateText(text: string, r: Rng): string {
  const lines = text.split('\n');
  const i = r.int(lines.length);
  switch (r.int(8)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[r.int(lines.length)] ?? '');
      break;
    case 2:
      lines[i] = ' '.repeat(r.int(6)) + (lines[i] ?? '').trimStart();
      break;
    case 3:
      lines[i] = (lines[i] ?? '') + r.pick(['{', '[', '"', "'", ': :', ' &a', ' *a', ' !reset', ' !override', ' !!binary', '\t', ' #', '\\']);
      break;
    case 4:
      return text.slice(0, r.int(text.length));
    case 5:
      return `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    case 6:
      return `a: &a ["x","x"]\n${Array.from({ length: 12 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)}]`).join('\n')}\nservices: {web: {image: x, command: *m}}\n`;
    default:
      lines[i] = Array.from({ length: 1 + r.int(20) }, () => String.fromCharCode(r.int(0x250))).join('');
  }
  return lines.join('\n');
}

it(`${CASES} random mutations of real compose files each end in a StackSpec or a typed error`, () => {
  const seed = seedFromEnv();
  const r = rng(seed);
  const texts = corpus();
  assert.ok(texts.length > 0);
  let loaded = 0;
  let rejected = 0;
  for (let n = 0; n < CASES; n++) {
    const base = r.pick(texts);
    const text = r.next() < 0.7 ? mutateData(base, r) : mutateText(base, r);
    const files = new Map<string, string>([['/p/compose.yaml', text]]);
    const fs: ComposeFs = {
      readFile: (p) => {
        const t = files.get(p);
        if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
        return t;
      },
      exists: (p) => files.has(p),
    };
    const started = performance.now();
    try {
      loadProject({ cwd: '/p', env: { HOME: '/root', TAG: '1' }, fs, homeDir: '/root' });
      loaded++;
    } catch (e) {
      const where = `seed=${seed} case=${n} (replay: ORC_SEED=${seed} ORC_FUZZ_CASES=${n + 1})`;
      if (!(e instanceof ComposeError)) assert.fail(`${where}: untyped error ${String(e)}\n${text.slice(0, 2_000)}`);
      const internal = e.issues.find((i) => i.code === 'COMPOSE_INTERNAL');
      if (internal) assert.fail(`${where}: ${internal.message}\n--- input ---\n${text.slice(0, 2_000)}`);
      assert.ok(e.issues.length > 0, where);
      rejected++;
    }
    const took = performance.now() - started;
    if (took > HANG_MS) assert.fail(`seed=${seed} case=${n}: one load took ${Math.round(took)} ms`);
  }
  assert.equal(loaded + rejected, CASES);
  assert.ok(loaded > 0, `seed=${seed}: some mutations must still load`);
  assert.ok(rejected > 0, `seed=${seed}: some mutations must be rejected`);
});
