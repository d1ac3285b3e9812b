// The Volumes store on a real kernel: Docker's layout and documents,
// create/list/inspect/remove/prune, the local driver's tmpfs and bind
// options (mounted while in use, unmounted after), users kept across a
// reopen, copy-up, and container files. Needs root (mount, chown).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, chownSync, chmodSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ANONYMOUS_LABEL, Volumes, configFile, parseVolumeFilters, secretFile, writeContainerFiles } from '../../worker/volumes/index.js';
import { mountLines } from '../helpers/host.js';
import { rejectsCode } from './helpers/engine.js';
import { unmountUnder } from './helpers/image.js';

const skip = process.getuid?.() !== 0 ? 'needs root (mount, chown)' : false;
const prefix = `orc-vol-store-${process.pid}-`;
const roots: string[] = [];
const C1 = 'a'.repeat(64);
const C2 = 'b'.repeat(64);

function newRoot(): string {
  const r = mkdtempSync(join(tmpdir(), prefix));
  roots.push(r);
  return r;
}

async function withRoot(fn: (root: string, v: Volumes) => Promise<void>): Promise<void> {
  const root = newRoot();
  try {
    await fn(root, await Volumes.open({ dataRoot: root }));
  } finally {
    unmountUnder(root);
    rmSync(root, { recursive: true, force: true });
  }
}

const mountedAt = (p: string): boolean => mountLines((l) => l.split(' ')[1] === p).length > 0;

describe('volumes: create, inspect, list, remove, prune', { skip }, () => {
  after(() => {
    for (const r of roots) {
      unmountUnder(r);
      rmSync(r, { recursive: true, force: true });
    }
  });

  it('create gives Docker\'s document in Docker\'s layout; the same name again returns it; another driver conflicts', () => withRoot(async (root, v) => {
    const doc = await v.create({ name: 'data', labels: { a: '1' } });
    assert.equal(doc.Name, 'data');
    assert.equal(doc.Driver, 'local');
    assert.equal(doc.Scope, 'local');
    assert.equal(doc.Mountpoint, join(root, 'volumes', 'data', '_data'));
    assert.deepEqual(doc.Labels, { a: '1' });
    assert.equal(doc.Options, null);
    assert.match(doc.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(statSync(doc.Mountpoint).isDirectory());
    assert.ok(existsSync(join(root, 'volumes', 'data', 'volume.json')));
    assert.deepEqual(await v.create({ name: 'data', labels: { other: 'x' } }), doc);
    await rejectsCode(v.create({ name: 'data', driver: 'nfs' }), 'ORC_CONFLICT', /volume name must be unique/);
    await rejectsCode(v.create({ name: 'other', driver: 'nfs' }), 'ORC_NOT_FOUND', /plugin "nfs" not found/);
    await rejectsCode(v.create({ name: 'a/b' }), 'ORC_USAGE', /invalid characters/);
    await rejectsCode(v.create({ name: 'x' }), 'ORC_USAGE');
    await rejectsCode(v.create({ name: 'opts', driverOpts: { bogus: '1' } }), 'ORC_USAGE', /invalid option key/);
    await rejectsCode(v.create({ name: 'opts', driverOpts: { type: 'ext4' } }), 'ORC_USAGE', /missing required option: "device"/);
    const anon = await v.create();
    assert.match(anon.Name, /^[0-9a-f]{64}$/);
    assert.deepEqual(anon.Labels, { [ANONYMOUS_LABEL]: '' });
    assert.deepEqual(v.inspect('data'), doc);
    await rejectsCode(() => v.inspect('nope'), 'ORC_NOT_FOUND', /no such volume: nope/);
  }));

  it('list filters by dangling, name, label and driver; bad filters are usage errors', () => withRoot(async (_root, v) => {
    await v.create({ name: 'web_data', labels: { app: 'web', tier: 'front' } });
    await v.create({ name: 'db_data', labels: { app: 'db' } });
    await v.acquire('db_data', C1);
    const names = (f: string[]): string[] => v.list({ filters: parseVolumeFilters(f) }).map((d) => d.Name);
    assert.deepEqual(names([]), ['db_data', 'web_data']);
    assert.deepEqual(names(['dangling=true']), ['web_data']);
    assert.deepEqual(names(['dangling=false']), ['db_data']);
    assert.deepEqual(names(['name=web']), ['web_data']);
    assert.deepEqual(names(['label=app']), ['db_data', 'web_data']);
    assert.deepEqual(names(['label=app=web']), ['web_data']);
    assert.deepEqual(names(['label=app=web', 'label=tier=back']), []);
    assert.deepEqual(names(['driver=local', 'name=_data']), ['db_data', 'web_data']);
    assert.throws(() => parseVolumeFilters(['colour=red']), /invalid filter 'colour'/);
    assert.throws(() => parseVolumeFilters(['dangling=maybe']), /dangling/);
    await v.release('db_data', C1);
  }));

  it('remove refuses a volume in use (naming its containers), removes an unused one, -f ignores a missing one', () => withRoot(async (root, v) => {
    await v.create({ name: 'shared' });
    const path = await v.acquire('shared', C1);
    assert.equal(path, join(root, 'volumes', 'shared', '_data'));
    await v.acquire('shared', C2);
    await v.acquire('shared', C2); // twice by one container: one user
    assert.deepEqual(v.users('shared'), [C1, C2]);
    await rejectsCode(v.remove('shared'), 'ORC_CONFLICT', new RegExp(`remove shared: volume is in use - \\[${C1}, ${C2}\\]`));
    await rejectsCode(v.remove('shared', { force: true }), 'ORC_CONFLICT');
    await v.release('shared', C1);
    await v.release('shared', C2);
    await v.remove('shared');
    assert.equal(existsSync(join(root, 'volumes', 'shared')), false);
    await rejectsCode(v.remove('shared'), 'ORC_NOT_FOUND');
    await v.remove('shared', { force: true });
    // acquire creates a missing volume
    await v.acquire('made', C1);
    assert.equal(v.inspect('made').Name, 'made');
    await v.release('made', C1);
  }));

  it('prune removes unused anonymous volumes, with all every unused one, and counts their bytes', () => withRoot(async (_root, v) => {
    const a = await v.create();
    const used = await v.create();
    await v.create({ name: 'named' });
    await v.acquire(used.Name, C1);
    writeFileSync(join(a.Mountpoint, 'f'), Buffer.alloc(3000));
    mkdirSync(join(a.Mountpoint, 'd'));
    writeFileSync(join(a.Mountpoint, 'd', 'g'), Buffer.alloc(1000));
    linkSync(join(a.Mountpoint, 'f'), join(a.Mountpoint, 'd', 'hard'));
    const r = await v.prune();
    assert.deepEqual(r, { deleted: [a.Name], reclaimed: 4000 });
    const all = await v.prune({ all: true });
    assert.deepEqual(all.deleted, ['named']);
    assert.deepEqual(v.list().map((d) => d.Name), [used.Name]);
    await v.release(used.Name, C1);
  }));
});

describe('volumes: the local driver\'s options, users across a reopen', { skip }, () => {
  it('type=tmpfs is mounted on _data from the first user to the last release; remove unmounts', () => withRoot(async (_root, v) => {
    const doc = await v.create({ name: 'fast', driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=0750' } });
    assert.deepEqual(doc.Options, { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=0750' });
    assert.equal(mountedAt(doc.Mountpoint), false, 'not mounted before use');
    await v.acquire('fast', C1);
    const line = mountLines((l) => l.split(' ')[1] === doc.Mountpoint)[0] ?? '';
    assert.match(line, /^tmpfs \S+ tmpfs .*size=1024k/);
    assert.equal(statSync(doc.Mountpoint).mode & 0o7777, 0o750);
    await v.acquire('fast', C2);
    await v.release('fast', C1);
    assert.ok(mountedAt(doc.Mountpoint), 'still mounted for the second user');
    await v.release('fast', C2);
    assert.equal(mountedAt(doc.Mountpoint), false, 'unmounted after the last release');
    await v.acquire('fast', C1);
    await v.release('fast', C1);
    // without device (tmpfs needs none here)
    await v.create({ name: 'fast2', driverOpts: { type: 'tmpfs', o: 'size=2m' } });
    await v.acquire('fast2', C1);
    assert.ok(mountedAt(v.inspect('fast2').Mountpoint));
    await v.release('fast2', C1);
    await v.remove('fast');
    await v.remove('fast2');
  }));

  it('type=none,o=bind binds an existing host directory; a missing one is a clear error; remove never deletes the host files', () => withRoot(async (root, v) => {
    const host = join(root, 'host-dir');
    mkdirSync(host);
    writeFileSync(join(host, 'keep'), 'kept');
    await v.create({ name: 'bound', driverOpts: { type: 'none', o: 'bind', device: host } });
    const path = await v.acquire('bound', C1);
    assert.equal(readFileSync(join(path, 'keep'), 'utf8'), 'kept');
    writeFileSync(join(path, 'new'), 'through the volume');
    assert.equal(readFileSync(join(host, 'new'), 'utf8'), 'through the volume');
    await v.release('bound', C1);
    assert.equal(mountedAt(path), false);
    await v.remove('bound');
    assert.deepEqual(readdirSync(host).sort(), ['keep', 'new']);
    await v.create({ name: 'missing', driverOpts: { type: 'none', o: 'bind', device: join(root, 'nowhere') } });
    await rejectsCode(v.acquire('missing', C1), 'ORC_NOT_FOUND', /nowhere does not exist/);
    assert.deepEqual(v.users('missing'), [], 'a failed acquire records no user');
  }));

  it('users and the mount survive a reopen; a reopen after an unmount (reboot) mounts again; retainUsers drops the dead', () => withRoot(async (root, v) => {
    await v.create({ name: 'kept' });
    await v.create({ name: 'tmp', driverOpts: { type: 'tmpfs', o: 'size=1m' } });
    await v.acquire('kept', C1);
    await v.acquire('tmp', C2);
    const v2 = await Volumes.open({ dataRoot: root });
    assert.deepEqual(v2.users('kept'), [C1]);
    assert.deepEqual(v2.list({ filters: { dangling: false } }).map((d) => d.Name), ['kept', 'tmp']);
    await rejectsCode(v2.remove('kept'), 'ORC_CONFLICT');
    const tmpPath = v2.inspect('tmp').Mountpoint;
    execFileSync('umount', [tmpPath]);
    const v3 = await Volumes.open({ dataRoot: root });
    assert.ok(mountedAt(tmpPath), 'mounted again for its user');
    await v3.retainUsers(new Set([C1]));
    assert.deepEqual(v3.users('tmp'), []);
    assert.equal(mountedAt(tmpPath), false);
    await v3.release('kept', C1);
    assert.deepEqual((await Volumes.open({ dataRoot: root })).users('kept'), []);
  }));

  it('a folder without a record (a crashed create) is removed by open', () => withRoot(async (root) => {
    mkdirSync(join(root, 'volumes', 'half', '_data'), { recursive: true });
    const v = await Volumes.open({ dataRoot: root });
    assert.equal(existsSync(join(root, 'volumes', 'half')), false);
    assert.deepEqual(v.list(), []);
  }));
});

describe('volumes: copy-up', { skip }, () => {
  it('copies modes, owners, links, hard links, nested dirs and a fifo into an empty volume once; never after it was populated', () => withRoot(async (root, v) => {
    const src = join(root, 'image-data');
    mkdirSync(join(src, 'a', 'b'), { recursive: true });
    writeFileSync(join(src, 'a', 'b', 'deep'), 'deep');
    writeFileSync(join(src, 'owned'), 'x');
    chownSync(join(src, 'owned'), 1234, 5678);
    chmodSync(join(src, 'owned'), 0o640);
    symlinkSync('/etc/passwd', join(src, 'link'));
    linkSync(join(src, 'owned'), join(src, 'hard'));
    execFileSync('mkfifo', [join(src, 'fifo')]);
    chownSync(src, 1000, 1001);
    chmodSync(src, 0o710);
    const path = await v.acquire('vol', C1);
    assert.equal(await v.populate('vol', src), true);
    assert.equal(readFileSync(join(path, 'a', 'b', 'deep'), 'utf8'), 'deep');
    const owned = statSync(join(path, 'owned'));
    assert.deepEqual([owned.uid, owned.gid, owned.mode & 0o7777], [1234, 5678, 0o640]);
    assert.equal(readlinkSync(join(path, 'link')), '/etc/passwd');
    assert.equal(statSync(join(path, 'hard')).ino, owned.ino);
    assert.ok(lstatSync(join(path, 'fifo')).isFIFO());
    const top = statSync(path);
    assert.deepEqual([top.uid, top.gid, top.mode & 0o7777], [1000, 1001, 0o710]);
    // emptied later: never copied again
    for (const e of readdirSync(path)) rmSync(join(path, e), { recursive: true });
    assert.equal(await v.populate('vol', src), false);
    assert.deepEqual(readdirSync(path), []);
    // a volume with content at its first use is not copied into
    const other = await v.acquire('other', C1);
    writeFileSync(join(other, 'mine'), 'm');
    assert.equal(await v.populate('other', src), false);
    assert.deepEqual(readdirSync(other), ['mine']);
    await v.releaseAll(C1);
    assert.deepEqual(v.usedBy(C1), []);
  }));
});

describe('volumes: container files', { skip }, () => {
  it('writes each file with its uid, gid and mode and returns read-only binds', () => withRoot(async (root) => {
    const dir = join(root, 'files');
    const binds = await writeContainerFiles(dir, [
      { name: 'db_password', target: '/run/secrets/db_password', content: Buffer.from('s3cret'), uid: 0, gid: 0, mode: 0o444 },
      { name: 'app/conf', target: '/etc/app.conf', content: Buffer.from('k=v\n'), uid: 1000, gid: 2000, mode: 0o440 },
    ]);
    assert.deepEqual(binds.map((b) => [b.destination, b.readOnly]), [['/run/secrets/db_password', true], ['/etc/app.conf', true]]);
    const st = statSync(binds[1]!.source);
    assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1000, 2000, 0o440]);
    assert.equal(readFileSync(binds[0]!.source, 'utf8'), 's3cret');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temporary file left');
    await rejectsCode(writeContainerFiles(dir, [{ name: 'x', target: 'relative', content: Buffer.alloc(0), uid: 0, gid: 0, mode: 0o444 }]), 'ORC_USAGE');
  }));

  it('Compose secrets and configs: file, environment, content; default and relative targets; a missing file names the secret and path', () => withRoot(async (root) => {
    const file = join(root, 'pw.txt');
    writeFileSync(file, 'from-file');
    const secrets = { pw: { name: 'proj_pw', file }, token: { name: 'proj_token', environment: 'TOKEN' }, gone: { name: 'proj_gone', file: join(root, 'missing.txt') } };
    const configs = { conf: { name: 'proj_conf', content: 'inline' } };
    const env = { env: { TOKEN: 't0k' } };
    const pw = await secretFile(secrets, { source: 'pw' }, env);
    assert.deepEqual({ ...pw, content: pw.content.toString() }, { name: 'pw', target: '/run/secrets/pw', content: 'from-file', uid: 0, gid: 0, mode: 0o444 });
    const token = await secretFile(secrets, { source: 'token', target: 'api/token', uid: '1000', gid: '1000', mode: 0o400 }, env);
    assert.deepEqual([token.target, token.content.toString(), token.uid, token.gid, token.mode], ['/run/secrets/api/token', 't0k', 1000, 1000, 0o400]);
    const conf = await configFile(configs, { source: 'conf' }, env);
    assert.deepEqual([conf.target, conf.content.toString()], ['/conf', 'inline']);
    assert.equal((await configFile(configs, { source: 'conf', target: '/etc/c.conf' }, env)).target, '/etc/c.conf');
    await rejectsCode(secretFile(secrets, { source: 'gone' }, env), 'ORC_NOT_FOUND', /secret "gone".*missing\.txt/);
    await rejectsCode(secretFile(secrets, { source: 'token' }, { env: {} }), 'ORC_NOT_FOUND', /TOKEN/);
    await rejectsCode(secretFile(secrets, { source: 'nope' }, env), 'ORC_NOT_FOUND', /nope/);
    await rejectsCode(secretFile(secrets, { source: 'pw', uid: 'bob' }, env), 'ORC_INVALID_SPEC', /uid "bob"/);
  }));

  it('no mount of this file\'s roots is left', () => {
    assert.deepEqual(mountLines((l) => l.includes(prefix)), []);
  });
});
