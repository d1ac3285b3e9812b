/**
 * A fake manager for the cluster commands' tests: a grpc-js server with the
 * real Control and Swarm service definitions on a temporary unix socket,
 * answering from plain lists of objects a test fills, recording every
 * request; plus the `orc` program run in-process against it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { serviceSpec } from '../../common/cluster/defaults.js';
import type { Config, Kind, Node, Secret, Service, Task, TaskState } from '../../common/cluster/types.js';
import type { DeployResult } from '../../cli/client/cluster.js';
import { main } from '../../cli/main.js';
import { CONTROL_PROTO, CONTROL_SERVICE, SWARM_SERVICE } from '../../proto/loader-options.js';
import { serviceDefinition } from '../../proto/service-definition.js';
import { ERROR_CODE_KEY } from '../../proto/wire.js';

export interface FakeState {
  services: Service[];
  tasks: Task[];
  nodes: Node[];
  secrets: (Secret & { spec: { data?: string } })[];
  configs: Config[];
  stacks: { name: string; services: number }[];
  deploy: DeployResult;
  /** stack name → what RemoveStack answers (default: nothing removed). */
  removed: Record<string, DeployResult>;
}

export interface FakeManager {
  host: string;
  state: FakeState;
  /** rpc name → the requests it received, in order. */
  seen(rpc: string): Record<string, unknown>[];
  close(): Promise<void>;
}

const meta = (id: string): { id: string; version: number; createdAt: number; updatedAt: number } => ({ id, version: 1, createdAt: Date.now() - 3_600_000, updatedAt: Date.now() - 60_000 });

export function service(id: string, name: string, image: string, replicas: number, labels: Record<string, string> = {}): Service {
  return { ...meta(id), spec: { ...serviceSpec(name, image), labels, mode: { replicated: { replicas } } }, specVersion: 1, endpoint: { ports: [] }, jobIteration: 0 };
}

export function task(id: string, s: Service, slot: number, nodeId: string, state: TaskState): Task {
  return {
    ...meta(id), serviceId: s.id, serviceName: s.spec.name, slot, nodeId, spec: s.spec.task, specVersion: s.specVersion, desiredState: 'running',
    status: { state, timestamp: Date.now() - 120_000, message: '', err: '', containerId: '', exitCode: 0, health: '' },
    networks: [], ports: [], jobIteration: 0, labels: {},
  };
}

export function node(id: string, name: string): Node {
  return {
    ...meta(id), spec: { name, labels: {}, role: 'manager', availability: 'active' },
    description: { hostname: name, platform: { os: 'linux', architecture: 'x86_64' }, resources: { nanoCpus: 2e9, memoryBytes: 2 ** 31 }, engineVersion: '0.1.0' },
    status: { state: 'ready', addr: '10.0.0.1', message: '' }, certSerial: '01',
  };
}

export function fileObject(id: string, name: string, labels: Record<string, string> = {}): Secret {
  return { ...meta(id), spec: { name, labels, data: '' } };
}

const empty = (): DeployResult => ({ created: [], updated: [], removed: [], warnings: [] });

class Failure extends Error {
  constructor(readonly code: 'ORC_NOT_FOUND', message: string) {
    super(message);
  }
}

type Filters = { filters: { key: string; values: string[] }[] };

function labelled(labels: Record<string, string>, want: string): boolean {
  const eq = want.indexOf('=');
  return eq < 0 ? Object.hasOwn(labels, want) : labels[want.slice(0, eq)] === want.slice(eq + 1);
}

export async function fakeManager(): Promise<FakeManager> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-fake-manager-'));
  const socket = join(dir, 'orc.sock');
  const state: FakeState = { services: [], tasks: [], nodes: [], secrets: [], configs: [], stacks: [], deploy: empty(), removed: {} };
  const requests = new Map<string, Record<string, unknown>[]>();
  const doc = (kind: Kind, o: { id: string; version: number }): object => ({ kind, id: o.id, version: o.version, json: JSON.stringify(o) });
  const find = <T extends { id: string; spec: { name: string } }>(kind: string, list: T[], ref: string): T => {
    const o = list.find((x) => x.id === ref || x.spec.name === ref);
    if (o === undefined) throw new Failure('ORC_NOT_FOUND', `${kind} ${ref} not found`);
    return o;
  };
  const filterOf = (r: Filters, key: string): string[] | undefined => r.filters.find((f) => f.key === key)?.values;
  const byLabelAndName = <T extends { spec: { name: string; labels: Record<string, string> } }>(list: T[], r: Filters): T[] => {
    const labels = filterOf(r, 'label') ?? [];
    const names = filterOf(r, 'name');
    return list.filter((o) => labels.every((l) => labelled(o.spec.labels, l)) && (names === undefined || names.some((n) => o.spec.name.includes(n))));
  };
  let nextId = 1;
  const handlers: Record<string, (req: never) => unknown> = {
    ListServices: (r: Filters) => ({ items: byLabelAndName(state.services, r).map((s) => doc('service', s)) }),
    GetService: (r: { id: string }) => doc('service', find('service', state.services, r.id)),
    ListTasks: (r: Filters) => {
      const services = filterOf(r, 'service');
      return { items: state.tasks.filter((t) => services === undefined || services.includes(t.serviceId)).map((t) => doc('task', t)) };
    },
    ListNodes: () => ({ items: state.nodes.map((n) => doc('node', n)) }),
    DeployStack: () => state.deploy,
    ListStacks: () => ({ stacks: state.stacks }),
    RemoveStack: (r: { name: string }) => state.removed[r.name] ?? empty(),
    CreateSecret: (r: { spec_json: string }) => {
      const spec = JSON.parse(r.spec_json) as Secret['spec'];
      const s: Secret = { ...meta(`sec${nextId++}`), spec };
      state.secrets.push(s);
      return doc('secret', { ...s, spec: { name: spec.name, labels: spec.labels } } as Secret);
    },
    ListSecrets: (r: Filters) => ({ items: byLabelAndName(state.secrets, r).map((s) => doc('secret', s)) }),
    GetSecret: (r: { id: string }) => doc('secret', find('secret', state.secrets, r.id)),
    RemoveSecret: (r: { id: string }) => {
      const s = find('secret', state.secrets, r.id);
      state.secrets = state.secrets.filter((x) => x !== s);
      return {};
    },
    CreateConfig: (r: { spec_json: string }) => {
      const c: Config = { ...meta(`cfg${nextId++}`), spec: JSON.parse(r.spec_json) as Config['spec'] };
      state.configs.push(c);
      return doc('config', c);
    },
    ListConfigs: (r: Filters) => ({ items: byLabelAndName(state.configs, r).map((c) => doc('config', c)) }),
    GetConfig: (r: { id: string }) => doc('config', find('config', state.configs, r.id)),
    RemoveConfig: (r: { id: string }) => {
      const c = find('config', state.configs, r.id);
      state.configs = state.configs.filter((x) => x !== c);
      return {};
    },
  };
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [rpc, h] of Object.entries(handlers)) {
    impl[rpc] = ((call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      requests.set(rpc, [...(requests.get(rpc) ?? []), call.request]);
      try {
        callback(null, h(call.request as never));
      } catch (e) {
        const metadata = new grpc.Metadata();
        if (e instanceof Failure) metadata.set(ERROR_CODE_KEY, e.code);
        callback({ code: e instanceof Failure ? grpc.status.NOT_FOUND : grpc.status.INTERNAL, details: (e as Error).message, metadata });
      }
    }) as grpc.UntypedHandleCall;
  }
  const swarm: grpc.UntypedServiceImplementation = {
    Info: ((_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, {
      state: 'active', node_id: 'node1', node_name: 'one', role: 'manager', cluster_id: 'c1', is_manager: true,
      leader_addr: '10.0.0.1:2377', managers: ['10.0.0.1:2377'], error: '', advertise_addr: '10.0.0.1',
    })) as grpc.UntypedHandleCall,
  };
  const server = new grpc.Server();
  server.addService(serviceDefinition(CONTROL_PROTO, CONTROL_SERVICE), impl);
  server.addService(serviceDefinition(CONTROL_PROTO, SWARM_SERVICE), swarm);
  await new Promise<void>((resolve, reject) => server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
  return {
    host: `unix://${socket}`,
    state,
    seen: (rpc) => requests.get(rpc) ?? [],
    close: async () => {
      server.forceShutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `orc -H <fake> ...args`, in this process; `stdin` is what the program reads from it. */
export async function orc(m: FakeManager, args: string[], stdin?: string): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await main(['-H', m.host, ...args], {
    out: (t) => { stdout += t; },
    err: (t) => { stderr += t; },
    ...(stdin !== undefined ? { stdin: () => stdin } : {}),
  });
  return { code, stdout, stderr };
}
