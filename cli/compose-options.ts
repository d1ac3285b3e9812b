/**
 * The compose flags every project command shares (-f, -p, --project-directory,
 * --env-file, --profile), accepted before or after the command name.
 */
import type { Command } from 'commander';
import type { LoadOptions } from '../compose/index.js';

export interface ComposeFlags {
  file?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile?: string[];
  profile?: string[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addComposeFlags(cmd: Command): Command {
  return cmd
    .option('-f, --file <file>', 'compose file (repeatable; - for stdin)', collect)
    .option('-p, --project-name <name>', 'project name')
    .option('--project-directory <dir>', 'project directory (default: the first file\'s folder)')
    .option('--env-file <file>', 'environment file for interpolation (repeatable)', collect)
    .option('--profile <profile>', 'enable a profile (repeatable)', collect);
}

/** The flags given anywhere on the command line: the command's own override the program's. */
export function composeFlags(cmd: Command): ComposeFlags {
  return cmd.optsWithGlobals<ComposeFlags>();
}

export function loadOptions(flags: ComposeFlags, extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    cwd: process.cwd(),
    env: process.env,
    ...(flags.file ? { files: flags.file } : {}),
    ...(flags.projectName !== undefined ? { projectName: flags.projectName } : {}),
    ...(flags.projectDirectory !== undefined ? { projectDirectory: flags.projectDirectory } : {}),
    ...(flags.envFile ? { envFiles: flags.envFile } : {}),
    ...(flags.profile ? { profiles: flags.profile } : {}),
    ...extra,
  };
}
