/** The dispatcher: worker sessions, heartbeats, assignments and task state reports (see README.md). */
export {
  Dispatcher, followerHandlers, parseStatus, peerHost, HEARTBEAT_MISSES, LEADER_METADATA_KEY,
  type CallerIdentity, type DispatcherCall, type DispatcherDeps, type Identify, type ManagerAddress,
} from './dispatcher.js';
export { LogBroker, NodeUnreachableError, unreachable, type LogSubscriptionOptions, type NodeLogChunk } from './logs.js';
export { acceptStatus } from './status-writer.js';
export { assignedTo, referencedFiles } from './assignments.js';
