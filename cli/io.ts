/** Where a command writes: injectable so tests can run commands in-process. */
import { formatIssue, type ComposeIssue } from '../compose/index.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin?: () => string;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function printWarnings(io: Io, warnings: readonly ComposeIssue[]): void {
  for (const w of warnings) if (w.severity === 'warning') io.err(`warning: ${formatIssue(w)}\n`);
}
