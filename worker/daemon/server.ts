/**
 * The daemon process: opens the Engine on the data root, serves it over gRPC
 * on a unix socket (mode 0660; a stale socket is replaced, a live one is
 * refused), and shuts down on SIGTERM/SIGINT leaving containers running —
 * their shims own them and the next daemon re-adopts them.
 */
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { answers } from '../../common/socket.js';
import { OrcError } from '../../common/errors.js';
import type { ProtoGrpcType } from '../../proto/generated/engine.js';
import { enginePackageDefinition } from '../../proto/service-definition.js';
import { Engine } from '../engine/index.js';
import type { Networks } from '../network/index.js';
import { openNetworkServices, stackReconciler } from './host-services.js';
import { engineHandlers } from './service.js';

export interface DaemonOptions {
  dataRoot: string;
  socket: string;
  nodeName?: string;
  /** orc (default), runc, crun or a path. */
  runtime?: string;
  cgroupParent?: string;
  /** The host's resolver file: the embedded DNS server's upstreams and the base of containers' resolv.conf (default /etc/resolv.conf). */
  resolvConf?: string;
  version: string;
  log?: (line: string) => void;
  /** What runs beside the engine in the same daemon (the cluster node): started before the socket serves, closed before the engine. */
  plugins?: DaemonPlugin[];
}

export interface DaemonContext {
  engine: Engine;
  networks: Networks;
  /** The unix-socket server: a plugin may add its services to it. */
  server: grpc.Server;
  dataRoot: string;
  nodeName: string;
  version: string;
  log: (line: string) => void;
}

/** Started with the daemon; its services on `ctx.server` are served with the engine's. */
export type DaemonPlugin = (ctx: DaemonContext) => Promise<{ close(): Promise<void> }>;

export interface Daemon {
  readonly socket: string;
  /** Stops serving (open calls are cancelled) and closes the Engine; containers keep running. */
  close(): Promise<void>;
}

async function claimSocket(socket: string): Promise<void> {
  let st;
  try {
    st = lstatSync(socket);
  } catch {
    mkdirSync(dirname(socket), { recursive: true, mode: 0o755 });
    return;
  }
  if (!st.isSocket()) throw new OrcError('ORC_CONFLICT', `${socket} exists and is not a socket: remove it or choose another --socket`);
  if (await answers(socket)) throw new OrcError('ORC_CONFLICT', `another orc daemon is already listening on ${socket}`);
  unlinkSync(socket); // stale: its daemon died without removing it
}

export function loadEngineService(): ProtoGrpcType['orc']['engine']['v1']['Engine'] {
  return (grpc.loadPackageDefinition(enginePackageDefinition()) as unknown as ProtoGrpcType).orc.engine.v1.Engine;
}

export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  if (!isAbsolute(opts.socket)) throw new OrcError('ORC_USAGE', `--socket must be an absolute path, not "${opts.socket}"`);
  await claimSocket(opts.socket);
  const net = await openNetworkServices(opts.dataRoot, opts.resolvConf ?? '/etc/resolv.conf', /\bnetwork\b/.test(process.env['ORC_TRACE'] ?? '') ? log : undefined);
  let engine: Engine;
  try {
    engine = await Engine.open({
      dataRoot: opts.dataRoot,
      networking: net.networking,
      ...(opts.runtime !== undefined ? { runtime: opts.runtime } : {}),
      ...(opts.cgroupParent !== undefined ? { cgroupParent: opts.cgroupParent } : {}),
    });
  } catch (e) {
    await net.close();
    throw e;
  }
  const { networks } = net;
  const stacks = stackReconciler(engine, networks, engine.volumes);
  const shutdown = new AbortController();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 << 20 });
  server.addService(loadEngineService().service, engineHandlers({
    engine, volumes: engine.volumes, networks, stacks, version: opts.version, nodeName: opts.nodeName ?? hostname(), shutdown: shutdown.signal,
  }));
  const plugins: { close(): Promise<void> }[] = [];
  const closePlugins = async (): Promise<void> => {
    for (const p of plugins.splice(0).reverse()) await p.close().catch((e: unknown) => log(`orc daemon: ${(e as Error).message}`));
  };
  try {
    for (const plugin of opts.plugins ?? []) {
      plugins.push(await plugin({ engine, networks, server, dataRoot: opts.dataRoot, nodeName: opts.nodeName ?? hostname(), version: opts.version, log }));
    }
    await new Promise<void>((resolve, reject) => {
      server.bindAsync(`unix:${opts.socket}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve()));
    });
    chmodSync(opts.socket, 0o660);
  } catch (e) {
    await closePlugins();
    engine.close();
    await net.close();
    server.forceShutdown();
    if (e instanceof OrcError) throw e;
    throw new OrcError('ORC_IO', `cannot listen on ${opts.socket}: ${(e as Error).message}`, { cause: e });
  }
  const running = engine.list().length;
  log(`orc daemon ${opts.version} (pid ${process.pid}) serving unix://${opts.socket}, data root ${opts.dataRoot}, ${running} running container${running === 1 ? '' : 's'} adopted`);
  let closing: Promise<void> | undefined;
  return {
    socket: opts.socket,
    close() {
      closing ??= (async () => {
        shutdown.abort(); // followers of logs would hold a graceful shutdown open
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            server.forceShutdown();
            resolve();
          }, 2000);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
        await closePlugins();
        engine.close();
        await net.close(); // the kernel state stays: containers keep their network
        try {
          unlinkSync(opts.socket);
        } catch {
          // already gone
        }
        log('orc daemon stopped; containers keep running');
      })();
      return closing;
    },
  };
}

/** Runs until SIGTERM or SIGINT. */
export async function runDaemon(opts: DaemonOptions): Promise<void> {
  const daemon = await startDaemon(opts);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void daemon.close().then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
