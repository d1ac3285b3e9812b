/**
 * The Control service's grpc-js handlers over a ControlApi: wire messages
 * in, API calls, Documents out. Every failure becomes a status once, through
 * the daemon's `toStatus` (worker/daemon/status.ts: the status code plus the
 * `orc-error-code` metadata). A Document never carries a secret's data nor
 * the cluster's CA key (`outward` is applied again here, whatever the API
 * returned).
 */
import type * as grpc from '@grpc/grpc-js';
import { OrcError } from '../../common/errors.js';
import type { Kind, Kinds } from '../../common/cluster/types.js';
import type { ControlHandlers } from '../../proto/generated/orc/control/v1/Control.js';
import type { Document } from '../../proto/generated/orc/control/v1/Document.js';
import type { Filter__Output } from '../../proto/generated/orc/control/v1/Filter.js';
import type { ServiceLogLine } from '../../proto/generated/orc/control/v1/ServiceLogLine.js';
import type { ServiceLogsRequest__Output } from '../../proto/generated/orc/control/v1/ServiceLogsRequest.js';
import type { WatchEvent } from '../../proto/generated/orc/control/v1/WatchEvent.js';
import type { WatchRequest__Output } from '../../proto/generated/orc/control/v1/WatchRequest.js';
import { toStatus } from '../../worker/daemon/status.js';
import type { ControlApi, DeployResult } from './api.js';
import type { Filters } from './lookup.js';
import { outward } from './objects.js';

/** The call a handler serves, as `authorize` sees it (its peer certificate, metadata, method). */
export type AnyCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>;

export interface ControlHandlerOptions {
  /** Throws (ORC_UNAUTHORIZED) for a caller that may not use the API, e.g. a worker's certificate. */
  authorize?: (call: AnyCall, method: string) => void;
  /** Aborted when the manager stops serving: Watch streams end. */
  shutdown?: AbortSignal;
  /** ServiceLogs, from `serviceLogsHandler` (logs.ts); absent: the call fails with ORC_UNAVAILABLE. */
  serviceLogs?: grpc.handleServerStreamingCall<ServiceLogsRequest__Output, ServiceLogLine>;
}

export function toDocument<K extends Kind>(kind: K, o: Kinds[K]): Document {
  const safe = outward(kind, o);
  return { kind, id: safe.id, version: safe.version, json: JSON.stringify(safe) };
}

function filters(list: Filter__Output[]): Filters {
  const out: Filters = {};
  for (const f of list) out[f.key] = [...(out[f.key] ?? []), ...f.values];
  return out;
}

/** JSON text from the wire; empty → undefined. */
function parseSpec(text: string, what: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new OrcError('ORC_INVALID_SPEC', `${what}: the spec is not JSON: ${(e as Error).message}`);
  }
}

function required(text: string, what: string): unknown {
  const v = parseSpec(text, what);
  if (v === undefined) throw new OrcError('ORC_INVALID_SPEC', `${what}: no spec given`);
  return v;
}

const deployResponse = (r: DeployResult): DeployResult => ({ created: r.created, updated: r.updated, removed: r.removed, warnings: r.warnings });

export function controlHandlers(api: ControlApi, opts: ControlHandlerOptions = {}): ControlHandlers {
  const unary = <Req, Res>(method: string, fn: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> => (call, callback) => {
    Promise.resolve()
      .then(() => {
        opts.authorize?.(call as AnyCall, method);
        return fn(call.request);
      })
      .then((res) => callback(null, res), (e: unknown) => callback(toStatus(e)));
  };
  const doc = <K extends Kind>(kind: K) => (o: Kinds[K]): Document => toDocument(kind, o);
  const docs = <K extends Kind>(kind: K) => (list: Kinds[K][]): { items: Document[] } => ({ items: list.map(doc(kind)) });

  return {
    GetNode: unary('GetNode', async (r) => doc('node')(await api.getNode(r.id))),
    ListNodes: unary('ListNodes', async (r) => docs('node')(await api.listNodes(filters(r.filters)))),
    UpdateNode: unary('UpdateNode', async (r) => doc('node')(await api.updateNode(r.id, r.version, required(r.spec_json, `node ${r.id}`)))),
    RemoveNode: unary('RemoveNode', async (r) => {
      await api.removeNode(r.id, r.force);
      return {};
    }),

    CreateService: unary('CreateService', async (r) => doc('service')(await api.createService(required(r.spec_json, 'service')))),
    GetService: unary('GetService', async (r) => doc('service')(await api.getService(r.id))),
    ListServices: unary('ListServices', async (r) => docs('service')(await api.listServices(filters(r.filters)))),
    UpdateService: unary('UpdateService', async (r) =>
      doc('service')(await api.updateService(r.id, r.version, r.rollback ? undefined : required(r.spec_json, `service ${r.id}`), r.rollback))),
    RemoveService: unary('RemoveService', async (r) => {
      await api.removeService(r.id);
      return {};
    }),

    GetTask: unary('GetTask', async (r) => doc('task')(await api.getTask(r.id))),
    ListTasks: unary('ListTasks', async (r) => docs('task')(await api.listTasks(filters(r.filters)))),

    CreateNetwork: unary('CreateNetwork', async (r) => doc('network')(await api.createNetwork(required(r.spec_json, 'network')))),
    GetNetwork: unary('GetNetwork', async (r) => doc('network')(await api.getNetwork(r.id))),
    ListNetworks: unary('ListNetworks', async (r) => docs('network')(await api.listNetworks(filters(r.filters)))),
    RemoveNetwork: unary('RemoveNetwork', async (r) => {
      await api.removeNetwork(r.id);
      return {};
    }),

    CreateSecret: unary('CreateSecret', async (r) => doc('secret')(await api.createSecret(required(r.spec_json, 'secret')))),
    GetSecret: unary('GetSecret', async (r) => doc('secret')(await api.getSecret(r.id))),
    ListSecrets: unary('ListSecrets', async (r) => docs('secret')(await api.listSecrets(filters(r.filters)))),
    RemoveSecret: unary('RemoveSecret', async (r) => {
      await api.removeSecret(r.id);
      return {};
    }),

    CreateConfig: unary('CreateConfig', async (r) => doc('config')(await api.createConfig(required(r.spec_json, 'config')))),
    GetConfig: unary('GetConfig', async (r) => doc('config')(await api.getConfig(r.id))),
    ListConfigs: unary('ListConfigs', async (r) => docs('config')(await api.listConfigs(filters(r.filters)))),
    RemoveConfig: unary('RemoveConfig', async (r) => {
      await api.removeConfig(r.id);
      return {};
    }),

    DeployStack: unary('DeployStack', async (r) => deployResponse(await api.deployStack(r.name, required(r.stack_json, `stack ${r.name}`), r.prune))),
    ListStacks: unary('ListStacks', async () => ({ stacks: await api.listStacks() })),
    RemoveStack: unary('RemoveStack', async (r) => deployResponse(await api.removeStack(r.name))),

    GetCluster: unary('GetCluster', async () => doc('cluster')(await api.getCluster())),
    UpdateCluster: unary('UpdateCluster', async (r) => {
      const spec = parseSpec(r.spec_json, 'cluster');
      return doc('cluster')(await api.updateCluster(r.version, {
        ...(spec !== undefined ? { spec } : {}), rotateWorkerToken: r.rotate_worker_token, rotateManagerToken: r.rotate_manager_token,
      }));
    }),

    AddManager: unary('AddManager', async (r) => {
      const m = await api.addManager(r.peer_url);
      return { initial_cluster: m.initialCluster, member_name: m.memberName, member_id: m.memberId, data_key: m.dataKey, client_urls: m.clientUrls };
    }),

    Watch: (call: grpc.ServerWritableStream<WatchRequest__Output, WatchEvent>) => {
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      call.on('cancelled', stop);
      opts.shutdown?.addEventListener('abort', stop, { once: true });
      void (async () => {
        try {
          opts.authorize?.(call as AnyCall, 'Watch');
          for await (const e of api.watch(call.request.kinds, call.request.from_revision, abort.signal)) {
            if (call.cancelled) break;
            call.write({ type: e.type, object: toDocument(e.kind, e.object), revision: e.revision });
          }
          if (!call.cancelled) call.end();
        } catch (e) {
          if (!call.cancelled) call.emit('error', toStatus(e));
        } finally {
          opts.shutdown?.removeEventListener('abort', stop);
          call.off('cancelled', stop);
        }
      })();
    },

    ServiceLogs: (call: grpc.ServerWritableStream<ServiceLogsRequest__Output, ServiceLogLine>) => {
      try {
        opts.authorize?.(call as AnyCall, 'ServiceLogs');
        if (opts.serviceLogs === undefined) throw new OrcError('ORC_UNAVAILABLE', 'this manager does not serve service logs');
      } catch (e) {
        call.emit('error', toStatus(e));
        return;
      }
      opts.serviceLogs(call);
    },
  };
}
