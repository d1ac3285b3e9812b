// Compose spec 12-interpolation.md
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate } from '../../compose/interpolate.js';

const env: Record<string, string> = { NAME: 'web', EMPTY: '', PORT: '8080', NESTED: 'NAME' };
const lookup = (n: string): string | undefined => env[n];
const value = (s: string): string => {
  const r = interpolate(s, lookup);
  assert.equal(r.error, undefined, r.error?.message);
  return r.value;
};

describe('12-interpolation.md', () => {
  it('replaces $VAR and ${VAR}', () => {
    assert.equal(value('$NAME:${PORT}'), 'web:8080');
    assert.equal(value('pre${NAME}post'), 'prewebpost');
    assert.equal(value('$NAME.x'), 'web.x');
  });

  it('unset variables become "" and are reported once per use', () => {
    const r = interpolate('${MISSING}-$MISSING2', lookup);
    assert.equal(r.value, '-');
    assert.deepEqual(r.unset, ['MISSING', 'MISSING2']);
  });

  it('${VAR:-d} uses d when VAR is unset or empty; ${VAR-d} only when unset', () => {
    assert.equal(value('${MISSING:-d}'), 'd');
    assert.equal(value('${EMPTY:-d}'), 'd');
    assert.equal(value('${NAME:-d}'), 'web');
    assert.equal(value('${MISSING-d}'), 'd');
    assert.equal(value('${EMPTY-d}'), '');
  });

  it('${VAR:+alt} and ${VAR+alt} give alt when VAR is set (and non-empty for :+)', () => {
    assert.equal(value('${NAME:+alt}'), 'alt');
    assert.equal(value('${EMPTY:+alt}'), '');
    assert.equal(value('${EMPTY+alt}'), 'alt');
    assert.equal(value('${MISSING+alt}'), '');
  });

  it('${VAR:?msg} and ${VAR?msg} stop with the message when VAR is missing', () => {
    const r = interpolate('${MISSING:?the port is required}', lookup);
    assert.equal(r.error?.code, 'COMPOSE_REQUIRED_VARIABLE');
    assert.match(r.error?.message ?? '', /MISSING.*the port is required/);
    assert.equal(interpolate('${EMPTY:?x}', lookup).error?.code, 'COMPOSE_REQUIRED_VARIABLE');
    assert.equal(interpolate('${EMPTY?x}', lookup).error, undefined);
    assert.equal(interpolate('${MISSING?x}', lookup).error?.code, 'COMPOSE_REQUIRED_VARIABLE');
  });

  it('defaults nest and are interpolated only when used', () => {
    assert.equal(value('${MISSING:-${NAME}-${PORT:-1}}'), 'web-8080');
    assert.equal(value('${MISSING:-${ALSO_MISSING:-deep}}'), 'deep');
    const r = interpolate('${NAME:-${UNUSED}}', lookup);
    assert.deepEqual(r.unset, []);
  });

  it('$$ is a literal $ and is not interpolated further', () => {
    assert.equal(value('$$NAME costs $${PORT}'), '$NAME costs ${PORT}');
    assert.equal(value('${MISSING:-$$}'), '$');
  });

  it('rejects malformed templates with COMPOSE_INTERPOLATION', () => {
    for (const bad of ['${', '${NAME', '${}', '${1X}', '$1', 'cost $', '${NAME:x}', '${NAME!}']) {
      assert.equal(interpolate(bad, lookup).error?.code, 'COMPOSE_INTERPOLATION', bad);
    }
  });

  it('leaves strings without $ untouched', () => {
    assert.equal(value('plain text'), 'plain text');
  });
});
