/** The control API: the only module other folders import. */
export { ControlApi, openSecret, randomId, type AddManagerResult, type ControlDeps, type DeployResult, type WatchedEvent } from './api.js';
export { controlHandlers, toDocument, type AnyCall, type ControlHandlerOptions } from './handlers.js';
export { filterPredicate, labelMatches, pick, taskName, type Filters } from './lookup.js';
export { constraintError, normaliseServiceSpec, type Refs } from './service-spec.js';
export { MAX_CONFIG_BYTES, MAX_SECRET_BYTES, outward } from './objects.js';
export { CONTENT_KEY, planStack, SERVICE_KEYS, type StackPlan } from './stack.js';
export { logTargets, serviceLogsHandler, streamServiceLogs, type ServiceLogsOptions, type ServiceLogsRequest } from './logs.js';
