/** The `orc` program: global flags, the commands, and the one error path. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configCommand } from './commands/config.js';
import { addComposeFlags } from './compose-options.js';
import { addEngineCommands } from './engine-commands.js';
import { describeError } from './errors.js';
import { processIo, quietOnClosedPipes, type Io } from './io.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(io: Io): Command {
  const program = new Command('orc')
    .description('Run Compose applications on one host or a cluster')
    .version(`orc version ${version()}`, '-v, --version', 'print the version')
    .showSuggestionAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  addComposeFlags(program);
  program.addCommand(configCommand(io));
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  addEngineCommands(program, io, version);
  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) quietOnClosedPipes();
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    const { message, exitCode } = await describeError(e);
    if (message !== '') io.err(`${message}\n`);
    return exitCode;
  }
}
