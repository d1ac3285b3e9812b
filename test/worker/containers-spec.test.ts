// buildSpec: `docker run` options + an image config → an OCI config.json.
// Unit tests check every rule on plain inputs; integration tests (root)
// run the produced spec with orc-runtime on an overlay-mounted busybox image
// from the image store and check what a user would see.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { isOrcError, type OrcErrorCode } from '../../common/errors.js';
import { type ImageConfig, ImageStore, mountOverlay, unmountOverlay } from '../../worker/images/index.js';
import {
  ALL_CAPABILITIES, DEFAULT_CAPABILITIES, DEFAULT_MASKED_PATHS, DEFAULT_PATH, DEFAULT_READONLY_PATHS, INIT_PATH,
  type HostFacts, type OciMount, type OciSpec, type RunOptions, buildSpec, stopSignal,
} from '../../worker/containers/index.js';
import { mountLines, removeCgroupTree } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { fullBusyboxEntries, image, layer, legacyArchive, unmountUnder } from './helpers/image.js';

const ID = 'a1b2c3d4e5f6'.padEnd(64, '0');

function img(over: Partial<ImageConfig> = {}): ImageConfig {
  return {
    architecture: 'amd64', os: 'linux', diffIds: [], env: ['PATH=/usr/bin:/bin', 'LANG=C.UTF-8'], entrypoint: null,
    cmd: ['sh'], workingDir: '', user: '', exposedPorts: [], volumes: [], healthcheck: null, stopSignal: null, labels: {},
    ...over,
  };
}

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n';
const GROUP = 'root:x:0:\nalice:x:1000:\nbob:x:1001:\nstaff:x:50:alice,bob\naudio:x:29:alice\n';

function spec(options: RunOptions = {}, over: Partial<ImageConfig> = {}, host: Partial<HostFacts> = {}): OciSpec {
  return buildSpec({ image: img(over), options, host: { containerId: ID, rootfs: '/r', passwd: PASSWD, group: GROUP, ...host } });
}

function throwsCode(fn: () => unknown, code: OrcErrorCode, mention?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isOrcError(e), `expected an OrcError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (mention !== undefined) assert.ok(e.message.includes(mention), `"${e.message}" should name ${mention}`);
    return true;
  });
}

function mount(s: OciSpec, dest: string): OciMount | undefined {
  return s.mounts.find((m) => m.destination === dest);
}

function envOf(s: OciSpec, key: string): string | undefined {
  const e = s.process.env.find((x) => x.startsWith(`${key}=`));
  return e?.slice(key.length + 1);
}

describe('buildSpec: command and entrypoint', () => {
  it('runs the image Cmd when no command is given', () => {
    assert.deepEqual(spec().process.args, ['sh']);
  });
  it('a command replaces the image Cmd and follows the image Entrypoint', () => {
    assert.deepEqual(spec({ command: ['echo', 'hi'] }, { entrypoint: ['/init'] }).process.args, ['/init', 'echo', 'hi']);
    assert.deepEqual(spec({}, { entrypoint: ['/init'], cmd: ['serve'] }).process.args, ['/init', 'serve']);
  });
  it('--entrypoint replaces the image Entrypoint and clears the image Cmd', () => {
    assert.deepEqual(spec({ entrypoint: 'echo' }, { entrypoint: ['/init'], cmd: ['serve'] }).process.args, ['echo']);
    assert.deepEqual(spec({ entrypoint: 'echo', command: ['x'] }, { cmd: ['serve'] }).process.args, ['echo', 'x']);
  });
  it('--entrypoint "" clears the Entrypoint; with no command that is a usage error', () => {
    assert.deepEqual(spec({ entrypoint: '', command: ['ls'] }, { entrypoint: ['/init'] }).process.args, ['ls']);
    throwsCode(() => spec({ entrypoint: '' }, { entrypoint: ['/init'], cmd: ['x'] }), 'ORC_USAGE', 'no command');
    throwsCode(() => spec({}, { cmd: null }), 'ORC_USAGE', 'no command');
  });
  it('--init prepends the init binary and bind-mounts it read-only', () => {
    const s = spec({ init: true, command: ['sleep', '1'] }, {}, { initPath: '/usr/libexec/orc/init' });
    assert.deepEqual(s.process.args, [INIT_PATH, '--', 'sleep', '1']);
    assert.deepEqual(mount(s, INIT_PATH), { destination: INIT_PATH, type: 'bind', source: '/usr/libexec/orc/init', options: ['bind', 'ro'] });
    throwsCode(() => spec({ init: true }), 'ORC_USAGE', '--init');
  });
});

describe('buildSpec: environment', () => {
  it('keeps the image Env, sets HOSTNAME and HOME, and -e overrides by key', () => {
    const s = spec({ env: ['LANG=fr_FR.UTF-8', 'NEW=1'] });
    assert.equal(envOf(s, 'PATH'), '/usr/bin:/bin');
    assert.equal(envOf(s, 'LANG'), 'fr_FR.UTF-8');
    assert.equal(envOf(s, 'NEW'), '1');
    assert.equal(envOf(s, 'HOSTNAME'), ID.slice(0, 12));
    assert.equal(envOf(s, 'HOME'), '/root');
    assert.equal(s.process.env.filter((e) => e.startsWith('LANG=')).length, 1);
  });
  it('PATH defaults to Docker\'s when neither the image nor -e sets it', () => {
    assert.equal(envOf(spec({}, { env: [] }), 'PATH'), DEFAULT_PATH);
    assert.equal(envOf(spec({ env: ['PATH=/x'] }, { env: [] }), 'PATH'), '/x');
  });
  it('-e KEY takes the host value, and unsets KEY when the host has none', () => {
    assert.equal(envOf(spec({ env: ['TOKEN'] }, {}, { hostEnv: { TOKEN: 's3' } }), 'TOKEN'), 's3');
    const s = spec({ env: ['LANG'] }, {}, { hostEnv: {} });
    assert.equal(s.process.env.some((e) => e.startsWith('LANG')), false);
  });
  it('-e with an empty name is a usage error', () => {
    throwsCode(() => spec({ env: ['=x'] }), 'ORC_USAGE', '-e');
  });
});

describe('buildSpec: user, groups, working dir, hostname', () => {
  it('defaults to root, cwd / (or the image WorkingDir), hostname = 12 hex of the id', () => {
    const s = spec();
    assert.deepEqual(s.process.user, { uid: 0, gid: 0 });
    assert.equal(s.process.cwd, '/');
    assert.equal(s.hostname, ID.slice(0, 12));
    assert.equal(spec({}, { workingDir: '/app' }).process.cwd, '/app');
    assert.equal(spec({ workdir: '/srv/x/' }, { workingDir: '/app' }).process.cwd, '/srv/x/');
  });
  it('-w must be absolute', () => {
    throwsCode(() => spec({ workdir: 'rel' }), 'ORC_USAGE', '-w');
  });
  it('-u by name takes uid, primary gid, home and supplementary groups from the image', () => {
    const s = spec({ user: 'alice' });
    assert.deepEqual(s.process.user, { uid: 1000, gid: 1000, additionalGids: [50, 29] });
    assert.equal(envOf(s, 'HOME'), '/home/alice');
  });
  it('-u uid:gid needs no entries; user:group by names; image User applies when -u is absent', () => {
    assert.deepEqual(spec({ user: '1000:1000' }).process.user, { uid: 1000, gid: 1000 });
    assert.deepEqual(spec({ user: '4242' }).process.user, { uid: 4242, gid: 0 });
    assert.deepEqual(spec({ user: 'bob:staff' }).process.user, { uid: 1001, gid: 50 });
    assert.deepEqual(spec({}, { user: 'bob' }).process.user, { uid: 1001, gid: 1001, additionalGids: [50] });
  });
  it('--group-add adds groups by name or number', () => {
    assert.deepEqual(spec({ user: '1000:1000', groupAdd: ['audio', '777'] }).process.user, { uid: 1000, gid: 1000, additionalGids: [29, 777] });
  });
  it('unknown user or group names fail like Docker (ORC_NOT_FOUND naming the option)', () => {
    throwsCode(() => spec({ user: 'mallory' }), 'ORC_NOT_FOUND', 'unable to find user mallory');
    throwsCode(() => spec({ user: 'alice:nogroup' }), 'ORC_NOT_FOUND', 'unable to find group nogroup');
    throwsCode(() => spec({ groupAdd: ['nogroup'] }), 'ORC_NOT_FOUND', '--group-add');
    throwsCode(() => buildSpec({ image: img(), options: { user: 'alice' }, host: { containerId: ID, rootfs: '/r' } }), 'ORC_NOT_FOUND', 'passwd');
    assert.deepEqual(buildSpec({ image: img(), options: { user: '7:8' }, host: { containerId: ID, rootfs: '/r' } }).process.user, { uid: 7, gid: 8 });
    throwsCode(() => spec({ user: '1:2:3' }), 'ORC_USAGE', '--user');
    throwsCode(() => spec({ user: '99999999999' }), 'ORC_USAGE', '--user');
  });
  it('--hostname sets the hostname and HOSTNAME; invalid names are refused', () => {
    const s = spec({ hostname: 'web-1.local' });
    assert.equal(s.hostname, 'web-1.local');
    assert.equal(envOf(s, 'HOSTNAME'), 'web-1.local');
    throwsCode(() => spec({ hostname: 'bad_name!' }), 'ORC_USAGE', '--hostname');
  });
});

describe('buildSpec: Docker defaults', () => {
  const s = spec();
  it('creates pid, network, ipc, uts, mount and cgroup namespaces', () => {
    assert.deepEqual(s.linux.namespaces.map((n) => n.type).sort(), ['cgroup', 'ipc', 'mount', 'network', 'pid', 'uts']);
  });
  it('mounts proc, /dev, devpts, a 64m /dev/shm, mqueue, read-only sysfs and cgroup', () => {
    assert.deepEqual(s.mounts.map((m) => m.destination), ['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm']);
    assert.ok(mount(s, '/dev/shm')?.options.includes('size=67108864'));
    assert.ok(mount(s, '/sys')?.options.includes('ro'));
    assert.ok(mount(s, '/sys/fs/cgroup')?.options.includes('ro'));
    assert.equal(mount(spec({}, {}, { cgroupMount: false }), '/sys/fs/cgroup'), undefined);
  });
  it('masks and write-protects the /proc and /sys paths Docker does', () => {
    assert.deepEqual(s.linux.maskedPaths, DEFAULT_MASKED_PATHS);
    assert.ok(s.linux.maskedPaths.includes('/proc/kcore'));
    assert.deepEqual(s.linux.readonlyPaths, DEFAULT_READONLY_PATHS);
  });
  it('grants the 14 default capabilities, no_new_privs off, no rlimits, rootfs writable', () => {
    assert.equal(DEFAULT_CAPABILITIES.length, 14);
    assert.deepEqual(s.process.capabilities.bounding, DEFAULT_CAPABILITIES);
    assert.deepEqual(s.process.capabilities.effective, DEFAULT_CAPABILITIES);
    assert.deepEqual(s.process.capabilities.permitted, DEFAULT_CAPABILITIES);
    assert.equal(s.process.noNewPrivileges, false);
    assert.equal(s.process.rlimits, undefined);
    assert.deepEqual(s.root, { path: '/r', readonly: false });
    assert.equal(s.linux.cgroupsPath, `/orc/${ID}`);
    assert.equal(spec({}, {}, { cgroupParent: '/test/' }).linux.cgroupsPath, `/test/${ID}`);
    assert.equal(s.linux.seccomp, undefined);
    assert.deepEqual(s.linux.resources.devices?.[0], { allow: false, access: 'rwm' });
  });
  it('a non-root user keeps only the bounding set (as execve would)', () => {
    const u = spec({ user: '1000' });
    assert.deepEqual(u.process.capabilities.bounding, DEFAULT_CAPABILITIES);
    assert.deepEqual(u.process.capabilities.effective, []);
    assert.deepEqual(u.process.capabilities.permitted, []);
  });
  it('bind-mounts /etc/hosts, /etc/hostname and /etc/resolv.conf when given (read-only with --read-only)', () => {
    const host = { etcHosts: '/c/hosts', etcHostname: '/c/hostname', resolvConf: '/c/resolv.conf' };
    const w = spec({}, {}, host);
    assert.deepEqual(mount(w, '/etc/hosts'), { destination: '/etc/hosts', type: 'bind', source: '/c/hosts', options: ['rbind', 'rprivate'] });
    assert.equal(mount(w, '/etc/resolv.conf')?.source, '/c/resolv.conf');
    assert.ok(mount(spec({ readOnly: true }, {}, host), '/etc/hostname')?.options.includes('ro'));
  });
  it('labels (image and --label) become annotations', () => {
    assert.deepEqual(spec({ labels: { a: '1' } }, { labels: { b: '2', a: '0' } }).annotations, { b: '2', a: '1' });
    assert.equal(spec().annotations, undefined);
  });
});

describe('buildSpec: filesystem options', () => {
  it('--read-only makes root read-only; --tmpfs adds a tmpfs with Docker\'s default flags', () => {
    const s = spec({ readOnly: true, tmpfs: ['/tmp', '/run:size=1m,exec,mode=755'] });
    assert.equal(s.root.readonly, true);
    assert.deepEqual(mount(s, '/tmp'), { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'rprivate'] });
    assert.deepEqual(mount(s, '/run')?.options, ['nosuid', 'nodev', 'rprivate', 'exec', 'size=1048576', 'mode=755']);
    throwsCode(() => spec({ tmpfs: ['/x:bogus'] }), 'ORC_USAGE', '--tmpfs');
    throwsCode(() => spec({ tmpfs: ['rel'] }), 'ORC_USAGE', '--tmpfs');
  });
  it('-v binds host paths rw by default, ro on request, with a propagation mode', () => {
    const s = spec({ volumes: ['/h/a:/a', '/h/b:/b:ro', '/h/c:/c:rw,rshared'] });
    assert.deepEqual(mount(s, '/a'), { destination: '/a', type: 'bind', source: '/h/a', options: ['rbind', 'rprivate'] });
    assert.deepEqual(mount(s, '/b')?.options, ['rbind', 'rprivate', 'ro']);
    assert.deepEqual(mount(s, '/c')?.options, ['rbind', 'rshared']);
  });
  it('-v rejects what Docker rejects', () => {
    for (const bad of ['/a:rw', '/h:/x:bogus', '/h:/x:ro,rw', 'a:b:c:d', '/h:rel', '/h:/', 'bad name!:/x']) throwsCode(() => spec({ volumes: [bad] }), 'ORC_USAGE', '-v');
    throwsCode(() => spec({ volumes: ['/h:/x', '/g:/x'] }), 'ORC_USAGE', 'duplicate');
  });
  it('named and anonymous volumes use the host directories the caller gives', () => {
    const s = spec({ volumes: ['data:/var/lib/data:ro', '/cache'] }, { volumes: ['/img-vol', '/unset'] }, { volumes: { data: '/vol/data', '/cache': '/vol/anon1', '/img-vol': '/vol/anon2' } });
    assert.deepEqual(mount(s, '/var/lib/data'), { destination: '/var/lib/data', type: 'bind', source: '/vol/data', options: ['rbind', 'rprivate', 'ro'] });
    assert.equal(mount(s, '/cache')?.source, '/vol/anon1');
    assert.equal(mount(s, '/img-vol')?.source, '/vol/anon2');
    assert.equal(mount(s, '/unset'), undefined);
    throwsCode(() => spec({ volumes: ['missing:/m'] }), 'ORC_NOT_FOUND', 'missing');
  });
  it('--mount bind, volume and tmpfs', () => {
    const s = spec({ mounts: ['type=bind,source=/h,target=/b,readonly,bind-propagation=rslave', 'type=volume,src=vol,dst=/v', 'type=tmpfs,target=/t,tmpfs-size=2m,tmpfs-mode=700'] }, {}, { volumes: { vol: '/vol/v' } });
    assert.deepEqual(mount(s, '/b'), { destination: '/b', type: 'bind', source: '/h', options: ['rbind', 'rslave', 'ro'] });
    assert.equal(mount(s, '/v')?.source, '/vol/v');
    assert.deepEqual(mount(s, '/t')?.options, ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=2097152', 'mode=0700']);
    for (const bad of ['type=bind,target=/b', 'type=bind,source=/h', 'type=nfs,target=/x', 'type=bind,source=/h,target=/b,colour=red', 'type=bind,source=/h,target=/b,readonly=maybe']) {
      throwsCode(() => spec({ mounts: [bad] }), 'ORC_USAGE', '--mount');
    }
    throwsCode(() => spec({ mounts: ['type=volume,src=v,dst=/v'] }), 'ORC_USAGE', 'volume name');
  });
  it('user mounts replace default ones at the same place and come parents first', () => {
    const s = spec({ volumes: ['/h/deep:/a/b/c', '/h/a:/a'], tmpfs: ['/dev/shm:size=1g'] });
    assert.equal(s.mounts.filter((m) => m.destination === '/dev/shm').length, 1);
    assert.ok(mount(s, '/dev/shm')?.options.includes(`size=${1024 ** 3}`));
    const dests = s.mounts.map((m) => m.destination);
    assert.ok(dests.indexOf('/a') < dests.indexOf('/a/b/c'));
  });
  it('--shm-size sizes /dev/shm', () => {
    assert.ok(mount(spec({ shmSize: '128m' }), '/dev/shm')?.options.includes(`size=${128 * 1024 * 1024}`));
    throwsCode(() => spec({ shmSize: '0' }), 'ORC_USAGE', '--shm-size');
    throwsCode(() => spec({ shmSize: 'lots' }), 'ORC_USAGE', '--shm-size');
  });
});

describe('buildSpec: resources and limits', () => {
  it('--memory sets limit and (Docker) swap = 2 × memory; --memory-swap overrides, -1 is unlimited', () => {
    assert.deepEqual(spec({ memory: '32m' }).linux.resources.memory, { limit: 32 * 1024 ** 2, swap: 64 * 1024 ** 2 });
    assert.deepEqual(spec({ memory: '32m', memorySwap: '32m' }).linux.resources.memory, { limit: 32 * 1024 ** 2, swap: 32 * 1024 ** 2 });
    assert.deepEqual(spec({ memory: 1e8, memorySwap: -1 }).linux.resources.memory, { limit: 1e8, swap: -1 });
    assert.equal(spec().linux.resources.memory, undefined);
  });
  it('memory limits Docker refuses', () => {
    throwsCode(() => spec({ memory: '1m' }), 'ORC_USAGE', '--memory');
    throwsCode(() => spec({ memory: 'ten' }), 'ORC_USAGE', '--memory');
    throwsCode(() => spec({ memorySwap: '1g' }), 'ORC_USAGE', '--memory-swap');
    throwsCode(() => spec({ memory: '1g', memorySwap: '512m' }), 'ORC_USAGE', '--memory-swap');
  });
  it('--cpus becomes quota/period 100000; --cpu-shares is clamped to [2, 262144]', () => {
    assert.deepEqual(spec({ cpus: '1.5' }).linux.resources.cpu, { quota: 150_000, period: 100_000 });
    assert.deepEqual(spec({ cpus: 0.5, cpuShares: 512 }).linux.resources.cpu, { shares: 512, quota: 50_000, period: 100_000 });
    assert.deepEqual(spec({ cpuShares: 1 }).linux.resources.cpu, { shares: 2 });
    throwsCode(() => spec({ cpus: '-1' }), 'ORC_USAGE', '--cpus');
    throwsCode(() => spec({ cpus: '0.001' }), 'ORC_USAGE', '--cpus');
    throwsCode(() => spec({ cpus: 8 }, {}, { cpuCount: 4 }), 'ORC_USAGE', '--cpus');
    throwsCode(() => spec({ cpuShares: -5 }), 'ORC_USAGE', '--cpu-shares');
  });
  it('--pids-limit: positive is the limit, negative is unlimited, 0 is unset', () => {
    assert.deepEqual(spec({ pidsLimit: 100 }).linux.resources.pids, { limit: 100 });
    assert.deepEqual(spec({ pidsLimit: -1 }).linux.resources.pids, { limit: -1 });
    assert.equal(spec({ pidsLimit: 0 }).linux.resources.pids, undefined);
    throwsCode(() => spec({ pidsLimit: 1.5 }), 'ORC_USAGE', '--pids-limit');
  });
  it('--ulimit becomes rlimits (hard defaults to soft; -1 is unlimited)', () => {
    assert.deepEqual(spec({ ulimits: ['nofile=1024:4096', 'nproc=64', 'core=-1'] }).process.rlimits, [
      { type: 'RLIMIT_NOFILE', soft: 1024, hard: 4096 },
      { type: 'RLIMIT_NPROC', soft: 64, hard: 64 },
      { type: 'RLIMIT_CORE', soft: -1, hard: -1 },
    ]);
    for (const bad of ['nofile', 'bogus=1', 'nofile=10:5', 'nofile=x', 'nofile=1:2:3']) throwsCode(() => spec({ ulimits: [bad] }), 'ORC_USAGE', '--ulimit');
    throwsCode(() => spec({ ulimits: ['nofile=1', 'nofile=2'] }), 'ORC_USAGE', '--ulimit');
  });
  it('--sysctl takes namespaced keys only (no net.* with the host network)', () => {
    assert.deepEqual(spec({ sysctls: ['net.ipv4.ip_forward=1', 'kernel.shmmax=1000', 'fs.mqueue.msg_max=20'] }).linux.sysctl, {
      'net.ipv4.ip_forward': '1', 'kernel.shmmax': '1000', 'fs.mqueue.msg_max': '20',
    });
    throwsCode(() => spec({ sysctls: ['vm.swappiness=1'] }), 'ORC_USAGE', '--sysctl');
    throwsCode(() => spec({ sysctls: ['net.ipv4.ip_forward=1'], network: 'host' }), 'ORC_USAGE', '--sysctl');
    throwsCode(() => spec({ sysctls: ['novalue'] }), 'ORC_USAGE', '--sysctl');
  });
});

describe('buildSpec: security and network', () => {
  it('--cap-add / --cap-drop work over the default set, with or without CAP_, any case', () => {
    const s = spec({ capAdd: ['net_admin'], capDrop: ['CAP_CHOWN', 'mknod'] });
    assert.ok(s.process.capabilities.bounding.includes('CAP_NET_ADMIN'));
    assert.ok(!s.process.capabilities.bounding.includes('CAP_CHOWN'));
    assert.ok(!s.process.capabilities.bounding.includes('CAP_MKNOD'));
    assert.equal(s.process.capabilities.bounding.length, 13);
  });
  it('ALL: --cap-drop ALL keeps only the adds; --cap-add ALL grants all but the drops', () => {
    assert.deepEqual(spec({ capDrop: ['ALL'] }).process.capabilities.effective, []);
    assert.deepEqual(spec({ capDrop: ['all'], capAdd: ['KILL'] }).process.capabilities.bounding, ['CAP_KILL']);
    const all = spec({ capAdd: ['ALL'], capDrop: ['SYS_ADMIN'] }).process.capabilities.bounding;
    assert.equal(all.length, ALL_CAPABILITIES.length - 1);
    throwsCode(() => spec({ capAdd: ['CAP_FLY'] }), 'ORC_USAGE', '--cap-add');
    throwsCode(() => spec({ capDrop: ['nope'] }), 'ORC_USAGE', '--cap-drop');
  });
  it('--privileged: all caps, no masked or read-only paths, no seccomp, /sys and cgroup rw, all devices', () => {
    const seccomp = { defaultAction: 'SCMP_ACT_ALLOW' };
    assert.equal(spec({}, {}, { seccomp }).linux.seccomp?.defaultAction, 'SCMP_ACT_ALLOW');
    const s = spec({ privileged: true }, {}, { seccomp });
    assert.deepEqual(s.process.capabilities.bounding, ALL_CAPABILITIES);
    assert.deepEqual(s.linux.maskedPaths, []);
    assert.deepEqual(s.linux.readonlyPaths, []);
    assert.equal(s.linux.seccomp, undefined);
    assert.ok(!mount(s, '/sys')?.options.includes('ro'));
    assert.ok(!mount(s, '/sys/fs/cgroup')?.options.includes('ro'));
    assert.deepEqual(s.linux.resources.devices, [{ allow: true, access: 'rwm' }]);
  });
  it('--security-opt no-new-privileges, seccomp=unconfined, systempaths=unconfined; others refused', () => {
    assert.equal(spec({ securityOpt: ['no-new-privileges'] }).process.noNewPrivileges, true);
    assert.equal(spec({ securityOpt: ['no-new-privileges:true'] }).process.noNewPrivileges, true);
    assert.equal(spec({ securityOpt: ['no-new-privileges=false'] }).process.noNewPrivileges, false);
    assert.equal(spec({ securityOpt: ['seccomp=unconfined'] }, {}, { seccomp: { defaultAction: 'SCMP_ACT_ALLOW' } }).linux.seccomp, undefined);
    assert.deepEqual(spec({ securityOpt: ['systempaths=unconfined'] }).linux.maskedPaths, []);
    throwsCode(() => spec({ securityOpt: ['bogus'] }), 'ORC_USAGE', '--security-opt');
    throwsCode(() => spec({ securityOpt: ['seccomp=/p.json'] }), 'ORC_USAGE', '--security-opt');
  });
  it('--network none: a new netns; host: none (and the host hostname); a prepared netns is joined', () => {
    const ns = (s: OciSpec): unknown => s.linux.namespaces.find((n) => n.type === 'network');
    assert.deepEqual(ns(spec({ network: 'none' }, {}, { netnsPath: '/run/netns/x' })), { type: 'network' });
    const h = spec({ network: 'host' }, {}, { hostHostname: 'box' });
    assert.equal(ns(h), undefined);
    assert.equal(h.hostname, 'box');
    assert.deepEqual(ns(spec({ network: 'front' }, {}, { netnsPath: '/run/netns/x' })), { type: 'network', path: '/run/netns/x' });
  });
  it('--stop-signal is checked but stays out of the spec; stopSignal() resolves it', () => {
    assert.deepEqual(stopSignal({ stopSignal: 'usr1' }, img()), { name: 'SIGUSR1', number: 10 });
    assert.deepEqual(stopSignal({}, img({ stopSignal: 'SIGQUIT' })), { name: 'SIGQUIT', number: 3 });
    assert.deepEqual(stopSignal({}, img()), { name: 'SIGTERM', number: 15 });
    assert.deepEqual(stopSignal({ stopSignal: '9' }, img()), { name: 'SIGKILL', number: 9 });
    assert.ok(!JSON.stringify(spec({ stopSignal: 'SIGUSR1' })).includes('USR1'));
    throwsCode(() => spec({ stopSignal: 'SIGNOPE' }), 'ORC_USAGE', '--stop-signal');
  });
  it('the spec is plain JSON (survives a round trip unchanged)', () => {
    const s = spec({ memory: '64m', volumes: ['/h:/x:ro'], user: 'alice', ulimits: ['nofile=10'] });
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  });
});

// ── integration: orc-runtime runs the spec ────────────────────────────────

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (overlay mounts, namespaces, cgroups)';
  if (!existsSync(orcRuntime)) return `${orcRuntime} is missing: run make -C native`;
  if (!existsSync('/bin/busybox')) return '/bin/busybox is missing: apt-get install busybox-static';
  return false;
}
const skip = skipReason();

/** busybox with every applet, a user 1000, and an image Env/Cmd the tests can see. */
function busyboxImage(): Buffer {
  const entries = fullBusyboxEntries({
    passwd: 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n',
    group: 'root:x:0:\nuser:x:1000:\n',
    extra: [
      { name: 'root', type: 'dir', mode: 0o700 },
      { name: 'home', type: 'dir' },
      { name: 'home/user', type: 'dir', uid: 1000, gid: 1000 },
    ],
  });
  return legacyArchive([image([layer(entries)], ['spec-test:1'], { Env: ['PATH=/bin', 'GREETING=from-image'], Cmd: ['sh', '-c', 'echo "cmd $GREETING"'] })]);
}

describe('orc-runtime runs what buildSpec builds', { skip }, () => {
  let work = '';
  let store: ImageStore;
  let imageConfig: ImageConfig;
  const cgroupParent = `/orc-spec-test-${process.pid}`;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'orc-spec-'));
    store = await ImageStore.open(join(work, 'data'));
    await store.loadArchive(Readable.from([busyboxImage()]));
    imageConfig = await store.config('spec-test:1');
  });
  after(() => {
    if (work === '') return;
    unmountUnder(work);
    rmSync(work, { recursive: true, force: true });
    removeCgroupTree(cgroupParent);
  });

  interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
  }

  /** Mounts a fresh overlay, writes config.json, runs, and always unmounts and removes everything. */
  async function run(options: RunOptions, host: Partial<HostFacts> = {}, extra?: (dir: string) => Partial<RunOptions>): Promise<Run> {
    const id = randomBytes(32).toString('hex');
    const dir = mkdtempSync(join(work, 'ctr-'));
    const stateRoot = join(dir, 'state');
    const rootfs = await store.rootfsSpec('spec-test:1', dir);
    let mounted = false;
    try {
      await mountOverlay(rootfs);
      mounted = true;
      const more = extra?.(dir) ?? {};
      const config = buildSpec({
        image: imageConfig,
        options: { ...options, ...more },
        host: { containerId: id, rootfs: rootfs.target, cgroupParent, cgroupMount: false, passwd: readFileSync(join(rootfs.target, 'etc/passwd'), 'utf8'), group: readFileSync(join(rootfs.target, 'etc/group'), 'utf8'), ...host },
      });
      const bundle = join(dir, 'bundle');
      mkdirSync(bundle);
      writeFileSync(join(bundle, 'config.json'), JSON.stringify(config, null, 2));
      const r = spawnSync(orcRuntime, ['--root', stateRoot, 'run', '--bundle', bundle, id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    } finally {
      spawnSync(orcRuntime, ['--root', stateRoot, 'delete', '--force', id], { stdio: 'ignore', timeout: 10_000 });
      removeCgroupTree(`${cgroupParent}/${id}`);
      if (mounted) await unmountOverlay(rootfs.target).catch(() => unmountUnder(rootfs.target));
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const sh = (script: string): RunOptions => ({ command: ['sh', '-c', script] });

  it('echo hello prints hello', async () => {
    const r = await run({ command: ['echo', 'hello'] });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'hello\n');
  });
  it('the image Env and Cmd apply; -e overrides', async () => {
    assert.equal((await run({})).stdout, 'cmd from-image\n');
    assert.equal((await run({ env: ['GREETING=from-cli'] })).stdout, 'cmd from-cli\n');
  });
  it('-w and -u 1000:1000', async () => {
    const r = await run({ ...sh('id -u; id -g; pwd; echo $HOME'), workdir: '/tmp', user: '1000:1000' });
    assert.equal(r.stdout, '1000\n1000\n/tmp\n/home/user\n', r.stderr);
  });
  it('--read-only refuses writes to / while a --tmpfs /tmp stays writable', async () => {
    const r = await run({ ...sh('touch /x 2>/dev/null && echo root-writable; touch /tmp/y && echo tmp-ok'), readOnly: true, tmpfs: ['/tmp'] });
    assert.equal(r.stdout, 'tmp-ok\n', r.stderr);
  });
  it('bind mounts: ro cannot be written, rw writes reach the host', async () => {
    let hostDir = '';
    const r = await run(sh('cat /ro/f; touch /ro/n 2>/dev/null && echo ro-writable; echo w > /rw/out && echo rw-ok'), {}, (dir) => {
      hostDir = join(dir, 'host');
      mkdirSync(join(hostDir, 'ro'), { recursive: true });
      mkdirSync(join(hostDir, 'rw'));
      writeFileSync(join(hostDir, 'ro', 'f'), 'from-host\n');
      return { volumes: [`${hostDir}/ro:/ro:ro`], mounts: [`type=bind,source=${hostDir}/rw,target=/rw`] };
    });
    assert.equal(r.stdout, 'from-host\nrw-ok\n', r.stderr);
  });
  it('--cap-drop ALL empties CapEff; the default set is Docker\'s', async () => {
    assert.match((await run({ ...sh('grep CapEff /proc/self/status'), capDrop: ['ALL'] })).stdout, /CapEff:\s+0000000000000000/);
    assert.match((await run(sh('grep CapEff /proc/self/status'))).stdout, /CapEff:\s+00000000a80425fb/);
  });
  it('--memory 32m: a memory hog is killed (137)', async () => {
    const r = await run({ command: ['awk', 'BEGIN { s = "xxxxxxxx"; for (i = 0; i < 25; i++) s = s s; print length(s) }'], memory: '32m' });
    assert.equal(r.status, 137, `${r.stdout} ${r.stderr}`);
  });
  it('--pids-limit bounds the processes', async () => {
    const r = await run({ ...sh('(i=0; while [ $i -lt 100 ]; do sleep 10 & i=$((i+1)); done) 2>/dev/null; n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo $n'), pidsLimit: 16 });
    const n = Number(r.stdout.trim());
    assert.ok(n >= 8 && n <= 16, `${r.stdout} ${r.stderr}`);
  });
  it('--hostname', async () => {
    assert.equal((await run({ command: ['hostname'], hostname: 'spec-box' })).stdout, 'spec-box\n');
  });
  it('--entrypoint clears the image Cmd', async () => {
    const r = await run({ entrypoint: 'echo' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '\n');
  });
  it('--network none leaves only lo in /proc/net/dev', async () => {
    const r = await run({ command: ['cat', '/proc/net/dev'], network: 'none' });
    const ifaces = r.stdout.split('\n').slice(2).filter((l) => l.trim() !== '').map((l) => l.split(':')[0]?.trim());
    assert.deepEqual(ifaces, ['lo'], r.stderr);
  });
  it('Docker\'s /sys/fs/cgroup mount is refused by orc-runtime for now (why HostFacts.cgroupMount exists), and a failed run still cleans up', async () => {
    const r = await run({ command: ['true'] }, { cgroupMount: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /cgroup mounts are not supported/);
  });
  it('leaves no overlay mount behind', () => {
    const mine = mountLines((l) => l.startsWith('overlay ') && l.includes(work));
    assert.deepEqual(mine, []);
  });
});
