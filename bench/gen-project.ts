/**
 * Writes a realistic, deterministic compose project for the benchmarks:
 * `compose.yaml` with N services (200 by default), two override files
 * (`compose.override.yaml`, `compose.prod.yaml`) and a `.env`.
 *
 * The project must load unchanged in Debian's docker-compose 1.29 and in
 * Compose-spec tools, so it uses the spec format without a `version:` key and
 * avoids what 1.29 does not know: top-level `name:`, `!reset`/`!override`,
 * `include`, long ports with `host_ip`, `bind.create_host_path`.
 *
 * Every service belongs to a group of five (gateway → api → cache/db, worker →
 * api/db), and api services also chain across groups, so depends_on forms
 * chains up to eight deep. Variety comes from the service index, never from
 * randomness: the same N always gives the same bytes.
 *
 *   node dist/bench/gen-project.js <dir> [services]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GeneratedProject {
  /** absolute project directory */
  dir: string;
  /** file names relative to `dir`, in the order they are passed with -f */
  files: string[];
  services: number;
  /** every variable the files interpolate; callers remove these from the inherited environment */
  variables: string[];
}

export const DEFAULT_SERVICES = 200;

const KINDS = ['gateway', 'api', 'worker', 'cache', 'db'] as const;
type Kind = (typeof KINDS)[number];

/** Variables set in `.env`; each file also uses `${NAME:-default}` forms for unset ones. */
const DOTENV: ReadonlyArray<readonly [string, string]> = [
  ['REGISTRY', 'registry.example.com/acme'],
  ['APP_TAG', '2.14.3'],
  ['APP_ENV', 'staging'],
  ['DOMAIN', 'acme.test'],
  ['POSTGRES_USER', 'acme'],
  ['POSTGRES_PASSWORD', 's3cr3t-but-not-really'],
  ['REDIS_MAXMEMORY', '256mb'],
  ['OTEL_ENDPOINT', 'http://otel-collector:4317'],
  ['BIND_ADDR', '127.0.0.1'],
];
/** Variables only ever read with a default, deliberately absent from `.env`. */
const DEFAULTED = ['LOG_LEVEL', 'HTTP_TIMEOUT', 'WORKER_CONCURRENCY', 'NGINX_TAG', 'PG_TAG', 'REDIS_TAG', 'PROD_TAG'];

const NAMED_VOLUMES = ['pgdata', 'redisdata', 'assets', 'uploads', 'logs'] as const;

function kindOf(i: number): Kind {
  return KINDS[i % KINDS.length] ?? 'api';
}

function groupOf(i: number): number {
  return Math.floor(i / KINDS.length);
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

function nameOf(i: number): string {
  return `${kindOf(i)}-${pad(groupOf(i))}`;
}

/** Index of the service of `kind` in the same group as `i`. */
function sibling(i: number, kind: Kind): number {
  return groupOf(i) * KINDS.length + KINDS.indexOf(kind);
}

/** Line builder with indentation in steps of two spaces. */
class Yaml {
  private readonly lines: string[] = [];

  line(depth: number, text: string): this {
    this.lines.push(`${'  '.repeat(depth)}${text}`);
    return this;
  }

  blank(): this {
    this.lines.push('');
    return this;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function baseImage(i: number): string {
  switch (kindOf(i)) {
    case 'gateway':
      return '"nginx:${NGINX_TAG:-1.25-alpine}"';
    case 'cache':
      return 'redis:${REDIS_TAG:-7.2}';
    case 'db':
      return '"postgres:${PG_TAG:-16}"';
    case 'api':
      return `\${REGISTRY}/api-${pad(groupOf(i))}:\${APP_TAG}`;
    case 'worker':
      return `"\${REGISTRY}/worker:\${APP_TAG:-latest}"`;
  }
}

function containerPort(i: number): number {
  switch (kindOf(i)) {
    case 'gateway':
      return 80;
    case 'api':
      return 8080;
    case 'worker':
      return 9090;
    case 'cache':
      return 6379;
    case 'db':
      return 5432;
  }
}

/** Replicated services (api, worker) never publish a fixed host port: it could not be bound twice. */
function replicated(i: number): boolean {
  const kind = kindOf(i);
  return kind === 'api' || kind === 'worker';
}

/** Ports in the base file, in one of several short forms or the long form. */
function writePorts(y: Yaml, i: number): void {
  const host = 10000 + i * 10;
  const port = containerPort(i);
  if (replicated(i)) {
    if (kindOf(i) === 'worker' && i % 3 !== 0) return;
    y.line(2, 'ports:');
    if (i % 2 === 0) {
      y.line(3, `- ${port}`);
      y.line(3, `- "${port + 1}/udp"`);
    } else {
      y.line(3, `- target: ${port}`);
      y.line(4, 'protocol: tcp');
      y.line(3, `- "${port + 1}-${port + 2}"`);
    }
    return;
  }
  y.line(2, 'ports:');
  switch (i % 6) {
    case 0:
      y.line(3, `- "${host}:${port}"`);
      break;
    case 1:
      y.line(3, `- "\${BIND_ADDR}:${host}:${port}"`);
      y.line(3, `- "${host + 1}-${host + 2}:${port + 1}-${port + 2}"`);
      break;
    case 2:
      y.line(3, `- ${port + 1000}`);
      y.line(3, `- "${host}:${port}/tcp"`);
      break;
    case 3:
      y.line(3, `- "127.0.0.1:${host}:${port}"`);
      y.line(3, `- "${host + 3}:53/udp"`);
      break;
    case 4:
      y.line(3, `- target: ${port}`);
      y.line(4, `published: ${host}`);
      y.line(4, 'protocol: tcp');
      y.line(4, 'mode: host');
      break;
    default:
      y.line(3, `- "0.0.0.0:${host}:${port}"`);
      y.line(3, `- "${port + 1000}"`);
      break;
  }
}

function writeVolumes(y: Yaml, i: number): void {
  const kind = kindOf(i);
  const g = pad(groupOf(i));
  y.line(2, 'volumes:');
  switch (kind) {
    case 'gateway':
      y.line(3, `- ./conf/nginx/${g}.conf:/etc/nginx/conf.d/default.conf:ro`);
      y.line(3, '- assets:/usr/share/nginx/html:ro');
      y.line(3, '- type: tmpfs');
      y.line(4, 'target: /var/cache/nginx');
      y.line(4, 'tmpfs:');
      y.line(5, 'size: 67108864');
      break;
    case 'api':
      y.line(3, `- ./data/api-${g}:/srv/data`);
      y.line(3, '- type: volume');
      y.line(4, 'source: uploads');
      y.line(4, 'target: /srv/uploads');
      y.line(4, 'volume:');
      y.line(5, 'nocopy: true');
      y.line(3, '- type: bind');
      y.line(4, 'source: ./conf/app.toml');
      y.line(4, 'target: /etc/app/app.toml');
      y.line(4, 'read_only: true');
      break;
    case 'worker':
      y.line(3, '- logs:/var/log/worker');
      y.line(3, `- /var/run/acme/worker-${g}.sock:/run/worker.sock`);
      break;
    case 'cache':
      y.line(3, '- redisdata:/data');
      break;
    case 'db':
      y.line(3, '- type: volume');
      y.line(4, 'source: pgdata');
      y.line(4, `target: /var/lib/postgresql/data/${g}`);
      y.line(3, `- ./initdb/${g}:/docker-entrypoint-initdb.d:ro`);
      break;
  }
}

function writeEnvironment(y: Yaml, i: number): void {
  const kind = kindOf(i);
  const g = pad(groupOf(i));
  y.line(2, 'environment:');
  if (i % 2 === 0) {
    // map form
    y.line(3, 'APP_ENV: ${APP_ENV}');
    y.line(3, 'LOG_LEVEL: ${LOG_LEVEL:-info}');
    y.line(3, `SERVICE_NAME: ${nameOf(i)}`);
    if (kind === 'db') {
      y.line(3, 'POSTGRES_USER: ${POSTGRES_USER}');
      y.line(3, 'POSTGRES_PASSWORD: "${POSTGRES_PASSWORD}"');
      y.line(3, `POSTGRES_DB: acme_${g}`);
    } else {
      y.line(3, `DATABASE_URL: "postgres://\${POSTGRES_USER}:\${POSTGRES_PASSWORD}@db-${g}:5432/acme_${g}"`);
      y.line(3, `REDIS_URL: redis://cache-${g}:6379/0`);
      y.line(3, 'HTTP_TIMEOUT: "${HTTP_TIMEOUT:-30}"');
      y.line(3, 'FEATURE_FLAGS: "search,billing,${EXTRA_FLAGS:-beta}"');
      y.line(3, 'ENABLE_TRACING: "true"');
      y.line(3, 'PROMETHEUS_MULTIPROC_DIR:');
    }
  } else {
    // list form
    y.line(3, '- APP_ENV=${APP_ENV}');
    y.line(3, '- LOG_LEVEL=${LOG_LEVEL:-debug}');
    y.line(3, `- SERVICE_NAME=${nameOf(i)}`);
    y.line(3, '- OTEL_EXPORTER_OTLP_ENDPOINT=${OTEL_ENDPOINT}');
    y.line(3, `- PUBLIC_URL=https://${nameOf(i)}.\${DOMAIN}`);
    if (kind === 'worker') y.line(3, '- WORKER_CONCURRENCY=${WORKER_CONCURRENCY:-4}');
    if (kind === 'cache') y.line(3, '- REDIS_MAXMEMORY=${REDIS_MAXMEMORY}');
    y.line(3, '- TZ=UTC');
    y.line(3, '- NO_PROXY');
  }
}

function writeHealthcheck(y: Yaml, i: number): void {
  const kind = kindOf(i);
  if (kind === 'worker') return;
  y.line(2, 'healthcheck:');
  switch (kind) {
    case 'gateway':
      y.line(3, 'test: ["CMD", "wget", "-qO-", "http://localhost/healthz"]');
      break;
    case 'api':
      y.line(3, `test: ["CMD-SHELL", "curl -fsS http://localhost:${containerPort(i)}/health || exit 1"]`);
      break;
    case 'cache':
      y.line(3, 'test: redis-cli ping');
      break;
    case 'db':
      y.line(3, 'test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]');
      break;
  }
  y.line(3, `interval: ${10 + (i % 4) * 5}s`);
  y.line(3, 'timeout: 5s');
  y.line(3, `retries: ${3 + (i % 3)}`);
  y.line(3, 'start_period: 20s');
}

function writeDependsOn(y: Yaml, i: number): void {
  const kind = kindOf(i);
  const deps: Array<[number, 'service_started' | 'service_healthy']> = [];
  if (kind === 'gateway') deps.push([sibling(i, 'api'), 'service_healthy']);
  if (kind === 'api') {
    deps.push([sibling(i, 'cache'), 'service_started'], [sibling(i, 'db'), 'service_healthy']);
    // chain api services across groups, eight to a chain
    if (groupOf(i) % 8 !== 0) deps.push([i - KINDS.length, 'service_healthy']);
  }
  if (kind === 'worker') deps.push([sibling(i, 'api'), 'service_started'], [sibling(i, 'db'), 'service_started']);
  if (deps.length === 0) return;
  y.line(2, 'depends_on:');
  if (kind === 'worker') {
    for (const [d] of deps) y.line(3, `- ${nameOf(d)}`);
    return;
  }
  for (const [d, condition] of deps) {
    y.line(3, `${nameOf(d)}:`);
    y.line(4, `condition: ${condition}`);
  }
}

function writeDeploy(y: Yaml, i: number): void {
  const kind = kindOf(i);
  const memory = { gateway: '128M', api: '512M', worker: '1G', cache: '300M', db: '2G' }[kind];
  y.line(2, 'deploy:');
  if (kind === 'api' || kind === 'worker') y.line(3, `replicas: ${1 + (i % 3)}`);
  y.line(3, 'resources:');
  y.line(4, 'limits:');
  y.line(5, `cpus: "${kind === 'db' ? '2.0' : '0.50'}"`);
  y.line(5, `memory: ${memory}`);
  y.line(4, 'reservations:');
  y.line(5, `memory: ${kind === 'db' ? '512M' : '64M'}`);
  if (i % 4 === 0) {
    y.line(3, 'restart_policy:');
    y.line(4, 'condition: on-failure');
    y.line(4, 'delay: 5s');
    y.line(4, 'max_attempts: 3');
  }
}

function writeLabels(y: Yaml, i: number): void {
  y.line(2, 'labels:');
  if (i % 3 === 0) {
    y.line(3, '- "com.acme.team=platform"');
    y.line(3, `- "com.acme.service=${nameOf(i)}"`);
    y.line(3, '- "com.acme.env=${APP_ENV}"');
  } else {
    y.line(3, `com.acme.team: ${['payments', 'search', 'identity'][i % 3] ?? 'platform'}`);
    y.line(3, `com.acme.service: ${nameOf(i)}`);
    y.line(3, 'traefik.enable: "true"');
    y.line(3, `traefik.http.routers.${nameOf(i)}.rule: "Host(\`${nameOf(i)}.\${DOMAIN}\`)"`);
  }
}

function writeNetworks(y: Yaml, i: number): void {
  const kind = kindOf(i);
  if (kind === 'gateway') {
    y.line(2, 'networks:');
    y.line(3, '- frontend');
    y.line(3, '- backend');
  } else if (kind === 'api') {
    y.line(2, 'networks:');
    y.line(3, 'backend:');
    y.line(4, 'aliases:');
    y.line(5, `- api-${pad(groupOf(i))}.internal`);
    y.line(3, 'data:');
    y.line(3, 'monitoring:');
  } else if (kind === 'db' && groupOf(i) < 20) {
    y.line(2, 'networks:');
    y.line(3, 'data:');
    y.line(4, `ipv4_address: 172.28.${1 + groupOf(i)}.10`);
  } else {
    y.line(2, 'networks:');
    y.line(3, `- ${kind === 'worker' ? 'backend' : 'data'}`);
  }
}

function writeService(y: Yaml, i: number): void {
  const kind = kindOf(i);
  const name = nameOf(i);
  y.line(1, `${name}:`);
  if (kind === 'worker' || kind === 'api') y.line(2, '<<: *app-defaults');
  y.line(2, `image: ${baseImage(i)}`);
  if (kind === 'worker') y.line(2, `command: ["celery", "-A", "acme", "worker", "-Q", "q${pad(groupOf(i))}", "--loglevel=\${LOG_LEVEL:-info}"]`);
  if (kind === 'cache') y.line(2, 'command: redis-server --maxmemory ${REDIS_MAXMEMORY} --appendonly yes');
  if (kind === 'db') {
    y.line(2, 'shm_size: 256m');
    y.line(2, 'stop_grace_period: 1m30s');
  }
  if (kind !== 'worker' && kind !== 'api') y.line(2, `restart: ${i % 2 === 0 ? 'unless-stopped' : 'always'}`);
  writePorts(y, i);
  writeVolumes(y, i);
  writeEnvironment(y, i);
  writeDependsOn(y, i);
  writeHealthcheck(y, i);
  writeDeploy(y, i);
  writeLabels(y, i);
  writeNetworks(y, i);
  if (i % 10 === 7) {
    y.line(2, 'extra_hosts:');
    y.line(3, '- "metadata.internal:169.254.169.254"');
    y.line(2, 'ulimits:');
    y.line(3, 'nofile:');
    y.line(4, 'soft: 65536');
    y.line(4, 'hard: 65536');
  }
  y.blank();
}

function composeFile(services: number): string {
  const y = new Yaml();
  y.line(0, `# acme platform: ${services} services (generated by bench/gen-project.ts)`);
  y.line(0, 'x-app-defaults: &app-defaults');
  y.line(1, 'restart: on-failure');
  y.line(1, 'working_dir: /srv');
  y.line(1, 'user: "1000:1000"');
  y.line(1, 'logging:');
  y.line(2, 'driver: json-file');
  y.line(2, 'options:');
  y.line(3, 'max-size: "10m"');
  y.line(3, 'max-file: "3"');
  y.blank();
  y.line(0, 'services:');
  for (let i = 0; i < services; i++) writeService(y, i);
  y.line(0, 'networks:');
  y.line(1, 'frontend:');
  y.line(2, 'driver: bridge');
  y.line(1, 'backend:');
  y.line(2, 'driver: bridge');
  y.line(2, 'internal: true');
  y.line(2, 'labels:');
  y.line(3, 'com.acme.tier: backend');
  y.line(1, 'data:');
  y.line(2, 'driver: bridge');
  y.line(2, 'ipam:');
  y.line(3, 'config:');
  y.line(4, '- subnet: 172.28.0.0/16');
  y.line(5, 'gateway: 172.28.0.1');
  y.line(1, 'monitoring:');
  y.blank();
  y.line(0, 'volumes:');
  for (const v of NAMED_VOLUMES) {
    y.line(1, `${v}:`);
    if (v === 'pgdata' || v === 'redisdata') {
      y.line(2, 'driver: local');
      y.line(2, 'labels:');
      y.line(3, '- "com.acme.backup=daily"');
    }
  }
  return y.text();
}

/** Development override: newer images, debug environment, extra labels and dev ports. */
function overrideFile(services: number): string {
  const y = new Yaml();
  y.line(0, '# local development overrides');
  y.line(0, 'services:');
  for (let i = 0; i < services; i++) {
    if (i % 4 === 3) continue;
    const kind = kindOf(i);
    y.line(1, `${nameOf(i)}:`);
    if (i % 2 === 0 && (kind === 'api' || kind === 'worker')) y.line(2, `image: \${REGISTRY}/${kind}-dev:\${APP_TAG}-dev`);
    y.line(2, 'environment:');
    if (i % 3 === 0) {
      y.line(3, '- DEBUG=1');
      y.line(3, '- LOG_LEVEL=${LOG_LEVEL:-debug}');
      y.line(3, `- DEV_HOST=${nameOf(i)}.localhost`);
    } else {
      y.line(3, 'DEBUG: "1"');
      y.line(3, 'APP_ENV: development');
      y.line(3, 'PYTHONDONTWRITEBYTECODE: "1"');
    }
    y.line(2, 'labels:');
    y.line(3, 'com.acme.dev: "true"');
    y.line(3, `com.acme.owner: dev-${i % 7}`);
    if (kind === 'gateway') {
      // the admin port, on loopback only
      y.line(2, 'ports:');
      y.line(3, `- "127.0.0.1:${15000 + i}:8081"`);
    }
  }
  return y.text();
}

/** Production override: pinned images, more replicas, tighter limits, published ports. */
function prodFile(services: number): string {
  const y = new Yaml();
  y.line(0, '# production overrides');
  y.line(0, 'services:');
  for (let i = 0; i < services; i++) {
    if (i % 3 === 2) continue;
    const kind = kindOf(i);
    y.line(1, `${nameOf(i)}:`);
    if (kind === 'gateway') y.line(2, 'image: nginx:${PROD_TAG:-1.25.4-alpine}');
    if (kind === 'db') y.line(2, 'image: "postgres:16.2"');
    y.line(2, 'environment:');
    y.line(3, 'APP_ENV: production');
    y.line(3, 'LOG_LEVEL: ${LOG_LEVEL:-warn}');
    y.line(3, 'SENTRY_DSN: "https://key@sentry.${DOMAIN}/12"');
    y.line(2, 'labels:');
    y.line(3, '- "com.acme.env=production"');
    y.line(3, `- "com.acme.cost-center=cc-${100 + (i % 9)}"`);
    if (i % 2 === 0 && !replicated(i)) {
      y.line(2, 'ports:');
      y.line(3, `- "${20000 + i}:${containerPort(i)}"`);
    }
    y.line(2, 'deploy:');
    if (kind === 'api' || kind === 'worker') y.line(3, `replicas: ${3 + (i % 2)}`);
    y.line(3, 'resources:');
    y.line(4, 'limits:');
    y.line(5, `memory: ${kind === 'db' ? '4G' : '768M'}`);
    y.line(3, 'update_config:');
    y.line(4, 'parallelism: 2');
    y.line(4, 'delay: 10s');
    y.line(4, 'order: start-first');
    y.line(2, 'logging:');
    y.line(3, 'driver: json-file');
    y.line(3, 'options:');
    y.line(4, 'max-size: "50m"');
  }
  return y.text();
}

function dotenvFile(): string {
  const lines = ['# interpolation values for the benchmark project'];
  for (const [k, v] of DOTENV) lines.push(`${k}=${v}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the project into `dir` (created if missing) and describes it. */
export function generateProject(dir: string, services: number = DEFAULT_SERVICES): GeneratedProject {
  if (!Number.isInteger(services) || services < KINDS.length) {
    throw new RangeError(`services must be an integer >= ${KINDS.length}, got ${services}`);
  }
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const files: Array<[string, string]> = [
    ['compose.yaml', composeFile(services)],
    ['compose.override.yaml', overrideFile(services)],
    ['compose.prod.yaml', prodFile(services)],
  ];
  for (const [name, text] of files) writeFileSync(join(abs, name), text);
  writeFileSync(join(abs, '.env'), dotenvFile());
  return {
    dir: abs,
    files: files.map(([name]) => name),
    services,
    variables: [...DOTENV.map(([k]) => k), ...DEFAULTED, 'EXTRA_FLAGS', 'NO_PROXY', 'PROMETHEUS_MULTIPROC_DIR'],
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, count] = process.argv.slice(2);
  if (dir === undefined) {
    process.stderr.write('usage: node dist/bench/gen-project.js <dir> [services]\n');
    process.exit(2);
  }
  const project = generateProject(dir, count === undefined ? DEFAULT_SERVICES : Number(count));
  process.stdout.write(`${project.dir}: ${project.files.join(', ')}, .env (${project.services} services)\n`);
}
