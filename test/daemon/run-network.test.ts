/**
 * Single containers on networks through the real CLI: a user-defined network
 * with an alias the embedded DNS answers, a random published port read back
 * with `orc port` and reached from the host, and the default bridge without
 * the embedded DNS (as Docker's docker0).
 */
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { sleep } from '../helpers/host.js';
import { daemonFixture, IMAGE, skip } from './helpers/daemon.js';

const suffix = Math.random().toString(16).slice(2, 8);
const fx = daemonFixture('/tmp/orc-runnet-', `/orc-test-runnet-${suffix}`);

function body(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { timeout: 5000, insecureHTTPParser: true }, (res) => {
      let b = '';
      res.on('data', (d: Buffer) => (b += d.toString()));
      res.on('end', () => resolve(b));
    }).on('error', reject);
  });
}

describe('orc run on networks', { skip, concurrency: false, timeout: 120_000 }, () => {
  const net = `n${suffix}`;
  before(async () => {
    await fx.setUp();
  });
  after(async () => {
    await fx.tearDown();
  });

  test('--network NAME --network-alias: other containers resolve the alias through 127.0.0.11', () => {
    assert.equal(fx.orc('network', 'create', net).status, 0);
    const srv = fx.orc('run', '-d', '--name', 'srv', '--network', net, '--network-alias', 'backend', IMAGE, 'sleep', '60');
    assert.equal(srv.status, 0, srv.stderr);
    assert.equal(fx.orc('run', '-d', '--name', 'cli', '--network', net, IMAGE, 'sleep', '60').status, 0);
    const ip = (JSON.parse(fx.orc('inspect', 'srv').stdout) as Array<{ NetworkSettings: { Networks: Record<string, { IPAddress: string }> } }>)[0]?.NetworkSettings.Networks[net]?.IPAddress;
    assert.ok(ip !== undefined && ip !== '');
    for (const name of ['backend', 'srv']) {
      const r = fx.orc('exec', 'cli', 'nslookup', name);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`Address: ${ip.replace(/\./g, '\\.')}`));
    }
    assert.match(fx.orc('exec', 'cli', 'cat', '/etc/resolv.conf').stdout, /^nameserver 127\.0\.0\.11$/m);
    assert.equal(fx.orc('rm', '-f', 'srv', 'cli').status, 0);
    assert.equal(fx.orc('network', 'rm', net).status, 0);
  });

  test('-p 127.0.0.1::80 picks a free port that orc port shows and the host reaches', async () => {
    const r = fx.orc('run', '-d', '--name', 'web', '-p', '127.0.0.1::80', IMAGE, 'sh', '-c', 'mkdir -p /w && echo published > /w/index.html && exec httpd -f -p 80 -h /w');
    assert.equal(r.status, 0, r.stderr);
    const port = fx.orc('port', 'web', '80');
    assert.equal(port.status, 0, port.stderr);
    const m = /^127\.0\.0\.1:(\d+)$/.exec(port.stdout.trim());
    assert.ok(m !== null, port.stdout);
    let text = '';
    for (let i = 0; i < 50 && !text.includes('published'); i++) {
      text = await body(`http://127.0.0.1:${m[1]}/`).catch(() => '');
      if (!text.includes('published')) await sleep(100);
    }
    assert.match(text, /published/);
    assert.notEqual(fx.orc('port', 'web', '81').status, 0);
    assert.equal(fx.orc('rm', '-f', 'web').status, 0);
  });

  test('the default bridge has no embedded DNS, as docker0', () => {
    const r = fx.orc('run', '--rm', IMAGE, 'cat', '/etc/resolv.conf');
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /127\.0\.0\.11/);
    const hosts = fx.orc('run', '--rm', '--hostname', 'box', '--add-host', 'db.example:10.9.8.7', '--add-host', 'gw.example:host-gateway', IMAGE, 'cat', '/etc/hosts');
    assert.equal(hosts.status, 0, hosts.stderr);
    assert.match(hosts.stdout, /10\.9\.8\.7\s+db\.example/);
    assert.match(hosts.stdout, /^\d+\.\d+\.\d+\.1\s+gw\.example$/m);
    assert.match(hosts.stdout, /\sbox$/m);
  });
});
