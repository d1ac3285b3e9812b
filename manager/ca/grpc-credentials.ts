/**
 * gRPC transport security from the cluster CA: servers present their node
 * certificate and ask for the client's; clients trust only the cluster CA and
 * accept any manager certificate it issued, whatever address they dialled.
 */
import * as grpc from '@grpc/grpc-js';
import type { Socket } from 'node:net';
import { createServer as createTLSServer } from 'node:tls';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { SecureServerOptions } from 'node:http2';
import type { SecureContextOptions } from 'node:tls';
import { OrcError } from '../../common/errors.js';
import type { NodeIdentity } from './certificates.js';
import { MANAGER_SERVER_NAME, certIdentity } from './certificates.js';

export interface ServerTLS {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

export interface ClientTLS {
  caCertPem: string;
  certPem?: string;
  keyPem?: string;
}

export interface ServerTLSOptions {
  /** refuse clients without a certificate from the CA (false: such clients are anonymous) */
  requireClientCert: boolean;
}

/**
 * Credentials for `server.bindAsync`. The server always asks for a client
 * certificate and only one that chains to the CA gives the call an identity
 * (`peerIdentity`). With `requireClientCert: false` the handshake also
 * completes without a certificate, and (Node's TLS having no verify
 * callback) with one from another CA: such a client is anonymous. Use
 * `listenTLS` to refuse the latter at the handshake.
 */
export function serverCredentials(tls: ServerTLS, opts: ServerTLSOptions): grpc.ServerCredentials {
  return new ClusterServerCredentials(tls, opts.requireClientCert);
}

class ClusterServerCredentials extends grpc.ServerCredentials {
  readonly #tls: ServerTLS;
  readonly #requireClientCert: boolean;

  constructor(tls: ServerTLS, requireClientCert: boolean) {
    const constructorOptions: SecureServerOptions = { requestCert: true, rejectUnauthorized: requireClientCert, minVersion: 'TLSv1.2' };
    const contextOptions: SecureContextOptions = { ca: tls.caCertPem, cert: tls.certPem, key: tls.keyPem };
    super(constructorOptions, contextOptions);
    this.#tls = tls;
    this.#requireClientCert = requireClientCert;
  }

  override _equals(other: grpc.ServerCredentials): boolean {
    return (
      other instanceof ClusterServerCredentials &&
      other.#requireClientCert === this.#requireClientCert &&
      other.#tls.caCertPem === this.#tls.caCertPem &&
      other.#tls.certPem === this.#tls.certPem &&
      other.#tls.keyPem === this.#tls.keyPem
    );
  }
}

/**
 * Channel options to pass with `clientCredentials`: the TLS server name is
 * the one every manager certificate carries, rather than the dialled address
 * (an IP address is not a valid SNI name).
 */
export const CLIENT_CHANNEL_OPTIONS: Readonly<grpc.ChannelOptions> = { 'grpc.ssl_target_name_override': MANAGER_SERVER_NAME };

export interface ClientCredentialsOptions {
  /** also require the server's certificate to name this cluster (O) */
  clusterId?: string;
}

/**
 * Credentials for a client: the server must chain to the CA and carry a
 * manager certificate (OU swarm-manager); the host name dialled is not
 * compared with the certificate, since managers are reached by address.
 * With `certPem`/`keyPem` the client presents its node certificate.
 */
export function clientCredentials(tls: ClientTLS, opts: ClientCredentialsOptions = {}): grpc.ChannelCredentials {
  if ((tls.certPem === undefined) !== (tls.keyPem === undefined)) {
    throw new OrcError('ORC_USAGE', 'client TLS: give both a certificate and its key, or neither');
  }
  const checkServerIdentity = (_host: string, cert: PeerCertificate): Error | undefined => checkManagerCertificate(cert, opts.clusterId);
  return grpc.credentials.createSsl(
    Buffer.from(tls.caCertPem),
    tls.keyPem === undefined ? null : Buffer.from(tls.keyPem),
    tls.certPem === undefined ? null : Buffer.from(tls.certPem),
    { checkServerIdentity },
  );
}

/** The server-identity check of `clientCredentials`, exported for other TLS clients. */
export function checkManagerCertificate(cert: PeerCertificate, clusterId?: string): Error | undefined {
  const raw = (cert as Partial<PeerCertificate>).raw;
  if (raw === undefined) return new Error('server sent no certificate');
  let id: NodeIdentity;
  try {
    id = certIdentity(raw);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  if (id.role !== 'manager') return new OrcError('ORC_UNAUTHORIZED', `server ${id.nodeId} is a ${id.role}, not a manager`);
  if (clusterId !== undefined && id.clusterId !== clusterId) {
    return new OrcError('ORC_UNAUTHORIZED', `server ${id.nodeId} belongs to cluster ${id.clusterId}, not ${clusterId}`);
  }
  return undefined;
}

/** The part of a grpc-js server call this module reads. */
export interface CallWithAuthContext {
  getAuthContext?: () => { sslPeerCertificate?: { raw?: Buffer } } | null;
}

/**
 * The identity of a server call's client: from the certificate the TLS layer
 * verified against the CA, or undefined when the client presented none that
 * verified. Throws ORC_UNAUTHORIZED for a CA certificate that names no role.
 */
export function peerIdentity(call: CallWithAuthContext): NodeIdentity | undefined {
  const raw = call.getAuthContext?.()?.sslPeerCertificate?.raw;
  return raw === undefined ? undefined : certIdentity(raw);
}

export interface TLSListener {
  /** the bound port (useful with port 0) */
  readonly port: number;
  /** Stops listening and drops every connection, calls in flight included. */
  close(): Promise<void>;
}

/**
 * Serves `server` over TLS on host:port with "verify if given" semantics: a
 * client may come without a certificate (it is anonymous, unless
 * `requireClientCert`), but one presenting a certificate that does not chain
 * to the CA is disconnected right after the handshake, before any call.
 */
export async function listenTLS(server: grpc.Server, address: { host: string; port: number }, tls: ServerTLS, opts: ServerTLSOptions): Promise<TLSListener> {
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const tlsServer = createTLSServer({
    ca: tls.caCertPem,
    cert: tls.certPem,
    key: tls.keyPem,
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: ['h2'],
    minVersion: 'TLSv1.2',
  });
  const sockets = new Set<Socket>();
  tlsServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  tlsServer.on('secureConnection', (socket: TLSSocket) => {
    socket.on('error', () => socket.destroy());
    if (!socket.authorized) {
      const presented = Object.keys(socket.getPeerCertificate()).length > 0;
      if (presented || opts.requireClientCert) {
        socket.destroy();
        return;
      }
    }
    injector.injectConnection(socket);
  });
  tlsServer.on('tlsClientError', () => {
    /* a failed handshake concerns that client only */
  });
  try {
    await new Promise<void>((resolve, reject) => {
      tlsServer.once('error', reject);
      tlsServer.listen(address.port, address.host, () => {
        tlsServer.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    injector.destroy();
    throw new OrcError('ORC_UNAVAILABLE', `cannot listen on ${address.host}:${address.port}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const bound = tlsServer.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        tlsServer.close(() => resolve());
        injector.destroy();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

