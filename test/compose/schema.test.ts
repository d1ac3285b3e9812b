/**
 * The Compose schema (compose/schema): orc's own schema must accept and reject
 * exactly what the official Compose Specification schema does, and explain
 * rejections in terms a Compose user understands.
 *
 * Corpus: test/compose/schema-corpus/{valid,invalid}/*.yaml. The first comment
 * line of each document states the behaviour and the spec section; invalid
 * documents add `# expect: <keyword> <JSON key path>` lines naming issues that
 * must be reported.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { AJV_OPTIONS } from '../../compose/schema/ajv-options.js';
import {
  validateComposeDocument,
  validatorKind,
  type ComposeFile,
  type RawService,
  type SchemaIssue,
} from '../../compose/schema/index.js';
import { ComposeFileSchema } from '../../compose/schema/model.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';
import { rng } from '../helpers/random.js';

const corpusDir = join(repoRoot, 'test', 'compose', 'schema-corpus');
const officialSchemaFile = join(sharedDir, 'compose-spec', 'compose-spec.json');
const awesomeComposeDir = join(sharedDir, 'corpus', 'awesome-compose');

interface Expectation {
  keyword: string;
  path: (string | number)[];
}

interface CorpusDoc {
  file: string;
  /** The first comment line: what the document shows. */
  behaviour: string;
  doc: unknown;
  expects: Expectation[];
}

/** Parses YAML as the loader does (merge keys on, for 10-fragments.md). */
function parseYaml(text: string): unknown {
  return parse(text, { merge: true });
}

function readCorpus(kind: 'valid' | 'invalid'): CorpusDoc[] {
  const dir = join(corpusDir, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const lines = text.split('\n');
      const behaviour = (lines[0] ?? '').replace(/^#\s*/, '');
      const expects = lines
        .filter((l) => l.startsWith('# expect: '))
        .map((l) => {
          const match = /^# expect: (\w+) (.*)$/.exec(l);
          assert.ok(match, `${file}: malformed expect line: ${l}`);
          return { keyword: match[1] ?? '', path: JSON.parse(match[2] ?? '[]') as (string | number)[] };
        });
      return { file, behaviour, doc: parseYaml(text), expects };
    });
}

type Verdict = (doc: unknown) => boolean;

/** The official schema compiled with Ajv, when the shared reference copy is present. */
function loadOfficial(): Verdict | undefined {
  if (!existsSync(officialSchemaFile)) return undefined;
  const schema = JSON.parse(readFileSync(officialSchemaFile, 'utf8')) as Record<string, unknown>;
  // It names the https:// draft-07 meta-schema, which Ajv does not ship under
  // that id; the meta-schema only serves to check the schema itself.
  delete schema['$schema'];
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return (doc) => validate(doc);
}

const official = loadOfficial();
const validDocs = readCorpus('valid');
const invalidDocs = readCorpus('invalid');

function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${JSON.stringify(i.path)} ${i.keyword}: ${i.message}`).join('\n');
}

function hasIssue(issues: readonly SchemaIssue[], keyword: string, path: readonly (string | number)[]): boolean {
  return issues.some((i) => i.keyword === keyword && JSON.stringify(i.path) === JSON.stringify(path));
}

describe('compose schema corpus', () => {
  it('has at least 70 valid and 35 invalid documents', () => {
    assert.ok(validDocs.length >= 70, `only ${validDocs.length} valid documents`);
    assert.ok(invalidDocs.length >= 35, `only ${invalidDocs.length} invalid documents`);
  });

  it('states the behaviour and the spec section on the first line of every document', () => {
    for (const d of [...validDocs, ...invalidDocs]) {
      assert.match(d.behaviour, /^(accepts|rejects|reports) .+\(.+\.md(#[\w-]+)?\)$/, d.file);
    }
  });

  it('names at least one expected issue in every invalid document', () => {
    for (const d of invalidDocs) assert.ok(d.expects.length > 0, d.file);
  });
});

describe('valid compose documents', () => {
  for (const d of validDocs) {
    it(`${d.behaviour} [valid/${d.file}]`, () => {
      const issues = validateComposeDocument(d.doc);
      assert.deepEqual(issues, [], `orc rejected it:\n${formatIssues(issues)}`);
      if (official) assert.equal(official(d.doc), true, 'the official schema rejects it');
    });
  }
});

describe('invalid compose documents', () => {
  for (const d of invalidDocs) {
    it(`${d.behaviour} [invalid/${d.file}]`, () => {
      const issues = validateComposeDocument(d.doc);
      assert.ok(issues.length > 0, 'orc accepted it');
      for (const issue of issues) {
        assert.ok(issue.path.length > 0 || issue.message !== '', `empty issue: ${JSON.stringify(issue)}`);
        assert.notEqual(issue.message, '');
      }
      for (const e of d.expects) {
        assert.ok(
          hasIssue(issues, e.keyword, e.path),
          `expected ${e.keyword} at ${JSON.stringify(e.path)}, got:\n${formatIssues(issues)}`,
        );
      }
      if (official) assert.equal(official(d.doc), false, 'the official schema accepts it');
    });
  }
});

describe('agreement with the official schema', () => {
  it('knows every top-level key and every service attribute the official schema defines (03-compose-file.md, 05-services.md)', (t) => {
    if (!existsSync(officialSchemaFile)) return t.skip('official schema not present');
    const spec = JSON.parse(readFileSync(officialSchemaFile, 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: { service: { properties: Record<string, unknown> } };
    };
    const ours = ComposeFileSchema.properties;
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(spec.properties).sort());
    const serviceSchema = ours.services.patternProperties;
    const service = Object.values(serviceSchema)[0] as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(service.properties).sort(), Object.keys(spec.definitions.service.properties).sort());
  });

  it('the valid corpus uses every service attribute and every top-level key at least once (05-services.md)', () => {
    const topKeys = new Set<string>();
    const serviceKeys = new Set<string>();
    for (const d of validDocs) {
      const doc = d.doc as Record<string, unknown>;
      for (const k of Object.keys(doc)) topKeys.add(k.startsWith('x-') ? 'x-' : k);
      for (const svc of Object.values((doc['services'] ?? {}) as Record<string, Record<string, unknown>>)) {
        for (const k of Object.keys(svc)) serviceKeys.add(k.startsWith('x-') ? 'x-' : k);
      }
    }
    const missingTop = [...Object.keys(ComposeFileSchema.properties), 'x-'].filter((k) => !topKeys.has(k));
    assert.deepEqual(missingTop, []);
    const service = Object.values(ComposeFileSchema.properties.services.patternProperties)[0] as {
      properties: Record<string, unknown>;
    };
    const missingService = [...Object.keys(service.properties), 'x-'].filter((k) => !serviceKeys.has(k));
    assert.deepEqual(missingService, []);
  });

  it('accepts all 39 awesome-compose sample files, as the official schema does (05-services.md)', (t) => {
    if (!existsSync(awesomeComposeDir)) return t.skip('awesome-compose corpus not present');
    const files = readdirSync(awesomeComposeDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) =>
        ['compose.yaml', 'compose.yml']
          .map((name) => join(awesomeComposeDir, e.name, name))
          .filter((f) => existsSync(f)),
      );
    assert.equal(files.length, 39);
    for (const file of files) {
      const doc = parseYaml(readFileSync(file, 'utf8'));
      const issues = validateComposeDocument(doc);
      assert.deepEqual(issues, [], `${file}:\n${formatIssues(issues)}`);
      if (official) assert.equal(official(doc), true, `${file}: the official schema rejects it`);
    }
  });
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every key path in a document, the root included. */
function keyPaths(value: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => keyPaths(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) keyPaths(v, [...path, k], out);
  return out;
}

function at(value: Json, path: readonly (string | number)[]): Json {
  let node: Json = value;
  for (const k of path) node = (node as Record<string | number, Json>)[k] ?? null;
  return node;
}

describe('agreement with the official schema on mutated documents', () => {
  it('gives the official verdict for 3,000 random mutations of the corpus (seed printed on failure, ORC_SEED replays)', (t) => {
    if (!official) return t.skip('official schema not present');
    const seed = process.env['ORC_SEED'] !== undefined ? Number(process.env['ORC_SEED']) : Math.floor(Math.random() * 2 ** 31);
    const random = rng(seed).next;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const spec = JSON.parse(readFileSync(officialSchemaFile, 'utf8')) as Json;
    // Keys and enum values the official schema mentions, so mutations hit real attributes.
    const keys = new Set<string>(['x-extra', 'bogus', '', 'with space', 'NOFILE']);
    const literals = new Set<string>();
    (function collect(node: Json): void {
      if (Array.isArray(node)) return node.forEach(collect);
      if (node === null || typeof node !== 'object') return;
      const props = node['properties'];
      if (props !== null && typeof props === 'object' && !Array.isArray(props)) for (const k of Object.keys(props)) keys.add(k);
      const values = node['enum'];
      if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') literals.add(v);
      Object.values(node).forEach(collect);
    })(spec);
    const keyList = [...keys];
    const replacements: Json[] = [
      'text', '80:80', 'ab', 'a', 'every_1h', 5, 0, -1, -2000, 1.5, 150, true, false, null,
      [], ['a'], ['a', 'a'], [1], [{}], {}, { a: 1 }, { 'x-a': 1 }, { condition: 'service_started' },
      { type: 'bind' }, { soft: 1, hard: 2 }, { model: 'm' }, { service: 's' }, { path: 'p' }, { source: 's' },
      { target: 80 }, { command: 'c' }, { capabilities: ['gpu'] }, { path: 'p', action: 'sync' }, ...literals,
    ];
    const seeds = [...validDocs, ...invalidDocs].map((d) => d.doc as Json);
    let checked = 0;
    for (let n = 0; n < 3000; n++) {
      const doc: Json = structuredClone(pick(seeds));
      for (let step = 0, steps = 1 + Math.floor(random() * 3); step < steps; step++) {
        const path = pick(keyPaths(doc));
        const node = at(doc, path);
        const op = random();
        const last = path[path.length - 1];
        if (op < 0.45 && last !== undefined) {
          (at(doc, path.slice(0, -1)) as Record<string | number, Json>)[last] = structuredClone(pick(replacements));
        } else if (op < 0.75 && node !== null && typeof node === 'object' && !Array.isArray(node)) {
          node[pick(keyList)] = structuredClone(pick(replacements));
        } else if (op < 0.85 && node !== null && typeof node === 'object' && !Array.isArray(node)) {
          const present = Object.keys(node);
          if (present.length > 0) delete node[pick(present)];
        } else if (Array.isArray(node) && node.length > 0) {
          node.push(structuredClone(node[0] ?? null));
        }
      }
      const expected: boolean = official(doc);
      const issues = validateComposeDocument(doc);
      assert.equal(
        issues.length === 0,
        expected,
        `seed=${seed} mutation ${n}: official says ${expected ? 'valid' : 'invalid'}, orc says:\n${formatIssues(issues)}\n${JSON.stringify(doc)}`,
      );
      for (const issue of issues) assert.notEqual(issue.message, '', `seed=${seed} mutation ${n}`);
      checked++;
    }
    t.diagnostic(`seed=${seed}: ${checked} mutated documents agree`);
  });
});

describe('the validator', () => {
  it('the generated module and a schema compiled at run time give the same verdicts', () => {
    assert.ok(validatorKind === 'generated' || validatorKind === 'compiled');
    const compiled = new Ajv(AJV_OPTIONS).compile(ComposeFileSchema);
    for (const d of [...validDocs, ...invalidDocs]) {
      assert.equal(compiled(d.doc), validateComposeDocument(d.doc).length === 0, d.file);
    }
  });

  it('validates a 200-service document and reports a problem in each of 200 services', (t) => {
    const services: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) {
      services[`svc${i}`] = {
        image: `registry.example/app:${i}`,
        command: ['serve', '--port', String(8000 + i)],
        ports: [`${8000 + i}:80`, { target: 443, published: 9000 + i }],
        environment: { INDEX: i, NAME: `svc${i}` },
        volumes: ['./data:/data:ro', { type: 'volume', source: 'shared', target: '/shared' }],
        depends_on: i > 0 ? { [`svc${i - 1}`]: { condition: 'service_started' } } : [],
        healthcheck: { test: ['CMD', 'true'], interval: '10s' },
        deploy: { replicas: 2, resources: { limits: { cpus: '0.5', memory: '128M' } } },
        networks: { front: { aliases: [`a${i}`] }, back: null },
        labels: ['tier=app'],
      };
    }
    const doc = { services, networks: { front: {}, back: {} }, volumes: { shared: {} } };
    const started = performance.now();
    assert.deepEqual(validateComposeDocument(doc), []);
    t.diagnostic(`valid 200-service document: ${(performance.now() - started).toFixed(1)} ms (${validatorKind})`);

    for (const svc of Object.values(services) as Record<string, unknown>[]) svc['restrat'] = 'always';
    const again = performance.now();
    const issues = validateComposeDocument(doc);
    t.diagnostic(`200 issues explained in ${(performance.now() - again).toFixed(1)} ms`);
    assert.equal(issues.length, 200);
    assert.ok(issues.every((i) => i.keyword === 'additionalProperties' && i.path[2] === 'restrat'));
  });

  it('is deterministic: the same document gives the same issues in the same order', () => {
    const doc = invalidDocs.find((d) => d.file === 'several-problems-at-once.yaml')?.doc;
    assert.ok(doc !== undefined);
    assert.deepEqual(validateComposeDocument(doc), validateComposeDocument(doc));
  });
});

describe('the TypeScript types', () => {
  it('describe raw documents the schema accepts, and refuse what it rejects at compile time (05-services.md)', () => {
    const web: RawService = {
      image: 'nginx',
      ports: ['80:80', 8080, { target: 80, published: '8080' }],
      environment: { A: '1', B: null, C: 3 },
      depends_on: { db: { condition: 'service_healthy', required: false } },
      deploy: null,
      command: ['serve', '--port', '80'],
      healthcheck: { test: ['CMD', 'true'], retries: '3' },
      volumes: ['./a:/a', { type: 'bind', source: '.', target: '/src', bind: { selinux: 'z' } }],
      cgroup: 'private',
    };
    // @ts-expect-error cgroup is "host" or "private"
    const wrong: RawService = { cgroup: 'shared' };
    const file: ComposeFile = { name: 'typed', services: { web }, networks: { front: null }, volumes: { data: null } };
    assert.deepEqual(validateComposeDocument(file), []);
    assert.equal(validateComposeDocument({ services: { wrong } }).length, 1);
  });
});

describe('readable messages', () => {
  const issuesOf = (yaml: string): SchemaIssue[] => validateComposeDocument(parseYaml(yaml));

  it('names an unknown top-level key and suggests the likely one (03-compose-file.md)', () => {
    const [issue, ...rest] = issuesOf('servces:\n  web:\n    image: web\n');
    assert.deepEqual(rest, []);
    assert.deepEqual(issue?.path, ['servces']);
    assert.equal(issue?.keyword, 'additionalProperties');
    assert.match(issue?.message ?? '', /servces/);
    assert.match(issue?.message ?? '', /services/);
  });

  it('points at a misspelt service attribute by its own key (05-services.md)', () => {
    const issues = issuesOf('services:\n  web:\n    imagee: nginx\n');
    assert.deepEqual(issues.map((i) => [i.path, i.keyword]), [[['services', 'web', 'imagee'], 'additionalProperties']]);
    assert.match(issues[0]?.message ?? '', /"imagee".*"image"/);
  });

  it('reports a short-or-long union by the branch of the value\'s type: a mapping port explains the mapping (05-services.md#ports)', () => {
    const issues = issuesOf('services:\n  web:\n    ports:\n      - target: 80\n        protocl: tcp\n');
    assert.deepEqual(issues.map((i) => [i.path, i.keyword]), [[['services', 'web', 'ports', 0, 'protocl'], 'additionalProperties']]);
  });

  it('reports one "must be X or Y" when no branch of a union has the value\'s type (05-services.md#environment)', () => {
    const issues = issuesOf('services:\n  web:\n    environment: 5\n');
    assert.equal(issues.length, 1);
    assert.deepEqual(issues[0]?.path, ['services', 'web', 'environment']);
    assert.equal(issues[0]?.keyword, 'type');
    assert.match(issues[0]?.message ?? '', /mapping or a list/);
  });

  it('says which types an interpolatable scalar accepts (05-services.md#cpus)', () => {
    const issues = issuesOf('services:\n  web:\n    cpus: [1]\n');
    assert.deepEqual(issues.map((i) => [i.path, i.keyword]), [[['services', 'web', 'cpus'], 'type']]);
    assert.match(issues[0]?.message ?? '', /number or string/);
  });

  it('lists the allowed values of an enumeration, once (05-services.md#depends_on)', () => {
    const issues = issuesOf('services:\n  web:\n    depends_on:\n      db:\n        condition: 5\n');
    assert.deepEqual(issues.map((i) => [i.path, i.keyword]), [[['services', 'web', 'depends_on', 'db', 'condition'], 'enum']]);
    assert.match(issues[0]?.message ?? '', /"service_healthy"/);
  });

  it('uses numbers for list indexes and strings for keys, even a key that looks like a number (05-services.md)', () => {
    const issues = issuesOf('services:\n  "0":\n    volumes:\n      - type: bind\n        source: .\n        target: /x\n        bind: {selinux: q}\n');
    assert.deepEqual(issues[0]?.path, ['services', '0', 'volumes', 0, 'bind', 'selinux']);
  });

  it('explains an invalid resource name as a naming rule (07-volumes.md)', () => {
    const issues = issuesOf('volumes:\n  "my data": {}\n');
    assert.deepEqual(issues.map((i) => [i.path, i.keyword]), [[['volumes', 'my data'], 'additionalProperties']]);
    assert.match(issues[0]?.message ?? '', /letters, digits/);
  });

  it('reports a document that is not a mapping at the empty path (03-compose-file.md)', () => {
    for (const doc of [null, 'text', ['a'], 42]) {
      assert.deepEqual(validateComposeDocument(doc).map((i) => [i.path, i.keyword]), [[[], 'type']]);
    }
  });

  it('never reports the same message twice for one path (05-services.md)', () => {
    for (const d of invalidDocs) {
      const issues = validateComposeDocument(d.doc);
      const keys = issues.map((i) => `${JSON.stringify(i.path)} ${i.message}`);
      assert.equal(new Set(keys).size, keys.length, d.file);
    }
  });
});
