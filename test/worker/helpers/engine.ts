/** The engine tests' frame: temporary data roots with a busybox image
 *  loaded, an Engine on them run by orc-shim and orc-runtime, cleanup that
 *  kills and removes what a test left even when it fails, and the last
 *  suite that checks nothing of the run is left. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { isOrcError, type OrcErrorCode } from '../../../common/errors.js';
import { Engine, type LogEntry, type LogOptions } from '../../../worker/engine/index.js';
import { ImageStore } from '../../../worker/images/index.js';
import { allCgroupDirs, mountLines, processAlive, readPid, removeCgroupTree, shimProcessLines, waiter } from '../../helpers/host.js';
import { repoRoot } from '../../helpers/paths.js';
import { unmountUnder } from './image.js';

export const orcShim = join(repoRoot, 'native', 'build', 'orc-shim');
export const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
export const runcPath = ['/usr/sbin/runc', '/usr/bin/runc'].find((p) => existsSync(p));

function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (overlay mounts, namespaces, cgroups)';
  for (const bin of [orcShim, orcRuntime]) if (!existsSync(bin)) return `${bin} is missing: run make -C native`;
  if (!existsSync('/bin/busybox')) return '/bin/busybox is missing: apt-get install busybox-static';
  return false;
}
export const skip = skipReason();

/** Alive unless gone, a zombie (Z) or dead (X). */
export const pidAlive = (pid: number): boolean => processAlive(pid, 'ZX');

/** Where the engine keeps a container's shim state (worker/engine/record.ts). */
export const shimDirOf = (root: string, id: string): string => join(root, 'shims', id.slice(0, 12));

/** Kills every shim and container under `root`, deletes runtime state, unmounts and removes it. */
export function cleanupRoot(root: string): void {
  const containers = join(root, 'containers');
  for (const id of existsSync(containers) ? readdirSync(containers) : []) {
    const shimDir = shimDirOf(root, id);
    const shimPid = readPid(join(shimDir, 'shim.pid'));
    if (shimPid !== undefined && pidAlive(shimPid) && readFileSync(`/proc/${shimPid}/cmdline`, 'utf8').includes(shimDir)) process.kill(shimPid, 'SIGKILL');
    const pid = readPid(join(shimDir, 'container.pid'));
    if (pid !== undefined && pidAlive(pid) && readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(id)) process.kill(pid, 'SIGKILL');
    for (const [rt, bin] of [['orc', orcRuntime], ['runc', runcPath]] as const) {
      if (bin !== undefined && existsSync(join(root, 'runtime', rt, id))) {
        spawnSync(bin, ['--root', join(root, 'runtime', rt), 'delete', '--force', id], { stdio: 'ignore', timeout: 10_000 });
      }
    }
  }
  unmountUnder(root);
  rmSync(root, { recursive: true, force: true });
}

/** Fails unless `p` (or what `p()` returns) rejects with an OrcError of `code`, whose message matches `message` when given. */
export async function rejectsCode(p: Promise<unknown> | (() => unknown), code: OrcErrorCode, message?: RegExp): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    assert.ok(isOrcError(e), `expected an OrcError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message !== undefined) assert.match(e.message, message);
    return;
  }
  assert.fail(`expected ${code}, nothing was thrown`);
}

export async function collect(gen: AsyncGenerator<LogEntry>): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

/** A container's log text, every stream in order. */
export async function logText(engine: Engine, id: string, opts: LogOptions = {}): Promise<string> {
  return (await collect(engine.logs(id, opts))).map((e) => e.log).join('');
}

export const sh = (script: string): { command: string[] } => ({ command: ['sh', '-c', script] });

export interface EngineRoots {
  /** Every temp root of this run starts with this, so the leftover checks find only ours. */
  prefix: string;
  cgroupParent: string;
  /** A fresh data root with the image loaded. */
  newRoot(): Promise<string>;
  openEngine(root: string, runtime?: string): Promise<Engine>;
  /** Runs `fn` with an engine on a fresh data root; `reopen` opens the next engine on that root (after the test closed the
   *  last). The engine opened last is closed and the root cleaned even when `fn` fails. */
  withEngine(fn: (t: { engine: Engine; root: string; reopen: () => Promise<Engine> }) => Promise<void>): Promise<void>;
  /** The last suite of a file: after it, every root of the run is cleaned and the cgroup parent removed; its test checks
   *  that no overlay mount, shim or container cgroup of the run is left. */
  leftovers(name: string): void;
}

/** Data roots named `/tmp/<name>-<pid>-XXXXXX` holding `archive()`, engines under the cgroup parent `/<name>-<pid>`. */
export function engineRoots(name: string, archive: () => Buffer): EngineRoots {
  const prefix = `${name}-${process.pid}-`;
  const cgroupParent = `/${name}-${process.pid}`;
  const roots: string[] = [];
  const waitFor = waiter(5000, 25);
  const cleanAll = (): void => {
    for (const r of roots) if (existsSync(r)) cleanupRoot(r);
  };
  const openEngine = (root: string, runtime = 'orc'): Promise<Engine> => Engine.open({ dataRoot: root, runtime, shim: orcShim, cgroupParent, pollMs: 200 });
  async function newRoot(): Promise<string> {
    const root = mkdtempSync(join(tmpdir(), prefix));
    roots.push(root);
    const store = await ImageStore.open(root);
    await store.loadArchive(Readable.from([archive()]));
    return root;
  }
  return {
    prefix,
    cgroupParent,
    newRoot,
    openEngine,
    async withEngine(fn) {
      const root = await newRoot();
      let engine = await openEngine(root);
      try {
        await fn({ engine, root, reopen: async () => (engine = await openEngine(root)) });
      } finally {
        engine.close();
        cleanupRoot(root);
      }
    },
    leftovers(suite) {
      describe(suite, { skip }, () => {
        after(() => {
          cleanAll();
          removeCgroupTree(cgroupParent);
        });

        it('no overlay mount, shim or container cgroup of this run is left', async () => {
          cleanAll();
          assert.deepEqual(mountLines((l) => l.includes(prefix)), []);
          await waitFor('no shim of this run', () => !shimProcessLines().some((l) => l.includes(prefix)));
          const cg = allCgroupDirs(cgroupParent).flatMap((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name)));
          assert.deepEqual(cg, []);
        });
      });
    },
  };
}
