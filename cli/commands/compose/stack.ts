/** The commands that go through the stack reconciler: up, down, create, run, ls. */
import type { Command } from 'commander';
import type { Io } from '../../io.js';

export function stackCommands(_io: Io): Command[] {
  return [];
}

export function topLevelStackCommands(_io: Io): Command[] {
  return [];
}
