/** Which manager leads: an etcd lease and one key. */
export { LEADER_KEY, LeaderElection, type ElectionHandlers, type LeaderElectionOptions } from './election.js';
