/**
 * The test-host harness itself: three hosts as network namespaces on a test
 * bridge, each with its own daemon; traffic between them and from the root
 * namespace; a container on one host; killing a host; a partition; and a
 * teardown (and a sweep) that leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { busyboxArchive, IMAGE, skip as daemonSkip } from '../daemon/helpers/daemon.js';
import { allCgroupDirs, processAlive } from '../helpers/host.js';
import { createHosts, destroyCluster, pickSubnet, prefixesOverlap, sweepStaleTestHosts, type Host, type TestHosts } from './helpers/hosts.js';

function skipReason(): string | false {
  if (daemonSkip !== false) return daemonSkip;
  for (const p of ['nsenter', 'unshare', 'ip', 'nft']) if (spawnSync('which', [p]).status !== 0) return `${p} is missing`;
  return false;
}
const skip = skipReason();

/** What a TCP server at addr:port sends before closing, or the error's code. */
function fetchTcp(addr: string, port: number, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect({ host: addr, port, timeout: timeoutMs });
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('end', () => resolve(got));
    s.on('timeout', () => {
      s.destroy();
      resolve('timeout');
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

/** A TCP server in `h`'s netns on `port` that greets each client with `greeting` and closes; resolves once it listens. */
async function greeter(h: Host, port: number, greeting: string): Promise<void> {
  const child = h.spawn([process.execPath, '-e', `require('net').createServer((s) => s.end(${JSON.stringify(greeting)})).listen(${port}, '0.0.0.0', () => console.log('ready'))`]);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
    child.on('exit', (code) => reject(new Error(`the greeter in ${h.netns} exited (${code})`)));
  });
}

/** `fetchTcp` run by node inside `from`'s netns. */
async function fetchFrom(from: Host, addr: string, port: number): Promise<string> {
  const script = `const s = require('net').connect({ host: '${addr}', port: ${port}, timeout: 2000 }); let b = '';
    s.on('data', (d) => (b += d)); s.on('end', () => console.log(b)); s.on('timeout', () => { console.log('timeout'); process.exit(0); });
    s.on('error', (e) => console.log(e.code))`;
  const r = await from.exec([process.execPath, '-e', script], { timeoutMs: 10_000 });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

describe('subnet choice (no root needed)', () => {
  test('prefixes overlap when one contains the other or they are equal, not when disjoint', () => {
    assert.equal(prefixesOverlap('172.31.0.0/16', '172.31.7.0/24'), true);
    assert.equal(prefixesOverlap('172.31.7.0/24', '172.31.7.128/25'), true);
    assert.equal(prefixesOverlap('172.31.7.0/24', '172.31.8.0/24'), false);
    assert.equal(prefixesOverlap('10.0.0.1/32', '10.0.0.0/8'), true);
  });
  test('pickSubnet avoids every used prefix and fails when none is left', () => {
    const used = Array.from({ length: 255 }, (_, x) => `172.31.${x}.0/24`);
    assert.equal(pickSubnet(used, () => 0.5), '172.31.255.0/24');
    assert.throws(() => pickSubnet(['172.31.0.0/16'], () => 0), /no free/);
  });
});

describe('test hosts', { skip, concurrency: false, timeout: 180_000 }, () => {
  let hosts: TestHosts;
  const at = (i: number): Host => hosts.at(i);

  before(async () => {
    await sweepStaleTestHosts();
    hosts = await createHosts(3);
  });
  after(async () => {
    await hosts?.teardown();
  });

  test('each host has its own address, netns, data root and a daemon that answers', async () => {
    assert.equal(hosts.hosts.length, 3);
    assert.equal(new Set(hosts.hosts.map((h) => h.addr)).size, 3);
    for (const h of hosts.hosts) {
      assert.ok(existsSync(`/run/netns/${h.netns}`), h.netns);
      assert.ok(h.pid !== undefined, `${h.name}: no daemon`);
      const r = await h.orc(['ps', '-a']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /CONTAINER ID/);
      const addr = await h.exec(['ip', '-4', '-o', 'addr', 'show', 'eth0']);
      assert.match(addr.stdout, new RegExp(`inet ${h.addr.replace(/\./g, '\\.')}/24`));
    }
  });

  test('host A reaches host B through the bridge, and so does the root namespace', async () => {
    await greeter(at(1), 9000, 'hello from h1');
    assert.equal(await fetchFrom(at(0), at(1).addr, 9000), 'hello from h1');
    assert.equal(await fetchTcp(at(1).addr, 9000), 'hello from h1');
  });

  test('isolate() cuts a host off, reconnect() brings it back', async () => {
    await greeter(at(2), 9001, 'hello from h2');
    await at(2).isolate();
    try {
      assert.match(await fetchFrom(at(0), at(2).addr, 9001), /timeout|EHOSTUNREACH/);
    } finally {
      await at(2).reconnect();
    }
    assert.equal(await fetchFrom(at(0), at(2).addr, 9001), 'hello from h2');
  });

  test('orc run works on a host: a container on the host daemon\'s default bridge, inside the netns', async () => {
    const h = at(0);
    const archive = join(hosts.dir, 'busybox.tar');
    writeFileSync(archive, busyboxArchive());
    const load = await h.orc(['image', 'load', '-i', archive]);
    assert.equal(load.code, 0, load.stderr);
    const r = await h.orc(['run', '--rm', IMAGE, 'sh', '-c', 'echo hello; ip -4 -o addr show eth0']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^hello\n/);
    // the daemon's bridge lives in the host's netns, not in the root namespace
    const links = await h.exec(['ip', '-o', 'link', 'show', 'type', 'bridge']);
    assert.notEqual(links.stdout.trim(), '');
  });

  let containerIds: string[] = [];
  test('killHost() leaves no process of the host: daemon, shims, containers', async () => {
    const h = at(0);
    const r = await h.orc(['run', '-d', '--name', 'sleeper', IMAGE, 'sleep', '600']);
    assert.equal(r.code, 0, r.stderr);
    containerIds = [r.stdout.trim()];
    const before = h.processes();
    const daemon = h.pid;
    assert.ok(daemon !== undefined && before.includes(daemon));
    assert.ok(before.length >= 3, `daemon, shim and container: ${before.join(' ')}`);
    await h.killHost();
    assert.deepEqual(h.processes(), []);
    assert.equal(spawnSync('ip', ['netns', 'pids', h.netns], { encoding: 'utf8' }).stdout.trim(), '');
    for (const pid of before) assert.equal(processAlive(pid, 'ZX'), false, `pid ${pid} survived`);
    assert.equal(h.pid, undefined);
  });

  test('restartHost() brings a daemon back over the same data root', async () => {
    const h = at(0);
    await h.restartHost();
    assert.ok(h.pid !== undefined);
    const r = await h.orc(['ps', '-a']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /sleeper/);
    const again = await h.orc(['run', '-d', IMAGE, 'sleep', '600']);
    assert.equal(again.code, 0, again.stderr);
    containerIds.push(again.stdout.trim());
  });

  test('teardown leaves no netns, link, nft table, mount, cgroup or temp dir, and can run again', async () => {
    const { id, dir } = hosts;
    await hosts.teardown();
    await hosts.teardown();
    assert.deepEqual(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.startsWith(id)), []);
    assert.deepEqual(spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(id)), []);
    assert.notEqual(spawnSync('nft', ['list', 'table', 'inet', id]).status, 0);
    assert.deepEqual(readFileSync('/proc/mounts', 'utf8').split('\n').filter((l) => l.includes(dir)), []);
    assert.equal(existsSync(dir), false);
    for (const h of hosts.hosts) {
      assert.deepEqual(allCgroupDirs(h.cgroupParent), []);
      assert.equal(existsSync(`/run/netns/${h.netns}`), false);
    }
    assert.ok(containerIds.length === 2);
    const cgroups = spawnSync('find', ['/sys/fs/cgroup', '-maxdepth', '4', '-type', 'd'], { encoding: 'utf8' }).stdout;
    for (const c of containerIds) assert.equal(cgroups.includes(c), false, `a cgroup of ${c} is left`);
  });

  test('sweepStaleTestHosts removes the cluster of a process that died, and leaves live ones', async () => {
    const live = await createHosts(1, { startDaemons: false });
    const stale = await createHosts(1, { startDaemons: false });
    try {
      const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
      writeFileSync(join(stale.dir, 'owner.json'), JSON.stringify({ pid: Number(dead), keep: false }));
      const removed = await sweepStaleTestHosts();
      assert.ok(removed.includes(stale.id), `removed: ${removed.join(' ')}`);
      assert.equal(removed.includes(live.id), false);
      assert.equal(existsSync(stale.dir), false);
      assert.equal(existsSync(`/run/netns/${stale.id}-h0`), false);
      assert.equal(existsSync(live.dir), true);
    } finally {
      await destroyCluster(stale.id);
      await live.teardown();
    }
  });
});
