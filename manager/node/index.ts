/** A daemon's part in a cluster: the only file other folders import (the node itself is loaded on demand). */
export { clusterPlugin } from './plugin.js';
export type { InitOptions, JoinOptions } from './cluster-node.js';
