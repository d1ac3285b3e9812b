/**
 * Builds image archives for the image-store tests: layers from tar specs,
 * configs with the right diff_ids, and docker-save (legacy and Docker ≥ 25)
 * and OCI archives around them.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { tar, tgz, type TarSpec } from './tar.js';

export function sha(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export interface TestLayer {
  /** The blob as stored (maybe gzip- or zstd-compressed). */
  blob: Buffer;
  gzip: boolean;
  zstd?: boolean;
  diffId: string;
}

/** `zstd -c` of `data` (Debian's zstd, as the store decompresses with it). */
export function zstdCompress(data: Buffer): Buffer {
  return execFileSync('zstd', ['-q', '-c'], { input: data, maxBuffer: 256 << 20 });
}

export function layer(entries: TarSpec[], opts: { gzip?: boolean; zstd?: boolean } = {}): TestLayer {
  const plain = tar(entries);
  if (opts.zstd === true) return { blob: zstdCompress(plain), gzip: false, zstd: true, diffId: sha(plain) };
  const gzip = opts.gzip === true;
  return { blob: gzip ? tgz(entries) : plain, gzip, diffId: sha(plain) };
}

export interface TestImage {
  layers: TestLayer[];
  config: Buffer;
  configDigest: string;
  tags: string[];
}

export function image(layers: TestLayer[], tags: string[], config: Record<string, unknown> = {}, diffIds?: string[]): TestImage {
  const cfg = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2024-01-01T00:00:00Z',
      config,
      rootfs: { type: 'layers', diff_ids: diffIds ?? layers.map((l) => l.diffId) },
    }),
  );
  return { layers, config: cfg, configDigest: sha(cfg), tags };
}

function hex(d: string): string {
  return d.slice('sha256:'.length);
}

/** The legacy docker-save shape: `<id>.json`, `<n>/layer.tar`, manifest.json. */
export function legacyArchive(images: TestImage[]): Buffer {
  const entries: TarSpec[] = [];
  const manifest: unknown[] = [];
  const seen = new Map<string, string>();
  for (const img of images) {
    const layerPaths: string[] = [];
    for (const l of img.layers) {
      const id = hex(sha(l.blob));
      let p = seen.get(id);
      if (p === undefined) {
        p = `${id}/layer.tar`;
        entries.push({ name: `${id}/`, type: 'dir' }, { name: `${id}/VERSION`, data: '1.0' }, { name: p, data: l.blob });
        seen.set(id, p);
      }
      layerPaths.push(p);
    }
    entries.push({ name: `${hex(img.configDigest)}.json`, data: img.config });
    manifest.push({ Config: `${hex(img.configDigest)}.json`, RepoTags: img.tags, Layers: layerPaths });
  }
  entries.push({ name: 'manifest.json', data: JSON.stringify(manifest) });
  return tar(entries);
}

export function ociManifest(img: TestImage): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: img.configDigest, size: img.config.length },
      layers: img.layers.map((l) => ({
        mediaType: l.zstd === true ? 'application/vnd.oci.image.layer.v1.tar+zstd' : l.gzip ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar',
        digest: sha(l.blob),
        size: l.blob.length,
      })),
    }),
  );
}

/** An OCI archive (index.json); with `docker: true` also Docker ≥ 25's manifest.json. */
export function ociArchive(images: TestImage[], opts: { docker?: boolean; corruptBlob?: string } = {}): Buffer {
  const blobs = new Map<string, Buffer>();
  const index: unknown[] = [];
  const manifest: unknown[] = [];
  for (const img of images) {
    const m = ociManifest(img);
    blobs.set(sha(m), m);
    blobs.set(img.configDigest, img.config);
    for (const l of img.layers) blobs.set(sha(l.blob), l.blob);
    const desc = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(m), size: m.length };
    if (img.tags.length === 0) index.push(desc);
    for (const t of img.tags) index.push({ ...desc, annotations: opts.docker === true ? { 'io.containerd.image.name': t, 'org.opencontainers.image.ref.name': 'latest' } : { 'org.opencontainers.image.ref.name': t } });
    manifest.push({ Config: `blobs/sha256/${hex(img.configDigest)}`, RepoTags: img.tags, Layers: img.layers.map((l) => `blobs/sha256/${hex(sha(l.blob))}`) });
  }
  const entries: TarSpec[] = [{ name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' }, { name: 'blobs/', type: 'dir' }, { name: 'blobs/sha256/', type: 'dir' }];
  for (const [d, b] of blobs) {
    const data = d === opts.corruptBlob ? Buffer.concat([b, Buffer.from('x')]) : b;
    entries.push({ name: `blobs/sha256/${hex(d)}`, data });
  }
  entries.push({ name: 'index.json', data: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: index }) });
  if (opts.docker === true) entries.push({ name: 'manifest.json', data: JSON.stringify(manifest) });
  return tar(entries);
}

/** A busybox layer from the host's static busybox: bin/busybox plus applet symlinks. */
export function busyboxLayer(opts: { gzip?: boolean; zstd?: boolean } = {}): TestLayer {
  const bin = readFileSync('/bin/busybox');
  const entries: TarSpec[] = [
    { name: 'bin', type: 'dir' },
    { name: 'bin/busybox', data: bin, mode: 0o755 },
    { name: 'etc', type: 'dir' },
    { name: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\n' },
    { name: 'tmp', type: 'dir', mode: 0o1777 },
  ];
  for (const applet of ['sh', 'ls', 'cat', 'echo', 'true']) entries.push({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox' });
  return layer(entries, opts);
}

/** A temp dir removed (after unmounting anything under it) even when `fn` fails. */
export async function withTempRoot<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-img-'));
  try {
    return await fn(dir);
  } finally {
    unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      // already gone
    }
  }
}

/**
 * The entries of a busybox layer with every applet as a symlink, the given
 * /etc/passwd and /etc/group, a /tmp, then `extra` entries.
 */
export function fullBusyboxEntries(
  opts: { passwd?: string; group?: string; extra?: TarSpec[] } = {},
): TarSpec[] {
  const applets = spawnSync('/bin/busybox', ['--list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((a) => a !== '' && a !== 'busybox');
  return [
    { name: 'bin', type: 'dir' },
    { name: 'bin/busybox', data: readFileSync('/bin/busybox'), mode: 0o755 },
    ...applets.map((a): TarSpec => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'etc', type: 'dir' },
    { name: 'etc/passwd', data: opts.passwd ?? 'root:x:0:0:root:/root:/bin/sh\n' },
    { name: 'etc/group', data: opts.group ?? 'root:x:0:\n' },
    { name: 'tmp', type: 'dir', mode: 0o1777 },
    ...(opts.extra ?? []),
  ];
}
