/** buildDependencyGraph: start order from depends_on (05-services.md depends_on). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDependencyGraph } from '../../compose/graph.js';
import type { IssueReport } from '../../compose/issues.js';
import { normaliseProject } from '../../compose/normalise/index.js';
import type { ComposeModel, ServiceSpec } from '../../compose/spec.js';

function services(doc: Record<string, unknown>): ComposeModel['services'] {
  const issues: IssueReport[] = [];
  const model = normaliseProject(
    { services: doc },
    { projectName: 'p', projectDir: '/p', env: {}, homeDir: '/h', readFile: () => undefined, report: (i) => issues.push(i) },
  );
  assert.deepEqual(issues.filter((i) => i.severity !== 'warning'), []);
  return model.services;
}

describe('dependency graph (05-services.md depends_on)', () => {
  it('05-services.md depends_on: services without dependencies form the first level, names sorted', () => {
    const g = buildDependencyGraph(services({ web: { image: 'x' }, api: { image: 'x' }, db: { image: 'x' } }));
    assert.deepEqual(g, { edges: [], levels: [['api', 'db', 'web']] });
  });

  it('05-services.md depends_on: each service comes in a level after all its dependencies', () => {
    const g = buildDependencyGraph(
      services({
        web: { image: 'x', depends_on: ['api', 'cache'] },
        api: { image: 'x', depends_on: { db: { condition: 'service_healthy', restart: true } } },
        cache: { image: 'x' },
        db: { image: 'x' },
        worker: { image: 'x', depends_on: { db: { condition: 'service_completed_successfully', required: false } } },
      }),
    );
    assert.deepEqual(g.levels, [['cache', 'db'], ['api', 'worker'], ['web']]);
    assert.deepEqual(g.edges, [
      { from: 'api', to: 'db', condition: 'service_healthy', required: true, restart: true },
      { from: 'web', to: 'api', condition: 'service_started', required: true, restart: false },
      { from: 'web', to: 'cache', condition: 'service_started', required: true, restart: false },
      { from: 'worker', to: 'db', condition: 'service_completed_successfully', required: false, restart: false },
    ]);
  });

  it('05-services.md links: implicit dependencies order startup too', () => {
    const g = buildDependencyGraph(services({ web: { image: 'x', links: ['db'] }, db: { image: 'x' } }));
    assert.deepEqual(g.levels, [['db'], ['web']]);
    assert.deepEqual(g.edges, [{ from: 'web', to: 'db', condition: 'service_started', required: true, restart: true }]);
  });

  it('05-services.md depends_on: a dependency on a service outside the project makes no edge', () => {
    const g = buildDependencyGraph(services({ web: { image: 'x', depends_on: { gone: { condition: 'service_started', required: false } } } }));
    assert.deepEqual(g, { edges: [], levels: [['web']] });
  });

  it('05-services.md depends_on: on a cycle it terminates and puts the cycle and what waits on it in a last level', () => {
    const g = buildDependencyGraph(
      services({
        a: { image: 'x', depends_on: ['b'] },
        b: { image: 'x', depends_on: ['a'] },
        c: { image: 'x', depends_on: ['a'] },
        d: { image: 'x' },
        e: { image: 'x', depends_on: ['e'] },
      }),
    );
    assert.deepEqual(g.levels, [['d'], ['a', 'b', 'c', 'e']]);
    assert.equal(g.edges.length, 4);
  });

  it('a hand-built model without depends_on works', () => {
    const s: Record<string, ServiceSpec> = { b: {}, a: { depends_on: { b: { condition: 'service_started', required: true } } } };
    assert.deepEqual(buildDependencyGraph(s).levels, [['b'], ['a']]);
  });

  it('a long chain is levelled in linear time', () => {
    const s: Record<string, ServiceSpec> = {};
    for (let i = 0; i < 5000; i++) {
      s[`s${String(i).padStart(4, '0')}`] =
        i === 0 ? {} : { depends_on: { [`s${String(i - 1).padStart(4, '0')}`]: { condition: 'service_started', required: true } } };
    }
    const g = buildDependencyGraph(s);
    assert.equal(g.levels.length, 5000);
    assert.deepEqual(g.levels[4999], ['s4999']);
  });
});
