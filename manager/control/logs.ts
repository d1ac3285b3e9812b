/**
 * ServiceLogs (proto/control.proto): the logs of a service's tasks, from
 * every node that runs them, through the leader's dispatcher (the workers'
 * sessions carry the subscriptions and the lines; no worker listens on a
 * port). A node that cannot be reached is named in an `error` line at once;
 * the other nodes' lines come as they are published, each node's in order.
 * Without `follow` the stream ends when every node has sent what it has;
 * with it, when the client cancels (or every container ended).
 *
 * Only the leader has a dispatcher: elsewhere the call fails with
 * ORC_UNAVAILABLE (UNAVAILABLE) unless it is forwarded to the leader.
 */
import type * as grpc from '@grpc/grpc-js';
import { isTerminal, stateRank, type Node, type Service, type Task } from '../../common/cluster/types.js';
import { isOrcError, OrcError } from '../../common/errors.js';
import type { ServiceLogLine } from '../../proto/generated/orc/control/v1/ServiceLogLine.js';
import type { ServiceLogsRequest__Output } from '../../proto/generated/orc/control/v1/ServiceLogsRequest.js';
import { toStatus } from '../../worker/daemon/status.js';
import { NodeUnreachableError, type Dispatcher } from '../dispatcher/index.js';
import type { Store } from '../store/store.js';
import { pick } from './lookup.js';

export interface ServiceLogsRequest {
  /** A service id, name or unique id prefix; or a task id (or prefix, or name). */
  service: string;
  follow: boolean;
  /** The last N lines of each task; negative: all. */
  tail: number;
  timestamps: boolean;
}

export interface ServiceLogsOptions {
  /** Aborted when the manager stops serving: every stream ends. */
  shutdown?: AbortSignal;
}

type LogsDispatcher = Pick<Dispatcher, 'subscribeLogs' | 'hasSession'>;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A task that has (or had) a container: created at `starting`, never for a rejected one. */
function hadContainer(t: Task): boolean {
  return t.nodeId !== '' && stateRank(t.status.state) >= stateRank('starting') && t.status.state !== 'rejected';
}

/**
 * The tasks `ref` names: one task when it names a task, else the service's
 * (following: those meant to run; otherwise every one still in the store
 * that had a container). ORC_NOT_FOUND when it names neither.
 */
export async function logTargets(store: Store, ref: string, follow: boolean): Promise<{ tasks: Task[]; single: boolean }> {
  let service: Service | undefined;
  try {
    service = pick('service', await store.list('service'), ref);
  } catch (e) {
    if (!isOrcError(e) || e.code !== 'ORC_NOT_FOUND') throw e;
  }
  const all = await store.list('task');
  if (service === undefined) {
    let task: Task;
    try {
      task = pick('task', all, ref);
    } catch (e) {
      if (isOrcError(e) && e.code === 'ORC_NOT_FOUND') throw new OrcError('ORC_NOT_FOUND', `no such service or task: ${ref}`);
      throw e;
    }
    return { tasks: task.nodeId === '' ? [] : [task], single: true };
  }
  const id = service.id;
  const tasks = all.filter((t) => t.serviceId === id && hadContainer(t) && (!follow || t.desiredState === 'running' || t.desiredState === 'complete'));
  tasks.sort((a, b) => a.slot - b.slot || a.createdAt - b.createdAt);
  return { tasks, single: false };
}

const nodeName = (n: Node | undefined, id: string): string => (n === undefined ? id : n.spec.name !== '' ? n.spec.name : n.description.hostname);

/**
 * The lines of `req`, written with `send` (which waits while the client
 * is slow) until every node is done or `signal` aborts.
 */
export async function streamServiceLogs(
  store: Store, dispatcher: LogsDispatcher, req: ServiceLogsRequest, signal: AbortSignal, send: (line: ServiceLogLine) => Promise<void>,
): Promise<void> {
  const { tasks, single } = await logTargets(store, req.service, req.follow);
  const byNode = new Map<string, Task[]>();
  for (const t of tasks) byNode.set(t.nodeId, [...(byNode.get(t.nodeId) ?? []), t]);
  const taskOf = new Map(tasks.map((t) => [t.id, t]));
  const nodes = new Map<string, Node | undefined>();
  for (const id of byNode.keys()) nodes.set(id, await store.get('node', id));

  const errorLine = (nodeId: string, error: string, t?: Task): ServiceLogLine => ({
    task_id: t?.id ?? '', node_id: nodeId, node_name: nodeName(nodes.get(nodeId), nodeId),
    service_name: t?.serviceName ?? tasks[0]?.serviceName ?? '', slot: t?.slot ?? 0, stream: '', data: Buffer.alloc(0), timestamp_ms: 0, error,
  });
  const reachability = (nodeId: string): string | undefined => {
    const n = nodes.get(nodeId);
    if (n === undefined) return 'it is no longer in the cluster';
    if (n.status.state !== 'ready') return `${n.status.state}${n.status.message !== '' ? ` (${n.status.message})` : ''}`;
    if (!dispatcher.hasSession(nodeId)) return 'it has no session with the leader';
    return undefined;
  };
  const named = (nodeId: string, reason: string): string => `node ${nodeName(nodes.get(nodeId), nodeId)} (id ${nodeId}) is not reachable: ${reason}`;

  // Unreachable nodes first, at once: nobody waits for them.
  const reachable: string[] = [];
  for (const nodeId of byNode.keys()) {
    const why = reachability(nodeId);
    if (why === undefined) reachable.push(nodeId);
    else await send(errorLine(nodeId, named(nodeId, why)));
  }

  await Promise.all(reachable.map(async (nodeId) => {
    const mine = byNode.get(nodeId) ?? [];
    try {
      const chunks = dispatcher.subscribeLogs(nodeId, { taskIds: mine.map((t) => t.id), follow: req.follow, tail: req.tail, timestamps: req.timestamps }, signal);
      for await (const c of chunks) {
        if (signal.aborted) return;
        const t = taskOf.get(c.taskId);
        if (c.error !== '') {
          // An old task's container may be gone for good: only the tasks that matter say so.
          if (t !== undefined && !single && isTerminal(t.status.state) && t.desiredState !== 'running') continue;
          await send(errorLine(nodeId, c.error, t));
          continue;
        }
        await send({
          task_id: c.taskId, node_id: nodeId, node_name: nodeName(nodes.get(nodeId), nodeId), service_name: t?.serviceName ?? '',
          slot: t?.slot ?? 0, stream: c.stream, data: c.data, timestamp_ms: c.timestampMs, error: '',
        });
      }
    } catch (e) {
      if (signal.aborted) return;
      const text = e instanceof NodeUnreachableError ? named(nodeId, e.reason) : `node ${nodeName(nodes.get(nodeId), nodeId)} (id ${nodeId}): ${message(e)}`;
      await send(errorLine(nodeId, text));
    }
  }));
}

/**
 * The grpc-js handler of Control.ServiceLogs: mount it as the
 * `serviceLogs` option of `controlHandlers` (which authorizes the caller
 * first). `dispatcher()` is the dispatcher while this manager leads.
 */
export function serviceLogsHandler(
  store: Store, dispatcher: () => Dispatcher | undefined, opts: ServiceLogsOptions = {},
): grpc.handleServerStreamingCall<ServiceLogsRequest__Output, ServiceLogLine> {
  return (call) => {
    const d = dispatcher();
    if (d === undefined) {
      call.emit('error', toStatus(new OrcError('ORC_UNAVAILABLE', 'service logs are served by the leader: this manager does not lead (call the leader, or a manager that forwards to it)')));
      return;
    }
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    call.on('cancelled', stop);
    opts.shutdown?.addEventListener('abort', stop, { once: true });
    const send = async (line: ServiceLogLine): Promise<void> => {
      if (call.cancelled || abort.signal.aborted) return;
      if (call.write(line)) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          call.off('drain', done);
          abort.signal.removeEventListener('abort', done);
          resolve();
        };
        call.on('drain', done);
        abort.signal.addEventListener('abort', done, { once: true });
      });
    };
    const r = call.request;
    void streamServiceLogs(store, d, { service: r.service, follow: r.follow, tail: r.tail, timestamps: r.timestamps }, abort.signal, send)
      .then(
        () => {
          if (!call.cancelled) call.end();
        },
        (e: unknown) => {
          if (!call.cancelled) call.emit('error', toStatus(e));
        },
      )
      .finally(() => {
        abort.abort();
        call.off('cancelled', stop);
        opts.shutdown?.removeEventListener('abort', stop);
      });
  };
}
