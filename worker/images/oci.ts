/**
 * OCI / Docker schema2 documents (manifest, index, image config), checked at
 * the edge so the rest of the store handles typed values only, plus the image
 * config accessors the container side reads.
 */
import { OrcError } from '../../common/errors.js';
import { isDigest } from './reference.js';

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface Manifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface Index {
  schemaVersion: 2;
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface Healthcheck {
  test: string[];
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  startInterval?: number;
  retries?: number;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  created?: string;
  diffIds: string[];
  /** The raw `config` section, for accessors. */
  env: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  workingDir: string;
  user: string;
  exposedPorts: string[];
  volumes: string[];
  healthcheck: Healthcheck | null;
  stopSignal: string | null;
  labels: Record<string, string>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function invalid(what: string, why: string): OrcError {
  return new OrcError('ORC_INVALID_IMAGE', `invalid ${what}: ${why}`);
}

function obj(v: unknown, what: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(what, 'not a JSON object');
  return v as JsonObject;
}

function optObj(v: unknown, what: string): JsonObject | undefined {
  return v === undefined || v === null ? undefined : obj(v, what);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw invalid(what, 'expected a string');
  return v;
}

function strArray(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw invalid(what, 'expected an array of strings');
  return v as string[];
}

function strMap(v: unknown, what: string): Record<string, string> {
  const o = optObj(v, what);
  const out: Record<string, string> = {};
  if (o === undefined) return out;
  for (const [k, x] of Object.entries(o)) out[k] = str(x, `${what}.${k}`);
  return out;
}

export function parseDescriptor(v: unknown, what: string): Descriptor {
  const o = obj(v, what);
  const digest = str(o['digest'], `${what}.digest`);
  if (!isDigest(digest)) throw invalid(what, `unsupported digest "${digest}" (sha256 only)`);
  const size = o['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid(what, 'size must be a non-negative integer');
  const d: Descriptor = { mediaType: typeof o['mediaType'] === 'string' ? o['mediaType'] : '', digest, size };
  if (o['annotations'] !== undefined) d.annotations = strMap(o['annotations'], `${what}.annotations`);
  const p = optObj(o['platform'], `${what}.platform`);
  if (p !== undefined) {
    d.platform = { architecture: str(p['architecture'], 'platform.architecture'), os: str(p['os'], 'platform.os') };
    if (typeof p['variant'] === 'string') d.platform.variant = p['variant'];
  }
  return d;
}

/** Tells a manifest from an index (the mediaType may be missing in OCI documents). */
export function documentKind(v: unknown): 'manifest' | 'index' {
  const o = obj(v, 'document');
  const mt = o['mediaType'];
  if (mt === MEDIA.ociIndex || mt === MEDIA.dockerList || (mt === undefined && Array.isArray(o['manifests']))) return 'index';
  if (mt === MEDIA.ociManifest || mt === MEDIA.dockerManifest || (mt === undefined && o['config'] !== undefined)) return 'manifest';
  throw invalid('document', `unsupported media type ${String(mt)}`);
}

export function parseManifest(v: unknown): Manifest {
  const o = obj(v, 'manifest');
  if (o['schemaVersion'] !== 2) throw invalid('manifest', 'schemaVersion must be 2');
  const layers = o['layers'];
  if (!Array.isArray(layers)) throw invalid('manifest', 'layers must be an array');
  const m: Manifest = {
    schemaVersion: 2,
    mediaType: typeof o['mediaType'] === 'string' ? o['mediaType'] : MEDIA.ociManifest,
    config: parseDescriptor(o['config'], 'manifest.config'),
    layers: layers.map((l, i) => parseDescriptor(l, `manifest.layers[${i}]`)),
  };
  if (o['annotations'] !== undefined) m.annotations = strMap(o['annotations'], 'manifest.annotations');
  return m;
}

export function parseIndex(v: unknown): Index {
  const o = obj(v, 'index');
  if (o['schemaVersion'] !== 2) throw invalid('index', 'schemaVersion must be 2');
  const ms = o['manifests'];
  if (!Array.isArray(ms)) throw invalid('index', 'manifests must be an array');
  const idx: Index = {
    schemaVersion: 2,
    mediaType: typeof o['mediaType'] === 'string' ? o['mediaType'] : MEDIA.ociIndex,
    manifests: ms.map((m, i) => parseDescriptor(m, `index.manifests[${i}]`)),
  };
  if (o['annotations'] !== undefined) idx.annotations = strMap(o['annotations'], 'index.annotations');
  return idx;
}

function cmdLike(v: unknown, what: string): string[] | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return [v];
  return strArray(v, what);
}

function nanos(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

export function parseImageConfig(v: unknown): ImageConfig {
  const o = obj(v, 'image config');
  const rootfs = obj(o['rootfs'], 'image config rootfs');
  if (rootfs['type'] !== 'layers') throw invalid('image config', 'rootfs.type must be "layers"');
  const diffIds = strArray(rootfs['diff_ids'], 'rootfs.diff_ids');
  for (const d of diffIds) if (!isDigest(d)) throw invalid('image config', `diff_id "${d}" is not a sha256 digest`);
  const c = optObj(o['config'], 'image config.config') ?? {};
  let healthcheck: Healthcheck | null = null;
  const hc = optObj(c['Healthcheck'], 'Healthcheck');
  if (hc !== undefined && hc['Test'] !== undefined && hc['Test'] !== null) {
    healthcheck = { test: strArray(hc['Test'], 'Healthcheck.Test') };
    const set = (k: 'interval' | 'timeout' | 'startPeriod' | 'startInterval', raw: unknown): void => {
      const n = nanos(raw);
      if (n !== undefined) healthcheck = { ...(healthcheck as Healthcheck), [k]: n };
    };
    set('interval', hc['Interval']);
    set('timeout', hc['Timeout']);
    set('startPeriod', hc['StartPeriod']);
    set('startInterval', hc['StartInterval']);
    const r = hc['Retries'];
    if (typeof r === 'number' && Number.isInteger(r) && r > 0) healthcheck = { ...healthcheck, retries: r };
  }
  const cfg: ImageConfig = {
    architecture: typeof o['architecture'] === 'string' ? o['architecture'] : '',
    os: typeof o['os'] === 'string' ? o['os'] : '',
    diffIds,
    env: c['Env'] === undefined || c['Env'] === null ? [] : strArray(c['Env'], 'config.Env'),
    entrypoint: cmdLike(c['Entrypoint'], 'config.Entrypoint'),
    cmd: cmdLike(c['Cmd'], 'config.Cmd'),
    workingDir: typeof c['WorkingDir'] === 'string' ? c['WorkingDir'] : '',
    user: typeof c['User'] === 'string' ? c['User'] : '',
    exposedPorts: Object.keys(optObj(c['ExposedPorts'], 'config.ExposedPorts') ?? {}).sort(),
    volumes: Object.keys(optObj(c['Volumes'], 'config.Volumes') ?? {}).sort(),
    healthcheck,
    stopSignal: typeof c['StopSignal'] === 'string' && c['StopSignal'] !== '' ? c['StopSignal'] : null,
    labels: strMap(c['Labels'], 'config.Labels'),
  };
  if (typeof o['created'] === 'string') cfg.created = o['created'];
  return cfg;
}

export function isGzipMedia(mt: string): boolean {
  return mt.endsWith('+gzip') || mt.endsWith('.tar.gzip');
}
