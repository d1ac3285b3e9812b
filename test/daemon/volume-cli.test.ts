// `orc volume` and `orc rm -v` end to end through a real daemon and the real
// CLI: create (with options and labels), ls (table, -q, json, filters),
// inspect, rm of a volume in use (refused, exit 1) and of a missing one (-f),
// prune with and without -a, a container using a volume across a daemon
// restart. Needs root.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { VolumeInspect } from '../../worker/volumes/index.js';
import { mountLines } from '../helpers/host.js';
import { IMAGE, daemonFixture, skipReason } from './helpers/daemon.js';

const skip = skipReason();
const PREFIX = `/tmp/orcv${process.pid}-`;
const cgroupParent = `/orc-volume-cli-test-${process.pid}`;

describe('orc volume through the daemon', { skip }, () => {
  const d = daemonFixture(PREFIX, cgroupParent);
  const orc = d.orc;

  before(async () => {
    await d.setUp();
  });

  after(async () => {
    await d.tearDown();
    assert.deepEqual(mountLines((l) => l.includes(PREFIX)), [], 'no mount of this run is left');
  });

  it('create, ls, inspect: Docker\'s outputs', () => {
    let r = orc('volume', 'create', '--label', 'app=web', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'webdata');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'webdata\n');
    r = orc('volume', 'create');
    assert.equal(r.status, 0, r.stderr);
    const anon = r.stdout.trim();
    assert.match(anon, /^[0-9a-f]{64}$/);
    r = orc('volume', 'ls');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').map((l) => l.split(/\s{2,}/)), [['DRIVER', 'VOLUME NAME'], ['local', anon], ['local', 'webdata'], ['']]);
    assert.equal(orc('volume', 'ls', '-q', '-f', 'label=app=web').stdout, 'webdata\n');
    const json = orc('volume', 'ls', '--format', 'json', '-f', 'name=web').stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    assert.deepEqual(json, [{ Driver: 'local', Labels: 'app=web', Mountpoint: join(d.root, 'volumes', 'webdata', '_data'), Name: 'webdata', Scope: 'local' }]);
    r = orc('volume', 'inspect', 'webdata');
    assert.equal(r.status, 0, r.stderr);
    const [doc] = JSON.parse(r.stdout) as VolumeInspect[];
    assert.deepEqual({ ...doc, CreatedAt: '' }, {
      CreatedAt: '', Driver: 'local', Labels: { app: 'web' }, Mountpoint: join(d.root, 'volumes', 'webdata', '_data'), Name: 'webdata',
      Options: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' }, Scope: 'local',
    });
    r = orc('volume', 'inspect', 'webdata', 'nope');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no such volume: nope/);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 1);
    r = orc('volume', 'create', '--driver', 'nfs', 'webdata');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /volume name must be unique/);
    r = orc('volume', 'ls', '-f', 'colour=red');
    assert.equal(r.status, 2, r.stderr);
    assert.equal(orc('volume', 'rm', anon).stdout, `${anon}\n`);
  });

  it('a container\'s volume is in use until `rm`; `rm -v` removes its anonymous volumes; it survives a daemon restart', async () => {
    let r = orc('run', '-d', '--name', 'user', '-v', 'webdata:/w', '-v', '/anon', IMAGE, 'sh', '-c', 'echo hi > /w/f; sleep 60');
    assert.equal(r.status, 0, r.stderr);
    const id = r.stdout.trim();
    const mp = join(d.root, 'volumes', 'webdata', '_data');
    assert.equal(mountLines((l) => l.split(' ')[1] === mp).length, 1, 'the tmpfs volume is mounted');
    r = orc('volume', 'rm', 'webdata');
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`remove webdata: volume is in use - \\[${id}`));
    assert.equal(orc('volume', 'ls', '-q', '-f', 'dangling=true').stdout, '');
    await d.stop();
    await d.restart();
    r = orc('volume', 'rm', '-f', 'webdata');
    assert.equal(r.status, 1, 'still in use after the restart');
    const anon = orc('volume', 'ls', '-q').stdout.split('\n').find((n) => /^[0-9a-f]{64}$/.test(n)) ?? '';
    assert.ok(existsSync(join(d.root, 'volumes', anon)));
    r = orc('rm', '-f', '-v', 'user');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(join(d.root, 'volumes', anon)), false, 'rm -v removed the anonymous volume');
    assert.equal(mountLines((l) => l.split(' ')[1] === mp).length, 0, 'the tmpfs volume is unmounted');
    assert.equal(orc('volume', 'ls', '-q', '-f', 'dangling=true').stdout, 'webdata\n');
    r = orc('volume', 'rm', 'webdata', 'gone');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, 'webdata\n');
    assert.match(r.stderr, /no such volume: gone/);
    assert.equal(orc('volume', 'rm', '-f', 'gone').status, 0);
  });

  it('prune: anonymous unused volumes by default, every unused one with -a; the prompt can refuse', () => {
    const anon = orc('volume', 'create').stdout.trim();
    assert.equal(orc('volume', 'create', 'named').status, 0);
    writeFileSync(join(d.root, 'volumes', anon, '_data', 'f'), Buffer.alloc(1500));
    let r = d.orcIn('n\n', 'volume', 'prune');
    assert.equal(r.stdout, 'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n');
    r = d.orcIn('y\n', 'volume', 'prune');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Deleted Volumes:\\n${anon}\\n\\nTotal reclaimed space: 1.5kB\\n$`));
    r = orc('volume', 'prune', '-a', '-f');
    assert.equal(r.stdout, 'Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n');
    assert.equal(orc('volume', 'ls', '-q').stdout, '');
  });
});
