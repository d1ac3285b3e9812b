/** The commands that go through the stack reconciler: up, down, create, run, ls. */
import type { Command } from 'commander';
import type { Io } from '../../io.js';
import { downCommand } from './down.js';
import { lsCommand } from './ls.js';
import { runCommand } from './run.js';
import { createCommand, upCommand } from './up.js';

export function stackCommands(io: Io): Command[] {
  return [upCommand(io), downCommand(io), createCommand(io), runCommand(io), lsCommand(io)];
}

/** `orc up`, `orc down`: commands of their own (a command has one parent). */
export function topLevelStackCommands(io: Io): Command[] {
  return [upCommand(io), downCommand(io)];
}
