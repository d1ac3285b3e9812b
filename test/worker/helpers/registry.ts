/**
 * A real registry for the pull tests: Debian's `docker-registry` on
 * 127.0.0.1, images pushed with `skopeo`, and a small proxy in front that can
 * demand a token (Bearer, with its own token endpoint) or Basic auth, tamper
 * with a blob, and redirect blob GETs to a second "storage" server.
 */
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { sha, type TestImage, type TestLayer } from './image.js';

const run = promisify(execFile);

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface RunningRegistry {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * An htpasswd line (bcrypt, which is all docker-registry accepts) made with
 * the system's crypt(3) through python3, as apache2-utils may be missing.
 */
export function htpasswdLine(user: string, password: string): string {
  const script = 'import crypt,sys; print(sys.argv[1] + ":" + crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))';
  return execFileSync('python3', ['-W', 'ignore', '-c', script, user, password], { encoding: 'utf8' }).trim();
}

/**
 * `docker-registry serve` with filesystem storage in `dir`; resolves once /v2/ answers
 * (200, or 401 when `htpasswd` lines make it demand Basic auth).
 */
export async function startRegistry(dir: string, opts: { htpasswd?: string[] } = {}): Promise<RunningRegistry> {
  const port = await freePort();
  const cfg = join(dir, 'config.yml');
  const auth: string[] = [];
  if (opts.htpasswd !== undefined) {
    const file = join(dir, 'htpasswd');
    writeFileSync(file, `${opts.htpasswd.join('\n')}\n`);
    auth.push('auth:', '  htpasswd:', '    realm: orc-test', `    path: ${file}`);
  }
  writeFileSync(
    cfg,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ...auth,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/v2/`);
      if (res.status === 200 || (opts.htpasswd !== undefined && res.status === 401)) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, url, stop };
}

/**
 * `skopeo copy docker-archive:<file> docker://127.0.0.1:<port>/<repo>:<tag>`
 * (Docker schema2, or OCI with `oci`; `zstd` recompresses the layers as OCI
 * `tar+zstd`).
 */
export async function skopeoPush(archive: string, dest: string, opts: { oci?: boolean; zstd?: boolean; creds?: string } = {}): Promise<void> {
  const args = ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false'];
  if (opts.creds !== undefined) args.push('--dest-creds', opts.creds);
  if (opts.oci === true || opts.zstd === true) args.push('--format', 'oci');
  if (opts.zstd === true) args.push('--dest-compress-format', 'zstd');
  args.push(`docker-archive:${archive}`, `docker://${dest}`);
  await run('skopeo', args);
}

/** The manifest digest, media type and size the registry serves for `repo:ref`. */
export async function manifestInfo(registryUrl: string, repo: string, ref: string): Promise<{ digest: string; mediaType: string; size: number }> {
  const res = await fetch(`${registryUrl}/v2/${repo}/manifests/${ref}`, {
    headers: {
      accept: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.oci.image.index.v1+json',
      ].join(', '),
    },
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`manifest ${repo}:${ref}: ${res.status} ${body.toString()}`);
  return { digest: sha(body), mediaType: (res.headers.get('content-type') ?? '').split(';')[0] ?? '', size: body.length };
}

/** PUTs a manifest list / OCI index under `repo:tag`; returns its digest. */
export async function putIndex(
  registryUrl: string,
  repo: string,
  tag: string,
  mediaType: string,
  entries: Array<{ digest: string; mediaType: string; size: number; platform: { os: string; architecture: string; variant?: string } }>,
): Promise<string> {
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests: entries }));
  const res = await fetch(`${registryUrl}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': mediaType }, body });
  if (res.status !== 201) throw new Error(`PUT index ${repo}:${tag}: ${res.status} ${await res.text()}`);
  return sha(body);
}

/** A TestImage with a chosen architecture (helpers/image.ts's `image` is amd64). */
export function archImage(layers: TestLayer[], tags: string[], architecture: string, variant?: string): TestImage {
  const cfg = Buffer.from(
    JSON.stringify({
      architecture,
      ...(variant !== undefined ? { variant } : {}),
      os: 'linux',
      created: '2024-01-01T00:00:00Z',
      config: { Labels: { arch: architecture } },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    }),
  );
  return { layers, config: cfg, configDigest: sha(cfg), tags };
}

export interface ProxyMode {
  /** 'bearer': token flow with these credentials; 'basic': Basic auth; undefined: open. */
  auth?: 'bearer' | 'basic';
  user?: string;
  password?: string;
  /** Flip one byte of this blob on its way through. */
  tamper?: string;
  /** Answer blob GETs with 307 to the storage server. */
  redirectBlobs?: boolean;
  /** Accept requests and never answer them. */
  stall?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface TestProxy {
  port: number;
  url: string;
  mode: ProxyMode;
  /** Requests that reached the proxy (token endpoint included). */
  log: LoggedRequest[];
  /** Requests that reached the storage server. */
  storageLog: LoggedRequest[];
  stop(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
}

/** Forwards `req` to the registry (without its Authorization), optionally flipping a byte of the body. */
function forward(registryPort: number, path: string, req: IncomingMessage, res: ServerResponse, tamper: boolean): void {
  const headers = { ...req.headers };
  delete headers['authorization'];
  delete headers['host'];
  const up = request({ host: '127.0.0.1', port: registryPort, path, method: req.method ?? 'GET', headers }, (ur) => {
    res.writeHead(ur.statusCode ?? 502, ur.headers);
    let first = true;
    ur.on('data', (c: Buffer) => {
      if (tamper && first && c.length > 0) {
        first = false;
        const b = Buffer.from(c);
        b[b.length - 1] = (b[b.length - 1] ?? 0) ^ 0xff;
        res.write(b);
        return;
      }
      res.write(c);
    });
    ur.on('end', () => res.end());
    ur.on('error', () => res.destroy());
  });
  up.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(up);
}

export async function startProxy(registryPort: number): Promise<TestProxy> {
  const tokens = new Set<string>();
  const log: LoggedRequest[] = [];
  const storageLog: LoggedRequest[] = [];
  const storage = await listen((req, res) => {
    storageLog.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    const m = /^\/storage\/(.+)\/(sha256:[a-f0-9]{64})$/.exec(req.url ?? '');
    if (m === null) {
      res.writeHead(404);
      res.end();
      return;
    }
    forward(registryPort, `/v2/${m[1] ?? ''}/blobs/${m[2] ?? ''}`, req, res, false);
  });
  const proxy: TestProxy = {
    port: 0,
    url: '',
    mode: {},
    log,
    storageLog,
    stop: async () => {
      await close(front.server);
      await close(storage.server);
    },
  };
  const front = await listen((req, res) => {
    const path = req.url ?? '/';
    log.push({ method: req.method ?? '', path, authorization: req.headers.authorization });
    const mode = proxy.mode;
    if (mode.stall === true) return;
    const basicOk = (): boolean =>
      req.headers.authorization === `Basic ${Buffer.from(`${mode.user ?? ''}:${mode.password ?? ''}`).toString('base64')}`;
    if (path.startsWith('/token')) {
      if (!basicOk()) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
        return;
      }
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    if (mode.auth === 'bearer') {
      const t = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (t === undefined || !tokens.has(t)) {
        const repo = /^\/v2\/(.+)\/(?:manifests|blobs)\//.exec(path)?.[1];
        const scope = repo !== undefined ? `,scope="repository:${repo}:pull"` : '';
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${proxy.url}/token",service="orc-test"${scope}`, 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        return;
      }
    } else if (mode.auth === 'basic' && !basicOk()) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="orc-test"' });
      res.end();
      return;
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(path);
    if (blob !== null && mode.redirectBlobs === true && req.method === 'GET') {
      res.writeHead(307, { location: `http://127.0.0.1:${storage.port}/storage/${blob[1] ?? ''}/${blob[2] ?? ''}` });
      res.end();
      return;
    }
    forward(registryPort, path, req, res, blob !== null && blob[2] === mode.tamper);
  });
  proxy.port = front.port;
  proxy.url = `http://127.0.0.1:${front.port}`;
  return proxy;
}
