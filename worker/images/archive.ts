/**
 * Reading image archives: docker-save (legacy `manifest.json` + `<id>/layer.tar`,
 * and Docker ≥ 25's OCI layout + `manifest.json`) and OCI archives
 * (`index.json`). The outer tar is staged file by file (named by number,
 * never by the archive's paths) while each file is hashed; the plan that
 * comes out has every digest and diff_id verified before anything reaches
 * the blob store.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { OrcError } from '../../common/errors.js';
import { digestOf, mismatch } from './blob-store.js';
import {
  MEDIA,
  documentKind,
  parseImageConfig,
  parseIndex,
  parseManifest,
  type Descriptor,
  type ImageConfig,
  type Manifest,
} from './oci.js';
import { normaliseTag } from './reference.js';
import { detectCompression, uncompressedDigest } from './layer-store.js';
import { readTar } from './tar-reader.js';

export interface StagedFile {
  file: string;
  digest: string;
  size: number;
}

export interface PlannedImage {
  manifestDigest: string;
  manifestBytes: Buffer;
  manifest: Manifest;
  config: ImageConfig;
  /** Canonical tags to point at this image. */
  tags: string[];
  /** digest → staged file, for the config and every layer. */
  blobs: Map<string, StagedFile>;
}

function invalid(why: string): OrcError {
  return new OrcError('ORC_INVALID_IMAGE', `invalid image archive: ${why}`);
}

function cleanArchivePath(p: string): string | null {
  const n = posix.normalize(`/${p}`).slice(1).replace(/\/+$/, '');
  return n === '' || n.startsWith('..') ? null : n;
}

/** Stages every regular file of the archive in `stageDir`, hashed; returns path → file. */
export async function stageArchive(source: string | Readable, stageDir: string): Promise<Map<string, StagedFile>> {
  await mkdir(stageDir, { recursive: true });
  const files = new Map<string, StagedFile>();
  const links = new Map<string, string>();
  let n = 0;
  const input = typeof source === 'string' ? createReadStream(source) : source;
  try {
    for await (const e of readTar(input)) {
      const name = cleanArchivePath(e.header.name);
      if (name === null) continue;
      if (e.header.type === 'file') {
        const file = join(stageDir, String(n++));
        const h = createHash('sha256');
        const fh = await open(file, 'wx', 0o600);
        let size = 0;
        try {
          for await (const chunk of e.body()) {
            h.update(chunk);
            size += chunk.length;
            await fh.write(chunk);
          }
        } finally {
          await fh.close();
        }
        files.set(name, { file, digest: `sha256:${h.digest('hex')}`, size });
      } else if (e.header.type === 'symlink') {
        const target = cleanArchivePath(posix.join(posix.dirname(name), e.header.linkname));
        if (target !== null) links.set(name, target);
      } else if (e.header.type === 'link') {
        const target = cleanArchivePath(e.header.linkname);
        if (target !== null) links.set(name, target);
      }
    }
  } catch (e) {
    if (e instanceof OrcError) throw e;
    throw new OrcError('ORC_IO', `cannot read image archive: ${(e as Error).message}`, { cause: e });
  }
  for (const [name, target] of links) {
    let t: string | undefined = target;
    for (let hops = 0; t !== undefined && !files.has(t) && hops < 16; hops++) t = links.get(t);
    const f = t === undefined ? undefined : files.get(t);
    if (f !== undefined) files.set(name, f);
  }
  return files;
}

async function readJson(f: StagedFile, what: string): Promise<unknown> {
  if (f.size > 16 << 20) throw invalid(`${what} is too large`);
  try {
    return JSON.parse(await readFile(f.file, 'utf8')) as unknown;
  } catch (e) {
    throw invalid(`${what} is not valid JSON (${(e as Error).message})`);
  }
}

function hostPlatform(): { os: string; architecture: string } {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };
  return { os: 'linux', architecture: map[process.arch] ?? process.arch };
}

function tagFromAnnotations(a: Record<string, string> | undefined): string | undefined {
  if (a === undefined) return undefined;
  const full = a['io.containerd.image.name'];
  if (full !== undefined) return full;
  const ref = a['org.opencontainers.image.ref.name'];
  // a bare tag ("latest") names no repository; only a full reference is usable
  if (ref !== undefined && /[/:]/.test(ref)) return ref;
  return undefined;
}

function safeTags(names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    out.push(normaliseTag(n));
  }
  return [...new Set(out)];
}

/** Builds the plan for an archive staged by `stageArchive`. */
export async function planArchive(files: Map<string, StagedFile>): Promise<PlannedImage[]> {
  const blobFile = (d: Descriptor, what: string): StagedFile => {
    const f = files.get(`blobs/sha256/${d.digest.slice('sha256:'.length)}`);
    if (f === undefined) throw invalid(`${what} ${d.digest} is missing from the archive`);
    if (f.digest !== d.digest) throw mismatch(`${what} blobs/sha256/${d.digest.slice(7)}`, d.digest, f.digest);
    if (f.size !== d.size) throw new OrcError('ORC_DIGEST_MISMATCH', `${what} ${d.digest}: size ${f.size} differs from descriptor size ${d.size}`);
    return f;
  };

  const plans = new Map<string, PlannedImage>();
  const byConfig = new Map<string, PlannedImage>();

  const indexFile = files.get('index.json');
  if (indexFile !== undefined) {
    const queue: Array<{ d: Descriptor; tag: string | undefined; depth: number }> = parseIndex(await readJson(indexFile, 'index.json')).manifests.map((d) => ({
      d,
      tag: tagFromAnnotations(d.annotations),
      depth: 0,
    }));
    while (queue.length > 0) {
      const { d, tag, depth } = queue.shift() as { d: Descriptor; tag: string | undefined; depth: number };
      const f = blobFile(d, 'manifest');
      const doc = await readJson(f, `manifest ${d.digest}`);
      if (documentKind(doc) === 'index') {
        if (depth > 4) throw invalid('indexes nested too deeply');
        const inner = parseIndex(doc).manifests;
        const host = hostPlatform();
        const pick =
          inner.find((m) => m.platform?.os === host.os && m.platform.architecture === host.architecture) ??
          (inner.length === 1 ? inner[0] : undefined);
        if (pick === undefined) throw invalid(`no manifest for ${host.os}/${host.architecture} in index ${d.digest}`);
        queue.push({ d: pick, tag, depth: depth + 1 });
        continue;
      }
      const manifest = parseManifest(doc);
      const existing = plans.get(d.digest);
      if (existing !== undefined) {
        if (tag !== undefined) existing.tags.push(tag);
        continue;
      }
      const cfgFile = blobFile(manifest.config, 'config');
      const config = parseImageConfig(await readJson(cfgFile, `config ${manifest.config.digest}`));
      const blobs = new Map<string, StagedFile>([[manifest.config.digest, cfgFile]]);
      manifest.layers.forEach((l, i) => blobs.set(l.digest, blobFile(l, `layer ${i}`)));
      const plan: PlannedImage = {
        manifestDigest: d.digest,
        manifestBytes: await readFile(f.file),
        manifest,
        config,
        tags: tag === undefined ? [] : [tag],
        blobs,
      };
      plans.set(d.digest, plan);
      byConfig.set(manifest.config.digest, plan);
    }
  }

  const manifestFile = files.get('manifest.json');
  if (manifestFile !== undefined) {
    const doc = await readJson(manifestFile, 'manifest.json');
    if (!Array.isArray(doc)) throw invalid('manifest.json must be an array');
    for (const [i, raw] of doc.entries()) {
      if (typeof raw !== 'object' || raw === null) throw invalid(`manifest.json[${i}] is not an object`);
      const entry = raw as Record<string, unknown>;
      const cfgPath = entry['Config'];
      const layerPaths = entry['Layers'];
      const repoTags = entry['RepoTags'];
      if (typeof cfgPath !== 'string') throw invalid(`manifest.json[${i}].Config must be a string`);
      if (!Array.isArray(layerPaths) || !layerPaths.every((x) => typeof x === 'string')) throw invalid(`manifest.json[${i}].Layers must be strings`);
      const tags = Array.isArray(repoTags) ? repoTags.filter((x): x is string => typeof x === 'string') : [];
      const cfgName = cleanArchivePath(cfgPath);
      const cfgFile = cfgName === null ? undefined : files.get(cfgName);
      if (cfgFile === undefined) throw invalid(`config ${cfgPath} is missing from the archive`);
      const fromOci = byConfig.get(cfgFile.digest);
      if (fromOci !== undefined) {
        fromOci.tags.push(...tags);
        continue;
      }
      const config = parseImageConfig(await readJson(cfgFile, cfgPath));
      const blobs = new Map<string, StagedFile>([[cfgFile.digest, cfgFile]]);
      const layers: Descriptor[] = [];
      for (const lp of layerPaths as string[]) {
        const ln = cleanArchivePath(lp);
        const lf = ln === null ? undefined : files.get(ln);
        if (lf === undefined) throw invalid(`layer ${lp} is missing from the archive`);
        const c = await detectCompression(lf.file);
        const mediaType = c === 'zstd' ? MEDIA.ociLayerZstd : c === 'gzip' ? MEDIA.dockerLayerGzip : MEDIA.dockerLayer;
        layers.push({ mediaType, digest: lf.digest, size: lf.size });
        blobs.set(lf.digest, lf);
      }
      const manifest: Manifest = {
        schemaVersion: 2,
        mediaType: MEDIA.dockerManifest,
        config: { mediaType: MEDIA.dockerConfig, digest: cfgFile.digest, size: cfgFile.size },
        layers,
      };
      const manifestBytes = Buffer.from(JSON.stringify(manifest));
      const manifestDigest = digestOf(manifestBytes);
      const plan: PlannedImage = { manifestDigest, manifestBytes, manifest, config, tags, blobs };
      plans.set(manifestDigest, plan);
      byConfig.set(cfgFile.digest, plan);
    }
  }

  if (indexFile === undefined && manifestFile === undefined) throw invalid('neither manifest.json nor index.json found');
  if (plans.size === 0) throw invalid('no images in the archive');

  // verify every layer against the config's diff_ids (uncompressed sha256)
  const verified = new Map<string, string>();
  for (const plan of plans.values()) {
    plan.tags = safeTags(plan.tags);
    if (plan.manifest.layers.length !== plan.config.diffIds.length) {
      throw invalid(`image ${plan.manifest.config.digest} has ${plan.manifest.layers.length} layers but ${plan.config.diffIds.length} diff_ids`);
    }
    for (const [i, l] of plan.manifest.layers.entries()) {
      const f = plan.blobs.get(l.digest);
      if (f === undefined) throw new OrcError('ORC_INTERNAL', `layer ${l.digest} not staged`);
      let diffId = verified.get(l.digest);
      if (diffId === undefined) {
        diffId = await uncompressedDigest(f.file);
        verified.set(l.digest, diffId);
      }
      const want = plan.config.diffIds[i] as string;
      if (diffId !== want) throw mismatch(`layer ${i} (${l.digest}) against rootfs.diff_ids`, want, diffId);
    }
  }
  return [...plans.values()];
}
