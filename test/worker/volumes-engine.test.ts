// The engine's use of volumes on a real kernel: busybox containers under
// orc-shim and orc-runtime mounting named and anonymous volumes (copy-up
// from the image), image VOLUMEs, driver options, secrets and configs as
// read-only files, --volumes-from, `rm -v` and `--rm`, and a failed create
// that leaves nothing. Every test removes its roots even when it fails; the
// last suite checks that no mount, shim or cgroup of this run is left.
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Engine } from '../../worker/engine/index.js';
import { ANONYMOUS_LABEL } from '../../worker/volumes/index.js';
import { mountLines } from '../helpers/host.js';
import { engineRoots, logText, rejectsCode, sh, skip } from './helpers/engine.js';
import { fullBusyboxEntries, image, layer, legacyArchive } from './helpers/image.js';

const IMAGE = 'volume-test/busybox:1';

let archive: Buffer | undefined;
function testArchive(): Buffer {
  archive ??= legacyArchive([image([layer(fullBusyboxEntries({
    passwd: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
    group: 'root:x:0:\napp:x:1000:\n',
    extra: [
      { name: 'data', type: 'dir', mode: 0o750, uid: 1000, gid: 1000 },
      { name: 'data/hello', data: 'hello from the image\n', mode: 0o640, uid: 1000, gid: 1000 },
      { name: 'data/sub', type: 'dir' },
      { name: 'data/sub/deep', data: 'deep\n' },
      { name: 'data/link', type: 'symlink', linkname: 'hello' },
      { name: 'vol', type: 'dir' },
      { name: 'vol/seed', data: 'seeded\n' },
    ],
  }))], [IMAGE], { Env: ['PATH=/bin'], Cmd: ['sh'], Volumes: { '/vol': {} } })]);
  return archive;
}

const { openEngine, leftovers, withEngine } = engineRoots('orc-vol-test', testArchive);


async function runToEnd(engine: Engine, opts: Parameters<Engine['run']>[1]): Promise<{ id: string; code: number; out: string }> {
  const id = await engine.run(IMAGE, opts);
  const code = await engine.wait(id);
  return { id, code, out: await logText(engine, id) };
}

const mountedAt = (p: string): boolean => mountLines((l) => l.split(' ')[1] === p).length > 0;

describe('engine: volumes', { skip }, () => {
  it('a named volume gets the image\'s /data on first use (owners, modes, links), keeps what containers write, and is in use until they are removed', () => withEngine(async ({ engine }) => {
    const first = await runToEnd(engine, { volumes: ['appdata:/data'], ...sh('cat /data/hello /data/sub/deep; echo written > /data/new') });
    assert.equal(first.code, 0, first.out);
    assert.equal(first.out, 'hello from the image\ndeep\n');
    const path = engine.volumes.inspect('appdata').Mountpoint;
    const hello = statSync(join(path, 'hello'));
    assert.deepEqual([hello.uid, hello.gid, hello.mode & 0o777], [1000, 1000, 0o640]);
    assert.deepEqual([statSync(path).uid, statSync(path).mode & 0o777], [1000, 0o750]);
    assert.equal(readlinkSync(join(path, 'link')), 'hello');
    assert.deepEqual(engine.inspect(first.id).Mounts.filter((m) => m.Destination === '/data'), [{ Type: 'volume', Name: 'appdata', Source: path, Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' }]);
    // emptied: a later container does not copy the image's files in again
    rmSync(join(path, 'hello'));
    rmSync(join(path, 'sub'), { recursive: true });
    rmSync(join(path, 'link'));
    const second = await runToEnd(engine, { volumes: ['appdata:/data:ro'], ...sh('ls /data; (echo x > /data/other) 2>/dev/null || echo refused') });
    assert.equal(second.out, 'new\nrefused\n');
    assert.deepEqual(engine.volumes.users('appdata').sort(), [first.id, second.id].sort());
    await rejectsCode(engine.volumes.remove('appdata'), 'ORC_CONFLICT', /volume is in use/);
    await engine.remove(first.id);
    await engine.remove(second.id, { volumes: true });
    assert.deepEqual(engine.volumes.users('appdata'), [], 'named volumes stay after rm -v');
    await engine.volumes.remove('appdata');
  }));

  it('an image VOLUME and -v /path are anonymous volumes (copied up); rm keeps them, rm -v and --rm remove them', () => withEngine(async ({ engine }) => {
    const a = await runToEnd(engine, { volumes: ['/data'], ...sh('cat /vol/seed; ls /data') });
    assert.equal(a.out, 'seeded\nhello\nlink\nsub\n');
    const mounts = engine.inspect(a.id).Mounts;
    assert.deepEqual(mounts.map((m) => m.Destination).sort(), ['/data', '/vol']);
    for (const m of mounts) assert.deepEqual(engine.volumes.inspect(m.Name ?? '').Labels, { [ANONYMOUS_LABEL]: '' });
    await engine.remove(a.id);
    const kept = engine.volumes.list().map((v) => v.Name).sort();
    assert.deepEqual(kept, mounts.map((m) => m.Name).sort(), 'rm without -v keeps them');
    const b = await runToEnd(engine, sh('true'));
    const bVol = engine.inspect(b.id).Mounts[0]?.Name ?? '';
    await engine.remove(b.id, { volumes: true });
    assert.throws(() => engine.volumes.inspect(bVol), /no such volume/);
    const c = await engine.run(IMAGE, { ...sh('true'), autoRemove: true });
    const cVol = engine.inspect(c).Mounts[0]?.Name ?? '';
    assert.equal(await engine.wait(c), 0);
    for (let i = 0; i < 100 && engine.list({ all: true }).some((x) => x.Id === c); i++) await new Promise((r) => setTimeout(r, 20));
    assert.throws(() => engine.volumes.inspect(cVol), /no such volume/, '--rm removes the anonymous volume');
    assert.deepEqual((await engine.volumes.prune()).deleted.sort(), kept);
  }));

  it('nocopy leaves the volume empty; a tmpfs volume is mounted while its container exists', () => withEngine(async ({ engine }) => {
    const empty = await runToEnd(engine, { volumes: ['bare:/data:nocopy'], ...sh('ls -A /data | wc -l') });
    assert.equal(empty.out.trim(), '0');
    await engine.volumes.create({ name: 'scratch', driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=4m' } });
    const mp = engine.volumes.inspect('scratch').Mountpoint;
    const id = await engine.create(IMAGE, { mounts: ['type=volume,source=scratch,target=/data'], ...sh('df -k /data | tail -1; cat /data/hello') });
    assert.ok(mountedAt(mp), 'mounted from create');
    await engine.start(id);
    assert.equal(await engine.wait(id), 0);
    assert.match(await logText(engine, id), /^tmpfs\s+4096 .*\nhello from the image\n$/);
    await engine.remove(id);
    assert.equal(mountedAt(mp), false, 'unmounted at remove');
  }));

  it('a missing -v host directory is created; a missing --mount bind source is refused', () => withEngine(async ({ engine, root }) => {
    const host = join(root, 'made', 'here');
    const r = await runToEnd(engine, { volumes: [`${host}:/h`], ...sh('echo hi > /h/f') });
    assert.equal(r.code, 0, r.out);
    assert.equal(readFileSync(join(host, 'f'), 'utf8'), 'hi\n');
    await rejectsCode(engine.create(IMAGE, { mounts: [`type=bind,source=${join(root, 'nope')},target=/n`], command: ['true'] }), 'ORC_NOT_FOUND', /bind source path does not exist/);
  }));

  it('secrets and configs are read-only files with their owner and mode in a running container', () => withEngine(async ({ engine, root }) => {
    const id = await engine.run(IMAGE, {
      files: [
        { name: 'db_password', target: '/run/secrets/db_password', content: Buffer.from('s3cret'), uid: 0, gid: 0, mode: 0o444 },
        { name: 'app_conf', target: '/etc/app/app.conf', content: Buffer.from('port=80\n'), uid: 1000, gid: 1000, mode: 0o440 },
      ],
      user: 'app',
      ...sh('cat /run/secrets/db_password; echo; stat -c "%a %u %g" /run/secrets/db_password /etc/app/app.conf; cat /etc/app/app.conf; (echo x > /etc/app/app.conf) 2>/dev/null || echo refused; grep " /etc/app/app.conf " /proc/self/mounts | grep -c "ro,"'),
    });
    assert.equal(await engine.wait(id), 0);
    assert.equal(await logText(engine, id), 's3cret\n444 0 0\n440 1000 1000\nport=80\nrefused\n1\n');
    const state = readFileSync(join(root, 'containers', id, 'state.json'), 'utf8');
    assert.equal(state.includes('s3cret') || state.includes('"content"'), false, 'no file content in the record');
    await engine.remove(id);
    assert.equal(existsSync(join(root, 'containers', id)), false);
  }));

  it('--volumes-from copies the volumes and binds of another container, :ro making them read-only', () => withEngine(async ({ engine, root }) => {
    const host = mkdtempSync(join(tmpdir(), 'orc-vol-test-bind-'));
    try {
      writeFileSync(join(host, 'h'), 'from the host\n');
      const src = await engine.create(IMAGE, { name: 'source', volumes: ['shared:/shared', `${host}:/h`], command: ['true'] });
      const rw = await runToEnd(engine, { volumesFrom: ['source'], ...sh('echo shared > /shared/s; cat /h/h; cat /vol/seed') });
      assert.equal(rw.code, 0, rw.out);
      assert.equal(rw.out, 'from the host\nseeded\n');
      assert.deepEqual(engine.inspect(rw.id).Mounts.map((m) => m.Destination).sort(), ['/h', '/shared', '/vol']);
      const ro = await runToEnd(engine, { volumesFrom: [`${src.slice(0, 12)}:ro`], ...sh('cat /shared/s; (echo x > /shared/s) 2>/dev/null || echo refused; (echo y > /h/y) 2>/dev/null || echo refused') });
      assert.equal(ro.out, 'shared\nrefused\nrefused\n');
      assert.deepEqual(engine.volumes.users('shared').length, 3);
      await rejectsCode(engine.create(IMAGE, { volumesFrom: ['nobody'], command: ['true'] }), 'ORC_NOT_FOUND');
      await rejectsCode(engine.create(IMAGE, { volumesFrom: ['source:rx'], command: ['true'] }), 'ORC_USAGE');
      for (const id of [ro.id, rw.id, src]) await engine.remove(id, { volumes: true });
      assert.deepEqual(engine.volumes.list().map((v) => v.Name), ['shared']);
      assert.equal(existsSync(join(root, 'volumes', 'shared')), true);
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  }));

  it('a failed create releases every volume it acquired, removes its anonymous ones and leaves no file or mount', () => withEngine(async ({ engine, root }) => {
    await engine.volumes.create({ name: 'fast', driverOpts: { type: 'tmpfs', o: 'size=1m' } });
    const mp = engine.volumes.inspect('fast').Mountpoint;
    await rejectsCode(engine.create(IMAGE, {
      volumes: ['fast:/data', '/anon'],
      mounts: ['type=bind,source=/tmp,target=/data'],
      files: [{ name: 's', target: '/run/secrets/s', content: Buffer.from('x'), uid: 0, gid: 0, mode: 0o444 }],
      command: ['true'],
    }), 'ORC_USAGE', /duplicate mount point/);
    assert.deepEqual(engine.volumes.list().map((v) => [v.Name, engine.volumes.users(v.Name)]), [['fast', []]]);
    assert.equal(mountedAt(mp), false);
    assert.deepEqual(readdirSync(join(root, 'containers')), []);
    assert.deepEqual(engine.list({ all: true }), []);
    assert.equal(lstatSync(join(root, 'volumes')).isDirectory(), true);
  }));

  it('users survive an engine restart; a reopened engine releases them at remove', () => withEngine(async ({ engine, root }) => {
    const id = await engine.create(IMAGE, { volumes: ['persist:/p'], command: ['true'] });
    engine.close();
    const again = await openEngine(root);
    try {
      assert.deepEqual(again.volumes.users('persist'), [id]);
      await again.remove(id);
      assert.deepEqual(again.volumes.users('persist'), []);
    } finally {
      again.close();
    }
  }));
});

leftovers('engine volumes: leftovers');
