/**
 * One registry's API v2, with the auth flow: a 401 carrying a Bearer
 * challenge sends us to the realm for a token (anonymous, or Basic with the
 * stored credentials), a Basic challenge to Basic auth; the request is then
 * retried once. Redirects are followed by hand, and `Authorization` never
 * leaves the registry's origin (blob GETs are often redirected to storage).
 */
import { OrcError } from '../../common/errors.js';
import type { Credentials } from './credentials.js';
import { drain, header, readBody, registryBase, Transport, type HttpResponse } from './transport.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `WWW-Authenticate` (one or several challenges, quoted or bare parameters). */
export function parseChallenges(h: string): Challenge[] {
  const out: Challenge[] = [];
  const re = /\s*,?\s*([A-Za-z][A-Za-z0-9_.-]*)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*))?/y;
  let cur: Challenge | undefined;
  while (re.lastIndex < h.length) {
    const m = re.exec(h);
    if (m === null) break;
    const name = m[1] as string;
    const value = m[2];
    if (value === undefined) {
      cur = { scheme: name.toLowerCase(), params: {} };
      out.push(cur);
    } else if (cur !== undefined) {
      cur.params[name.toLowerCase()] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
    }
  }
  return out;
}

const MAX_REDIRECTS = 5;
const MAX_SMALL_BODY = 4 << 20;

export interface ClientOptions {
  registry: string;
  /** `library/busybox`; gives the token scope `repository:<path>:pull`. */
  repository?: string;
  credentials?: Credentials;
  insecureRegistries?: readonly string[];
  timeoutMs?: number;
}

export class RegistryClient {
  readonly registry: string;
  readonly base: URL;
  private readonly transport: Transport;
  private readonly repository: string | undefined;
  private readonly credentials: Credentials | undefined;
  private authorization: string | undefined;
  /** A pending token fetch shared by concurrent requests that hit the same 401. */
  private authenticating: Promise<void> | undefined;

  constructor(opts: ClientOptions) {
    this.registry = opts.registry;
    this.repository = opts.repository;
    this.credentials = opts.credentials;
    this.transport = new Transport(opts.timeoutMs ?? 30_000, opts.insecureRegistries ?? []);
    this.base = registryBase(opts.registry, opts.insecureRegistries ?? []);
  }

  close(): void {
    this.transport.close();
  }

  private where(): string {
    return this.repository === undefined ? `registry ${this.registry}` : `${this.registry}/${this.repository}`;
  }

  /**
   * GET (or HEAD) `path` under the registry's base, authenticating and
   * following redirects. Returns whatever final status the registry gave;
   * only auth failures and transport errors throw here.
   */
  async get(path: string, headers: Record<string, string>, signal?: AbortSignal, method = 'GET'): Promise<HttpResponse> {
    const url = new URL(path, this.base);
    let sentWith = this.authorization;
    let res = await this.follow(url, headers, sentWith, signal, method);
    if (res.status !== 401) return res;
    const challenge = header(res, 'www-authenticate') ?? '';
    await drain(res);
    // a concurrent request may already have fetched a fresh token
    if (this.authorization === sentWith) {
      this.authenticating ??= this.authenticate(challenge, signal).finally(() => {
        this.authenticating = undefined;
      });
      await this.authenticating;
    } else if (this.authenticating !== undefined) {
      await this.authenticating;
    }
    sentWith = this.authorization;
    res = await this.follow(url, headers, sentWith, signal, method);
    if (res.status === 401) {
      await drain(res);
      throw this.unauthorized(`${method} ${url.pathname} was refused even with ${this.credentials === undefined ? 'an anonymous token' : `the credentials of ${this.credentials.username}`}`);
    }
    return res;
  }

  private unauthorized(what: string): OrcError {
    const hint = this.credentials === undefined ? `; log in with \`orc login ${this.registry}\`` : '';
    return new OrcError('ORC_UNAUTHORIZED', `${this.where()}: ${what}${hint}`);
  }

  private async follow(url: URL, headers: Record<string, string>, authorization: string | undefined, signal: AbortSignal | undefined, method: string): Promise<HttpResponse> {
    let current = url;
    let auth = authorization;
    for (let hop = 0; ; hop++) {
      const h: Record<string, string> = { ...headers };
      if (auth !== undefined) h['authorization'] = auth;
      const res = await this.transport.request(current, { method, headers: h, ...(signal !== undefined ? { signal } : {}) });
      const location = header(res, 'location');
      if (![301, 302, 303, 307, 308].includes(res.status) || location === undefined) return res;
      await drain(res);
      if (hop >= MAX_REDIRECTS) throw new OrcError('ORC_REGISTRY', `${this.where()}: more than ${MAX_REDIRECTS} redirects for ${url.pathname}`);
      const next = new URL(location, current);
      this.transport.checkScheme(next, `a redirect from ${url.pathname}`);
      // credentials are for the registry only, never for storage it redirects to
      if (next.origin !== this.base.origin) auth = undefined;
      current = next;
    }
  }

  /** Answers a 401 challenge; sets `this.authorization` or throws ORC_UNAUTHORIZED / ORC_REGISTRY. */
  private async authenticate(headerValue: string, signal: AbortSignal | undefined): Promise<void> {
    const challenges = parseChallenges(headerValue);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (bearer !== undefined) {
      this.authorization = `Bearer ${await this.fetchToken(bearer, signal)}`;
      return;
    }
    if (basic !== undefined) {
      if (this.credentials === undefined) throw this.unauthorized('the registry requires a user name and password');
      if (this.authorization?.startsWith('Basic ') === true) throw this.unauthorized(`the registry refused the credentials of ${this.credentials.username}`);
      this.authorization = basicAuth(this.credentials);
      return;
    }
    throw this.unauthorized(`the registry answered 401 without a challenge orc understands (${headerValue || 'no WWW-Authenticate'})`);
  }

  private async fetchToken(ch: Challenge, signal: AbortSignal | undefined): Promise<string> {
    const realm = ch.params['realm'];
    if (realm === undefined) throw new OrcError('ORC_REGISTRY', `${this.where()}: Bearer challenge without a realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch (e) {
      throw new OrcError('ORC_REGISTRY', `${this.where()}: bad token realm "${realm}"`, { cause: e });
    }
    const service = ch.params['service'];
    if (service !== undefined) url.searchParams.set('service', service);
    const scope = this.repository !== undefined ? `repository:${this.repository}:pull` : ch.params['scope'];
    if (scope !== undefined) url.searchParams.set('scope', scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.credentials !== undefined) {
      headers['authorization'] = basicAuth(this.credentials);
      url.searchParams.set('account', this.credentials.username);
    }
    const res = await this.transport.request(url, { headers, ...(signal !== undefined ? { signal } : {}) });
    if (res.status === 401 || res.status === 403) {
      await drain(res);
      throw this.unauthorized(this.credentials === undefined ? `the token service at ${url.host} refused an anonymous token` : `the token service at ${url.host} refused the credentials of ${this.credentials.username}`);
    }
    const body = await readBody(res, MAX_SMALL_BODY);
    if (res.status !== 200) throw new OrcError('ORC_REGISTRY', `${this.where()}: token service at ${url.host} answered ${res.status}${errorDetail(body)}`);
    let token: unknown;
    try {
      const doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      token = doc['token'] ?? doc['access_token'];
    } catch (e) {
      throw new OrcError('ORC_REGISTRY', `${this.where()}: token service at ${url.host} answered with invalid JSON`, { cause: e });
    }
    if (typeof token !== 'string' || token === '') throw new OrcError('ORC_REGISTRY', `${this.where()}: token service at ${url.host} gave no token`);
    return token;
  }
}

function basicAuth(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/** ` (MANIFEST_UNKNOWN: manifest unknown)` from a registry error document, or ''. */
export function errorDetail(body: Buffer): string {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const parts = (doc.errors ?? []).map((e) => [e.code, e.message].filter((x) => typeof x === 'string').join(': ')).filter((s) => s !== '');
    return parts.length > 0 ? ` (${parts.join('; ')})` : '';
  } catch {
    return '';
  }
}

export { readBody, drain, header };
export type { HttpResponse };
