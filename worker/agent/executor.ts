/**
 * The worker's side of a task: runs the tasks the dispatcher assigned to
 * this node as containers of the local engine and reports their status.
 *
 * A task with desiredState `running` (or `complete`, for jobs) goes
 * accepted → preparing (its image pulled when missing; a failure: rejected)
 * → starting (create + start) → running, then complete (exit 0) or failed
 * (exit code). A task whose desiredState went past running is stopped (its
 * stop grace period, then SIGKILL) and reported shutdown; its container is
 * removed once desiredState is `remove` or the task left a complete set.
 * The executor never restarts a container (no engine restart policy):
 * restarts are the manager's (a new task).
 *
 * Status only moves forward: the last status of each task is kept, and a
 * report that would lower its rank is dropped; a change of health (or of
 * container) is reported at the same state. Containers carry Swarm's labels,
 * so a new executor over the same engine (an agent restart) adopts them
 * from a complete set: never a second container for a task; containers of
 * tasks not in that set are orphans, stopped and removed.
 *
 * Exits come from the engine's `die` events and health from `onHealth`:
 * no polling.
 */
import type { TaskExecutor } from './executor-types.js';
import type { Clock } from '../../common/clock.js';
import { systemClock } from '../../common/clock.js';
import { isTerminal, stateRank, type Task, type TaskState, type TaskStatus } from '../../common/cluster/types.js';
import type { ContainerSummary, CreateOptions, Engine } from '../engine/index.js';
import type { TaskImages } from './executor-images.js';
import { SWARM_LABEL, stopGraceMs, taskCreateOptions } from './executor-options.js';

export type { TaskExecutor };

export interface EngineExecutorOptions {
  engine: Engine;
  /** Where images come from (`registryImages(engine)` pulls from registries). */
  images: TaskImages;
  /** This node's id (container names of global tasks, label `com.docker.swarm.node.id`). */
  nodeId: string;
  clock?: Clock;
  /** Each transition and action, one line (default: stderr when ORC_TRACE names `executor`). */
  log?: (line: string) => void;
  /** The network options of a task's container (its networks and aliases); absent: the engine's default network. */
  networkOptions?: (task: Task) => Pick<CreateOptions, 'network' | 'networks'> | undefined;
}

interface Entry {
  task: Task;
  /** The last status reported (at first sight: the manager's). */
  status: TaskStatus;
  /** The task's container ('' before create). */
  containerId: string;
  /** Operations on this task, one at a time. */
  chain: Promise<void>;
  /** A run was scheduled (never twice). */
  runScheduled: boolean;
  /** A stop was scheduled; its `die` is a shutdown, not an exit. */
  stopping: boolean;
  /** The removal of its container was scheduled. */
  removing: boolean;
  /** It left a complete set: its container goes and so does the entry. */
  retired: boolean;
  /** Aborted when the run is no longer wanted (ends a wait for a pull). */
  abort: AbortController;
}

const MESSAGES: Partial<Record<TaskState, string>> = {
  accepted: 'accepted', preparing: 'preparing', starting: 'starting', running: 'started',
  complete: 'finished', failed: 'started', rejected: 'preparing', shutdown: 'shutdown',
};

function defaultLog(): (line: string) => void {
  const t = process.env.ORC_TRACE;
  if (t === undefined || !t.split(',').some((x) => x === 'executor' || x === '*')) return () => undefined;
  return (line) => process.stderr.write(`executor: ${line}\n`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Past running, not the run-to-completion of a job: the task is to be stopped. */
function wantsStop(desired: TaskState): boolean {
  return desired !== 'complete' && stateRank(desired) > stateRank('running');
}

function wantsRun(desired: TaskState): boolean {
  return desired === 'running' || desired === 'complete';
}

export class EngineExecutor implements TaskExecutor {
  private readonly engine: Engine;
  private readonly images: TaskImages;
  private readonly nodeId: string;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly networkOptions: ((task: Task) => Pick<CreateOptions, 'network' | 'networks'> | undefined) | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: Array<(taskId: string, status: TaskStatus) => void> = [];
  /** Operations in flight (task chains and orphan removals), for `idle`. */
  private readonly busy = new Set<Promise<unknown>>();
  /** Orphan containers being removed (by id), so a second apply does not remove them twice. */
  private readonly orphans = new Set<string>();
  private readonly abort = new AbortController();
  private readonly offHealth: () => void;
  private closed = false;

  constructor(opts: EngineExecutorOptions) {
    this.engine = opts.engine;
    this.images = opts.images;
    this.nodeId = opts.nodeId;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? defaultLog();
    this.networkOptions = opts.networkOptions;
    // Subscribed before anything can start: no exit of ours is missed.
    void this.watchExits();
    this.offHealth = this.engine.onHealth((ev) => this.healthChanged(ev.id, ev.status));
  }

  onStatus(listener: (taskId: string, status: TaskStatus) => void): void {
    this.listeners.push(listener);
  }

  statuses(): Map<string, TaskStatus> {
    return new Map([...this.entries].map(([id, e]) => [id, { ...e.status }]));
  }

  /**
   * Takes the node's tasks (all of them when `complete`: then containers of
   * tasks not among them go) and starts what they need; resolves once the
   * work is scheduled (`idle` waits for it). `files` holds the contents of
   * the tasks' secrets and configs, by id.
   */
  async apply(tasks: Task[], opts: { complete: boolean; files: Map<string, Buffer> }): Promise<void> {
    if (this.closed) return;
    const byTask = this.taskContainers();
    const seen = new Set<string>();
    for (const task of tasks) {
      seen.add(task.id);
      let e = this.entries.get(task.id);
      if (e === undefined) {
        e = {
          task, status: { ...task.status }, containerId: '', chain: Promise.resolve(),
          runScheduled: false, stopping: false, removing: false, retired: false, abort: new AbortController(),
        };
        this.entries.set(task.id, e);
        this.adopt(e, byTask.get(task.id) ?? []);
      } else e.task = task;
      this.reconcile(e, opts.files);
    }
    if (!opts.complete) return;
    for (const [id, e] of this.entries) {
      if (seen.has(id) || e.retired) continue;
      e.retired = true;
      e.abort.abort(new Error('the task was removed'));
      this.enqueue(e, async () => {
        await this.stopContainer(e);
        await this.removeContainer(e);
        if (this.entries.get(id) === e) this.entries.delete(id);
      });
    }
    for (const [taskId, containers] of byTask) {
      if (this.entries.has(taskId)) continue;
      for (const c of containers) this.removeOrphan(c, `task ${taskId} is not assigned to this node`);
    }
  }

  /** Resolves once every scheduled operation has settled (tests; a clean shutdown of the agent). */
  async idle(): Promise<void> {
    while (this.busy.size > 0) await Promise.allSettled([...this.busy]);
  }

  /** Stops following the engine; containers keep running (a new executor adopts them). */
  close(): void {
    this.closed = true;
    this.abort.abort();
    this.offHealth();
    for (const e of this.entries.values()) e.abort.abort(new Error('the executor closed'));
  }

  // ── adoption and decisions ───────────────────────────────────────────

  /** The engine's containers that carry a task label, by task id (oldest first). */
  private taskContainers(): Map<string, ContainerSummary[]> {
    const out = new Map<string, ContainerSummary[]>();
    const all = this.engine.list({ all: true }).sort((a, b) => a.Created - b.Created);
    for (const c of all) {
      const taskId = c.Labels[SWARM_LABEL.taskId];
      if (taskId === undefined) continue;
      const list = out.get(taskId) ?? [];
      list.push(c);
      out.set(taskId, list);
    }
    return out;
  }

  /** A task seen for the first time takes the container it already has (one; any other is a duplicate and goes). */
  private adopt(e: Entry, containers: readonly ContainerSummary[]): void {
    const [c, ...extra] = containers;
    for (const x of extra) this.removeOrphan(x, `a second container of task ${e.task.id}`);
    if (c === undefined) return;
    let info;
    try {
      info = this.engine.inspect(c.Id);
    } catch {
      return; // removed since the listing
    }
    e.containerId = c.Id;
    this.log(`task ${e.task.id}: adopted container ${c.Id.slice(0, 12)} (${info.State.Status})`);
    if (info.State.Status === 'created') return; // made, never started: the run starts it
    e.runScheduled = true;
    if (info.State.Status === 'exited') {
      if (wantsStop(e.task.desiredState)) this.report(e, { state: 'shutdown', containerId: c.Id, exitCode: info.State.ExitCode }, 'adopted a stopped container');
      else this.exited(e, info.State.ExitCode, 'adopted an exited container');
      return;
    }
    const health = this.engine.health(c.Id)?.Status ?? '';
    this.report(e, { state: 'running', containerId: c.Id, health }, 'adopted a running container');
  }

  /** What the task's desiredState asks for now. */
  private reconcile(e: Entry, files: ReadonlyMap<string, Buffer>): void {
    const desired = e.task.desiredState;
    if (wantsRun(desired)) {
      if (e.runScheduled || isTerminal(e.status.state)) return;
      e.runScheduled = true;
      const snapshot = new Map(files);
      this.enqueue(e, () => this.run(e, snapshot));
    } else if (wantsStop(desired)) {
      e.abort.abort(new Error(`the task's desired state is ${desired}`));
      if (!e.stopping) {
        e.stopping = true;
        this.enqueue(e, () => this.shutdown(e));
      }
      if (desired === 'remove' && !e.removing) {
        e.removing = true;
        this.enqueue(e, () => this.removeContainer(e));
      }
    }
  }

  private stillWanted(e: Entry): boolean {
    return !this.closed && !e.retired && !e.stopping && wantsRun(e.task.desiredState);
  }

  // ── operations (one at a time per task) ──────────────────────────────

  private enqueue(e: Entry, op: () => Promise<void>): void {
    const next = e.chain.then(op).catch((err: unknown) => this.log(`task ${e.task.id}: ${message(err)}`));
    e.chain = next;
    this.track(next);
  }

  private track(p: Promise<unknown>): void {
    this.busy.add(p);
    void p.finally(() => this.busy.delete(p));
  }

  /** accepted → preparing → starting → running. */
  private async run(e: Entry, files: ReadonlyMap<string, Buffer>): Promise<void> {
    if (!this.stillWanted(e)) return;
    const task = e.task;
    const image = task.spec.container.image;
    this.report(e, { state: 'accepted' }, 'assigned');
    this.report(e, { state: 'preparing' }, 'preparing');
    let options: CreateOptions;
    try {
      options = taskCreateOptions(task, this.nodeId, files, this.networkOptions?.(task));
    } catch (err) {
      this.report(e, { state: 'rejected', err: message(err) }, 'invalid spec');
      return;
    }
    if (e.containerId === '') {
      try {
        if (!(await this.images.has(image))) {
          this.log(`task ${task.id}: pulling ${image}`);
          await this.images.pull(image, e.abort.signal);
        }
      } catch (err) {
        if (!this.stillWanted(e)) return;
        this.report(e, { state: 'rejected', err: `pulling image ${image}: ${message(err)}` }, 'pull failed');
        return;
      }
    }
    if (!this.stillWanted(e)) return;
    this.report(e, { state: 'starting' }, 'starting');
    if (e.containerId === '') {
      try {
        e.containerId = await this.engine.create(image, options);
      } catch (err) {
        this.report(e, { state: 'failed', err: `creating the container: ${message(err)}` }, 'create failed');
        return;
      }
    }
    if (!this.stillWanted(e)) return;
    try {
      await this.engine.start(e.containerId);
    } catch (err) {
      this.report(e, { state: 'failed', containerId: e.containerId, err: `starting the container: ${message(err)}` }, 'start failed');
      return;
    }
    const health = this.engine.health(e.containerId)?.Status ?? '';
    this.report(e, { state: 'running', containerId: e.containerId, health }, `container ${e.containerId.slice(0, 12)} started`);
  }

  /** The container's end, as the task's: complete or failed (never while a stop of ours is under way: that is a shutdown). */
  private exited(e: Entry, exitCode: number, cause: string): void {
    if (e.stopping || isTerminal(e.status.state)) return;
    if (exitCode === 0) this.report(e, { state: 'complete', exitCode, containerId: e.containerId }, cause);
    else this.report(e, { state: 'failed', exitCode, containerId: e.containerId, err: `task: non-zero exit (${exitCode})` }, cause);
  }

  /** desiredState past running: the container stopped, `shutdown` reported (unless the task already ended). */
  private async shutdown(e: Entry): Promise<void> {
    const exitCode = await this.stopContainer(e);
    if (exitCode !== undefined) this.report(e, { state: 'shutdown', exitCode, containerId: e.containerId }, 'stopped');
    else this.report(e, { state: 'shutdown' }, 'never started');
  }

  /** Stops the task's container if it runs (its grace period, then SIGKILL); its exit code when it has a container. */
  private async stopContainer(e: Entry): Promise<number | undefined> {
    if (e.containerId === '') return undefined;
    e.stopping = true;
    let info;
    try {
      info = this.engine.inspect(e.containerId);
    } catch {
      return undefined; // removed meanwhile
    }
    if (info.State.Running || info.State.Restarting) {
      this.log(`task ${e.task.id}: stopping container ${e.containerId.slice(0, 12)}`);
      await this.engine.stop(e.containerId, { timeout: stopGraceMs(e.task) / 1000 });
      return this.engine.inspect(e.containerId).State.ExitCode;
    }
    return info.State.ExitCode;
  }

  private async removeContainer(e: Entry): Promise<void> {
    if (e.containerId === '') return;
    await this.stopContainer(e);
    try {
      await this.engine.remove(e.containerId, { force: true });
      this.log(`task ${e.task.id}: removed container ${e.containerId.slice(0, 12)}`);
    } catch (err) {
      this.log(`task ${e.task.id}: removing container ${e.containerId.slice(0, 12)}: ${message(err)}`);
    }
  }

  /** A container of no task we run: stopped (its own grace period) and removed. */
  private removeOrphan(c: ContainerSummary, why: string): void {
    if (this.orphans.has(c.Id)) return;
    this.orphans.add(c.Id);
    this.log(`orphan container ${c.Id.slice(0, 12)} (${c.Names[0] ?? ''}): ${why}; removing it`);
    const op = (async () => {
      try {
        await this.engine.stop(c.Id);
        await this.engine.remove(c.Id, { force: true });
      } catch (err) {
        this.log(`removing orphan container ${c.Id.slice(0, 12)}: ${message(err)}`);
      } finally {
        this.orphans.delete(c.Id);
      }
    })();
    this.track(op);
  }

  // ── the engine's reports ─────────────────────────────────────────────

  private entryOf(containerId: string): Entry | undefined {
    for (const e of this.entries.values()) if (e.containerId === containerId) return e;
    return undefined;
  }

  private async watchExits(): Promise<void> {
    try {
      const events = this.engine.events.subscribe({
        filters: { type: ['container'], event: ['die'], label: [SWARM_LABEL.taskId] },
        signal: this.abort.signal,
      });
      for await (const ev of events) {
        const e = this.entryOf(ev.Actor.ID);
        if (e === undefined) continue;
        const code = Number(ev.Actor.Attributes['exitCode'] ?? 'NaN');
        // After the operation under way (a start reports running first).
        this.enqueue(e, async () => {
          const exitCode = Number.isInteger(code) ? code : this.engine.inspect(ev.Actor.ID).State.ExitCode;
          this.exited(e, exitCode, `container ${ev.Actor.ID.slice(0, 12)} exited (${exitCode})`);
        });
      }
    } catch (err) {
      if (!this.closed) this.log(`the engine's events ended: ${message(err)}`);
    }
  }

  private healthChanged(containerId: string, health: TaskStatus['health']): void {
    if (this.closed) return;
    const e = this.entryOf(containerId);
    // Before running, the running report reads the container's health itself.
    if (e === undefined || e.stopping || e.status.state !== 'running') return;
    this.report(e, { state: 'running', health }, `health ${health}`);
  }

  // ── reports ──────────────────────────────────────────────────────────

  /**
   * Records and reports a status: never a lower rank, never one terminal
   * state for another; at the same state only a change of health, container,
   * exit code or error is news.
   */
  private report(e: Entry, next: Partial<TaskStatus> & { state: TaskState }, cause: string): void {
    if (this.closed) return;
    const prev = e.status;
    const rank = stateRank(next.state);
    const prevRank = stateRank(prev.state);
    if (rank < prevRank || (rank === prevRank && next.state !== prev.state)) return;
    const status: TaskStatus = {
      state: next.state,
      timestamp: this.clock.now(),
      message: next.message ?? MESSAGES[next.state] ?? next.state,
      err: next.err ?? (next.state === prev.state ? prev.err : ''),
      containerId: next.containerId ?? prev.containerId,
      exitCode: next.exitCode ?? prev.exitCode,
      health: next.health ?? prev.health,
    };
    if (status.state === prev.state && status.health === prev.health && status.containerId === prev.containerId
      && status.exitCode === prev.exitCode && status.err === prev.err) return;
    e.status = status;
    const health = status.health !== prev.health ? ` health ${prev.health || 'none'} -> ${status.health || 'none'}` : '';
    this.log(`task ${e.task.id}: ${prev.state} -> ${status.state}${health} (${cause}${status.err !== '' ? `: ${status.err}` : ''})`);
    for (const l of this.listeners) {
      try {
        l(e.task.id, { ...status });
      } catch (err) {
        this.log(`a status listener failed: ${message(err)}`);
      }
    }
  }
}
