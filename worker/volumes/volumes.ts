/**
 * Named and anonymous volumes of the local driver, in Docker's layout:
 * `<dataRoot>/volumes/<name>/_data` (what containers mount) beside
 * `<dataRoot>/volumes/<name>/volume.json`, the record (driver options,
 * labels, creation time, the containers that use it, whether it was
 * populated), replaced atomically on every change. Every change goes through
 * one queue, so concurrent calls never interleave.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';
import { copyUp, diskUsage, isEmptyDir } from './copy-up.js';
import { isMounted, mountLocal, mountsUnder, needsMount, unmountAll, validateLocalOptions } from './local-driver.js';
import {
  ANONYMOUS_LABEL, type PruneResult, type VolumeCreateOptions, type VolumeFilters, type VolumeInspect,
} from './types.js';

interface VolumeRecord {
  version: 1;
  name: string;
  driver: 'local';
  options: Record<string, string>;
  labels: Record<string, string>;
  /** RFC 3339, whole seconds. */
  createdAt: string;
  /** Ids of the containers that use it (acquire … release). */
  users: string[];
  /** Copy-up happened, or the volume had content at its first use: never copied into again. */
  populated: boolean;
}

export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const RECORD = 'volume.json';

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function noSuchVolume(name: string): OrcError {
  return new OrcError('ORC_NOT_FOUND', `no such volume: ${name}`);
}

export class Volumes {
  readonly root: string;
  private readonly records = new Map<string, VolumeRecord>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(root: string) {
    this.root = root;
  }

  /** Opens `<dataRoot>/volumes` (created when missing): loads the records, drops folders a crashed create left, and mounts again the in-use volumes a reboot unmounted. */
  static async open(opts: { dataRoot: string }): Promise<Volumes> {
    if (!isAbsolute(opts.dataRoot)) throw new OrcError('ORC_USAGE', `the data root must be an absolute path, not "${opts.dataRoot}"`);
    const v = new Volumes(join(opts.dataRoot, 'volumes'));
    await mkdir(v.root, { recursive: true, mode: 0o700 });
    for (const name of await readdir(v.root)) {
      if (!VOLUME_NAME.test(name)) continue;
      let r: VolumeRecord;
      try {
        r = JSON.parse(await readFile(join(v.root, name, RECORD), 'utf8')) as VolumeRecord;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new OrcError('ORC_IO', `cannot read the record of volume ${name}: ${(e as Error).message}`, { cause: e });
        // A create that crashed before its record: nothing refers to it.
        if (mountsUnder(join(v.root, name)).length === 0) await rm(join(v.root, name), { recursive: true, force: true });
        continue;
      }
      if (r.version !== 1 || r.name !== name) throw new OrcError('ORC_IO', `${join(v.root, name, RECORD)}: not a volume record`);
      v.records.set(name, r);
      if (r.users.length > 0 && needsMount(r.options) && !isMounted(v.dataPath(name))) await v.mount(r);
    }
    return v;
  }

  /** The host directory a container mounts. */
  dataPath(name: string): string {
    return join(this.root, name, '_data');
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async save(r: VolumeRecord): Promise<void> {
    await writeFileAtomic(join(this.root, r.name, RECORD), `${JSON.stringify(r, null, 2)}\n`, { mode: 0o600 });
  }

  private get(name: string): VolumeRecord {
    const r = VOLUME_NAME.test(name) ? this.records.get(name) : undefined;
    if (r === undefined) throw noSuchVolume(name);
    return r;
  }

  private doc(r: VolumeRecord): VolumeInspect {
    return {
      CreatedAt: r.createdAt,
      Driver: r.driver,
      Labels: Object.keys(r.labels).length > 0 ? { ...r.labels } : null,
      Mountpoint: this.dataPath(r.name),
      Name: r.name,
      Options: Object.keys(r.options).length > 0 ? { ...r.options } : null,
      Scope: 'local',
    };
  }

  // ── create, inspect, list ────────────────────────────────────────────

  /** Creates a volume; an existing name is returned as it is (Docker's rule) unless another driver is asked for (ORC_CONFLICT). */
  create(opts: VolumeCreateOptions = {}): Promise<VolumeInspect> {
    return this.serial(async () => this.doc(await this.createLocked(opts)));
  }

  private async createLocked(opts: VolumeCreateOptions): Promise<VolumeRecord> {
    const driver = opts.driver === undefined || opts.driver === '' ? 'local' : opts.driver;
    let name = opts.name ?? '';
    const labels: Record<string, string> = { ...(opts.labels ?? {}) };
    if (name === '') {
      do name = randomBytes(32).toString('hex');
      while (this.records.has(name));
      labels[ANONYMOUS_LABEL] = '';
    } else if (!VOLUME_NAME.test(name)) {
      throw new OrcError('ORC_USAGE', `"${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    }
    const existing = this.records.get(name);
    if (existing !== undefined) {
      if (driver !== existing.driver) throw new OrcError('ORC_CONFLICT', `create ${name}: driver '${existing.driver}' already has volume '${name}': volume name must be unique`);
      return existing;
    }
    if (driver !== 'local') throw new OrcError('ORC_NOT_FOUND', `create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found (only the local driver is available)`);
    const options = { ...(opts.driverOpts ?? {}) };
    validateLocalOptions(options);
    const r: VolumeRecord = { version: 1, name, driver: 'local', options, labels, createdAt: now(), users: [], populated: false };
    const dir = join(this.root, name);
    try {
      await mkdir(join(dir, '_data'), { recursive: true, mode: 0o755 });
      await this.save(r);
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    this.records.set(name, r);
    return r;
  }

  inspect(name: string): VolumeInspect {
    return this.doc(this.get(name));
  }

  /** The volumes, by name; `filters` as `docker volume ls -f`. */
  list(opts: { filters?: VolumeFilters } = {}): VolumeInspect[] {
    const f = opts.filters ?? {};
    const names = (f.name ?? []).map((n) => {
      try {
        return new RegExp(n);
      } catch {
        throw new OrcError('ORC_USAGE', `invalid name filter "${n}": not a regular expression`);
      }
    });
    return [...this.records.values()]
      .filter((r) => f.dangling === undefined || (r.users.length === 0) === f.dangling)
      .filter((r) => names.length === 0 || names.some((re) => re.test(r.name)))
      .filter((r) => (f.driver ?? []).length === 0 || (f.driver ?? []).includes(r.driver))
      .filter((r) => (f.label ?? []).every((l) => {
        const eq = l.indexOf('=');
        return eq < 0 ? r.labels[l] !== undefined : r.labels[l.slice(0, eq)] === l.slice(eq + 1);
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => this.doc(r));
  }

  /** Ids of the containers using the volume. */
  users(name: string): string[] {
    return [...this.get(name).users];
  }

  /** The volumes a container uses, and whether each is anonymous. */
  usedBy(containerId: string): Array<{ name: string; anonymous: boolean }> {
    return [...this.records.values()].filter((r) => r.users.includes(containerId)).map((r) => ({ name: r.name, anonymous: r.labels[ANONYMOUS_LABEL] !== undefined }));
  }

  // ── use by containers ────────────────────────────────────────────────

  private async mount(r: VolumeRecord): Promise<void> {
    const data = this.dataPath(r.name);
    await mkdir(data, { recursive: true, mode: 0o755 });
    await mountLocal(r.name, r.options, data);
  }

  /** Records `containerId` as a user (creating the volume when missing) and mounts its filesystem on first use; → the host path to mount. */
  acquire(name: string, containerId: string): Promise<string> {
    return this.serial(async () => {
      const r = this.records.get(name) ?? (await this.createLocked({ name }));
      if (r.users.includes(containerId)) return this.dataPath(name);
      if (needsMount(r.options) && !isMounted(this.dataPath(name))) await this.mount(r);
      r.users.push(containerId);
      try {
        await this.save(r);
      } catch (e) {
        r.users.pop();
        await this.unmountIfUnused(r).catch(() => undefined);
        throw e;
      }
      return this.dataPath(name);
    });
  }

  /** Creates an anonymous volume with `containerId` as its user, in one step; → its name and host path. */
  acquireNew(containerId: string, opts: { labels?: Readonly<Record<string, string>> } = {}): Promise<{ name: string; path: string }> {
    return this.serial(async () => {
      const r = await this.createLocked(opts.labels !== undefined ? { labels: opts.labels } : {});
      r.users.push(containerId);
      try {
        await this.save(r);
      } catch (e) {
        r.users.pop();
        await this.removeLocked(r, true).catch(() => undefined);
        throw e;
      }
      return { name: r.name, path: this.dataPath(r.name) };
    });
  }

  /**
   * Copy-up: when the volume was never populated and is empty, copies the
   * directory `source` (the image's content at the mount target, resolved on
   * the host) into it. Resolves true when it copied.
   */
  populate(name: string, source: string): Promise<boolean> {
    return this.serial(async () => {
      const r = this.get(name);
      if (r.populated) return false;
      const data = this.dataPath(name);
      let copied = false;
      if (await isEmptyDir(data)) {
        await copyUp(source, data);
        copied = true;
      }
      if (!(await isEmptyDir(data))) {
        r.populated = true;
        await this.save(r);
      }
      return copied;
    });
  }

  private async unmountIfUnused(r: VolumeRecord): Promise<void> {
    if (r.users.length > 0 || !needsMount(r.options)) return;
    await unmountAll(this.dataPath(r.name));
    // A tmpfs loses its content: the next first use copies up again.
    if (r.options['type'] === 'tmpfs' && r.populated) {
      r.populated = false;
      await this.save(r);
    }
  }

  private async releaseLocked(r: VolumeRecord, containerId: string): Promise<void> {
    const i = r.users.indexOf(containerId);
    if (i < 0) return;
    r.users.splice(i, 1);
    await this.save(r);
    await this.unmountIfUnused(r);
  }

  /** Forgets `containerId` as a user; the last user's release unmounts the volume's filesystem. */
  release(name: string, containerId: string): Promise<void> {
    return this.serial(async () => {
      const r = this.records.get(name);
      if (r !== undefined) await this.releaseLocked(r, containerId);
    });
  }

  /** Releases every volume `containerId` uses; with `removeAnonymous`, removes its anonymous volumes nobody else uses. */
  releaseAll(containerId: string, opts: { removeAnonymous?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      for (const r of [...this.records.values()]) {
        if (!r.users.includes(containerId)) continue;
        await this.releaseLocked(r, containerId);
        if (opts.removeAnonymous === true && r.labels[ANONYMOUS_LABEL] !== undefined && r.users.length === 0) await this.removeLocked(r, false);
      }
    });
  }

  /** Drops users that are not in `live` (containers that no longer exist, e.g. after a crash). */
  retainUsers(live: ReadonlySet<string>): Promise<void> {
    return this.serial(async () => {
      for (const r of this.records.values()) {
        for (const id of r.users.filter((u) => !live.has(u))) await this.releaseLocked(r, id);
      }
    });
  }

  // ── remove, prune ────────────────────────────────────────────────────

  private async removeLocked(r: VolumeRecord, force: boolean): Promise<void> {
    if (r.users.length > 0) throw new OrcError('ORC_CONFLICT', `remove ${r.name}: volume is in use - [${r.users.join(', ')}]`);
    const dir = join(this.root, r.name);
    await unmountAll(dir);
    if (mountsUnder(dir).length > 0) throw new OrcError('ORC_IO', `remove ${r.name}: something is still mounted under ${dir}`);
    // The record goes first: a crash leaves a folder without one, which `open` removes.
    await rm(join(dir, RECORD), { force: true });
    this.records.delete(r.name);
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (e) {
      if (!force) throw new OrcError('ORC_IO', `remove ${r.name}: cannot delete ${dir}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Removes an unused volume (in use: ORC_CONFLICT naming the containers); `force` ignores a missing one, as Docker's. */
  remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      const r = VOLUME_NAME.test(name) ? this.records.get(name) : undefined;
      if (r === undefined) {
        if (opts.force === true) return;
        throw noSuchVolume(name);
      }
      await this.removeLocked(r, opts.force === true);
    });
  }

  /** Docker 23+'s prune: unused anonymous volumes; with `all`, every unused volume. */
  prune(opts: { all?: boolean } = {}): Promise<PruneResult> {
    return this.serial(async () => {
      const out: PruneResult = { deleted: [], reclaimed: 0 };
      for (const r of [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        if (r.users.length > 0) continue;
        if (opts.all !== true && r.labels[ANONYMOUS_LABEL] === undefined) continue;
        const size = needsMount(r.options) ? 0 : await diskUsage(this.dataPath(r.name));
        await this.removeLocked(r, false);
        out.deleted.push(r.name);
        out.reclaimed += size;
      }
      return out;
    });
  }
}

/** `docker volume ls -f key=value` strings → filters (ORC_USAGE for an unknown key or a bad dangling value). */
export function parseVolumeFilters(raw: readonly string[]): VolumeFilters {
  const f: VolumeFilters = {};
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new OrcError('ORC_USAGE', `bad format of filter (expected name=value): ${item}`);
    const key = item.slice(0, eq).trim().toLowerCase();
    const value = item.slice(eq + 1);
    if (key === 'dangling') {
      if (!['true', 'false', '1', '0'].includes(value.toLowerCase())) throw new OrcError('ORC_USAGE', `invalid filter 'dangling=${value}' (true or false)`);
      f.dangling = value.toLowerCase() === 'true' || value === '1';
    } else if (key === 'name' || key === 'label' || key === 'driver') (f[key] ??= []).push(value);
    else throw new OrcError('ORC_USAGE', `invalid filter '${key}' (dangling, name, label, driver)`);
  }
  return f;
}
