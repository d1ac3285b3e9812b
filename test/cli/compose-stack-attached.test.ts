// Attached `orc up` and `orc compose run` against a fake engine whose
// containers print lines and run until they exit or are stopped: Compose's
// prefixes, the exit notices, --abort-on-container-exit / --exit-code-from,
// Ctrl-C (SIGINT to the orc process) once and twice; run's flags, its
// attach-then-start, exit code, --rm and -d.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type * as grpc from '@grpc/grpc-js';
import { withFiles } from '../helpers/tmp.js';
import { fakeEngine, runOrc, startOrc, type FakeEngine, type Handler } from './compose-stack-fake.js';

const COMPOSE = `services:
  web:
    image: busybox
  db:
    image: busybox
  quiet:
    image: busybox
    attach: false
`;

interface FakeContainer {
  id: string;
  name: string;
  service: string;
  lines: string[];
  /** Exits by itself with this code after printing (else runs until stopped). */
  exitAfter?: number;
  /** ContainerStop waits until the container is killed (a container that ignores SIGTERM). */
  ignoresStop?: boolean;
  exitCode?: number;
  ended?: () => void;
}

/** The rpcs attached `up` uses, over a set of fake containers of project `p`. */
function containers(list: FakeContainer[]): Record<string, Handler> {
  const byId = (id: string): FakeContainer => {
    const c = list.find((x) => x.id === id);
    if (c === undefined) throw new Error(`no container ${id}`);
    return c;
  };
  const waiters = new Map<string, Array<() => void>>();
  const end = (c: FakeContainer, code: number): void => {
    if (c.exitCode !== undefined) return;
    c.exitCode = code;
    for (const w of waiters.get(c.id) ?? []) w();
  };
  const ended = (c: FakeContainer): Promise<void> => new Promise((resolve) => {
    if (c.exitCode !== undefined) resolve();
    else waiters.set(c.id, [...(waiters.get(c.id) ?? []), resolve]);
  });
  return {
    ContainerList: (call: grpc.ServerUnaryCall<{ all: boolean }, unknown>, cb: grpc.sendUnaryData<unknown>) => cb(null, {
      containers: list.filter((c) => call.request.all || c.exitCode === undefined).map((c) => ({
        id: c.id, names: [`/${c.name}`], image: 'busybox', image_id: 'sha256:0', command: 'sh', created: '0',
        state: c.exitCode === undefined ? 'running' : 'exited', status: '', labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.service': c.service } as Record<string, string>,
      })).concat([{
        id: 'oneoff', names: ['/p-web-run-1'], image: 'busybox', image_id: 'sha256:0', command: 'sh', created: '0', state: 'running', status: '',
        labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.service': 'web', 'com.docker.compose.oneoff': 'True' },
      }, {
        id: 'stranger', names: ['/q-web-1'], image: 'busybox', image_id: 'sha256:0', command: 'sh', created: '0', state: 'running', status: '',
        labels: { 'com.docker.compose.project': 'q', 'com.docker.compose.service': 'web' },
      }]),
    }),
    ContainerInspect: (call: grpc.ServerUnaryCall<{ container: string }, unknown>, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, { json: JSON.stringify({ Id: call.request.container, State: { StartedAt: '2026-01-01T00:00:00Z' } }) }),
    ContainerLogs: (call: grpc.ServerWritableStream<{ container: string; follow: boolean; since: string }, unknown>) => {
      const c = byId(call.request.container);
      for (const l of c.lines) call.write({ stream: l.startsWith('!') ? 'stderr' : 'stdout', time: '2026-01-01T00:00:01.000000000Z', log: Buffer.from(`${l.replace(/^!/, '')}\n`) });
      if (c.exitAfter !== undefined) end(c, c.exitAfter);
      void ended(c).then(() => call.end());
    },
    ContainerWait: (call: grpc.ServerUnaryCall<{ container: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const c = byId(call.request.container);
      void ended(c).then(() => cb(null, { exit_code: c.exitCode ?? 0 }));
    },
    ContainerStop: (call: grpc.ServerUnaryCall<{ container: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const c = byId(call.request.container);
      if (c.ignoresStop === true) {
        void ended(c).then(() => cb(null, {})); // as an engine does once the container is killed
        return;
      }
      end(c, 143);
      cb(null, {});
    },
    ContainerKill: (call: grpc.ServerUnaryCall<{ container: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      end(byId(call.request.container), 137);
      cb(null, {});
    },
    StackUp: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.write({ kind: 'container', name: 'p-web-1', status: 'Started', detail: '', service: 'web' });
      call.end();
    },
  };
}

async function withProject(handlers: Record<string, Handler>, fn: (engine: FakeEngine, dir: string) => Promise<void>): Promise<void> {
  await withFiles({ 'p/compose.yaml': COMPOSE }, async (root) => {
    const engine = await fakeEngine(handlers);
    try {
      await fn(engine, join(root, 'p'));
    } finally {
      await engine.close();
    }
  });
}

const stopped = (engine: FakeEngine): string[] => (engine.seen('ContainerStop') as Array<{ container: string }>).map((r) => r.container).sort();

describe('attached orc up', () => {
  it('follows the attached services\' containers with Compose\'s prefixes and returns once all exited', () => withProject(containers([
    { id: 'w', name: 'p-web-1', service: 'web', lines: ['hello', '!oops'], exitAfter: 0 },
    { id: 'd', name: 'p-db-1', service: 'db', lines: ['ready'], exitAfter: 0 },
    { id: 'q', name: 'p-quiet-1', service: 'quiet', lines: ['not shown'], exitAfter: 0 },
  ]), async (engine, dir) => {
    const r = await runOrc(engine.host, ['up'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.split('\n');
    assert.equal(out[0], 'Attaching to db-1, web-1');
    assert.ok(out.includes('web-1  | hello'), r.stdout);
    assert.ok(out.includes('db-1   | ready'), r.stdout);
    assert.ok(out.includes('web-1 exited with code 0'), r.stdout);
    assert.ok(out.includes('db-1 exited with code 0'), r.stdout);
    assert.ok(!r.stdout.includes('not shown'));
    assert.ok(r.stderr.includes('web-1  | oops\n'), 'stderr lines go to stderr');
    // the current run only: from the container's start
    assert.deepEqual((engine.seen('ContainerLogs') as Array<{ since: string; follow: boolean }>).map((q) => [q.since, q.follow]), [['2026-01-01T00:00:00Z', true], ['2026-01-01T00:00:00Z', true]]);
  }));

  it('--no-log-prefix, --timestamps and --no-attach shape the output', () => withProject(containers([
    { id: 'w', name: 'p-web-1', service: 'web', lines: ['hello'], exitAfter: 0 },
    { id: 'd', name: 'p-db-1', service: 'db', lines: ['ready'], exitAfter: 0 },
  ]), async (engine, dir) => {
    const r = await runOrc(engine.host, ['up', '--no-log-prefix', '--timestamps', '--no-attach', 'db'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Attaching to web-1\n2026-01-01T00:00:01.000000000Z hello\nweb-1 exited with code 0\n');
  }));

  it('--abort-on-container-exit --exit-code-from: the first exit stops the others and the command exits with that service\'s code', () => withProject(containers([
    { id: 'w', name: 'p-web-1', service: 'web', lines: ['done'], exitAfter: 3 },
    { id: 'd', name: 'p-db-1', service: 'db', lines: ['serving'] },
  ]), async (engine, dir) => {
    const r = await runOrc(engine.host, ['up', '--exit-code-from', 'web'], { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
    assert.ok(r.stdout.includes('Aborting on container exit...\n'), r.stdout);
    assert.ok(r.stdout.includes('db-1 exited with code 143'), r.stdout);
    assert.deepEqual(stopped(engine), ['d']);
    assert.ok(r.stderr.includes(' Container p-db-1  Stopped\n'), r.stderr);
  }));

  it('--abort-on-container-exit alone exits with the first exited container\'s code', () => withProject(containers([
    { id: 'w', name: 'p-web-1', service: 'web', lines: [] },
    { id: 'd', name: 'p-db-1', service: 'db', lines: [], exitAfter: 4 },
  ]), async (engine, dir) => {
    const r = await runOrc(engine.host, ['up', '--abort-on-container-exit'], { cwd: dir });
    assert.equal(r.code, 4, r.stderr);
    assert.deepEqual(stopped(engine), ['w']);
  }));

  it('Ctrl-C stops the containers (not removes) and exits 0 once they exited', () => withProject(containers([
    { id: 'w', name: 'p-web-1', service: 'web', lines: ['up'] },
    { id: 'd', name: 'p-db-1', service: 'db', lines: ['up'] },
  ]), async (engine, dir) => {
    const orc = startOrc(engine.host, ['up', '-t', '7'], { cwd: dir });
    await orc.waitFor('db-1   | up');
    await orc.waitFor('web-1  | up');
    orc.child.kill('SIGINT');
    const r = await orc.done;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes('Gracefully stopping... (press Ctrl+C again to force)\n'), r.stdout);
    assert.deepEqual(stopped(engine), ['d', 'w']);
    assert.deepEqual((engine.seen('ContainerStop') as Array<{ timeout?: number }>).map((q) => q.timeout), [7, 7]);
    assert.equal(engine.seen('ContainerRemove').length, 0);
  }));

  it('a second Ctrl-C kills what does not stop, and exits 2', () => withProject(containers([
    { id: 'w', name: 'p-web-1', service: 'web', lines: ['up'], ignoresStop: true },
  ]), async (engine, dir) => {
    const orc = startOrc(engine.host, ['up', 'web'], { cwd: dir });
    await orc.waitFor('web-1  | up');
    orc.child.kill('SIGINT');
    await orc.waitFor('Gracefully stopping');
    await orc.waitFor(' Container p-web-1  Stopping', 'stderr');
    orc.child.kill('SIGINT');
    const r = await orc.done;
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual((engine.seen('ContainerKill') as Array<{ container: string; signal: string }>).map((q) => [q.container, q.signal]), [['w', 'SIGKILL']]);
    assert.ok(r.stdout.includes('web-1 exited with code 137'), r.stdout);
  }));
});

type RunReq = {
  spec_json: string; service: string; command: string[]; entrypoint?: string; env: string[]; labels: string[]; no_deps: boolean; volumes: string[]; publish: string[];
  service_ports: boolean; name?: string; user?: string; workdir?: string; rm: boolean; tty: boolean; interactive: boolean; use_aliases: boolean;
};

/** StackRun creates `p-web-run-1`; attaching starts it, it prints and exits with `code`. */
function oneOff(code: number): Record<string, Handler> {
  return {
    StackRun: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { id: 'r1', name: 'p-web-run-1' }),
    ContainerAttach: (call: grpc.ServerDuplexStream<{ start?: { container: string; start: boolean } }, unknown>) => {
      call.once('data', (m: { start?: { container: string; start: boolean } }) => {
        if (m.start?.start !== true) return call.end();
        call.write({ stdout: Buffer.from('one-off says hi\n') });
        call.write({ exit_code: code });
        call.end();
      });
    },
    ContainerStart: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, {}),
    ContainerRemove: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, {}),
  };
}

describe('orc compose run', () => {
  it('sends its flags, keeps the command\'s own options, attaches then starts, and exits with the container\'s code', () => withProject(oneOff(5), async (engine, dir) => {
    const r = await runOrc(engine.host, [
      'compose', 'run', '--rm', '--no-deps', '-e', 'A=1', '-e', 'FROM_SHELL', '-e', 'UNSET', '--entrypoint', '/bin/sh', '-v', '/tmp:/data', '-p', '8080:80',
      '--name', 'job', '-u', '1000', '-w', '/work', '-T', '--use-aliases', '-l', 'k=v', 'web', 'echo', '-p', 'x', '-l',
    ], { cwd: dir, env: { FROM_SHELL: 'shell value' } });
    assert.equal(r.code, 5, r.stderr);
    assert.equal(r.stdout, 'one-off says hi\n');
    const [req] = engine.seen('StackRun') as RunReq[];
    assert.ok(req);
    assert.equal(req.service, 'web');
    assert.deepEqual(req.command, ['echo', '-p', 'x', '-l']);
    assert.deepEqual(req.env, ['A=1', 'FROM_SHELL=shell value']);
    assert.equal(req.entrypoint, '/bin/sh');
    assert.deepEqual(req.volumes, ['/tmp:/data']);
    assert.deepEqual(req.publish, ['8080:80']);
    assert.deepEqual(req.labels, ['k=v']);
    assert.equal(req.name, 'job');
    assert.equal(req.user, '1000');
    assert.equal(req.workdir, '/work');
    assert.equal(req.no_deps, true);
    assert.equal(req.use_aliases, true);
    assert.equal(req.tty, false);
    assert.equal(req.interactive, true);
    assert.equal(req.rm, false, 'attached, the CLI removes it itself');
    assert.equal((JSON.parse(req.spec_json) as { name: string }).name, 'p');
    const [start] = engine.seen('ContainerAttach') as Array<{ start?: { container: string; start: boolean } }>;
    assert.deepEqual(start?.start && { container: start.start.container, start: start.start.start }, { container: 'r1', start: true });
    assert.deepEqual((engine.seen('ContainerRemove') as Array<{ container: string }>).map((q) => q.container), ['r1']);
    assert.equal(engine.seen('ContainerStart').length, 0);
  }));

  it('-d starts it and prints its name; --rm is left to the engine', () => withProject(oneOff(0), async (engine, dir) => {
    const r = await runOrc(engine.host, ['compose', 'run', '-d', '--rm', 'web'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'p-web-run-1\n');
    assert.equal((engine.seen('StackRun') as RunReq[])[0]?.rm, true);
    assert.deepEqual((engine.seen('ContainerStart') as Array<{ container: string }>).map((q) => q.container), ['r1']);
    assert.equal(engine.seen('ContainerAttach').length, 0);
  }));

  it('refuses what Compose refuses, with exit 1', () => withProject(oneOff(0), async (engine, dir) => {
    for (const [args, message] of [
      [['compose', 'run', '--service-ports', '-p', '1:1', 'web'], /--service-ports and --publish are incompatible/],
      [['compose', 'run', '-l', 'novalue', 'web'], /label must be set as KEY=VALUE/],
      [['compose', 'run', 'nope'], /no such service: nope/],
    ] as Array<[string[], RegExp]>) {
      const r = await runOrc(engine.host, args, { cwd: dir });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal(engine.seen('StackRun').length, 0);
  }));
});
