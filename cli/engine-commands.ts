/**
 * Registers the commands that talk to the engine daemon (and `orc daemon`)
 * with `-H/--host`. Options stop at a command's first operand, so
 * `orc run IMG sh -c …` passes `-c` to the container, and `run`'s own `-v`
 * is not the program's `--version`.
 */
import { Command, CommanderError, Option } from 'commander';
import { composeCommand, topLevelComposeCommands } from './commands/compose/index.js';
import { cpCommand } from './commands/cp.js';
import { portCommand } from './commands/port.js';
import { daemonCommand } from './commands/daemon.js';
import { eventsCommand } from './commands/events.js';
import { pauseCommand, unpauseCommand } from './commands/pause.js';
import { attachCommand, execCommand } from './commands/exec.js';
import { imageCommand, imagesCommand, pullCommand, rmiCommand, saveCommand } from './commands/images.js';
import { loginCommand, logoutCommand } from './commands/login.js';
import { inspectCommand } from './commands/inspect.js';
import { killCommand, restartCommand, rmCommand, startCommand, stopCommand, waitCommand } from './commands/lifecycle.js';
import { logsCommand } from './commands/logs.js';
import { networkCommand } from './commands/network.js';
import { psCommand } from './commands/ps.js';
import { runCommand } from './commands/run.js';
import { statsCommand } from './commands/stats.js';
import { topCommand } from './commands/top.js';
import { volumeCommand } from './commands/volume.js';
import { swarmCommand } from './commands/swarm.js';
import { nodeCommand } from './commands/node.js';
import { serviceCommand } from './commands/service.js';
import { stackCommand } from './commands/stack.js';
import { secretCommand } from './commands/secret.js';
import { RunFailure } from './errors.js';
import type { Io } from './io.js';

export function addEngineCommands(program: Command, io: Io, version: () => string): void {
  program.enablePositionalOptions();
  program.addOption(new Option('-H, --host <unix:///path>', 'the daemon to talk to (default: $ORC_HOST, else unix:///run/orc/orc.sock)'));
  const commands = [
    runCommand(io), psCommand(io), logsCommand(io), startCommand(io), stopCommand(io), killCommand(io), rmCommand(io),
    waitCommand(io), execCommand(io), attachCommand(io), inspectCommand(io), imagesCommand(io), imageCommand(io), pullCommand(io), rmiCommand(io), daemonCommand(version),
    restartCommand(io), statsCommand(io), topCommand(io),
    saveCommand(), loginCommand(io), logoutCommand(io), cpCommand(io),
    composeCommand(io), ...topLevelComposeCommands(io), portCommand(io),
    volumeCommand(io),
    eventsCommand(io), pauseCommand(io), unpauseCommand(io),
    networkCommand(io),
    swarmCommand(io), nodeCommand(io), serviceCommand(io),
    stackCommand(io), secretCommand(io),
  ];
  const configure = (cmd: Command, onError: (e: CommanderError) => never): void => {
    cmd.exitOverride(onError).configureOutput({ writeOut: io.out, writeErr: io.err });
    for (const sub of cmd.commands) configure(sub, onError);
  };
  for (const cmd of commands) {
    program.addCommand(cmd);
    configure(cmd, cmd.name() === 'run' || cmd.name() === 'exec' ? (e) => { throw new RunFailure(e); } : (e) => { throw e; });
  }
}
