/**
 * compose/normalise, checkProject and buildDependencyGraph on real and on
 * hostile input: every awesome-compose project normalises without errors,
 * and randomly mutated documents always end in a model plus reported issues,
 * never in an exception or a hang. The fuzz test is seeded: a failure prints
 * `seed=N`; replay it with ORC_SEED=N.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseDotenv } from '../../compose/dotenv.js';
import { buildDependencyGraph } from '../../compose/graph.js';
import { interpolate } from '../../compose/interpolate.js';
import { checkProject } from '../../compose/semantic.js';
import { normalise, type Normalised as Outcome } from '../helpers/normalise.js';
import { sharedDir } from '../helpers/paths.js';
import { rng } from '../helpers/random.js';

function pipeline(doc: Record<string, unknown>, dir = '/project', env: Record<string, string> = {}): Outcome {
  const { model, issues } = normalise(doc, {
    projectDir: dir,
    env,
    readFile: (p) => (p.startsWith(dir) && existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  });
  checkProject(model, (i) => {
    issues.push(i);
  });
  const graph = buildDependencyGraph(model.services);
  assert.equal(graph.levels.flat().length, Object.keys(model.services).length);
  return { model, issues };
}

/** Interpolates every string of a parsed document (what the loader does before normalisation). */
function interpolateAll(value: unknown, lookup: (n: string) => string | undefined): unknown {
  if (typeof value === 'string') return interpolate(value, lookup).value;
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, lookup));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, lookup)]));
  }
  return value;
}

const corpus = join(sharedDir, 'corpus', 'awesome-compose');

describe('real projects (the awesome-compose corpus)', () => {
  it('every awesome-compose project normalises and passes the semantic checks without errors', { skip: !existsSync(corpus) }, () => {
    let seen = 0;
    for (const name of readdirSync(corpus).sort()) {
      const dir = join(corpus, name);
      const file = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']
        .map((f) => join(dir, f))
        .find((f) => existsSync(f));
      if (!file) continue;
      seen++;
      const dotenv = join(dir, '.env');
      const env = existsSync(dotenv) ? parseDotenv(readFileSync(dotenv, 'utf8'), dotenv, () => undefined).vars : {};
      const doc = interpolateAll(parse(readFileSync(file, 'utf8')), (n) => env[n] ?? `/value-of-${n}`) as Record<string, unknown>;
      const { model, issues } = pipeline(doc, dir, env);
      const errors = issues.filter((i) => i.severity !== 'warning');
      assert.deepEqual(errors, [], name);
      assert.ok(Object.keys(model.services).length > 0, name);
      // what orc config prints reads back to the same model
      const again = pipeline(JSON.parse(JSON.stringify(model)) as Record<string, unknown>, dir, env);
      assert.deepEqual(again.issues.filter((i) => i.severity !== 'warning'), [], `${name} (re-read)`);
      assert.deepEqual(again.model, model, `${name} (re-read)`);
    }
    assert.ok(seen >= 30);
  });
});

const SEED_DOC = {
  name: 'seed',
  'x-common': { labels: { a: 1 } },
  services: {
    web: {
      image: 'nginx',
      build: { context: '.', args: ['A=1', 'B'], ssh: ['default'], secrets: ['s'] },
      command: 'sh -c "echo hi"',
      entrypoint: ['/bin/sh'],
      ports: ['8080:80', '127.0.0.1:9000-9001:9000-9001/udp', { target: 443, published: 8443, host_ip: '::1' }, 3000],
      expose: [3000, '4000/udp'],
      volumes: ['./src:/src:ro,z', 'data:/data:nocopy', '/anon', { type: 'tmpfs', target: '/tmp', tmpfs: { size: '1g', mode: 1777 } }],
      tmpfs: '/run',
      environment: ['A=1', 'HOME'],
      env_file: ['.env', { path: 'opt.env', required: false }],
      labels: { a: 'b' },
      extra_hosts: ['a:1.2.3.4', 'b=[::1]'],
      depends_on: { db: { condition: 'service_healthy', restart: true } },
      links: ['db:database'],
      networks: { front: { aliases: ['www'], priority: 10 }, back: null },
      healthcheck: { test: 'curl -f x', interval: '30s', timeout: '5s', retries: 3, start_period: '1m' },
      deploy: {
        replicas: '2',
        resources: { limits: { cpus: '0.5', memory: '512m' }, reservations: { devices: [{ capabilities: ['gpu'] }] } },
        restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: 3, window: '1m' },
        update_config: { parallelism: 1, delay: '10s', order: 'start-first' },
        placement: { constraints: ['node.role==worker'], preferences: [{ spread: 'zone' }] },
        labels: ['x=y'],
      },
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 },
      mem_limit: '512m',
      shm_size: 1024,
      stop_grace_period: '1m30s',
      secrets: ['s', { source: 's', target: '/x', mode: '0400' }],
      configs: ['c'],
      devices: ['/dev/null:/dev/null'],
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      sysctls: ['net.core.somaxconn=1024'],
      post_start: [{ command: 'echo up' }],
      develop: { watch: [{ path: './src', action: 'sync', target: '/src' }] },
      'x-web': [1, { b: 2 }],
    },
    db: { image: 'postgres', scale: 1 },
    worker: {
      image: 'busybox',
      ipc: 'service:db',
      network_mode: 'service:web',
      volumes_from: ['web:ro'],
      container_name: 'w',
      blkio_config: { weight: 10, device_read_bps: [{ path: '/dev/sda', rate: '1mb' }] },
    },
  },
  networks: { front: { ipam: { config: [{ subnet: '10.0.0.0/24' }] } }, back: { external: { name: 'b' } } },
  volumes: { data: { driver_opts: { o: 'bind', device: './d' } } },
  secrets: { s: { file: './s.txt' } },
  configs: { c: { content: 'x' } },
  models: { m: { model: 'ai/x' } },
};

const NASTY_STRINGS = [
  '',
  ' ',
  '${',
  '$$',
  '::',
  ':::::',
  '[::1]',
  '-',
  '0',
  '-1',
  '1e309',
  'NaN',
  'true',
  'no',
  '__proto__',
  'constructor',
  'toString',
  'service:',
  'service:web',
  'container:x',
  '1-65535',
  '1-65535:1-65535',
  '0.0.0.0:80:80',
  '"unterminated',
  "it's",
  '\\',
  'a=b=c',
  '=',
  './x:/y:ro:extra',
  '~',
  '1.5.5g',
  '9'.repeat(400),
  ' '.repeat(5000) + 'x',
  '1h'.repeat(200),
  '\u0000',
  '\uD800',
  '/\u00e9\u6f22',
];

const NASTY_KEYS = [
  ...['__proto__', 'constructor', 'x-', 'x-y', '', 'web', 'db', 'default'],
  ...['image', 'ports', 'volumes', 'depends_on', 'networks', 'deploy'],
];

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (r < 0.25) return NASTY_STRINGS[Math.floor(rand() * NASTY_STRINGS.length)];
  if (r < 0.4) return [0, 1, -1, 65536, 1.5, 2 ** 60, -0, Number.MAX_SAFE_INTEGER][Math.floor(rand() * 8)];
  if (r < 0.5) return rand() < 0.5;
  if (r < 0.6) return null;
  if (depth > 3) return 'leaf';
  if (r < 0.8) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(rand() * 4); i++) {
    const key = NASTY_KEYS[Math.floor(rand() * NASTY_KEYS.length)] ?? 'k';
    Object.defineProperty(out, key, { value: randomValue(rand, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      Object.defineProperty(out, k, { value: clone(x), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

const EDIT_CHARS = ':/-[]\\"\' $.,=~#0123456789aZ\n\t';

/** A string with a few characters inserted, deleted or replaced (to reach the parsers' corners). */
function editString(text: string, rand: () => number): string {
  let out = text;
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
    const at = Math.floor(rand() * (out.length + 1));
    const ch = EDIT_CHARS[Math.floor(rand() * EDIT_CHARS.length)] ?? ':';
    const op = rand();
    if (op < 0.4) out = out.slice(0, at) + ch + out.slice(at);
    else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + ch + out.slice(at + 1);
  }
  return out;
}

/** Replaces, removes, edits or adds one node somewhere in the document. */
function mutate(doc: unknown, rand: () => number): void {
  let node = doc;
  for (let depth = 0; depth < 8; depth++) {
    if (node === null || typeof node !== 'object') return;
    const container = node as Record<string | number, unknown>;
    const keys = Object.keys(container);
    const strings = keys.filter((k) => typeof container[k] === 'string');
    if (strings.length > 0 && rand() < 0.3) {
      const k = strings[Math.floor(rand() * strings.length)] ?? '';
      container[k] = editString(container[k] as string, rand);
      return;
    }
    if (keys.length === 0 || rand() < 0.25) {
      const choice = rand();
      const key = Array.isArray(node) ? Math.floor(rand() * (keys.length + 1)) : (NASTY_KEYS[Math.floor(rand() * NASTY_KEYS.length)] ?? 'k');
      if (choice < 0.2 && keys.length > 0) {
        const victim = keys[Math.floor(rand() * keys.length)] ?? '';
        if (Array.isArray(node)) node.splice(Number(victim), 1);
        else delete container[victim];
      } else {
        Object.defineProperty(container, key, { value: randomValue(rand, 0), enumerable: true, writable: true, configurable: true });
      }
      return;
    }
    node = container[keys[Math.floor(rand() * keys.length)] ?? ''];
  }
}

const KNOWN_CODES = new Set([
  'COMPOSE_FILE_NOT_FOUND',
  'COMPOSE_INVALID_VALUE',
  'COMPOSE_INTERPOLATION',
  'COMPOSE_REQUIRED_VARIABLE',
  'COMPOSE_DEPENDENCY_CYCLE',
  'COMPOSE_UNDEFINED_REFERENCE',
  'COMPOSE_DUPLICATE_CONTAINER_NAME',
  'COMPOSE_CONTAINER_NAME_SCALE',
  'COMPOSE_PORT_CONFLICT',
]);

describe('hostile input', () => {
  it('the seed document used for fuzzing is itself clean apart from warnings', () => {
    const { issues } = pipeline(clone(SEED_DOC) as Record<string, unknown>);
    assert.deepEqual(
      issues.filter((i) => i.severity !== 'warning').map((i) => [i.code, i.path]),
      [['COMPOSE_FILE_NOT_FOUND', ['services', 'web', 'env_file', 0]]],
    );
  });

  it('randomly mutated documents end in a model and reported issues, never an exception', () => {
    const seed = process.env['ORC_SEED'] !== undefined ? Number(process.env['ORC_SEED']) : Date.now() % 1_000_000;
    const rand = rng(seed).next;
    const iterations = 1500;
    try {
      for (let n = 0; n < iterations; n++) {
        const doc = clone(SEED_DOC);
        const mutations = 1 + Math.floor(rand() * 6);
        for (let m = 0; m < mutations; m++) mutate(doc, rand);
        const { model, issues } = pipeline(doc as Record<string, unknown>);
        for (const issue of issues) {
          assert.ok(KNOWN_CODES.has(issue.code), issue.code);
          assert.ok(Array.isArray(issue.path));
          assert.ok(!issue.message.startsWith('internal error'), issue.message);
        }
        JSON.stringify(model);
      }
    } catch (e) {
      process.stderr.write(`normalise fuzz failed: seed=${seed} (replay with ORC_SEED=${seed})\n`);
      throw e;
    }
  });

  it('a recursive YAML alias in an extension is reported, not followed forever', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = loop;
    const { model, issues } = pipeline({ services: { web: { image: 'x', 'x-loop': loop } }, 'x-top': loop });
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [
        ['COMPOSE_INVALID_VALUE', ['services', 'web', 'x-loop', 'self']],
        ['COMPOSE_INVALID_VALUE', ['x-top', 'self']],
      ],
    );
    assert.deepEqual(model.extensions, { 'x-top': { a: 1 } });
  });

  it('services, networks and volumes named like Object.prototype members are ordinary entries', () => {
    const services: Record<string, unknown> = {};
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty']) {
      Object.defineProperty(services, name, { value: { image: 'x', depends_on: ['toString'] }, enumerable: true });
    }
    const { model, issues } = pipeline({ services });
    assert.deepEqual(Object.keys(model.services), ['__proto__', 'constructor', 'hasOwnProperty']);
    assert.equal(Object.getPrototypeOf(model.services), Object.prototype);
    assert.deepEqual(
      issues.filter((i) => i.code === 'COMPOSE_UNDEFINED_REFERENCE').length,
      3,
    );
  });

  it('the widest port range expands without the port checks slowing to a crawl', () => {
    const started = Date.now();
    const { model } = pipeline({ services: { a: { image: 'x', ports: ['1-65535:1-65535'] }, b: { image: 'x', ports: ['1-65535:1-65535'] } } });
    assert.equal(model.services['a']?.ports?.length, 65535);
    assert.ok(Date.now() - started < 10_000);
  });

  it('a long dependency chain does not overflow the stack', () => {
    const services: Record<string, unknown> = {};
    for (let i = 0; i < 20000; i++) services[`s${i}`] = { image: 'x', depends_on: i > 0 ? [`s${i - 1}`] : [] };
    services['s0'] = { image: 'x', depends_on: ['s19999'] };
    const { issues } = pipeline(services === undefined ? {} : { services });
    assert.deepEqual(
      issues.map((i) => i.code),
      ['COMPOSE_DEPENDENCY_CYCLE'],
    );
  });
});
