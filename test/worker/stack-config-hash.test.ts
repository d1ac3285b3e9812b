/**
 * The config hash of a service (worker/stack/config-hash.ts): what changes it
 * (what must recreate a container) and what does not (scale, build, start
 * order), as Docker Compose's pkg/compose/hash.go decides, plus the resources
 * a service uses. Projects are loaded with the real compose loader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isOrcError } from '../../common/errors.js';
import { loadProject, type StackSpec } from '../../compose/index.js';
import { canonicalJson, configHash } from '../../worker/stack/config-hash.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-hash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `yaml` from the same folder every time, so host paths do not differ between loads. */
function load(yaml: string): StackSpec {
  writeFileSync(join(dir, 'compose.yaml'), yaml);
  return loadProject({ cwd: dir, env: {}, projectName: 'demo' }).spec;
}

function hashes(spec: StackSpec): Record<string, string> {
  return Object.fromEntries(Object.keys(spec.services).map((s) => [s, configHash(spec, s)]));
}

/** The services whose hash differs between two loads. */
function changed(before: string, afterYaml: string): string[] {
  const a = hashes(load(before));
  const b = hashes(load(afterYaml));
  return Object.keys(b).filter((s) => a[s] !== b[s]).sort();
}

const BASE = `
services:
  web:
    image: nginx
    environment: {MODE: prod}
    networks: [front]
    volumes: [data:/data]
    secrets: [token]
    depends_on: [db]
  db:
    image: postgres
    networks: [back]
  worker:
    image: busybox
    networks: [back]
networks:
  front: {}
  back: {}
volumes:
  data: {}
secrets:
  token: {file: ./token}
`;

describe('config hash', () => {
  it('is a sha256 in hex, the same for the same file loaded twice and for the same keys written in another order', () => {
    const first = hashes(load(BASE));
    assert.match(first['web'] ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(hashes(load(BASE)), first);
    const reordered = BASE.replace('    image: nginx\n    environment: {MODE: prod}\n', '    environment: {MODE: prod}\n    image: nginx\n');
    assert.notEqual(reordered, BASE);
    assert.deepEqual(hashes(load(reordered)), first);
    assert.equal(new Set(Object.values(first)).size, 3, 'each service has its own hash');
  });

  it('changing one service\'s environment changes only that service\'s hash', () => {
    assert.deepEqual(changed(BASE, BASE.replace('MODE: prod', 'MODE: dev')), ['web']);
  });

  it('scale, deploy.replicas, depends_on, build, pull_policy and x- extensions do not change it', () => {
    const scaled = BASE.replace('    image: busybox\n', '    image: busybox\n    scale: 3\n    pull_policy: always\n');
    assert.deepEqual(changed(BASE, scaled), []);
    const replicas = BASE.replace('    image: busybox\n', '    image: busybox\n    deploy: {replicas: 4}\n');
    assert.deepEqual(changed(BASE, replicas), []);
    assert.deepEqual(changed(BASE, BASE.replace('    depends_on: [db]\n', '')), []);
    const built = BASE.replace('    image: busybox\n', '    image: busybox\n    build: {context: ., args: {V: "1"}}\n');
    assert.deepEqual(changed(BASE, built), []);
    assert.deepEqual(changed(BASE, BASE.replace('    image: busybox\n', '    image: busybox\n    x-note: hello\n')), []);
  });

  it('other deploy settings change it (only the replica count is left out)', () => {
    const limited = BASE.replace('    image: busybox\n', '    image: busybox\n    deploy: {replicas: 2, resources: {limits: {memory: 64m}}}\n');
    assert.deepEqual(changed(BASE, limited), ['worker']);
  });

  it('a change to a network definition changes the hash of the services on it only', () => {
    assert.deepEqual(changed(BASE, BASE.replace('  back: {}', '  back: {internal: true}')), ['db', 'worker']);
  });

  it('a change to a volume or secret definition changes the hash of the services using it', () => {
    assert.deepEqual(changed(BASE, BASE.replace('  data: {}', '  data: {name: other-data}')), ['web']);
    assert.deepEqual(changed(BASE, BASE.replace('{file: ./token}', '{file: ./token2}')), ['web']);
  });

  it('a change of a secret\'s content (given by the caller) changes the hash of the services using it', () => {
    const spec = load(BASE);
    const v1 = { secretContent: () => Buffer.from('one') };
    const v2 = { secretContent: () => Buffer.from('two') };
    assert.equal(configHash(spec, 'web', v1), configHash(spec, 'web', v1));
    assert.notEqual(configHash(spec, 'web', v1), configHash(spec, 'web', v2));
    assert.equal(configHash(spec, 'db', v1), configHash(spec, 'db', v2));
  });

  it('an unknown service is ORC_NOT_FOUND', () => {
    const spec = load(BASE);
    assert.throws(() => configHash(spec, 'nope'), (e: unknown) => isOrcError(e) && e.code === 'ORC_NOT_FOUND');
  });

  it('canonical JSON sorts keys at every level and leaves out undefined values', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: undefined }], c: null } }), '{"a":{"c":null,"d":[2,{"f":1}]},"b":1}');
  });
});
