/**
 * The one place where an error becomes what the user reads and the exit code.
 */
import { CommanderError } from 'commander';
import { OrcError, toOrcError, type OrcErrorCode } from '../common/errors.js';

const EXIT_CODES: Record<OrcErrorCode, number> = {
  ORC_USAGE: 2,
  ORC_INVALID_SPEC: 1,
  ORC_NOT_FOUND: 1,
  ORC_IO: 1,
  ORC_INVALID_REFERENCE: 1,
  ORC_INVALID_IMAGE: 1,
  ORC_UNSAFE_LAYER: 1,
  ORC_DIGEST_MISMATCH: 1,
  ORC_CONFLICT: 1,
  ORC_REGISTRY: 1,
  ORC_UNAUTHORIZED: 1,
  ORC_RUNTIME: 125,
  ORC_EXEC_NOT_FOUND: 127,
  ORC_EXEC_DENIED: 126,
  ORC_UNAVAILABLE: 1,
  ORC_INTERNAL: 70,
};

/** The container ran: the command ends with the container's own exit code and says nothing more. */
export class ContainerExit extends Error {
  constructor(readonly exitCode: number) {
    super(`the container exited with ${exitCode}`);
    this.name = 'ContainerExit';
  }
}

/**
 * A failure of a command that runs a container (`orc run`): as Docker, it
 * exits 125 when orc failed, 126 when the command cannot be executed, 127
 * when it does not exist — so they never mix with the container's own codes.
 */
export class RunFailure extends Error {
  constructor(readonly error: unknown) {
    super('run failed', { cause: error });
    this.name = 'RunFailure';
  }
}

const RUN_EXIT_CODES: Partial<Record<OrcErrorCode, number>> = { ORC_EXEC_NOT_FOUND: 127, ORC_EXEC_DENIED: 126 };

export interface Reported {
  message: string;
  exitCode: number;
}

/**
 * Only the compose front end throws its ComposeError, and it is loaded by
 * then: importing it here costs nothing, and engine commands never load it.
 */
export async function describeError(e: unknown): Promise<Reported> {
  if (e instanceof ContainerExit) return { message: '', exitCode: e.exitCode };
  if (e instanceof RunFailure) {
    const inner = await describeError(e.error);
    if (e.error instanceof CommanderError && e.error.exitCode === 0) return inner; // --help
    const code = e.error instanceof OrcError ? RUN_EXIT_CODES[e.error.code] : undefined;
    return { message: inner.message, exitCode: code ?? 125 };
  }
  if (e instanceof CommanderError) {
    // commander has already printed its own message
    return { message: '', exitCode: e.exitCode === 0 ? 0 : EXIT_CODES.ORC_USAGE };
  }
  const err = e instanceof OrcError ? e : toOrcError(e);
  if (err.code === 'ORC_INVALID_SPEC') {
    const { ComposeError, formatIssue } = await import('../compose/index.js');
    if (err instanceof ComposeError) {
      const errors = err.issues.filter((i) => i.severity === 'error');
      const lines = err.issues.map((i) => `${i.severity}: ${formatIssue(i)}`);
      const head = `invalid compose project: ${errors.length} error${errors.length === 1 ? '' : 's'}`;
      return { message: [head, ...lines].join('\n'), exitCode: EXIT_CODES[err.code] };
    }
  }
  const detail = err.code === 'ORC_INTERNAL' && err.cause instanceof Error ? `\n${err.cause.stack ?? ''}` : '';
  return { message: `error: ${err.message}${detail}`, exitCode: EXIT_CODES[err.code] };
}
