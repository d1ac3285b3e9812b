/**
 * The local engine's container lifecycle: the only file other folders import.
 */
export { Engine } from './engine.js';
export type { EngineOptions, CreateOptions, StopOptions, RemoveOptions, ContainerSummary, ContainerInspect } from './engine.js';
export type { ContainerStatus } from './record.js';
export type { LogEntry, LogOptions } from './logs.js';
export { formatEntry } from './logs.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { removeImage, pruneImages } from './images.js';
