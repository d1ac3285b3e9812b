/** The cluster agent of a worker: the only file other folders import. */
export { AgentSession, leaderHint, LEADER_METADATA_KEY, type AgentSessionEvent, type AgentSessionOptions } from './session.js';
export type { ApplyOptions } from './executor-types.js';
export { EngineExecutor, type EngineExecutorOptions, type TaskExecutor } from './executor.js';
export { registryImages, type TaskImages } from './executor-images.js';
export { engineTaskLogs, mergeAsync, recordTimeMs, taskContainer, type TaskLogOptions, type TaskLogRecord, type TaskLogsProvider } from './logs.js';
