/**
 * `orc config`: validate the project and print it in canonical form, as
 * `docker compose config`. The compose front end (YAML parser, schema
 * validator) is loaded inside the action, so no other command pays for it.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { ComposeIssue, OutputFormat } from '../../compose/index.js';
import { OrcError } from '../../common/errors.js';
import { addComposeFlags, composeFlags, loadOptions } from '../compose-options.js';
import type { Io } from '../io.js';
import { addSwarmConfigCommands } from './swarm-config.js';

interface ConfigFlags {
  format: OutputFormat;
  services?: boolean;
  volumes?: boolean;
  networks?: boolean;
  profiles?: boolean;
  images?: boolean;
  quiet?: boolean;
  interpolate: boolean;
  output?: string;
}

/** `swarmConfigs: false` leaves out the swarm config subcommands (swarm-config.ts). */
export function configCommand(io: Io, opts: { swarmConfigs?: boolean } = {}): Command {
  const cmd = new Command('config')
    .description('Parse, resolve and render the compose project in canonical form')
    .argument('[service...]', 'only these services (and what they need)')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--services', 'print the service names, one per line')
    .option('--volumes', 'print the volume names, one per line')
    .option('--networks', 'print the network names, one per line')
    .option('--profiles', 'print the profile names, one per line')
    .option('--images', 'print the image names, one per line')
    .option('-q, --quiet', 'only validate the configuration, print nothing')
    .option('--no-interpolate', 'do not interpolate environment variables')
    .option('-o, --output <file>', 'write the output to a file instead of stdout');
  addComposeFlags(cmd);
  if (opts.swarmConfigs !== false) addSwarmConfigCommands(cmd, io);
  cmd.action(async (services: string[], flags: ConfigFlags, self: Command) => {
    const { formatIssue, loadProject, renderModel, serviceImages } = await import('../../compose/index.js');
    const result = loadProject(
      loadOptions(composeFlags(self), {
        services,
        interpolate: flags.interpolate,
        ...(io.stdin ? { stdin: io.stdin } : {}),
      }),
    );
    printWarnings(io, result.warnings, formatIssue);
    if (flags.quiet) return;
    const { spec } = result;
    let text: string;
    if (flags.services) text = lines(Object.keys(spec.services));
    else if (flags.volumes) text = lines(Object.keys(spec.volumes));
    else if (flags.networks) text = lines(Object.keys(spec.networks));
    else if (flags.profiles) text = lines(spec.allProfiles);
    else if (flags.images) text = lines(serviceImages(spec));
    else text = renderModel(spec, flags.format, { interpolated: flags.interpolate });
    if (flags.output !== undefined) writeAtomically(resolve(flags.output), text);
    else io.out(text);
  });
  return cmd;
}

function printWarnings(io: Io, warnings: readonly ComposeIssue[], format: (issue: ComposeIssue) => string): void {
  for (const w of warnings) if (w.severity === 'warning') io.err(`warning: ${format(w)}\n`);
}

function lines(items: readonly string[]): string {
  return items.length === 0 ? '' : `${items.join('\n')}\n`;
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    throw new OrcError('ORC_IO', `cannot write ${path}: ${(e as Error).message}`, { cause: e });
  }
}
