// `orc compose ps|logs|exec|stop|start|restart|kill|rm|top|images|cp|wait|port`
// through a real daemon and the real CLI. Containers carrying Compose's
// labels stand in for a project (made with `orc run --label …`), so these
// commands are tested apart from the reconciler that creates them from a
// file. Needs root.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sleep } from '../helpers/host.js';
import { bin, daemonFixture, IMAGE, orcWith, skipReason } from './helpers/daemon.js';

const skip = skipReason();
const PREFIX = `/tmp/orccp${process.pid}-`;
const cgroupParent = `/orc-compose-project-test-${process.pid}`;
const suffix = Math.random().toString(36).slice(2, 8);
const P = `cp${suffix}`;
const OTHER = `other${suffix}`;

const L = 'com.docker.compose';

describe('orc compose project commands through the daemon', { skip }, () => {
  const daemon = daemonFixture(PREFIX, cgroupParent);
  const orc = daemon.orc;
  const compose = (...args: string[]) => orc('compose', '-p', P, ...args);

  /** A container of service `service` #n of `project`, as the reconciler names and labels them. */
  const member = (project: string, service: string, n: number, script: string, extra: string[] = []): string => {
    const r = orc('run', '-d', '--name', `${project}-${service}-${n}`,
      '--label', `${L}.project=${project}`, '--label', `${L}.service=${service}`, '--label', `${L}.container-number=${n}`,
      '--label', `${L}.oneoff=False`, ...extra, IMAGE, 'sh', '-c', script);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };

  before(async () => {
    await daemon.setUp();
    const onDb = ['--label', `${L}.depends_on=db:service_started:false`];
    member(P, 'web', 1, 'echo web one says hi; echo web one again; exec sleep 301', onDb);
    member(P, 'web', 2, 'echo web two says hi; exec sleep 302', onDb);
    member(P, 'db', 1, 'echo db ready; exec sleep 300');
    const oneOff = orc('run', '-d', '--name', `${P}-web-run-1a2b`, '--label', `${L}.project=${P}`, '--label', `${L}.service=web`,
      '--label', `${L}.container-number=1`, '--label', `${L}.oneoff=True`, IMAGE, 'sleep', '300');
    assert.equal(oneOff.status, 0, oneOff.stderr);
    member(OTHER, 'web', 1, 'echo not mine; exec sleep 300');
  });

  after(() => daemon.tearDown());

  it('ps lists the project\'s service containers by name, one-offs only with -a, other projects never', () => {
    const r = compose('ps');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]), [`${P}-db-1`, `${P}-web-1`, `${P}-web-2`]);
    assert.match(lines[2] ?? '', new RegExp(`^${P}-web-1\\s+${IMAGE.replace(/[./]/g, '\\$&')}\\s+"sh -c .{0,14}…"\\s+web\\s+.*Up `));
    const all = compose('ps', '-a', '--services');
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual(all.stdout.trim().split('\n').sort(), ['db', 'web']);
    const names = compose('ps', '-a', '--format', 'json').stdout.trim().split('\n').map((l) => (JSON.parse(l) as { Name: string }).Name);
    assert.deepEqual(names, [`${P}-db-1`, `${P}-web-1`, `${P}-web-2`, `${P}-web-run-1a2b`]);
  });

  it('ps --format json prints one Compose object a line; a service filter and -q select', () => {
    const r = compose('ps', '--format', 'json', 'db');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const o = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.equal(o['Name'], `${P}-db-1`);
    assert.equal(o['Service'], 'db');
    assert.equal(o['Project'], P);
    assert.equal(o['State'], 'running');
    assert.equal(o['ExitCode'], 0);
    assert.equal(o['Health'], '');
    assert.equal(o['Publishers'], null);
    assert.match(String(o['Status']), /^Up /);
    assert.match(String(o['ID']), /^[0-9a-f]{12}$/);
    const q = compose('ps', '-q', 'web');
    assert.deepEqual(q.stdout.trim().split('\n').map((l) => l.length), [64, 64]);
  });

  it('a service the file does not declare is "no such service", exit 1', () => {
    const dir = join(daemon.root, 'proj');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'compose.yaml'), `name: ${P}\nservices:\n  web:\n    image: ${IMAGE}\n  db:\n    image: ${IMAGE}\n`);
    const r = orcWith(daemon.socket, ['compose', 'ps', 'nope'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no such service: nope/);
    const ok = orcWith(daemon.socket, ['compose', 'ps', '--services'], { cwd: dir });
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(ok.stdout.trim().split('\n').sort(), ['db', 'web']);
  });

  it('pull skips services that only build, fails on an unreachable registry, and goes on with --ignore-pull-failures', () => {
    const dir = join(daemon.root, 'pull');
    mkdirSync(dir, { recursive: true });
    // port 1 on loopback: nothing listens, the pull fails at once
    writeFileSync(join(dir, 'compose.yaml'), `name: pull${suffix}\nservices:\n  app:\n    image: 127.0.0.1:1/nothing:1\n  built:\n    build: .\n`);
    const r = orcWith(daemon.socket, ['compose', 'pull'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /built {2}Skipped - No image to be pulled/);
    assert.match(r.stderr, /Image 127\.0\.0\.1:1\/nothing:1 {2}Error /);
    const ignored = orcWith(daemon.socket, ['compose', 'pull', '--ignore-pull-failures'], { cwd: dir });
    assert.equal(ignored.status, 0, ignored.stderr);
    const quiet = orcWith(daemon.socket, ['compose', 'pull', '-q', 'built'], { cwd: dir });
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
  });

  it('logs prefixes each line with the container\'s name without the project, padded to the longest; --tail per container', () => {
    const r = compose('logs', '--no-color');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').sort();
    assert.deepEqual(lines, ['db-1   | db ready', 'web-1  | web one again', 'web-1  | web one says hi', 'web-2  | web two says hi']);
    const tail = compose('logs', '--tail', '1', 'web');
    assert.deepEqual(tail.stdout.trimEnd().split('\n').sort(), ['web-1  | web one again', 'web-2  | web two says hi']);
    const bare = compose('logs', '--no-log-prefix', '--index', '2', 'web');
    assert.equal(bare.stdout, 'web two says hi\n');
  });

  it('logs -f follows, picks up a container started later, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [bin, '-H', `unix://${daemon.socket}`, 'compose', '-p', P, 'logs', '-f', '--tail', '0', 'late'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await sleep(1500);
      member(P, 'late', 1, 'echo late arrival; exec sleep 300');
      const deadline = Date.now() + 15_000;
      while (!out.includes('late arrival') && Date.now() < deadline) await sleep(100);
      assert.match(out, /late-1 {2}\| late arrival\n/);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      orc('rm', '-f', `${P}-late-1`);
    }
  });

  it('exec runs in the service\'s first container, or the one --index names; an idle index is Compose\'s error', () => {
    const one = compose('exec', '-T', '-e', 'FOO=bar', 'web', 'sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; echo $FOO');
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /^sleep 301 \n/);
    assert.match(one.stdout, /\nbar\n$/);
    const two = compose('exec', '-T', '--index', '2', 'web', 'sh', '-c', 'cat /proc/1/cmdline');
    assert.equal(two.stdout, 'sleep\x00302\x00');
    const code = compose('exec', '-T', 'db', 'sh', '-c', 'exit 3');
    assert.equal(code.status, 3);
    const missing = compose('exec', '-T', '--index', '9', 'web', 'true');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /service "web" is not running container #9/);
  });

  it('top prints each running container\'s name and its processes', () => {
    const r = compose('top', 'db');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `${P}-db-1`);
    assert.match(lines[1] ?? '', /^UID\s+PID\s+PPID/);
    assert.match(r.stdout, /sleep 300/);
    const stats = compose('stats', '--no-stream', '--format', 'json', 'db');
    assert.equal(stats.status, 0, stats.stderr);
    assert.deepEqual(stats.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { Name: string }).Name), [`${P}-db-1`]);
  });

  it('images lists each container\'s image: CONTAINER, REPOSITORY, TAG, IMAGE ID, SIZE', () => {
    const r = compose('images', 'db');
    assert.equal(r.status, 0, r.stderr);
    const [head, row] = r.stdout.trimEnd().split('\n');
    assert.match(head ?? '', /^CONTAINER\s+REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
    const [repo, tag] = IMAGE.split(':');
    assert.match(row ?? '', new RegExp(`^${P}-db-1\\s+${(repo ?? '').replace(/[./]/g, '\\$&')}\\s+${tag}\\s+[0-9a-f]{12}\\s+[0-9.]+[kMG]?B$`));
    const q = compose('images', '-q');
    assert.equal(q.stdout.trim().split('\n').length, 1, 'one image, listed once');
  });

  it('cp copies into every container of a service and out of its first', () => {
    const src = join(daemon.root, 'cp-in.txt');
    writeFileSync(src, `copied ${suffix}\n`);
    const r = compose('cp', src, 'web:/tmp/in.txt');
    assert.equal(r.status, 0, r.stderr);
    for (const i of ['1', '2']) assert.equal(compose('exec', '-T', '--index', i, 'web', 'cat', '/tmp/in.txt').stdout, `copied ${suffix}\n`);
    const dest = join(daemon.root, 'cp-out.txt');
    const back = compose('cp', 'web:/tmp/in.txt', dest);
    assert.equal(back.status, 0, back.stderr);
    assert.equal(readFileSync(dest, 'utf8'), `copied ${suffix}\n`);
  });

  it('port reads the published port from the inspect document; a port not published is Compose\'s error', () => {
    const r = compose('port', 'db', '5432');
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`no port 5432/tcp for container ${P}-db-1`));
  });

  it('stop, start, restart, kill act on the service containers only, in dependency order, and leave other projects alone', () => {
    const stop = compose('stop', '-t', '1');
    assert.equal(stop.status, 0, stop.stderr);
    // web depends on db (label): web's containers stop first
    const stopped = stop.stderr.split('\n').filter((l) => l.endsWith('Stopped')).map((l) => l.trim());
    assert.deepEqual(stopped.slice(-1), [`Container ${P}-db-1  Stopped`]);
    assert.equal(compose('ps', '-q').stdout, '');
    assert.equal(orc('ps', '-q', '--no-trunc').stdout.trim().split('\n').length, 2, 'the one-off and the other project still run');
    const start = compose('start', 'web');
    assert.equal(start.status, 0, start.stderr);
    assert.deepEqual(compose('ps', '--services').stdout.trim().split('\n'), ['web']);
    const restart = compose('restart', 'db');
    assert.equal(restart.status, 0, restart.stderr);
    assert.match(restart.stderr, new RegExp(`Container ${P}-db-1  Restarting`));
    assert.deepEqual(compose('ps', '--services').stdout.trim().split('\n').sort(), ['db', 'web']);
    const kill = compose('kill', '-s', 'KILL', 'db');
    assert.equal(kill.status, 0, kill.stderr);
    assert.match(kill.stderr, new RegExp(`Container ${P}-db-1  Killed`));
  });

  it('an unknown project or service without a file is Compose\'s error, exit 1', () => {
    const r = orc('compose', '-p', `none${suffix}`, 'stop');
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`no container found for project "none${suffix}": not found`));
    const s = compose('start', 'nope');
    assert.equal(s.status, 1);
    assert.match(s.stderr, /no such service: "nope": not found/);
  });

  it('wait prints each container\'s status code and exits with it', () => {
    member(P, 'job', 1, 'sleep 1; exit 4');
    const r = compose('wait', 'job');
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stdout, /^container "[0-9a-f]{64}" exited with status code 4\n$/);
    const none = compose('wait', 'job');
    assert.equal(none.status, 1);
    assert.match(none.stderr, new RegExp(`no containers for project "${P}"`));
  });

  it('rm asks first (no answer: nothing removed), removes the stopped containers with -f, and -s stops them first', () => {
    const ask = daemon.orcIn('', 'compose', '-p', P, 'rm');
    assert.equal(ask.status, 0, ask.stderr);
    assert.match(ask.stdout, new RegExp(`^Going to remove ${P}-db-1, ${P}-job-1\\nAre you sure\\? \\[yN\\] `));
    assert.match(compose('ps', '-a', '--services').stdout, /job/);
    const yes = daemon.orcIn('y\n', 'compose', '-p', P, 'rm', 'job');
    assert.equal(yes.status, 0, yes.stderr);
    assert.doesNotMatch(compose('ps', '-a', '--services').stdout, /job/);
    const force = compose('rm', '-f', '-s', 'web');
    assert.equal(force.status, 0, force.stderr);
    assert.match(force.stdout, new RegExp(`^Going to remove ${P}-web-1, ${P}-web-2\\n$`));
    assert.deepEqual(compose('ps', '-a', '--format', 'json').stdout.trim().split('\n').map((l) => (JSON.parse(l) as { Name: string }).Name), [`${P}-db-1`, `${P}-web-run-1a2b`]);
    const nothing = compose('rm', '-f', 'web');
    assert.equal(nothing.status, 0);
    assert.match(nothing.stderr, /No stopped containers/);
  });
});
