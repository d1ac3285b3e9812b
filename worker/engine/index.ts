/**
 * The local engine's container lifecycle: the only file other folders import.
 */
export { Engine } from './engine.js';
export type { EngineOptions, CreateOptions, StartOptions, StopOptions, RemoveOptions, ContainerSummary, ContainerInspect } from './engine.js';
export type { ContainerStatus } from './record.js';
export type { LogEntry, LogOptions } from './logs.js';
export { formatEntry } from './logs.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export type { AttachSession, AttachOutput } from './attach.js';
export type { ExecHandle, ExecRequest } from './exec.js';
export { parseRestartPolicy, formatRestartPolicy } from './restart.js';
export type { RestartPolicy, RestartPolicyName } from './restart.js';
export { parseLogConfig } from './log-config.js';
export type { LogConfig } from './log-config.js';
export type { StatsSample } from './stats.js';
export type { TopResult } from './top.js';
export { LOCK_FILE } from './lock.js';
export { removeImage, pruneImages } from './images.js';
export { EventBus, matches as eventMatches, validateFilters as validateEventFilters } from './events.js';
export type { EngineEvent, EventActor, EventFilters, EventType, SubscribeOptions } from './events.js';
export type { HealthState, HealthStatus, HealthResult, HealthEvent, HealthcheckConfig } from './health.js';
export { ContainerNetworking, networkMode } from './networking.js';
export type { NetworksApi, DnsApi, EtcFiles, Attachment, ContainerNetworkOptions } from './networking.js';
