// `orc stack deploy|ls|services|ps|rm` against a fake manager (a real gRPC server on a unix socket), run in-process.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { STACK_LABEL } from '../../common/cluster/types.js';
import { withFiles } from '../helpers/tmp.js';
import { fakeManager, node, orc, service, task, type FakeManager } from './cluster-fake.js';

const project = {
  'compose.yaml': [
    'services:',
    '  web:',
    '    image: "nginx:${TAG}"',
    '    secrets: [db_password, api_key]',
    '    configs: [site]',
    '  api:',
    '    image: api:1',
    'secrets:',
    '  db_password:',
    '    file: ./db_password.txt',
    '  api_key:',
    '    environment: ORC_TEST_API_KEY',
    'configs:',
    '  site:',
    '    file: ./site.bin',
    '',
  ].join('\n'),
  '.env': 'TAG=1.27\n',
  'db_password.txt': 'hunter2\n',
  'site.bin': '',
};

const BINARY = Buffer.from([0xff, 0x00, 0x80, 0x41]);

/** The table's rows as arrays of cells (cells are separated by 3+ spaces). */
const rows = (text: string): string[][] => text.trimEnd().split('\n').map((l) => l.split(/ {2,}/));

interface SentStack {
  name: string;
  services: Record<string, { image?: string }>;
  secrets: Record<string, Record<string, unknown>>;
  configs: Record<string, Record<string, unknown>>;
}

describe('orc stack', () => {
  let m: FakeManager;
  before(async () => {
    m = await fakeManager();
  });
  after(async () => {
    await m.close();
  });
  beforeEach(() => {
    const ns = { [STACK_LABEL]: 's' };
    const web = service('web0000000000000000000001', 's_web', 'nginx:1.27', 1, ns);
    const api = service('api0000000000000000000001', 's_api', 'api:1', 2, ns);
    const other = service('oth0000000000000000000001', 'other', 'redis', 1);
    Object.assign(m.state, {
      services: [web, api, other],
      tasks: [task('t1000000000000000000000001', web, 1, 'node1', 'running'), task('t2000000000000000000000001', api, 1, 'node1', 'running'), task('t3000000000000000000000001', api, 2, 'node1', 'pending')],
      nodes: [node('node1', 'one')],
      stacks: [{ name: 's', services: 2 }, { name: 'a', services: 1 }],
      deploy: { created: ['network s_default', 'secret s_db_password', 'config s_site', 'service s_web'], updated: ['service s_api'], removed: [], warnings: ['service "web": stop_grace_period is ignored'] },
      removed: { s: { created: [], updated: [], removed: ['service s_web', 'network s_default', 'secret s_db_password', 'config s_site', 'service s_api'], warnings: [] } },
    });
  });

  it('deploy sends the StackSpec with .env interpolated and file and environment secrets made content, and prints Docker\'s lines', async () => {
    await withFiles(project, async (dir) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'site.bin'), BINARY);
      process.env['ORC_TEST_API_KEY'] = 'k3y';
      const before = m.seen('DeployStack').length;
      let r;
      try {
        r = await orc(m, ['stack', 'deploy', '-c', join(dir, 'compose.yaml'), 's']);
      } finally {
        delete process.env['ORC_TEST_API_KEY'];
      }
      assert.equal(r.code, 0, r.stderr);
      const sent = m.seen('DeployStack').slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.['name'], 's');
      assert.equal(sent[0]?.['prune'], false);
      const stack = JSON.parse(String(sent[0]?.['stack_json'])) as SentStack;
      assert.equal(stack.name, 's');
      assert.equal(stack.services['web']?.image, 'nginx:1.27');
      assert.deepEqual(stack.secrets['db_password'], { name: 's_db_password', content: 'hunter2\n' });
      assert.deepEqual(stack.secrets['api_key'], { name: 's_api_key', content: 'k3y' });
      assert.deepEqual(stack.configs['site'], { name: 's_site', 'x-orc-content-base64': BINARY.toString('base64') });
      assert.deepEqual(r.stdout.trimEnd().split('\n'), [
        'Creating network s_default',
        'Creating secret s_db_password',
        'Creating config s_site',
        'Updating service s_api (id: api0000000000000000000001)',
        'Creating service s_web',
      ]);
      assert.match(r.stderr, /^warning: service "web": stop_grace_period is ignored$/m);
    });
  });

  it('deploy --prune asks the manager to prune and prints the removed services first', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' }, async (dir) => {
      m.state.deploy = { created: [], updated: [], removed: ['service s_old'], warnings: [] };
      const before = m.seen('DeployStack').length;
      const r = await orc(m, ['stack', 'deploy', '--prune', '--with-registry-auth', '-c', join(dir, 'compose.yaml'), 's']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(m.seen('DeployStack').slice(before)[0]?.['prune'], true);
      assert.equal(r.stdout, 'Removing service s_old\n');
      assert.match(r.stderr, /--with-registry-auth is ignored/);
    });
  });

  it('deploy reads the compose file from stdin with -c -', async () => {
    await withFiles({}, async () => {
      const before = m.seen('DeployStack').length;
      const r = await orc(m, ['stack', 'deploy', '-c', '-', 's'], 'services:\n  web:\n    image: busybox\n');
      assert.equal(r.code, 0, r.stderr);
      const stack = JSON.parse(String(m.seen('DeployStack').slice(before)[0]?.['stack_json'])) as SentStack;
      assert.equal(stack.services['web']?.image, 'busybox');
    });
  });

  it('an unreadable secret file fails naming the secret and the path, and deploys nothing', async () => {
    const files = { ...project, 'compose.yaml': project['compose.yaml'].replace('./db_password.txt', './missing.txt') };
    await withFiles(files, async (dir) => {
      process.env['ORC_TEST_API_KEY'] = 'k3y';
      const before = m.seen('DeployStack').length;
      let r;
      try {
        r = await orc(m, ['stack', 'deploy', '-c', join(dir, 'compose.yaml'), 's']);
      } finally {
        delete process.env['ORC_TEST_API_KEY'];
      }
      assert.equal(r.code, 1);
      assert.match(r.stderr, /secret "db_password": cannot read its file .*missing\.txt: ENOENT/);
      assert.equal(m.seen('DeployStack').length, before);
      assert.equal(r.stdout, '');
    });
  });

  it('an environment secret a service uses fails when its variable is not set', async () => {
    await withFiles(project, async (dir) => {
      const before = m.seen('DeployStack').length;
      const r = await orc(m, ['stack', 'deploy', '-c', join(dir, 'compose.yaml'), 's']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /secret "api_key" takes its content from the environment variable ORC_TEST_API_KEY, which is not set/);
      assert.equal(m.seen('DeployStack').length, before);
    });
  });

  it('a compose error is reported with file:line:col, exit 1, and nothing is sent', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    restart: sometimes\n' }, async (dir) => {
      const before = m.seen('DeployStack').length;
      const r = await orc(m, ['stack', 'deploy', '-c', join(dir, 'compose.yaml'), 's']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^invalid compose project: 1 error$/m);
      assert.match(r.stderr, /compose\.yaml:4:\d+/);
      assert.equal(m.seen('DeployStack').length, before);
    });
  });

  it('refuses an invalid stack name before reading anything', async () => {
    const before = m.seen('DeployStack').length;
    const r = await orc(m, ['stack', 'deploy', '-c', '/nonexistent/compose.yaml', 'My.Stack']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid stack name "My\.Stack"/);
    assert.equal(m.seen('DeployStack').length, before);
  });

  it('deploy --wait waits for every service and fails naming the one that did not converge', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' }, async (dir) => {
      const r = await orc(m, ['stack', 'deploy', '--wait', '--timeout', '1s', '-c', join(dir, 'compose.yaml'), 's']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^Waiting for services to converge…$/m);
      assert.match(r.stdout, /^s_web: converged$/m);
      assert.match(r.stderr, /^s_api: service s_api did not converge within 1 s$/m);
      assert.match(r.stderr, /stack s: 1 of 2 services did not converge/);
    });
  });

  it('ls prints NAME and SERVICES', async () => {
    const r = await orc(m, ['stack', 'ls']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [['NAME', 'SERVICES'], ['a', '1'], ['s', '2']]);
  });

  it('services lists the stack\'s services with service ls\'s columns, and says when there are none', async () => {
    const r = await orc(m, ['stack', 'services', 's']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [
      ['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'],
      ['api000000000', 's_api', 'replicated', '1/2', 'api:1'],
      ['web000000000', 's_web', 'replicated', '1/1', 'nginx:1.27'],
    ]);
    const listed = m.seen('ListServices').at(-1) as { filters: { key: string; values: string[] }[] };
    assert.deepEqual(listed.filters, [{ key: 'label', values: [`${STACK_LABEL}=s`] }]);
    const q = await orc(m, ['stack', 'services', '-q', 's']);
    assert.equal(q.stdout, 'api0000000000000000000001\nweb0000000000000000000001\n');
    const none = await orc(m, ['stack', 'services', 'nope']);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'Nothing found in stack: nope\n');
  });

  it('ps lists the tasks of all the stack\'s services with service ps\'s columns', async () => {
    const r = await orc(m, ['stack', 'ps', 's']);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...body] = rows(r.stdout);
    assert.deepEqual(header, ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS']);
    assert.deepEqual(body.map((c) => c.slice(0, 6)), [
      ['t20000000000', 's_api.1', 'api:1', 'one', 'Running', 'Running 2 minutes ago'],
      ['t30000000000', 's_api.2', 'api:1', 'one', 'Running', 'Pending 2 minutes ago'],
      ['t10000000000', 's_web.1', 'nginx:1.27', 'one', 'Running', 'Running 2 minutes ago'],
    ]);
    const full = await orc(m, ['stack', 'ps', '--no-trunc', 's']);
    assert.match(full.stdout, /^t2000000000000000000000001 {3}s_api\.1/m);
    const q = await orc(m, ['stack', 'ps', '-q', 's']);
    assert.deepEqual(q.stdout.trimEnd().split('\n').sort(), ['t1000000000000000000000001', 't2000000000000000000000001', 't3000000000000000000000001']);
    const none = await orc(m, ['stack', 'ps', 'nope']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /nothing found in stack: nope/);
  });

  it('rm prints what was removed, services first and networks last, and says when a stack has nothing', async () => {
    const r = await orc(m, ['stack', 'rm', 's', 'ghost']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'Removing service s_web',
      'Removing service s_api',
      'Removing secret s_db_password',
      'Removing config s_site',
      'Removing network s_default',
    ]);
    assert.equal(r.stderr, 'Nothing found in stack: ghost\n');
    assert.deepEqual(m.seen('RemoveStack').slice(-2).map((x) => x['name']), ['s', 'ghost']);
    const down = await orc(m, ['stack', 'down', 'ghost']);
    assert.equal(down.stderr, 'Nothing found in stack: ghost\n');
  });
});
