// `orc exec` options → the OCI process document: what carries over from the
// container's process, what the options replace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execProcess, type OciProcess } from '../../worker/containers/index.js';
import { isOrcError } from '../../common/errors.js';

const base: OciProcess = {
  terminal: false,
  user: { uid: 0, gid: 0 },
  args: ['sleep', '300'],
  env: ['PATH=/usr/bin:/bin', 'HOSTNAME=box', 'HOME=/root', 'FROM_IMAGE=1'],
  cwd: '/srv',
  capabilities: { bounding: ['CAP_CHOWN', 'CAP_KILL'], effective: ['CAP_CHOWN', 'CAP_KILL'], permitted: ['CAP_CHOWN', 'CAP_KILL'] },
  noNewPrivileges: true,
  rlimits: [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 1024 }],
};
const passwd = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const group = 'root:x:0:\nnogroup:x:65534:\nstaff:x:50:nobody\n';

describe('execProcess', () => {
  it('keeps the container\'s environment, caps, rlimits and no_new_privs; replaces args', () => {
    const p = execProcess({ base, options: { command: ['ls', '-l'] } });
    assert.deepEqual(p.args, ['ls', '-l']);
    assert.deepEqual(p.env, base.env);
    assert.equal(p.cwd, '/srv');
    assert.deepEqual(p.capabilities, base.capabilities);
    assert.equal(p.noNewPrivileges, true);
    assert.deepEqual(p.rlimits, base.rlimits);
    assert.equal(p.terminal, false);
  });

  it('-e replaces or adds variables, a bare KEY takes the caller\'s value or is skipped', () => {
    const p = execProcess({ base, options: { command: ['env'], env: ['FROM_IMAGE=2', 'NEW=x', 'FROM_HOST', 'MISSING'] }, hostEnv: { FROM_HOST: 'h' } });
    assert.deepEqual(p.env, ['PATH=/usr/bin:/bin', 'HOSTNAME=box', 'HOME=/root', 'FROM_IMAGE=2', 'NEW=x', 'FROM_HOST=h']);
  });

  it('-u resolves names in the container\'s files, sets HOME, and a non-root user loses effective caps', () => {
    const p = execProcess({ base, options: { command: ['id'], user: 'nobody' }, passwd, group });
    assert.deepEqual(p.user, { uid: 65534, gid: 65534, additionalGids: [50] });
    assert.ok(p.env.includes('HOME=/nonexistent'));
    assert.deepEqual(p.capabilities.effective, []);
    assert.deepEqual(p.capabilities.bounding, base.capabilities.bounding);
  });

  it('-t sets terminal and TERM; -w sets the directory; --privileged gives every capability', () => {
    const p = execProcess({ base, options: { command: ['sh'], tty: true, workdir: '/tmp', privileged: true } });
    assert.equal(p.terminal, true);
    assert.ok(p.env.includes('TERM=xterm'));
    assert.equal(p.cwd, '/tmp');
    assert.ok(p.capabilities.bounding.includes('CAP_SYS_ADMIN'));
    assert.ok(p.capabilities.effective.includes('CAP_SYS_ADMIN'));
  });

  it('refuses an empty command, a relative -w and a bad -e with a usage error', () => {
    for (const options of [{ command: [] }, { command: ['ls'], workdir: 'tmp' }, { command: ['ls'], env: ['=x'] }]) {
      assert.throws(() => execProcess({ base, options }), (e: unknown) => isOrcError(e) && e.code === 'ORC_USAGE');
    }
  });
});
