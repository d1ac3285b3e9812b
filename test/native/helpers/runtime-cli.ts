/** The native tests' common frame: why a suite is skipped, and an OCI
 *  runtime's command line over a state root of the test file's own, with
 *  bundles that are force-deleted, their cgroups and files removed even when
 *  the test fails. */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { rmdirEach } from '../../helpers/host.js';
import { type Bundle, type Json, busybox, cgroupDirs, makeBundle, type Runtime } from './bundle.js';

/** Why a native suite cannot run here: not root (`rootFor` says what for), a missing program of native/build, no busybox. */
export function nativeSkipReason(rootFor: string, programs: readonly string[]): string | false {
  if (process.getuid?.() !== 0) return `needs root (${rootFor})`;
  const missing = programs.filter((p) => !existsSync(p));
  if (missing.length > 0) return `${missing.join(' and ')} missing: run make -C native`;
  if (!existsSync(busybox)) return `${busybox} is missing: apt-get install busybox-static`;
  return false;
}

export interface RuntimeCli {
  /** `rt` with `args` under its own `--root`; with `logFile`, stdio go to that file (for what leaves processes holding them). */
  runtime(rt: Runtime, args: string[], opts?: { logFile?: string }): SpawnSyncReturns<string>;
  /** `run --bundle` of `b`. */
  run(rt: Runtime, b: Bundle): SpawnSyncReturns<string>;
  /** create + start of `b` (create's output in `<bundle>/log`); returns the init's host pid. */
  startContainer(rt: Runtime, b: Bundle): number;
  /** Runs `fn` on a fresh bundle; always force-deletes the container, removes its cgroups and the bundle. */
  withBundle<T>(rt: Runtime, cfg: (cgroupsPath: string) => Json, fn: (b: Bundle) => T | Promise<T>): Promise<T>;
}

/** The runtimes' command line with their state in `<stateRoot>/<runtime name>`; bundles in temp dirs named `<bundlePrefix>XXXXXX`. */
export function runtimeCli(stateRoot: string, bundlePrefix: string, opts: { timeoutMs?: number } = {}): RuntimeCli {
  const timeout = opts.timeoutMs ?? 30_000;
  const rootArgs = (rt: Runtime): string[] => ['--root', join(stateRoot, rt.name)];
  const runtime = (rt: Runtime, args: string[], o: { logFile?: string } = {}): SpawnSyncReturns<string> => {
    const argv = [...rootArgs(rt), ...args];
    if (!o.logFile) return spawnSync(rt.bin, argv, { encoding: 'utf8', timeout });
    const fd = openSync(o.logFile, 'a');
    try {
      return spawnSync(rt.bin, argv, { stdio: ['ignore', fd, fd], encoding: 'utf8', timeout: 30_000 });
    } finally {
      closeSync(fd);
    }
  };
  return {
    runtime,
    run: (rt, b) => runtime(rt, ['run', '--bundle', b.dir, b.id]),
    startContainer(rt, b) {
      const log = join(b.dir, 'log');
      const c = runtime(rt, ['create', '--bundle', b.dir, b.id], { logFile: log });
      assert.equal(c.status, 0, readFileSync(log, 'utf8'));
      const s = runtime(rt, ['start', b.id]);
      assert.equal(s.status, 0, s.stderr);
      return JSON.parse(runtime(rt, ['state', b.id]).stdout).pid as number;
    },
    async withBundle(rt, cfg, fn) {
      const b = makeBundle(cfg, bundlePrefix);
      try {
        return await fn(b);
      } finally {
        spawnSync(rt.bin, [...rootArgs(rt), 'delete', '--force', b.id], { stdio: 'ignore', timeout: 10_000 });
        rmdirEach(cgroupDirs(b.cgroupsPath));
        rmSync(b.dir, { recursive: true, force: true });
      }
    },
  };
}

/** A temporary directory `<prefix>XXXXXX` for the runtimes' state, removed after the test file's suites. */
export function tempStateRoot(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
