/**
 * `orc compose start|stop|restart|kill|rm|wait`: one verb over the project's
 * containers, service by service in dependency order (stop: the reverse),
 * with Compose's progress lines on stderr and its messages when there is
 * nothing to act on.
 */
import { Command } from 'commander';
import { OrcError } from '../../../common/errors.js';
import type { ContainerSummary, OrcClient } from '../../client/index.js';
import { ContainerExit } from '../../errors.js';
import { parseInteger, readAnswer, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import {
  addProjectFlags,
  byName,
  checkServices,
  containerName,
  declaredServices,
  listProject,
  noContainers,
  numberOf,
  progress,
  resolveProject,
  serviceOf,
  startOrder,
  type ProjectRef,
} from './project-scope.js';

/**
 * The project's containers (one-offs aside) and the services to act on, in
 * start order. Without a file, the containers say what the services are:
 * none is Compose's `no container found for project`, and a named service
 * must have some.
 */
async function scope(c: OrcClient, ref: ProjectRef, named: readonly string[]): Promise<{ containers: ContainerSummary[]; order: string[] }> {
  const containers = await listProject(c, ref.name, {});
  if (ref.spec === undefined) {
    if (containers.length === 0) throw noContainers(ref.name);
    const present = new Set(containers.map(serviceOf));
    for (const s of named) if (!present.has(s)) throw new OrcError('ORC_NOT_FOUND', `no such service: "${s}": not found`);
  }
  const inProject = ref.spec !== undefined ? new Set(declaredServices(ref.spec)) : undefined;
  const order = startOrder(ref, containers).filter((s) => (named.length > 0 ? named.includes(s) : inProject === undefined || inProject.has(s)));
  return { containers, order };
}

function ofService(containers: readonly ContainerSummary[], service: string): ContainerSummary[] {
  return containers.filter((x) => serviceOf(x) === service).sort((a, b) => numberOf(a) - numberOf(b));
}

/** Runs `fn` for every container at once; the first failure is thrown once all ended. */
async function each(containers: readonly ContainerSummary[], fn: (x: ContainerSummary) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(containers.map(fn));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

function projectCommand(name: string, description: string): Command {
  return new Command(name).description(description).argument('[service...]', 'only these services');
}

export function startCommand(io: Io): Command {
  const cmd = projectCommand('start', 'Start services');
  addProjectFlags(cmd).action(async (named: string[], _f: unknown, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    await withClient(self, async (c) => {
      const { containers, order } = await scope(c, ref, named);
      for (const service of order) {
        const mine = ofService(containers, service);
        if (mine.length === 0 && named.includes(service)) throw new OrcError('ORC_NOT_FOUND', `service "${service}" has no container to start`);
        await each(mine.filter((x) => x.state !== 'running'), async (x) => {
          progress(io, containerName(x), 'Starting');
          await c.startContainer(x.id);
          progress(io, containerName(x), 'Started');
        });
      }
    });
  });
  return cmd;
}

export function stopCommand(io: Io): Command {
  const cmd = projectCommand('stop', 'Stop services')
    .option('-t, --timeout <seconds>', 'shutdown timeout in seconds', parseInteger());
  addProjectFlags(cmd).action(async (named: string[], f: { timeout?: number }, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    await withClient(self, async (c) => {
      const { containers, order } = await scope(c, ref, named);
      for (const service of [...order].reverse()) {
        await each(ofService(containers, service).filter((x) => x.state === 'running'), async (x) => {
          progress(io, containerName(x), 'Stopping');
          await c.stopContainer(x.id, f.timeout !== undefined ? { timeout: f.timeout } : {});
          progress(io, containerName(x), 'Stopped');
        });
      }
    });
  });
  return cmd;
}

export function restartCommand(io: Io): Command {
  const cmd = projectCommand('restart', 'Restart service containers')
    .option('-t, --timeout <seconds>', 'shutdown timeout in seconds', parseInteger());
  addProjectFlags(cmd).action(async (named: string[], f: { timeout?: number }, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    await withClient(self, async (c) => {
      const { containers, order } = await scope(c, ref, named);
      for (const service of order) {
        await each(ofService(containers, service), async (x) => {
          progress(io, containerName(x), 'Restarting');
          await c.restartContainer(x.id, f.timeout !== undefined ? { timeout: f.timeout } : {});
          progress(io, containerName(x), 'Started');
        });
      }
    });
  });
  return cmd;
}

export function killCommand(io: Io): Command {
  const cmd = projectCommand('kill', 'Force stop service containers')
    .option('-s, --signal <signal>', 'signal to send to the container', 'SIGKILL')
    .option('--remove-orphans', 'also kill containers of services the file does not declare');
  addProjectFlags(cmd).action(async (named: string[], f: { signal: string; removeOrphans?: boolean }, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    await withClient(self, async (c) => {
      let targets = await listProject(c, ref.name, { oneOff: 'include', services: named, runningOnly: true });
      if (ref.spec !== undefined && f.removeOrphans !== true) {
        const known = new Set(declaredServices(ref.spec));
        targets = targets.filter((x) => known.has(serviceOf(x)));
      }
      if (targets.length === 0) {
        io.err('No container to kill\n');
        return;
      }
      await each(byName(targets), async (x) => {
        progress(io, containerName(x), 'Killing');
        await c.killContainer(x.id, f.signal);
        progress(io, containerName(x), 'Killed');
      });
    });
  });
  return cmd;
}

/** Compose's yes: y, yes, true, 1 (any case). */
export function isYes(answer: string): boolean {
  return ['y', 'yes', 'true', '1'].includes(answer.trim().toLowerCase());
}

export function rmCommand(io: Io): Command {
  const cmd = projectCommand('rm', 'Remove stopped service containers')
    .option('-f, --force', 'do not ask to confirm removal')
    .option('-s, --stop', 'stop the containers, if required, before removing')
    .option('-v, --volumes', 'remove anonymous volumes attached to containers');
  addProjectFlags(cmd).action(async (named: string[], f: { force?: boolean; stop?: boolean }, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    await withClient(self, async (c) => {
      let targets = await listProject(c, ref.name, { services: named });
      if (ref.spec !== undefined) {
        const known = new Set(declaredServices(ref.spec));
        targets = targets.filter((x) => known.has(serviceOf(x)));
      }
      if (f.stop === true) {
        await each(targets.filter((x) => x.state === 'running'), async (x) => {
          progress(io, containerName(x), 'Stopping');
          await c.stopContainer(x.id);
          progress(io, containerName(x), 'Stopped');
        });
      }
      // the list's state may be stale: ask each container
      const stopped: ContainerSummary[] = [];
      for (const x of byName(targets)) {
        const info = await c.inspectContainer(x.id).catch((e: unknown) => {
          if (e instanceof OrcError && e.code === 'ORC_NOT_FOUND') return undefined;
          throw e;
        });
        if (info !== undefined && !info.State.Running) stopped.push(x);
      }
      if (stopped.length === 0) {
        io.err('No stopped containers\n');
        return;
      }
      const message = `Going to remove ${stopped.map(containerName).join(', ')}`;
      if (f.force === true) io.out(`${message}\n`);
      else {
        io.out(`${message}\nAre you sure? [yN] `);
        const answer = await readAnswer(io);
        if (!isYes(answer)) {
          io.out('\n');
          return;
        }
      }
      await each(stopped, async (x) => {
        progress(io, containerName(x), 'Removing');
        await c.removeContainer(x.id, { force: f.force === true });
        progress(io, containerName(x), 'Removed');
      });
    });
  });
  return cmd;
}

export function waitCommand(io: Io): Command {
  const cmd = new Command('wait')
    .description('Block until the containers of the services stop; exit with the status of the last to stop')
    .argument('<service...>');
  addProjectFlags(cmd).action(async (named: string[], _f: unknown, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    const code = await withClient(self, async (c) => {
      const targets = await listProject(c, ref.name, { oneOff: 'include', services: named, runningOnly: true });
      if (targets.length === 0) throw new OrcError('ORC_NOT_FOUND', `no containers for project "${ref.name}"`);
      let last = 0;
      await each(targets, async (x) => {
        const status = await c.waitContainer(x.id);
        io.out(`container "${x.id}" exited with status code ${status}\n`);
        last = status;
      });
      return last;
    });
    if (code !== 0) throw new ContainerExit(code);
  });
  return cmd;
}

/** `pause` / `unpause`: the cgroup freezer over the services' running containers. */
function freezeCommand(io: Io, verb: 'pause' | 'unpause'): Command {
  const cmd = projectCommand(verb, verb === 'pause' ? 'Pause services' : 'Unpause services');
  addProjectFlags(cmd).action(async (named: string[], _f: unknown, self: Command) => {
    const ref = await resolveProject(self, io, 'projectOrName');
    checkServices(ref, named);
    await withClient(self, async (c) => {
      const { containers, order } = await scope(c, ref, named);
      const want = verb === 'pause' ? 'running' : 'paused';
      for (const service of order) {
        await each(ofService(containers, service).filter((x) => x.state === want), async (x) => {
          progress(io, containerName(x), verb === 'pause' ? 'Pausing' : 'Unpausing');
          if (verb === 'pause') await c.pauseContainer(x.id);
          else await c.unpauseContainer(x.id);
          progress(io, containerName(x), verb === 'pause' ? 'Paused' : 'Unpaused');
        });
      }
    });
  });
  return cmd;
}

export function pauseCommand(io: Io): Command {
  return freezeCommand(io, 'pause');
}

export function unpauseCommand(io: Io): Command {
  return freezeCommand(io, 'unpause');
}
