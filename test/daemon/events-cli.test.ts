// `orc events`, `orc pause` and `orc unpause` through the real CLI against a
// real `orc daemon` (temp data root and socket). Needs root.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { waiter } from '../helpers/host.js';
import { bin, busyboxArchive, daemonFixture, skipReason } from './helpers/daemon.js';

const skip = skipReason();
const PREFIX = `/tmp/orce${process.pid}-`;
const cgroupParent = `/orc-daemon-events-test-${process.pid}`;
const IMAGE = 'events-test/busybox:1';
const waitFor = waiter(20_000, 50);

/** Docker's line: `2026-11-23T10:00:00.123456789Z container start ID (image=…, name=…)`. */
const LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z) (\w+) (\S+(?:: [^(]*)?) ([0-9a-f]{64}|\S+)(?: \((.*)\))?$/;

describe('orc events, pause and unpause through the daemon', { skip }, () => {
  const d = daemonFixture(PREFIX, cgroupParent);
  const orc = d.orc;
  let started = 0;

  before(async () => {
    started = Date.now();
    await d.setUp({ archive: busyboxArchive(IMAGE) });
  });
  after(() => d.tearDown());

  const nowSeconds = (): string => (Date.now() / 1000).toFixed(3);

  it('--since/--until replay what happened and end: create, start, die (exitCode), destroy in Docker\'s line format', () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const run = orc('run', '--name', 'ev-cycle', '--label', 'team=blue', IMAGE, 'sh', '-c', 'exit 2');
    assert.equal(run.status, 2, run.stderr);
    assert.equal(orc('rm', 'ev-cycle').status, 0);
    const r = orc('events', '--since', String(since), '--until', nowSeconds(), '--filter', 'container=ev-cycle',
      '--filter', 'event=create', '--filter', 'event=start', '--filter', 'event=die', '--filter', 'event=destroy');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const parsed = lines.map((l) => LINE.exec(l));
    assert.ok(parsed.every((m) => m !== null), r.stdout);
    assert.deepEqual(parsed.map((m) => `${m?.[2]} ${m?.[3]}`), ['container create', 'container start', 'container die', 'container destroy']);
    assert.equal(new Set(parsed.map((m) => m?.[4])).size, 1, 'one container id');
    assert.equal(parsed[2]?.[5], `exitCode=2, image=${IMAGE}, name=ev-cycle, team=blue`);
    const stamps = parsed.map((m) => m?.[1] ?? '');
    assert.deepEqual([...stamps].sort(), stamps, 'in time order');
  });

  it('filters by type and label, --format json and {{json .}}, a duration for --since, and RFC 3339', () => {
    const load = orc('events', '--since', new Date(started).toISOString(), '--until', nowSeconds(), '--filter', 'type=image', '--format', '{{json .}}');
    assert.equal(load.status, 0, load.stderr);
    const images = load.stdout.trim().split('\n').map((l) => JSON.parse(l) as { Type: string; Action: string; Actor: { ID: string }; timeNano: number; scope: string });
    assert.ok(images.length >= 1 && images.every((e) => e.Type === 'image'), load.stdout);
    assert.equal(images[0]?.Action, 'load');
    assert.equal(images[0]?.scope, 'local');
    assert.match(load.stdout, /"timeNano":\d{19}\}/);

    assert.equal(orc('run', '--name', 'ev-label', '--label', 'colour=green', IMAGE, 'true').status, 0);
    const labelled = orc('events', '--since', '1m', '--until', nowSeconds(), '--filter', 'label=colour=green', '--filter', 'event=start', '--format', 'json');
    assert.equal(labelled.status, 0, labelled.stderr);
    const got = labelled.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; Action: string; Actor: { Attributes: Record<string, string> } });
    assert.deepEqual(got.map((e) => [e.Action, e.status, e.Actor.Attributes['name']]), [['start', 'start', 'ev-label']]);
    const tpl = orc('events', '--since', '1m', '--until', nowSeconds(), '--filter', 'container=ev-label', '--filter', 'event=die', '--format', '{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}');
    assert.equal(tpl.stdout, 'die ev-label 0\n');
    assert.equal(orc('rm', 'ev-label').status, 0);

    const bad = orc('events', '--since', 'yesterday-ish', '--until', nowSeconds());
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--since: invalid time "yesterday-ish"/);
    const badFilter = orc('events', '--until', nowSeconds(), '--filter', 'colour=red');
    assert.notEqual(badFilter.status, 0);
    assert.match(badFilter.stderr, /invalid filter 'colour'/);
  });

  it('without --until it follows new events until interrupted', async () => {
    const child = spawn(process.execPath, [bin, '-H', `unix://${d.socket}`, 'events', '--filter', 'container=ev-live', '--filter', 'event=start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await new Promise((r) => setTimeout(r, 1500)); // the subscription is open
      assert.equal(orc('run', '--name', 'ev-live', IMAGE, 'true').status, 0);
      await waitFor('the start line', () => /container start [0-9a-f]{64} \(.*name=ev-live/.test(out));
      assert.equal(child.exitCode, null, 'events ended by itself');
    } finally {
      child.kill('SIGINT');
      await exited;
      orc('rm', '-f', 'ev-live');
    }
  });

  it('pause/unpause print the names; ps shows (Paused); Docker\'s conflicts; a paused container is stopped and removed', () => {
    assert.equal(orc('run', '-d', '--name', 'p1', IMAGE, 'sleep', '60').status, 0);
    assert.equal(orc('run', '-d', '--name', 'p2', IMAGE, 'sleep', '60').status, 0);
    const pause = orc('pause', 'p1', 'p2');
    assert.equal(pause.status, 0, pause.stderr);
    assert.equal(pause.stdout, 'p1\np2\n');
    assert.match(orc('ps').stdout, /Up .*\(Paused\).*p1/);
    const again = orc('pause', 'p1');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /container p1 .*is already paused/);
    const inspect = JSON.parse(orc('inspect', 'p1').stdout) as Array<{ State: { Status: string; Paused: boolean; Running: boolean } }>;
    assert.deepEqual(inspect[0]?.State && { s: inspect[0].State.Status, p: inspect[0].State.Paused, r: inspect[0].State.Running }, { s: 'paused', p: true, r: true });

    const unpause = orc('unpause', 'p2');
    assert.equal(unpause.stdout, 'p2\n');
    assert.doesNotMatch(orc('ps').stdout, /Paused.*p2/);
    assert.match(orc('unpause', 'p2').stderr, /is not paused/);

    const stop = orc('stop', '-t', '1', 'p1');
    assert.equal(stop.status, 0, stop.stderr);
    assert.match(orc('ps', '-a').stdout, /Exited \(\d+\).*p1/);
    const notRunning = orc('pause', 'p1');
    assert.equal(notRunning.status, 1);
    assert.match(notRunning.stderr, /container p1 .*is not running/);
    assert.equal(orc('rm', 'p1').status, 0);

    assert.equal(orc('pause', 'p2').status, 0);
    const rm = orc('rm', '-f', 'p2');
    assert.equal(rm.status, 0, rm.stderr);
    assert.equal(orc('ps', '-aq').stdout, '');

    const ev = orc('events', '--since', '1m', '--until', nowSeconds(), '--filter', 'container=p1', '--filter', 'container=p2', '--filter', 'event=pause', '--filter', 'event=unpause');
    assert.deepEqual(ev.stdout.trim().split('\n').map((l) => LINE.exec(l)).map((m) => `${m?.[3]} ${/name=(\w+)/.exec(m?.[5] ?? '')?.[1]}`),
      ['pause p1', 'pause p2', 'unpause p2', 'unpause p1', 'pause p2', 'unpause p2']);
  });

  it('a paused container stays paused across a daemon restart', async () => {
    assert.equal(orc('run', '-d', '--name', 'p3', IMAGE, 'sleep', '60').status, 0);
    assert.equal(orc('pause', 'p3').status, 0);
    await d.stop();
    await d.restart();
    assert.match(orc('ps').stdout, /\(Paused\).*p3/);
    assert.equal(orc('unpause', 'p3').status, 0);
    assert.equal(orc('rm', '-f', 'p3').status, 0);
  });
});
