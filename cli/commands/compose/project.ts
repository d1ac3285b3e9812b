/** The commands over a project's containers, found by Compose's labels. */
import type { Command } from 'commander';
import type { Io } from '../../io.js';

export function projectCommands(_io: Io): Command[] {
  return [];
}
