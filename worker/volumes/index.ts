/**
 * Volumes of the local engine (named and anonymous, Docker's local driver)
 * and the files of secrets and configs: the only file other folders import.
 */
export { Volumes, VOLUME_NAME, parseVolumeFilters } from './volumes.js';
export { writeContainerFiles, secretFile, configFile, DEFAULT_FILE_MODE } from './files.js';
export type { FileSources } from './files.js';
export { ANONYMOUS_LABEL } from './types.js';
export type { BindMount, ContainerFile, MountPoint, PruneResult, VolumeCreateOptions, VolumeFilters, VolumeInspect } from './types.js';
