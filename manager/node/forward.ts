/**
 * Unary calls of a service passed on to another server as they came: the
 * request re-encoded with the service's own serializers, the answer or the
 * error (status, details, metadata) handed back unchanged. A manager that
 * is not the leader forwards control calls this way.
 */
import * as grpc from '@grpc/grpc-js';
import { toStatus } from '../../worker/daemon/index.js';

type Unary = (call: grpc.ServerUnaryCall<object, object>, cb: grpc.sendUnaryData<object>) => void;

export interface ForwardTarget {
  /** Where to send the call now, or undefined to handle it here. */
  target(): Promise<{ addr: string } | undefined>;
  credentials(): grpc.ChannelCredentials;
}

const clients = new Map<string, grpc.Client>();

function clientFor(addr: string, creds: grpc.ChannelCredentials): grpc.Client {
  let c = clients.get(addr);
  if (c === undefined) {
    c = new grpc.Client(addr, creds, { 'grpc.ssl_target_name_override': 'orc-manager', 'grpc.max_receive_message_length': 64 << 20 });
    clients.set(addr, c);
  }
  return c;
}

/** Closes the clients forwarding opened. */
export function closeForwardClients(): void {
  for (const c of clients.values()) c.close();
  clients.clear();
}

/**
 * Wraps every unary handler of `handlers` (per `definition`): when `route`
 * names a target, the call goes there; otherwise the local handler answers.
 * Streaming handlers are kept as they are.
 */
export function forwarding<H extends object>(definition: grpc.ServiceDefinition, handlers: H, route: ForwardTarget): H {
  const out: Record<string, unknown> = { ...(handlers as Record<string, unknown>) };
  for (const [name, m] of Object.entries(definition)) {
    if (m.requestStream || m.responseStream) continue;
    const local = (handlers as Record<string, Unary | undefined>)[name];
    if (local === undefined) continue;
    out[name] = ((call, cb) => {
      void route.target().then(
        (to) => {
          if (to === undefined) {
            local(call, cb);
            return;
          }
          const client = clientFor(to.addr, route.credentials());
          client.makeUnaryRequest(
            m.path,
            (v: object) => m.requestSerialize(v),
            (b: Buffer) => m.responseDeserialize(b) as object,
            call.request,
            new grpc.Metadata(),
            { deadline: Date.now() + 30_000 },
            (err, value) => {
              if (err !== null) cb(err);
              else cb(null, value);
            },
          );
        },
        (e: unknown) => cb(toStatus(e)),
      );
    }) satisfies Unary;
  }
  return out as H;
}
