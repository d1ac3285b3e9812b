/**
 * The commands over a project's containers, found by Compose's labels:
 * ps, logs, exec, start, stop, restart, kill, rm, top, port, images, pull,
 * wait, cp, stats (one file per group of verbs).
 */
import type { Command } from 'commander';
import type { Io } from '../../io.js';
import { cpCommand, execCommand } from './project-exec.js';
import { imagesCommand, pullCommand } from './project-images.js';
import { eventsCommand } from './project-events.js';
import { killCommand, pauseCommand, restartCommand, rmCommand, startCommand, stopCommand, unpauseCommand, waitCommand } from './project-lifecycle.js';
import { logsCommand } from './project-logs.js';
import { portCommand, psCommand } from './project-ps.js';
import { statsCommand, topCommand } from './project-top.js';

export function projectCommands(io: Io): Command[] {
  return [
    psCommand(io), logsCommand(io), execCommand(io), startCommand(io), stopCommand(io), restartCommand(io), killCommand(io),
    rmCommand(io), pauseCommand(io), unpauseCommand(io), eventsCommand(io), topCommand(io), portCommand(io), imagesCommand(io), pullCommand(io), waitCommand(io), cpCommand(io), statsCommand(io),
  ];
}
