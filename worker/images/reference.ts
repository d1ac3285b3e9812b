/**
 * Image references: `[registry/]path[:tag][@sha256:hex]`, normalised the way
 * Docker does (`busybox` → `docker.io/library/busybox:latest`).
 */
import { OrcError } from '../../common/errors.js';

export const DEFAULT_REGISTRY = 'docker.io';

export interface ImageReference {
  /** `docker.io`, `localhost:5000`, `ghcr.io`, … */
  readonly registry: string;
  /** `library/busybox`, `x`, `org/app` */
  readonly path: string;
  /** Present unless the reference is digest-only. */
  readonly tag?: string;
  /** `sha256:<64 hex>` when the reference pins a digest. */
  readonly digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;

export function isDigest(s: string): boolean {
  return DIGEST.test(s);
}

function invalid(ref: string, why: string): OrcError {
  return new OrcError('ORC_INVALID_REFERENCE', `invalid image reference "${ref}": ${why}`);
}

/** Parses and normalises a reference; a missing tag becomes `latest` unless a digest is given. */
export function parseReference(ref: string): ImageReference {
  if (ref.length === 0 || ref.length > 512) throw invalid(ref, 'empty or too long');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(ref, 'digest must be sha256:<64 lowercase hex>');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(ref, `bad tag "${tag}"`);
  }
  const parts = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!HOST.test(first)) throw invalid(ref, `bad registry host "${first}"`);
    registry = first === 'index.docker.io' || first === 'registry-1.docker.io' ? DEFAULT_REGISTRY : first;
    parts.shift();
  }
  if (parts.length === 0) throw invalid(ref, 'missing repository name');
  for (const p of parts) {
    if (!COMPONENT.test(p)) throw invalid(ref, `bad path component "${p}" (lowercase letters, digits and separators only)`);
  }
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  if (tag === undefined && digest === undefined) tag = 'latest';
  return {
    registry,
    path,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** `docker.io/library/busybox` */
export function repositoryName(r: ImageReference): string {
  return `${r.registry}/${r.path}`;
}

/** The canonical string: `docker.io/library/busybox:latest`, `x@sha256:…`, or both. */
export function formatReference(r: ImageReference): string {
  let s = repositoryName(r);
  if (r.tag !== undefined) s += `:${r.tag}`;
  if (r.digest !== undefined) s += `@${r.digest}`;
  return s;
}

/** `busybox:latest` for Docker Hub library images, `docker.io/org/x:1` → `org/x:1`: what `docker images` shows. */
export function familiarName(canonical: string): string {
  const r = parseReference(canonical);
  let name = repositoryName(r);
  if (r.registry === DEFAULT_REGISTRY) {
    name = r.path.startsWith('library/') && r.path.split('/').length === 2 ? r.path.slice('library/'.length) : r.path;
  }
  if (r.tag !== undefined) name += `:${r.tag}`;
  if (r.digest !== undefined) name += `@${r.digest}`;
  return name;
}

/** Normalises a tag-style reference to its canonical `registry/path:tag`; rejects digests. */
export function normaliseTag(ref: string): string {
  const r = parseReference(ref);
  if (r.digest !== undefined) throw invalid(ref, 'a tag cannot contain a digest');
  return formatReference(r);
}
