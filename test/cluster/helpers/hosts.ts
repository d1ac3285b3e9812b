/**
 * Several test hosts on one machine. A cluster `<prefix>-<4 hex>` is:
 *
 *   bridge    <id>                 in the root namespace, address <subnet>.1/24
 *   nft table inet <id>            drops whatever would be routed between the bridge and any other link
 *   per host  netns <id>-h<i>      eth0 = <subnet>.(10+i)/24, lo up, default route via .1
 *             veth  <id>-h<i>      its host end, a port of the bridge
 *             dir   /tmp/<id>/h<i>/{root,orc.sock,daemon.log,resolv.conf}
 *             cgroup parent /<id>-h<i>
 *             `orc daemon` inside the netns
 *
 * The daemon runs in the host's network namespace and in a mount namespace of
 * its own whose /sys is a fresh sysfs (so /sys/class/net lists the host's own
 * links) with the machine's cgroup mounts moved under it. Its data root is a
 * shared mount, so what the daemon mounts there (overlays, netns files) is
 * seen from the root mount namespace too, and by the next daemon on that root.
 *
 * Everything a cluster creates carries its id, and /tmp/<id>/owner.json names
 * the process that owns it: `destroyCluster` (teardown) and
 * `sweepStaleTestHosts` find the pieces by name alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { answers } from '../../../common/socket.js';
import { bin, cleanupRoot } from '../../daemon/helpers/daemon.js';
import { allCgroupDirs, processAlive, removeCgroupTree, sleep } from '../../helpers/host.js';
import { unmountUnder } from '../../worker/helpers/image.js';

export const DEFAULT_PREFIX = 'orct';
const TMP = '/tmp';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Default 60 s; then the program is killed and `code` is null. */
  timeoutMs?: number;
}

export interface ExecOptions extends RunOptions {
  /** Run inside the host's network namespace (default true). */
  inNetns?: boolean;
}

export interface Host {
  /** `h<i>` */
  readonly name: string;
  readonly index: number;
  /** `<id>-h<i>`: the network namespace, the host end of its veth and its cgroup parent's name. */
  readonly netns: string;
  /** The host's address on the test bridge (no prefix length). */
  readonly addr: string;
  readonly hostVeth: string;
  readonly dir: string;
  readonly dataRoot: string;
  readonly socket: string;
  readonly logFile: string;
  readonly resolvConf: string;
  readonly cgroupParent: string;
  /** The running daemon's pid, if one was started and is alive. */
  readonly pid: number | undefined;
  /** `orc -H unix://<socket> ARGS…` (from the root namespace: the socket is a file). */
  orc(args: string[], opts?: RunOptions): Promise<RunResult>;
  /** Any program, by default inside the netns. */
  exec(cmd: string[], opts?: ExecOptions): Promise<RunResult>;
  /** A long-running program inside the netns (killHost and teardown end it). */
  spawn(cmd: string[], opts?: { inNetns?: boolean }): ChildProcess;
  /** Starts `orc daemon` in the netns and waits until its socket answers. */
  startDaemon(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); containers stay (they outlive a daemon). */
  stopDaemon(graceMs?: number): Promise<void>;
  /** SIGKILL to every process of the host (its netns, its containers, its cgroups) until none is left. */
  killHost(): Promise<void>;
  /** killHost, then a new daemon on the same data root. */
  restartHost(): Promise<void>;
  /** The host end of the veth down: the host is cut off from the others. */
  isolate(): Promise<void>;
  reconnect(): Promise<void>;
  /** The pids killHost would kill. */
  processes(): number[];
}

export interface TestHosts {
  /** `<prefix>-<4 hex>`: the bridge's and the nft table's name, and the prefix of every other name. */
  readonly id: string;
  readonly dir: string;
  readonly bridge: string;
  /** `172.31.X.0/24` */
  readonly subnet: string;
  /** The bridge's address, `172.31.X.1`. */
  readonly gateway: string;
  readonly hosts: Host[];
  /** hosts[i], or a throw. */
  at(i: number): Host;
  /** Kills, unmounts and removes everything of the cluster; idempotent. */
  teardown(): Promise<void>;
  /** What hosts-cli writes to its state file. */
  state(): HostsState;
}

export interface HostsState {
  id: string;
  prefix: string;
  dir: string;
  bridge: string;
  subnet: string;
  gateway: string;
  hosts: Array<{ name: string; netns: string; addr: string; socket: string; dataRoot: string; logFile: string; pid: number | undefined }>;
}

export interface HostsOptions {
  /** 1-6 lowercase letters or digits (default `orct`): names stay within 15 characters. */
  prefix?: string;
  /** A /24 (`172.31.7.0/24`); default: a random 172.31.X.0/24 the machine neither routes nor holds. */
  subnet?: string;
  /** Extra `orc daemon` arguments for a host. */
  daemonArgs?: (h: Host) => string[];
  /** Default true. */
  startDaemons?: boolean;
  /** Pass `--node-name h<i>` to the daemon (default true). */
  nodeNameFlag?: boolean;
  /** The cluster outlives this process: sweepStaleTestHosts leaves it alone until `all` (hosts-cli). */
  keep?: boolean;
  /** [0, 1): the id's and the subnet's choice (default crypto). */
  random?: () => number;
}

/** Runs a program; never rejects for an exit status. */
export function runProgram(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: [opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      ...(opts.env !== undefined ? { env: { ...process.env, ...opts.env } } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined && child.stdin !== null) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

async function must(cmd: string, args: readonly string[], input?: string): Promise<string> {
  const r = await runProgram(cmd, args, input !== undefined ? { input } : {});
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code ?? 'killed'}): ${r.stderr.trim()}`);
  return r.stdout;
}

// --- subnets ---------------------------------------------------------------

function ipToInt(ip: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (m === null) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + p, 0);
}

function parsePrefix(s: string): { base: number; len: number } | undefined {
  const [ip, len = '32'] = s.split('/');
  const n = ipToInt(ip ?? '');
  const l = Number(len);
  if (n === undefined || !Number.isInteger(l) || l < 0 || l > 32) return undefined;
  return { base: n, len: l };
}

/** Whether two prefixes share an address. */
export function prefixesOverlap(a: string, b: string): boolean {
  const x = parsePrefix(a);
  const y = parsePrefix(b);
  if (x === undefined || y === undefined) return false;
  const len = Math.min(x.len, y.len);
  const block = 2 ** (32 - len);
  return Math.floor(x.base / block) === Math.floor(y.base / block);
}

/** Every IPv4 prefix the root namespace routes (default routes aside) or holds as an address. */
async function usedPrefixes(): Promise<string[]> {
  const routes = JSON.parse((await must('ip', ['-4', '-j', 'route', 'show', 'table', 'all'])) || '[]') as Array<{ dst?: string }>;
  const addrs = JSON.parse((await must('ip', ['-4', '-j', 'addr', 'show'])) || '[]') as Array<{ addr_info?: Array<{ local?: string; prefixlen?: number }> }>;
  const out = routes.map((r) => r.dst ?? 'default').filter((d) => d !== 'default');
  for (const l of addrs) for (const a of l.addr_info ?? []) if (a.local !== undefined) out.push(`${a.local}/${a.prefixlen ?? 32}`);
  return out;
}

/** A random 172.31.X.0/24 that overlaps nothing in `used`. */
export function pickSubnet(used: readonly string[], random: () => number): string {
  const free: string[] = [];
  for (let x = 0; x < 256; x++) {
    const c = `172.31.${x}.0/24`;
    if (!used.some((u) => prefixesOverlap(u, c))) free.push(c);
  }
  const pick = free[Math.floor(random() * free.length)];
  if (pick === undefined) throw new Error('no free 172.31.X.0/24 on this machine: pass opts.subnet');
  return pick;
}

// --- processes -------------------------------------------------------------

interface ProcInfo {
  pid: number;
  ppid: number;
  net: string;
  cgroups: string[];
}

function procTable(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      let net = '';
      try {
        net = readlinkSync(`/proc/${e}/ns/net`);
      } catch {
        // kernel thread or gone
      }
      const cgroups = readFileSync(`/proc/${e}/cgroup`, 'utf8').split('\n').map((l) => l.split(':').slice(2).join(':')).filter((p) => p !== '');
      out.push({ pid: Number(e), ppid: Number(fields[1]), net, cgroups });
    } catch {
      // gone
    }
  }
  return out;
}

/** `net:[inode]` of a namespace file, if it is one (nsfs inodes are >= 0xF0000000). */
function nsLink(file: string): string | undefined {
  try {
    const ino = statSync(file).ino;
    return ino >= 0xf0000000 ? `net:[${ino}]` : undefined;
  } catch {
    return undefined;
  }
}

/** What marks a process as a host's: its network namespaces, cgroup prefixes. */
interface HostMarks {
  nets: Set<string>;
  cgroups: string[];
}

function marksOf(id: string, index: number): HostMarks {
  const name = `${id}-h${index}`;
  const nets = new Set<string>();
  const own = nsLink(`/run/netns/${name}`);
  if (own !== undefined) nets.add(own);
  const netnsDir = join(TMP, id, `h${index}`, 'root', 'netns');
  for (const f of existsSync(netnsDir) ? readdirSync(netnsDir) : []) {
    const l = nsLink(join(netnsDir, f));
    if (l !== undefined) nets.add(l);
  }
  return { nets, cgroups: [`/${name}`] };
}

/** The pids that carry one of `marks`, with every descendant; never this process or its ancestors. */
function matchingPids(marks: readonly HostMarks[]): number[] {
  const table = procTable();
  const hit = new Set<number>();
  for (const p of table) {
    for (const m of marks) {
      if (m.nets.has(p.net) || p.cgroups.some((c) => m.cgroups.some((g) => c === g || c.startsWith(`${g}/`)))) hit.add(p.pid);
    }
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (!hit.has(p.pid) && hit.has(p.ppid)) {
        hit.add(p.pid);
        grew = true;
      }
    }
  }
  const parent = new Map(table.map((p) => [p.pid, p.ppid]));
  for (let p: number | undefined = process.pid; p !== undefined && p > 0; p = parent.get(p)) hit.delete(p);
  return [...hit].sort((a, b) => a - b);
}

/** SIGKILL to every matching process until none is left (or 10 s pass); the pids still alive. */
async function killMatching(marks: () => HostMarks[]): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pids = matchingPids(marks());
    if (pids.length === 0 || Date.now() > deadline) return pids;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await sleep(50);
  }
}

// --- one cluster -----------------------------------------------------------

/** Shell run between nsenter/unshare and the daemon: a fresh /sys for the netns, the cgroup mounts kept under it. */
const SYS_SCRIPT = [
  'mkdir -p "$ORCT_CGROUP_STASH"',
  'mount --make-rprivate /sys',
  'mount --rbind /sys/fs/cgroup "$ORCT_CGROUP_STASH"',
  'mount -t sysfs sysfs /sys',
  'mount --move "$ORCT_CGROUP_STASH" /sys/fs/cgroup',
  'rmdir "$ORCT_CGROUP_STASH"',
  'exec "$@"',
].join('\n');

interface Owner {
  pid: number;
  keep: boolean;
}

function netnsCmd(netns: string, cmd: readonly string[]): string[] {
  return ['nsenter', `--net=/run/netns/${netns}`, '--', ...cmd];
}

class TestHost implements Host {
  readonly name: string;
  readonly netns: string;
  readonly hostVeth: string;
  readonly dir: string;
  readonly dataRoot: string;
  readonly socket: string;
  readonly logFile: string;
  readonly resolvConf: string;
  readonly cgroupParent: string;
  private daemonPid: number | undefined;

  constructor(
    private readonly id: string,
    readonly index: number,
    readonly addr: string,
    private readonly opts: { daemonArgs?: (h: Host) => string[]; nodeNameFlag: boolean },
  ) {
    this.name = `h${index}`;
    this.netns = `${id}-h${index}`;
    this.hostVeth = this.netns;
    this.dir = join(TMP, id, this.name);
    this.dataRoot = join(this.dir, 'root');
    this.socket = join(this.dir, 'orc.sock');
    this.logFile = join(this.dir, 'daemon.log');
    this.resolvConf = join(this.dir, 'resolv.conf');
    this.cgroupParent = `/${this.netns}`;
  }

  get pid(): number | undefined {
    return this.daemonPid !== undefined && processAlive(this.daemonPid, 'ZX') ? this.daemonPid : undefined;
  }

  orc(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return runProgram(process.execPath, [bin, '-H', `unix://${this.socket}`, ...args], opts);
  }

  exec(cmd: string[], opts: ExecOptions = {}): Promise<RunResult> {
    const { inNetns = true, ...rest } = opts;
    const full = inNetns ? netnsCmd(this.netns, cmd) : cmd;
    return runProgram(full[0] ?? '', full.slice(1), rest);
  }

  spawn(cmd: string[], opts: { inNetns?: boolean } = {}): ChildProcess {
    const full = opts.inNetns === false ? cmd : netnsCmd(this.netns, cmd);
    return spawn(full[0] ?? '', full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  }

  async startDaemon(): Promise<void> {
    if (this.pid !== undefined) throw new Error(`${this.name}: a daemon already runs (pid ${this.pid})`);
    if (!existsSync(this.resolvConf)) writeFileSync(this.resolvConf, '# orc test hosts: no upstream resolver\n');
    const args = [
      'daemon', '--data-root', this.dataRoot, '--socket', this.socket, '--resolv-conf', this.resolvConf, '--cgroup-parent', this.cgroupParent,
      ...(this.opts.nodeNameFlag ? ['--node-name', this.name] : []),
      ...(this.opts.daemonArgs?.(this) ?? []),
    ];
    const cmd = netnsCmd(this.netns, ['unshare', '--mount', '--propagation', 'unchanged', '--', 'sh', '-ec', SYS_SCRIPT, 'sh', process.execPath, bin, ...args]);
    const log = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      writeFileSync(log, `--- ${new Date().toISOString()} in netns ${this.netns}: orc ${args.join(' ')}\n`);
      child = spawn(cmd[0] ?? '', cmd.slice(1), {
        stdio: ['ignore', log, log],
        detached: true,
        env: { ...process.env, ORCT_CGROUP_STASH: join(this.dir, 'cgroup-stash') },
      });
    } finally {
      closeSync(log);
    }
    child.unref();
    this.daemonPid = child.pid;
    const deadline = Date.now() + 30_000;
    while (!(await answers(this.socket))) {
      if (this.pid === undefined || Date.now() > deadline) {
        if (this.daemonPid !== undefined) await this.stopDaemon(0);
        throw new Error(`${this.name}: the daemon did not come up on ${this.socket}; ${this.logFile}:\n${this.logTail()}`);
      }
      await sleep(50);
    }
  }

  logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async stopDaemon(graceMs = 10_000): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    const deadline = Date.now() + graceMs;
    for (let signal: NodeJS.Signals = graceMs > 0 ? 'SIGTERM' : 'SIGKILL'; ; ) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone
      }
      while (processAlive(pid, 'ZX') && (signal === 'SIGKILL' || Date.now() < deadline)) await sleep(25);
      if (!processAlive(pid, 'ZX')) break;
      signal = 'SIGKILL';
    }
    this.daemonPid = undefined;
  }

  processes(): number[] {
    return matchingPids([marksOf(this.id, this.index)]);
  }

  async killHost(): Promise<void> {
    const left = await killMatching(() => [marksOf(this.id, this.index)]);
    this.daemonPid = undefined;
    if (left.length > 0) throw new Error(`${this.name}: processes survive SIGKILL: ${left.join(' ')}`);
  }

  async restartHost(): Promise<void> {
    await this.killHost();
    await this.startDaemon();
  }

  async isolate(): Promise<void> {
    await must('ip', ['link', 'set', this.hostVeth, 'down']);
  }

  async reconnect(): Promise<void> {
    await must('ip', ['link', 'set', this.hostVeth, 'up']);
  }
}

function checkPrefix(prefix: string): void {
  if (!/^[a-z][a-z0-9]{0,5}$/.test(prefix)) throw new Error(`test host prefix "${prefix}": 1-6 lowercase letters or digits, starting with a letter`);
}

function hostIndices(id: string): number[] {
  const found = new Set<number>();
  const re = new RegExp(`^${id}-h(\\d+)$`);
  const names = [
    ...(existsSync('/run/netns') ? readdirSync('/run/netns') : []),
    ...allCgroupDirs('/').flatMap((d) => readdirSync(d)),
  ];
  for (const n of names) {
    const m = re.exec(n);
    if (m !== null) found.add(Number(m[1]));
  }
  const dir = join(TMP, id);
  for (const e of existsSync(dir) ? readdirSync(dir) : []) {
    const m = /^h(\d+)$/.exec(e);
    if (m !== null) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

async function linkNames(): Promise<string[]> {
  const links = JSON.parse((await must('ip', ['-j', 'link', 'show'])) || '[]') as Array<{ ifname?: string }>;
  return links.map((l) => l.ifname ?? '');
}

/**
 * Removes every piece of cluster `id`, found by name (also after a crash):
 * its processes, each data root (containers, runtime state, network records,
 * mounts), cgroups, network namespaces, links, nft table and /tmp/<id>.
 * Tolerates absent pieces; throws at the end when something could not be removed.
 */
export async function destroyCluster(id: string): Promise<void> {
  const errors: string[] = [];
  const step = async (what: string, fn: () => Promise<void> | void): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      errors.push(`${what}: ${(e as Error).message}`);
    }
  };
  const indices = hostIndices(id);
  const marks = (): HostMarks[] => indices.map((i) => marksOf(id, i));
  await step('kill processes', async () => {
    const left = await killMatching(marks);
    if (left.length > 0) throw new Error(`still alive: ${left.join(' ')}`);
  });
  for (const i of indices) {
    const root = join(TMP, id, `h${i}`, 'root');
    if (existsSync(root)) await step(`clean ${root}`, () => cleanupRoot(root));
    await step(`cgroup /${id}-h${i}`, () => removeCgroupTree(`/${id}-h${i}`));
    if (existsSync(`/run/netns/${id}-h${i}`)) await step(`netns ${id}-h${i}`, async () => void (await must('ip', ['netns', 'del', `${id}-h${i}`])));
  }
  await step('links', async () => {
    const re = new RegExp(`^${id}(-h\\d+)?$`);
    // host ends first, then the bridge
    for (const l of (await linkNames()).filter((n) => re.test(n)).sort((a, b) => b.length - a.length)) {
      const r = await runProgram('ip', ['link', 'del', l]);
      if (r.code !== 0 && !/Cannot find device/.test(r.stderr)) throw new Error(r.stderr.trim());
    }
  });
  await step('nft table', async () => {
    const r = await runProgram('nft', ['list', 'table', 'inet', id]);
    if (r.code === 0) await must('nft', ['delete', 'table', 'inet', id]);
  });
  await step(`${TMP}/${id}`, () => {
    unmountUnder(join(TMP, id));
    rmSync(join(TMP, id), { recursive: true, force: true });
  });
  const leftCgroups = indices.flatMap((i) => allCgroupDirs(`/${id}-h${i}`));
  if (leftCgroups.length > 0) errors.push(`cgroups left: ${leftCgroups.join(' ')}`);
  if (errors.length > 0) throw new Error(`test hosts ${id}: ${errors.join('; ')}`);
}

function readOwner(id: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(join(TMP, id, 'owner.json'), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

/**
 * Removes the clusters of `prefix` a crashed run left: those whose owner
 * process is gone (and not kept by hosts-cli), and pieces whose /tmp/<id> is
 * missing. With `all`, every cluster of the prefix, live or not. The ids removed.
 */
export async function sweepStaleTestHosts(opts: { prefix?: string; all?: boolean } = {}): Promise<string[]> {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  checkPrefix(prefix);
  const idRe = new RegExp(`^(${prefix}-[0-9a-f]{4})(-h\\d+)?$`);
  const ids = new Set<string>();
  const names = [
    ...readdirSync(TMP),
    ...(existsSync('/run/netns') ? readdirSync('/run/netns') : []),
    ...allCgroupDirs('/').flatMap((d) => readdirSync(d)),
    ...(await linkNames()),
  ];
  const tables = await runProgram('nft', ['list', 'tables', 'inet']);
  for (const l of tables.stdout.split('\n')) {
    const m = /^table inet (\S+)$/.exec(l.trim());
    if (m?.[1] !== undefined) names.push(m[1]);
  }
  for (const n of names) {
    const m = idRe.exec(n);
    if (m?.[1] !== undefined) ids.add(m[1]);
  }
  const stale = [...ids].filter((id) => {
    if (opts.all === true) return true;
    const owner = readOwner(id);
    if (owner === undefined) return !existsSync(join(TMP, id)) || Date.now() - statSync(join(TMP, id)).mtimeMs > 60_000;
    return !owner.keep && !processAlive(owner.pid, 'ZX');
  });
  for (const id of stale) await destroyCluster(id);
  return stale;
}

/** `n` test hosts; on failure, whatever was created is removed before the error is thrown. */
export async function createHosts(n: number, opts: HostsOptions = {}): Promise<TestHosts> {
  if (!Number.isInteger(n) || n < 1 || n > 240) throw new Error(`createHosts: n=${n}: 1 to 240 hosts`);
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  checkPrefix(prefix);
  const random = opts.random ?? ((): number => randomBytes(4).readUInt32BE() / 2 ** 32);
  let id = '';
  for (let tries = 0; id === ''; tries++) {
    const candidate = `${prefix}-${Math.floor(random() * 0x10000).toString(16).padStart(4, '0')}`;
    try {
      mkdirSync(join(TMP, candidate), { mode: 0o755 });
      id = candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 20) throw e;
    }
  }
  const dir = join(TMP, id);
  const owner: Owner = { pid: process.pid, keep: opts.keep === true };
  writeFileSync(join(dir, 'owner.json'), JSON.stringify(owner) + '\n');
  try {
    const subnet = opts.subnet ?? pickSubnet(await usedPrefixes(), random);
    const base = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(subnet)?.[1];
    if (base === undefined) throw new Error(`createHosts: subnet ${subnet}: a /24 like 172.31.7.0/24`);
    const gateway = `${base}.1`;
    const hosts = Array.from({ length: n }, (_, i) => new TestHost(id, i, `${base}.${10 + i}`, { ...(opts.daemonArgs !== undefined ? { daemonArgs: opts.daemonArgs } : {}), nodeNameFlag: opts.nodeNameFlag ?? true }));

    await must('ip', ['-batch', '-'], [`link add ${id} type bridge`, `addr add ${gateway}/24 dev ${id}`, `link set ${id} up`].join('\n') + '\n');
    await must('nft', ['-f', '-'], [
      `table inet ${id} {`,
      '  chain forward {',
      '    type filter hook forward priority -10; policy accept;',
      `    iifname "${id}" oifname != "${id}" drop`,
      `    oifname "${id}" iifname != "${id}" drop`,
      '  }',
      '}',
    ].join('\n') + '\n');
    for (const h of hosts) {
      await must('ip', ['netns', 'add', h.netns]);
      await must('ip', ['link', 'add', h.hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.netns]);
      await must('ip', ['link', 'set', h.hostVeth, 'master', id, 'up']);
      await must('ip', ['-n', h.netns, '-batch', '-'], [
        'link set lo up', `addr add ${h.addr}/24 dev eth0`, 'link set eth0 up', `route add default via ${gateway} dev eth0`,
      ].join('\n') + '\n');
      mkdirSync(h.dataRoot, { recursive: true });
      // a shared mount: the daemon's mounts under it reach the root mount namespace
      await must('mount', ['--bind', h.dataRoot, h.dataRoot]);
      await must('mount', ['--make-shared', h.dataRoot]);
    }
    if (opts.startDaemons !== false) await Promise.all(hosts.map((h) => h.startDaemon()));

    let done: Promise<void> | undefined;
    return {
      id, dir, bridge: id, subnet, gateway, hosts,
      at: (i) => {
        const h = hosts[i];
        if (h === undefined) throw new Error(`test hosts ${id}: no host ${i} (of ${hosts.length})`);
        return h;
      },
      teardown: () => (done ??= destroyCluster(id)),
      state: () => ({
        id, prefix, dir, bridge: id, subnet, gateway,
        hosts: hosts.map((h) => ({ name: h.name, netns: h.netns, addr: h.addr, socket: h.socket, dataRoot: h.dataRoot, logFile: h.logFile, pid: h.pid })),
      }),
    };
  } catch (e) {
    await destroyCluster(id).catch(() => undefined);
    throw e;
  }
}
