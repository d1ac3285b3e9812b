// Docker's --detach-keys language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDetachKeys } from '../../cli/terminal.js';
import { isOrcError } from '../../common/errors.js';

describe('parseDetachKeys', () => {
  it('reads Docker\'s default and other ctrl- combinations', () => {
    assert.deepEqual(parseDetachKeys('ctrl-p,ctrl-q'), [0x10, 0x11]);
    assert.deepEqual(parseDetachKeys('ctrl-a,x'), [0x01, 0x78]);
    assert.deepEqual(parseDetachKeys('ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_'), [0, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f]);
    assert.deepEqual(parseDetachKeys(''), []);
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['ctrl-', 'ctrl-1', 'alt-x', 'ab']) {
      assert.throws(() => parseDetachKeys(bad), (e: unknown) => isOrcError(e) && e.code === 'ORC_USAGE', bad);
    }
  });
});
