/**
 * Real etcd members for tests, on 127.0.0.1 with free random ports, in temp
 * folders, optionally with TLS from a throwaway CA made with the openssl CLI.
 * Whoever starts one registers its cleanup (t.after / after) at once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';
import { connectEtcd, EtcdMember, type EtcdMemberOptions, type EtcdTlsFiles } from '../../manager/etcd/index.js';
import type { EtcdClientTls } from '../../manager/etcd/client.js';

export function tempDir(what: string): string {
  return mkdtempSync(join('/tmp', `orc-etcd-${what}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const taken = new Set<number>();

/** A port in 20000–60000 nobody listens on (and this process has not handed out). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
}

export interface TestCerts extends EtcdTlsFiles {
  client: EtcdClientTls;
}

/** One CA and one certificate for 127.0.0.1 (server and client use), in `dir`. */
export function makeCerts(dir: string): TestCerts {
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=orc test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', ...ec, '-keyout', 'node.key', '-out', 'node.csr', '-subj', '/CN=orc test node');
  writeFileSync(join(dir, 'node.ext'), [
    'subjectAltName=IP:127.0.0.1',
    'extendedKeyUsage=serverAuth,clientAuth',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'basicConstraints=CA:FALSE',
    '',
  ].join('\n'));
  run('x509', '-req', '-in', 'node.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'node.crt', '-days', '2', '-extfile', 'node.ext');
  const files = { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'node.crt'), keyFile: join(dir, 'node.key') };
  return {
    ...files,
    client: { caCertPem: readFileSync(files.caFile, 'utf8'), certPem: readFileSync(files.certFile, 'utf8'), keyPem: readFileSync(files.keyFile, 'utf8') },
  };
}

export interface MemberPorts {
  name: string;
  peerUrl: string;
  clientUrl: string;
}

export async function memberPorts(name: string, tls: boolean): Promise<MemberPorts> {
  const scheme = tls ? 'https' : 'http';
  return { name, peerUrl: `${scheme}://127.0.0.1:${await freePort()}`, clientUrl: `${scheme}://127.0.0.1:${await freePort()}` };
}

export function memberOptions(root: string, p: MemberPorts, rest: Pick<EtcdMemberOptions, 'initialCluster' | 'state'> & Partial<EtcdMemberOptions>): EtcdMemberOptions {
  return { dataDir: join(root, p.name), name: p.name, peerUrl: p.peerUrl, clientUrls: [p.clientUrl], ...rest };
}

export interface SingleEtcd {
  member: EtcdMember;
  client: Etcd3;
  url: string;
  dir: string;
  /** Stops the member, closes the client, removes the folder; safe to call twice. */
  stop(): Promise<void>;
}

/** One plain-http member, a new cluster of its own. */
export async function startSingleEtcd(): Promise<SingleEtcd> {
  const dir = tempDir('single');
  const p = await memberPorts('m1', false);
  const member = new EtcdMember(memberOptions(dir, p, { initialCluster: `m1=${p.peerUrl}`, state: 'new', clusterToken: `orc-test-${p.peerUrl}` }));
  let client: Etcd3 | undefined;
  const stop = async (): Promise<void> => {
    client?.close();
    await member.stop();
    removeDir(dir);
  };
  try {
    await member.start();
    client = connectEtcd({ endpoints: [p.clientUrl] });
  } catch (e) {
    await stop();
    throw e;
  }
  return { member, client, url: p.clientUrl, dir, stop };
}

/** Whether a process with this pid runs (a zombie counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000, every = 100): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export interface TcpProxy {
  url: string;
  /** Stops forwarding in both directions and keeps the connections open: a partition, not a reset. */
  blackhole(): void;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 to a local port, to cut one client off from etcd. */
export async function startProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let holed = false;
  const server = createServer((inbound) => {
    if (holed) {
      sockets.add(inbound);
      return;
    }
    const outbound = connect(Number(target.port), target.hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    inbound.on('data', (d) => holed || outbound.write(d));
    outbound.on('data', (d) => holed || inbound.write(d));
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `${target.protocol}//127.0.0.1:${port}`,
    blackhole: () => {
      holed = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
