// Compose spec 13-merge.md
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeDocuments, stripMarkers } from '../../compose/merge.js';
import { readComposeYaml, type DataMap } from '../../compose/yaml-source.js';

function parse(text: string): DataMap {
  const doc = readComposeYaml(text, {
    file: 'test.yaml',
    lookup: undefined,
    report: (i) => assert.fail(i.message),
    onUnset: () => undefined,
  });
  assert.ok(doc);
  return doc.data;
}

function merge(...texts: string[]): DataMap {
  let out = parse(texts[0] as string);
  for (const t of texts.slice(1)) out = mergeDocuments(out, parse(t));
  return stripMarkers(out) as DataMap;
}

function svc(doc: DataMap, name = 'web'): DataMap {
  return (doc['services'] as DataMap)[name] as DataMap;
}

describe('13-merge.md', () => {
  it('mappings merge and scalars are replaced', () => {
    const d = merge('services: {web: {image: a, labels: {x: "1"}}}', 'services: {web: {image: b, labels: {y: "2"}}}');
    assert.equal(svc(d)['image'], 'b');
    assert.deepEqual(svc(d)['labels'], { x: '1', y: '2' });
  });

  it('sequences append (dns unique by value)', () => {
    const d = merge('services: {web: {dns: [1.1.1.1], cap_add: [A]}}', 'services: {web: {dns: [1.1.1.1, 8.8.8.8], cap_add: [B]}}');
    assert.deepEqual(svc(d)['dns'], ['1.1.1.1', '8.8.8.8']);
    assert.deepEqual(svc(d)['cap_add'], ['A', 'B']);
  });

  it('command, entrypoint and healthcheck.test are replaced, not appended', () => {
    const d = merge(
      'services: {web: {command: [a, b], entrypoint: x, healthcheck: {test: [CMD, a], interval: 5s}}}',
      'services: {web: {command: [c], entrypoint: [y], healthcheck: {test: [CMD, b]}}}',
    );
    assert.deepEqual(svc(d)['command'], ['c']);
    assert.deepEqual(svc(d)['entrypoint'], ['y']);
    assert.deepEqual(svc(d)['healthcheck'], { test: ['CMD', 'b'], interval: '5s' });
  });

  it('ports merge by host ip, published port, target and protocol', () => {
    const d = merge(
      'services: {web: {ports: ["8080:80", "443:443"]}}',
      'services: {web: {ports: ["8080:80", "9090:90/udp", {target: 443, published: "443"}]}}',
    );
    assert.deepEqual(svc(d)['ports'], ['8080:80', { target: 443, published: '443' }, '9090:90/udp']);
  });

  it('volumes merge by target; secrets and configs by source', () => {
    const d = merge(
      'services: {web: {volumes: ["./a:/data", "/logs"], secrets: [s1, {source: s2, target: x}]}}',
      'services: {web: {volumes: ["./b:/data:ro"], secrets: [{source: s2, target: y}]}}',
    );
    assert.deepEqual(svc(d)['volumes'], ['./b:/data:ro', '/logs']);
    assert.deepEqual(svc(d)['secrets'], ['s1', { source: 's2', target: 'y' }]);
  });

  it('environment, labels and depends_on merge as mappings whatever their syntax', () => {
    const d = merge(
      'services: {web: {environment: [A=1, B=2], labels: [l=1], depends_on: [db]}}',
      'services: {web: {environment: {B: "3", C: "4"}, labels: {m: "2"}, depends_on: {cache: {condition: service_healthy}}}}',
    );
    assert.deepEqual(svc(d)['environment'], { A: '1', B: '3', C: '4' });
    assert.deepEqual(svc(d)['labels'], { l: '1', m: '2' });
    assert.deepEqual(svc(d)['depends_on'], { db: { condition: 'service_started' }, cache: { condition: 'service_healthy' } });
  });

  it('a build string merges with a build mapping as its context', () => {
    const d = merge('services: {web: {build: ./app}}', 'services: {web: {build: {dockerfile: Dev.dockerfile}}}');
    assert.deepEqual(svc(d)['build'], { context: './app', dockerfile: 'Dev.dockerfile' });
  });

  it('!reset removes the inherited value; !override replaces it whole', () => {
    const d = merge(
      'services: {web: {image: a, ports: ["80:80"], environment: {A: "1", B: "2"}, labels: {x: "1"}}}',
      'services: {web: {ports: !reset [], environment: !override {C: "3"}, labels: {x: !reset null}}}',
    );
    assert.equal(Object.prototype.hasOwnProperty.call(svc(d), 'ports'), false);
    assert.deepEqual(svc(d)['environment'], { C: '3' });
    assert.deepEqual(svc(d)['labels'], {});
  });

  it('a service only in the override is added; top-level resources merge by name', () => {
    const d = merge('services: {web: {image: a}}\nvolumes: {data: {}}', 'services: {db: {image: b}}\nvolumes: {data: {driver: local}, more: {}}');
    assert.deepEqual(Object.keys(d['services'] as DataMap), ['web', 'db']);
    assert.deepEqual(d['volumes'], { data: { driver: 'local' }, more: {} });
  });

  it('YAML anchors and merge keys are expanded before merging', () => {
    const d = merge('x-base: &base {image: a, environment: {A: "1"}}\nservices: {web: {<<: *base, image: b}}');
    assert.equal(svc(d)['image'], 'b');
    assert.deepEqual(svc(d)['environment'], { A: '1' });
  });
});

describe('anchors (10-fragments.md)', () => {
  it('an alias refers to the latest definition of its anchor, even one nested in the first', () => {
    const d = parse('x-a: &x {k: &x inner}\nservices: {web: {image: *x}}\n');
    assert.equal(svc(d)['image'], 'inner');
  });
});
