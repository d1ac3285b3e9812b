/**
 * A real `orc daemon` for tests: a child process on a temp data root and
 * socket, the real CLI against it (`orc -H unix://S …`), a busybox image to
 * load, and cleanup that kills what a run left (shims, containers, runtime
 * state), unmounts and removes the root.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answers } from '../../../common/socket.js';
import { Networks } from '../../../worker/network/index.js';
import { readPid, removeCgroupTree, sleep } from '../../helpers/host.js';
import { repoRoot } from '../../helpers/paths.js';
import { fullBusyboxEntries, image, layer, legacyArchive, unmountUnder } from '../../worker/helpers/image.js';

export const orcShim = join(repoRoot, 'native', 'build', 'orc-shim');
export const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
export const bin = join(repoRoot, 'bin', 'orc.js');

export function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (overlay mounts, namespaces, cgroups)';
  for (const b of [orcShim, orcRuntime]) if (!existsSync(b)) return `${b} is missing: run make -C native`;
  if (!existsSync('/bin/busybox')) return '/bin/busybox is missing: apt-get install busybox-static';
  return false;
}
export const skip = skipReason();

/** The tag of `busyboxArchive()`'s image. */
export const IMAGE = 'daemon-test/busybox:1';

/** A docker-save archive of every busybox applet as IMAGE (PATH=/bin, Cmd sh). */
export function busyboxArchive(tag = IMAGE): Buffer {
  return legacyArchive([image([layer(fullBusyboxEntries())], [tag], { Env: ['PATH=/bin'], Cmd: ['sh'] })]);
}

export { answers };

export interface RunningDaemon {
  child: ChildProcess;
  output: () => string;
}

/** `orc daemon` on `root` and `socket`, once it answers; `runtime` as `orc daemon --runtime`. */
export async function startDaemon(root: string, socket: string, cgroupParent: string, runtime = 'orc'): Promise<RunningDaemon> {
  // The embedded DNS server forwards to no one: tests never query the host's resolver.
  const resolvConf = join(root, 'resolv.conf');
  if (!existsSync(resolvConf)) writeFileSync(resolvConf, '# orc tests: no upstream resolver\n');
  const child = spawn(process.execPath, [bin, 'daemon', '--data-root', root, '--socket', socket, '--cgroup-parent', cgroupParent, '--runtime', runtime, '--resolv-conf', resolvConf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!(await answers(socket))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the daemon did not come up on ${socket}: ${out}`);
    }
    await sleep(25);
  }
  return { child, output: () => out };
}

/** Sends `signal` (SIGKILL after 10 s); the daemon's exit code. */
export async function stopDaemon(d: RunningDaemon | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (d === undefined || d.child.exitCode !== null || d.child.signalCode !== null) return d?.child.exitCode ?? null;
  const exited = new Promise<number | null>((r) => d.child.once('exit', (code) => r(code)));
  d.child.kill(signal);
  const timer = setTimeout(() => d.child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `orc -H unix://SOCKET ARGS…` as a child process. */
export function orcWith(socket: string, args: string[], opts: { input?: Buffer | string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Result {
  const r = spawnSync(process.execPath, [bin, '-H', `unix://${socket}`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 << 20,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    ...(opts.env !== undefined ? { env: { ...process.env, ...opts.env } } : {}),
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, stdout as bytes. */
export function orcBytes(socket: string, args: string[], opts: { input?: Buffer } = {}): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [bin, '-H', `unix://${socket}`, ...args], { timeout: 60_000, maxBuffer: 256 << 20, ...(opts.input !== undefined ? { input: opts.input } : {}) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** Kills every shim and container under `root`, deletes runtime state and what its networks made in the kernel, unmounts and removes it. */
export async function cleanupRoot(root: string): Promise<void> {
  const containers = join(root, 'containers');
  for (const id of existsSync(containers) ? readdirSync(containers) : []) {
    const shimDir = join(root, 'shims', id.slice(0, 12));
    for (const f of ['shim.pid', 'container.pid']) {
      const pid = readPid(join(shimDir, f));
      try {
        const mine = f === 'container.pid' ? readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(id) : readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(shimDir);
        if (pid !== undefined && mine) process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const [name, runtime] of [['orc', orcRuntime], ['runc', 'runc']] as const) {
      const state = join(root, 'runtime', name);
      if (existsSync(join(state, id))) spawnSync(runtime, ['--root', state, 'delete', '--force', id], { stdio: 'ignore', timeout: 10_000 });
    }
  }
  await Networks.cleanup({ dataRoot: root }).catch(() => undefined);
  unmountUnder(root);
  rmSync(root, { recursive: true, force: true });
}

/** A daemon on a temp root for one suite: `setUp` in `before`, `tearDown` in `after`; `root`, `socket` and `daemon` are
 *  set once `setUp` ran. */
export interface DaemonFixture {
  readonly root: string;
  readonly socket: string;
  readonly daemon: RunningDaemon | undefined;
  /** `orc -H unix://SOCKET ARGS…` (with the fixture's env). */
  orc(...args: string[]): Result;
  /** The same with `input` on stdin. */
  orcIn(input: string, ...args: string[]): Result;
  /** A new root (`<prefix>XXXXXX`) and its socket `s`; `archive` written to `<root>/<archiveName>`, the daemon started
   *  and, with `load`, the archive loaded through the CLI. Returns the archive's path. */
  setUp(opts?: { archive?: Buffer; archiveName?: string; load?: boolean }): Promise<string>;
  /** A daemon on the fixture's root and socket again (after the last one stopped). */
  restart(): Promise<RunningDaemon>;
  /** stopDaemon of the current daemon. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Containers first (through the daemon), then the daemon, then the root and the cgroups, even when a step fails. */
  tearDown(): Promise<void>;
}

/** `runtime` as `orc daemon --runtime`; `env(root)` for every CLI call. */
export function daemonFixture(prefix: string, cgroupParent: string, opts: { runtime?: string; env?: (root: string) => NodeJS.ProcessEnv } = {}): DaemonFixture {
  let root = '';
  let socket = '';
  let daemon: RunningDaemon | undefined;
  const cli = (args: string[], input?: string): Result =>
    orcWith(socket, args, { ...(input !== undefined ? { input } : {}), ...(opts.env !== undefined ? { env: opts.env(root) } : {}) });
  const restart = async (): Promise<RunningDaemon> => (daemon = await startDaemon(root, socket, cgroupParent, opts.runtime));
  return {
    get root() { return root; },
    get socket() { return socket; },
    get daemon() { return daemon; },
    orc: (...args) => cli(args),
    orcIn: (input, ...args) => cli(args, input),
    async setUp({ archive = busyboxArchive(), archiveName = 'busybox.tar', load = true } = {}) {
      root = mkdtempSync(prefix);
      socket = join(root, 's');
      const path = join(root, archiveName);
      writeFileSync(path, archive);
      await restart();
      if (load) {
        const r = cli(['image', 'load', '-i', path]);
        assert.equal(r.status, 0, r.stderr);
      }
      return path;
    },
    restart,
    stop: (signal) => stopDaemon(daemon, signal),
    async tearDown() {
      try {
        if (daemon !== undefined && daemon.child.exitCode === null) {
          const ids = cli(['ps', '-aq', '--no-trunc']).stdout.split('\n').filter((l) => l !== '');
          if (ids.length > 0) cli(['rm', '-f', ...ids]);
        }
        await stopDaemon(daemon);
      } finally {
        if (root !== '') await cleanupRoot(root);
        removeCgroupTree(cgroupParent);
      }
    },
  };
}
