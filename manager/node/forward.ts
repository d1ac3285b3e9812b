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

type AnyHandler = (call: unknown, callback?: unknown) => void;

/**
 * Handlers of `definition` that pass each call to the handlers of the moment
 * (`current()`), else to `fallback`: the dispatcher of the leader or a
 * follower's redirect, the control API of a manager or a worker's refusal.
 */
export function delegating(definition: grpc.ServiceDefinition, current: () => object | undefined, fallback: object): grpc.UntypedServiceImplementation {
  const out: Record<string, AnyHandler> = {};
  for (const name of Object.keys(definition)) {
    out[name] = (call, callback) => {
      const h = ((current() ?? fallback) as Record<string, AnyHandler | undefined>)[name];
      if (h === undefined) return;
      if (callback !== undefined) h(call, callback);
      else h(call);
    };
  }
  return out as grpc.UntypedServiceImplementation;
}

/** Handlers of `definition` that refuse every call with `error()` (a status for unary calls, an error event on streams). */
export function refusing(definition: grpc.ServiceDefinition, error: () => unknown): grpc.UntypedServiceImplementation {
  const out: Record<string, AnyHandler> = {};
  for (const name of Object.keys(definition)) {
    out[name] = (call, callback) => {
      const status = toStatus(error());
      if (callback !== undefined) (callback as grpc.sendUnaryData<object>)(status);
      else (call as grpc.ServerWritableStream<object, object>).emit('error', status);
    };
  }
  return out as grpc.UntypedServiceImplementation;
}
