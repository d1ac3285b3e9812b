// `orc network …` end to end through a real daemon: Docker's columns, -q,
// --format json and --filter of ls, create with IPAM and driver options,
// inspect documents, the errors Docker gives (duplicate name, pre-defined
// network, unknown network or container), prune's prompt, and networks kept
// across a daemon restart. Needs root (bridges, nftables).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Networks } from '../../worker/network/index.js';
import { daemonFixture, skipReason } from './helpers/daemon.js';

const skip = skipReason();
const PREFIX = `/tmp/orcn${process.pid}-`;
const cgroupParent = `/orc-net-cli-test-${process.pid}`;
const suffix = Math.random().toString(36).slice(2, 8);
const third = 100 + Math.floor(Math.random() * 150);

describe('orc network through the daemon', { skip }, () => {
  const daemon = daemonFixture(PREFIX, cgroupParent);
  const orc = daemon.orc;
  const web = `web-${suffix}`;
  const db = `db-${suffix}`;

  before(async () => {
    await daemon.setUp({ load: false });
  });

  after(async () => {
    await daemon.stop();
    if (daemon.root !== '') await Networks.cleanup({ dataRoot: daemon.root });
    await daemon.tearDown();
  });

  it('lists the pre-defined networks in Docker\'s columns', () => {
    const r = orc('network', 'ls');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    assert.match(r.stdout, /^[0-9a-f]{12}\s+bridge\s+bridge\s+local$/m);
    assert.match(r.stdout, /^[0-9a-f]{12}\s+host\s+host\s+local$/m);
    assert.match(r.stdout, /^[0-9a-f]{12}\s+none\s+null\s+local$/m);
  });

  it('creates networks with a subnet, labels, internal and driver options, printing the id', () => {
    const r = orc('network', 'create', '--subnet', `10.213.${third}.0/24`, '--ip-range', `10.213.${third}.128/25`, '--gateway', `10.213.${third}.254`,
      '--label', 'tier=front', '-o', 'com.docker.network.driver.mtu=1400', web);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^[0-9a-f]{64}\n$/);
    const id = r.stdout.trim();
    const i = orc('network', 'create', '--internal', db);
    assert.equal(i.status, 0, i.stderr);
    const [doc] = JSON.parse(orc('network', 'inspect', web).stdout) as Array<Record<string, unknown>>;
    assert.equal(doc?.['Id'], id);
    assert.deepEqual(doc?.['IPAM'], { Driver: 'default', Options: {}, Config: [{ Subnet: `10.213.${third}.0/24`, Gateway: `10.213.${third}.254`, IPRange: `10.213.${third}.128/25` }] });
    assert.deepEqual(doc?.['Labels'], { tier: 'front' });
    assert.equal(doc?.['Scope'], 'local');
    assert.equal(doc?.['Driver'], 'bridge');
    const bridge = `orc-${id.slice(0, 11)}`;
    assert.equal(readFileSync(`/sys/class/net/${bridge}/mtu`, 'utf8').trim(), '1400');
    const [internal] = JSON.parse(orc('network', 'inspect', db).stdout) as Array<{ Internal: boolean; IPAM: { Config: Array<{ Subnet: string }> } }>;
    assert.equal(internal?.Internal, true);
    assert.match(internal?.IPAM.Config[0]?.Subnet ?? '', /^\d+\.\d+\.\d+\.\d+\/\d+$/);
  });

  it('filters, -q and --format json as docker network ls', () => {
    const q = orc('network', 'ls', '-q', '--filter', `name=${suffix}`);
    assert.equal(q.status, 0, q.stderr);
    assert.equal(q.stdout.trim().split('\n').length, 2);
    assert.ok(q.stdout.split('\n').filter((l) => l !== '').every((l) => /^[0-9a-f]{12}$/.test(l)));
    const j = orc('network', 'ls', '--format', 'json', '--filter', 'label=tier=front');
    const rows = j.stdout.trim().split('\n').map((l) => JSON.parse(l) as { Name: string; Driver: string; Internal: string });
    assert.deepEqual(rows.map((x) => x.Name), [web]);
    assert.equal(rows[0]?.Internal, 'false');
    const builtin = orc('network', 'ls', '--filter', 'type=builtin', '--format', 'json').stdout.trim().split('\n').map((l) => (JSON.parse(l) as { Name: string }).Name);
    assert.deepEqual(builtin.sort(), ['bridge', 'host', 'none']);
  });

  it('gives Docker\'s errors: a duplicate name, a pre-defined network, an unknown network or container', () => {
    const dup = orc('network', 'create', web);
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, new RegExp(`network with name ${web} already exists`));
    const pre = orc('network', 'rm', 'bridge');
    assert.equal(pre.status, 1);
    assert.match(pre.stderr, /bridge is a pre-defined network and cannot be removed/);
    const missing = orc('network', 'inspect', `nope-${suffix}`);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, new RegExp(`network nope-${suffix} not found`));
    const c1 = orc('network', 'connect', `nope-${suffix}`, 'c');
    assert.match(c1.stderr, new RegExp(`network nope-${suffix} not found`));
    const c2 = orc('network', 'connect', web, `nocontainer-${suffix}`);
    assert.equal(c2.status, 1);
    assert.match(c2.stderr, /no such container/i);
    const d = orc('network', 'disconnect', web, `nocontainer-${suffix}`);
    assert.equal(d.status, 1);
    const bad = orc('network', 'create', '--driver', 'overlay', `ov-${suffix}`);
    assert.equal(bad.status, 2);
  });

  it('keeps networks and their bridges across a daemon restart', async () => {
    const before = orc('network', 'ls').stdout;
    await daemon.stop();
    await daemon.restart();
    assert.equal(orc('network', 'ls').stdout, before);
    const id = JSON.parse(orc('network', 'inspect', web).stdout)[0].Id as string;
    assert.ok(existsSync(`/sys/class/net/orc-${id.slice(0, 11)}`));
  });

  it('prune asks first, then removes the unused networks; rm removes by name', () => {
    const no = daemon.orcIn('n\n', 'network', 'prune');
    assert.equal(no.status, 0, no.stderr);
    assert.match(no.stdout, /^WARNING! This will remove all custom networks not used by at least one container\.\nAre you sure you want to continue\? \[y\/N\] $/);
    assert.match(orc('network', 'ls').stdout, new RegExp(web));
    const rm = orc('network', 'rm', db);
    assert.equal(rm.status, 0, rm.stderr);
    assert.equal(rm.stdout, `${db}\n`);
    const id = JSON.parse(orc('network', 'inspect', web).stdout)[0].Id as string;
    const yes = orc('network', 'prune', '-f');
    assert.equal(yes.status, 0, yes.stderr);
    assert.equal(yes.stdout, `Deleted Networks:\n${web}\n\n`);
    assert.equal(existsSync(`/sys/class/net/orc-${id.slice(0, 11)}`), false);
    assert.equal(orc('network', 'ls', '-q').stdout.trim().split('\n').length, 3);
  });
});
