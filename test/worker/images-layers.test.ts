/**
 * Layer unpacking for overlayfs: whiteouts and opaque directories become
 * overlay markers that a real mount honours, and hostile layers are refused
 * without writing anything outside the store.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { OrcError } from '../../common/errors.js';
import { ImageStore, mountOverlay, unmountOverlay } from '../../worker/images/index.js';
import { image, layer, legacyArchive, withTempRoot } from './helpers/image.js';
import type { TarSpec } from './helpers/tar.js';

describe('layer unpacking', () => {
  it('whiteouts become 0/0 char devices, opaque dirs get trusted.overlay.opaque, and a real overlay hides both', async () => {
    await withTempRoot(async (dir) => {
      const store = await ImageStore.open(join(dir, 'root'));
      const base = layer([
        { name: 'etc', type: 'dir' },
        { name: 'etc/keep', data: 'keep' },
        { name: 'etc/gone', data: 'gone' },
        { name: 'opq', type: 'dir' },
        { name: 'opq/old1', data: '1' },
        { name: 'opq/old2', data: '2' },
      ]);
      const top = layer(
        [
          { name: 'etc/.wh.gone', data: '' },
          { name: 'opq/.wh..wh..opq', data: '' },
          { name: 'opq/new', data: 'new' },
        ],
        { gzip: true },
      );
      await store.loadArchive(Readable.from([legacyArchive([image([base, top], ['wh:1'])])]));
      const lowers = await store.lowerDirs('wh:1');
      const topDir = lowers[0] as string;
      const wh = lstatSync(join(topDir, 'etc', 'gone'));
      assert.ok(wh.isCharacterDevice());
      assert.equal(wh.rdev, 0);
      assert.ok(!existsSync(join(topDir, 'etc', '.wh.gone')));
      const attr = execFileSync('getfattr', ['--absolute-names', '--only-values', '-n', 'trusted.overlay.opaque', join(topDir, 'opq')], { encoding: 'utf8' });
      assert.equal(attr, 'y');

      const spec = await store.rootfsSpec('wh:1', join(dir, 'ctr'));
      await mountOverlay(spec);
      try {
        assert.deepEqual(readdirSync(join(spec.target, 'etc')).sort(), ['keep']);
        assert.deepEqual(readdirSync(join(spec.target, 'opq')).sort(), ['new']);
        assert.equal(readFileSync(join(spec.target, 'etc', 'keep'), 'utf8'), 'keep');
      } finally {
        await unmountOverlay(spec.target);
      }
    });
  });

  it('keeps hard links within a layer, uid/gid and long (PAX) names', async () => {
    await withTempRoot(async (dir) => {
      const store = await ImageStore.open(join(dir, 'root'));
      const long = `d/${'x'.repeat(150)}`;
      const l = layer([
        { name: 'd', type: 'dir' },
        { name: 'd/a', data: 'same', uid: 123, gid: 456, mode: 0o4755 },
        { name: 'd/b', type: 'link', linkname: 'd/a' },
        { name: long, data: 'long' },
      ]);
      await store.loadArchive(Readable.from([legacyArchive([image([l], ['hl:1'])])]));
      const [diff] = await store.lowerDirs('hl:1');
      const a = lstatSync(join(diff as string, 'd', 'a'));
      const b = lstatSync(join(diff as string, 'd', 'b'));
      assert.equal(a.ino, b.ino);
      assert.equal(a.uid, 123);
      assert.equal(a.gid, 456);
      assert.equal(a.mode & 0o7777, 0o4755, 'setuid survives chown');
      assert.equal(readFileSync(join(diff as string, long), 'utf8'), 'long');
    });
  });

  const hostile: Array<{ what: string; entries: TarSpec[] }> = [
    { what: 'a ".." path', entries: [{ name: '../../etc/x', data: 'pwned' }] },
    { what: 'an absolute path', entries: [{ name: '/abs', data: 'pwned' }] },
    { what: 'a write through a symlink', entries: [{ name: 'evil', type: 'symlink', linkname: '/' }, { name: 'evil/etc/x', data: 'pwned' }] },
    { what: 'a write through a relative symlink', entries: [{ name: 'up', type: 'symlink', linkname: '../../../../..' }, { name: 'up/x', data: 'pwned' }] },
    { what: 'a hard link to /etc/shadow', entries: [{ name: 'shadow', type: 'link', linkname: '/etc/shadow' }] },
    { what: 'a hard link outside the layer', entries: [{ name: 'shadow', type: 'link', linkname: '../../../../etc/shadow' }] },
    { what: 'a hard link to a file not in the layer', entries: [{ name: 'shadow', type: 'link', linkname: 'etc/shadow' }] },
    { what: 'a block device', entries: [{ name: 'sda', type: 'block', devmajor: 8, devminor: 0 }] },
    { what: 'a char device', entries: [{ name: 'mem', type: 'char', devmajor: 1, devminor: 1 }] },
    { what: 'a fifo', entries: [{ name: 'pipe', type: 'fifo' }] },
  ];

  for (const h of hostile) {
    it(`refuses ${h.what} with ORC_UNSAFE_LAYER and writes nothing outside the store`, async () => {
      await withTempRoot(async (dir) => {
        const root = join(dir, 'root');
        mkdirSync(join(dir, 'etc'), { recursive: true });
        const store = await ImageStore.open(root);
        const l = layer(h.entries);
        await store.loadArchive(Readable.from([legacyArchive([image([l], ['evil:1'])])]));
        await assert.rejects(store.unpack('evil:1'), (e: unknown) => {
          assert.ok(e instanceof OrcError, String(e));
          assert.equal(e.code, 'ORC_UNSAFE_LAYER', e.message);
          assert.ok(e.message.includes(h.entries[h.entries.length - 1]?.name ?? '?'), e.message);
          return true;
        });
        assert.deepEqual(readdirSync(dir).sort(), ['etc', 'root']);
        assert.deepEqual(readdirSync(join(dir, 'etc')), []);
        assert.ok(!existsSync('/abs') && !existsSync('/etc/x') && !existsSync('/x'));
        assert.deepEqual(readdirSync(join(root, 'layers')), ['tmp'], 'no layer was committed');
        assert.deepEqual(readdirSync(join(root, 'layers', 'tmp')), [], 'the temp dir was removed');
      });
    });
  }
});
