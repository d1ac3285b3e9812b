/**
 * The cluster node as a plugin of the daemon: its Swarm calls (init, join,
 * leave, info) and the control API on the daemon's unix socket, and, when
 * the data root holds a membership, the node rejoins its cluster at start.
 */
import type { DaemonPlugin } from '../../worker/daemon/index.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { CONTROL_PROTO, CONTROL_SERVICE, SWARM_SERVICE } from '../../proto/loader-options.js';
import { ClusterNode } from './cluster-node.js';

export function clusterPlugin(): DaemonPlugin {
  return async (ctx) => {
    const node = new ClusterNode(ctx);
    ctx.server.addService(serviceDefinition(CONTROL_PROTO, SWARM_SERVICE), node.swarmHandlers());
    ctx.server.addService(serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE), node.socketControlHandlers());
    await node.open();
    return { close: () => node.close() };
  };
}
