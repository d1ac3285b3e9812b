/**
 * One Assignments stream: what the node was sent (tasks, secrets, configs)
 * and the changes seen since, turned into a complete message first and then
 * incremental ones, coalesced over `delayMs`.
 *
 * Invariants: a task is sent when its `nodeId` is this node and its state is
 * at least assigned; a change of its status alone (the worker's own report)
 * is not sent back; a secret or config is sent only while a task of the node
 * that is not finished references it, and only once per stream.
 */
import type { Clock } from '../../common/clock.js';
import { isTerminal, stateRank, type Task } from '../../common/cluster/types.js';
import type { Store } from '../store/store.js';
import type { AssignmentsMessage } from '../../proto/generated/orc/dispatcher/v1/AssignmentsMessage.js';
import type { FileData } from '../../proto/generated/orc/dispatcher/v1/FileData.js';

const ASSIGNED = stateRank('assigned');
const RUNNING = stateRank('running');

/** Whether the node should know the task. */
export function assignedTo(task: Task, nodeId: string): boolean {
  return task.nodeId === nodeId && stateRank(task.status.state) >= ASSIGNED;
}

/** The task without what changes when only its status does. */
function stable(task: Task): string {
  const { status: _s, version: _v, updatedAt: _u, ...rest } = task;
  return JSON.stringify(rest);
}

/** The secrets and configs of the tasks that still need theirs (not finished, not being stopped). */
export function referencedFiles(tasks: Iterable<Task>): Map<string, 'secret' | 'config'> {
  const out = new Map<string, 'secret' | 'config'>();
  for (const t of tasks) {
    if (isTerminal(t.status.state) || (stateRank(t.desiredState) > RUNNING && t.desiredState !== 'complete')) continue;
    for (const s of t.spec.container.secrets) out.set(s.id, 'secret');
    for (const c of t.spec.container.configs) out.set(c.id, 'config');
  }
  return out;
}

export interface FileSource {
  store: Store;
  /** The plaintext of a secret; without it secrets are not sent. */
  secretData?: ((id: string) => Promise<Buffer | undefined>) | undefined;
  log(line: string): void;
}

export class AssignmentStream {
  /** Each task as the node knows it (the version last sent, or a later one differing in status only). */
  private readonly sent = new Map<string, Task>();
  private readonly sentFiles = new Map<string, 'secret' | 'config'>();
  /** Changes not sent yet: the latest version of each task, null when deleted. */
  private pending = new Map<string, Task | null>();
  private started = false;
  private needComplete = true;
  private scheduled = false;
  private sequence = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly nodeId: string,
    private readonly write: (m: AssignmentsMessage) => void,
    private readonly files: FileSource,
    private readonly clock: Clock,
    private readonly delayMs = 50,
  ) {}

  /** Sends the complete set (the first message, or again after the dispatcher lost track of changes). */
  complete(): Promise<void> {
    this.needComplete = true;
    this.started = true;
    return this.enqueue();
  }

  /** Whether a task event concerns this stream. */
  concerns(task: Task): boolean {
    return task.nodeId === this.nodeId || this.sent.has(task.id) || this.pending.has(task.id);
  }

  /** A task was written (deleted: `deleted` true). */
  offer(task: Task, deleted: boolean): void {
    const known = this.pending.get(task.id);
    if (known !== undefined && known !== null && known.version > task.version) return;
    this.pending.set(task.id, deleted ? null : task);
    this.schedule();
  }

  /** A secret or config was written: sends it if a task waits for it. */
  fileChanged(id: string): void {
    if (this.sentFiles.has(id)) return;
    if (referencedFiles(this.sent.values()).has(id)) this.schedule();
  }

  close(): void {
    this.closed = true;
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    void this.clock.sleep(this.delayMs).then(() => {
      this.scheduled = false;
      return this.enqueue();
    });
  }

  private enqueue(): Promise<void> {
    this.chain = this.chain.then(() => this.flush()).catch((e: unknown) => {
      this.files.log(`dispatcher: assignments of node ${this.nodeId}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.chain;
  }

  private async flush(): Promise<void> {
    if (this.closed || !this.started) return;
    const msg: AssignmentsMessage = { type: 'incremental', applies: [], removes: [], secrets: [], configs: [], removes_files: [] };
    const applies = msg.applies as string[];
    const removes = msg.removes as string[];
    if (this.needComplete) {
      this.needComplete = false;
      this.pending.clear();
      const tasks = (await this.files.store.list('task')).filter((t) => assignedTo(t, this.nodeId));
      this.sent.clear();
      this.sentFiles.clear();
      msg.type = 'complete';
      for (const t of tasks) {
        this.sent.set(t.id, t);
        applies.push(JSON.stringify(t));
      }
    } else {
      const changes = this.pending;
      this.pending = new Map();
      for (const [id, t] of changes) {
        const prev = this.sent.get(id);
        if (t === null || !assignedTo(t, this.nodeId)) {
          if (prev !== undefined && (t === null || t.version >= prev.version)) {
            this.sent.delete(id);
            removes.push(id);
          }
          continue;
        }
        if (prev !== undefined && prev.version >= t.version) continue;
        this.sent.set(id, t);
        if (prev !== undefined && stable(prev) === stable(t) && stateRank(t.status.state) > ASSIGNED) continue;
        applies.push(JSON.stringify(t));
      }
    }
    await this.addFiles(msg);
    const empty = applies.length === 0 && removes.length === 0 && msg.secrets?.length === 0 && msg.configs?.length === 0 && msg.removes_files?.length === 0;
    if (empty && msg.type === 'incremental') return;
    if (this.closed) return;
    msg.sequence = ++this.sequence;
    this.write(msg);
  }

  /** The files the node now needs and does not have, and those it no longer needs. */
  private async addFiles(msg: AssignmentsMessage): Promise<void> {
    const needed = referencedFiles(this.sent.values());
    for (const [id, kind] of needed) {
      if (this.sentFiles.has(id)) continue;
      const file = await this.load(id, kind);
      if (file === undefined) continue; // not there (yet): the task will fail, or a later write sends it
      (kind === 'secret' ? msg.secrets as FileData[] : msg.configs as FileData[]).push(file);
      this.sentFiles.set(id, kind);
    }
    for (const id of [...this.sentFiles.keys()]) {
      if (needed.has(id)) continue;
      this.sentFiles.delete(id);
      (msg.removes_files as string[]).push(id);
    }
  }

  private async load(id: string, kind: 'secret' | 'config'): Promise<FileData | undefined> {
    if (kind === 'config') {
      const config = await this.files.store.get('config', id);
      return config === undefined ? undefined : { id, name: config.spec.name, data: Buffer.from(config.spec.data, 'base64') };
    }
    const secret = await this.files.store.get('secret', id);
    if (secret === undefined) return undefined;
    if (this.files.secretData === undefined) {
      this.files.log(`dispatcher: secret ${id} not sent to node ${this.nodeId}: no way to decrypt secrets`);
      return undefined;
    }
    const data = await this.files.secretData(id);
    return data === undefined ? undefined : { id, name: secret.spec.name, data };
  }
}
