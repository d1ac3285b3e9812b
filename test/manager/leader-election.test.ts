import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Etcd3 } from 'etcd3';
import { connectEtcd } from '../../manager/etcd/index.js';
import { LeaderElection } from '../../manager/leader/index.js';
import { startProxy, startSingleEtcd, until, type SingleEtcd, type TcpProxy } from './etcd-fixture.js';

const TTL = 2;

interface Candidate {
  id: string;
  client: Etcd3;
  /** Its own way to etcd, to cut it off alone. */
  proxy: TcpProxy;
  election: LeaderElection;
  stop: AbortController;
  running: Promise<void>;
  /** The signal of its current term, if it leads. */
  term?: AbortSignal;
}

interface Term {
  id: string;
  from: number;
  to?: number;
  reason?: string;
}

describe('leader election on one etcd', () => {
  let etcd: SingleEtcd | undefined;
  const candidates: Candidate[] = [];
  const terms: Term[] = [];

  const running = (): SingleEtcd => {
    assert.ok(etcd !== undefined, 'etcd did not start');
    return etcd;
  };

  const candidate = async (id: string): Promise<Candidate> => {
    const proxy = await startProxy(running().url);
    const client = connectEtcd({ endpoints: [proxy.url] });
    const election = new LeaderElection(client, { nodeId: id, ttlSeconds: TTL });
    const stop = new AbortController();
    const c: Candidate = { id, client, proxy, election, stop, running: Promise.resolve() };
    c.running = election.run(stop.signal, {
      onElected: (signal) => {
        const term: Term = { id, from: Date.now() };
        terms.push(term);
        c.term = signal;
        signal.addEventListener('abort', () => {
          term.to = Date.now();
          term.reason = (signal.reason as Error).message;
        });
      },
    });
    candidates.push(c);
    return c;
  };

  const leaders = (): Candidate[] => candidates.filter((c) => c.election.isLeader());
  const current = (): Term | undefined => terms.find((t) => t.to === undefined);

  /** No two terms overlap: each began after the one before it ended. */
  const assertNoOverlap = (): void => {
    for (let i = 1; i < terms.length; i++) {
      const prev = terms[i - 1] as Term;
      assert.ok(prev.to !== undefined && prev.to <= (terms[i] as Term).from, `terms overlap: ${JSON.stringify(terms)}`);
    }
  };

  before(async () => {
    etcd = await startSingleEtcd();
  });

  after(async () => {
    for (const c of candidates) c.stop.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(candidates.map((c) => c.running)), new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    for (const c of candidates) c.client.close();
    for (const c of candidates) await c.proxy.close();
    await etcd?.stop();
  });

  it('of three candidates exactly one leads, and all of them say which', async () => {
    await candidate('n1');
    await candidate('n2');
    await candidate('n3');
    await until('someone leads', () => leaders().length > 0);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(leaders().length, 1);
    assert.equal(terms.length, 1);
    const leader = (leaders()[0] as Candidate).id;
    for (const c of candidates) assert.equal(await c.election.leader(), leader);
  });

  it('when the leader resigns another leads at once, and leader() reports it', async () => {
    const old = leaders()[0] as Candidate;
    const signal = old.term as AbortSignal;
    const resignedAt = Date.now();
    await old.election.resign();
    assert.ok(signal.aborted, 'the old term ended before resign() returned');
    await until('another leads', () => leaders().length === 1 && leaders()[0] !== old, (TTL + 1) * 1000, 20);
    const next = leaders()[0] as Candidate;
    assert.ok(Date.now() - resignedAt < (TTL + 1) * 1000);
    assert.equal(await old.election.leader(), next.id);
    assertNoOverlap();
  });

  it('a leader cut off from etcd steps down within the TTL, and another leads within TTL + 1 s', async () => {
    const old = leaders()[0] as Candidate;
    const signal = old.term as AbortSignal;
    const lostAt = Date.now();
    old.proxy.blackhole();
    await until('the old leader stepped down', () => signal.aborted, TTL * 1000, 20);
    await until('another leads', () => leaders().some((c) => c !== old), (TTL + 1) * 1000, 20);
    const next = leaders().find((c) => c !== old) as Candidate;
    assert.ok(Date.now() - lostAt <= (TTL + 1) * 1000, `took ${Date.now() - lostAt} ms`);
    assert.equal(await next.election.leader(), next.id);
    assert.equal(leaders().length, 1);
    assertNoOverlap();
    old.stop.abort();
    await old.running;
  });

  it('when etcd stops answering the leader steps down within the TTL; when it answers again someone leads', async () => {
    const leader = leaders()[0] as Candidate;
    const signal = leader.term as AbortSignal;
    const pid = running().member.pid as number;
    process.kill(pid, 'SIGSTOP');
    const frozenAt = Date.now();
    try {
      await until('the leader stepped down', () => signal.aborted, TTL * 1000, 20);
      assert.ok(Date.now() - frozenAt <= TTL * 1000);
      assert.equal(leaders().length, 0);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until('someone leads again', () => leaders().length === 1, (TTL + 5) * 1000, 50);
    assertNoOverlap();
  });

  it('a stopped candidate gives up the key: run() resolves and another leads at once', async () => {
    const leader = leaders()[0] as Candidate;
    const stoppedAt = Date.now();
    leader.stop.abort();
    await leader.running;
    assert.equal(leader.election.isLeader(), false);
    await until('another leads', () => leaders().length === 1 && leaders()[0] !== leader, (TTL + 1) * 1000, 20);
    assert.ok(Date.now() - stoppedAt < 1000, `took ${Date.now() - stoppedAt} ms`);
    assert.equal(current()?.id, (leaders()[0] as Candidate).id);
    assertNoOverlap();
  });
});
