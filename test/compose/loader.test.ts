// The compose loader end to end: discovery, environment, project name,
// per-file interpolation, merging, extends, include, profiles and positions.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ComposeError, loadProject, type LoadOptions, type LoadResult } from '../../compose/index.js';
import { sharedDir } from '../helpers/paths.js';
import { withFiles } from '../helpers/tmp.js';

function load(dir: string, extra: Partial<LoadOptions> = {}): LoadResult {
  return loadProject({ cwd: dir, env: {}, ...extra });
}

function loadError(dir: string, extra: Partial<LoadOptions> = {}): ComposeError {
  try {
    load(dir, extra);
  } catch (e) {
    assert.ok(e instanceof ComposeError, `expected a ComposeError, got ${String(e)}`);
    return e;
  }
  assert.fail('the load should have failed');
}

const codes = (e: ComposeError): string[] => e.issues.filter((i) => i.severity === 'error').map((i) => i.code);

describe('discovery (compose-file lookup as Docker Compose does it)', () => {
  it('finds compose.yaml in a parent folder and the override file beside it', async () => {
    await withFiles(
      {
        'compose.yaml': 'services: {web: {image: nginx}}\n',
        'compose.override.yaml': 'services: {web: {environment: {A: "1"}}}\n',
        'sub/deeper/.keep': '',
      },
      (dir) => {
        const { spec } = load(join(dir, 'sub', 'deeper'));
        assert.equal(spec.projectDir, dir);
        assert.deepEqual(spec.composeFiles, [join(dir, 'compose.yaml'), join(dir, 'compose.override.yaml')]);
        assert.equal(spec.services['web']?.['environment'] !== undefined, true);
      },
    );
  });

  it('prefers compose.yaml over docker-compose.yml in the same folder', async () => {
    await withFiles(
      { 'compose.yaml': 'services: {a: {image: x}}\n', 'docker-compose.yml': 'services: {b: {image: y}}\n' },
      (dir) => assert.deepEqual(Object.keys(load(dir).spec.services), ['a']),
    );
  });

  it('reports COMPOSE_FILE_NOT_FOUND when no file exists up to the root', async () => {
    await withFiles({ 'empty/.keep': '' }, (dir) => {
      assert.deepEqual(codes(loadError(join(dir, 'empty'))), ['COMPOSE_FILE_NOT_FOUND']);
    });
  });

  it('COMPOSE_FILE lists files separated by ":"; -f wins over it', async () => {
    await withFiles(
      { 'a.yaml': 'services: {a: {image: x}}\n', 'b.yaml': 'services: {b: {image: y}}\n' },
      (dir) => {
        assert.deepEqual(Object.keys(load(dir, { env: { COMPOSE_FILE: 'a.yaml:b.yaml' } }).spec.services), ['a', 'b']);
        assert.deepEqual(
          Object.keys(load(dir, { env: { COMPOSE_FILE: 'a.yaml:b.yaml' }, files: ['b.yaml'] }).spec.services),
          ['b'],
        );
      },
    );
  });

  it('-f - reads the file from standard input', async () => {
    await withFiles({}, (dir) => {
      const { spec } = load(dir, { files: ['-'], stdin: () => 'services: {s: {image: busybox}}\n' });
      assert.deepEqual(Object.keys(spec.services), ['s']);
      assert.equal(spec.projectDir, dir);
    });
  });
});

describe('project name', () => {
  const file = { 'My App!/compose.yaml': 'services: {web: {image: nginx}}\n' };

  it('is derived from the folder name, lowercased with invalid characters removed', async () => {
    await withFiles(file, (dir) => assert.equal(load(join(dir, 'My App!')).spec.name, 'myapp'));
  });

  it('-p wins over COMPOSE_PROJECT_NAME, which wins over the top-level name', async () => {
    await withFiles({ 'compose.yaml': 'name: fromfile\nservices: {web: {image: nginx}}\n' }, (dir) => {
      assert.equal(load(dir).spec.name, 'fromfile');
      assert.equal(load(dir, { env: { COMPOSE_PROJECT_NAME: 'fromenv' } }).spec.name, 'fromenv');
      assert.equal(load(dir, { env: { COMPOSE_PROJECT_NAME: 'fromenv' }, projectName: 'flag' }).spec.name, 'flag');
    });
  });

  it('an explicit invalid name is an error, not silently changed', async () => {
    await withFiles({ 'compose.yaml': 'services: {web: {image: nginx}}\n' }, (dir) => {
      assert.deepEqual(codes(loadError(dir, { projectName: 'Bad Name' })), ['COMPOSE_PROJECT_NAME']);
    });
  });

  it('the top-level name is interpolated', async () => {
    await withFiles({ 'compose.yaml': 'name: app-${STAGE}\nservices: {web: {image: nginx}}\n' }, (dir) => {
      assert.equal(load(dir, { env: { STAGE: 'prod' } }).spec.name, 'app-prod');
    });
  });
});

describe('12-interpolation.md: environment and interpolation', () => {
  it('the shell wins over .env, which wins over --env-file', async () => {
    await withFiles(
      {
        'compose.yaml': 'services: {web: {image: "${A}-${B}-${C}"}}\n',
        '.env': 'A=dotenv\nB=dotenv\n',
        'extra.env': 'A=extra\nB=extra\nC=extra\n',
      },
      (dir) => {
        const { spec } = load(dir, { env: { A: 'shell' }, envFiles: ['extra.env'] });
        assert.equal(spec.services['web']?.['image'], 'shell-dotenv-extra');
      },
    );
  });

  it('a missing --env-file is an error', async () => {
    await withFiles({ 'compose.yaml': 'services: {web: {image: nginx}}\n' }, (dir) => {
      assert.deepEqual(codes(loadError(dir, { envFiles: ['nope.env'] })), ['COMPOSE_FILE_NOT_FOUND']);
    });
  });

  it('each file is interpolated with its values only, never its keys', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    labels:\n      "${KEY}": "${VALUE}"\n' }, (dir) => {
      const { spec } = load(dir, { env: { KEY: 'k', VALUE: 'v' } });
      assert.deepEqual(spec.services['web']?.['labels'], { '${KEY}': 'v' });
    });
  });

  it('an unset variable warns once and becomes ""', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: "nginx${TAG}"\n    hostname: "h${TAG}"\n' }, (dir) => {
      const { spec, warnings } = load(dir);
      assert.equal(spec.services['web']?.['image'], 'nginx');
      const unset = warnings.filter((w) => w.code === 'COMPOSE_UNSET_VARIABLE');
      assert.equal(unset.length, 1);
      assert.deepEqual(unset[0]?.pos, { file: 'compose.yaml', line: 3, col: 12 });
    });
  });

  it('a required variable stops the load with its message at file:line:col', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: "${IMAGE:?set IMAGE first}"\n' }, (dir) => {
      const err = loadError(dir);
      assert.deepEqual(codes(err), ['COMPOSE_REQUIRED_VARIABLE']);
      const issue = err.issues[0];
      assert.match(issue?.message ?? '', /IMAGE.*set IMAGE first/);
      assert.deepEqual(issue?.pos, { file: 'compose.yaml', line: 3, col: 12 });
      assert.equal(issue?.path, 'services.web.image');
    });
  });

  it('--no-interpolate leaves expressions as written', async () => {
    await withFiles({ 'compose.yaml': 'services: {web: {image: "nginx:${TAG:-1}"}}\n' }, (dir) => {
      assert.equal(load(dir, { interpolate: false }).spec.services['web']?.['image'], 'nginx:${TAG:-1}');
    });
  });
});

describe('errors carry file:line:col and all come at once', () => {
  it('reports every schema error of a file, each at its own line', async () => {
    await withFiles(
      {
        'compose.yaml': 'services:\n  web:\n    image: 42\n    restart: [always]\n    imagee: typo\n',
      },
      (dir) => {
        const err = loadError(dir);
        const lines = err.issues.filter((i) => i.severity === 'error').map((i) => i.pos?.line);
        assert.ok(err.issues.every((i) => i.code === 'COMPOSE_SCHEMA' && i.pos?.file === 'compose.yaml'));
        assert.ok(lines.includes(3), 'image at line 3');
        assert.ok(lines.includes(4), `restart at line 4: ${JSON.stringify(err.issues)}`);
        assert.ok(lines.includes(5), 'the unknown key at line 5');
      },
    );
  });

  it('an error in an override file points into the override file', async () => {
    await withFiles(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx\n',
        'compose.override.yaml': 'services:\n  web:\n    ports:\n      - target: 80\n        published: [1]\n',
      },
      (dir) => {
        const err = loadError(dir);
        assert.equal(err.issues[0]?.pos?.file, 'compose.override.yaml');
        assert.equal(err.issues[0]?.pos?.line, 5);
      },
    );
  });

  it('broken YAML is a COMPOSE_YAML error with its position', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: [nginx\n' }, (dir) => {
      const err = loadError(dir);
      assert.deepEqual(codes(err), ['COMPOSE_YAML']);
      assert.equal(err.issues[0]?.pos?.file, 'compose.yaml');
    });
  });

  it('duplicate keys are rejected', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' }, (dir) => {
      assert.deepEqual(codes(loadError(dir)), ['COMPOSE_YAML']);
    });
  });

  it('the obsolete version key is a warning', async () => {
    await withFiles({ 'compose.yaml': 'version: "3.8"\nservices: {web: {image: nginx}}\n' }, (dir) => {
      assert.deepEqual(load(dir).warnings.map((w) => w.code), ['COMPOSE_OBSOLETE']);
    });
  });
});

describe('05-services.md extends', () => {
  it('extends a service of the same file; the extending service wins', async () => {
    await withFiles(
      {
        'compose.yaml':
          'services:\n  base:\n    image: busybox\n    environment: {A: "1", B: "1"}\n  web:\n    extends: base\n    environment: {B: "2"}\n',
      },
      (dir) => {
        const web = load(dir).spec.services['web'];
        assert.equal(web?.['image'], 'busybox');
        assert.deepEqual(web?.['environment'], { A: '1', B: '2' });
        assert.equal(Object.prototype.hasOwnProperty.call(web ?? {}, 'extends'), false);
      },
    );
  });

  it('extends a service of another file with its relative paths rebased to that file', async () => {
    await withFiles(
      {
        'compose.yaml': 'services:\n  web:\n    extends: {file: common/base.yaml, service: app}\n',
        'common/base.yaml': 'services:\n  app:\n    build: ./src\n    volumes: ["./data:/data"]\n',
      },
      (dir) => {
        const web = load(dir).spec.services['web'];
        assert.deepEqual((web?.['build'] as { context: string }).context, join(dir, 'common', 'src'));
        const vol = (web?.['volumes'] as Array<{ source: string }>)[0];
        assert.equal(vol?.source, join(dir, 'common', 'data'));
      },
    );
  });

  it('an extends cycle is a COMPOSE_EXTENDS error naming the cycle', async () => {
    await withFiles(
      { 'compose.yaml': 'services:\n  a: {extends: b, image: x}\n  b: {extends: a, image: y}\n' },
      (dir) => {
        const err = loadError(dir);
        assert.ok(codes(err).includes('COMPOSE_EXTENDS'));
        assert.match(err.message, /a -> b -> a|b -> a -> b/);
      },
    );
  });

  it('extending an undefined service is an error at the extends key', async () => {
    await withFiles({ 'compose.yaml': 'services:\n  web:\n    image: x\n    extends: nope\n' }, (dir) => {
      const err = loadError(dir);
      assert.deepEqual(codes(err), ['COMPOSE_EXTENDS']);
      assert.equal(err.issues[0]?.pos?.line, 4);
    });
  });
});

describe('14-include.md', () => {
  it('includes another project with its own directory and .env', async () => {
    await withFiles(
      {
        'compose.yaml': 'include: [sub/compose.yaml]\nservices:\n  web: {image: nginx, depends_on: [db]}\n',
        'sub/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG}"\n    volumes: ["./pgdata:/var/lib/postgresql/data"]\n',
        'sub/.env': 'PG=16\n',
      },
      (dir) => {
        const { spec } = load(dir);
        assert.equal(spec.services['db']?.['image'], 'postgres:16');
        const vol = (spec.services['db']?.['volumes'] as Array<{ source: string }>)[0];
        assert.equal(vol?.source, join(dir, 'sub', 'pgdata'));
      },
    );
  });

  it('a service defined both here and in the included project is a conflict', async () => {
    await withFiles(
      {
        'compose.yaml': 'include: [{path: sub/compose.yaml}]\nservices:\n  db: {image: mysql}\n',
        'sub/compose.yaml': 'services:\n  db: {image: postgres}\n',
      },
      (dir) => assert.deepEqual(codes(loadError(dir)), ['COMPOSE_INCLUDE']),
    );
  });

  it('an include cycle is reported, not followed forever', async () => {
    await withFiles(
      {
        'compose.yaml': 'include: [a/compose.yaml]\nservices: {web: {image: x}}\n',
        'a/compose.yaml': 'include: [../compose.yaml]\nservices: {a: {image: y}}\n',
      },
      (dir) => assert.ok(codes(loadError(dir)).includes('COMPOSE_INCLUDE')),
    );
  });
});

describe('15-profiles.md', () => {
  const files = {
    'compose.yaml':
      'services:\n  web: {image: a, depends_on: [db]}\n  db: {image: b}\n  debug: {image: c, profiles: [debug]}\n  tools: {image: d, profiles: [tools], depends_on: [helper]}\n  helper: {image: e, profiles: [never]}\n',
  };

  it('a service with profiles is left out until one is enabled', async () => {
    await withFiles(files, (dir) => {
      const { spec } = load(dir);
      assert.deepEqual(Object.keys(spec.services).sort(), ['db', 'web']);
      assert.deepEqual(spec.disabledServices, ['debug', 'helper', 'tools']);
      assert.deepEqual(spec.allProfiles, ['debug', 'never', 'tools']);
    });
  });

  it('--profile or COMPOSE_PROFILES enables it, and what it needs comes along', async () => {
    await withFiles(files, (dir) => {
      assert.deepEqual(Object.keys(load(dir, { profiles: ['tools'] }).spec.services).sort(), ['db', 'helper', 'tools', 'web']);
      assert.deepEqual(Object.keys(load(dir, { env: { COMPOSE_PROFILES: 'debug' } }).spec.services).sort(), ['db', 'debug', 'web']);
      assert.equal(Object.keys(load(dir, { profiles: ['*'] }).spec.services).length, 5);
    });
  });

  it('naming a service enables it, with its dependencies', async () => {
    await withFiles(files, (dir) => {
      assert.deepEqual(Object.keys(load(dir, { services: ['tools'] }).spec.services).sort(), ['helper', 'tools']);
      assert.deepEqual(Object.keys(load(dir, { services: ['web'] }).spec.services).sort(), ['db', 'web']);
    });
  });

  it('naming an unknown service is an error', async () => {
    await withFiles(files, (dir) => {
      assert.deepEqual(codes(loadError(dir, { services: ['nope'] })), ['COMPOSE_NO_SUCH_SERVICE']);
    });
  });
});

describe('real-world projects (awesome-compose)', () => {
  const corpus = join(sharedDir, 'corpus', 'awesome-compose');
  const projects = existsSync(corpus)
    ? readdirSync(corpus).filter((p) => existsSync(join(corpus, p, 'compose.yaml')) || existsSync(join(corpus, p, 'compose.yml')))
    : [];

  it('every sample project loads into a StackSpec', { skip: projects.length === 0 && 'corpus not present' }, () => {
    assert.equal(projects.length, 39);
    for (const p of projects) {
      try {
        const { spec } = load(join(corpus, p), { env: { HOME: '/home/user' } });
        assert.ok(Object.keys(spec.services).length > 0, p);
        assert.ok(spec.dependencies.levels.flat().length === Object.keys(spec.services).length, p);
      } catch (e) {
        assert.fail(`${p}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });
});
