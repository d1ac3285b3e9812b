export { Scheduler, ASSIGNED_MESSAGE, type SchedulerDeps } from './scheduler.js';
export {
  Pipeline,
  defaultFilters,
  ReadyFilter,
  AvailabilityFilter,
  ResourceFilter,
  ConstraintFilter,
  MaxReplicasFilter,
  HostPortFilter,
  type Filter,
} from './filters.js';
export { NodeInfo, contributionOf, hostPortKeys, type Contribution } from './node-info.js';
export { parseConstraint, parseConstraints, matchesConstraint, matchesConstraints, nodeAttribute, type Constraint } from './constraint.js';
export { GroupPlacer, Heap } from './placement.js';
export { runLoop, Ticker, tracer, type LoopHooks } from '../loop/index.js';
