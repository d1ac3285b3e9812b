/**
 * The host side of networking: running ip/nft/unshare, reading the kernel's
 * routes and addresses, sysctls, and the host-wide lock that two daemons on
 * different data roots take while they choose a subnet and create its bridge.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, unlinkSync, writeSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { OrcError } from '../../common/errors.js';
import { parseCidr, type Cidr } from './ipam.js';

export const DEFAULT_DATA_ROOT = '/var/lib/orc';

/** Runs a program; resolves with stdout, rejects with ORC_RUNTIME carrying its stderr. */
export function run(cmd: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: [input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new OrcError('ORC_RUNTIME', `cannot run ${cmd}: ${e.message}`, { cause: e })));
    child.on('close', (code, signal) => {
      if (code === 0) resolveRun(out);
      else reject(new OrcError('ORC_RUNTIME', `${cmd} ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit ${code}`}): ${err.trim() || out.trim()}`));
    });
    if (input !== undefined && child.stdin !== null) {
      child.stdin.on('error', () => undefined); // the program may exit before reading everything; its status says why
      child.stdin.end(input);
    }
  });
}

/**
 * Names derived from the data root: `orc` / `orc0` for /var/lib/orc, and
 * `orc-<6 hex>` / `orc<6 hex>` for any other root, so test daemons never share
 * a table or a default bridge (IFNAMSIZ: at most 15 characters).
 */
export function hostNames(dataRoot: string): { table: string; defaultBridge: string } {
  const root = resolve(dataRoot);
  if (root === DEFAULT_DATA_ROOT) return { table: 'orc', defaultBridge: 'orc0' };
  const h = createHash('sha256').update(root).digest('hex').slice(0, 6);
  return { table: `orc-${h}`, defaultBridge: `orc${h}` };
}

interface IpRoute { dst?: string; type?: string; table?: string }
interface IpAddr { ifname?: string; addr_info?: Array<{ family?: string; local?: string; prefixlen?: number }> }

/** Every IPv4 prefix the host routes (all tables but the default route) or holds as an address. */
export function parseHostPrefixes(routesJson: string, addrsJson: string): Cidr[] {
  const out: Cidr[] = [];
  for (const r of JSON.parse(routesJson || '[]') as IpRoute[]) {
    if (r.dst === undefined || r.dst === 'default' || r.type === 'broadcast' || r.type === 'multicast') continue;
    const c = parseCidr(r.dst);
    if (c !== undefined && c.prefixLen > 0) out.push(c);
  }
  for (const l of JSON.parse(addrsJson || '[]') as IpAddr[]) {
    for (const a of l.addr_info ?? []) {
      if (a.family !== 'inet' || a.local === undefined) continue;
      const c = parseCidr(`${a.local}/${a.prefixlen ?? 32}`);
      if (c !== undefined && c.prefixLen > 0) out.push(c);
    }
  }
  return out;
}

export async function hostPrefixes(): Promise<Cidr[]> {
  const [routes, addrs] = await Promise.all([run('ip', ['-4', '-j', 'route', 'show', 'table', 'all']), run('ip', ['-4', '-j', 'addr', 'show'])]);
  return parseHostPrefixes(routes, addrs);
}

export function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

export function isBridge(name: string): boolean {
  return existsSync(`/sys/class/net/${name}/bridge`);
}

/** The bridge a link is a port of, if any. */
export function masterOf(name: string): string | undefined {
  try {
    return readlinkSync(`/sys/class/net/${name}/master`).split('/').pop();
  } catch {
    return undefined;
  }
}

/** Writes a file under /proc/sys (`net/ipv4/ip_forward`), unless it already holds `value`. */
export function writeSysctl(path: string, value: string): void {
  const file = `/proc/sys/${path}`;
  try {
    if (readFileSync(file, 'utf8').trim() === value) return;
    writeFileSync(file, value);
  } catch (e) {
    throw new OrcError('ORC_IO', `cannot set ${path}=${value}: ${(e as Error).message}`, { cause: e });
  }
}

/** Whether `target` is a mount point (in /proc/self/mountinfo). */
export function isMountPoint(target: string): boolean {
  const esc = target.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === esc);
}

/** The iptables FORWARD policy when it is DROP (dockerd sets it), which would also drop what orc forwards. */
export async function forwardPolicyDrops(): Promise<boolean> {
  try {
    return /^-P FORWARD DROP/m.test(await run('iptables', ['-S', 'FORWARD']));
  } catch {
    return false; // no iptables: nothing of the kind
  }
}

const LOCK_DIR = '/run/orc';
export const SUBNET_LOCK = `${LOCK_DIR}/network.lock`;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPidFile(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    return NaN;
  }
}

/** Removes `path` if it still names the dead `holder`, under a short-lived breaker file so two waiters never both break it. */
function breakStaleLock(path: string, holder: number): void {
  const breaker = `${path}.break`;
  try {
    const fd = openSync(breaker, 'wx', 0o644);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
  } catch {
    const b = readPidFile(breaker);
    if (Number.isInteger(b) && b > 0 && !pidAlive(b)) rmQuiet(breaker);
    return;
  }
  try {
    if (readPidFile(path) === holder) rmQuiet(path);
  } finally {
    rmQuiet(breaker);
  }
}

function rmQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone
  }
}

/**
 * Runs `fn` holding the host-wide lock file `path` (created O_EXCL, holding
 * the pid): one holder at a time across every orc process on the host. A
 * lock whose holder died is removed and taken (breakStaleLock).
 */
export async function withHostLock<T>(fn: () => Promise<T>, path = SUBNET_LOCK, timeoutMs = 15_000): Promise<T> {
  mkdirSync(LOCK_DIR, { recursive: true, mode: 0o755 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new OrcError('ORC_IO', `cannot create lock ${path}: ${(e as Error).message}`, { cause: e });
    }
    const holder = readPidFile(path);
    if (Number.isNaN(holder)) continue; // released meanwhile
    if (Number.isInteger(holder) && holder > 0 && !pidAlive(holder)) {
      breakStaleLock(path, holder);
      continue;
    }
    if (Date.now() > deadline) throw new OrcError('ORC_CONFLICT', `the host-wide network lock ${path} is held by pid ${holder}: retry, or remove the file if that process is not orc`);
    await new Promise((r) => setTimeout(r, 5));
  }
  try {
    return await fn();
  } finally {
    rmQuiet(path);
  }
}
