/**
 * Pulling over the registry HTTP API v2 (distribution-spec `spec.md`) from a
 * real `docker-registry` on 127.0.0.1, with images pushed by skopeo in both
 * Docker schema2 and OCI media types, a multi-arch index, token and Basic
 * auth, a tampered blob and a blob redirect served by a test proxy.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OrcError } from '../../common/errors.js';
import { ImageStore, mountOverlay, unmountOverlay } from '../../worker/images/index.js';
import { allowsPlainHttp, login, logout, parseChallenges, pull, readCredentials, selectPlatform, type PullProgress } from '../../worker/registry/index.js';
import { busyboxLayer, layer, legacyArchive, image, sha, unmountUnder } from './helpers/image.js';
import { archImage, manifestInfo, putIndex, skopeoPush, startProxy, startRegistry, type RunningRegistry, type TestProxy } from './helpers/registry.js';

function code(c: string): (e: unknown) => boolean {
  return (e: unknown) => {
    if (!(e instanceof OrcError) || e.code !== c) throw e;
    return true;
  };
}

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

describe('registry pull', () => {
  let dir = '';
  let registry: RunningRegistry | undefined;
  let proxy: TestProxy | undefined;
  let host = '';
  let n = 0;
  const digests: Record<string, string> = {};

  /** A fresh store and credentials file for one test. */
  async function fresh(): Promise<{ store: ImageStore; configPath: string }> {
    const root = join(dir, `store-${n++}`);
    return { store: await ImageStore.open(root), configPath: join(root, 'orc-config.json') };
  }

  function blobGets(from: number): string[] {
    return (proxy?.log ?? []).slice(from).filter((r) => r.method === 'GET' && r.path.includes('/blobs/')).map((r) => r.path);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orc-reg-'));
    registry = await startRegistry(dir);
    proxy = await startProxy(registry.port);
    host = `127.0.0.1:${proxy.port}`;
    const direct = `127.0.0.1:${registry.port}`;
    const archive = (name: string, imgs: Parameters<typeof legacyArchive>[0]): string => {
      const f = join(dir, `${name}.tar`);
      writeFileSync(f, legacyArchive(imgs));
      return f;
    };
    const bb = archive('busybox', [image([busyboxLayer()], ['busybox:latest'], { Cmd: ['sh'] })]);
    const whiteout = archive('whiteout', [
      image(
        [
          busyboxLayer(),
          layer([{ name: 'data', type: 'dir' }, { name: 'data/a', data: 'a' }, { name: 'etc/motd', data: 'hi\n' }]),
          layer([{ name: 'data', type: 'dir' }, { name: 'data/.wh..wh..opq', data: '' }, { name: 'data/b', data: 'b' }, { name: 'etc/.wh.motd', data: '' }]),
        ],
        ['whiteout:latest'],
      ),
    ]);
    const marker = (arch: string) => layer([{ name: 'arch', data: `${arch}\n` }]);
    const amd = archive('amd', [archImage([busyboxLayer(), marker('amd64')], ['multi:amd64'], 'amd64')]);
    const arm = archive('arm', [archImage([marker('arm64')], ['multi:arm64'], 'arm64', 'v8')]);
    await Promise.all([
      skopeoPush(bb, `${direct}/busybox:latest`),
      skopeoPush(bb, `${direct}/busybox-oci:1`, { oci: true }),
      skopeoPush(whiteout, `${direct}/whiteout-zstd:1`, { zstd: true }),
      skopeoPush(whiteout, `${direct}/whiteout:latest`),
      skopeoPush(amd, `${direct}/multi:amd64`),
      skopeoPush(arm, `${direct}/multi:arm64`),
      skopeoPush(amd, `${direct}/multi-oci:amd64`, { oci: true }),
      skopeoPush(arm, `${direct}/multi-oci:arm64`, { oci: true }),
    ]);
    for (const [repo, type] of [['multi', DOCKER_LIST], ['multi-oci', OCI_INDEX]] as const) {
      const a = await manifestInfo(registry.url, repo, 'amd64');
      const b = await manifestInfo(registry.url, repo, 'arm64');
      digests[`${repo}:amd64`] = a.digest;
      digests[`${repo}:arm64`] = b.digest;
      digests[`${repo}:latest`] = await putIndex(registry.url, repo, 'latest', type, [
        { ...b, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { ...a, platform: { os: 'linux', architecture: 'amd64' } },
      ]);
    }
    for (const r of ['busybox:latest', 'busybox-oci:1', 'whiteout:latest', 'whiteout-zstd:1']) {
      const [repo, tag] = r.split(':') as [string, string];
      const info = await manifestInfo(registry.url, repo, tag);
      digests[r] = info.digest;
      digests[`${r}#type`] = info.mediaType;
    }
  });

  after(async () => {
    try {
      await proxy?.stop();
    } finally {
      try {
        await registry?.stop();
      } finally {
        if (dir !== '') {
          unmountUnder(dir);
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  });

  async function runs(store: ImageStore, ref: string, check: (rootfs: string) => void): Promise<void> {
    const spec = await store.rootfsSpec(ref, mkdtempSync(join(dir, 'ctr-')));
    await mountOverlay(spec);
    try {
      execFileSync('chroot', [spec.target, '/bin/busybox', 'true']);
      check(spec.target);
    } finally {
      await unmountOverlay(spec.target);
    }
  }

  it('pulls a Docker schema2 image, records it under its tag with the registry digest, and runs it; a second pull downloads no blob', async () => {
    const { store, configPath } = await fresh();
    const ref = `${host}/busybox:latest`;
    const events: PullProgress[] = [];
    const r = await pull(store, ref, { configPath, onProgress: (e) => events.push(e) });
    assert.equal(digests['busybox:latest#type'], 'application/vnd.docker.distribution.manifest.v2+json');
    assert.equal(r.digest, digests['busybox:latest']);
    assert.equal(r.downloaded, 1);
    const list = await store.list();
    assert.equal(list.length, 1);
    assert.deepEqual(list[0]?.repoTags, [ref]);
    assert.equal(list[0]?.digest, digests['busybox:latest']);
    assert.deepEqual((await store.config(ref)).cmd, ['sh']);
    assert.ok(events.some((e) => e.kind === 'resolved' && e.digest === r.digest));
    const done = events.filter((e) => e.kind === 'layer' && e.status === 'done');
    assert.equal(done.length, 1);
    assert.ok(done.every((e) => e.kind === 'layer' && e.current === e.total && e.total > 0));
    await runs(store, ref, (root) => assert.ok(existsSync(join(root, 'etc/passwd'))));

    const mark = proxy?.log.length ?? 0;
    const again = await pull(store, ref, { configPath });
    assert.equal(again.downloaded, 0);
    assert.equal(again.skipped, 1);
    assert.deepEqual(blobGets(mark), []);
  });

  it('pulls by digest (verified), recording the image without a tag', async () => {
    const { store, configPath } = await fresh();
    const d = digests['busybox:latest'] as string;
    const r = await pull(store, `${host}/busybox@${d}`, { configPath });
    assert.equal(r.digest, d);
    assert.deepEqual(r.repoTags, []);
    assert.equal((await store.inspect(`${host}/busybox@${d}`)).digest, d);
    // a digest the registry does not have
    await assert.rejects(pull(store, `${host}/busybox@sha256:${'0'.repeat(64)}`, { configPath }), code('ORC_NOT_FOUND'));
  });

  it('pulls an OCI image and applies whiteouts and opaque directories of a later layer', async () => {
    const { store, configPath } = await fresh();
    assert.equal(digests['busybox-oci:1#type'], 'application/vnd.oci.image.manifest.v1+json');
    const r = await pull(store, `${host}/busybox-oci:1`, { configPath });
    assert.equal(r.digest, digests['busybox-oci:1']);
    assert.equal((await store.inspect(`${host}/busybox-oci:1`)).manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    await runs(store, `${host}/busybox-oci:1`, () => undefined);

    const w = await pull(store, `${host}/whiteout:latest`, { configPath });
    assert.equal(w.downloaded + w.skipped, 3);
    await runs(store, `${host}/whiteout:latest`, (root) => {
      assert.equal(existsSync(join(root, 'etc/motd')), false);
      assert.deepEqual(readdirSync(join(root, 'data')), ['b']);
    });
  });

  it('pulls an OCI image whose layers are tar+zstd, verifies their DiffIDs and runs it', async () => {
    const { store, configPath } = await fresh();
    const ref = `${host}/whiteout-zstd:1`;
    const r = await pull(store, ref, { configPath });
    assert.equal(r.digest, digests['whiteout-zstd:1']);
    const info = await store.inspect(ref);
    assert.equal(info.manifest.layers.length, 3);
    assert.ok(info.manifest.layers.every((l) => l.mediaType === 'application/vnd.oci.image.layer.v1.tar+zstd'), JSON.stringify(info.manifest.layers));
    await runs(store, ref, (root) => {
      assert.equal(existsSync(join(root, 'etc/motd')), false);
      assert.deepEqual(readdirSync(join(root, 'data')), ['b']);
    });
  });

  it('resolves a manifest list and an OCI index to linux/amd64, or to opts.platform', async () => {
    for (const repo of ['multi', 'multi-oci']) {
      const { store, configPath } = await fresh();
      const r = await pull(store, `${host}/${repo}:latest`, { configPath });
      assert.equal(r.indexDigest, digests[`${repo}:latest`]);
      assert.equal(r.digest, digests[`${repo}:amd64`]);
      assert.equal((await store.inspect(`${host}/${repo}:latest`)).architecture, 'amd64');
      await runs(store, `${host}/${repo}:latest`, (root) => assert.equal(readFileSync(join(root, 'arch'), 'utf8'), 'amd64\n'));
      const arm = await pull(store, `${host}/${repo}:latest`, { configPath, platform: 'linux/arm64' });
      assert.equal(arm.digest, digests[`${repo}:arm64`]);
      assert.equal((await store.inspect(`${host}/${repo}:latest`)).architecture, 'arm64');
      await assert.rejects(pull(store, `${host}/${repo}:latest`, { configPath, platform: 'linux/s390x' }), code('ORC_NOT_FOUND'));
    }
    // by the index digest
    const { store, configPath } = await fresh();
    const r = await pull(store, `${host}/multi@${digests['multi:latest'] as string}`, { configPath });
    assert.equal(r.digest, digests['multi:amd64']);
  });

  it('an unknown tag is ORC_NOT_FOUND naming the reference', async () => {
    const { store, configPath } = await fresh();
    await assert.rejects(pull(store, `${host}/busybox:nope`, { configPath }), (e: unknown) => {
      assert.ok(e instanceof OrcError && e.code === 'ORC_NOT_FOUND', String(e));
      assert.match(e.message, /busybox:nope/);
      return true;
    });
    await assert.rejects(pull(store, `${host}/nothing-here:1`, { configPath }), code('ORC_NOT_FOUND'));
    assert.deepEqual(await store.list(), []);
  });

  it('token auth: ORC_UNAUTHORIZED without credentials or with wrong ones; login stores them and the pull succeeds; logout forgets them', async () => {
    const p = proxy as TestProxy;
    p.mode = { auth: 'bearer', user: 'alice', password: 's3cret' };
    try {
      const { store, configPath } = await fresh();
      await assert.rejects(pull(store, `${host}/busybox:latest`, { configPath }), code('ORC_UNAUTHORIZED'));
      await assert.rejects(login(host, 'alice', 'wrong', { configPath }), code('ORC_UNAUTHORIZED'));
      assert.equal(existsSync(configPath), false);
      await login(host, 'alice', 's3cret', { configPath });
      assert.deepEqual(await readCredentials(host, configPath), { username: 'alice', password: 's3cret' });
      const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as { auths: Record<string, { auth: string }> };
      assert.equal(cfg.auths[host]?.auth, Buffer.from('alice:s3cret').toString('base64'));
      assert.equal(statSync(configPath).mode & 0o777, 0o600);
      const mark = p.log.length;
      const r = await pull(store, `${host}/busybox:latest`, { configPath });
      assert.equal(r.digest, digests['busybox:latest']);
      const tokenCalls = p.log.slice(mark).filter((x) => x.path.startsWith('/token'));
      assert.equal(tokenCalls.length, 1);
      assert.match(tokenCalls[0]?.path ?? '', /scope=repository%3Abusybox%3Apull/);
      assert.equal(await logout(host, { configPath }), true);
      assert.equal(await readCredentials(host, configPath), undefined);
      await assert.rejects(pull(await ImageStore.open(join(dir, `store-${n++}`)), `${host}/busybox:latest`, { configPath }), code('ORC_UNAUTHORIZED'));
    } finally {
      p.mode = {};
    }
  });

  it('Basic auth challenge: pulls with stored credentials, ORC_UNAUTHORIZED without', async () => {
    const p = proxy as TestProxy;
    p.mode = { auth: 'basic', user: 'bob', password: 'pw' };
    try {
      const { store, configPath } = await fresh();
      await assert.rejects(pull(store, `${host}/busybox:latest`, { configPath }), code('ORC_UNAUTHORIZED'));
      await login(host, 'bob', 'pw', { configPath });
      assert.equal((await pull(store, `${host}/busybox:latest`, { configPath })).digest, digests['busybox:latest']);
    } finally {
      p.mode = {};
    }
  });

  it('a tampered layer fails with ORC_DIGEST_MISMATCH and leaves nothing in the store', async () => {
    const { store, configPath } = await fresh();
    const res = await fetch(`${registry?.url ?? ''}/v2/whiteout/manifests/latest`, { headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    const m = (await res.json()) as { layers?: Array<{ digest: string }> };
    assert.ok(res.ok && Array.isArray(m.layers), `the registry's manifest of whiteout:latest (${res.status}): ${JSON.stringify(m)}`);
    const p = proxy as TestProxy;
    p.mode = { tamper: m.layers[1]?.digest as string };
    try {
      await assert.rejects(pull(store, `${host}/whiteout:latest`, { configPath }), code('ORC_DIGEST_MISMATCH'));
    } finally {
      p.mode = {};
    }
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(readdirSync(store.blobs.dir), []);
    assert.deepEqual(readdirSync(store.blobs.tmpDir), []);
  });

  it('a registry that stops answering fails with ORC_REGISTRY after the timeout', async () => {
    const p = proxy as TestProxy;
    p.mode = { stall: true };
    try {
      const { store, configPath } = await fresh();
      const t0 = Date.now();
      await assert.rejects(pull(store, `${host}/busybox:latest`, { configPath, timeoutMs: 200 }), (e: unknown) => {
        assert.ok(e instanceof OrcError && e.code === 'ORC_REGISTRY', String(e));
        assert.match(e.message, new RegExp(host.replace(/\./g, '\\.')));
        return true;
      });
      assert.ok(Date.now() - t0 < 5000);
    } finally {
      p.mode = {};
    }
  });

  it('follows a blob redirect to another host:port without sending it the Authorization header', async () => {
    const p = proxy as TestProxy;
    p.mode = { auth: 'bearer', user: 'alice', password: 's3cret', redirectBlobs: true };
    try {
      const { store, configPath } = await fresh();
      await login(host, 'alice', 's3cret', { configPath });
      const mark = p.storageLog.length;
      const r = await pull(store, `${host}/whiteout:latest`, { configPath });
      assert.equal(r.digest, digests['whiteout:latest']);
      const got = p.storageLog.slice(mark);
      assert.equal(got.length, 4, 'config + 3 layers from storage');
      assert.ok(got.every((x) => x.authorization === undefined), JSON.stringify(got));
      await runs(store, `${host}/whiteout:latest`, (root) => assert.deepEqual(readdirSync(join(root, 'data')), ['b']));
    } finally {
      p.mode = {};
    }
  });
});

describe('registry helpers', () => {
  it('parses Bearer and Basic challenges', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/redis:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/redis:pull' } },
    ]);
    assert.deepEqual(parseChallenges('Basic realm="x, y", Bearer realm=r'), [
      { scheme: 'basic', params: { realm: 'x, y' } },
      { scheme: 'bearer', params: { realm: 'r' } },
    ]);
  });

  it('allows plain HTTP only to loopback and insecure registries', () => {
    for (const h of ['localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000', 'localhost']) assert.equal(allowsPlainHttp(h, []), true, h);
    for (const h of ['registry-1.docker.io', 'example.com:5000', '10.0.0.1:5000', '128.0.0.1']) assert.equal(allowsPlainHttp(h, []), false, h);
    assert.equal(allowsPlainHttp('reg.lan:5000', ['reg.lan:5000']), true);
    assert.equal(allowsPlainHttp('reg.lan:5000', ['reg.lan']), true);
  });

  it('picks the platform from an index, arm64 defaulting to v8', () => {
    const d = (arch: string, variant?: string) => ({ mediaType: '', digest: sha(arch + (variant ?? '')), size: 1, platform: { os: 'linux', architecture: arch, ...(variant !== undefined ? { variant } : {}) } });
    const entries = [d('arm', 'v7'), d('arm64', 'v8'), d('amd64'), { mediaType: '', digest: sha('att'), size: 1, platform: { os: 'unknown', architecture: 'unknown' } }];
    assert.equal(selectPlatform(entries, { os: 'linux', architecture: 'amd64' })?.digest, sha('amd64'));
    assert.equal(selectPlatform(entries, { os: 'linux', architecture: 'arm64' })?.digest, sha('arm64v8'));
    assert.equal(selectPlatform(entries, { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest, sha('armv7'));
    assert.equal(selectPlatform(entries, { os: 'linux', architecture: 'arm', variant: 'v6' }), undefined);
  });

  it('reads Docker Hub credentials stored under the v1 index URL', async () => {
    const d = mkdtempSync(join(tmpdir(), 'orc-cred-'));
    try {
      const p = join(d, 'config.json');
      writeFileSync(p, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('u:p:x').toString('base64') } }, other: 1 }));
      assert.deepEqual(await readCredentials('docker.io', p), { username: 'u', password: 'p:x' });
      assert.equal(await logout(undefined, { configPath: p }), true);
      assert.deepEqual(JSON.parse(readFileSync(p, 'utf8')), { auths: {}, other: 1 });
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
