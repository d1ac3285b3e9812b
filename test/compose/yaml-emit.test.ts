// The YAML writer behind `orc config`: whatever it writes must read back as
// the same data under YAML 1.2 (Compose v2) and YAML 1.1 (older readers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { toYaml } from '../../compose/yaml-emit.js';
import { rng, seedFromEnv, type Rng } from '../helpers/random.js';

function readsBack(value: object): void {
  const text = toYaml(value);
  assert.deepEqual(parse(text), value, `YAML 1.2:\n${text}`);
  assert.deepEqual(parse(text, { version: '1.1' }), value, `YAML 1.1:\n${text}`);
}

const TRICKY = [
  '', ' ', 'no', 'yes', 'on', 'Off', 'y', 'n', '~', 'null', 'true', 'False', '<<', '=', '0', '-1', '+1', '1.5', '.5',
  '1e3', '1_000', '0x1F', '0o17', '0755', '0b101', '12:30', '190:20:30', '.inf', '-.inf', '.nan', '2001-12-14',
  '2001-12-14t21:59:43.10-05:00', '1.25', '0.0.0.0:8000', '127.0.0.1', '1000:1000', '10m', '1m30s', '-b', '--save',
  '-', '- x', '?', ':', ': x', 'a: b', 'a #b', 'a#b', 'trailing ', ' leading', 'tab\there', '#comment', '&anchor',
  '*alias', '!tag', '|', '>', "'single'", '"double"', '%percent', '@at', '`tick', '[a]', '{a}', 'a,b', 'x:', 'key: ',
  'line\nbreak', 'ends with newline\n', 'two\n\n', '\n', '\tstarts with tab\nx', 'cr\r\nlf', '\u0000nul', '\u007f',
  '.', '._', '+', 'e8', '-E1', '\u0085', '\u2028', '\ufeff', 'é ü 中文 🐳', '${VAR}', '$$', 'app:create_app()', 'echo "hi" && exit 1',
];

function randomValue(r: Rng, depth: number): unknown {
  const roll = r.int(depth > 3 ? 6 : 9);
  switch (roll) {
    case 0:
      return r.pick(TRICKY);
    case 1:
      return r.pick([0, 1, -1, 0.5, 1e21, 123456789, -0.25, 3.14]);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return Array.from({ length: 1 + r.int(6) }, () => String.fromCharCode(32 + r.int(95))).join('');
    case 4:
    case 5:
      return r.pick(TRICKY) + r.pick(TRICKY);
    case 6:
    case 7:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(TRICKY), randomValue(r, depth + 1)]));
    default:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
  }
}

describe('yaml-emit', () => {
  it('every tricky string reads back as itself, as a value and as a key', () => {
    for (const s of TRICKY) {
      readsBack({ value: s });
      readsBack({ [s]: 'value' });
      readsBack([s]);
    }
  });

  it('numbers, booleans, null and empty containers keep their types', () => {
    readsBack({ a: 0, b: -1.5, c: 1e21, d: true, e: false, f: null, g: [], h: {}, i: [[], {}, [1, [2]], { x: [] }] });
    assert.equal(toYaml({ pos: Infinity, neg: -Infinity }), 'pos: .inf\nneg: -.inf\n');
  });

  it('multi-line strings are written as literal blocks when they read back exactly', () => {
    assert.equal(toYaml({ script: 'echo a\necho b\n' }), 'script: |\n  echo a\n  echo b\n');
    assert.equal(toYaml({ script: 'echo a\n\necho b' }), 'script: |-\n  echo a\n\n  echo b\n');
    readsBack({ nested: [{ script: 'a\nb\n', other: ['x\ny'] }] });
  });

  it('sequences of mappings start on the dash line, as docker compose config prints them', () => {
    assert.equal(
      toYaml({ ports: [{ target: 80, published: '8080' }] }),
      'ports:\n  - target: 80\n    published: "8080"\n',
    );
  });

  it('random documents read back as themselves (seeded)', () => {
    const seed = seedFromEnv();
    const r = rng(seed);
    for (let n = 0; n < 2_000; n++) {
      const value = { root: randomValue(r, 0), list: [randomValue(r, 1)] };
      try {
        readsBack(value);
      } catch (e) {
        assert.fail(`seed=${seed} case=${n}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });
});
