/**
 * HTTP(S) to registries: HTTPS unless the host is loopback or listed as
 * insecure, keep-alive agents owned by one client (closed with it), an idle
 * timeout on every socket, and no automatic redirects (the client decides
 * what a redirect may carry).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { OrcError } from '../../common/errors.js';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
  url: URL;
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** `docker.io` is served by `registry-1.docker.io`. */
export const DOCKER_HUB_HOST = 'registry-1.docker.io';

/** Host without port or brackets: `localhost`, `127.0.0.1`, `::1`. */
export function hostName(hostPort: string): string {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return hostPort.slice(1, end < 0 ? undefined : end);
  }
  const colon = hostPort.lastIndexOf(':');
  return colon < 0 ? hostPort : hostPort.slice(0, colon);
}

export function isLoopback(hostPort: string): boolean {
  const h = hostName(hostPort).toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Plain HTTP is allowed for loopback hosts and for hosts (with or without port) in `insecure`. */
export function allowsPlainHttp(hostPort: string, insecure: readonly string[]): boolean {
  return isLoopback(hostPort) || insecure.includes(hostPort) || insecure.includes(hostName(hostPort));
}

/** The base URL of a registry's API: `https://registry-1.docker.io`, `http://127.0.0.1:5000`. */
export function registryBase(registry: string, insecure: readonly string[]): URL {
  const host = registry === 'docker.io' ? DOCKER_HUB_HOST : registry;
  return new URL(`${allowsPlainHttp(host, insecure) ? 'http' : 'https'}://${host}`);
}

export class Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    readonly timeoutMs: number,
    readonly insecure: readonly string[],
  ) {}

  /** Refuses `http:` to hosts that must be reached over TLS. */
  checkScheme(url: URL, what: string): void {
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && allowsPlainHttp(url.host, this.insecure)) return;
    throw new OrcError('ORC_REGISTRY', `refusing ${what} over ${url.protocol.replace(':', '')} to ${url.host}: only loopback hosts and insecure registries may use plain HTTP`);
  }

  /** One request, no redirects followed. The body must be consumed or destroyed. */
  request(url: URL, init: RequestInit = {}): Promise<HttpResponse> {
    this.checkScheme(url, 'a request');
    const mod = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = mod.request(url, {
        method: init.method ?? 'GET',
        headers: { 'user-agent': 'orc', ...init.headers },
        agent,
        ...(init.signal !== undefined ? { signal: init.signal } : {}),
      });
      let response: http.IncomingMessage | undefined;
      req.setTimeout(this.timeoutMs, () => {
        const err = new OrcError('ORC_REGISTRY', `${url.host}: no data for ${this.timeoutMs} ms (${init.method ?? 'GET'} ${url.pathname})`);
        if (response !== undefined) response.destroy(err);
        req.destroy(err);
      });
      req.on('error', (e) => reject(e instanceof OrcError || init.signal?.aborted === true ? e : new OrcError('ORC_REGISTRY', `${url.host}: ${e.message} (${init.method ?? 'GET'} ${url.pathname})`, { cause: e })));
      req.on('response', (res) => {
        response = res;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res, url });
      });
      req.end();
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** Reads a small body (error documents, tokens, manifests) with a size cap. */
export async function readBody(res: HttpResponse, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body) {
    const b = c as Buffer;
    n += b.length;
    if (n > limit) {
      res.body.destroy();
      throw new OrcError('ORC_REGISTRY', `${res.url.host}: response to ${res.url.pathname} is larger than ${limit} bytes`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Discards a body we do not need (so the socket can be reused). */
export async function drain(res: HttpResponse): Promise<void> {
  try {
    await readBody(res, 1 << 20);
  } catch {
    res.body.destroy();
  }
}

export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}
