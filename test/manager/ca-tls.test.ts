/**
 * mTLS between cluster nodes over grpc-js on loopback: who a call's client
 * is, and which handshakes are refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { CertAndKey, NodeIdentity, NodeRole, ServerTLS, TLSListener } from '../../manager/ca/index.js';
import {
  CLIENT_CHANNEL_OPTIONS,
  clientCredentials,
  createNodeKeyAndCsr,
  createRootCA,
  issueNodeCertificate,
  listenTLS,
  peerIdentity,
  serverCredentials,
} from '../../manager/ca/index.js';

type WhoAmI = { identity: NodeIdentity | null };

const json = {
  serialize: (v: unknown): Buffer => Buffer.from(JSON.stringify(v)),
  deserialize: (b: Buffer): unknown => JSON.parse(b.toString('utf8')) as unknown,
};
const WHOAMI = '/orc.test.Probe/WhoAmI';
const probeService: grpc.ServiceDefinition = {
  whoAmI: {
    path: WHOAMI,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};

function probeServer(): grpc.Server {
  const server = new grpc.Server();
  server.addService(probeService, {
    whoAmI: (call: grpc.ServerUnaryCall<unknown, WhoAmI>, callback: grpc.sendUnaryData<WhoAmI>) => {
      callback(null, { identity: peerIdentity(call) ?? null });
    },
  });
  return server;
}

async function bind(server: grpc.Server, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', creds, (err, port) => (err === null ? resolve(port) : reject(err)));
  });
}

/** One call with a fresh channel: the identity the server saw, or the failure. */
async function call(port: number, creds: grpc.ChannelCredentials): Promise<{ identity: NodeIdentity | null } | { code: grpc.status; details: string }> {
  const client = new grpc.Client(`127.0.0.1:${port}`, creds, { ...CLIENT_CHANNEL_OPTIONS, 'grpc.use_local_subchannel_pool': 1 });
  try {
    return await new Promise((resolve) => {
      client.makeUnaryRequest<unknown, WhoAmI>(WHOAMI, json.serialize, json.deserialize as (b: Buffer) => WhoAmI, {}, { deadline: Date.now() + 3000 }, (err, res) => {
        if (err !== null) resolve({ code: err.code, details: err.details });
        else resolve({ identity: res?.identity ?? null });
      });
    });
  } finally {
    client.close();
  }
}

/** The identity the server saw, or the gRPC status code of the failure. */
async function whoAmI(port: number, creds: grpc.ChannelCredentials): Promise<NodeIdentity | null | grpc.status> {
  const r = await call(port, creds);
  return 'code' in r ? r.code : r.identity;
}

async function issue(ca: CertAndKey, nodeId: string, role: NodeRole): Promise<CertAndKey> {
  const { keyPem, csrPem } = await createNodeKeyAndCsr();
  const { certPem } = await issueNodeCertificate(ca, csrPem, { nodeId, role, clusterId: 'c1', ips: [] });
  return { certPem, keyPem };
}

describe('gRPC mTLS with the cluster CA', () => {
  let ca: CertAndKey;
  let otherCA: CertAndKey;
  let manager: CertAndKey;
  let worker: CertAndKey;
  let forged: CertAndKey;
  let serverTLS: ServerTLS;
  const servers: grpc.Server[] = [];
  const listeners: TLSListener[] = [];
  let boundPort = 0; // serverCredentials, requireClientCert false
  let strictPort = 0; // serverCredentials, requireClientCert true
  let listenPort = 0; // listenTLS, requireClientCert false

  before(async () => {
    [ca, otherCA] = await Promise.all([createRootCA({ clusterId: 'c1' }), createRootCA({ clusterId: 'c1' })]);
    [manager, worker, forged] = await Promise.all([issue(ca, 'm1', 'manager'), issue(ca, 'w1', 'worker'), issue(otherCA, 'm1', 'manager')]);
    serverTLS = { caCertPem: ca.certPem, ...(await issue(ca, 'm0', 'manager')) };
    for (let i = 0; i < 3; i++) servers.push(probeServer());
    boundPort = await bind(servers[0]!, serverCredentials(serverTLS, { requireClientCert: false }));
    strictPort = await bind(servers[1]!, serverCredentials(serverTLS, { requireClientCert: true }));
    const listener = await listenTLS(servers[2]!, { host: '127.0.0.1', port: 0 }, serverTLS, { requireClientCert: false });
    listeners.push(listener);
    listenPort = listener.port;
  });

  after(async () => {
    for (const l of listeners) await l.close();
    for (const s of servers) s.forceShutdown();
  });

  const asClient = (cert?: CertAndKey, trust: () => CertAndKey = () => ca): grpc.ChannelCredentials =>
    clientCredentials({ caCertPem: trust().certPem, ...(cert === undefined ? {} : { certPem: cert.certPem, keyPem: cert.keyPem }) });

  for (const mode of ['serverCredentials', 'listenTLS'] as const) {
    const port = (): number => (mode === 'serverCredentials' ? boundPort : listenPort);

    it(`${mode}: a client with a manager certificate is identified as that manager`, async () => {
      const id = await whoAmI(port(), asClient(manager));
      assert.deepEqual(id && typeof id === 'object' ? { ...id, serial: undefined } : id, { nodeId: 'm1', role: 'manager', clusterId: 'c1', serial: undefined });
    });

    it(`${mode}: a client with a worker certificate is identified as that worker`, async () => {
      const id = await whoAmI(port(), asClient(worker));
      assert.ok(id !== null && typeof id === 'object');
      assert.equal(id.role, 'worker');
      assert.equal(id.nodeId, 'w1');
    });

    it(`${mode}: a client without a certificate gets through, with no identity`, async () => {
      assert.equal(await whoAmI(port(), asClient()), null);
    });

    it(`${mode}: a client that trusts another CA refuses the server`, async () => {
      const r = await call(port(), asClient(manager, () => otherCA));
      assert.ok('code' in r);
      assert.equal(r.code, grpc.status.UNAVAILABLE);
      assert.match(r.details, /certificate/); // the chain check, not some other failure
    });
  }

  it('listenTLS: a client whose certificate comes from another CA fails the handshake', async () => {
    assert.equal(await whoAmI(listenPort, asClient(forged)), grpc.status.UNAVAILABLE);
  });

  it('serverCredentials: a certificate from another CA gives no identity', async () => {
    assert.equal(await whoAmI(boundPort, asClient(forged)), null);
  });

  it('serverCredentials with requireClientCert: clients without a CA certificate fail the handshake', async () => {
    assert.equal(await whoAmI(strictPort, asClient()), grpc.status.UNAVAILABLE);
    assert.equal(await whoAmI(strictPort, asClient(forged)), grpc.status.UNAVAILABLE);
    assert.equal((await whoAmI(strictPort, asClient(worker)) as NodeIdentity).role, 'worker');
  });

  it('a client refuses a server that presents a worker certificate', async () => {
    const server = probeServer();
    try {
      const port = await bind(server, serverCredentials({ caCertPem: ca.certPem, ...worker }, { requireClientCert: false }));
      const r = await call(port, asClient(manager));
      assert.ok('code' in r);
      assert.equal(r.code, grpc.status.UNAVAILABLE);
      assert.match(r.details, /not a manager/);
    } finally {
      server.forceShutdown();
    }
  });
});
