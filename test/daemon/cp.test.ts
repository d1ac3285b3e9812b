// `orc cp` end to end through a real daemon: hostile symlinks in the
// container stay in the container, Docker's placement rules (trailing `/`,
// `SRC/.`), round trips of files and folders with their modes, `-a` keeping
// uid/gid, `-` tar streams, and running and stopped containers. Needs root.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fullBusyboxEntries, image, layer, legacyArchive } from '../worker/helpers/image.js';
import { daemonFixture, orcBytes, skipReason } from './helpers/daemon.js';

const skip = skipReason();
const PREFIX = `/tmp/orcc${process.pid}-`;
const cgroupParent = `/orc-cp-test-${process.pid}`;
const suffix = Math.random().toString(36).slice(2, 8);
const IMG = `cptest${suffix}/busybox:1`;
const MARK = `orc-cp-${suffix}`;

describe('orc cp through the daemon', { skip }, () => {
  const daemon = daemonFixture(PREFIX, cgroupParent);
  const orc = daemon.orc;
  let work = '';
  let running = '';
  let stopped = '';
  const rootfs = (id: string): string => join(daemon.root, 'containers', id, 'rootfs');

  before(async () => {
    const archive = legacyArchive([
      image(
        [layer(fullBusyboxEntries({ extra: [
          { name: 'x', type: 'symlink', linkname: '/etc' },
          { name: 'esc', type: 'symlink', linkname: '../../../../../etc' },
          { name: 'data', type: 'dir' },
          { name: 'data/in-image', data: 'from the image\n', mode: 0o640 },
        ] }))],
        [IMG],
        { Env: ['PATH=/bin'] },
      ),
    ]);
    await daemon.setUp({ archive, archiveName: 'in.tar' });
    work = join(daemon.root, 'work');
    mkdirSync(work);
    running = orc('run', '-d', IMG, 'sleep', '120').stdout.trim();
    assert.match(running, /^[0-9a-f]{64}$/);
    const s = orc('run', '-d', IMG, 'true').stdout.trim();
    assert.equal(orc('wait', s).stdout, '0\n');
    stopped = s;
  });

  after(() => daemon.tearDown());

  it('a symlink to /etc in the container is the container\'s /etc, in both directions', () => {
    const f = join(work, MARK);
    writeFileSync(f, 'in the container only\n');
    for (const dest of ['x/', 'esc/']) {
      const r = orc('cp', f, `${running}:/${dest}`);
      assert.equal(r.status, 0, r.stderr);
    }
    assert.equal(existsSync(join('/etc', MARK)), false, 'nothing was written to the host\'s /etc');
    assert.equal(readFileSync(join(rootfs(running), 'etc', MARK), 'utf8'), 'in the container only\n');
    assert.equal(orc('run', '--rm', IMG, 'true').status, 0);
    for (const src of ['/x/passwd', '/esc/passwd']) {
      const out = join(work, `passwd-${src.split('/')[1]}`);
      const r = orc('cp', `${running}:${src}`, out);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(out, 'utf8'), 'root:x:0:0:root:/root:/bin/sh\n', 'the container\'s passwd, not the host\'s');
    }
    // -L on a link named as the source copies what it points to inside the container
    const linked = join(work, 'etc-copy');
    assert.equal(orc('cp', '-L', `${running}:/x`, linked).status, 0);
    assert.ok(statSync(linked).isDirectory());
    assert.equal(readFileSync(join(linked, 'group'), 'utf8'), 'root:x:0:\n');
    const link = join(work, 'link-copy');
    assert.equal(orc('cp', `${running}:/x`, link).status, 0);
    assert.equal(readlinkSync(link), '/etc', 'without -L the link itself is copied');
  });

  it('folders round-trip with modes, by Docker\'s trailing-slash and /. rules', () => {
    const d = join(work, 'tree');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'script'), '#!/bin/sh\necho hi\n');
    chmodSync(join(d, 'script'), 0o755);
    writeFileSync(join(d, 'secret'), 's');
    chmodSync(join(d, 'secret'), 0o600);
    chmodSync(join(d, 'sub'), 0o700);
    writeFileSync(join(d, 'sub', 'deep'), 'deep\n');
    symlinkSync('script', join(d, 'rel-link'));
    // into an existing dir: /data/tree
    const into = orc("cp", d, `${running}:/data`);
    assert.equal(into.status, 0, into.stderr + (daemon.daemon?.output() ?? ''));
    const inC = join(rootfs(running), 'data', 'tree');
    assert.equal(statSync(join(inC, 'script')).mode & 0o7777, 0o755);
    assert.equal(statSync(join(inC, 'secret')).mode & 0o7777, 0o600);
    assert.equal(statSync(join(inC, 'sub')).mode & 0o7777, 0o700);
    assert.equal(readlinkSync(join(inC, 'rel-link')), 'script');
    assert.equal(orc('run', '--rm', IMG, 'true').status, 0);
    // /. : the contents into an existing dir
    assert.equal(orc('cp', `${d}/.`, `${running}:/data`).status, 0);
    assert.equal(readFileSync(join(rootfs(running), 'data', 'sub', 'deep'), 'utf8'), 'deep\n');
    // a missing destination is created with the folder's contents
    assert.equal(orc('cp', d, `${running}:/newdir`).status, 0);
    assert.equal(readFileSync(join(rootfs(running), 'newdir', 'sub', 'deep'), 'utf8'), 'deep\n');
    // and back out
    const back = join(work, 'back');
    const r = orc('cp', `${running}:/data/tree`, back);
    assert.equal(r.status, 0, r.stderr);
    for (const [p, mode] of [['script', 0o755], ['secret', 0o600], ['sub', 0o700]] as const) assert.equal(statSync(join(back, p)).mode & 0o7777, mode, p);
    assert.equal(readFileSync(join(back, 'sub', 'deep'), 'utf8'), 'deep\n');
    assert.ok(lstatSync(join(back, 'rel-link')).isSymbolicLink());
    // errors: a file to a missing dir/, a dir onto a file, a missing source
    const f = join(work, 'plain');
    writeFileSync(f, 'p');
    const noDir = orc('cp', f, `${running}:/nowhere/`);
    assert.equal(noDir.status, 1);
    assert.match(noDir.stderr, /does not exist/);
    const dirOnFile = orc('cp', d, `${running}:/etc/passwd`);
    assert.notEqual(dirOnFile.status, 0);
    assert.match(dirOnFile.stderr, /cannot copy a directory to a file/);
    const missing = orc('cp', `${running}:/no/such`, join(work, 'z'));
    assert.equal(missing.status, 1);
    // a file onto a file, and into a dir
    assert.equal(orc('cp', f, `${running}:/data/in-image`).status, 0);
    assert.equal(readFileSync(join(rootfs(running), 'data', 'in-image'), 'utf8'), 'p');
  });

  it('-a keeps uid/gid (else root owns what is copied in); - streams tar in and out; a stopped container works', () => {
    const f = join(work, 'owned');
    writeFileSync(f, 'o');
    chownSync(f, 1234, 5678);
    const pl = orc("cp", f, `${stopped}:/tmp/plain`);
    assert.equal(pl.status, 0, pl.stderr + (daemon.daemon?.output() ?? ''));
    assert.equal(orc('cp', '-a', f, `${stopped}:/tmp/kept`).status, 0);
    const plain = statSync(join(rootfs(stopped), 'tmp', 'plain'));
    const kept = statSync(join(rootfs(stopped), 'tmp', 'kept'));
    assert.deepEqual([plain.uid, plain.gid], [0, 0]);
    assert.deepEqual([kept.uid, kept.gid], [1234, 5678]);
    const out = orcBytes(daemon.socket, ['cp', `${stopped}:/data/in-image`, '-']);
    assert.equal(out.status, 0, out.stderr);
    const tarFile = join(work, 'out.tar');
    writeFileSync(tarFile, out.stdout);
    assert.equal(execFileSync('tar', ['-xOf', tarFile, 'in-image'], { encoding: 'utf8' }), 'from the image\n');
    const tin = execFileSync('tar', ['-c', '-C', work, 'owned'], {});
    const put = orcBytes(daemon.socket, ['cp', '-', `${stopped}:/data`], { input: tin });
    assert.equal(put.status, 0, put.stderr);
    assert.equal(readFileSync(join(rootfs(stopped), 'data', 'owned'), 'utf8'), 'o');
    assert.equal(orc('start', stopped).status, 0);
    assert.equal(orc('wait', stopped).stdout, '0\n');
  });
});
