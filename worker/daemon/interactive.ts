/**
 * ContainerAttach and ContainerExec: bidirectional streams between a client
 * and a shim's attach socket. The first message says what to attach to;
 * the rest is stdin, terminal sizes and close-stdin one way, output and
 * finally the exit code the other. A cancelled call detaches and leaves the
 * process running.
 */
import type * as grpc from '@grpc/grpc-js';
import { OrcError } from '../../common/errors.js';
import type { AttachInput__Output } from '../../proto/generated/orc/engine/v1/AttachInput.js';
import type { AttachOutput } from '../../proto/generated/orc/engine/v1/AttachOutput.js';
import type { ExecInput__Output } from '../../proto/generated/orc/engine/v1/ExecInput.js';
import type { TerminalSize__Output } from '../../proto/generated/orc/engine/v1/TerminalSize.js';
import type { AttachSession } from '../engine/index.js';
import type { ServiceContext } from './service.js';
import { toStatus } from './status.js';

type Input = AttachInput__Output | ExecInput__Output;
type Call<I> = grpc.ServerDuplexStream<I, AttachOutput>;

/** The first message of the call, or an error status when it is not a start. */
async function first<I extends Input>(call: Call<I>, what: string): Promise<{ start: NonNullable<I['start']>; rest: AsyncIterator<I> }> {
  const it = (call as AsyncIterable<I>)[Symbol.asyncIterator]();
  const m = await it.next();
  if (m.done === true || m.value.input !== 'start' || m.value.start === null || m.value.start === undefined) {
    throw new OrcError('ORC_USAGE', `${what}: the first message must say what to attach to`);
  }
  return { start: m.value.start as NonNullable<I['start']>, rest: it };
}

function write(call: Call<unknown>, m: AttachOutput): Promise<void> {
  if (call.cancelled || call.writableEnded) return Promise.resolve();
  if (call.write(m)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    call.once('drain', resolve);
    call.once('cancelled', resolve);
    call.once('close', resolve);
  });
}

function resize(session: AttachSession, size: TerminalSize__Output | null | undefined): void {
  if (size !== null && size !== undefined && size.rows > 0 && size.cols > 0) session.resize(size.rows, size.cols);
}

/** Client → shim: stdin, sizes, close-stdin, until the call's input ends (input end is not close-stdin). */
async function pumpInput(rest: AsyncIterator<Input>, session: AttachSession, stdin: boolean): Promise<void> {
  for (;;) {
    let m: IteratorResult<Input>;
    try {
      m = await rest.next();
    } catch {
      return; // cancelled
    }
    if (m.done === true) return;
    const v = m.value;
    if (v.input === 'stdin' && v.stdin !== undefined && stdin) await session.write(v.stdin);
    else if (v.input === 'resize') resize(session, v.resize);
    else if (v.input === 'close_stdin' && stdin) session.closeStdin();
  }
}

/** Shim → client: output, then the exit code (from the shim's exit frame, else `fallback`). */
async function pumpOutput(call: Call<Input>, session: AttachSession, fallback: () => Promise<number>): Promise<void> {
  for await (const o of session.output) {
    if (call.cancelled) break;
    await write(call, o.stream === 'stdout' ? { stdout: o.data } : { stderr: o.data });
  }
  if (call.cancelled) return;
  const exit = await session.exit;
  const code = exit !== undefined ? exit.exitCode : await fallback();
  await write(call, { exit_code: code });
  call.end();
}

function serve<I extends Input>(ctx: ServiceContext, call: Call<I>, what: string, open: (start: NonNullable<I['start']>) => Promise<{ session?: AttachSession; stdin: boolean; exitCode: () => Promise<number>; head?: AttachOutput }>): void {
  let session: AttachSession | undefined;
  const detach = (): void => session?.close();
  call.on('cancelled', detach);
  ctx.shutdown.addEventListener('abort', detach, { once: true });
  void (async () => {
    try {
      const { start, rest } = await first(call, what);
      const opened = await open(start);
      session = opened.session;
      if (opened.head !== undefined) await write(call, opened.head);
      if (session === undefined) {
        call.end();
        return;
      }
      if (call.cancelled) {
        session.close();
        return;
      }
      resize(session, start.size);
      void pumpInput(rest as AsyncIterator<Input>, session, opened.stdin);
      await pumpOutput(call as Call<Input>, session, opened.exitCode);
    } catch (e) {
      session?.close();
      if (!call.cancelled) call.emit('error', toStatus(e));
    } finally {
      ctx.shutdown.removeEventListener('abort', detach);
    }
  })();
}

export function attachHandler(ctx: ServiceContext): grpc.handleBidiStreamingCall<AttachInput__Output, AttachOutput> {
  const { engine } = ctx;
  return (call) => serve(ctx, call, 'attach', async (start) => {
    if (start.start) await engine.start(start.container, { attachFirst: true });
    const session = await engine.attach(start.container);
    return { session, stdin: start.stdin, exitCode: () => engine.wait(start.container) };
  });
}

export function execHandler(ctx: ServiceContext): grpc.handleBidiStreamingCall<ExecInput__Output, AttachOutput> {
  const { engine } = ctx;
  return (call) => serve(ctx, call, 'exec', async (start) => {
    const h = await engine.exec(start.container, {
      command: start.command,
      ...(start.env.length > 0 ? { env: start.env } : {}),
      ...(start.workdir !== undefined ? { workdir: start.workdir } : {}),
      ...(start.user !== undefined ? { user: start.user } : {}),
      ...(start.tty ? { tty: true } : {}),
      ...(start.interactive ? { interactive: true } : {}),
      ...(start.detach ? { detach: true } : {}),
      ...(start.privileged ? { privileged: true } : {}),
    });
    return { ...(h.session !== undefined ? { session: h.session } : {}), stdin: start.interactive, exitCode: () => h.exited, head: { exec_id: h.id } };
  });
}
