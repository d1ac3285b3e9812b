/**
 * A fake engine daemon for CLI tests: a grpc-js server with the real Engine
 * service definition on a temporary unix socket, answering only the rpcs a
 * test gives, recording every request; plus the `orc` program run against it
 * as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { enginePackageDefinition } from '../../proto/service-definition.js';
import { repoRoot } from '../helpers/paths.js';

/** A grpc-js handler; each test types its call (unary: call + callback; streams: the call). */
export type Handler = (call: never, callback: never) => void;

export interface FakeEngine {
  socket: string;
  host: string;
  /** rpc name → the requests it received, in order. */
  requests: Map<string, unknown[]>;
  seen(rpc: string): unknown[];
  close(): Promise<void>;
}

export async function fakeEngine(handlers: Record<string, Handler>): Promise<FakeEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-fake-engine-'));
  const socket = join(dir, 'engine.sock');
  const requests = new Map<string, unknown[]>();
  const record = (rpc: string, req: unknown): void => {
    const list = requests.get(rpc) ?? [];
    list.push(req);
    requests.set(rpc, list);
  };
  const impl: Record<string, Handler> = {};
  for (const [rpc, h] of Object.entries(handlers)) {
    impl[rpc] = (call: { request?: unknown; on?: (ev: string, f: (m: unknown) => void) => void }, callback?: unknown) => {
      if (call.request !== undefined) record(rpc, call.request);
      else call.on?.('data', (m: unknown) => record(rpc, m));
      (h as (c: unknown, cb: unknown) => void)(call, callback);
    };
  }
  const def = enginePackageDefinition()['orc.engine.v1.Engine'];
  if (def === undefined) throw new Error('no Engine service in the package definition');
  const server = new grpc.Server();
  server.addService(def, impl as unknown as grpc.UntypedServiceImplementation);
  await new Promise<void>((resolve, reject) => server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
  return {
    socket,
    host: `unix://${socket}`,
    requests,
    seen: (rpc) => requests.get(rpc) ?? [],
    close: async () => {
      server.forceShutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout (or stderr) contains `text`. */
  waitFor(text: string, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<void>;
  done: Promise<Ran>;
}

/** `orc -H <host> ...args` in `cwd`, with a private HOME and ORC_CONFIG. */
export function startOrc(host: string, args: string[], o: { cwd: string; env?: Record<string, string> }): Running {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'orc.js'), '-H', host, ...args], {
    cwd: o.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: o.cwd, ORC_CONFIG: join(o.cwd, '.orc-config'), ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of waiters) w();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const done = new Promise<Ran>((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    resolve({ code, stdout: out, stderr: err });
  }));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (text, stream = 'stdout', timeoutMs = 10_000) => new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if ((stream === 'stdout' ? out : err).includes(text)) resolve();
      };
      waiters.push(check);
      check();
      setTimeout(() => reject(new Error(`"${text}" never appeared on ${stream}: stdout=${out} stderr=${err}`)), timeoutMs).unref();
    }),
    done,
  };
}

export function runOrc(host: string, args: string[], o: { cwd: string; env?: Record<string, string> }): Promise<Ran> {
  return startOrc(host, args, o).done;
}
