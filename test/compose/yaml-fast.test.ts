// The fast YAML parser (compose/yaml-fast.ts) must build exactly the tree that
// fromYamlLib builds from the `yaml` package — kinds, values and their JS
// types, plain flags, offsets, anchors, tags, alias targets node for node — or
// return undefined. These tests compare the two on the real-world files, on
// one case per construct, and on seeded random mutations (replay a failure
// with ORC_SEED=N).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as yaml from 'yaml';
import { generateProject } from '../../bench/gen-project.js';
import { parseFast } from '../../compose/yaml-fast.js';
import { fromYamlLib, type YDoc, type YMap, type YNode, type YScalar, type YSeq, type YAlias } from '../../compose/yaml-node.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';
import { rng, seedFromEnv, type Rng } from '../helpers/random.js';
import { withFiles } from '../helpers/tmp.js';

/** The tree the `yaml` package gives, parsed as compose/yaml-source.ts parses. */
function viaYamlLib(text: string): YDoc {
  const doc = yaml.parseDocument(text, {
    lineCounter: new yaml.LineCounter(),
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  return fromYamlLib(doc, yaml);
}

function describeNode(n: YNode | null): string {
  if (n === null) return 'nothing';
  if (n.kind === 'scalar') return `scalar ${JSON.stringify(n.value)} (${typeof n.value}) @${n.offset}`;
  return `${n.kind} @${n.offset}`;
}

/**
 * The first difference between the fast tree and the `yaml` package's, or
 * undefined. An alias must point at the fast node that stands where the
 * package's target stands (identity, not just equal content).
 */
function difference(fast: YNode | null, lib: YNode | null): string | undefined {
  const counterpart = new Map<YNode, YNode>(); // the package's node → the fast one
  const walk = (a: YNode | null, b: YNode | null, path: string): string | undefined => {
    if (a === null || b === null) return a === b ? undefined : `${path}: ${describeNode(a)} vs ${describeNode(b)}`;
    counterpart.set(b, a);
    const ka = Object.keys(a).sort().join(',');
    const kb = Object.keys(b).sort().join(',');
    if (ka !== kb) return `${path}: properties {${ka}} vs {${kb}}`;
    if (a.kind !== b.kind || a.offset !== b.offset) return `${path}: ${describeNode(a)} vs ${describeNode(b)}`;
    if (a.anchor !== b.anchor || a.tag !== b.tag) {
      return `${path}: &${a.anchor} ${a.tag} vs &${b.anchor} ${b.tag}`;
    }
    switch (a.kind) {
      case 'scalar': {
        const bs = b as YScalar;
        if (!Object.is(a.value, bs.value) || a.plain !== bs.plain) {
          return `${path}: ${describeNode(a)} plain=${a.plain} vs ${describeNode(bs)} plain=${bs.plain}`;
        }
        return undefined;
      }
      case 'alias': {
        const ba = b as YAlias;
        if (a.name !== ba.name) return `${path}: *${a.name} vs *${ba.name}`;
        const want = ba.target === undefined ? undefined : counterpart.get(ba.target);
        if (a.target !== want || (ba.target !== undefined && want === undefined)) {
          return `${path}: *${a.name} points at ${a.target ? describeNode(a.target) : 'nothing'}, expected ${
            ba.target ? describeNode(ba.target) : 'nothing'
          }`;
        }
        return undefined;
      }
      case 'map': {
        const bm = b as YMap;
        if (a.pairs.length !== bm.pairs.length) return `${path}: ${a.pairs.length} pairs vs ${bm.pairs.length}`;
        for (let i = 0; i < a.pairs.length; i++) {
          const pa = a.pairs[i];
          const pb = bm.pairs[i];
          if (pa === undefined || pb === undefined) return `${path}: missing pair ${i}`;
          const d = walk(pa.key, pb.key, `${path}.key[${i}]`) ?? walk(pa.value, pb.value, `${path}[${i}]`);
          if (d !== undefined) return d;
        }
        return undefined;
      }
      case 'seq': {
        const bq = b as YSeq;
        if (a.items.length !== bq.items.length) return `${path}: ${a.items.length} items vs ${bq.items.length}`;
        for (let i = 0; i < a.items.length; i++) {
          const d = walk(a.items[i] ?? null, bq.items[i] ?? null, `${path}[${i}]`);
          if (d !== undefined) return d;
        }
        return undefined;
      }
    }
  };
  return walk(fast, lib, '$');
}

/** Why the fast result is wrong for `text`, or undefined when it is right (or refused). */
function disagreement(text: string, fast: YDoc | undefined): string | undefined {
  if (fast === undefined) return undefined;
  if (fast.errors.length > 0) return 'the fast parser returned errors';
  const lib = viaYamlLib(text);
  const firstError = lib.errors[0];
  if (firstError !== undefined) return `accepted what the yaml package rejects: ${firstError.message} @${firstError.offset}`;
  return difference(fast.root, lib.root);
}

/** Asserts that the fast parser accepts `text` and agrees with the yaml package. */
function assertAgrees(text: string): YDoc {
  const fast = parseFast(text);
  assert.ok(fast, `the fast parser refused ${JSON.stringify(text)}`);
  const d = disagreement(text, fast);
  assert.equal(d, undefined, `${JSON.stringify(text)}: ${d}`);
  return fast;
}

function assertRefuses(text: string): void {
  assert.equal(parseFast(text), undefined, `the fast parser accepted ${JSON.stringify(text)}`);
}

/** The value of `key` in the root mapping of a fast tree. */
function valueOf(doc: YDoc, key: string): YNode | null {
  assert.ok(doc.root && doc.root.kind === 'map');
  const pair = doc.root.pairs.find((p) => p.key.kind === 'scalar' && p.key.value === key);
  assert.ok(pair, `no key ${key}`);
  return pair.value;
}

function scalarOf(doc: YDoc, key: string): YScalar['value'] {
  const v = valueOf(doc, key);
  assert.ok(v && v.kind === 'scalar', `${key} is not a scalar`);
  return v.value;
}

// ---- inputs ---------------------------------------------------------------

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFilesUnder(path));
    else if (name.endsWith('.yaml')) out.push(path);
  }
  return out;
}

/** Every real-world file: awesome-compose, the schema corpus, the config fixtures. */
function realWorldFiles(): string[] {
  const files: string[] = [];
  const awesome = join(sharedDir, 'corpus', 'awesome-compose');
  if (existsSync(awesome)) {
    for (const project of readdirSync(awesome).sort()) {
      for (const name of ['compose.yaml', 'compose.yml']) {
        const f = join(awesome, project, name);
        if (existsSync(f)) files.push(f);
      }
    }
  }
  files.push(...yamlFilesUnder(join(repoRoot, 'test', 'compose', 'schema-corpus')));
  files.push(...yamlFilesUnder(join(repoRoot, 'test', 'fixtures', 'config')));
  return files;
}

/** Small documents that use every construct, mutated by the fuzz test with the real files. */
const RICH_DOCUMENTS = [
  `x-defaults: &defaults
  restart: always
  labels: [a, "b", {x: 1}]
  command: |
    echo one

    echo "two"   # not a comment
  entrypoint: >-
    run
    --flag

      indented
    last
services:
  web: &web
    <<: *defaults
    image: 'nginx:1.25'
    environment:
      A: ~
      B: 0755
      C: "\\u00e9\\t\\x41"
      D: yes
    ports:
    - "80:80"
    - target: 443
      published: 8443
    volumes: !reset []
    networks: !override
      - front
  worker:
    <<: [*defaults, *web]
    healthcheck: {test: [CMD, true], interval: 10s,
      retries: 3}
    keep: |+
      kept

    after: .inf
`,
  `# comment
---
- - a
  - b
- key:
  - x
  other: 12:30
-
- &s scalar
- *s
- [*s, &t {k: v}, *t]
`,
];

// ---- the real world -------------------------------------------------------

describe('parseFast on real compose files', () => {
  it('accepts the 200-service benchmark project and builds the yaml package tree for it', async () => {
    await withFiles({}, (dir) => {
      const project = generateProject(dir, 200);
      assert.equal(project.files.length, 3);
      for (const name of project.files) {
        const text = readFileSync(join(dir, name), 'utf8');
        assertAgrees(text);
      }
    });
  });

  it('accepts every real-world file (awesome-compose, schema corpus, config fixtures) and agrees with the yaml package', () => {
    const files = realWorldFiles();
    assert.ok(files.length > 100, `only ${files.length} real-world files found`);
    const wrong: string[] = [];
    const refused: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const fast = parseFast(text);
      if (fast === undefined) {
        refused.push(file);
        continue;
      }
      const d = disagreement(text, fast);
      if (d !== undefined) wrong.push(`${file}: ${d}`);
    }
    assert.deepEqual(wrong, []);
    // not wrong, but each refused file costs the slow path: say why in yaml-fast.ts before allowing one here
    assert.deepEqual(refused, []);
  });

  it('accepts the documents the fuzz tests start from', () => {
    for (const text of RICH_DOCUMENTS) assertAgrees(text);
  });
});

// ---- one construct at a time ----------------------------------------------

/** Inputs the fast parser must accept, each named by the behaviour it shows. */
const ACCEPTED: Array<[string, string]> = [
  // block structure
  ['reads nested block mappings and returns to outer levels', 'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n'],
  ['reads a block sequence of scalars', '- a\n- b\n- c\n'],
  ['reads a sequence item that is a mapping (- key: value)', '- a: 1\n  b: 2\n- c: 3\n'],
  ['reads a sequence item mapping after several spaces', '-   a: 1\n    b: 2\n'],
  ['reads a sequence at the indentation of its key', 'a:\n- x\n- y\nb: 1\n'],
  ['reads a sequence at the indentation of a key inside a sequence item', '- a:\n  - x\n  b: 1\n'],
  ['reads a sequence that starts on the line of its parent item (- - x)', '- - a\n  - b\n- c\n'],
  ['reads a value on the line after its key', 'a:\n  text\nb:\n  [1]\nc:\n  "q"\n'],
  ['reads a mapping indented as a whole', '  a: 1\n  b: 2\n'],
  ['reads deep nesting', 'a:\n b:\n  c:\n   d:\n    - e:\n        f: [g, {h: i}]\n'],
  ['ends a document without a final newline', 'a:\n  b: c'],
  ['reads a key followed by spaces before its colon', 'a : 1\n"b" : 2\n'],
  ['reads quoted keys', '"a b": 1\n\'c\': 2\n"": 3\n'],
  ['reads keys that the core schema resolves to numbers, booleans and null', '1: a\ntrue: b\n~: c\n0x10: d\n1.5: e\n'],
  ['keeps a number key and the same digits quoted as different keys', '1: a\n"1": b\n'],
  ['reads a mapping with many keys', Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join('')],
  ['reads NaN keys as different keys, as the yaml package does', '.nan: 1\n.NaN: 2\n'],
  ['reads keys that contain colons not followed by a space', 'http://x: 1\na:b: 2\n'],
  // empty values
  ['places an empty value after the spaces that follow the colon', 'a:\nb:   \nc: # note\nd:'],
  ['places an empty sequence item after the dash and its spaces', '-\n- \n-   # c\n- x\n'],
  ['reads an empty value followed by a less indented key', 'a:\n  b:\nc: 1\n'],
  // comments, blank lines, document start
  ['skips full-line and trailing comments and blank lines', '# head\n\na: 1 # one\n\n  # indented\n# flush\nb: # two\n  c: 3\n'],
  ['reads a value after a comment line', 'a:\n# c\n  "x"\nb:\n  # c\n  - y\nc: # c\n\n  # d\n  k: v\n'],
  ['keeps # inside a plain scalar that has no space before it', 'a: b#c\nd: "e # f"\n'],
  ['accepts a leading ---', '---\na: 1\n'],
  ['accepts a leading --- with a comment', '# c\n--- # start\na: 1\n'],
  ['reads an empty document as nothing', ''],
  ['reads a comment-only document as nothing', '# only\n\n   # comments\n'],
  ['reads --- alone as a null scalar after it', '---\n'],
  ['reads --- with spaces and a comment as a null scalar before the comment', '---   # c\n'],
  ['counts a byte order mark in the offsets', '\uFEFFa: 1\nb:\n- x\n'],
  ['reads a byte order mark before a comment line', '\uFEFF# c\n- a\n'],
  // plain scalars and the core schema
  ['resolves null forms and keeps look-alikes as strings', 'a: ~\nb: null\nc: Null\nd: NULL\ne: nUll\nf: ~~\n'],
  ['resolves the six boolean spellings and keeps YAML 1.1 ones as strings', 'a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\ng: tRue\nh: yes\ni: no\nj: on\nk: off\nl: y\n'],
  ['resolves decimal, octal and hex integers', 'a: 0\nb: -0\nc: +7\nd: 0755\ne: 0o17\nf: 0x1F\ng: 0xff\nh: -12\n'],
  ['keeps malformed numbers as strings', 'a: 0o8\nb: 0xg\nc: 1_000\nd: 0x\ne: 0o\nf: 1e\ng: 0.1.2\nh: 1,5\ni: +-1\n'],
  ['resolves a big integer as the nearest double', 'a: 99999999999999999999\nb: 0x1fffffffffffffffff\n'],
  ['resolves floats, exponents, infinities and NaN', 'a: .5\nb: 1.\nc: 1.50\nd: -1.5e3\ne: 1e3\nf: .inf\ng: -.Inf\nh: +.INF\ni: .nan\nj: .NaN\nk: .NAN\nl: 2E-2\nm: +.5e+1\n'],
  ['keeps times, globs and flags as strings', 'a: 12:30\nb: 1:2:3\nc: "*.txt"\nd: -x\ne: --flag=1\nf: <<\ng: a b  c\nh: 1.2.3.4\n'],
  ['reads plain scalars with non-ASCII text', 'a: café ü 日本\nb: ☃\n'],
  // quoted scalars
  ["reads single-quoted scalars with doubled quotes", "a: 'it''s'\nb: ''\nc: ' # not a comment '\nd: '''x'''\n"],
  ['reads double-quoted scalars with tabs and spaces kept', 'a: "x\ty  "\nb: "  "\n'],
  ['reads a quoted scalar followed by a comment', 'a: "x" # c\nb: \'y\'   # d\n'],
  // block scalars
  ['reads a literal block scalar with its final newline (clip)', 'a: |\n  one\n  two\nb: 1\n'],
  ['reads a literal block scalar without its final newline (strip)', 'a: |-\n  one\n  two\n\nb: 1\n'],
  ['reads a literal block scalar with its trailing blank lines (keep)', 'a: |+\n  one\n\n\nb: 1\n'],
  ['reads a kept block scalar at the end of the text', 'a: |+\n  one\n\n'],
  ['reads a kept block scalar that ends the text without a newline', 'a: |+\n  one'],
  ['reads a folded block scalar, joining lines and keeping paragraphs', 'a: >\n  one\n  two\n\n  three\n\n\n  four\n'],
  ['keeps more-indented lines of a folded block scalar on their own lines', 'a: >\n  one\n    indented\n    more\n  back\n\n    after blank\n  end\n'],
  ['reads a folded block scalar with strip and keep', 'a: >-\n  x\n  y\n\nb: >+\n  z\n\nc: 1\n'],
  ['keeps # lines and deeper indentation inside a block scalar', 'a: |\n  # not a comment\n    deeper\n  a: b\nc: d\n'],
  ['reads blank lines inside a block scalar, also ones with spaces', 'a: |\n  x\n\n  \n  y\n'],
  ['reads an empty block scalar as an empty string', 'a: |\nb: >-\nc: 1\n'],
  ['reads a block scalar header with a comment', 'a: | # shell\n  echo hi\n'],
  ['reads a block scalar as a sequence item and in an item mapping', '- |\n  x\n- a: >\n    y\n  b: 1\n'],
  ['reads block scalar text with tabs inside its lines', 'a: |\n  x\ty\t\n'],
  ['reads a block scalar at the end of the text without a newline', 'a: >\n  x'],
  // flow collections
  ['reads a flow sequence of mixed scalars and collections', 'a: [a, "b", \'c\', {x: 1}, [], {}, 1, null]\n'],
  ['reads a flow mapping with nested collections', 'a: {a: 1, b: [2, 3], c: {d: e}}\n'],
  ['reads a flow collection with a trailing comma', 'a: [1, 2, ]\nb: {x: 1,}\n'],
  ['reads flow collections that span lines, with comments', 'a: [1,\n  2, # two\n  3\n  ]\nb: {x: 1,\n   y: 2}\nc: [x\n\n   , y # c\n   ]\n'],
  ['reads a flow mapping whose value is on the next line', 'a: {x:\n    1}\n'],
  ['reads JSON-style flow mappings', '{"a":1,"b":[true,false,null],"c":{"d":"e"}}\n'],
  ['reads long keys in flow mappings, where the yaml package has no limit', `{${'k'.repeat(1100)}: 1, "${'q'.repeat(1100)}": 2}\n`],
  ['reads a JSON document spanning lines', '{\n  "services": {\n    "web": {"image": "nginx", "ports": ["80:80"]}\n  }\n}\n'],
  ['reads a flow sequence as the document', '[a, b]\n'],
  ['reads an anchor and a tag on the whole document', '&d !override\na: *d\n'],
  ['reads an anchored flow collection as the document', '&d [1, *d]\n'],
  ['reads plain flow scalars with colons, spaces and #', 'a: [a:b, c d, e#f, http://x]\n'],
  ['reads a flow sequence as a sequence item', '- [a, b]\n- {c: d}\n'],
  // anchors, aliases, merge keys
  ['points an alias at its anchored mapping', 'a: &x\n  k: v\nb: *x\n'],
  ['points an alias at an anchored scalar', 'a: &x 1\nb: [*x, *x]\n'],
  ['leaves an alias with no anchor before it without a target', 'a: *nowhere\nb: &nowhere 1\n'],
  ['points an alias at the latest definition of its anchor', 'a: &x 1\nb: &x 2\nc: *x\n'],
  ['points an alias inside an anchored collection at that collection', 'a: &x [*x]\nb: &y {k: *y}\n'],
  ['reads a merge key as a plain << key', 'x: &d\n  a: 1\ny:\n  <<: *d\n  b: 2\nz:\n  <<: [*d]\n'],
  ['reads an anchor on an empty value and on a sequence item', 'a: &e\nb: *e\nc:\n  - &f x\n  - *f\n'],
  ['reads an anchor on a block sequence at the indentation of its key', 'a: &s\n- 1\nb: *s\n'],
  ['reads anchors inside flow collections', 'a: [&x 1, *x, &y {k: v}, *y]\n'],
  ['places an anchored or tagged node at its value, not at the & or !', 'a: &x 1\nb: !reset 2\nc: &y !override\n  k: v\nd: !reset &z [1]\n'],
  ['reads anchor names with dashes, dots and underscores', 'a: &my-anchor_1.x 1\nb: *my-anchor_1.x\n'],
  // tags
  ['keeps a !reset scalar as the string it was written as', 'a: !reset 5\nb: !reset null\nc: !reset\nd: !reset "q"\n'],
  ['keeps !override on mappings and sequences', 'a: !override\n  b: 1\nc: !override [x]\nd: !override\n- y\n'],
  ['reads !reset on an empty value as an empty string', 'a: !reset\nb: !reset # c\n'],
  ['reads !reset on a block scalar', 'a: !reset |\n  x\n'],
  ['reads tags inside flow collections', 'a: [!reset 1, !override {k: v}]\n'],
];

/** Inputs the fast parser must refuse (the yaml package then parses or reports them). */
const REFUSED: Array<[string, string]> = [
  ['refuses a %YAML directive', '%YAML 1.2\n---\na: 1\n'],
  ['refuses a second document', 'a: 1\n---\nb: 2\n'],
  ['refuses a document end marker', 'a: 1\n...\n'],
  ['refuses content on the --- line', '--- a\n'],
  ['refuses a ? complex key', '? a\n: b\n'],
  ['refuses a flow collection as a key', '[a]: b\n'],
  ['refuses an alias as a key', '*a : b\n'],
  ['refuses an anchor on a key', '&x a: 1\n'],
  ['refuses an anchor on the key of a sequence item mapping', '- &x a: 1\n'],
  ['refuses a tab used as indentation', 'a:\n\tb: 1\n'],
  ['refuses a tab after a value', 'a: 1\t\n'],
  ['refuses a tab inside a plain scalar', 'a: b\tc\n'],
  ['refuses a multi-line plain scalar', 'a: b\n  c\n'],
  ['refuses a tab at the start of block scalar text', 'a: |\n  x\n  \ty\n'],
  ['refuses a multi-line double-quoted scalar', 'a: "b\n  c"\n'],
  ['refuses a multi-line single-quoted scalar', "a: 'b\n  c'\n"],
  ['refuses a plain scalar in a flow collection that continues on the next line', 'a: [b\n  c]\n'],
  ['refuses duplicate keys', 'a: 1\na: 2\n'],
  ['refuses duplicate keys that differ only in quoting', 'a: 1\n"a": 2\n'],
  ['refuses duplicate keys in a flow mapping', 'a: {x: 1, x: 2}\n'],
  ['refuses a duplicate key in a large mapping', `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join('')}k7: again\n`],
  ['refuses keys that are equal numbers written differently', '16: a\n0x10: b\n'],
  ['refuses duplicate null keys', '~: 1\nnull: 2\n'],
  ['refuses duplicate merge keys', 'a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n'],
  ['refuses the tag !!str', 'a: !!str 5\n'],
  ['refuses an unknown local tag', 'a: !custom x\n'],
  ['refuses a block scalar indentation indicator', 'a: |2\n   x\n'],
  ['refuses CRLF line ends', 'a: 1\r\nb: 2\r\n'],
  ['refuses a scalar as the whole document', 'just text\n'],
  ['refuses an anchored scalar as the whole document', '&a text\n'],
  ['refuses a mapping on the line of a value', 'a: b: c\n'],
  ['refuses an invalid escape', 'a: "\\q"\n'],
  ['refuses a code point beyond U+10FFFF', 'a: "\\U00110000"\n'],
  ['refuses a short hex escape', 'a: "\\x4"\n'],
  ['refuses an unterminated flow collection', 'a: [1, 2\n'],
  ['refuses an unterminated quoted scalar', 'a: "x\n'],
  ['refuses an empty flow item', 'a: [1, , 2]\n'],
  ['refuses an empty value in a flow mapping', 'a: {x: , y: 1}\n'],
  ['refuses a flow mapping key without a value', 'a: {x, y: 1}\n'],
  ['refuses an implicit pair in a flow sequence', 'a: [x: 1]\n'],
  ['refuses a flow continuation line that is not indented past its key', 'a: [1,\n2]\n'],
  ['refuses a comment without a space before it', 'a: "x"# c\n'],
  ['refuses an anchor redefined inside the collection that carries it', 'a: &x [&x 1, *x]\n'],
  ['refuses a more indented line after a complete value', 'a: 1\n  b: 2\n'],
  ['refuses a block sequence on the line of a key', 'a: - b\n'],
  ['refuses a block sequence on the line of a byte order mark', '\uFEFF- a\n'],
  ['refuses an indented first line after a byte order mark', '\uFEFF  a: 1\n'],
  [
    'refuses a plain scalar on its own line after a blank line and a comment (the yaml package joins it with later lines)',
    'a:\n\n# c\n  x\nk: 1\n',
  ],
  ['refuses a key longer than the yaml package allows', `${'k'.repeat(1100)}: 1\n`],
  ['refuses a quoted key longer than the yaml package allows', `"${'k'.repeat(1100)}": 1\n`],
  ['refuses nesting deeper than it supports', `${'['.repeat(150)}${']'.repeat(150)}\n`],
  ['refuses block scalar lines less indented than the first', 'a: |\n    x\n  y\n'],
  ['refuses leading blank lines more indented than the block scalar text', 'a: |\n      \n  x\n'],
];

describe('parseFast, construct by construct', () => {
  for (const [name, text] of ACCEPTED) {
    it(name, () => {
      assertAgrees(text);
    });
  }
  for (const [name, text] of REFUSED) {
    it(name, () => {
      assertRefuses(text);
    });
  }

  it('resolves plain scalars as the YAML 1.2 core schema does, not YAML 1.1', () => {
    const doc = assertAgrees('a: yes\nb: 0755\nc: 12:30\nd: 1_000\ne: 0o17\nf: 0x1F\ng: ~\nh: -.inf\ni: 1e3\nj: 99999999999999999999\n');
    assert.equal(scalarOf(doc, 'a'), 'yes');
    assert.equal(scalarOf(doc, 'b'), 755);
    assert.equal(scalarOf(doc, 'c'), '12:30');
    assert.equal(scalarOf(doc, 'd'), '1_000');
    assert.equal(scalarOf(doc, 'e'), 15);
    assert.equal(scalarOf(doc, 'f'), 31);
    assert.equal(scalarOf(doc, 'g'), null);
    assert.equal(scalarOf(doc, 'h'), Number.NEGATIVE_INFINITY);
    assert.equal(scalarOf(doc, 'i'), 1000);
    assert.equal(scalarOf(doc, 'j'), 1e20);
  });

  it('gives an empty value a plain null scalar, and a tagged empty value an empty string', () => {
    const doc = assertAgrees('a:\nb: !reset\n');
    assert.deepEqual(valueOf(doc, 'a'), { offset: 2, kind: 'scalar', value: null, plain: true });
    assert.deepEqual(valueOf(doc, 'b'), { offset: 12, kind: 'scalar', value: '', plain: true, tag: '!reset' });
  });

  it('registers the anchor of a collection before its children, so an inner alias points at the collection', () => {
    const doc = assertAgrees('&a [*a]\n');
    assert.ok(doc.root && doc.root.kind === 'seq');
    const alias = doc.root.items[0];
    assert.ok(alias && alias.kind === 'alias');
    assert.equal(alias.target, doc.root);
  });

  it('places a node after its anchor and tag', () => {
    const doc = assertAgrees('a: &x !reset 1\n');
    assert.deepEqual(valueOf(doc, 'a'), { offset: 13, kind: 'scalar', value: '1', plain: true, anchor: 'x', tag: '!reset' });
  });

  const escapes: Array<[string, string]> = [
    ['\\0', '\0'],
    ['\\a', '\x07'],
    ['\\b', '\b'],
    ['\\e', '\x1b'],
    ['\\f', '\f'],
    ['\\n', '\n'],
    ['\\r', '\r'],
    ['\\t', '\t'],
    ['\\v', '\v'],
    ['\\N', '\u0085'],
    ['\\_', '\u00a0'],
    ['\\L', '\u2028'],
    ['\\P', '\u2029'],
    ['\\ ', ' '],
    ['\\"', '"'],
    ['\\/', '/'],
    ['\\\\', '\\'],
    ['\\\t', '\t'],
    ['\\x41', 'A'],
    ['\\u00e9', 'é'],
    ['\\U0001F600', '😀'],
    ['\\uD83D', '\uD83D'],
  ];
  for (const [escape, meaning] of escapes) {
    it(`reads the escape ${JSON.stringify(escape).slice(1, -1)} in a double-quoted scalar`, () => {
      const doc = assertAgrees(`a: "<${escape}>"\n`);
      assert.equal(scalarOf(doc, 'a'), `<${meaning}>`);
    });
  }
});

// ---- fuzzing --------------------------------------------------------------

const FUZZ_CASES = Number(process.env['ORC_FUZZ_CASES'] ?? 20_000);
const GENERATED_CASES = Math.ceil(FUZZ_CASES / 2);

const INSERTS = [':', ' ', '#', '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', "'", '"', '\t', '\n', '\\', '?', '%', '@', '`', '~', ': ', '- ', ' #', '  ', '|-', '>+', '\uFEFF'];

const SCALARS = [
  'null', '~', 'Null', 'true', 'False', 'yes', 'on', '0o17', '0o8', '0x1F', '0xG', '0755', '1_000', '12:30',
  '.inf', '-.Inf', '.NaN', '1e3', '-1.5', '+12', '-0', '1.', '.5', '99999999999999999999',
  '"a\\tb"', "'it''s'", '"\\u00e9\\x41\\U0001F600"', '"\\N\\_\\L\\P\\/\\ \\e\\a\\0"', '"\\q"', '"\\uD800"', '"\\U00110000"',
  '|', '>-', '|+', '|2', '&a', '*a', '&b x', '*b', '!reset', '!override', '!!str', '!reset 1', '[1, 2]', '{a: 1}',
  '{a: 1, a: 2}', '[a, b, ]', '{"a":1}', '- x', 'a: b', '<<: *a', '""', "''", '[]', '{}', '&x [*x]', '"multi\n  line"',
  'plain\n  more', '|\n  text\n\n  more', '>+\n   folded\n\n', '[1,\n 2]',
];

function mutate(text: string, r: Rng): string {
  const lines = text.split('\n');
  const count = 1 + r.int(3);
  for (let m = 0; m < count; m++) {
    const i = r.int(lines.length);
    const line = lines[i] ?? '';
    switch (r.int(8)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, line);
        break;
      case 2:
        lines[i] = ' '.repeat(1 + r.int(3)) + line;
        break;
      case 3:
        lines[i] = line.replace(/^ {1,2}/, '');
        break;
      case 4:
      case 5: {
        const j = r.int(line.length + 1);
        lines[i] = line.slice(0, j) + r.pick(INSERTS) + line.slice(j);
        break;
      }
      case 6: {
        const j = line.indexOf(': ');
        const s = r.pick(SCALARS);
        lines[i] = j >= 0 ? line.slice(0, j + 2) + s : line.replace(/- .*/, `- ${s}`);
        break;
      }
      default: {
        const j = r.int(line.length);
        lines[i] = line.slice(0, j) + line.slice(j + 1 + r.int(2));
      }
    }
  }
  return lines.join('\n');
}

/**
 * Random documents built from the constructs compose files use, in odd
 * combinations: empty values, comments and blank lines between a key and
 * its value, block scalars with blank and more-indented lines, flow
 * collections across lines, anchors, tags, a BOM, a leading `---`.
 */
class DocumentGenerator {
  constructor(private readonly r: Rng) {}

  document(): string {
    const r = this.r;
    let text = r.pick(['', '', '---\n', '# head\n', '\uFEFF']);
    if (r.int(10) === 0) text += this.props() + r.pick(['', '\n']);
    const shape = r.int(10);
    text += shape === 0 ? `${this.flow(0)}\n` : shape < 3 ? this.seq(0, 0) : this.map(0, 0);
    if (r.int(3) === 0) {
      const j = r.int(text.length + 1);
      text = text.slice(0, j) + r.pick([' ', '\n', '#', ':', '-', '  ', '\t', '"', "'", ',', ']', '}', '']) + text.slice(j + r.int(2));
    }
    return text;
  }

  private comment(): string {
    return this.r.int(5) === 0 ? ` #${this.r.pick(['', ' c', ' x: y', '#'])}` : '';
  }

  private blankLines(): string {
    return this.r.int(5) === 0 ? this.r.pick(['\n', '  \n', '# c\n', '#c\n', '   # c\n', '\n\n', '\n# c\n', '# c\n\n', '      # deep\n']) : '';
  }

  private scalar(): string {
    const r = this.r;
    switch (r.int(8)) {
      case 0:
        return `"${r.pick(['', 'x', 'a\\tb', '\\u00e9', '\\"q\\"', 'a  ', '\\\\', '#x', 'a: b', '\\x41', '\t'])}"`;
      case 1:
        return `'${r.pick(['', 'x', "it''s", 'a: b', ' #', "''"])}'`;
      default:
        return r.pick(['a', 'b', 'key', 'x-y', 'true', 'null', '~', '12', '0x1f', '1.5', '.inf', 'a b', 'a:b', 'a#b', 'http://x', '-x', 'é', '<<', '1e3', '0o7', 'no', 'a  b', '-1', '${X:-1}']);
    }
  }

  private props(): string {
    const r = this.r;
    const parts: string[] = [];
    if (r.int(6) === 0) parts.push(`&${r.pick(['a', 'b', 'c1'])}`);
    if (r.int(8) === 0) parts.push(r.pick(['!reset', '!override']));
    if (r.int(2) === 0) parts.reverse();
    return parts.map((p) => `${p} `).join('');
  }

  private flow(depth: number): string {
    const r = this.r;
    if (depth > 2 || r.int(3) === 0) return r.int(6) === 0 ? `*${r.pick(['a', 'b', 'c1'])}` : this.props() + this.scalar();
    const gap = (): string =>
      r.int(5) === 0
        ? `${r.pick(['', ' ', ' # c'])}\n${r.pick(['', '\n', '# c\n'])}${' '.repeat(1 + r.int(6))}`
        : ' ';
    const items: string[] = [];
    const n = r.int(4);
    if (r.int(2) === 0) {
      for (let i = 0; i < n; i++) items.push(this.flow(depth + 1));
      return `${this.props()}[${r.int(4) === 0 ? gap() : ''}${items.join(`,${gap()}`)}${r.int(4) === 0 && n > 0 ? ',' : ''}]`;
    }
    for (let i = 0; i < n; i++) {
      items.push(`${r.pick(['k', 'x', '"q"', "'s'", `k${i}`, 'a b'])}:${r.int(6) === 0 ? gap() : ' '}${this.flow(depth + 1)}`);
    }
    return `${this.props()}{${items.join(`,${gap()}`)}}`;
  }

  private blockScalar(ind: number): string {
    const r = this.r;
    const head = r.pick(['|', '>']) + r.pick(['', '', '-', '+']) + this.comment();
    const at = ind + 1 + r.int(3);
    const lines: string[] = [];
    for (let i = r.int(5); i > 0; i--) {
      const k = r.int(6);
      if (k === 0) lines.push('');
      else if (k === 1) lines.push(' '.repeat(r.int(at + 2)));
      else if (k === 2) lines.push(' '.repeat(at + 1 + r.int(2)) + r.pick(['more', '# not a comment', 'x']));
      else lines.push(' '.repeat(at) + r.pick(['text', 'a b', '#x', 'key: v', '- y', '"q"']));
    }
    return `${head}\n${lines.join('\n')}${r.int(3) === 0 ? '' : '\n'}`;
  }

  /** What follows `key:` or `-`. */
  private value(ind: number, depth: number): string {
    const r = this.r;
    const k = r.int(10);
    if (depth > 4 || k < 4) return ` ${this.props()}${this.scalar()}${this.comment()}\n`;
    if (k === 4) return ` ${this.flow(0)}${this.comment()}\n`;
    if (k === 5) return ` ${this.props()}${this.blockScalar(ind)}`;
    if (k === 6) {
      if (r.int(2) === 0) return `${r.pick(['', ' ', ` ${this.props()}`])}${this.comment()}\n`;
      const at = ind + 1 + r.int(3);
      const own = r.pick([this.scalar(), this.flow(0), '*a', '- - x', `- - x\n${' '.repeat(at + 2)}- y`]);
      return `${r.pick(['', ` ${this.props()}`])}${this.comment()}\n${this.blankLines()}${' '.repeat(at)}${own}${this.comment()}\n`;
    }
    const props = r.int(3) === 0 ? ` ${this.props().trim()}` : '';
    const at = ind + 1 + r.int(3);
    if (k === 7) return `${props}${this.comment()}\n${this.blankLines()}${this.seq(r.int(3) === 0 ? ind : at, depth + 1)}`;
    return `${props}${this.comment()}\n${this.blankLines()}${this.map(at, depth + 1)}`;
  }

  private map(ind: number, depth: number, firstIndent = ''): string {
    const r = this.r;
    let out = '';
    for (let i = 1 + r.int(4); i > 0; i--) {
      const key = r.pick(['k', 'x', 'image', '"q k"', "'s'", 'a b', `k${i}`, '<<', '1', 'true']);
      out += (out === '' && firstIndent !== '' ? firstIndent : ' '.repeat(ind)) + key + r.pick([':', ':', ' :']);
      out += this.value(ind, depth) + this.blankLines();
    }
    return out;
  }

  private seq(ind: number, depth: number): string {
    const r = this.r;
    let out = '';
    for (let i = 1 + r.int(4); i > 0; i--) {
      const dash = `${' '.repeat(ind)}-`;
      if (r.int(4) === 0 && depth < 4) {
        const gap = 1 + r.int(2);
        out += this.map(ind + 1 + gap, depth + 1, dash + ' '.repeat(gap));
      } else {
        out += dash + this.value(ind, depth) + this.blankLines();
      }
    }
    return out;
  }
}

describe('parseFast under random mutations', () => {
  it(`agrees with the yaml package on ${GENERATED_CASES} generated documents, or refuses them (replay: ORC_SEED=N)`, () => {
    const seed = seedFromEnv();
    const gen = new DocumentGenerator(rng(seed));
    let accepted = 0;
    for (let i = 0; i < GENERATED_CASES; i++) {
      const text = gen.document();
      const fast = parseFast(text);
      if (fast === undefined) continue;
      accepted++;
      const d = disagreement(text, fast);
      if (d !== undefined) assert.fail(`seed=${seed} case ${i}: ${d}\n${JSON.stringify(text)}`);
    }
    assert.ok(accepted > GENERATED_CASES / 5, `seed=${seed}: only ${accepted} of ${GENERATED_CASES} documents were accepted`);
  });

  it(`agrees with the yaml package on ${FUZZ_CASES} mutated real files, or refuses them (replay: ORC_SEED=N)`, () => {
    const texts = [...realWorldFiles().map((f) => readFileSync(f, 'utf8')), ...RICH_DOCUMENTS];
    assert.ok(texts.length > 100);
    const seed = seedFromEnv();
    const r = rng(seed);
    let accepted = 0;
    for (let i = 0; i < FUZZ_CASES; i++) {
      const text = mutate(r.pick(texts), r);
      let fast: YDoc | undefined;
      try {
        fast = parseFast(text);
      } catch (e) {
        assert.fail(`seed=${seed} case ${i}: parseFast threw ${String(e)} on ${JSON.stringify(text)}`);
      }
      if (fast === undefined) continue;
      accepted++;
      const d = disagreement(text, fast);
      if (d !== undefined) assert.fail(`seed=${seed} case ${i}: ${d}\n${JSON.stringify(text)}`);
    }
    // the mutations must leave enough valid documents for the comparison to mean something
    assert.ok(accepted > FUZZ_CASES / 5, `seed=${seed}: only ${accepted} of ${FUZZ_CASES} mutations were accepted`);
  });
});
