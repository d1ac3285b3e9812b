/**
 * Host ports of published container ports. Each one is HELD by the daemon
 * for as long as it is published: a listening TCP socket or a bound UDP
 * socket that is never read (as docker-proxy holds it), so other programs and
 * other orc data roots see the port taken. The traffic itself never reaches
 * these sockets: nftables rewrites it to the container first.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { OrcError } from '../../common/errors.js';
import { parseIp } from './ipam.js';
import type { PortBinding, PortRequest } from './types.js';

export interface HeldPort {
  binding: PortBinding;
  close(): void;
}

/** The host ports to try for a request: one port, a range in order, or [0] (the kernel picks). */
export function candidatePorts(r: PortRequest): { ports: number[]; text: string } {
  const spec = (r.hostPort ?? '').trim();
  if (spec === '' || spec === '0') return { ports: [0], text: '0' };
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  const lo = Number(m?.[1]);
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (m === null || !(lo >= 1 && hi <= 65535 && lo <= hi)) throw new OrcError('ORC_USAGE', `invalid host port "${spec}": expected a port (1-65535) or a range such as 8000-8010`);
  const ports: number[] = [];
  for (let p = lo; p <= hi; p++) ports.push(p);
  return { ports, text: spec };
}

function bindOnce(protocol: 'tcp' | 'udp', host: string, port: number): Promise<{ port: number; close(): void }> {
  return new Promise((resolve, reject) => {
    if (protocol === 'tcp') {
      const server: Server = createServer();
      server.once('error', reject);
      server.listen({ host, port, exclusive: true, backlog: 1 }, () => {
        server.removeListener('error', reject);
        server.on('error', () => undefined);
        server.unref();
        const a = server.address();
        resolve({ port: typeof a === 'object' && a !== null ? a.port : port, close: () => server.close() });
      });
    } else {
      const sock: UdpSocket = createSocket({ type: 'udp4' });
      sock.once('error', reject);
      sock.bind({ address: host, port, exclusive: true }, () => {
        sock.removeListener('error', reject);
        sock.on('error', () => undefined);
        sock.unref();
        resolve({ port: sock.address().port, close: () => sock.close() });
      });
    }
  });
}

/** Whether `host:port/protocol` can be bound now (the socket is released at once). */
export async function portFree(protocol: 'tcp' | 'udp', host: string, port: number): Promise<boolean> {
  try {
    (await bindOnce(protocol, host, port)).close();
    return true;
  } catch {
    return false;
  }
}

/** Binds and holds one requested port; ORC_CONFLICT with Docker's text when it is taken. */
export async function holdPort(r: PortRequest): Promise<HeldPort> {
  if (!(Number.isInteger(r.containerPort) && r.containerPort >= 1 && r.containerPort <= 65535)) {
    throw new OrcError('ORC_USAGE', `invalid container port ${r.containerPort}: expected 1-65535`);
  }
  if (r.protocol !== 'tcp' && r.protocol !== 'udp') throw new OrcError('ORC_USAGE', `invalid protocol ${String(r.protocol)}: expected tcp or udp`);
  const hostIp = r.hostIp === undefined || r.hostIp === '' ? '0.0.0.0' : r.hostIp;
  if (parseIp(hostIp) === undefined) throw new OrcError('ORC_USAGE', `invalid host IP ${hostIp} for port ${r.containerPort}/${r.protocol}: expected an IPv4 address (IPv6 is not supported)`);
  const { ports, text } = candidatePorts(r);
  let last: unknown;
  for (const p of ports) {
    try {
      const held = await bindOnce(r.protocol, hostIp, p);
      return { binding: { containerPort: r.containerPort, protocol: r.protocol, hostIp, hostPort: held.port }, close: held.close };
    } catch (e) {
      last = e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL') {
        throw new OrcError('ORC_USAGE', `cannot publish ${hostIp}:${text}/${r.protocol}: ${hostIp} is not an address of this host`, { cause: e });
      }
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw new OrcError('ORC_IO', `cannot bind ${hostIp}:${p}/${r.protocol}: ${(e as Error).message}`, { cause: e });
    }
  }
  throw new OrcError('ORC_CONFLICT', `Bind for ${hostIp}:${text} failed: port is already allocated`, { cause: last });
}

/** Holds every port of `requests`, or none: the ones already bound are released when one fails. */
export async function holdPorts(requests: readonly PortRequest[]): Promise<HeldPort[]> {
  const held: HeldPort[] = [];
  try {
    for (const r of requests) held.push(await holdPort(r));
    return held;
  } catch (e) {
    for (const h of held) h.close();
    throw e;
  }
}

/** Holds exactly `binding` again (after a daemon restart); false when something else took it meanwhile. */
export async function rehold(binding: PortBinding): Promise<HeldPort | undefined> {
  try {
    const held = await bindOnce(binding.protocol, binding.hostIp, binding.hostPort);
    return { binding, close: held.close };
  } catch {
    return undefined;
  }
}
