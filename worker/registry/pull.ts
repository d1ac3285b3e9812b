/**
 * `pull`: manifest (or index → one platform's manifest), config, then the
 * layers a few at a time, each streamed into the store's verified blob
 * writes; the image is recorded only when every blob is in. A failed pull
 * removes the blobs it added that no image uses.
 */
import { createHash } from 'node:crypto';
import { OrcError } from '../../common/errors.js';
import {
  ImageStore,
  MEDIA,
  formatReference,
  parseImageConfig,
  parseIndex,
  parseManifest,
  parseReference,
  type Descriptor,
  type ImageReference,
  type Manifest,
  type Platform,
} from '../images/index.js';
import { errorDetail, header, readBody, RegistryClient, type HttpResponse } from './client.js';
import { defaultConfigPath, readCredentials, type Credentials } from './credentials.js';

export const MANIFEST_ACCEPT = [MEDIA.dockerManifest, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.ociIndex].join(', ');
const MAX_MANIFEST = 4 << 20;

export type LayerStatus = 'waiting' | 'exists' | 'downloading' | 'done';

export type PullProgress =
  | { kind: 'resolved'; reference: string; digest: string; layers: number }
  | { kind: 'layer'; id: string; digest: string; status: LayerStatus; current: number; total: number };

export interface RegistryOptions {
  /** Docker-style config.json with `auths`; default `~/.orc/config.json` (or `$ORC_CONFIG/config.json`). */
  configPath?: string;
  /** Use these credentials (null: none) instead of looking in `configPath`: the daemon pulls with what its client sent. */
  credentials?: Credentials | null;
  /** Hosts (`host` or `host:port`) that may be reached over plain HTTP; loopback always may. */
  insecureRegistries?: readonly string[];
  /** Idle timeout of every request, ms (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface PullOptions extends RegistryOptions {
  /** `os/arch[/variant]` or a Platform; default linux/amd64. */
  platform?: string | Platform;
  /** Layers downloaded at once (default 3). */
  concurrency?: number;
  onProgress?: (e: PullProgress) => void;
}

export interface PullResult {
  /** Canonical reference that was pulled. */
  reference: string;
  /** The image's manifest digest (the platform's manifest when the reference named an index). */
  digest: string;
  /** The index digest, when the reference named a manifest list / OCI index. */
  indexDigest?: string;
  /** Image ID (config digest). */
  id: string;
  repoTags: string[];
  /** Layer blobs fetched / already present. */
  downloaded: number;
  skipped: number;
  bytes: number;
}

export function parsePlatform(p: string | Platform | undefined): Platform {
  if (p === undefined) return { os: 'linux', architecture: 'amd64' };
  if (typeof p !== 'string') return p;
  const [os, architecture, variant] = p.split('/');
  if (os === undefined || os === '' || architecture === undefined || architecture === '') {
    throw new OrcError('ORC_USAGE', `invalid platform "${p}" (want os/arch[/variant], e.g. linux/arm64)`);
  }
  return variant !== undefined && variant !== '' ? { os, architecture, variant } : { os, architecture };
}

function platformString(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((x) => x !== undefined).join('/');
}

/** The index entry for `want`: os and arch must match; a requested variant must match (arm64 defaults to v8). */
export function selectPlatform(entries: readonly Descriptor[], want: Platform): Descriptor | undefined {
  const candidates = entries.filter((d) => d.platform !== undefined && d.platform.os === want.os && d.platform.architecture === want.architecture);
  const norm = (v: string | undefined): string | undefined => (want.architecture === 'arm64' && v === undefined ? 'v8' : v);
  if (want.variant !== undefined) return candidates.find((d) => norm(d.platform?.variant) === norm(want.variant));
  return candidates.find((d) => d.platform?.variant === undefined || norm(d.platform.variant) === 'v8') ?? candidates[0];
}

function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

function shortId(digest: string): string {
  return digest.slice('sha256:'.length, 'sha256:'.length + 12);
}

interface Fetched {
  bytes: Buffer;
  digest: string;
  kind: 'manifest' | 'index';
}

class Puller {
  readonly added: string[] = [];
  private readonly abort = new AbortController();

  constructor(
    private readonly store: ImageStore,
    private readonly client: RegistryClient,
    private readonly ref: ImageReference,
    private readonly opts: PullOptions,
  ) {
    opts.signal?.addEventListener('abort', () => this.abort.abort(opts.signal?.reason), { once: true });
  }

  private get name(): string {
    return `${this.ref.registry}/${this.ref.path}`;
  }

  private async failure(res: HttpResponse, what: string): Promise<OrcError> {
    const body = await readBody(res, 64 << 10).catch(() => Buffer.alloc(0));
    const detail = errorDetail(body);
    if (res.status === 404) return new OrcError('ORC_NOT_FOUND', `${what} not found in ${this.ref.registry}${detail}`);
    if (res.status === 403) return new OrcError('ORC_UNAUTHORIZED', `${this.name}: access to ${what} denied (403)${detail}`);
    return new OrcError('ORC_REGISTRY', `${this.name}: ${what}: registry answered ${res.status}${detail}`);
  }

  async fetchManifest(reference: string, expected: string | undefined, label: string): Promise<Fetched> {
    const res = await this.client.get(`/v2/${this.ref.path}/manifests/${reference}`, { accept: MANIFEST_ACCEPT }, this.abort.signal);
    if (res.status !== 200) throw await this.failure(res, label);
    const bytes = await readBody(res, MAX_MANIFEST);
    const digest = sha256(bytes);
    if (expected !== undefined && digest !== expected) {
      throw new OrcError('ORC_DIGEST_MISMATCH', `${label}: ${this.ref.registry} sent a manifest with digest ${digest}, expected ${expected}`);
    }
    const claimed = header(res, 'docker-content-digest');
    if (claimed !== undefined && claimed.startsWith('sha256:') && claimed !== digest) {
      throw new OrcError('ORC_DIGEST_MISMATCH', `${label}: manifest hashes to ${digest} but ${this.ref.registry} claims ${claimed} (Docker-Content-Digest)`);
    }
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new OrcError('ORC_INVALID_IMAGE', `${label}: manifest is not valid JSON`, { cause: e });
    }
    const mt = (typeof doc['mediaType'] === 'string' ? doc['mediaType'] : undefined) ?? header(res, 'content-type')?.split(';')[0]?.trim();
    if (mt === MEDIA.dockerList || mt === MEDIA.ociIndex || (mt !== MEDIA.dockerManifest && mt !== MEDIA.ociManifest && Array.isArray(doc['manifests']))) {
      return { bytes, digest, kind: 'index' };
    }
    if (doc['schemaVersion'] === 1) throw new OrcError('ORC_INVALID_IMAGE', `${label}: Docker schema 1 manifests are not supported`);
    return { bytes, digest, kind: 'manifest' };
  }

  private progress(e: PullProgress): void {
    this.opts.onProgress?.(e);
  }

  /** Streams one blob into the store, verifying size and digest. */
  async fetchBlob(d: Descriptor): Promise<number> {
    const id = shortId(d.digest);
    const res = await this.client.get(`/v2/${this.ref.path}/blobs/${d.digest}`, {}, this.abort.signal);
    if (res.status !== 200) throw await this.failure(res, `blob ${d.digest}`);
    let current = 0;
    let reported = 0;
    const step = Math.max(64 << 10, Math.floor(d.size / 100));
    const self = this;
    async function* body(): AsyncGenerator<Buffer> {
      try {
        for await (const c of res.body) yield c as Buffer;
      } catch (e) {
        if (e instanceof OrcError) throw e;
        throw new OrcError('ORC_REGISTRY', `${self.name}: download of blob ${d.digest} failed after ${current} bytes: ${(e as Error).message}`, { cause: e });
      }
    }
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const b of body()) {
        current += b.length;
        if (current > d.size) {
          throw new OrcError('ORC_DIGEST_MISMATCH', `blob ${d.digest} from ${self.name} is larger than the ${d.size} bytes its descriptor says`);
        }
        if (current - reported >= step) {
          reported = current;
          self.progress({ kind: 'layer', id, digest: d.digest, status: 'downloading', current, total: d.size });
        }
        yield b;
      }
    }
    try {
      await this.store.blobs.write(counted(), d.digest);
    } catch (e) {
      res.body.destroy();
      if (e instanceof OrcError && e.code === 'ORC_DIGEST_MISMATCH' && !e.message.includes(this.name)) {
        throw new OrcError('ORC_DIGEST_MISMATCH', `blob from ${this.name}: ${e.message}`, { cause: e });
      }
      throw e;
    }
    this.added.push(d.digest);
    return current;
  }

  async run(): Promise<PullResult> {
    const ref = this.ref;
    const label = formatReference(ref);
    let fetched = await this.fetchManifest(ref.digest ?? (ref.tag as string), ref.digest, `manifest for ${label}`);
    let indexDigest: string | undefined;
    if (fetched.kind === 'index') {
      const index = parseIndex(JSON.parse(fetched.bytes.toString('utf8')));
      const want = parsePlatform(this.opts.platform);
      const entry = selectPlatform(index.manifests, want);
      if (entry === undefined) {
        const have = index.manifests.flatMap((m) => (m.platform !== undefined ? [platformString(m.platform)] : [])).join(', ');
        throw new OrcError('ORC_NOT_FOUND', `${label} has no image for ${platformString(want)} (it has: ${have || 'none'})`);
      }
      indexDigest = fetched.digest;
      fetched = await this.fetchManifest(entry.digest, entry.digest, `manifest ${entry.digest} (${platformString(want)}) of ${label}`);
      if (fetched.kind !== 'manifest') throw new OrcError('ORC_INVALID_IMAGE', `${label}: nested indexes are not supported`);
    }
    const manifest: Manifest = parseManifest(JSON.parse(fetched.bytes.toString('utf8')));
    this.progress({ kind: 'resolved', reference: label, digest: fetched.digest, layers: manifest.layers.length });

    if (!(await this.store.blobs.has(manifest.config.digest))) await this.fetchBlob(manifest.config);
    const config = parseImageConfig(await this.store.blobs.readJson(manifest.config.digest));
    if (config.diffIds.length !== manifest.layers.length) {
      throw new OrcError('ORC_INVALID_IMAGE', `${label}: manifest has ${manifest.layers.length} layers but the config has ${config.diffIds.length} diff_ids`);
    }

    let downloaded = 0;
    let skipped = 0;
    let bytes = 0;
    const todo: Descriptor[] = [];
    const seen = new Set<string>();
    for (const l of manifest.layers) {
      if (seen.has(l.digest)) continue;
      seen.add(l.digest);
      if (await this.store.blobs.has(l.digest)) {
        skipped++;
        this.progress({ kind: 'layer', id: shortId(l.digest), digest: l.digest, status: 'exists', current: l.size, total: l.size });
      } else {
        todo.push(l);
        this.progress({ kind: 'layer', id: shortId(l.digest), digest: l.digest, status: 'waiting', current: 0, total: l.size });
      }
    }
    const limit = Math.max(1, this.opts.concurrency ?? 3);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const l = todo[next++];
        if (l === undefined) return;
        const n = await this.fetchBlob(l);
        bytes += n;
        downloaded++;
        this.progress({ kind: 'layer', id: shortId(l.digest), digest: l.digest, status: 'done', current: n, total: l.size });
      }
    };
    const workers = Array.from({ length: Math.min(limit, todo.length) }, () => worker());
    try {
      await Promise.all(workers);
    } catch (e) {
      // stop the other downloads before cleaning up
      this.abort.abort(e);
      await Promise.allSettled(workers);
      throw e;
    }

    await this.store.blobs.put(fetched.bytes, fetched.digest);
    this.added.push(fetched.digest);
    const tags = ref.digest === undefined ? [label] : [];
    const added = await this.store.addImage(fetched.digest, tags, { repository: this.name });
    return {
      reference: label,
      digest: fetched.digest,
      ...(indexDigest !== undefined ? { indexDigest } : {}),
      id: added.id,
      repoTags: added.repoTags,
      downloaded,
      skipped,
      bytes,
    };
  }

  /** Removes blobs this pull wrote that no recorded image references. */
  async rollback(): Promise<void> {
    if (this.added.length === 0) return;
    const used = new Set<string>();
    for (const img of await this.store.list()) {
      const info = await this.store.inspect(img.digest);
      used.add(info.digest);
      used.add(info.manifest.config.digest);
      for (const l of info.manifest.layers) used.add(l.digest);
    }
    for (const d of this.added) if (!used.has(d)) await this.store.blobs.delete(d);
  }
}

/**
 * Pulls `ref` (`redis`, `host:5000/app:1`, `x@sha256:…`) from its registry
 * into `store`. Layers already in the store are not downloaded again.
 */
export async function pull(store: ImageStore, ref: string, opts: PullOptions = {}): Promise<PullResult> {
  const parsed = parseReference(ref);
  const credentials = opts.credentials !== undefined ? (opts.credentials ?? undefined) : await readCredentials(parsed.registry, opts.configPath ?? defaultConfigPath());
  const client = new RegistryClient({
    registry: parsed.registry,
    repository: parsed.path,
    ...(credentials !== undefined ? { credentials } : {}),
    ...(opts.insecureRegistries !== undefined ? { insecureRegistries: opts.insecureRegistries } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const puller = new Puller(store, client, parsed, opts);
  try {
    return await puller.run();
  } catch (e) {
    await puller.rollback().catch(() => undefined);
    if (e instanceof OrcError) throw e;
    if (opts.signal?.aborted === true) throw new OrcError('ORC_REGISTRY', `pull of ${ref} was cancelled`, { cause: e });
    throw new OrcError('ORC_REGISTRY', `pull of ${ref} failed: ${(e as Error).message}`, { cause: e });
  } finally {
    client.close();
  }
}
