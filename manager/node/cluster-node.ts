/**
 * This daemon's part in a cluster. A worker keeps a session to the leader
 * through the agent and runs its tasks on the local engine; a manager also
 * runs its etcd member (supervised, stopped with the node), serves the CA,
 * control and dispatcher APIs over mTLS on its listen address, and campaigns
 * for leadership: the leader runs the orchestrator, allocator, scheduler and
 * dispatcher, the others forward control calls to it.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import { networkInterfaces, cpus, totalmem, platform, arch } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { OrcError } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';
import type { Cluster, Node, NodeDescription, NodeRole, SwarmInfo } from '../../common/cluster/types.js';
import { DEFAULT_HEARTBEAT_MS } from '../../common/cluster/types.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { CA_SERVICE, CONTROL_PROTO, CONTROL_SERVICE, DISPATCHER_PROTO, DISPATCHER_SERVICE, SWARM_SERVICE } from '../../proto/loader-options.js';
import { toStatus, type DaemonContext } from '../../worker/daemon/index.js';
import { AgentSession, EngineExecutor, engineTaskLogs, registryImages } from '../../worker/agent/index.js';
import {
  tokenMatchesCA, clientCredentials, createNodeKeyAndCsr, createRootCA, issueNodeCertificate, makeJoinToken,
  listenTLS, parseJoinToken, peerIdentity, readNodeTLS, SecretBox, tokenSecretEquals, writeNodeTLS,
  type CallWithAuthContext, type TLSListener,
} from '../ca/index.js';
import { addMember, connectEtcd, EtcdMember, listMembers, removeMember } from '../etcd/index.js';
import { EtcdStore } from '../store/etcd-store.js';
import type { Store } from '../store/store.js';
import { LeaderElection } from '../leader/index.js';
import { ControlApi, controlHandlers, serviceLogsHandler } from '../control/index.js';
import { Dispatcher, followerHandlers } from '../dispatcher/index.js';
import type { DispatcherHandlers } from '../../proto/generated/orc/dispatcher/v1/Dispatcher.js';
import { Orchestrator } from '../orchestrator/index.js';
import { Allocator } from '../allocator/index.js';
import { Scheduler } from '../scheduler/index.js';
import { closeForwardClients, delegating, forwarding, refusing } from './forward.js';
import { SwarmFiles, type SwarmState } from './state.js';

export const DEFAULT_PORT = 2377;
const ETCD_PEER_PORT = 2380;
const ETCD_CLIENT_PORT = 2379;

export interface InitOptions {
  advertiseAddr: string;
  listenAddr: string;
  defaultAddrPool: string[];
  subnetSize: number;
  dataPathPort: number;
  forceNewCluster: boolean;
}

export interface JoinOptions {
  token: string;
  remoteAddrs: string[];
  advertiseAddr: string;
  listenAddr: string;
}

const newId = (): string => {
  let s = '';
  while (s.length < 25) s += BigInt(`0x${randomBytes(16).toString('hex')}`).toString(36);
  return s.slice(0, 25);
};

/** The first IPv4 address that is not loopback: what other hosts reach this one at, unless told. */
export function defaultAdvertiseAddr(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new OrcError('ORC_USAGE', 'could not choose an IP address to advertise: give one with --advertise-addr');
}

function hostOf(addr: string): string {
  const i = addr.lastIndexOf(':');
  return i > 0 && !addr.endsWith(']') && addr.indexOf(':') === i ? addr.slice(0, i) : addr;
}

function withPort(addr: string, port: number): string {
  return /:\d+$/.test(addr) ? addr : `${addr}:${port}`;
}

/** The CA certificate a server presents (its chain's last), fetched without trusting it yet. */
async function presentedCA(addr: string, timeoutMs = 5000): Promise<string[]> {
  const host = hostOf(addr);
  const port = Number(addr.slice(host.length + 1) || DEFAULT_PORT);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['h2'], servername: 'orc-manager' }, () => {
      const pems: string[] = [];
      let cert = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert !== undefined && cert.raw !== undefined && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        pems.push(new X509Certificate(cert.raw).toString());
        cert = cert.issuerCertificate;
      }
      socket.destroy();
      resolve(pems);
    });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new OrcError('ORC_UNAVAILABLE', `cannot reach a manager at ${addr}: no answer within ${timeoutMs} ms`));
    });
    socket.on('error', (e) => reject(new OrcError('ORC_UNAVAILABLE', `cannot reach a manager at ${addr}: ${e.message}`, { cause: e })));
  });
}

function nodeDescription(ctx: DaemonContext): NodeDescription {
  return {
    hostname: ctx.nodeName,
    platform: { os: platform(), architecture: arch() === 'x64' ? 'x86_64' : arch() },
    resources: { nanoCpus: cpus().length * 1e9, memoryBytes: totalmem() },
    engineVersion: ctx.version,
  };
}

type Definition = grpc.ServiceDefinition;
let definitions: { control: Definition; ca: Definition; swarm: Definition; dispatcher: Definition } | undefined;
/** The cluster services' definitions, built from their descriptors once. */
const defs = (): NonNullable<typeof definitions> => (definitions ??= {
  control: serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE),
  ca: serviceDefinition(CONTROL_PROTO, CA_SERVICE),
  swarm: serviceDefinition(CONTROL_PROTO, SWARM_SERVICE),
  dispatcher: serviceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE),
});

/** A manager's running parts (undefined on workers). */
interface ManagerParts {
  member: EtcdMember;
  etcd: ReturnType<typeof connectEtcd>;
  store: Store;
  box: SecretBox;
  api: ControlApi;
  election: LeaderElection;
  server: grpc.Server;
  listener: TLSListener | undefined;
  /** The dispatcher of this manager while it leads, and its handlers. */
  dispatcher: Dispatcher | undefined;
  dispatcherHandlers: DispatcherHandlers | undefined;
}

export class ClusterNode {
  private readonly files: SwarmFiles;
  private readonly clock: Clock;
  private state: SwarmState | undefined;
  private manager: ManagerParts | undefined;
  private agent: AgentSession | undefined;
  private executor: EngineExecutor | undefined;
  private running: AbortController | undefined;
  private error = '';
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: DaemonContext, opts: { clock?: Clock } = {}) {
    this.files = new SwarmFiles(ctx.dataRoot);
    this.clock = opts.clock ?? systemClock;
  }

  /** One membership change at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.busy.then(fn, fn);
    this.busy = next.catch(() => undefined);
    return next;
  }

  /** At daemon start: rejoin the cluster this node belongs to, if any. */
  async open(): Promise<void> {
    this.state = this.files.read();
    if (this.state === undefined) return;
    try {
      await this.start();
    } catch (e) {
      this.error = (e as Error).message;
      this.ctx.log(`swarm: could not rejoin the cluster: ${this.error}`);
    }
  }

  info(): SwarmInfo {
    const s = this.state;
    if (s === undefined) return { state: 'inactive', nodeId: '', nodeName: this.ctx.nodeName, role: '', clusterId: '', isManager: false, leaderAddr: '', managers: [], error: '', advertiseAddr: '' };
    return {
      state: this.error !== '' ? 'error' : this.running !== undefined ? 'active' : 'pending',
      nodeId: s.nodeId, nodeName: s.nodeName, role: s.role, clusterId: s.clusterId, isManager: s.role === 'manager',
      leaderAddr: '', managers: s.managers, error: this.error, advertiseAddr: s.advertiseAddr,
    };
  }

  // ── init, join, leave ─────────────────────────────────────────────────

  init(o: InitOptions): Promise<SwarmInfo> {
    return this.exclusive(async () => {
      if (o.forceNewCluster) return this.forceNewCluster();
      if (this.state !== undefined) throw new OrcError('ORC_CONFLICT', 'this node is already part of a swarm: use "orc swarm leave" to leave it first');
      const advertiseAddr = o.advertiseAddr !== '' ? hostOf(o.advertiseAddr) : defaultAdvertiseAddr();
      const listenAddr = withPort(o.listenAddr !== '' ? o.listenAddr : '0.0.0.0', DEFAULT_PORT);
      const port = Number(listenAddr.slice(listenAddr.lastIndexOf(':') + 1));
      const nodeId = newId();
      const clusterId = newId();
      const ca = await createRootCA({ clusterId });
      const { keyPem, csrPem } = await createNodeKeyAndCsr();
      const { certPem, serial } = await issueNodeCertificate(ca, csrPem, { nodeId, role: 'manager', clusterId, ips: [advertiseAddr] });
      const dataKey = SecretBox.generateKey();
      const peerUrl = `https://${advertiseAddr}:${ETCD_PEER_PORT}`;
      const state: SwarmState = {
        nodeId, nodeName: this.ctx.nodeName, clusterId, role: 'manager', advertiseAddr, listenAddr,
        managers: [`${advertiseAddr}:${port}`],
        etcd: { name: nodeId, peerUrl, clientUrls: [`https://${advertiseAddr}:${ETCD_CLIENT_PORT}`, `https://127.0.0.1:${ETCD_CLIENT_PORT}`], initialCluster: `${nodeId}=${peerUrl}`, state: 'new' },
      };
      try {
        await writeNodeTLS(this.files.certsDir, { caCertPem: ca.certPem, certPem, keyPem });
        await this.files.writeDataKey(dataKey);
        await this.files.write(state);
        this.state = state;
        await this.start(async (store, box) => {
          const now = this.clock.now();
          const cluster: Cluster = {
            id: clusterId, version: 0, createdAt: now, updatedAt: now,
            spec: { name: 'default', labels: {}, dispatcher: { heartbeatPeriodMs: DEFAULT_HEARTBEAT_MS }, orchestration: { taskHistoryRetentionLimit: 5 }, caConfig: { nodeCertExpiryMs: 90 * 24 * 3600_000 } },
            caCertPem: ca.certPem, caKeySealed: box.seal(Buffer.from(ca.keyPem)),
            joinTokens: { worker: makeJoinToken(ca.certPem), manager: makeJoinToken(ca.certPem) },
            defaultAddrPool: o.defaultAddrPool.length > 0 ? o.defaultAddrPool : ['10.0.0.0/8'],
            subnetSize: o.subnetSize > 0 ? o.subnetSize : 24, dataPathPort: o.dataPathPort > 0 ? o.dataPathPort : 4789,
          };
          const node = this.nodeObject(nodeId, 'manager', serial, advertiseAddr, now);
          await store.commit([{ op: 'create', kind: 'cluster', object: cluster }, { op: 'create', kind: 'node', object: node }]);
        });
      } catch (e) {
        await this.stop();
        await this.files.removeAll();
        this.state = undefined;
        throw e;
      }
      return this.info();
    });
  }

  private nodeObject(nodeId: string, role: NodeRole, certSerial: string, addr: string, now: number): Node {
    return {
      id: nodeId, version: 0, createdAt: now, updatedAt: now,
      spec: { name: this.ctx.nodeName, labels: {}, role, availability: 'active' },
      description: nodeDescription(this.ctx),
      status: { state: 'unknown', addr, message: '' },
      certSerial,
    };
  }

  join(o: JoinOptions): Promise<SwarmInfo> {
    return this.exclusive(async () => {
      if (this.state !== undefined) throw new OrcError('ORC_CONFLICT', 'this node is already part of a swarm: use "orc swarm leave" to leave it first');
      if (o.remoteAddrs.length === 0) throw new OrcError('ORC_USAGE', 'swarm join needs the address of a manager');
      const token = parseJoinToken(o.token);
      const remote = withPort(o.remoteAddrs[0] ?? '', DEFAULT_PORT);
      const chain = await presentedCA(remote);
      const caCertPem = chain.find((pem) => tokenMatchesCA(token, pem));
      if (caCertPem === undefined) {
        throw new OrcError('ORC_UNAUTHORIZED', `the manager at ${remote} does not present the CA this join token names: the token is wrong, or ${remote} belongs to another cluster`);
      }
      const advertiseAddr = o.advertiseAddr !== '' ? hostOf(o.advertiseAddr) : defaultAdvertiseAddr();
      const listenAddr = withPort(o.listenAddr !== '' ? o.listenAddr : '0.0.0.0', DEFAULT_PORT);
      const { keyPem, csrPem } = await createNodeKeyAndCsr();
      const ca = new (grpc.makeGenericClientConstructor(defs().ca, 'CA'))(remote, clientCredentials({ caCertPem }), { 'grpc.ssl_target_name_override': 'orc-manager' });
      let issued: { node_id: string; cert_pem: string; role: string; cluster_id: string; managers: string[] };
      try {
        issued = await new Promise((resolve, reject) => {
          (ca as unknown as { IssueNodeCertificate: (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: typeof issued) => void) => void })
            .IssueNodeCertificate({ csr_pem: csrPem, token: o.token, node_name: this.ctx.nodeName, advertise_addr: advertiseAddr }, new grpc.Metadata(), { deadline: Date.now() + 15_000 }, (e, v) => (e !== null ? reject(e) : resolve(v as typeof issued)));
        });
      } catch (e) {
        const err = e as grpc.ServiceError;
        if (err.code === grpc.status.PERMISSION_DENIED || err.code === grpc.status.UNAUTHENTICATED) throw new OrcError('ORC_UNAUTHORIZED', `the manager at ${remote} refused the join: ${err.details}`);
        throw new OrcError('ORC_UNAVAILABLE', `joining through ${remote} failed: ${err.details ?? err.message}`);
      } finally {
        ca.close();
      }
      const role = issued.role === 'manager' ? 'manager' : 'worker';
      await writeNodeTLS(this.files.certsDir, { caCertPem, certPem: issued.cert_pem, keyPem });
      const state: SwarmState = {
        nodeId: issued.node_id, nodeName: this.ctx.nodeName, clusterId: issued.cluster_id, role, advertiseAddr, listenAddr,
        managers: issued.managers.length > 0 ? issued.managers : [remote],
      };
      try {
        if (role === 'manager') {
          const peerUrl = `https://${advertiseAddr}:${ETCD_PEER_PORT}`;
          const added = await this.callControl<{ initial_cluster: string; member_name: string; data_key: string }>(remote, 'AddManager', { peer_url: peerUrl });
          await this.files.writeDataKey(Buffer.from(added.data_key, 'base64'));
          state.etcd = {
            name: added.member_name, peerUrl, clientUrls: [`https://${advertiseAddr}:${ETCD_CLIENT_PORT}`, `https://127.0.0.1:${ETCD_CLIENT_PORT}`],
            initialCluster: added.initial_cluster, state: 'existing',
          };
          const port = Number(listenAddr.slice(listenAddr.lastIndexOf(':') + 1));
          state.managers = [`${advertiseAddr}:${port}`, ...state.managers.filter((m) => m !== `${advertiseAddr}:${port}`)];
        }
        await this.files.write(state);
        this.state = state;
        await this.start();
      } catch (e) {
        await this.stop();
        await this.files.removeAll();
        this.state = undefined;
        throw e;
      }
      return this.info();
    });
  }

  /** A unary control call to a manager with this node's certificate. */
  private async callControl<T>(addr: string, method: string, request: object): Promise<T> {
    const tls = await readNodeTLS(this.files.certsDir);
    const Control = grpc.makeGenericClientConstructor(defs().control, 'Control');
    const client = new Control(addr, clientCredentials(tls), { 'grpc.ssl_target_name_override': 'orc-manager' });
    try {
      return await new Promise<T>((resolve, reject) => {
        (client as unknown as Record<string, (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: T) => void) => void>)[method]?.(
          request, new grpc.Metadata(), { deadline: Date.now() + 30_000 }, (e, v) => (e !== null ? reject(new OrcError('ORC_UNAVAILABLE', `${method} at ${addr}: ${e.details}`)) : resolve(v as T)));
      });
    } finally {
      client.close();
    }
  }

  leave(force: boolean): Promise<void> {
    return this.exclusive(async () => {
      const s = this.state;
      if (s === undefined) throw new OrcError('ORC_CONFLICT', 'this node is not part of a swarm');
      if (s.role === 'manager' && !force) {
        throw new OrcError('ORC_CONFLICT', 'you are attempting to leave the swarm on a node that is participating as a manager: removing this node loses a member of the managers\' quorum; use --force to ignore this message');
      }
      if (s.role === 'manager' && this.manager !== undefined) {
        const m = this.manager;
        try {
          const members = await listMembers(m.etcd);
          const mine = members.find((x) => x.name === s.etcd?.name);
          if (mine !== undefined && members.length > 1) await removeMember(m.etcd, mine.id);
          await m.store.commit([{ op: 'remove', kind: 'node', id: s.nodeId }]);
        } catch (e) {
          this.ctx.log(`swarm leave: ${(e as Error).message}`);
        }
      }
      await this.stop();
      if (this.executor !== undefined) await this.executor.apply([], { complete: true, files: new Map() });
      await this.files.removeAll();
      this.state = undefined;
      this.executor = undefined;
      this.error = '';
    });
  }

  private async forceNewCluster(): Promise<SwarmInfo> {
    const s = this.state;
    if (s?.etcd === undefined) throw new OrcError('ORC_CONFLICT', '--force-new-cluster recovers a manager of an existing cluster: this node is not one');
    await this.stop();
    s.etcd.initialCluster = `${s.etcd.name}=${s.etcd.peerUrl}`;
    await this.files.write(s);
    await this.start(undefined, true);
    return this.info();
  }

  // ── running ───────────────────────────────────────────────────────────

  private async start(bootstrap?: (store: Store, box: SecretBox) => Promise<void>, forceNewCluster = false): Promise<void> {
    const s = this.state;
    if (s === undefined) return;
    const running = new AbortController();
    this.running = running;
    this.error = '';
    const tls = await readNodeTLS(this.files.certsDir);
    if (s.role === 'manager' && s.etcd !== undefined) {
      this.manager = await this.startManager(s, tls, running.signal, bootstrap, forceNewCluster);
    }
    this.executor ??= new EngineExecutor({ engine: this.ctx.engine, images: registryImages(this.ctx.engine), nodeId: s.nodeId, clock: this.clock, log: this.ctx.log });
    this.agent = new AgentSession({
      managers: s.managers,
      credentials: clientCredentials(tls),
      channelOptions: { 'grpc.ssl_target_name_override': 'orc-manager' },
      description: nodeDescription(this.ctx),
      executor: this.executor,
      logs: engineTaskLogs(this.ctx.engine),
      clock: this.clock,
      log: this.ctx.log,
    });
    const agent = this.agent;
    let lastError = '';
    agent.on((e) => {
      if (e.type === 'disconnected') {
        if (e.error !== lastError) this.ctx.log(`swarm: session with ${e.addr} lost: ${e.error}`);
        lastError = e.error;
        return;
      }
      if (e.type !== 'connected') return;
      lastError = '';
      this.ctx.log(`swarm: session with the leader at ${e.addr} opened`);
      const managers = agent.managers();
      if (this.state === undefined || managers.length === 0 || managers.join() === this.state.managers.join()) return;
      this.state.managers = managers;
      void this.files.write(this.state).catch(() => undefined);
    });
    void this.agent.run(running.signal).catch((e: unknown) => this.ctx.log(`swarm agent: ${(e as Error).message}`));
    if (this.manager !== undefined) await this.untilLeaderKnown(this.manager, 15_000);
  }

  /** A new manager answers control calls once a leader is known (at init: itself). */
  private async untilLeaderKnown(parts: ManagerParts, timeoutMs: number): Promise<void> {
    const deadline = this.clock.now() + timeoutMs;
    while (this.clock.now() < deadline) {
      try {
        await this.leaderAddr(parts);
        return;
      } catch {
        await this.clock.sleep(100);
      }
    }
    this.ctx.log('swarm: no leader yet; control calls are refused until there is one');
  }

  private async startManager(s: SwarmState, tls: Awaited<ReturnType<typeof readNodeTLS>>, signal: AbortSignal, bootstrap: ((store: Store, box: SecretBox) => Promise<void>) | undefined, forceNewCluster: boolean): Promise<ManagerParts> {
    const e = s.etcd;
    if (e === undefined) throw new Error('a manager without etcd state');
    const certFiles = { caFile: `${this.files.certsDir}/ca.crt`, certFile: `${this.files.certsDir}/node.crt`, keyFile: `${this.files.certsDir}/node.key` };
    const member = new EtcdMember({
      dataDir: this.files.etcdDir, name: e.name, peerUrl: e.peerUrl, clientUrls: e.clientUrls, tls: certFiles,
      initialCluster: e.initialCluster, state: e.state, forceNewCluster,
      onExit: (x) => {
        if (x.restarting) this.ctx.log(`swarm: etcd exited (${x.code ?? x.signal ?? ''}); restarting it`);
      },
    });
    await member.start();
    if (e.state === 'new') {
      e.state = 'existing';
      await this.files.write(s);
    }
    const etcd = connectEtcd({ endpoints: [`https://127.0.0.1:${ETCD_CLIENT_PORT}`], tls, serverName: 'orc-manager' });
    const store = new EtcdStore(etcd, { clock: this.clock });
    const key = this.files.readDataKey();
    if (key === undefined) throw new OrcError('ORC_IO', `${this.files.dataKeyPath} is missing: this manager cannot open the cluster's secrets`);
    const box = new SecretBox(key);
    if (bootstrap !== undefined) await bootstrap(store, box);
    const parts: ManagerParts = {
      member, etcd, store, box, election: new LeaderElection(etcd, { nodeId: s.nodeId, ttlSeconds: 2 }), server: new grpc.Server({ 'grpc.max_receive_message_length': 64 << 20 }),
      api: undefined as unknown as ControlApi, listener: undefined, dispatcher: undefined, dispatcherHandlers: undefined,
    };
    parts.api = new ControlApi(store, {
      clock: this.clock,
      seal: (plain) => box.seal(plain),
      open: (sealed) => box.open(sealed),
      addManager: async (peerUrl) => {
        const name = `orc-${newId().slice(0, 12)}`;
        const added = await addMember(etcd, name, peerUrl);
        return { initialCluster: added.initialCluster, memberName: name, memberId: added.memberId, dataKey: key.toString('base64'), clientUrls: [] };
      },
      rotateToken: () => makeJoinToken(tls.caCertPem),
    });
    // this manager's own record: where its API and etcd member are
    const port = Number(s.listenAddr.slice(s.listenAddr.lastIndexOf(':') + 1));
    await this.recordManagerStatus(store, s, `${s.advertiseAddr}:${port}`, e.peerUrl);
    this.serveManager(parts, s, tls, signal);
    const host = s.listenAddr.slice(0, s.listenAddr.lastIndexOf(':'));
    try {
      parts.listener = await listenTLS(parts.server, { host, port }, { caCertPem: tls.caCertPem, certPem: `${tls.certPem.trimEnd()}\n${tls.caCertPem}`, keyPem: tls.keyPem }, { requireClientCert: false });
    } catch (err) {
      throw new OrcError('ORC_IO', `cannot listen on ${s.listenAddr}: ${(err as Error).message}`, { cause: err });
    }
    void parts.election.run(signal, {
      onElected: async (leading: AbortSignal) => {
        this.ctx.log(`swarm: this node (${s.nodeId}) is the leader`);
        const deps = { clock: this.clock, log: this.ctx.log };
        const dispatcher = new Dispatcher(store, {
          ...deps,
          managers: () => this.managerAddrs(),
          secretData: async (id: string) => {
            const secret = await store.get('secret', id);
            return secret === undefined ? undefined : box.open(secret.spec.data);
          },
        });
        parts.dispatcher = dispatcher;
        parts.dispatcherHandlers = dispatcher.grpcHandlers(this.identify(s));
        leading.addEventListener('abort', () => {
          if (parts.dispatcher === dispatcher) {
            parts.dispatcher = undefined;
            parts.dispatcherHandlers = undefined;
          }
          this.ctx.log('swarm: this node no longer leads');
        }, { once: true });
        await this.markLeader(store, s.nodeId);
        const runs = [
          new Orchestrator(store, deps).run(leading),
          new Allocator(store, deps).run(leading),
          new Scheduler(store, deps).run(leading),
          dispatcher.run(leading),
        ];
        for (const r of runs) void r.catch((err: unknown) => this.ctx.log(`swarm: a leader component stopped: ${(err as Error).message}`));
      },
    }).catch((err: unknown) => this.ctx.log(`swarm: election: ${(err as Error).message}`));
    this.watchManagers(store, signal);
    return parts;
  }

  private managerList: { nodeId: string; addr: string }[] = [];
  /** The leader's API address as the node records say (for the dispatcher's redirects). */
  private leaderApiAddr: string | undefined;

  private managerAddrs(): { nodeId: string; addr: string }[] {
    return this.managerList;
  }

  /** Keeps the list of managers (for the agents' fail-over) from the store. */
  private watchManagers(store: Store, signal: AbortSignal): void {
    const refresh = async (): Promise<void> => {
      const nodes = await store.list('node');
      this.managerList = nodes.filter((n) => n.managerStatus !== undefined && n.spec.role === 'manager').map((n) => ({ nodeId: n.id, addr: n.managerStatus?.addr ?? '' }));
      this.leaderApiAddr = nodes.find((n) => n.managerStatus?.leader === true)?.managerStatus?.addr;
    };
    void (async () => {
      while (!signal.aborted) {
        try {
          const rev = await store.revision();
          await refresh();
          for await (const ev of store.watch(['node'], rev + 1, signal)) {
            if (ev.kind === 'node') await refresh();
          }
        } catch {
          await this.clock.sleep(1000, signal).catch(() => undefined);
        }
      }
    })();
  }

  private async recordManagerStatus(store: Store, s: SwarmState, addr: string, peerUrl: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const node = await store.get('node', s.nodeId);
        if (node === undefined) return;
        node.managerStatus = { addr, peerAddr: peerUrl.replace(/^https:\/\//, ''), memberId: node.managerStatus?.memberId ?? '', leader: node.managerStatus?.leader ?? false, reachability: 'reachable' };
        node.spec.role = 'manager';
        await store.commit([{ op: 'update', kind: 'node', object: node }]);
        return;
      } catch (e) {
        if ((e as OrcError).code !== 'ORC_CONFLICT' && (e as OrcError).code !== 'ORC_UNAVAILABLE') throw e;
        await this.clock.sleep(250);
      }
    }
  }

  private async markLeader(store: Store, leaderId: string): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        const ops = (await store.list('node'))
          .filter((n) => n.managerStatus !== undefined && n.managerStatus.leader !== (n.id === leaderId))
          .map((n) => ({ op: 'update' as const, kind: 'node' as const, object: { ...n, managerStatus: { ...(n.managerStatus as NonNullable<Node['managerStatus']>), leader: n.id === leaderId } } }));
        if (ops.length > 0) await store.commit(ops);
        return;
      } catch {
        await this.clock.sleep(200);
      }
    }
  }

  /** The leader's API address, or undefined when this node leads (or nobody does yet). */
  private async leaderAddr(parts: ManagerParts): Promise<{ addr: string } | undefined> {
    const id = await parts.election.leader();
    if (id === undefined) throw new OrcError('ORC_UNAVAILABLE', 'the cluster has no leader at the moment (a quorum of managers is needed): try again shortly');
    if (id === this.state?.nodeId) return undefined;
    const node = await parts.store.get('node', id);
    const addr = node?.managerStatus?.addr;
    if (addr === undefined || addr === '') throw new OrcError('ORC_UNAVAILABLE', `the leader ${id} has not published its address yet: try again shortly`);
    return { addr };
  }

  private serveManager(parts: ManagerParts, s: SwarmState, tls: Awaited<ReturnType<typeof readNodeTLS>>, signal: AbortSignal): void {
    const d = defs();
    const managerOnly = (call: CallWithAuthContext): { nodeId: string; role: string } => {
      const who = peerIdentity(call as never);
      if (who === undefined) throw new OrcError('ORC_UNAUTHORIZED', 'the control API needs a manager certificate of this cluster');
      if (who.clusterId !== s.clusterId) throw new OrcError('ORC_UNAUTHORIZED', 'this certificate belongs to another cluster');
      if (who.role !== 'manager') throw new OrcError('ORC_UNAUTHORIZED', `node ${who.nodeId} is a worker: worker certificates cannot call the control API`);
      return who;
    };
    const route = { target: () => this.leaderAddr(parts), credentials: () => clientCredentials(tls) };
    const serviceLogs = serviceLogsHandler(parts.store, () => parts.dispatcher, { shutdown: signal });
    const control = forwarding(d.control, controlHandlers(parts.api, { authorize: (call) => { managerOnly(call as CallWithAuthContext); }, shutdown: signal, serviceLogs }), route);
    parts.server.addService(d.control, control as grpc.UntypedServiceImplementation);
    this.controlOnSocket = forwarding(d.control, controlHandlers(parts.api, { shutdown: signal, serviceLogs }), route) as grpc.UntypedServiceImplementation;
    parts.server.addService(d.ca, this.caHandlers(parts, s));
    parts.server.addService(d.dispatcher, this.dispatcherHandlers(parts));
  }

  /** Control calls on the local socket: served (or forwarded) by a manager, refused by a worker. */
  controlOnSocket: grpc.UntypedServiceImplementation | undefined;

  private caHandlers(parts: ManagerParts, s: SwarmState): grpc.UntypedServiceImplementation {
    return {
      GetRootCACertificate: (_call: grpc.ServerUnaryCall<object, object>, cb: grpc.sendUnaryData<object>) => {
        void readNodeTLS(this.files.certsDir).then((t) => cb(null, { cert_pem: t.caCertPem }), (e: unknown) => cb(toStatus(e)));
      },
      IssueNodeCertificate: (call: grpc.ServerUnaryCall<{ csr_pem: string; token: string; node_name: string; advertise_addr: string }, object>, cb: grpc.sendUnaryData<object>) => {
        void (async () => {
          const r = call.request;
          const cluster = (await parts.store.list('cluster'))[0];
          if (cluster === undefined) throw new OrcError('ORC_UNAVAILABLE', 'the cluster is not initialised yet');
          let parsed;
          try {
            parsed = parseJoinToken(r.token);
          } catch (e) {
            throw new OrcError('ORC_UNAUTHORIZED', (e as Error).message);
          }
          const role: NodeRole | undefined = tokenSecretEquals(r.token, cluster.joinTokens.manager) ? 'manager' : tokenSecretEquals(r.token, cluster.joinTokens.worker) ? 'worker' : undefined;
          if (role === undefined || parsed.version !== 1) throw new OrcError('ORC_UNAUTHORIZED', 'invalid join token: it is not one of this cluster\'s current tokens (was it rotated?)');
          if (cluster.caKeySealed === undefined) throw new OrcError('ORC_INTERNAL', 'the cluster has no CA key');
          const nodeId = newId();
          const ca = { certPem: cluster.caCertPem, keyPem: parts.box.open(cluster.caKeySealed).toString() };
          const ips = r.advertise_addr !== '' ? [hostOf(r.advertise_addr)] : [];
          const issued = await issueNodeCertificate(ca, r.csr_pem, { nodeId, role, clusterId: s.clusterId, ips });
          const now = this.clock.now();
          const node = this.nodeObject(nodeId, role, issued.serial, ips[0] ?? '', now);
          node.spec.name = r.node_name !== '' ? r.node_name : nodeId;
          node.description.hostname = node.spec.name;
          await parts.store.commit([{ op: 'create', kind: 'node', object: node }]);
          const managers = this.managerList.map((m) => m.addr).filter((a) => a !== '');
          return { node_id: nodeId, cert_pem: issued.certPem, role, cluster_id: s.clusterId, managers };
        })().then((v) => cb(null, v), (e: unknown) => cb(toStatus(e)));
      },
    };
  }

  /** Who a dispatcher call comes from: the node its certificate names, if this cluster's. */
  private identify(s: SwarmState): (call: CallWithAuthContext) => { nodeId: string; role: NodeRole } | undefined {
    return (call) => {
      const who = peerIdentity(call);
      if (who === undefined || who.clusterId !== s.clusterId) return undefined;
      return { nodeId: who.nodeId, role: who.role };
    };
  }

  /** Each call goes to the dispatcher of the moment; a manager that does not lead says who does. */
  private dispatcherHandlers(parts: ManagerParts): grpc.UntypedServiceImplementation {
    return delegating(defs().dispatcher, () => parts.dispatcherHandlers, followerHandlers(() => this.leaderApiAddr));
  }

  /** Stops the agent, the servers, the election and the etcd member; the containers keep running. */
  private async stop(): Promise<void> {
    this.running?.abort();
    this.running = undefined;
    this.agent = undefined;
    const m = this.manager;
    this.manager = undefined;
    this.controlOnSocket = undefined;
    if (m !== undefined) {
      await m.listener?.close().catch(() => undefined);
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          m.server.forceShutdown();
          resolve();
        }, 1000);
        m.server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      });
      await m.election.resign().catch(() => undefined);
      await m.store.close().catch(() => undefined);
      m.etcd.close();
      await m.member.stop();
    }
    closeForwardClients();
  }

  async close(): Promise<void> {
    await this.exclusive(() => this.stop());
  }

  /** Control calls on this daemon's unix socket. */
  private socketControlHandlers(): grpc.UntypedServiceImplementation {
    const notManager = (): OrcError => new OrcError('ORC_UNAVAILABLE', this.state === undefined
      ? 'this node is not a swarm manager: use "orc swarm init" or "orc swarm join" to connect it to a swarm'
      : 'this node is not a swarm manager: worker nodes cannot view or change the cluster; run this on a manager node (or promote this one)');
    return delegating(defs().control, () => this.controlOnSocket, refusing(defs().control, notManager));
  }

  /** The handlers of the daemon's unix socket: the Swarm calls, and the control API. */
  socketHandlers(fullName: string): grpc.UntypedServiceImplementation {
    if (fullName === SWARM_SERVICE) return (this.swarmOnSocket ??= this.swarmHandlers());
    return (this.controlRouter ??= this.socketControlHandlers());
  }

  private swarmOnSocket: grpc.UntypedServiceImplementation | undefined;
  private controlRouter: grpc.UntypedServiceImplementation | undefined;

  /** The daemon's Swarm service (init, join, leave, info) on its unix socket. */
  private swarmHandlers(): grpc.UntypedServiceImplementation {
    const view = (i: SwarmInfo): object => ({
      state: i.state, node_id: i.nodeId, node_name: i.nodeName, role: i.role, cluster_id: i.clusterId, is_manager: i.isManager,
      leader_addr: i.leaderAddr, managers: i.managers, error: i.error, advertise_addr: i.advertiseAddr,
    });
    const unary = <R>(fn: (req: R) => Promise<object>) => (call: grpc.ServerUnaryCall<R, object>, cb: grpc.sendUnaryData<object>): void => {
      void fn(call.request).then((v) => cb(null, v), (e: unknown) => cb(toStatus(e)));
    };
    return {
      Init: unary<{ advertise_addr: string; listen_addr: string; default_addr_pool: string[]; subnet_size: number; data_path_port: number; force_new_cluster: boolean }>(async (r) => view(await this.init({
        advertiseAddr: r.advertise_addr, listenAddr: r.listen_addr, defaultAddrPool: r.default_addr_pool, subnetSize: r.subnet_size, dataPathPort: r.data_path_port, forceNewCluster: r.force_new_cluster,
      }))),
      Join: unary<{ token: string; remote_addrs: string[]; advertise_addr: string; listen_addr: string }>(async (r) => view(await this.join({
        token: r.token, remoteAddrs: r.remote_addrs, advertiseAddr: r.advertise_addr, listenAddr: r.listen_addr,
      }))),
      Leave: unary<{ force: boolean }>(async (r) => {
        await this.leave(r.force);
        return {};
      }),
      Info: unary<object>(async () => {
        const i = this.info();
        if (this.manager !== undefined) {
          try {
            const to = await this.leaderAddr(this.manager);
            i.leaderAddr = to?.addr ?? this.state?.managers[0] ?? '';
          } catch {
            // no leader at the moment
          }
        }
        return view(i);
      }),
    };
  }
}

