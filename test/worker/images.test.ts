/**
 * The image store: references, archives (docker-save legacy and ≥ 25, OCI),
 * blob verification, layer unpacking by ChainID, save/load, remove/prune.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { OrcError } from '../../common/errors.js';
import { ImageStore, chainIds, familiarName, mountOverlay, normaliseTag, parseReference, unmountOverlay } from '../../worker/images/index.js';
import { busyboxLayer, image, layer, legacyArchive, ociArchive, sha, withTempRoot } from './helpers/image.js';

function code(c: string): (e: unknown) => boolean {
  return (e: unknown) => e instanceof OrcError && e.code === c;
}

function listAll(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('image references', () => {
  it('normalises Docker Hub names and keeps other registries', () => {
    assert.equal(normaliseTag('busybox'), 'docker.io/library/busybox:latest');
    assert.equal(normaliseTag('org/app:1.2'), 'docker.io/org/app:1.2');
    assert.equal(normaliseTag('index.docker.io/library/redis'), 'docker.io/library/redis:latest');
    assert.equal(normaliseTag('localhost:5000/x'), 'localhost:5000/x:latest');
    assert.equal(normaliseTag('ghcr.io/a/b:v1'), 'ghcr.io/a/b:v1');
    const d = `sha256:${'a'.repeat(64)}`;
    const r = parseReference(`busybox@${d}`);
    assert.equal(r.digest, d);
    assert.equal(r.tag, undefined);
    assert.equal(familiarName('docker.io/library/busybox:latest'), 'busybox:latest');
    assert.equal(familiarName('localhost:5000/x:latest'), 'localhost:5000/x:latest');
    for (const bad of ['Busybox', 'a:b:c', 'x@sha256:12', '', 'a//b']) assert.throws(() => parseReference(bad), code('ORC_INVALID_REFERENCE'), bad);
  });

  it('computes ChainIDs as sha256(parent + " " + diffID)', () => {
    const a = sha('a');
    const b = sha('b');
    assert.deepEqual(chainIds([a, b]), [a, sha(`${a} ${b}`)]);
  });
});

describe('image store', () => {
  it('loads a legacy docker-save busybox archive, lists, inspects and runs its rootfs', async () => {
    await withTempRoot(async (dir) => {
      const store = await ImageStore.open(join(dir, 'root'));
      const img = image([busyboxLayer()], ['busybox:latest'], {
        Env: ['PATH=/bin'],
        Cmd: ['sh'],
        WorkingDir: '/tmp',
        User: '1000:1000',
        ExposedPorts: { '80/tcp': {} },
        Volumes: { '/data': {} },
        Healthcheck: { Test: ['CMD', 'true'], Interval: 5e9, Retries: 3 },
        StopSignal: 'SIGQUIT',
        Labels: { a: 'b' },
      });
      const archive = join(dir, 'busybox.tar');
      writeFileSync(archive, legacyArchive([img]));
      const res = await store.loadArchive(archive);
      assert.equal(res.images.length, 1);
      assert.equal(res.images[0]?.id, img.configDigest);
      assert.deepEqual(res.images[0]?.repoTags, ['busybox:latest']);

      const list = await store.list();
      assert.equal(list.length, 1);
      assert.deepEqual(list[0]?.repoTags, ['busybox:latest']);
      const info = await store.inspect('docker.io/library/busybox');
      assert.equal(info.id, img.configDigest);
      assert.equal((await store.inspect(img.configDigest.slice(7, 19))).digest, info.digest, 'short image ID');
      assert.equal((await store.inspect(`busybox@${info.digest}`)).id, img.configDigest, 'digest reference');
      const c = await store.config('busybox');
      assert.deepEqual(c.env, ['PATH=/bin']);
      assert.deepEqual(c.cmd, ['sh']);
      assert.equal(c.entrypoint, null);
      assert.equal(c.workingDir, '/tmp');
      assert.equal(c.user, '1000:1000');
      assert.deepEqual(c.exposedPorts, ['80/tcp']);
      assert.deepEqual(c.volumes, ['/data']);
      assert.deepEqual(c.healthcheck, { test: ['CMD', 'true'], interval: 5e9, retries: 3 });
      assert.equal(c.stopSignal, 'SIGQUIT');
      assert.deepEqual(c.labels, { a: 'b' });

      // OCI layout on disk
      const images = join(dir, 'root', 'images');
      assert.ok(existsSync(join(images, 'oci-layout')));
      const idx = JSON.parse(readFileSync(join(images, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
      assert.equal(idx.manifests[0]?.digest, info.digest);
      for (const d of [info.digest, info.id, ...info.manifest.layers.map((l) => l.digest)]) {
        assert.equal(sha(readFileSync(join(images, 'blobs', 'sha256', d.slice(7)))), d);
      }

      const lowers = await store.lowerDirs('busybox');
      assert.equal(lowers.length, 1);
      const diff = lowers[0] as string;
      assert.equal(diff, join(dir, 'root', 'layers', info.chainIds[0]?.slice(7) ?? '', 'diff'));
      assert.equal(lstatSync(join(diff, 'bin', 'busybox')).mode & 0o7777, 0o755);
      assert.equal(readlinkSync(join(diff, 'bin', 'sh')), 'busybox');
      assert.equal(lstatSync(join(diff, 'tmp')).mode & 0o7777, 0o1777);
      assert.equal(lstatSync(join(diff, 'etc', 'passwd')).mtimeMs, 1700000000 * 1000);
      const out = execFileSync('chroot', [diff, '/bin/sh', '-c', 'echo hello from $(cat /etc/passwd | cut -d: -f1)'], { encoding: 'utf8' });
      assert.equal(out.trim(), 'hello from root');
      assert.deepEqual(listAll(join(dir, 'root', 'layers', 'tmp')), [], 'no temp dirs left');
    });
  });

  it('unpacks a shared base layer once for two images, and gzip and plain layers alike', async () => {
    await withTempRoot(async (dir) => {
      const store = await ImageStore.open(join(dir, 'root'));
      const base = busyboxLayer({ gzip: true });
      const a = image([base, layer([{ name: 'a.txt', data: 'A' }])], ['a:1']);
      const b = image([base, layer([{ name: 'b.txt', data: 'B' }], { gzip: true })], ['b:1']);
      await store.loadArchive(Readable.from([legacyArchive([a, b])]));
      const la = await store.lowerDirs('a:1');
      const lb = await store.lowerDirs('b:1');
      assert.equal(la[1], lb[1], 'same base directory');
      assert.notEqual(la[0], lb[0]);
      assert.equal(readFileSync(join(la[0] as string, 'a.txt'), 'utf8'), 'A');
      assert.equal(readFileSync(join(lb[0] as string, 'b.txt'), 'utf8'), 'B');
      const layerDirs = readdirSync(join(dir, 'root', 'layers')).filter((n) => n !== 'tmp');
      assert.equal(layerDirs.length, 3, 'base + two tops');
      const info = await store.inspect('b:1');
      assert.deepEqual(info.manifest.layers.map((l) => l.mediaType), ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'application/vnd.docker.image.rootfs.diff.tar.gzip']);
      assert.equal((await store.inspect('a:1')).manifest.layers[1]?.mediaType, 'application/vnd.docker.image.rootfs.diff.tar');
    });
  });

  it('two concurrent unpackers of one ChainID (two store handles) leave one intact copy', async () => {
    await withTempRoot(async (dir) => {
      const root = join(dir, 'root');
      const s1 = await ImageStore.open(root);
      await s1.loadArchive(Readable.from([legacyArchive([image([busyboxLayer({ gzip: true })], ['bb:1'])])]));
      const s2 = await ImageStore.open(root);
      const [l1, l2, l3] = await Promise.all([s1.lowerDirs('bb:1'), s2.lowerDirs('bb:1'), s1.lowerDirs('bb:1')]);
      assert.deepEqual(l1, l2);
      assert.deepEqual(l1, l3);
      assert.equal(sha(readFileSync(join(l1?.[0] as string, 'bin', 'busybox'))), sha(readFileSync('/bin/busybox')));
      assert.deepEqual(listAll(join(root, 'layers', 'tmp')), []);
    });
  });

  it('loads OCI archives and Docker ≥ 25 archives with their names', async () => {
    await withTempRoot(async (dir) => {
      const store = await ImageStore.open(join(dir, 'root'));
      const img = image([busyboxLayer({ gzip: true })], ['localhost:5000/bb:oci']);
      const r1 = await store.loadArchive(Readable.from([ociArchive([img])]));
      assert.deepEqual(r1.images[0]?.repoTags, ['localhost:5000/bb:oci']);
      const img2 = image([layer([{ name: 'x', data: 'x' }])], ['docker.io/library/d25:latest']);
      const r2 = await store.loadArchive(Readable.from([ociArchive([img2], { docker: true })]));
      assert.deepEqual(r2.images[0]?.repoTags, ['d25:latest']);
      assert.equal((await store.inspect('d25')).id, img2.configDigest);
      const untagged = image([layer([{ name: 'y', data: 'y' }])], []);
      await store.loadArchive(Readable.from([ociArchive([untagged])]));
      assert.equal((await store.list()).length, 3);
      assert.deepEqual((await store.inspect(untagged.configDigest)).repoTags, []);
    });
  });

  it('a digest mismatch is a typed error and leaves nothing behind', async () => {
    await withTempRoot(async (dir) => {
      const root = join(dir, 'root');
      const store = await ImageStore.open(root);
      const l = layer([{ name: 'f', data: 'content' }]);
      // config's diff_ids disagree with the layer
      const lying = image([l], ['lie:1'], {}, [sha('something else')]);
      await assert.rejects(store.loadArchive(Readable.from([legacyArchive([lying])])), code('ORC_DIGEST_MISMATCH'));
      // a blob whose content does not match its name in an OCI archive
      const img = image([l], ['corrupt:1']);
      await assert.rejects(store.loadArchive(Readable.from([ociArchive([img], { corruptBlob: sha(l.blob) })])), code('ORC_DIGEST_MISMATCH'));
      // a direct blob write with the wrong expected digest
      await assert.rejects(store.blobs.write(Readable.from([Buffer.from('abc')]), sha('abd')), code('ORC_DIGEST_MISMATCH'));
      assert.deepEqual(listAll(join(root, 'images', 'blobs', 'sha256')), []);
      assert.deepEqual(listAll(join(root, 'images', 'tmp')), []);
      assert.deepEqual(await store.list(), []);
      await assert.rejects(store.inspect('lie:1'), code('ORC_NOT_FOUND'));
      // unpack-time verification: a blob replaced on disk after load
      await store.loadArchive(Readable.from([legacyArchive([image([l], ['ok:1'])])]));
      const blobPath = join(root, 'images', 'blobs', 'sha256', sha(l.blob).slice(7));
      writeFileSync(blobPath, layer([{ name: 'f', data: 'tampered' }]).blob);
      await assert.rejects(store.unpack('ok:1'), code('ORC_DIGEST_MISMATCH'));
      assert.deepEqual(readdirSync(join(root, 'layers')), ['tmp']);
      assert.deepEqual(listAll(join(root, 'layers', 'tmp')), []);
    });
  });

  it('unpacks zstd layers from an OCI archive and a docker-save archive, DiffIDs verified', async () => {
    await withTempRoot(async (dir) => {
      const root = join(dir, 'root');
      const store = await ImageStore.open(root);
      const img = image([busyboxLayer({ zstd: true }), layer([{ name: 'etc/motd', data: 'zstd\n' }], { zstd: true })], ['zst:oci']);
      await store.loadArchive(Readable.from([ociArchive([img])]));
      const info = await store.inspect('zst:oci');
      assert.deepEqual(info.manifest.layers.map((l) => l.mediaType), ['application/vnd.oci.image.layer.v1.tar+zstd', 'application/vnd.oci.image.layer.v1.tar+zstd']);
      const [top, base] = await store.lowerDirs('zst:oci');
      assert.equal(readFileSync(join(top as string, 'etc', 'motd'), 'utf8'), 'zstd\n');
      assert.equal(sha(readFileSync(join(base as string, 'bin', 'busybox'))), sha(readFileSync('/bin/busybox')));
      // docker save: zstd told by its magic bytes, whatever the file is called
      const legacy = image([layer([{ name: 'only', data: 'legacy' }], { zstd: true })], ['zst:legacy']);
      await store.loadArchive(Readable.from([legacyArchive([legacy])]));
      assert.equal((await store.inspect('zst:legacy')).manifest.layers[0]?.mediaType, 'application/vnd.oci.image.layer.v1.tar+zstd');
      const [only] = await store.lowerDirs('zst:legacy');
      assert.equal(readFileSync(join(only as string, 'only'), 'utf8'), 'legacy');
      assert.deepEqual(listAll(join(root, 'layers', 'tmp')), []);
    });
  });

  it('a corrupt zstd layer is refused with ORC_INVALID_IMAGE and leaves nothing behind', async () => {
    await withTempRoot(async (dir) => {
      const root = join(dir, 'root');
      const store = await ImageStore.open(root);
      const good = layer([{ name: 'f', data: 'x'.repeat(100_000) }], { zstd: true });
      const broken = Buffer.from(good.blob);
      broken.fill(0x55, 8, 40); // magic intact, frame garbage
      const bad = { ...good, blob: broken };
      for (const archive of [ociArchive([image([bad], ['bad:oci'])]), legacyArchive([image([bad], ['bad:legacy'])])]) {
        await assert.rejects(store.loadArchive(Readable.from([archive])), (e: unknown) => {
          assert.ok(e instanceof OrcError && e.code === 'ORC_INVALID_IMAGE', String(e));
          assert.match(e.message, /zstd/);
          return true;
        });
      }
      assert.deepEqual(await store.list(), []);
      assert.deepEqual(listAll(join(root, 'images', 'blobs', 'sha256')), []);
      assert.deepEqual(listAll(join(root, 'images', 'tmp')), []);
      // unpack-time: a stored zstd blob that went bad on disk
      await store.loadArchive(Readable.from([ociArchive([image([good], ['good:1'])])]));
      writeFileSync(join(root, 'images', 'blobs', 'sha256', sha(good.blob).slice(7)), broken);
      await assert.rejects(store.unpack('good:1'), code('ORC_INVALID_IMAGE'));
      assert.deepEqual(readdirSync(join(root, 'layers')), ['tmp']);
      assert.deepEqual(listAll(join(root, 'layers', 'tmp')), []);
    });
  });

  it('saveArchive → loadArchive round trip keeps every digest', async () => {
    await withTempRoot(async (dir) => {
      const s1 = await ImageStore.open(join(dir, 'one'));
      const base = busyboxLayer();
      await s1.loadArchive(Readable.from([legacyArchive([image([base], ['bb:1']), image([base, layer([{ name: 'z', data: 'z' }], { gzip: true })], ['top:2'])])]));
      const before = await s1.list();
      const out = join(dir, 'saved.tar');
      await s1.saveArchive(['bb:1', 'top:2'], out);
      const s2 = await ImageStore.open(join(dir, 'two'));
      await s2.loadArchive(out);
      const after = await s2.list();
      assert.deepEqual(after, before.map((i) => ({ ...i })));
      // the archive also reads back through tar(1) with the names docker load follows
      const names = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).split('\n');
      assert.ok(names.includes('manifest.json') && names.includes('index.json') && names.includes('oci-layout'));
    });
  });

  it('remove untags, then deletes blobs and layers no other image uses; prune removes dangling images', async () => {
    await withTempRoot(async (dir) => {
      const root = join(dir, 'root');
      const store = await ImageStore.open(root);
      const base = busyboxLayer();
      const a = image([base], ['a:1']);
      const b = image([base, layer([{ name: 'b', data: 'b' }])], ['b:1']);
      await store.loadArchive(Readable.from([legacyArchive([a, b])]));
      await store.tag('a:1', 'a:alias');
      await store.unpack('a:1');
      await store.unpack('b:1');
      await assert.rejects(store.remove(a.configDigest), code('ORC_CONFLICT'));
      const r1 = await store.remove('a:alias');
      assert.deepEqual(r1.untagged, ['a:alias']);
      assert.deepEqual(r1.deletedImages, []);
      const r2 = await store.remove('a:1');
      assert.equal(r2.deletedImages.length, 1);
      assert.equal(r2.deletedBlobs, 2, 'manifest and config; the shared base layer stays');
      assert.equal(r2.deletedLayers, 0);
      assert.equal((await store.lowerDirs('b:1')).length, 2);
      await assert.rejects(store.inspect('a:1'), code('ORC_NOT_FOUND'));
      // a re-load that moves b's tag leaves the old image dangling; prune removes it and its top layer
      const b2 = image([base, layer([{ name: 'b', data: 'b2' }])], ['b:1']);
      await store.loadArchive(Readable.from([legacyArchive([b2])]));
      assert.equal((await store.list()).length, 2);
      const p = await store.prune();
      assert.equal(p.deletedImages.length, 1);
      assert.equal(p.deletedLayers, 1);
      assert.equal((await store.list()).length, 1);
      await store.remove('b:1');
      assert.deepEqual(listAll(join(root, 'images', 'blobs', 'sha256')), []);
      assert.deepEqual(readdirSync(join(root, 'layers')), ['tmp']);
      const repos = JSON.parse(readFileSync(join(root, 'images', 'repositories.json'), 'utf8')) as { refs: object; images: object };
      assert.deepEqual(repos.refs, {});
      assert.deepEqual(repos.images, {});
    });
  });

  it('mounts a busybox rootfs with overlayfs and unmounts it', async () => {
    await withTempRoot(async (dir) => {
      const store = await ImageStore.open(join(dir, 'root'));
      await store.loadArchive(Readable.from([legacyArchive([image([busyboxLayer(), layer([{ name: 'etc/motd', data: 'hi\n' }])], ['bb:1'])])]));
      const spec = await store.rootfsSpec('bb:1', join(dir, 'c1'));
      assert.equal(spec.lowerDirs.length, 2);
      await mountOverlay(spec);
      try {
        const out = execFileSync('chroot', [spec.target, '/bin/sh', '-c', 'cat /etc/motd; echo new > /tmp/f'], { encoding: 'utf8' });
        assert.equal(out, 'hi\n');
        assert.equal(readFileSync(join(spec.upperDir, 'tmp', 'f'), 'utf8'), 'new\n', 'writes land in the upper dir');
      } finally {
        await unmountOverlay(spec.target);
      }
      assert.deepEqual(readdirSync(spec.target), []);
    });
  });
});
