export { StackReconciler } from './reconciler.js';
export { EnginePorts, type NetworkBackend, type VolumeBackend } from './engine-ports.js';
export { LABEL, COMPOSE_VERSION } from './labels.js';
export type { StackEvent, UpOptions, DownOptions, RunOneOffOptions, StackPorts, ServiceOptionsFn, Replica } from './ports.js';
export { parsePublish } from './publish.js';
export { serviceCreateOptions, replicaName, serviceImage } from './service-options.js';
export { configHash } from './config-hash.js';
export { containerName, oneoffContainerName, newSlug, parseContainerName, validProjectName } from './names.js';
