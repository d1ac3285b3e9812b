/**
 * The local image store: OCI layout under `<root>/images/` (blobs, index.json,
 * oci-layout) plus `repositories.json` (canonical tag → manifest digest and
 * the set of known images), unpacked layers under `<root>/layers/`.
 * State changes are serialised in-process and written atomically.
 */
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { OrcError } from '../../common/errors.js';
import { planArchive, stageArchive } from './archive.js';
import { BlobStore, digestHex, fsyncDir, ioError, tmpName, writeFileAtomic } from './blob-store.js';
import { chainIds, LayerStore } from './layer-store.js';
import { MEDIA, parseImageConfig, parseManifest, type ImageConfig, type Manifest } from './oci.js';
import { familiarName, formatReference, isDigest, normaliseTag, parseReference, repositoryName } from './reference.js';
import { TarWriter } from './tar-writer.js';

interface ImageRecord {
  loadedAt: string;
  /** `repository@digest` of the registries it was pulled from (Docker's RepoDigests). */
  repoDigests?: string[];
}

interface RepositoriesFile {
  version: 1;
  /** canonical `registry/path:tag` → manifest digest */
  refs: Record<string, string>;
  /** manifest digest → record */
  images: Record<string, ImageRecord>;
}

export interface ImageSummary {
  /** Image ID: the config digest, as `docker images` shows it. */
  id: string;
  /** The manifest digest. */
  digest: string;
  repoTags: string[];
  created: string | null;
  /** Sum of the layer blob sizes. */
  size: number;
  architecture: string;
  os: string;
}

export interface ImageInspect extends ImageSummary {
  manifest: Manifest;
  config: ImageConfig;
  diffIds: string[];
  chainIds: string[];
}

export interface LoadResult {
  images: Array<{ id: string; digest: string; repoTags: string[] }>;
}

export interface AddedImage {
  id: string;
  digest: string;
  repoTags: string[];
}

export interface PruneResult {
  /** Removed images: ID and the tags they lost, in Docker's familiar form. */
  images: Array<{ id: string; digest: string; untagged: string[] }>;
  deletedImages: string[];
  deletedBlobs: number;
  deletedLayers: number;
  /** Bytes of the blobs and unpacked layers removed. */
  reclaimed: number;
}

export interface RemoveResult {
  untagged: string[];
  deletedImages: string[];
  deletedBlobs: number;
  deletedLayers: number;
}

export interface OverlaySpec {
  /** Topmost first, as overlayfs `lowerdir` wants them. */
  lowerDirs: string[];
  upperDir: string;
  workDir: string;
  target: string;
}

/** Bytes of the regular files under `dir` (symlinks not followed). */
async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await diskUsage(p);
    else if (e.isFile()) total += await lstat(p).then((st) => st.size, () => 0);
  }
  return total;
}

export class ImageStore {
  readonly root: string;
  readonly imagesDir: string;
  readonly blobs: BlobStore;
  readonly layers: LayerStore;
  private readonly reposPath: string;
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(dataRoot: string) {
    this.root = dataRoot;
    this.imagesDir = join(dataRoot, 'images');
    this.blobs = new BlobStore(this.imagesDir);
    this.layers = new LayerStore(dataRoot);
    this.reposPath = join(this.imagesDir, 'repositories.json');
  }

  /** Opens (creating if needed) the store under `dataRoot`. */
  static async open(dataRoot: string): Promise<ImageStore> {
    const s = new ImageStore(dataRoot);
    try {
      await s.blobs.init();
      await s.layers.init();
      await writeFileAtomic(join(s.imagesDir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
      const repos = await s.readRepos();
      await s.writeIndexJson(repos);
    } catch (e) {
      if (e instanceof OrcError) throw e;
      throw ioError('cannot open image store at', dataRoot, e);
    }
    return s;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async readRepos(): Promise<RepositoriesFile> {
    try {
      const raw = JSON.parse(await readFile(this.reposPath, 'utf8')) as Partial<RepositoriesFile>;
      return { version: 1, refs: raw.refs ?? {}, images: raw.images ?? {} };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, refs: {}, images: {} };
      throw new OrcError('ORC_IO', `cannot read ${this.reposPath}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async writeRepos(r: RepositoriesFile): Promise<void> {
    await writeFileAtomic(this.reposPath, `${JSON.stringify(r, null, 2)}\n`);
    await this.writeIndexJson(r);
  }

  /** index.json mirrors repositories.json so the folder is a valid OCI layout. */
  private async writeIndexJson(r: RepositoriesFile): Promise<void> {
    const manifests: Array<Record<string, unknown>> = [];
    for (const digest of Object.keys(r.images).sort()) {
      const size = await this.blobs.size(digest).catch(() => 0);
      const tags = Object.entries(r.refs).filter(([, d]) => d === digest).map(([t]) => t).sort();
      if (tags.length === 0) manifests.push({ mediaType: MEDIA.ociManifest, digest, size });
      for (const t of tags) {
        manifests.push({ mediaType: MEDIA.ociManifest, digest, size, annotations: { 'io.containerd.image.name': t, 'org.opencontainers.image.ref.name': parseReference(t).tag ?? '' } });
      }
    }
    await writeFileAtomic(join(this.imagesDir, 'index.json'), `${JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }, null, 2)}\n`);
  }

  // ── lookups ────────────────────────────────────────────────────────────

  /** Resolves a tag, `name@digest`, manifest digest, image ID or unique ID prefix to a manifest digest. */
  async resolve(ref: string): Promise<string> {
    const repos = await this.readRepos();
    return this.resolveIn(repos, ref);
  }

  private async resolveIn(repos: RepositoriesFile, ref: string): Promise<string> {
    const notFound = (): OrcError => new OrcError('ORC_NOT_FOUND', `no such image: ${ref}`);
    if (isDigest(ref)) {
      if (repos.images[ref] !== undefined) return ref;
    }
    const hexPrefix = /^(?:sha256:)?([a-f0-9]{3,64})$/.exec(ref)?.[1];
    let parsed;
    try {
      parsed = parseReference(ref);
    } catch (e) {
      if (hexPrefix === undefined) throw e;
    }
    if (parsed !== undefined) {
      if (parsed.digest !== undefined) {
        if (repos.images[parsed.digest] !== undefined) return parsed.digest;
        throw notFound();
      }
      const d = repos.refs[formatReference(parsed)];
      if (d !== undefined) return d;
    }
    if (hexPrefix !== undefined) {
      const hits = new Set<string>();
      for (const digest of Object.keys(repos.images)) {
        if (digestHex(digest).startsWith(hexPrefix)) hits.add(digest);
        const cfg = await this.manifestOf(digest).then((m) => m.config.digest).catch(() => undefined);
        if (cfg !== undefined && digestHex(cfg).startsWith(hexPrefix)) hits.add(digest);
      }
      if (hits.size === 1) return [...hits][0] as string;
      if (hits.size > 1) throw new OrcError('ORC_CONFLICT', `image ID prefix ${ref} is ambiguous; use more characters`);
    }
    throw notFound();
  }

  private async manifestOf(digest: string): Promise<Manifest> {
    return parseManifest(await this.blobs.readJson(digest));
  }

  private async summaryOf(repos: RepositoriesFile, digest: string): Promise<ImageInspect> {
    const manifest = await this.manifestOf(digest);
    const config = parseImageConfig(await this.blobs.readJson(manifest.config.digest));
    const repoTags = Object.entries(repos.refs)
      .filter(([, d]) => d === digest)
      .map(([t]) => familiarName(t))
      .sort();
    return {
      id: manifest.config.digest,
      digest,
      repoTags,
      created: config.created ?? null,
      size: manifest.layers.reduce((n, l) => n + l.size, 0),
      architecture: config.architecture,
      os: config.os,
      manifest,
      config,
      diffIds: config.diffIds,
      chainIds: chainIds(config.diffIds),
    };
  }

  async list(): Promise<ImageSummary[]> {
    const repos = await this.readRepos();
    const out: ImageSummary[] = [];
    for (const digest of Object.keys(repos.images)) {
      const { manifest: _m, config: _c, diffIds: _d, chainIds: _ch, ...summary } = await this.summaryOf(repos, digest);
      out.push(summary);
    }
    return out.sort((a, b) => (a.repoTags[0] ?? '~').localeCompare(b.repoTags[0] ?? '~') || a.digest.localeCompare(b.digest));
  }

  async inspect(ref: string): Promise<ImageInspect> {
    const repos = await this.readRepos();
    return this.summaryOf(repos, await this.resolveIn(repos, ref));
  }

  /** The image config (Env, Entrypoint, Cmd, WorkingDir, User, ExposedPorts, Volumes, Healthcheck, StopSignal, Labels). */
  async config(ref: string): Promise<ImageConfig> {
    return (await this.inspect(ref)).config;
  }

  /** Points `tag` at the image `ref` names. */
  async tag(ref: string, tag: string): Promise<void> {
    const canonical = normaliseTag(tag);
    await this.exclusive(async () => {
      const repos = await this.readRepos();
      repos.refs[canonical] = await this.resolveIn(repos, ref);
      await this.writeRepos(repos);
    });
  }

  // ── archives ───────────────────────────────────────────────────────────

  /** Imports a docker-save or OCI archive (file path or stream). Nothing is stored unless every digest checks out. */
  async loadArchive(source: string | Readable): Promise<LoadResult> {
    const stage = join(this.blobs.tmpDir, tmpName('load-'));
    try {
      const files = await stageArchive(source, stage);
      const plans = await planArchive(files);
      return await this.exclusive(async () => {
        const committed = new Set<string>();
        for (const plan of plans) {
          for (const [digest, f] of plan.blobs) {
            if (committed.has(digest)) continue;
            if (await this.blobs.has(digest)) {
              committed.add(digest);
              continue;
            }
            await this.blobs.commitFile(f.file, digest);
            committed.add(digest);
          }
          await this.blobs.put(plan.manifestBytes, plan.manifestDigest);
        }
        const repos = await this.readRepos();
        const now = new Date().toISOString();
        const result: LoadResult = { images: [] };
        for (const plan of plans) {
          repos.images[plan.manifestDigest] ??= { loadedAt: now };
          for (const t of plan.tags) repos.refs[t] = plan.manifestDigest;
          result.images.push({ id: plan.manifest.config.digest, digest: plan.manifestDigest, repoTags: plan.tags.map(familiarName) });
        }
        await this.writeRepos(repos);
        return result;
      });
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  }

  /**
   * Writes a docker-save archive of `refs`: the Docker ≥ 25 shape (OCI layout
   * plus manifest.json), which older `docker load` also accepts because it
   * only follows manifest.json's paths. Digests are preserved.
   */
  async saveArchive(refs: string[], out: string | Writable): Promise<void> {
    const repos = await this.readRepos();
    const images = new Map<string, string[]>();
    for (const ref of refs) {
      const digest = await this.resolveIn(repos, ref);
      const tags = images.get(digest) ?? [];
      const p = isDigest(ref) ? undefined : (() => {
        try {
          const r = parseReference(ref);
          return r.digest === undefined ? formatReference(r) : undefined;
        } catch {
          return undefined;
        }
      })();
      if (p !== undefined && repos.refs[p] === digest) tags.push(p);
      images.set(digest, tags);
    }
    const tmp = typeof out === 'string' ? `${out}.${tmpName('tmp-')}` : undefined;
    const stream = typeof out === 'string' ? createWriteStream(tmp as string, { flags: 'wx', mode: 0o644 }) : out;
    try {
      const w = new TarWriter(stream);
      const written = new Set<string>();
      const blob = async (digest: string): Promise<string> => {
        const name = `blobs/sha256/${digestHex(digest)}`;
        if (!written.has(digest)) {
          written.add(digest);
          await w.file(name, this.blobs.path(digest), await this.blobs.size(digest));
        }
        return name;
      };
      await w.buffer('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
      await w.dir('blobs');
      await w.dir('blobs/sha256');
      const dockerManifest: Array<Record<string, unknown>> = [];
      const index: Array<Record<string, unknown>> = [];
      for (const [digest, tags] of images) {
        const m = await this.manifestOf(digest);
        const mName = await blob(digest);
        const cName = await blob(m.config.digest);
        const layerNames: string[] = [];
        for (const l of m.layers) layerNames.push(await blob(l.digest));
        const size = await this.blobs.size(digest);
        const familiar = tags.map(familiarName);
        dockerManifest.push({ Config: cName, RepoTags: familiar, Layers: layerNames });
        void mName;
        if (tags.length === 0) index.push({ mediaType: m.mediaType, digest, size });
        for (const t of tags) {
          index.push({ mediaType: m.mediaType, digest, size, annotations: { 'io.containerd.image.name': t, 'org.opencontainers.image.ref.name': parseReference(t).tag ?? '' } });
        }
      }
      await w.buffer('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: index })));
      await w.buffer('manifest.json', Buffer.from(JSON.stringify(dockerManifest)));
      await w.end();
      if (tmp !== undefined) {
        stream.end();
        await finished(stream);
        await rename(tmp, out as string);
      }
    } catch (e) {
      if (tmp !== undefined) {
        stream.destroy();
        await rm(tmp, { force: true });
      }
      if (e instanceof OrcError) throw e;
      throw ioError('cannot write image archive', typeof out === 'string' ? out : 'stream', e);
    }
  }

  /**
   * Records an image whose manifest, config and layer blobs are already in
   * the blob store (written by a registry pull), under `tags` (may be empty
   * for a pull by digest): afterwards it is exactly like a loaded image.
   */
  async addImage(manifestDigest: string, tags: string[], opts: { repository?: string } = {}): Promise<AddedImage> {
    const canonical = tags.map(normaliseTag);
    return this.exclusive(async () => {
      const manifest = await this.manifestOf(manifestDigest);
      const config = parseImageConfig(await this.blobs.readJson(manifest.config.digest));
      if (manifest.layers.length !== config.diffIds.length) {
        throw new OrcError('ORC_INVALID_IMAGE', `image ${manifest.config.digest} has ${manifest.layers.length} layers but ${config.diffIds.length} diff_ids`);
      }
      for (const l of manifest.layers) {
        if (!(await this.blobs.has(l.digest))) throw new OrcError('ORC_NOT_FOUND', `layer blob ${l.digest} of image ${manifestDigest} is not in the store`);
      }
      const repos = await this.readRepos();
      const rec = (repos.images[manifestDigest] ??= { loadedAt: new Date().toISOString() });
      if (opts.repository !== undefined) {
        const rd = `${opts.repository}@${manifestDigest}`;
        if (!(rec.repoDigests ?? []).includes(rd)) rec.repoDigests = [...(rec.repoDigests ?? []), rd];
      }
      for (const t of canonical) repos.refs[t] = manifestDigest;
      await this.writeRepos(repos);
      return { id: manifest.config.digest, digest: manifestDigest, repoTags: canonical.map(familiarName) };
    });
  }

  // ── layers and rootfs ──────────────────────────────────────────────────

  /** Unpacks every layer of the image (each ChainID once); returns the ChainIDs, base first. */
  async unpack(ref: string): Promise<string[]> {
    const info = await this.inspect(ref);
    for (const [i, chainId] of info.chainIds.entries()) {
      const layer = info.manifest.layers[i];
      if (layer === undefined) throw new OrcError('ORC_INVALID_IMAGE', `image ${info.id} lacks layer ${i}`);
      await this.layers.ensure({ chainId, diffId: info.diffIds[i] as string, parent: i === 0 ? null : (info.chainIds[i - 1] as string) }, this.blobs.path(layer.digest));
    }
    return info.chainIds;
  }

  /** The overlay lower dirs of an image, topmost first (unpacking as needed). */
  async lowerDirs(ref: string): Promise<string[]> {
    const ids = await this.unpack(ref);
    return ids.map((c) => this.layers.diffDir(c)).reverse();
  }

  /** Lower dirs plus `upper`, `work` and `rootfs` under `containerDir` (created); mount with `mountOverlay`. */
  async rootfsSpec(ref: string, containerDir: string): Promise<OverlaySpec> {
    const lowerDirs = await this.lowerDirs(ref);
    const spec: OverlaySpec = { lowerDirs, upperDir: join(containerDir, 'upper'), workDir: join(containerDir, 'work'), target: join(containerDir, 'rootfs') };
    for (const d of [spec.upperDir, spec.workDir, spec.target]) await mkdir(d, { recursive: true, mode: 0o755 });
    return spec;
  }

  // ── removal ────────────────────────────────────────────────────────────

  /**
   * Untags `ref`; when no tag is left (or `ref` names the image by digest/ID),
   * deletes the image and every blob and layer no other image uses. An image
   * with several tags named by ID needs `force`. The caller must make sure no
   * container still uses the image's layers.
   */
  async remove(ref: string, opts: { force?: boolean; untagOnly?: boolean } = {}): Promise<RemoveResult> {
    return this.exclusive(async () => {
      const repos = await this.readRepos();
      const digest = await this.resolveIn(repos, ref);
      const result: RemoveResult = { untagged: [], deletedImages: [], deletedBlobs: 0, deletedLayers: 0 };
      const tags = Object.entries(repos.refs).filter(([, d]) => d === digest).map(([t]) => t);
      let byTag: string | undefined;
      try {
        const p = parseReference(ref);
        if (p.digest === undefined && repos.refs[formatReference(p)] === digest) byTag = formatReference(p);
      } catch {
        byTag = undefined;
      }
      if (byTag !== undefined) {
        delete repos.refs[byTag];
        result.untagged.push(familiarName(byTag));
      } else {
        if (tags.length > 1 && opts.force !== true) {
          throw new OrcError('ORC_CONFLICT', `image ${ref} is referenced by ${tags.length} tags (${tags.map(familiarName).join(', ')}); remove them by name or use force`);
        }
        for (const t of tags) {
          delete repos.refs[t];
          result.untagged.push(familiarName(t));
        }
      }
      if (opts.untagOnly !== true && !Object.values(repos.refs).includes(digest)) {
        delete repos.images[digest];
        result.deletedImages.push(digest);
      }
      await this.writeRepos(repos);
      if (result.deletedImages.length > 0) {
        const gc = await this.collect(repos);
        result.deletedBlobs = gc.blobs;
        result.deletedLayers = gc.layers;
      }
      return result;
    });
  }

  /**
   * Removes dangling (untagged) images — with `all`, every image — except
   * those whose ID (config digest) is in `keepIds` (used by containers), then
   * every unreferenced blob, layer and temp leftover.
   */
  async prune(opts: { all?: boolean; keepIds?: ReadonlySet<string> } = {}): Promise<PruneResult> {
    return this.exclusive(async () => {
      const repos = await this.readRepos();
      const tagged = new Set(Object.values(repos.refs));
      const images: PruneResult['images'] = [];
      for (const d of Object.keys(repos.images)) {
        if (tagged.has(d) && opts.all !== true) continue;
        const id = await this.manifestOf(d).then((m) => m.config.digest).catch(() => d);
        if (opts.keepIds?.has(id) === true) continue;
        const untagged: string[] = [];
        for (const [t, td] of Object.entries(repos.refs)) {
          if (td !== d) continue;
          delete repos.refs[t];
          untagged.push(familiarName(t));
        }
        delete repos.images[d];
        images.push({ id, digest: d, untagged: untagged.sort() });
      }
      await this.writeRepos(repos);
      const gc = await this.collect(repos);
      await this.layers.cleanTmp();
      return { images, deletedImages: images.map((i) => i.digest), deletedBlobs: gc.blobs, deletedLayers: gc.layers, reclaimed: gc.bytes };
    });
  }

  /** The stored record of an image (when it was added, where it was pulled from). */
  async record(ref: string): Promise<{ digest: string; loadedAt: string; repoDigests: string[] }> {
    const repos = await this.readRepos();
    const digest = await this.resolveIn(repos, ref);
    const rec = repos.images[digest];
    return { digest, loadedAt: rec?.loadedAt ?? '', repoDigests: [...(rec?.repoDigests ?? [])] };
  }

  /** Deletes blobs and layers not reachable from any image in `repos`. Runs under the lock. */
  private async collect(repos: RepositoriesFile): Promise<{ blobs: number; layers: number; bytes: number }> {
    const keepBlobs = new Set<string>();
    const keepLayers = new Set<string>();
    for (const digest of Object.keys(repos.images)) {
      keepBlobs.add(digest);
      const m = await this.manifestOf(digest);
      keepBlobs.add(m.config.digest);
      for (const l of m.layers) keepBlobs.add(l.digest);
      const cfg = parseImageConfig(await this.blobs.readJson(m.config.digest));
      for (const c of chainIds(cfg.diffIds)) keepLayers.add(c);
    }
    let blobs = 0;
    let layers = 0;
    let bytes = 0;
    for (const b of await this.blobs.list()) {
      if (!keepBlobs.has(b)) {
        bytes += await this.blobs.size(b).catch(() => 0);
        await this.blobs.delete(b);
        blobs++;
      }
    }
    for (const l of await this.layers.list()) {
      if (!keepLayers.has(l)) {
        bytes += await diskUsage(join(this.layers.dir, digestHex(l)));
        await this.layers.delete(l);
        layers++;
      }
    }
    if (blobs > 0) await fsyncDir(this.blobs.dir);
    return { blobs, layers, bytes };
  }

  /** `docker.io/library/busybox:latest` → `busybox:latest` etc. */
  static familiar(ref: string): string {
    return familiarName(ref);
  }

  static repository(ref: string): string {
    return repositoryName(parseReference(ref));
  }
}
