/**
 * The network tests' tools: echo servers and clients run inside a
 * container's namespace file (`nsenter --net=FILE node …`), pings with
 * busybox, and leftover checks for links, mounts and nftables tables. Every
 * child started here is killed by `killAll`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

const children = new Set<ChildProcess>();

/** TCP and UDP on `port`: each request gets `echo <source address> <data>` back. */
const ECHO_SERVER = `
const net = require('node:net'); const dgram = require('node:dgram');
const port = Number(process.argv[1]);
const t = net.createServer((s) => s.once('data', (d) => s.end('echo ' + s.remoteAddress + ' ' + d)));
const u = dgram.createSocket('udp4');
u.on('message', (m, r) => u.send('echo ' + r.address + ' ' + m, r.port, r.address));
let n = 0; const ready = () => { if (++n === 2) process.stdout.write('ready\\n'); };
t.listen(port, process.argv[2], ready); u.bind(port, process.argv[2], ready);
`;

const CLIENT = `
const [proto, host, port, data] = process.argv.slice(1);
const done = (s) => { process.stdout.write(s); process.exit(0); };
setTimeout(() => done('ERR timeout'), 2000);
if (proto === 'tcp') {
  const s = require('node:net').connect(Number(port), host, () => s.write(data));
  let out = ''; s.on('data', (d) => (out += d)); s.on('end', () => done(out)); s.on('error', (e) => done('ERR ' + e.code));
} else {
  const u = require('node:dgram').createSocket('udp4');
  u.on('message', (m) => done(String(m))); u.on('error', (e) => done('ERR ' + e.code));
  u.send(data, Number(port), host);
}
`;

/** An echo server listening on `bind`:`port` (tcp and udp) inside `netns` (the host's namespace when undefined). */
export async function startEcho(netns: string | undefined, port: number, bind = '0.0.0.0'): Promise<ChildProcess> {
  const args = ['-e', ECHO_SERVER, String(port), bind];
  const child = netns !== undefined ? spawn('nsenter', [`--net=${netns}`, process.execPath, ...args]) : spawn(process.execPath, args);
  children.add(child);
  child.on('exit', () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`echo server exited (${code}): ${err}`)));
  });
  return child;
}

/** One request from inside `netns`: the reply, or `ERR <code>`. */
export function requestFrom(netns: string, proto: 'tcp' | 'udp', host: string, port: number, data = 'hi'): string {
  const r = spawnSync('nsenter', [`--net=${netns}`, process.execPath, '-e', CLIENT, proto, host, String(port), data], { encoding: 'utf8', timeout: 10_000 });
  return r.stdout || `ERR ${r.stderr}`;
}

/** One request from the host's namespace (this process): the reply, or `ERR <code>`. */
export function request(proto: 'tcp' | 'udp', host: string, port: number, data = 'hi'): Promise<string> {
  return new Promise((resolve) => {
    let close = (): void => undefined;
    let done = false;
    const finish = (s: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      close();
      resolve(s);
    };
    const timer = setTimeout(() => finish('ERR timeout'), 2000);
    const failed = (e: NodeJS.ErrnoException): void => finish(`ERR ${e.code ?? e.message}`);
    if (proto === 'tcp') {
      const s = connect(port, host, () => s.write(data));
      close = () => s.destroy();
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('end', () => finish(out));
      s.on('error', failed);
    } else {
      const u = createSocket('udp4');
      close = () => u.close();
      u.on('message', (m) => finish(m.toString()));
      u.on('error', failed);
      u.send(data, port, host);
    }
  });
}

export function ping(netns: string, ip: string): boolean {
  return spawnSync('nsenter', [`--net=${netns}`, '/bin/busybox', 'ping', '-c1', '-W1', ip], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

/** `ip …` inside `netns`, stdout. */
export function ipIn(netns: string, ...args: string[]): string {
  return spawnSync('nsenter', [`--net=${netns}`, 'ip', ...args], { encoding: 'utf8' }).stdout;
}

export function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

export function mtuOf(name: string): number {
  return Number(readFileSync(`/sys/class/net/${name}/mtu`, 'utf8'));
}

export function nftTableExists(table: string): boolean {
  return spawnSync('nft', ['list', 'table', 'ip', table], { stdio: 'ignore' }).status === 0;
}

export function nftTable(table: string): string {
  return spawnSync('nft', ['list', 'table', 'ip', table], { encoding: 'utf8' }).stdout;
}

export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
}
