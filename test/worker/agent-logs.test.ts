// The logs of a node's tasks over a real engine (busybox containers under
// orc-shim and orc-runtime in temporary data roots): a task's container is
// found by Swarm's task-id label, its records come with their stream and
// time, `tail` keeps the last ones, `follow` waits for new ones until the
// container ends or the reader is closed, and several tasks are merged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineTaskLogs, mergeAsync, recordTimeMs, type TaskLogOptions, type TaskLogRecord } from '../../worker/agent/logs.js';
import { SWARM_LABEL } from '../../worker/agent/executor-options.js';
import type { Engine } from '../../worker/engine/index.js';
import { engineRoots, sh, skip } from './helpers/engine.js';
import { fullBusyboxEntries, image, layer, legacyArchive } from './helpers/image.js';

const IMAGE = 'agent-logs-test/busybox:1';

let archive: Buffer | undefined;
function busyboxArchive(): Buffer {
  archive ??= legacyArchive([image([layer(fullBusyboxEntries())], [IMAGE], { Env: ['PATH=/bin'], Cmd: ['sh'] })]);
  return archive;
}

const { leftovers, withEngine } = engineRoots('orc-agent-logs-test', busyboxArchive);

/** A task's container as the executor makes it: Swarm's name and task-id label. */
function runTask(engine: Engine, taskId: string, slot: number, script: string): Promise<string> {
  return engine.run(IMAGE, { name: `web.${slot}.${taskId}`, labels: { [SWARM_LABEL.taskId]: taskId }, ...sh(script) });
}

const ALL: TaskLogOptions = { follow: false, tail: -1, timestamps: false };

async function records(it: AsyncIterable<TaskLogRecord>): Promise<TaskLogRecord[]> {
  const out: TaskLogRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const view = (rs: readonly TaskLogRecord[]): [string, string, string][] => rs.map((r) => [r.taskId, r.stream, r.data.toString()]);

describe('task logs: helpers', () => {
  it('an RFC 3339 time with nanoseconds keeps its sub-millisecond digits as a fraction', () => {
    assert.equal(recordTimeMs('2024-05-01T10:00:00Z'), Date.UTC(2024, 4, 1, 10));
    assert.equal(recordTimeMs('2024-05-01T10:00:00.5Z'), Date.UTC(2024, 4, 1, 10) + 500);
    const t = recordTimeMs('2024-05-01T10:00:00.123456789Z') - Date.UTC(2024, 4, 1, 10);
    assert.ok(Math.abs(t - 123.456789) < 1e-3, String(t));
  });

  it('merging keeps each source in order and ends when all have ended', async () => {
    async function* slow(prefix: string, n: number, ms: number): AsyncGenerator<string> {
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, ms));
        yield `${prefix}${i}`;
      }
    }
    const got: string[] = [];
    for await (const x of mergeAsync([slow('a', 3, 5), slow('b', 2, 7)])) got.push(x);
    assert.deepEqual(got.filter((x) => x.startsWith('a')), ['a0', 'a1', 'a2']);
    assert.deepEqual(got.filter((x) => x.startsWith('b')), ['b0', 'b1']);
  });
});

describe('task logs: containers of a real engine', { skip }, () => {
  it('a task\'s records by its task id: both streams in order, with their times; tail keeps the last ones', () => withEngine(async ({ engine }) => {
    const before = Date.now();
    const id = await runTask(engine, 'task1', 1, 'echo one; echo two >&2; echo three; echo four');
    assert.equal(await engine.wait(id), 0);
    const logs = engineTaskLogs(engine);
    const all = await records(logs(['task1'], ALL, new AbortController().signal));
    // Each stream in order (the shim reads the two pipes apart: no order between them).
    assert.deepEqual(view(all.filter((r) => r.stream === 'stdout')), [['task1', 'stdout', 'one\n'], ['task1', 'stdout', 'three\n'], ['task1', 'stdout', 'four\n']]);
    assert.deepEqual(view(all.filter((r) => r.stream === 'stderr')), [['task1', 'stderr', 'two\n']]);
    for (const r of all) {
      assert.equal(r.error, undefined);
      assert.ok(r.timestampMs >= before - 1000 && r.timestampMs <= Date.now() + 1000, `a time of now: ${r.timestampMs}`);
    }
    const tail = await records(logs(['task1'], { ...ALL, tail: 2 }, new AbortController().signal));
    assert.deepEqual(view(tail), view(all.slice(-2)));
  }));

  it('a task without a container on this node is one error record; the other tasks still come, merged', () => withEngine(async ({ engine }) => {
    const a = await runTask(engine, 'taskA', 1, 'echo a1; echo a2');
    const b = await runTask(engine, 'taskB', 2, 'echo b1; echo b2');
    await Promise.all([engine.wait(a), engine.wait(b)]);
    const got = await records(engineTaskLogs(engine)(['taskA', 'nosuch', 'taskB'], ALL, new AbortController().signal));
    assert.deepEqual(view(got.filter((r) => r.taskId === 'taskA')), [['taskA', 'stdout', 'a1\n'], ['taskA', 'stdout', 'a2\n']]);
    assert.deepEqual(view(got.filter((r) => r.taskId === 'taskB')), [['taskB', 'stdout', 'b1\n'], ['taskB', 'stdout', 'b2\n']]);
    const missing = got.filter((r) => r.taskId === 'nosuch');
    assert.equal(missing.length, 1);
    assert.match(missing[0]?.error ?? '', /task nosuch has no container on this node/);
  }));

  it('following: lines written later arrive, and the reading ends when the container ends', () => withEngine(async ({ engine }) => {
    await runTask(engine, 'task2', 1, 'echo first; sleep 0.5; echo second; sleep 0.5; echo third');
    const got: string[] = [];
    const started = Date.now();
    for await (const r of engineTaskLogs(engine)(['task2'], { ...ALL, follow: true }, new AbortController().signal)) got.push(r.data.toString());
    assert.deepEqual(got, ['first\n', 'second\n', 'third\n']);
    assert.ok(Date.now() - started >= 900, 'the later lines were waited for');
  }));

  it('following a container that keeps running ends when the signal aborts; tail 0 skips what was there', () => withEngine(async ({ engine }) => {
    const id = await runTask(engine, 'task3', 1, 'echo old; sleep 0.6; i=0; while :; do echo tick$i; i=$((i+1)); sleep 0.2; done');
    await new Promise((r) => setTimeout(r, 300));
    const ac = new AbortController();
    const got: string[] = [];
    for await (const r of engineTaskLogs(engine)(['task3'], { ...ALL, follow: true, tail: 0 }, ac.signal)) {
      got.push(r.data.toString());
      if (got.length === 2) ac.abort();
    }
    assert.deepEqual(got, ['tick0\n', 'tick1\n']);
    await engine.stop(id, { timeout: 0 });
  }));
});

leftovers('task logs: cleanup');
