/**
 * `orc down` / `orc compose down`: the daemon stops and removes the
 * project's containers and networks (volumes with -v, images with --rmi).
 * With a compose file the spec goes along, so the networks and volumes it
 * declares are removed by name; with only `-p NAME` and no file, the
 * project is found by its labels.
 */
import { Command, Option } from 'commander';
import { OrcError } from '../../../common/errors.js';
import type { StackSpec } from '../../../compose/index.js';
import { addComposeFlags, composeFlags } from '../../compose-options.js';
import { parseInteger, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { failCompose, loadStack, progressMode, progressOption, showProgress } from './up.js';

interface DownFlags {
  volumes?: boolean;
  rmi?: string;
  removeOrphans?: boolean;
  timeout?: number;
  progress: string;
}

/** The project from its file; with `-p` and no file to be found, its name alone. */
async function projectOrName(io: Io, self: Command): Promise<{ name: string; spec?: StackSpec }> {
  const flags = composeFlags(self);
  try {
    const spec = await loadStack(io, self);
    return { name: spec.name, spec };
  } catch (e) {
    const { ComposeError } = await import('../../../compose/index.js');
    const noFile = e instanceof ComposeError && e.issues.every((i) => i.code === 'COMPOSE_FILE_NOT_FOUND');
    if (noFile && flags.file === undefined && flags.projectName !== undefined) return { name: flags.projectName };
    throw e;
  }
}

export function downCommand(io: Io): Command {
  const cmd = new Command('down')
    .description('Stop and remove the containers and networks of a project')
    .argument('[service...]', 'not supported: the whole project is removed')
    .option('-v, --volumes', 'also remove the named volumes the file declares and the containers\' anonymous volumes')
    .option('--rmi <type>', 'also remove images: "local" (those without a custom tag) or "all"')
    .option('--remove-orphans', 'also remove containers of services not in the file')
    .option('-t, --timeout <seconds>', 'stop timeout', parseInteger())
    .addOption(progressOption())
    .addOption(new Option('--volume').hideHelp());
  addComposeFlags(cmd);
  cmd.action(async (services: string[], raw: Partial<DownFlags> & { volume?: boolean }, self: Command) => {
    const f: DownFlags = { progress: 'auto', ...raw };
    if (raw.volume === true) {
      io.err('warning: --volume is deprecated, please use --volumes\n');
      f.volumes = true;
    }
    try {
      if (f.rmi !== undefined && f.rmi !== 'local' && f.rmi !== 'all') {
        throw new OrcError('ORC_USAGE', `invalid value for --rmi: "${f.rmi}" (legal values are "local", "all")`);
      }
      if (services.length > 0) {
        throw new OrcError('ORC_USAGE', `down with services (${services.join(', ')}) is not supported: it removes the whole project; stop single services with \`orc compose stop\``);
      }
    } catch (e) {
      return failCompose(io, e);
    }
    const { name, spec } = await projectOrName(io, self);
    const removeOrphans = f.removeOrphans === true || (raw.removeOrphans === undefined && /^(1|true|yes|on)$/i.test(process.env['COMPOSE_REMOVE_ORPHANS'] ?? ''));
    await withClient(self, (client) => showProgress(io, progressMode(f.progress), client.stackDown(name, {
      ...(spec !== undefined ? { spec } : {}),
      volumes: f.volumes === true,
      rmi: (f.rmi ?? '') as '' | 'local' | 'all',
      removeOrphans,
      ...(f.timeout !== undefined ? { timeout: f.timeout } : {}),
    })));
  });
  return cmd;
}
