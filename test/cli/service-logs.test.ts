// `orc service logs` output, as `docker service logs` prints it: the
// NAME.SLOT.TASKID@NODE prefix (padded), --no-task-ids, --raw, -t, stdout
// and stderr apart, and unreachable nodes on stderr.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogPrinter, lineContext, rfc3339, type LogLineView } from '../../cli/commands/service-logs.js';

function line(over: Partial<LogLineView>): LogLineView {
  return {
    taskId: 'abcdefghijklmnopqrstuvwxy', nodeId: 'n1', nodeName: 'w1', serviceName: 'web', slot: 1,
    stream: 'stdout', data: Buffer.from('hello\n'), timestampMs: Date.UTC(2024, 4, 1, 10, 0, 0, 123) + 0.456, error: '', ...over,
  };
}

function printer(opts: Partial<{ noTaskIds: boolean; noTrunc: boolean; raw: boolean; timestamps: boolean }> = {}): { p: LogPrinter; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const p = new LogPrinter({ out: (t) => out.push(t), err: (t) => err.push(t) }, { noTaskIds: false, noTrunc: false, raw: false, timestamps: false, ...opts });
  return { p, out, err };
}

describe('orc service logs: output', () => {
  it('prefixes NAME.SLOT.TASKID@NODE (12-character id), a global task by its node id; --no-task-ids and --no-trunc', () => {
    assert.equal(lineContext(line({}), { noTaskIds: false, noTrunc: false }), 'web.1.abcdefghijkl@w1');
    assert.equal(lineContext(line({}), { noTaskIds: false, noTrunc: true }), 'web.1.abcdefghijklmnopqrstuvwxy@w1');
    assert.equal(lineContext(line({}), { noTaskIds: true, noTrunc: false }), 'web.1@w1');
    assert.equal(lineContext(line({ slot: 0, nodeId: 'node9' }), { noTaskIds: true, noTrunc: false }), 'web.node9@w1');
  });

  it('stdout and stderr go apart, prefixes padded to the widest so far', () => {
    const { p, out, err } = printer({ noTaskIds: true });
    p.print(line({ data: Buffer.from('one\n') }));
    p.print(line({ slot: 12, stream: 'stderr', data: Buffer.from('two\n') }));
    p.print(line({ data: Buffer.from('three\n') }));
    assert.deepEqual(out, ['web.1@w1    | one\n', 'web.1@w1     | three\n']);
    assert.deepEqual(err, ['web.12@w1    | two\n']);
  });

  it('-t puts the time after the bar; --raw prints the bare lines', () => {
    const t = printer({ timestamps: true });
    t.p.print(line({}));
    assert.deepEqual(t.out, ['web.1.abcdefghijkl@w1    | 2024-05-01T10:00:00.123456Z hello\n']);
    const r = printer({ raw: true });
    r.p.print(line({}));
    assert.deepEqual(r.out, ['hello\n']);
    assert.equal(rfc3339(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02T03:04:05Z');
  });

  it('an unreachable node is an error line on stderr', () => {
    const { p, out, err } = printer();
    p.print(line({ taskId: '', stream: '', data: Buffer.alloc(0), nodeName: 'w2', nodeId: 'n2', error: 'node w2 (id n2) is not reachable: down (heartbeat failure)' }));
    p.print(line({ error: 'task abc has no container on this node', data: Buffer.alloc(0) }));
    assert.deepEqual(out, []);
    assert.deepEqual(err, ['error from node w2 (id n2) is not reachable: down (heartbeat failure)\n', 'error from node w1: task abc has no container on this node\n']);
  });
});
