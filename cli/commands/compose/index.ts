/**
 * `orc compose <command>`: Docker Compose's commands over a project on this
 * host. `up` and `down` are also top-level commands (`orc up -f …`).
 */
import { Command } from 'commander';
import { addComposeFlags } from '../../compose-options.js';
import type { Io } from '../../io.js';
import { stackCommands, topLevelStackCommands } from './stack.js';
import { projectCommands } from './project.js';

export function composeCommand(io: Io): Command {
  const cmd = new Command('compose').description('Run a compose project on this host (Docker Compose\'s commands)');
  addComposeFlags(cmd);
  // Options stop at the subcommand (`exec web sh -c …` passes -c on); each subcommand declares the compose flags again.
  cmd.enablePositionalOptions();
  for (const sub of [...stackCommands(io), ...projectCommands(io)]) cmd.addCommand(sub);
  return cmd;
}

/** `orc up`, `orc down`: the same commands as `orc compose up|down`. */
export function topLevelComposeCommands(io: Io): Command[] {
  return topLevelStackCommands(io);
}
