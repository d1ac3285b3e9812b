/**
 * A web stack end to end through the real CLI and daemon: a database
 * stand-in with a health check, a one-shot migration, an API that reaches the
 * database by name and a front published on 127.0.0.1 come up with
 * `orc up -d --wait` in dependency order; DNS, published ports and hairpin
 * work; scaling gives several DNS answers; a changed service alone is
 * recreated; `restart: always` brings a killed container back; `down -v`
 * leaves nothing (checked piece by piece); failures are clear and leave
 * nothing behind.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sleep } from '../helpers/host.js';
import { bin, daemonFixture, IMAGE, skip } from './helpers/daemon.js';

const suffix = Math.random().toString(16).slice(2, 8);
const fx = daemonFixture('/tmp/orc-stack-', `/orc-test-stack-${suffix}`);

/** A free TCP port on 127.0.0.1 (bound, then released). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 5000, insecureHTTPParser: true }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

function stackYaml(project: string, port: number, port2: number, apiGreeting: string): string {
  return `name: ${project}
services:
  db:
    image: ${IMAGE}
    command: ["sh", "-c", "sleep 1; mkdir -p /www && echo db-ready > /www/index.html && exec httpd -f -p 5432 -h /www"]
    volumes:
      - data:/data
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:5432/"]
      interval: 1s
      timeout: 2s
      retries: 30
      start_interval: 100ms
      start_period: 10s
  migrate:
    image: ${IMAGE}
    command: ["sh", "-c", "wget -q -O /data/migrated http://db:5432/ && echo migrated"]
    volumes:
      - data:/data
    depends_on:
      db:
        condition: service_healthy
  api:
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\\\necho Content-Type: text/plain\\\\necho\\\\necho $$GREETING\\\\nwget -q -O - http://db:5432/\\\\n' > /www/cgi-bin/hello && chmod +x /www/cgi-bin/hello && exec httpd -f -p 8080 -h /www"]
    environment:
      GREETING: ${apiGreeting}
    restart: always
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
  web:
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\\\necho Content-Type: text/plain\\\\necho\\\\nwget -q -O - http://api:8080/cgi-bin/hello\\\\n' > /www/cgi-bin/front && chmod +x /www/cgi-bin/front && exec httpd -f -p 80 -h /www"]
    ports:
      - "127.0.0.1:${port}:80"
      - "${port2}:80"
    depends_on:
      - api
volumes:
  data:
`;
}

interface Inspect {
  Id: string;
  Name: string;
  State: { Status: string; Pid: number; StartedAt: string; FinishedAt: string; ExitCode: number; Health?: { Status: string; Log: Array<{ Start: string; ExitCode: number }> } };
  NetworkSettings: { Networks: Record<string, { IPAddress: string; Gateway: string }> };
}

describe('orc up: a four-service web stack', { skip, concurrency: false, timeout: 300_000 }, () => {
  const project = `e2e${suffix}`;
  let dir = '';
  let file = '';
  let port = 0;
  let port2 = 0;
  const orc = (...args: string[]): ReturnType<typeof fx.orc> => fx.orc(...args);
  const compose = (...args: string[]): ReturnType<typeof fx.orc> => fx.orc('compose', '-f', file, ...args);
  const inspect = (name: string): Inspect => {
    const r = orc('inspect', name);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as Inspect[])[0] as Inspect;
  };
  const ids = (): Map<string, string> => {
    const r = compose('ps', '-a', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const out = new Map<string, string>();
    for (const line of r.stdout.split('\n').filter((l) => l.trim() !== '')) {
      const c = JSON.parse(line) as { Name: string; ID: string };
      out.set(c.Name, c.ID);
    }
    return out;
  };
  /** `nslookup NAME` inside a container: the addresses it got. */
  const lookup = (container: string, name: string): string[] => {
    const r = orc('exec', container, 'nslookup', name);
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const answer = r.stdout.split(/Name:\s+/).slice(1).join('\n');
    return [...answer.matchAll(/Address(?: \d+)?:\s+([0-9.]+)/g)].map((m) => m[1] as string);
  };

  before(async () => {
    await fx.setUp();
    dir = mkdtempSync(join(tmpdir(), 'orc-stack-proj-'));
    file = join(dir, 'compose.yaml');
    port = await freePort();
    port2 = await freePort();
    writeFileSync(file, stackYaml(project, port, port2, 'hello'));
  });
  after(async () => {
    if (file !== '') compose('down', '-v', '-t', '0');
    await fx.tearDown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('up -d --wait brings the stack up in dependency order', () => {
    const r = orc('up', '-f', file, '-d', '--wait');
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const db = inspect(`${project}-db-1`);
    const migrate = inspect(`${project}-migrate-1`);
    const api = inspect(`${project}-api-1`);
    assert.equal(db.State.Health?.Status, 'healthy');
    assert.equal(migrate.State.Status, 'exited');
    assert.equal(migrate.State.ExitCode, 0);
    const firstHealthy = db.State.Health?.Log.find((l) => l.ExitCode === 0)?.Start ?? '';
    assert.ok(firstHealthy !== '' && Date.parse(migrate.State.StartedAt) >= Date.parse(firstHealthy) - 5, 'migrate started after db was healthy');
    assert.ok(Date.parse(api.State.StartedAt) >= Date.parse(migrate.State.FinishedAt), 'api started after migrate completed');
    const labels = (JSON.parse(orc('inspect', `${project}-api-1`).stdout) as Array<{ Config: { Labels: Record<string, string> } }>)[0]?.Config.Labels ?? {};
    assert.equal(labels['com.docker.compose.project'], project);
    assert.equal(labels['com.docker.compose.service'], 'api');
    assert.equal(labels['com.docker.compose.container-number'], '1');
    assert.equal(labels['com.docker.compose.oneoff'], 'False');
    assert.match(labels['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
  });

  test('the front answers on 127.0.0.1, through the api and the db, by service names', async () => {
    const r = await httpGet(`http://127.0.0.1:${port}/cgi-bin/front`);
    assert.equal(r.status, 200);
    assert.match(r.body, /hello/);
    assert.match(r.body, /db-ready/);
  });

  test('DNS: service and container names, AAAA empty, unknown names fail', () => {
    const db = inspect(`${project}-db-1`);
    const dbIp = Object.values(db.NetworkSettings.Networks)[0]?.IPAddress;
    assert.deepEqual(lookup(`${project}-web-1`, 'db'), [dbIp]);
    assert.deepEqual(lookup(`${project}-web-1`, `${project}-db-1`), [dbIp]);
    const resolv = orc('exec', `${project}-web-1`, 'cat', '/etc/resolv.conf');
    assert.match(resolv.stdout, /^nameserver 127\.0\.0\.11$/m);
    assert.match(resolv.stdout, /ndots:0/);
  });

  test('hairpin: a container reaches the published port through the host', async () => {
    const api = inspect(`${project}-api-1`);
    const gateway = Object.values(api.NetworkSettings.Networks)[0]?.Gateway ?? '';
    assert.notEqual(gateway, '');
    // busybox wget crashes on IP literals: plain HTTP through nc
    const fetch = (host: string, p: number): ReturnType<typeof fx.orc> =>
      orc('exec', `${project}-api-1`, 'sh', '-c', `printf 'GET /cgi-bin/front HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${host} ${p}`);
    const hairpin = fetch(gateway, port2);
    assert.equal(hairpin.status, 0, hairpin.stderr);
    assert.match(hairpin.stdout, /hello/);
    const host = await httpGet(`http://127.0.0.1:${port2}/cgi-bin/front`);
    assert.match(host.body, /hello/);
    // the first port is published on 127.0.0.1 only: not on the gateway's address
    const refused = fetch(gateway, port);
    assert.doesNotMatch(refused.stdout, /hello/);
  });

  test('--scale api=3 gives three DNS answers', () => {
    const r = orc('up', '-f', file, '-d', '--wait', '--scale', 'api=3');
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const answers = lookup(`${project}-web-1`, 'api');
    assert.equal(new Set(answers).size, 3, answers.join(' '));
  });

  test('changing one service\'s environment recreates only it', () => {
    const before = ids();
    writeFileSync(file, stackYaml(project, port, port2, 'changed'));
    const r = orc('up', '-f', file, '-d', '--wait', '--scale', 'api=3');
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const now = ids();
    for (const name of [`${project}-db-1`, `${project}-web-1`, `${project}-migrate-1`]) assert.equal(now.get(name), before.get(name), `${name} kept`);
    for (const n of [1, 2, 3]) assert.notEqual(now.get(`${project}-api-${n}`), before.get(`${project}-api-${n}`), `api-${n} recreated`);
  });

  test('restart: always brings a killed container back', async () => {
    const name = `${project}-api-1`;
    const pid = inspect(name).State.Pid;
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const s = inspect(name).State;
      if (s.Status === 'running' && s.Pid !== pid) break;
      assert.ok(Date.now() < deadline, `${name} did not come back: ${JSON.stringify(s)}`);
      await sleep(100);
    }
  });

  test('compose pause and unpause freeze a service and let it go', () => {
    assert.equal(compose('pause', 'web').status, 0);
    assert.equal(inspect(`${project}-web-1`).State.Status, 'paused');
    assert.equal(compose('unpause', 'web').status, 0);
    assert.equal(inspect(`${project}-web-1`).State.Status, 'running');
  });

  test('down -v removes containers, namespaces, veths, bridge, rules, mounts, cgroups and volumes', () => {
    const net = JSON.parse(orc('network', 'inspect', `${project}_default`).stdout) as Array<{ Id: string; Options?: Record<string, string> }>;
    const bridgeOf = JSON.stringify(net);
    const r = orc('down', '-f', file, '-v');
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.equal(orc('ps', '-aq').stdout.trim(), '', 'no container');
    const netns = join(fx.root, 'netns');
    assert.deepEqual(existsSync(netns) ? readdirSync(netns) : [], [], 'no netns file');
    assert.notEqual(orc('network', 'inspect', `${project}_default`).status, 0, 'the network is gone');
    const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
    for (const m of bridgeOf.matchAll(/"(br-[0-9a-f]+|orc[0-9a-z-]*)"/g)) assert.ok(!links.includes(`${m[1]}:`), `bridge ${m[1]} is gone`);
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((l) => l.includes(fx.root));
    assert.deepEqual(mounts, [], 'no mount under the data root');
    assert.equal(orc('volume', 'ls', '-q').stdout.trim(), '', 'no volume');
    const rules = spawnSync('nft', ['list', 'ruleset'], { encoding: 'utf8' }).stdout;
    assert.ok(!rules.includes(String(port)), 'no nftables rule for the published port');
    for (const c of ['memory', 'pids', 'cpu,cpuacct']) {
      const d = `/sys/fs/cgroup/${c}/orc-test-stack-${suffix}`;
      assert.deepEqual(existsSync(d) ? readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [], [], `no cgroup under ${d}`);
    }
  });
});

describe('orc up: failures are clear and leave nothing behind', { skip, concurrency: false, timeout: 120_000 }, () => {
  const fx = daemonFixture('/tmp/orc-stackf-', `/orc-test-stackf-${suffix}`);
  let dir = '';
  let blocker: Server | undefined;
  const project = `e2f${suffix}`;
  before(async () => {
    await fx.setUp();
    dir = mkdtempSync(join(tmpdir(), 'orc-stack-fail-'));
  });
  after(async () => {
    blocker?.close();
    rmSync(dir, { recursive: true, force: true });
    await fx.tearDown();
  });
  const nothingLeft = (): void => {
    const mine = fx.orc('ps', '-a', '--format', 'json').stdout.split('\n').filter((l) => l.includes(`com.docker.compose.project=${project}`));
    assert.deepEqual(mine, [], 'no container');
    assert.notEqual(fx.orc('network', 'inspect', `${project}_default`).status, 0, 'no network');
  };
  const up = (yaml: string): ReturnType<typeof fx.orc> => {
    const f = join(dir, 'compose.yaml');
    writeFileSync(f, yaml);
    return fx.orc('up', '-f', f, '-d');
  };

  test('a host port in use', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker?.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    const r = up(`name: ${project}\nservices:\n  web:\n    image: ${IMAGE}\n    command: ["sleep", "60"]\n    ports: ["127.0.0.1:${taken}:80"]\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`web.*127\\.0\\.0\\.1:${taken}.*already allocated`));
    nothingLeft();
  });

  test('an image that is not there', () => {
    const r = up(`name: ${project}\nservices:\n  web:\n    image: 127.0.0.1:1/orc-missing/image:1\n  db:\n    image: ${IMAGE}\n    command: ["sleep", "60"]\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /web.*127\.0\.0\.1:1\/orc-missing\/image:1/);
    nothingLeft();
  });

  test('an external network that does not exist', () => {
    const r = up(`name: ${project}\nservices:\n  web:\n    image: ${IMAGE}\n    command: ["sleep", "60"]\n    networks: [outside]\nnetworks:\n  outside:\n    external: true\n    name: orc-no-such-net-${suffix}\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`orc-no-such-net-${suffix}.*could not be found`));
    nothingLeft();
  });

  test('a container_name already taken', () => {
    const taken = `taken-${suffix}`;
    assert.equal(fx.orc('run', '-d', '--name', taken, IMAGE, 'sleep', '60').status, 0);
    try {
      const r = up(`name: ${project}\nservices:\n  web:\n    image: ${IMAGE}\n    command: ["sleep", "60"]\n    container_name: ${taken}\n  db:\n    image: ${IMAGE}\n    command: ["sleep", "60"]\n`);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`web.*${taken}.*already in use`));
      nothingLeft();
    } finally {
      fx.orc('rm', '-f', taken);
    }
  });
});

describe('orc up: interrupted, then run again, converges without duplicates', { skip, concurrency: false, timeout: 180_000 }, () => {
  const fx = daemonFixture('/tmp/orc-stacki-', `/orc-test-stacki-${suffix}`);
  const project = `e2i${suffix}`;
  let dir = '';
  let file = '';
  before(async () => {
    await fx.setUp();
    dir = mkdtempSync(join(tmpdir(), 'orc-stack-int-'));
    file = join(dir, 'compose.yaml');
    const svc = (deps: string): string => `    image: ${IMAGE}\n    init: true\n    command: ["sleep", "3600"]\n${deps}`;
    writeFileSync(file, `name: ${project}\nservices:\n  a:\n${svc('    scale: 3\n')}  b:\n${svc('    depends_on: [a]\n')}  c:\n${svc('    depends_on: [b]\n')}`);
  });
  after(async () => {
    fx.orc('down', '-f', file, '-v', '-t', '0');
    await fx.tearDown();
    rmSync(dir, { recursive: true, force: true });
  });
  const names = (): string[] => fx.orc('ps', '-a', '--format', 'json').stdout.split('\n').filter((l) => l.includes(`com.docker.compose.project=${project}`))
    .map((l) => (JSON.parse(l) as { Names: string }).Names).sort();
  const expected = [`${project}-a-1`, `${project}-a-2`, `${project}-a-3`, `${project}-b-1`, `${project}-c-1`];
  /** `orc up -d` in the background, killed with `kill()` after `ms`. */
  const upKilledAfter = async (ms: number, kill: () => Promise<unknown>): Promise<void> => {
    const child = spawn(process.execPath, [bin, '-H', `unix://${fx.socket}`, 'up', '-f', file, '-d'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    await sleep(ms);
    await kill();
    child.kill('SIGKILL');
    await exited;
  };

  test('the CLI killed during up: up again gives each container once', async () => {
    await upKilledAfter(350, async () => undefined);
    const r = fx.orc('up', '-f', file, '-d', '--wait');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(names(), expected);
  });

  test('the daemon killed -9 during up: a new daemon and up again give each container once', async () => {
    assert.equal(fx.orc('down', '-f', file).status, 0);
    await upKilledAfter(400, () => fx.stop('SIGKILL'));
    await fx.restart();
    const r = fx.orc('up', '-f', file, '-d', '--wait');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(names(), expected);
    for (const n of expected) assert.match(fx.orc('inspect', n).stdout, /"Status": "running"/);
  });

  test('compose events streams the project\'s container events', async () => {
    const child = spawn(process.execPath, [bin, '-H', `unix://${fx.socket}`, 'compose', '-f', file, 'events', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await sleep(500);
      assert.equal(fx.orc('compose', '-f', file, 'restart', 'c').status, 0);
      const deadline = Date.now() + 10_000;
      while (!/"Action":"start"/.test(out) && Date.now() < deadline) await sleep(50);
      assert.match(out, /"Action":"(stop|die|kill)"/);
      assert.match(out, /"Action":"start"/);
      assert.match(out, new RegExp(`${project}-c-1`));
    } finally {
      child.kill('SIGKILL');
    }
  });
});
