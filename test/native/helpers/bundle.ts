/** OCI bundles for the native tests: a static busybox rootfs (applets as
 *  symlinks) and a Docker-like config.json, in a temporary directory. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const busybox = '/bin/busybox';

export type Json = Record<string, unknown>;

export interface Bundle {
  dir: string;
  id: string;
  cgroupsPath: string;
}

let serial = 0;
/** A container id unique to this process (the leftover checks look for `orc-test-`). */
export function uniqueId(): string {
  return `orc-test-${process.pid}-${++serial}`;
}

/** The Docker default capability set (moby oci/caps/defaults.go), CapEff 00000000a80425fb. */
export const dockerCaps = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** A Docker-like config.json for `args`; `edit` adjusts it per test. */
export function config(args: string[], cgroupsPath: string, edit?: (c: Json & { process: Json; linux: Json }) => void): Json {
  const c = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args,
      env: ['PATH=/bin', 'HOME=/'],
      cwd: '/',
      capabilities: { bounding: dockerCaps, effective: dockerCaps, permitted: dockerCaps },
      noNewPrivileges: true,
    } as Json,
    root: { path: 'rootfs' },
    hostname: 'orc-test',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777'] },
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' }],
      maskedPaths: ['/proc/kcore', '/proc/keys', '/proc/timer_list', '/proc/acpi', '/sys/firmware'],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
      cgroupsPath,
      resources: {},
    } as Json,
  };
  edit?.(c);
  return c;
}

/** A bundle in a new temporary directory named `<prefix>XXXXXX`, cgroupsPath `/<id>`. */
export function makeBundle(cfg: (cgroupsPath: string) => Json, prefix = 'orc-rt-bundle-'): Bundle {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const id = uniqueId();
  const cgroupsPath = `/${id}`;
  const rootfs = join(dir, 'rootfs');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'etc']) mkdirSync(join(rootfs, d), { recursive: true });
  writeFileSync(join(rootfs, 'bin', 'busybox'), readFileSync(busybox), { mode: 0o755 });
  const list = spawnSync(busybox, ['--list'], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  for (const applet of list.stdout.split('\n')) {
    if (applet && applet !== 'busybox') symlinkSync('busybox', join(rootfs, 'bin', applet));
  }
  writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/:/bin/sh\nuser:x:1000:1000:user:/:/bin/sh\n');
  writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\nuser:x:1000:\nextra:x:2000:user\n');
  writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg(cgroupsPath), null, 2));
  return { dir, id, cgroupsPath };
}

const controllers = ['memory', 'pids', 'cpu', 'cpuacct', 'blkio', 'freezer', 'devices', 'cpuset', 'systemd', 'net_cls', 'perf_event', 'hugetlb'];

/** The cgroup v1 directories of `cgroupsPath` that exist on this host. */
export function cgroupDirs(cgroupsPath: string): string[] {
  return controllers.map((c) => join('/sys/fs/cgroup', c, cgroupsPath)).filter((d) => existsSync(d));
}

export const sh = (script: string): string[] => ['/bin/sh', '-c', script];

/** An OCI runtime a test runs its bundles with, and why it is skipped, if it is. */
export interface Runtime {
  name: string;
  bin: string;
  skip: string | false;
}

/** orc-runtime, and runc where it is installed; both skipped with `skip` when the suite is. */
export function runtimes(orcRuntime: string, skip: string | false): Runtime[] {
  const runcPath = ['/usr/sbin/runc', '/usr/bin/runc'].find((p) => existsSync(p));
  return [
    { name: 'orc-runtime', bin: orcRuntime, skip },
    { name: 'runc', bin: runcPath ?? 'runc', skip: skip || (runcPath ? false : 'runc is not installed') },
  ];
}

/** What a runtime's command line offers beyond create/start/kill/delete, read from its help. */
export interface RuntimeFeatures {
  /** `exec --process FILE --detach --pid-file FILE` */
  exec: boolean;
  /** `--console-socket` on create and exec (process.terminal) */
  consoleSocket: boolean;
}

/** Probes `bin` through `exec --help` and `create --help` (a runtime that does not know a verb or option does not list it). */
export function runtimeFeatures(bin: string): RuntimeFeatures {
  const help = (verb: string): string => {
    const r = spawnSync(bin, [verb, '--help'], { encoding: 'utf8', timeout: 10_000 });
    return r.error ? '' : `${r.stdout}\n${r.stderr}`;
  };
  const exec = help('exec'), create = help('create');
  const execOk = ['--process', '--detach', '--pid-file'].every((o) => exec.includes(o));
  return { exec: execOk, consoleSocket: create.includes('--console-socket') && (!execOk || exec.includes('--console-socket')) };
}
