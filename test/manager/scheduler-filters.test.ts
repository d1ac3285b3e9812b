import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrcError } from '../../common/errors.js';
import {
  AvailabilityFilter,
  ConstraintFilter,
  HostPortFilter,
  MaxReplicasFilter,
  NodeInfo,
  parseConstraint,
  Pipeline,
  ReadyFilter,
  ResourceFilter,
  type Filter,
} from '../../manager/scheduler/index.js';
import { makeNode, makeTask, makeTaskSpec, type NodeOptions } from '../../manager/scheduler/testing.js';

function info(o: NodeOptions): NodeInfo {
  return new NodeInfo(o.id, makeNode(o));
}

/** A node already running one task of `serviceId` taking these. */
function busy(o: NodeOptions, serviceId: string, take: { nanoCpus?: number; memoryBytes?: number; hostPort?: number } = {}): NodeInfo {
  const n = info(o);
  n.add({ nodeId: o.id, serviceId, nanoCpus: take.nanoCpus ?? 0, memoryBytes: take.memoryBytes ?? 0, hostPorts: take.hostPort === undefined ? [] : [`tcp/${take.hostPort}`] });
  return n;
}

function verdicts(f: Filter, nodes: NodeInfo[]): boolean[] {
  return nodes.map((n) => f.check(n));
}

test('ready: only nodes whose status is ready pass', () => {
  const f = new ReadyFilter();
  assert.equal(f.setTask(makeTask({ id: 't' })), true);
  assert.deepEqual(verdicts(f, [info({ id: 'a' }), info({ id: 'b', state: 'down' }), info({ id: 'c', state: 'unknown' })]), [true, false, false]);
  assert.equal(f.explain(2), '2 nodes not ready');
  assert.equal(f.explain(1), '1 node not ready');
});

test('availability: paused and drained nodes take no new task', () => {
  const f = new AvailabilityFilter();
  f.setTask(makeTask({ id: 't' }));
  assert.deepEqual(verdicts(f, [info({ id: 'a' }), info({ id: 'b', availability: 'pause' }), info({ id: 'c', availability: 'drain' })]), [true, false, false]);
  assert.match(f.explain(2), /^2 nodes not available for new tasks/);
});

test('resources: a node takes a task while its resources minus its tasks\' reservations cover the task\'s', () => {
  const f = new ResourceFilter();
  assert.equal(f.setTask(makeTask({ id: 't' })), false, 'no reservation: not relevant');
  const t = makeTask({ id: 't', spec: makeTaskSpec({ reservations: { nanoCpus: 1e9, memoryBytes: 2 ** 30 } }) });
  assert.equal(f.setTask(t), true);
  const nodes = [
    info({ id: 'a', nanoCpus: 1e9, memoryBytes: 2 ** 30 }),
    busy({ id: 'b', nanoCpus: 2e9, memoryBytes: 2 ** 31 }, 'x', { nanoCpus: 1.5e9 }),
    busy({ id: 'c', nanoCpus: 4e9, memoryBytes: 2 ** 31 }, 'x', { memoryBytes: 2 ** 31 }),
  ];
  assert.deepEqual(verdicts(f, nodes), [true, false, false]);
  assert.equal(f.explain(2), 'insufficient resources on 2 nodes');
});

test('constraints: every key and both operators, values without regard to case', () => {
  const f = new ConstraintFilter();
  const check = (constraints: string[], o: NodeOptions): boolean => {
    assert.equal(f.setTask(makeTask({ id: 't', spec: makeTaskSpec({ placement: { constraints } }) })), true);
    assert.equal(f.error, undefined);
    return f.check(info(o));
  };
  const n: NodeOptions = { id: 'n1', hostname: 'box1', role: 'manager', labels: { zone: 'east' }, arch: 'x86_64' };
  assert.equal(check(['node.id==n1'], n), true);
  assert.equal(check(['node.id!=n1'], n), false);
  assert.equal(check(['node.hostname==BOX1'], n), true);
  assert.equal(check(['node.role==worker'], n), false);
  assert.equal(check(['node.platform.os==linux', 'node.platform.arch==amd64'], n), true);
  assert.equal(check(['node.labels.zone==east'], n), true);
  assert.equal(check(['node.labels.zone != east'], n), false);
  assert.equal(check(['node.labels.rack==r1'], n), false, 'a missing label reads as empty');
  assert.equal(check(['node.labels.rack!=r1'], n), true);
  assert.equal(check(['engine.labels.ssd==true'], n), false, 'engine labels are never set');
  assert.equal(f.setTask(makeTask({ id: 't' })), false, 'no constraint: not relevant');
  assert.equal(f.explain(3), 'scheduling constraints not satisfied on 3 nodes');
});

test('constraints: a malformed one is an error naming it, and no node passes', () => {
  for (const bad of ['node.labels.zone=east', 'node.colour==red', 'node.id==', 'node.id==a==b']) {
    assert.throws(() => parseConstraint(bad), (e: unknown) => isOrcError(e) && e.code === 'ORC_INVALID_SPEC' && e.message.includes(bad));
  }
  const f = new ConstraintFilter();
  f.setTask(makeTask({ id: 't', spec: makeTaskSpec({ placement: { constraints: ['node.labels.zone=east'] } }) }));
  assert.match(f.error ?? '', /^invalid constraint "node.labels.zone=east"/);
  assert.equal(f.check(info({ id: 'a', labels: { zone: 'east' } })), false);
});

test('max replicas: a node holding the limit of the service\'s tasks takes no more of them', () => {
  const f = new MaxReplicasFilter();
  assert.equal(f.setTask(makeTask({ id: 't' })), false);
  assert.equal(f.setTask(makeTask({ id: 't', serviceId: 'web', spec: makeTaskSpec({ placement: { maxReplicasPerNode: 1 } }) })), true);
  assert.deepEqual(verdicts(f, [info({ id: 'a' }), busy({ id: 'b' }, 'web'), busy({ id: 'c' }, 'db')]), [true, false, true]);
  assert.equal(f.explain(1), 'max replicas per node reached on 1 node');
});

test('host ports: a node where another task publishes the port in host mode is refused', () => {
  const f = new HostPortFilter();
  assert.equal(f.setTask(makeTask({ id: 't' })), false);
  const ports = [{ name: '', protocol: 'tcp' as const, targetPort: 80, publishedPort: 8080, publishMode: 'host' as const }];
  assert.equal(f.setTask(makeTask({ id: 't', ports })), true);
  assert.deepEqual(verdicts(f, [info({ id: 'a' }), busy({ id: 'b' }, 'x', { hostPort: 8080 }), busy({ id: 'c' }, 'x', { hostPort: 8081 })]), [true, false, true]);
  assert.equal(f.explain(1), 'host-mode port already in use on 1 node');
});

test('pipeline: each node counts against the first filter it fails, in Swarm\'s words', () => {
  const p = new Pipeline();
  p.setTask(makeTask({ id: 't', spec: makeTaskSpec({ reservations: { memoryBytes: 2 ** 30 }, placement: { constraints: ['node.labels.zone==east'] } }) }));
  const nodes = [
    info({ id: 'a', memoryBytes: 2 ** 29, labels: { zone: 'east' } }),
    info({ id: 'b', memoryBytes: 2 ** 29, labels: { zone: 'west' } }),
    info({ id: 'c', labels: { zone: 'west' } }),
    info({ id: 'd', labels: { zone: 'west' } }),
    info({ id: 'e', labels: { zone: 'west' } }),
    info({ id: 'f', state: 'down', labels: { zone: 'east' } }),
  ];
  assert.equal(p.explain(nodes), 'no suitable node (1 node not ready; insufficient resources on 2 nodes; scheduling constraints not satisfied on 3 nodes)');
  assert.equal(p.explain([...nodes, info({ id: 'g', labels: { zone: 'east' } })]), '', 'a node passes: nothing to explain');
  assert.equal(p.explain([]), 'no suitable node (no node in the cluster)');
});
