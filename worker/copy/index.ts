/**
 * Copying files into and out of containers (`orc cp`): the only file other folders import.
 */
export { resolveInRoot } from './rootfs-path.js';
export type { Resolved } from './rootfs-path.js';
export { TarPacker } from './tar-pack.js';
export { extractTar, cleanName } from './tar-extract.js';
export type { ExtractOptions } from './tar-extract.js';
export { place, contentsOnly } from './placement.js';
export type { Placement } from './placement.js';
