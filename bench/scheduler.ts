/**
 * The scheduler's throughput on a large scale-up: 1,000 nodes (ready, active,
 * 4 CPUs, 8 GiB), one service with 100,000 replica tasks already pending in
 * a MemoryStore; the time from starting the scheduler until every task is
 * assigned in the store (commits of at most 128 tasks included).
 *
 * (a) `run()`: the full pass, then the watch (the scheduler also takes in the
 *     echo of its own writes), until the store has counted every assignment.
 * (b) `pass()`: one full pass and its tick, until its last commit.
 *
 * Each run builds a fresh store (not timed). Afterwards the tasks per node
 * must differ by at most one. The peer figure is Nomad's published 3,750
 * tasks/s (not measured here), scaled to the same number of tasks.
 *
 *   node dist/bench/scheduler.js [--runs N]
 */
import { fileURLToPath } from 'node:url';
import type { Task } from '../common/cluster/types.js';
import { Scheduler } from '../manager/scheduler/index.js';
import { fakeClock, makeNode, makeTask, makeTaskSpec } from '../manager/scheduler/testing.js';
import { MemoryStore } from '../manager/store/memory-store.js';
import { commitInBatches, type WriteOp } from '../manager/store/store.js';
import { median, noteFailure, parseOptions, percentile, type BenchOptions, type BenchReport } from './harness.js';

const NODES = 1_000;
const TASKS = 100_000;
const TARGET_PER_S = 10_000;
const NOMAD_PER_S = 3_750;
const DEFAULT_RUNS = 3;

/** A MemoryStore that counts the tasks committed as assigned and says when all are. */
class CountingStore extends MemoryStore {
  assigned = 0;
  private wake: (() => void) | undefined;

  override async commit(ops: readonly WriteOp[]): Promise<number> {
    const rev = await super.commit(ops);
    for (const op of ops) if (op.op === 'update' && op.kind === 'task' && (op.object as Task).status.state === 'assigned') this.assigned++;
    if (this.assigned >= TASKS) this.wake?.();
    return rev;
  }

  allAssigned(): Promise<void> {
    return this.assigned >= TASKS ? Promise.resolve() : new Promise((r) => (this.wake = r));
  }
}

async function fill(): Promise<CountingStore> {
  const clock = fakeClock();
  // history enough for the creates and the assignments, so the watch never loses its place
  const store = new CountingStore(clock, 3 * TASKS);
  const ops: WriteOp[] = [];
  for (let i = 0; i < NODES; i++) ops.push({ op: 'create', kind: 'node', object: makeNode({ id: `node-${String(i).padStart(4, '0')}` }) });
  const spec = makeTaskSpec({ reservations: { nanoCpus: 1e6, memoryBytes: 2 ** 20 } });
  for (let i = 0; i < TASKS; i++) ops.push({ op: 'create', kind: 'task', object: makeTask({ id: `task-${i}`, serviceId: 'web', slot: i + 1, spec }) });
  await commitInBatches(store, ops);
  return store;
}

/** max − min of tasks per node, and how many are assigned. */
async function distribution(store: MemoryStore): Promise<{ spread: number; assigned: number }> {
  const per = new Map<string, number>();
  for (const n of await store.list('node')) per.set(n.id, 0);
  let assigned = 0;
  for (const t of await store.list('task')) {
    if (t.status.state !== 'assigned') continue;
    assigned++;
    per.set(t.nodeId, (per.get(t.nodeId) ?? 0) + 1);
  }
  const counts = [...per.values()];
  return { spread: Math.max(...counts) - Math.min(...counts), assigned };
}

let seed = 42;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

async function timeRun(): Promise<{ ms: number; store: MemoryStore }> {
  const store = await fill();
  const scheduler = new Scheduler(store, { random, log: () => undefined });
  const ac = new AbortController();
  const start = process.hrtime.bigint();
  const running = scheduler.run(ac.signal);
  await store.allAssigned();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  ac.abort();
  await running;
  return { ms, store };
}

async function timePass(): Promise<{ ms: number; store: MemoryStore }> {
  const store = await fill();
  const scheduler = new Scheduler(store, { random, log: () => undefined });
  const start = process.hrtime.bigint();
  await scheduler.pass();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, store };
}

export async function runSchedulerBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = { name: 'scheduler', peer: null, rows: [], notes: [], samples: {}, ok: true };
  const runs = opts.runsGiven === true ? opts.runs : DEFAULT_RUNS;
  const targetMs = (TASKS / TARGET_PER_S) * 1000;
  const nomadMs = (TASKS / NOMAD_PER_S) * 1000;
  try {
    for (const [series, label, timed] of [
      ['run', `assign ${TASKS.toLocaleString('en')} pending tasks over ${NODES.toLocaleString('en')} nodes, run() (full pass + watch)`, timeRun],
      ['pass', 'same, pass() (one full pass and its tick)', timePass],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const { ms, store } = await timed();
        samples.push(ms);
        const d = await distribution(store);
        await store.close();
        if (d.assigned !== TASKS) {
          report.ok = false;
          report.notes.push(`${series}: only ${d.assigned} of ${TASKS} tasks assigned`);
        }
        if (d.spread > 1) {
          report.ok = false;
          report.notes.push(`${series}: tasks per node differ by ${d.spread} (more than 1)`);
        }
      }
      report.samples[series] = samples;
      const med = median(samples);
      report.rows.push({
        benchmark: `${label} (median)`,
        orcMs: med,
        peerMs: nomadMs,
        ratio: med / nomadMs,
        target: `≤ ${targetMs.toFixed(0)} ms`,
        met: med <= targetMs,
      });
      const perS = (TASKS / med) * 1000;
      report.notes.push(
        `${series}: ${perS.toFixed(0)} tasks/s (median of ${runs}; p90 ${percentile(samples, 90).toFixed(0)} ms) = ` +
          `${(perS / TARGET_PER_S).toFixed(2)} × the target of ${TARGET_PER_S.toLocaleString('en')}/s, ` +
          `${(perS / NOMAD_PER_S).toFixed(2)} × Nomad's ${NOMAD_PER_S.toLocaleString('en')}/s`,
      );
    }
    report.notes.push(`peer column: the time Nomad's published ${NOMAD_PER_S.toLocaleString('en')} tasks/s would take (not measured here)`);
    if (report.ok) report.notes.push('distribution: every task assigned, tasks per node differ by at most 1 after every run');
  } catch (e) {
    noteFailure(report, e);
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runSchedulerBench(parseOptions(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(report.rows, null, 2)}\n${report.notes.join('\n')}\n`);
  process.exitCode = report.ok ? 0 : 1;
}
