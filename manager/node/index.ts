/** A daemon's part in a cluster: the only file other folders import. */
export { clusterPlugin } from './plugin.js';
export { ClusterNode, DEFAULT_PORT, defaultAdvertiseAddr } from './cluster-node.js';
export type { SwarmInfoView, InitOptions, JoinOptions } from './cluster-node.js';
