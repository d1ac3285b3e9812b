/**
 * The Network* handlers: wire messages in, `Networks` calls, wire messages
 * out. Documents travel as Docker's network inspect JSON. Connect and
 * disconnect resolve the container through the engine (name or id prefix)
 * and act on its live attachment.
 */
import type * as grpc from '@grpc/grpc-js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { Engine } from '../engine/index.js';
import type { Networks, NetworkCreateRequest } from '../network/index.js';
import type { NetworkCreateRequest__Output } from '../../proto/generated/orc/engine/v1/NetworkCreateRequest.js';
import { toStatus } from './status.js';

type NetworkHandlers = Pick<EngineHandlers, 'NetworkCreate' | 'NetworkList' | 'NetworkInspect' | 'NetworkRemove' | 'NetworkPrune' | 'NetworkConnect' | 'NetworkDisconnect'>;

function unary<Req, Res>(fn: (req: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then((res) => callback(null, res), (e: unknown) => callback(toStatus(e)));
  };
}

export function createRequest(r: NetworkCreateRequest__Output): NetworkCreateRequest {
  return {
    name: r.name,
    ...(r.driver !== '' ? { driver: r.driver } : {}),
    internal: r.internal,
    attachable: r.attachable,
    labels: r.labels,
    options: r.options,
    ipam: {
      config: r.ipam_config.map((c) => ({
        ...(c.subnet !== '' ? { subnet: c.subnet } : {}),
        ...(c.ip_range !== '' ? { ipRange: c.ip_range } : {}),
        ...(c.gateway !== '' ? { gateway: c.gateway } : {}),
        ...(Object.keys(c.aux_addresses).length > 0 ? { auxAddresses: c.aux_addresses } : {}),
      })),
    },
  };
}

export function networkHandlers(networks: Networks, engine: Engine): NetworkHandlers {
  const containerId = (ref: string): string => engine.inspect(ref).Id;
  return {
    NetworkCreate: unary(async (req) => ({ id: (await networks.create(createRequest(req))).Id })),
    NetworkList: unary(() => ({ json: networks.list().map((n) => JSON.stringify(n)) })),
    NetworkInspect: unary((req) => ({ json: JSON.stringify(networks.inspect(req.network)) })),
    NetworkRemove: unary(async (req) => {
      await networks.remove(req.network);
      return {};
    }),
    NetworkPrune: unary(async () => ({ deleted: await networks.prune() })),
    NetworkConnect: unary(async (req) => {
      networks.inspect(req.network); // an unknown network is reported before the container
      await networks.connect(containerId(req.container), {
        network: req.network,
        ...(req.aliases.length > 0 ? { aliases: req.aliases } : {}),
        ...(req.ipv4_address !== '' ? { ipv4Address: req.ipv4_address } : {}),
        ...(req.mac_address !== '' ? { macAddress: req.mac_address } : {}),
        ...(req.interface_name !== '' ? { interfaceName: req.interface_name } : {}),
        ...(req.gw_priority !== 0 ? { gwPriority: req.gw_priority } : {}),
      });
      return {};
    }),
    NetworkDisconnect: unary(async (req) => {
      networks.inspect(req.network);
      await networks.disconnect(containerId(req.container), req.network);
      return {};
    }),
  };
}
