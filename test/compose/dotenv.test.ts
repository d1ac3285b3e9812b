/**
 * parseDotenv: the .env / env_file format (05-services.md env_file "Env
 * file format", 12-interpolation.md ".env file").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDotenv } from '../../compose/dotenv.js';

const none = (): undefined => undefined;

function vars(text: string, lookup: (n: string) => string | undefined = none): Record<string, string> {
  const r = parseDotenv(text, '/p/.env', lookup);
  assert.deepEqual(r.issues, []);
  return r.vars;
}

describe('env file lines (05-services.md env_file format)', () => {
  it('05-services.md env_file format: KEY=VALUE lines, blank lines and # comments', () => {
    assert.deepEqual(vars('# comment\nA=1\n\n  # indented comment\nB=two words\nC=\n'), { A: '1', B: 'two words', C: '' });
  });

  it('05-services.md env_file format: export KEY=VALUE is KEY=VALUE', () => {
    assert.deepEqual(vars('export A=1\nexport\tB="2"\n'), { A: '1', B: '2' });
  });

  it('05-services.md env_file format: unquoted values are trimmed and lose an inline " #comment"', () => {
    assert.deepEqual(vars('A=  padded value   \nB=value # comment\nC=a#b\nD=#start\n'), {
      A: 'padded value',
      B: 'value',
      C: 'a#b',
      D: '#start',
    });
  });

  it('05-services.md env_file format: spaces around = are allowed', () => {
    assert.deepEqual(vars('A = 1\n'), { A: '1' });
  });

  it('05-services.md env_file format: KEY: VALUE (YAML style) is accepted', () => {
    assert.deepEqual(vars('A: 1\nB:two\n'), { A: '1', B: 'two' });
  });

  it('05-services.md env_file format: single quotes are literal', () => {
    assert.deepEqual(vars("A='$HOME \\n ${X} # not a comment'\nB='it\\'s'\n"), { A: '$HOME \\n ${X} # not a comment', B: "it's" });
  });

  it('05-services.md env_file format: double quotes understand \\n \\t \\" \\\\ \\$ and keep unknown escapes', () => {
    assert.deepEqual(vars('A="line1\\nline2\\ttab \\"q\\" back\\\\slash \\$NOT \\q"\n'), {
      A: 'line1\nline2\ttab "q" back\\slash $NOT \\q',
    });
  });

  it('05-services.md env_file format: a double-quoted value may span lines', () => {
    assert.deepEqual(vars('A="first\nsecond"\nB=after\n'), { A: 'first\nsecond', B: 'after' });
  });

  it('05-services.md env_file format: a comment may follow a quoted value', () => {
    assert.deepEqual(vars('A="x" # comment\nB=\'y\'   \n'), { A: 'x', B: 'y' });
  });

  it('05-services.md env_file format: KEY alone takes its value from lookup, or is left out', () => {
    assert.deepEqual(
      vars('SET\nUNSET\nexport ALSO\n', (n) => (n === 'SET' || n === 'ALSO' ? `v-${n}` : undefined)),
      { ALSO: 'v-ALSO', SET: 'v-SET' },
    );
  });

  it('05-services.md env_file format: a later definition wins', () => {
    assert.deepEqual(vars('A=1\nA=2\n'), { A: '2' });
  });

  it('05-services.md env_file format: CRLF line ends and a byte order mark are handled', () => {
    assert.deepEqual(vars('\uFEFFA=1\r\nB="2"\r\n'), { A: '1', B: '2' });
  });

  it('05-services.md env_file format: keys may use letters, digits, _ . - [ ] and any script', () => {
    assert.deepEqual(vars('a.b-c_D[0]=1\nÉTÉ=2\n'), { 'a.b-c_D[0]': '1', ÉTÉ: '2' });
  });

  it('05-services.md env_file format: a key named __proto__ is an ordinary variable', () => {
    const r = vars('__proto__=x\n');
    assert.equal(Object.getOwnPropertyDescriptor(r, '__proto__')?.value, 'x');
    assert.equal(Object.getPrototypeOf(r), Object.prototype);
  });
});

describe('interpolation in env files (12-interpolation.md)', () => {
  it('12-interpolation.md: ${VAR} and $VAR in unquoted and double-quoted values; earlier variables come first', () => {
    const lookup = (n: string): string | undefined => ({ A: 'from-lookup', OUT: 'outside' })[n];
    assert.deepEqual(vars('A=inside\nB=${A}-$OUT\nC="${A}"\nD=\'${A}\'\n', lookup), {
      A: 'inside',
      B: 'inside-outside',
      C: 'inside',
      D: '${A}',
    });
  });

  it('12-interpolation.md: defaults, $$ and unset variables', () => {
    assert.deepEqual(vars('A=${MISSING:-dflt}\nB=$$literal\nC=${MISSING}x\n'), { A: 'dflt', B: '$literal', C: 'x' });
  });

  it('12-interpolation.md: a malformed expression or a missing required variable is reported with its position', () => {
    const r = parseDotenv('OK=1\nBAD=${\nREQ="${NEED:?must be set}"\n', '/p/.env', none);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.path, i.pos]),
      [
        ['COMPOSE_INTERPOLATION', [], { file: '/p/.env', line: 2, col: 5 }],
        ['COMPOSE_REQUIRED_VARIABLE', [], { file: '/p/.env', line: 3, col: 5 }],
      ],
    );
    assert.equal(r.vars['OK'], '1');
  });
});

describe('invalid lines (05-services.md env_file format)', () => {
  it('05-services.md env_file format: a key with a space is COMPOSE_INVALID_VALUE at its line and column', () => {
    const r = parseDotenv('A=1\n  MY KEY=2\nB=3\n', '/p/.env', none);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.path, i.pos]),
      [['COMPOSE_INVALID_VALUE', [], { file: '/p/.env', line: 2, col: 3 }]],
    );
    assert.deepEqual(r.vars, { A: '1', B: '3' });
  });

  it('05-services.md env_file format: a line without a key, or with characters a key cannot have, is reported; every bad line is', () => {
    const r = parseDotenv('=value\nA=1\nB$=2\nC!\n', '/p/.env', none);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.pos?.line, i.pos?.col]),
      [
        ['COMPOSE_INVALID_VALUE', 1, 1],
        ['COMPOSE_INVALID_VALUE', 3, 1],
        ['COMPOSE_INVALID_VALUE', 4, 1],
      ],
    );
    assert.deepEqual(r.vars, { A: '1' });
  });

  it('05-services.md env_file format: an unterminated quote is reported at the quote and ends the file', () => {
    const r = parseDotenv('A=1\nB="open\nC=3\n', '/p/.env', none);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.pos]),
      [['COMPOSE_INVALID_VALUE', { file: '/p/.env', line: 2, col: 3 }]],
    );
    assert.deepEqual(r.vars, { A: '1' });
  });

  it('05-services.md env_file format: text after a closing quote is reported', () => {
    const r = parseDotenv('A="x"junk\nB=2\n', '/p/.env', none);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.pos?.line, i.pos?.col]),
      [['COMPOSE_INVALID_VALUE', 1, 6]],
    );
    assert.deepEqual(r.vars, { A: 'x', B: '2' });
  });

  it('very long blank runs are handled in linear time', () => {
    const started = Date.now();
    const r = parseDotenv(`A=${' '.repeat(200_000)}x${' '.repeat(200_000)}\n${' '.repeat(200_000)}B C=1`, '/p/.env', none);
    assert.equal(r.vars['A'], 'x');
    assert.equal(r.issues.length, 1);
    assert.ok(Date.now() - started < 2000);
  });
});
