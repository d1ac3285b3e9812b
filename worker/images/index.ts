/**
 * The image store of the local engine: the only file other folders import.
 */
export { ImageStore } from './image-store.js';
export type { ImageSummary, ImageInspect, LoadResult, RemoveResult, PruneResult, OverlaySpec, AddedImage } from './image-store.js';
export { dockerImageInspect } from './inspect.js';
export type { DockerImageInspect } from './inspect.js';
export { mountOverlay, unmountOverlay, overlayOptions } from './overlay.js';
export type { ImageConfig, Healthcheck, Manifest, Index, Descriptor, Platform } from './oci.js';
export { MEDIA, parseManifest, parseIndex, parseImageConfig } from './oci.js';
export { parseReference, formatReference, familiarName, normaliseTag, repositoryName, isDigest, DEFAULT_REGISTRY } from './reference.js';
export type { ImageReference } from './reference.js';
export { chainIds } from './layer-store.js';
export { digestOf } from './blob-store.js';
export { readTar } from './tar-reader.js';
export { ustarHeader } from './tar-writer.js';
export type { TarEntry, TarHeader } from './tar-reader.js';
