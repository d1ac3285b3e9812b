/**
 * `orc config create|ls|inspect|rm`: the swarm's configs (Docker's `docker
 * config`), the same shape as `orc secret` (secret.ts).
 *
 * `orc config` itself is the compose command that renders the project
 * (config.ts): these are its subcommands, reached only when the first
 * operand is one of their names (or aliases `list`, `remove`); every other
 * `orc config [flags] [service…]` renders the project as before. Options
 * stop at the subcommand, so `orc config ls -f name=x` filters configs and
 * `orc config -f compose.yaml --services` still names a compose file.
 */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { fileObjectCommands } from './secret.js';

/** The names that make `orc config NAME …` a swarm config command. */
export const SWARM_CONFIG_VERBS = ['create', 'ls', 'list', 'inspect', 'rm', 'remove'] as const;

/** Adds the swarm config commands to the compose `config` command. */
export function addSwarmConfigCommands(config: Command, io: Io): Command {
  config.enablePositionalOptions().addHelpText('after', [
    '',
    'Swarm configs: orc config create NAME FILE|-, orc config ls, orc config inspect NAME…, orc config rm NAME….',
    `A first operand ${SWARM_CONFIG_VERBS.join(', ')} is one of those commands, never a compose service:`,
    'a service with such a name can be selected after another one (orc config web ls).',
  ].join('\n'));
  for (const sub of fileObjectCommands(io, 'config')) {
    // the program only configures its own children: errors must throw, output go to io, here too
    sub.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    config.addCommand(sub);
  }
  return config;
}
