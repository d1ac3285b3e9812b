/**
 * The cluster node as a plugin of the daemon: its Swarm calls (init, join,
 * leave, info) and the control API on the daemon's unix socket, and, when
 * the data root holds a membership, the node rejoins its cluster at start.
 *
 * A daemon outside any cluster pays nothing for it: the node (etcd client,
 * CA, the manager's components) is loaded on the first Swarm or control
 * call, or at start when the data root holds a membership.
 */
import type * as grpc from '@grpc/grpc-js';
import { toStatus, type DaemonContext, type DaemonPlugin } from '../../worker/daemon/index.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { CONTROL_PROTO, CONTROL_SERVICE, SWARM_SERVICE } from '../../proto/loader-options.js';
import type { ClusterNode } from './cluster-node.js';
import { SwarmFiles } from './state.js';

type AnyHandler = (call: unknown, callback?: unknown) => void;

export function clusterPlugin(): DaemonPlugin {
  return async (ctx: DaemonContext) => {
    let node: Promise<ClusterNode> | undefined;
    const load = (): Promise<ClusterNode> => (node ??= import('./cluster-node.js').then(async (m) => {
      const n = new m.ClusterNode(ctx);
      await n.open();
      return n;
    }));
    for (const fullName of [SWARM_SERVICE, CONTROL_SERVICE]) {
      const definition = serviceDefinition(CONTROL_PROTO, fullName);
      const handlers: Record<string, AnyHandler> = {};
      for (const name of Object.keys(definition)) {
        handlers[name] = (call, callback) => {
          void load().then((n) => {
            const h = (n.socketHandlers(fullName) as Record<string, AnyHandler | undefined>)[name];
            if (callback !== undefined) h?.(call, callback);
            else h?.(call);
          }, (e: unknown) => {
            // the node could not be loaded: say so on this call
            const status = toStatus(e);
            if (callback !== undefined) (callback as grpc.sendUnaryData<object>)(status);
            else (call as grpc.ServerWritableStream<object, object>).emit('error', status);
          });
        };
      }
      ctx.server.addService(definition, handlers as grpc.UntypedServiceImplementation);
    }
    if (new SwarmFiles(ctx.dataRoot).read() !== undefined) await load();
    return { close: async () => (node === undefined ? undefined : (await node).close()) };
  };
}
