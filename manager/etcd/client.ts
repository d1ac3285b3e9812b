/**
 * A client of the cluster's etcd (mTLS with the node's certificate), calls
 * with deadlines, and the one translation of etcd's errors into OrcErrors.
 */
import { Etcd3, isRecoverableError, type IOptions } from 'etcd3';
import type { CallOptions } from '@grpc/grpc-js';
import { OrcError } from '../../common/errors.js';

export interface EtcdClientTls {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

export interface ConnectEtcdOptions {
  /** Client URLs (https:// with `tls`). */
  endpoints: string[];
  tls?: EtcdClientTls;
  /** How long a new connection may take (default 5 s). */
  dialTimeoutMs?: number;
  /** The name the members' certificates are checked against, instead of the endpoint's address. */
  serverName?: string;
}

/** The default deadline of one etcd call: a call never waits longer for a quorum. */
export const CALL_TIMEOUT_MS = 5_000;

type FaultHandling = NonNullable<IOptions['faultHandling']>;
type Policy = ReturnType<NonNullable<FaultHandling['host']>>;

/**
 * etcd3's own fault handling opens a circuit for 5 s after three failures,
 * which would keep a manager away from its etcd member long after it came
 * back. Here every call tries each endpoint at most once (another endpoint
 * on a recoverable error), bounded by the call's deadline, and no endpoint is
 * ever shut out. The client calls nothing but `execute`.
 */
function retryPolicy(attempts: number): Policy {
  const policy = {
    async execute<T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
      const context = { signal: signal ?? new AbortController().signal };
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn(context);
        } catch (e) {
          if (attempt >= attempts || !(e instanceof Error) || !isRecoverableError(e)) throw e;
        }
      }
    },
  };
  return policy as unknown as Policy;
}

export function connectEtcd(o: ConnectEtcdOptions): Etcd3 {
  if (o.endpoints.length === 0) throw new OrcError('ORC_USAGE', 'no etcd endpoint given');
  const options: IOptions = {
    hosts: o.endpoints,
    dialTimeout: o.dialTimeoutMs ?? 5_000,
    faultHandling: { host: () => retryPolicy(1), global: retryPolicy(Math.max(2, o.endpoints.length)) },
    grpcOptions: {
      // Notice a dead connection (a peer gone without a reset) on idle streams;
      // etcd refuses pings more often than every 5 s.
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
    },
  };
  if (o.tls !== undefined) {
    if (o.serverName !== undefined) options.grpcOptions = { ...options.grpcOptions, 'grpc.ssl_target_name_override': o.serverName };
    options.credentials = {
      rootCertificate: Buffer.from(o.tls.caCertPem),
      certChain: Buffer.from(o.tls.certPem),
      privateKey: Buffer.from(o.tls.keyPem),
    };
  }
  return new Etcd3(options);
}

/** Options of one call: a deadline `timeoutMs` from now, shared by every retry. */
export function callOptions(timeoutMs: number = CALL_TIMEOUT_MS): CallOptions {
  return { deadline: Date.now() + timeoutMs };
}

const UNAVAILABLE = [
  'GRPCDeadlineExceededError', 'GRPCUnavailableError', 'GRPCCancelledError', 'BrokenCircuitError', 'ClientClosedError',
];
const UNAVAILABLE_MESSAGES = /request timed out|no leader|leader changed|too many requests|timed out|deadline exceeded|unavailable|not capable|connection|client was already closed/i;

/** The one translation of an etcd (client) error into an OrcError, saying what was being done. */
export function etcdError(e: unknown, doing: string): OrcError {
  if (e instanceof OrcError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const message = err.message.replace(/ Please report this error.*$/, '');
  if (UNAVAILABLE.includes(err.constructor.name) || UNAVAILABLE_MESSAGES.test(message)) {
    return new OrcError('ORC_UNAVAILABLE', `${doing}: etcd did not answer in time or has no quorum (${message}); if this was a write, read again: it may have been applied`, { cause: e });
  }
  if (/request is too large|too many operations in txn|duplicate key/i.test(message)) {
    return new OrcError('ORC_USAGE', `${doing}: ${message}`, { cause: e });
  }
  if (/permission denied|unauthenticated|authentication failed/i.test(message)) {
    return new OrcError('ORC_UNAUTHORIZED', `${doing}: ${message}`, { cause: e });
  }
  return new OrcError('ORC_INTERNAL', `${doing}: ${message}`, { cause: e });
}
