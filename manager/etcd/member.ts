/**
 * One etcd member, run and supervised by its manager node: started with the
 * flags the cluster relies on (pre-vote, fast failover, revision compaction,
 * strict reconfiguration), waited for until it answers /health, restarted
 * with back-off when it dies, and always reaped on stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { delimiter, join } from 'node:path';
import { OrcError } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';

export interface EtcdTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface EtcdExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether the supervisor will start the member again. */
  restarting: boolean;
}

export interface EtcdMemberOptions {
  /** The member's folder: etcd's data in `data/`, its log in `etcd.log` (unless `logFile`). */
  dataDir: string;
  /** The member's name; must match its entry in `initialCluster`. */
  name: string;
  /** https://IP:2380 (http:// without `tls`). */
  peerUrl: string;
  /** e.g. https://IP:2379 and https://127.0.0.1:2379. */
  clientUrls: string[];
  /** Used for peers and clients alike, with client certificates required on both. */
  tls?: EtcdTlsFiles;
  /** "name=peerUrl,…": every member, this one included. */
  initialCluster: string;
  state: 'new' | 'existing';
  /** Drop every other member from the membership (first start only): recovery from a lost quorum. */
  forceNewCluster?: boolean;
  /** Distinguishes clusters started as 'new' on one network (default 'orc'). */
  clusterToken?: string;
  logFile?: string;
  /** etcd's backend size limit (default 2 GiB). */
  quotaBackendBytes?: number;
  /** How long start() waits for /health (default 60 s). */
  startTimeoutMs?: number;
  /** Called when the process ends without stop(). */
  onExit?: (exit: EtcdExit) => void;
  clock?: Clock;
  /** The etcd program (default etcdBinary()). */
  binary?: string;
}

/** The etcd program: $ORC_ETCD, /usr/bin/etcd, or `etcd` on $PATH. */
export function etcdBinary(): string {
  const fromEnv = process.env['ORC_ETCD'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv)) throw new OrcError('ORC_UNAVAILABLE', `ORC_ETCD names ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (existsSync('/usr/bin/etcd')) return '/usr/bin/etcd';
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'etcd'))) return join(dir, 'etcd');
  }
  throw new OrcError('ORC_UNAVAILABLE', 'etcd is not installed: install the etcd-server package or set ORC_ETCD to the etcd program');
}

/** etcd's data folder inside a member's folder. */
export function etcdDataDir(memberDir: string): string {
  return join(memberDir, 'data');
}

const QUOTA_DEFAULT = 2 * 1024 ** 3;

/** The command line of a member; `first` is false on a supervisor's restart (no forced new cluster then). */
export function etcdArgs(o: EtcdMemberOptions, first = true): string[] {
  const args = [
    '--name', o.name,
    '--data-dir', etcdDataDir(o.dataDir),
    '--listen-peer-urls', o.peerUrl,
    '--initial-advertise-peer-urls', o.peerUrl,
    '--listen-client-urls', o.clientUrls.join(','),
    '--advertise-client-urls', o.clientUrls.join(','),
    '--initial-cluster', o.initialCluster,
    '--initial-cluster-state', o.state,
    '--initial-cluster-token', o.clusterToken ?? 'orc',
    '--pre-vote=true',
    '--heartbeat-interval', '100',
    '--election-timeout', '1000',
    '--auto-compaction-mode', 'revision',
    '--auto-compaction-retention', '1000',
    '--quota-backend-bytes', String(o.quotaBackendBytes ?? QUOTA_DEFAULT),
    '--max-request-bytes', '1572864',
    '--max-txn-ops', '128',
    '--strict-reconfig-check=true',
    '--enable-v2=false',
    '--logger', 'zap',
    '--log-outputs', 'stderr',
  ];
  if (o.tls !== undefined) {
    const { caFile, certFile, keyFile } = o.tls;
    args.push(
      '--cert-file', certFile, '--key-file', keyFile, '--trusted-ca-file', caFile, '--client-cert-auth=true',
      '--peer-cert-file', certFile, '--peer-key-file', keyFile, '--peer-trusted-ca-file', caFile, '--peer-client-cert-auth=true',
    );
  }
  if (first && o.forceNewCluster === true) args.push('--force-new-cluster=true');
  return args;
}

// Members still running when this process exits are killed with it (setpriv's
// parent-death signal covers a killed host process; this covers a normal exit).
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

const SETPRIV = '/usr/bin/setpriv';
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A member that ran this long before dying restarts after the shortest delay again. */
const STABLE_MS = 60_000;
const STOP_GRACE_MS = 5_000;

export class EtcdMember {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** starting: until the first /health; running: supervised (restarted when it dies). */
  private state: 'stopped' | 'starting' | 'running' | 'stopping' = 'stopped';
  private restartDelay = RESTART_MIN_MS;
  private restartAbort: AbortController | undefined;
  private readonly clock: Clock;
  private readonly binary: string;
  /** How many times the supervisor started the member again. */
  restarts = 0;

  constructor(private readonly opts: EtcdMemberOptions) {
    this.clock = opts.clock ?? systemClock;
    this.binary = opts.binary ?? etcdBinary();
    if (opts.clientUrls.length === 0) throw new OrcError('ORC_USAGE', 'an etcd member needs at least one client URL');
  }

  get name(): string {
    return this.opts.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get logFile(): string {
    return this.opts.logFile ?? join(this.opts.dataDir, 'etcd.log');
  }

  /** The client URL to reach the member from this host (a loopback one when there is one). */
  get localClientUrl(): string {
    const urls = this.opts.clientUrls;
    const url = urls.find((u) => new URL(u).hostname === '127.0.0.1') ?? (urls[0] as string);
    const u = new URL(url);
    if (u.hostname === '0.0.0.0') u.hostname = '127.0.0.1';
    return u.origin;
  }

  /** Starts the member and resolves once it answers /health. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') throw new OrcError('ORC_USAGE', `etcd member ${this.opts.name} is already started`);
    this.state = 'starting';
    mkdirSync(this.opts.dataDir, { recursive: true, mode: 0o700 });
    this.spawnOnce(true);
    const deadline = this.clock.now() + (this.opts.startTimeoutMs ?? 60_000);
    const child = this.child;
    let exitedEarly = false;
    void this.exited.then(() => (exitedEarly = true));
    while (!exitedEarly && this.child === child && this.state === 'starting') {
      if (await this.healthy()) {
        this.state = 'running';
        return;
      }
      if (this.clock.now() >= deadline) break;
      await this.clock.sleep(200);
    }
    if (this.state !== 'starting') throw new OrcError('ORC_UNAVAILABLE', `etcd member ${this.opts.name} was stopped while starting`);
    const why = exitedEarly ? 'exited while starting' : 'did not become healthy in time';
    await this.stop();
    throw new OrcError('ORC_UNAVAILABLE', `etcd member ${this.opts.name} ${why}; its log ends with:\n${this.logTail()}`);
  }

  /** Whether the member answers /health with true (it has a leader and serves reads). */
  async healthy(timeoutMs = 2000): Promise<boolean> {
    const url = new URL('/health', this.localClientUrl);
    const tls = this.opts.tls;
    return await new Promise<boolean>((resolve) => {
      const onResponse = (res: IncomingMessage): void => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          try {
            resolve(res.statusCode === 200 && (JSON.parse(body) as { health?: unknown }).health === 'true');
          } catch {
            resolve(false);
          }
        });
        res.on('error', () => resolve(false));
      };
      const req =
        url.protocol === 'https:' && tls !== undefined
          ? httpsRequest(url, { ca: readFileSync(tls.caFile), cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), servername: '', timeout: timeoutMs }, onResponse)
          : httpRequest(url, { timeout: timeoutMs }, onResponse);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(false));
      req.end();
    });
  }

  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is reaped. */
  async stop(): Promise<void> {
    this.state = 'stopping';
    this.restartAbort?.abort();
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      await this.exited;
      this.state = 'stopped';
      return;
    }
    child.kill('SIGTERM');
    const grace = new AbortController();
    const graceful = await Promise.race([
      this.exited.then(() => true),
      this.clock.sleep(STOP_GRACE_MS, grace.signal).then(() => false, () => true),
    ]);
    grace.abort();
    if (!graceful) child.kill('SIGKILL');
    await this.exited;
    this.state = 'stopped';
  }

  private spawnOnce(first: boolean): void {
    const args = etcdArgs(this.opts, first);
    const [command, argv] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', '--', this.binary, ...args]] : [this.binary, args];
    const log = openSync(this.logFile, 'a', 0o600);
    let child: ChildProcess;
    try {
      child = spawn(command, argv, { stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    this.child = child;
    track(child);
    const startedAt = this.clock.now();
    this.exited = new Promise<void>((resolve) => {
      child.once('error', () => resolve());
      child.once('exit', (code, signal) => {
        resolve();
        if (this.child !== child) return;
        const restarting = this.state === 'running';
        this.opts.onExit?.({ code, signal, restarting });
        if (restarting) void this.restartAfter(startedAt);
      });
    });
  }

  private async restartAfter(startedAt: number): Promise<void> {
    if (this.clock.now() - startedAt >= STABLE_MS) this.restartDelay = RESTART_MIN_MS;
    const delay = this.restartDelay;
    this.restartDelay = Math.min(this.restartDelay * 2, RESTART_MAX_MS);
    const abort = (this.restartAbort = new AbortController());
    try {
      await this.clock.sleep(delay, abort.signal);
    } catch {
      return; // stopped meanwhile
    }
    if (this.state !== 'running') return;
    this.restarts++;
    this.spawnOnce(false);
  }

  private logTail(lines = 15): string {
    try {
      if (statSync(this.logFile).size === 0) return '(empty)';
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
