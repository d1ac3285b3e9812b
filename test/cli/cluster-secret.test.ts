// `orc secret …` and the swarm configs (`orc config create|ls|inspect|rm`) against a fake manager, run in-process;
// the compose `orc config` keeps working beside them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { withFiles } from '../helpers/tmp.js';
import { fakeManager, fileObject, orc, type FakeManager } from './cluster-fake.js';

const rows = (text: string): string[][] => text.trimEnd().split('\n').map((l) => l.split(/ {2,}/));
const spec = (req: Record<string, unknown> | undefined): { name: string; labels: Record<string, string>; data: string } =>
  JSON.parse(String(req?.['spec_json'])) as { name: string; labels: Record<string, string>; data: string };

describe('orc secret', () => {
  let m: FakeManager;
  before(async () => {
    m = await fakeManager();
  });
  after(async () => {
    await m.close();
  });
  beforeEach(() => {
    m.state.secrets = [{ ...fileObject('sec-b', 'b_key', { tier: 'back' }), spec: { name: 'b_key', labels: { tier: 'back' }, data: 'c2VjcmV0' } }, fileObject('sec-a', 'a_pass')];
    m.state.configs = [];
  });

  it('create reads a file, sends it base64 with its labels, and prints the id', async () => {
    await withFiles({ 'pw.txt': 'hunter2\n' }, async (dir) => {
      const r = await orc(m, ['secret', 'create', '--label', 'env=prod', '-l', 'flag', 'db_pw', join(dir, 'pw.txt')]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^sec\d+\n$/);
      assert.deepEqual(spec(m.seen('CreateSecret').at(-1)), { name: 'db_pw', labels: { env: 'prod', flag: '' }, data: Buffer.from('hunter2\n').toString('base64') });
    });
  });

  it('create - reads stdin', async () => {
    const r = await orc(m, ['secret', 'create', 'from_stdin', '-'], 'top secret');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(spec(m.seen('CreateSecret').at(-1)).data, Buffer.from('top secret').toString('base64'));
  });

  it('create of an unreadable file fails before calling the manager', async () => {
    const before = m.seen('CreateSecret').length;
    const r = await orc(m, ['secret', 'create', 'x', '/nonexistent/file']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /secret x: cannot read \/nonexistent\/file/);
    assert.equal(m.seen('CreateSecret').length, before);
  });

  it('ls prints ID NAME CREATED UPDATED, -q the ids, --format json a line each, and passes -f filters', async () => {
    const r = await orc(m, ['secret', 'ls']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [
      ['ID', 'NAME', 'CREATED', 'UPDATED'],
      ['sec-a', 'a_pass', '1 hour ago', '1 minute ago'],
      ['sec-b', 'b_key', '1 hour ago', '1 minute ago'],
    ]);
    assert.equal((await orc(m, ['secret', 'ls', '-q'])).stdout, 'sec-a\nsec-b\n');
    const json = (await orc(m, ['secret', 'ls', '--format', 'json'])).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    assert.deepEqual(json.map((j) => [j['ID'], j['Name'], j['Labels']]), [['sec-a', 'a_pass', ''], ['sec-b', 'b_key', 'tier=back']]);
    const f = await orc(m, ['secret', 'ls', '-f', 'name=b_']);
    assert.deepEqual(rows(f.stdout).slice(1).map((c) => c[1]), ['b_key']);
    assert.deepEqual((m.seen('ListSecrets').at(-1) as { filters: unknown }).filters, [{ key: 'name', values: ['b_'] }]);
  });

  it('inspect prints the objects as JSON without their data, --pretty a summary', async () => {
    const r = await orc(m, ['secret', 'inspect', 'b_key']);
    assert.equal(r.code, 0, r.stderr);
    const docs = JSON.parse(r.stdout) as { id: string; spec: Record<string, unknown> }[];
    assert.equal(docs.length, 1);
    assert.equal(docs[0]?.id, 'sec-b');
    assert.deepEqual(docs[0]?.spec, { name: 'b_key', labels: { tier: 'back' } });
    assert.doesNotMatch(r.stdout, /c2VjcmV0/);
    const p = await orc(m, ['secret', 'inspect', '--pretty', 'b_key']);
    assert.match(p.stdout, /^ID: +sec-b$/m);
    assert.match(p.stdout, /^Name: +b_key$/m);
    assert.match(p.stdout, /^ - tier=back$/m);
    assert.doesNotMatch(p.stdout, /Data|c2VjcmV0|secret/);
    const missing = await orc(m, ['secret', 'inspect', 'b_key', 'nope']);
    assert.equal(missing.code, 1);
    assert.equal((JSON.parse(missing.stdout) as unknown[]).length, 1);
    assert.match(missing.stderr, /secret nope not found/);
  });

  it('rm prints each name removed and fails for an unknown one', async () => {
    const r = await orc(m, ['secret', 'rm', 'a_pass', 'nope', 'sec-b']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'a_pass\nsec-b\n');
    assert.match(r.stderr, /secret nope not found/);
    assert.deepEqual(m.state.secrets, []);
  });
});

describe('orc config: swarm configs beside the compose command', () => {
  let m: FakeManager;
  before(async () => {
    m = await fakeManager();
  });
  after(async () => {
    await m.close();
  });

  it('create, ls, inspect --pretty and rm reach the swarm\'s configs', async () => {
    const c = await orc(m, ['config', 'create', '--label', 'app=site', 'site_conf', '-'], 'listen 80;\n');
    assert.equal(c.code, 0, c.stderr);
    const id = c.stdout.trim();
    assert.deepEqual(spec(m.seen('CreateConfig').at(-1)), { name: 'site_conf', labels: { app: 'site' }, data: Buffer.from('listen 80;\n').toString('base64') });
    const ls = await orc(m, ['config', 'ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.deepEqual(rows(ls.stdout).map((r) => r.slice(0, 2)), [['ID', 'NAME'], [id, 'site_conf']]);
    assert.equal((await orc(m, ['config', 'list', '-q'])).stdout, `${id}\n`);
    await orc(m, ['config', 'ls', '-f', 'name=site']);
    assert.deepEqual((m.seen('ListConfigs').at(-1) as { filters: unknown }).filters, [{ key: 'name', values: ['site'] }]);
    const p = await orc(m, ['config', 'inspect', '--pretty', 'site_conf']);
    assert.match(p.stdout, /^Data:\nlisten 80;\n/m);
    const rm = await orc(m, ['config', 'remove', 'site_conf']);
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal(rm.stdout, 'site_conf\n');
    assert.deepEqual(m.state.configs, []);
  });

  it('orc config -f FILE --services and orc config -f FILE SERVICE still render the compose project', async () => {
    const compose = 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n  ls:\n    image: busybox\n';
    await withFiles({ 'compose.yaml': compose }, async (dir) => {
      const file = join(dir, 'compose.yaml');
      const before = m.seen('ListConfigs').length;
      const s = await orc(m, ['config', '-f', file, '--services']);
      assert.equal(s.code, 0, s.stderr);
      assert.deepEqual(s.stdout.trimEnd().split('\n').sort(), ['db', 'ls', 'web']);
      const one = await orc(m, ['config', '-f', file, '--services', 'web']);
      assert.deepEqual(one.stdout.trimEnd().split('\n').sort(), ['db', 'web']);
      const named = await orc(m, ['config', '-f', file, '--services', 'db', 'ls']);
      assert.deepEqual(named.stdout.trimEnd().split('\n').sort(), ['db', 'ls']);
      const yaml = await orc(m, ['config', '-f', file, '-q']);
      assert.equal(yaml.code, 0, yaml.stderr);
      assert.equal(m.seen('ListConfigs').length, before);
    });
  });

  it('the help of orc config names the swarm config commands', async () => {
    const h = await orc(m, ['config', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /ls\|list/);
    assert.match(h.stdout, /never a compose service/);
  });
});
