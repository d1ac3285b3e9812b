/**
 * The local engine daemon (gRPC over a unix socket): the only file other folders import.
 */
export { startDaemon, runDaemon, loadEngineService } from './server.js';
export type { Daemon, DaemonContext, DaemonOptions, DaemonPlugin } from './server.js';
export { toStatus } from './status.js';
