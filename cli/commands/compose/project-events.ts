/** `orc compose events [--json] [SERVICE...]`: the daemon's container events of the project, until Ctrl-C. */
import { Command } from 'commander';
import { LABEL } from '../../../worker/stack/labels.js';
import { withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { eventJson, formatEvent } from '../events.js';
import { addProjectFlags, checkServices, resolveProject } from './project-scope.js';

export function eventsCommand(io: Io): Command {
  const cmd = new Command('events')
    .description('Receive real time events from the project\'s containers')
    .argument('[service...]')
    .option('--json', 'one JSON object a line');
  addProjectFlags(cmd).action(async (services: string[], f: { json?: boolean }, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, services);
    await withClient(self, async (c) => {
      const filters = { type: ['container'], label: [`${LABEL.project}=${ref.name}`] };
      for await (const e of c.events({ filters })) {
        const service = e.Actor.Attributes[LABEL.service] ?? '';
        if (services.length > 0 && !services.includes(service)) continue;
        io.out(`${f.json === true ? eventJson(e) : formatEvent(e)}\n`);
      }
    });
  });
  return cmd;
}
