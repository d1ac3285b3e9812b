// What `orc` loads for a command, seen from the outside: the real program in
// a child process, with a module hook that lists every ES module it loads and,
// at exit, every CommonJS module in the require cache. A command loads only
// what it uses: the compose front end for the compose commands, gRPC for the
// daemon commands, neither for --version and --help, and never a .proto parser
// nor protobufjs's reflection.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.ORC_TEST_MODULES, url + '\\n');
  return next(url, context);
}`;

const preload = `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
const cache = createRequire('/').cache;
process.on('exit', () => appendFileSync(process.env.ORC_TEST_MODULES, Object.keys(cache).join('\\n') + '\\n'));`;

/** The modules `orc ...args` loads, as paths relative to the repository or node_modules. */
function modulesOf(args: string[], cwd = repoRoot): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'orc-startup-'));
  try {
    const list = join(dir, 'modules');
    writeFileSync(list, '');
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, join(repoRoot, 'bin', 'orc.js'), ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: dir, ORC_TEST_MODULES: list, ORC_HOST: `unix://${join(dir, 'no-daemon.sock')}` },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.notEqual(r.status, null, `orc ${args.join(' ')} did not exit: ${r.stderr}`);
    return readFileSync(list, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.replace(/^file:\/\//, ''))
      .map((l) => (l.includes('/node_modules/') ? l.slice(l.lastIndexOf('/node_modules/') + 1) : l.startsWith(repoRoot) ? l.slice(repoRoot.length + 1) : l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const compose = (m: string): boolean => m.startsWith('dist/compose/') || m.startsWith('node_modules/yaml/') || m.startsWith('node_modules/ajv/');
const grpc = (m: string): boolean => m.startsWith('node_modules/@grpc/grpc-js/');
/** The .proto parser, and protobufjs's reflection and code generation: the descriptor has made both unneeded at run time. */
const protoParser = (m: string): boolean =>
  m.startsWith('node_modules/@grpc/proto-loader/') || ['node_modules/protobufjs/src/parse.js', 'node_modules/protobufjs/src/type.js', 'node_modules/@protobufjs/codegen/index.js'].includes(m);

describe('cli: what a command loads', () => {
  for (const args of [['--version'], ['--help'], ['run', '--help'], ['config', '--help']]) {
    it(`orc ${args.join(' ')} loads neither gRPC nor the compose front end`, () => {
      const mods = modulesOf(args);
      assert.ok(mods.some((m) => m === 'dist/cli/main.js'), 'the trace saw the program');
      assert.deepEqual(mods.filter((m) => compose(m) || grpc(m) || protoParser(m)), []);
    });
  }

  it('orc ps loads gRPC and protobufjs/minimal, no .proto parser nor reflection, and not the compose front end', () => {
    const mods = modulesOf(['ps']);
    assert.ok(mods.some(grpc), 'gRPC was loaded');
    assert.ok(mods.includes('node_modules/protobufjs/minimal.js'), 'protobufjs/minimal was loaded');
    assert.deepEqual(mods.filter((m) => compose(m) || protoParser(m)), []);
  });

  it('orc config loads the compose front end and not gRPC', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-startup-project-'));
    try {
      writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
      const mods = modulesOf(['config', '-q'], dir);
      assert.ok(mods.some(compose), 'the compose front end was loaded');
      assert.deepEqual(mods.filter(grpc), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
