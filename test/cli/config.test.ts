// `orc config` as a user runs it: the real program, in a child process.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/paths.js';
import { withFiles } from '../helpers/tmp.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function orc(args: string[], cwd: string, env: Record<string, string> = {}, input?: string): Run {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'orc.js'), ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...env },
    encoding: 'utf8',
    timeout: 30_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const project = {
  'compose.yaml': [
    'services:',
    '  web:',
    '    image: "nginx:${TAG:-1.25}"',
    '    ports: ["8080:80"]',
    '    depends_on: [db]',
    '  db:',
    '    image: postgres',
    '    volumes: [data:/var/lib/postgresql/data]',
    '  debug:',
    '    image: busybox',
    '    profiles: [debug]',
    'volumes:',
    '  data: {}',
    '',
  ].join('\n'),
};

describe('orc config', () => {
  it('prints the version and help', async () => {
    await withFiles({}, (dir) => {
      const v = orc(['--version'], dir);
      assert.equal(v.status, 0);
      const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
      assert.equal(v.stdout.trim(), `orc version ${pkg.version}`);
      const h = orc(['help'], dir);
      assert.equal(h.status, 0);
      assert.match(h.stdout, /config/);
    });
  });

  it('prints the normalised model as YAML that reads back as the same model', async () => {
    await withFiles(project, (dir) => {
      const r = orc(['config'], dir, { TAG: '1.27' });
      assert.equal(r.status, 0, r.stderr);
      const doc = parse(r.stdout) as { name: string; services: Record<string, Record<string, unknown>> };
      assert.equal(doc.name, dir.split('/').pop()?.toLowerCase().replace(/[^a-z0-9_-]/g, ''));
      assert.deepEqual(Object.keys(doc.services), ['db', 'web']);
      assert.equal(doc.services['web']?.['image'], 'nginx:1.27');
      // the output is valid input and normalises to itself
      const again = orc(['config', '-f', '-', '-p', doc.name, '--project-directory', dir], dir, {}, r.stdout);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(again.stdout, r.stdout);
    });
  });

  it('--format json, --services, --volumes, --profiles and --images list what they say', async () => {
    await withFiles(project, (dir) => {
      const json = orc(['config', '--format', 'json'], dir);
      assert.equal(json.status, 0, json.stderr);
      assert.deepEqual(Object.keys((JSON.parse(json.stdout) as { services: object }).services), ['db', 'web']);
      assert.equal(orc(['config', '--services'], dir).stdout, 'db\nweb\n');
      assert.equal(orc(['config', '--volumes'], dir).stdout, 'data\n');
      assert.equal(orc(['config', '--profiles'], dir).stdout, 'debug\n');
      assert.equal(orc(['config', '--images'], dir).stdout, 'postgres\nnginx:1.25\n');
      assert.equal(orc(['config', '--services', '--profile', 'debug'], dir).stdout, 'db\ndebug\nweb\n');
    });
  });

  it('accepts the compose flags before or after the command', async () => {
    await withFiles({ 'other.yaml': 'services: {x: {image: busybox}}\n' }, (dir) => {
      assert.equal(orc(['-f', 'other.yaml', '-p', 'demo', 'config', '--services'], dir).stdout, 'x\n');
      const after = orc(['config', '-p', 'demo', '-f', 'other.yaml'], dir);
      assert.equal(after.status, 0, after.stderr);
      assert.match(after.stdout, /^name: demo$/m);
    });
  });

  it('-q validates without printing; -o writes the output to a file', async () => {
    await withFiles(project, (dir) => {
      const q = orc(['config', '-q'], dir);
      assert.equal(q.status, 0);
      assert.equal(q.stdout, '');
      const o = orc(['config', '-o', 'out/model.yaml'], dir);
      assert.equal(o.status, 0, o.stderr);
      assert.equal(o.stdout, '');
      assert.ok(existsSync(join(dir, 'out', 'model.yaml')));
      assert.equal(readFileSync(join(dir, 'out', 'model.yaml'), 'utf8'), orc(['config'], dir).stdout);
    });
  });

  it('--no-interpolate prints the expressions as written', async () => {
    await withFiles(project, (dir) => {
      assert.match(orc(['config', '--no-interpolate'], dir).stdout, /nginx:\$\{TAG:-1\.25\}/);
    });
  });

  it('a broken project exits non-zero and lists every error with file:line:col', async () => {
    await withFiles(
      { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    restart: sometimes\n    portz: ["80"]\n    depends_on: [nope]\n' },
      (dir) => {
        const r = orc(['config'], dir);
        assert.equal(r.status, 1);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /compose\.yaml:4:\d+: services\.web\.restart/);
        assert.match(r.stderr, /compose\.yaml:5:\d+: services\.web/);
      },
    );
  });

  it('an unknown flag is a usage error with exit code 2', async () => {
    await withFiles(project, (dir) => {
      const r = orc(['config', '--nope'], dir);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown option/);
    });
  });

  it('a reader that stops early (orc config | head) ends orc quietly with exit code 0', async () => {
    const services = Array.from({ length: 1000 }, (_, i) => `  s${i}:\n    image: busybox\n    environment: {A: "${'x'.repeat(2000)}"}\n`).join('');
    await withFiles({ 'compose.yaml': `services:\n${services}` }, async (dir) => {
      const child = spawn(process.execPath, [join(repoRoot, 'bin', 'orc.js'), 'config'], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((done) => child.on('close', done));
      assert.equal(stderr, '');
      assert.equal(code, 0);
    });
  });
});
