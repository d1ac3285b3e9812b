/**
 * `orc service create|ls|ps|inspect|scale|update|rollback|rm`: the swarm's
 * services, with Docker's flags, columns and texts. Without `-d`, create,
 * update, scale and rollback wait until the service converged (every
 * desired task running), as Docker's CLI does.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { serviceSpec } from '../../common/cluster/defaults.js';
import { OrcError } from '../../common/errors.js';
import type { Node, PortConfig, Service, ServiceSpec, Task } from '../../common/cluster/types.js';
import type { ClusterClient } from '../client/cluster.js';
import { ago, table } from '../engine-client.js';
import { listFilters, withCluster } from '../cluster-client.js';
import type { Io } from '../io.js';
import { serviceLogsCommand } from './service-logs.js';
import { addSpecFlags, applySpecFlags, keyValue, modeName, parsePort, serviceMode, type SpecFlags } from './service-flags.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const short = (id: string): string => id.slice(0, 12);

function whole(flag: string): (v: string) => number {
  return (v) => {
    if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError(`${flag}: "${v}" is not a whole number`);
    return Number(v);
  };
}

export function portsText(ports: readonly PortConfig[]): string {
  return ports.filter((p) => p.publishedPort !== 0).map((p) => `*:${p.publishedPort}->${p.targetPort}/${p.protocol}`).join(', ');
}

/** A running task counts when it is running on the service's current spec. */
function isUp(t: Task): boolean {
  return t.desiredState === 'running' && t.status.state === 'running';
}

export function replicasText(s: Service, tasks: readonly Task[]): string {
  const mine = tasks.filter((t) => t.serviceId === s.id);
  const running = mine.filter(isUp).length;
  const m = s.spec.mode;
  if ('replicated' in m) return `${running}/${m.replicated.replicas}`;
  if ('global' in m) return `${running}/${mine.filter((t) => t.desiredState === 'running').length}`;
  const done = mine.filter((t) => t.status.state === 'complete').length;
  const total = 'replicatedJob' in m ? m.replicatedJob.totalCompletions : mine.length;
  return `${running}/${'replicatedJob' in m ? m.replicatedJob.maxConcurrent : mine.filter((t) => t.desiredState === 'complete').length} (${done}/${total} completed)`;
}

/** Waits until every desired task of the service runs (or its update paused / rolled back), printing progress. */
export async function converge(io: Io, c: ClusterClient, serviceId: string, opts: { quiet: boolean; timeoutMs?: number }): Promise<void> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const s = await c.service(serviceId);
    const tasks = (await c.tasks({ service: [s.id] })).filter((t) => t.desiredState === 'running' || t.desiredState === 'complete');
    const m = s.spec.mode;
    const desired = 'replicated' in m ? m.replicated.replicas : tasks.length;
    const current = tasks.filter((t) => t.specVersion === s.specVersion);
    const running = current.filter((t) => t.status.state === 'running' || (t.desiredState === 'complete' && t.status.state === 'complete')).length;
    const line = `overall progress: ${running} out of ${desired} tasks`;
    if (!opts.quiet && line !== last) io.out(`${line}\n`);
    last = line;
    const state = s.updateStatus?.state;
    if (state === 'paused' || state === 'rollback_paused') throw new OrcError('ORC_CONFLICT', `update paused: ${s.updateStatus?.message ?? ''}`);
    if (state === 'rollback_completed') throw new OrcError('ORC_CONFLICT', `update rolled back: ${s.updateStatus?.message ?? ''}`);
    const stale = tasks.some((t) => t.specVersion !== s.specVersion && t.status.state === 'running');
    if (running >= desired && !stale && ('globalJob' in m || 'global' in m ? desired > 0 || tasks.length === 0 : true)) {
      if (!opts.quiet) io.out('verify: Service converged\n');
      return;
    }
    if (opts.timeoutMs !== undefined && Date.now() - started > opts.timeoutMs) throw new OrcError('ORC_UNAVAILABLE', `service ${s.spec.name} did not converge within ${opts.timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function createCommand(io: Io): Command {
  return addSpecFlags(new Command('create'))
    .description('Create a service')
    .argument('<image>')
    .argument('[command...]')
    .option('--name <name>', 'service name')
    .option('--replicas <n>', 'number of tasks', whole('--replicas'))
    .option('--max-concurrent <n>', 'replicated jobs: tasks run at once', whole('--max-concurrent'))
    .option('--mode <mode>', 'replicated, global, replicated-job or global-job', 'replicated')
    .option('-d, --detach', 'return at once instead of waiting for the service to converge')
    .option('-q, --quiet', 'no progress output')
    .action(async (image: string, command: string[], f: SpecFlags & { name?: string; replicas?: number; maxConcurrent?: number; mode: string; detach?: boolean; quiet?: boolean }, self: Command) => {
      const name = f.name ?? `${image.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')}_${Math.random().toString(36).slice(2, 8)}`;
      const spec = serviceSpec(name, image);
      spec.mode = serviceMode(f.mode, f.replicas, f.maxConcurrent);
      if ('replicatedJob' in spec.mode || 'globalJob' in spec.mode) spec.task.restartPolicy.condition = 'on-failure';
      if (command.length > 0) spec.task.container.args = command;
      applySpecFlags(spec, f);
      await withCluster(self, async (c) => {
        const s = await c.createService(spec);
        io.out(`${s.id}\n`);
        if (f.detach !== true) await converge(io, c, s.id, { quiet: f.quiet === true });
      });
    });
}

function lsCommand(io: Io): Command {
  return new Command('ls')
    .alias('list')
    .description('List services')
    .option('-q, --quiet', 'only print ids')
    .option('-f, --filter <filter>', 'filter: id, name, label, mode', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (f: { quiet?: boolean; filter?: string[]; format: string }, self: Command) => {
      const { services, tasks } = await withCluster(self, async (c) => ({ services: await c.services(listFilters(f.filter)), tasks: await c.tasks() }));
      services.sort((a, b) => a.spec.name.localeCompare(b.spec.name));
      if (f.quiet === true) io.out(services.map((s) => `${s.id}\n`).join(''));
      else if (f.format === 'json') {
        io.out(services.map((s) => `${JSON.stringify({ ID: short(s.id), Name: s.spec.name, Mode: modeName(s.spec.mode), Replicas: replicasText(s, tasks), Image: s.spec.task.container.image, Ports: portsText(s.endpoint.ports) })}\n`).join(''));
      } else {
        io.out(table(['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'], services.map((s) => [
          short(s.id), s.spec.name, modeName(s.spec.mode), replicasText(s, tasks), s.spec.task.container.image, portsText(s.endpoint.ports),
        ])));
      }
    });
}

/** `service ps` rows: the current task of each slot first, its history beneath (`\_`), as Docker prints them. */
export function taskRows(tasks: readonly Task[], nodes: readonly Node[], opts: { noTrunc: boolean; now?: number }): string[][] {
  const nodeName = new Map(nodes.map((n) => [n.id, n.spec.name]));
  const slotKey = (t: Task): string => `${t.serviceName}.${t.slot > 0 ? t.slot : t.nodeId}`;
  const groups = new Map<string, Task[]>();
  for (const t of [...tasks].sort((a, b) => a.serviceName.localeCompare(b.serviceName) || a.slot - b.slot || b.createdAt - a.createdAt)) {
    const k = slotKey(t);
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  const rows: string[][] = [];
  for (const [name, list] of groups) {
    list.sort((a, b) => Number(b.desiredState === 'running') - Number(a.desiredState === 'running') || b.createdAt - a.createdAt);
    list.forEach((t, i) => {
      const err = t.status.err === '' ? '' : `"${opts.noTrunc || t.status.err.length <= 30 ? t.status.err : `${t.status.err.slice(0, 29)}…`}"`;
      rows.push([
        opts.noTrunc ? t.id : short(t.id), i === 0 ? name.replace(/\.[a-z0-9]{25}$/, (m) => (t.slot > 0 ? m : `.${(t.nodeId).slice(0, 25)}`)) : ` \\_ ${name}`,
        t.spec.container.image, nodeName.get(t.nodeId) ?? '', capital(t.desiredState),
        `${capital(t.status.state)} ${ago(t.status.timestamp / 1000, opts.now).toLowerCase()}`, err, portsText(t.ports),
      ]);
    });
  }
  return rows;
}

function psCommand(io: Io): Command {
  return new Command('ps')
    .description('List the tasks of services')
    .argument('<service...>')
    .option('-q, --quiet', 'only print task ids')
    .option('--no-trunc', 'do not shorten ids and errors')
    .option('-f, --filter <filter>', 'filter: desired-state=running|shutdown|accepted, node, name, id', collect)
    .action(async (refs: string[], f: { quiet?: boolean; trunc?: boolean; filter?: string[] }, self: Command) => {
      const { tasks, nodes } = await withCluster(self, async (c) => {
        const ids: string[] = [];
        for (const r of refs) ids.push((await c.service(r)).id);
        const fl = listFilters(f.filter);
        return { tasks: await c.tasks({ ...fl, service: ids }), nodes: await c.nodes() };
      });
      if (f.quiet === true) {
        io.out(tasks.map((t) => `${t.id}\n`).join(''));
        return;
      }
      io.out(table(['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'], taskRows(tasks, nodes, { noTrunc: f.trunc === false })));
    });
}

function inspectCommand(io: Io): Command {
  return new Command('inspect')
    .description('Print services as JSON')
    .argument('<service...>')
    .option('--pretty', 'a readable summary')
    .action(async (refs: string[], f: { pretty?: boolean }, self: Command) => {
      let failure: unknown;
      const docs = await withCluster(self, async (c) => {
        const out: Service[] = [];
        for (const r of refs) {
          try {
            out.push(await c.service(r));
          } catch (e) {
            failure ??= e;
          }
        }
        return out;
      });
      if (f.pretty === true) {
        io.out(docs.map((s) => [
          `ID:\t\t${s.id}`, `Name:\t\t${s.spec.name}`,
          ...Object.entries(s.spec.labels).map(([k, v], i) => `${i === 0 ? 'Labels:\n' : ''} ${k}=${v}`),
          `Service Mode:\t${capital(modeName(s.spec.mode))}`,
          ...('replicated' in s.spec.mode ? [` Replicas:\t${s.spec.mode.replicated.replicas}`] : []),
          ...(s.updateStatus !== undefined ? [`UpdateStatus:`, ` State:\t\t${s.updateStatus.state}`, ` Message:\t${s.updateStatus.message}`] : []),
          `Placement:`, ...(s.spec.task.placement.constraints.length > 0 ? [` Constraints:\t[${s.spec.task.placement.constraints.join(' ')}]`] : []),
          `UpdateConfig:`, ` Parallelism:\t${s.spec.update.parallelism}`, ` On failure:\t${s.spec.update.failureAction}`, ` Update order:\t${s.spec.update.order}`,
          `ContainerSpec:`, ` Image:\t\t${s.spec.task.container.image}`,
          ...(s.spec.task.container.args.length > 0 ? [` Args:\t\t${s.spec.task.container.args.join(' ')}`] : []),
          ...(s.endpoint.ports.length > 0 ? ['Ports:', ...s.endpoint.ports.map((p) => ` PublishedPort = ${p.publishedPort}\n  Protocol = ${p.protocol}\n  TargetPort = ${p.targetPort}\n  PublishMode = ${p.publishMode}`)] : []),
          '',
        ].join('\n')).join('\n'));
      } else io.out(`${JSON.stringify(docs, null, 4)}\n`);
      if (failure !== undefined) throw failure;
    });
}

function scaleCommand(io: Io): Command {
  return new Command('scale')
    .description('Scale replicated services: SERVICE=REPLICAS …')
    .argument('<service=replicas...>')
    .option('-d, --detach', 'return at once instead of waiting for the services to converge')
    .action(async (pairs: string[], f: { detach?: boolean }, self: Command) => {
      const wanted = pairs.map((p) => {
        const [name, n] = keyValue(p);
        if (name === '' || !/^[0-9]+$/.test(n)) throw new InvalidArgumentError(`invalid scale specifier "${p}": expected SERVICE=REPLICAS`);
        return { name, replicas: Number(n) };
      });
      await withCluster(self, async (c) => {
        for (const w of wanted) {
          const s = await c.scaleService(w.name, w.replicas);
          io.out(`${w.name} scaled to ${w.replicas}\n`);
          if (f.detach !== true) await converge(io, c, s.id, { quiet: false });
        }
      });
    });
}

function updateCommand(io: Io): Command {
  return addSpecFlags(new Command('update'))
    .description('Update a service')
    .argument('<service>')
    .option('--image <image>', 'a new image')
    .option('--args <command>', 'the container\'s arguments (replaced)')
    .option('--replicas <n>', 'number of tasks', whole('--replicas'))
    .option('--env-rm <K>', 'remove an environment variable', collect)
    .option('--label-rm <K>', 'remove a service label', collect)
    .option('--container-label-rm <K>', 'remove a container label', collect)
    .option('--publish-rm <port>', 'unpublish a target port', collect)
    .option('--constraint-rm <expr>', 'remove a constraint', collect)
    .option('--mount-rm <target>', 'remove a mount by its target', collect)
    .option('--force', 'replace the tasks even when nothing changed')
    .option('--rollback', 'go back to the previous spec')
    .option('-d, --detach', 'return at once instead of waiting for the service to converge')
    .option('-q, --quiet', 'no progress output')
    .action(async (ref: string, f: SpecFlags & { image?: string; args?: string; replicas?: number; envRm?: string[]; labelRm?: string[]; containerLabelRm?: string[]; publishRm?: string[]; constraintRm?: string[]; mountRm?: string[]; force?: boolean; rollback?: boolean; detach?: boolean; quiet?: boolean }, self: Command) => {
      await withCluster(self, async (c) => {
        let updated: Service;
        if (f.rollback === true) {
          const s = await c.service(ref);
          updated = await c.rollbackService(s.id, s.version);
        } else {
          for (let attempt = 0; ; attempt++) {
            const s = await c.service(ref);
            const spec: ServiceSpec = structuredClone(s.spec);
            const ct = spec.task.container;
            for (const k of f.envRm ?? []) ct.env = ct.env.filter((e) => keyValue(e)[0] !== k);
            for (const k of f.labelRm ?? []) delete spec.labels[k];
            for (const k of f.containerLabelRm ?? []) delete ct.labels[k];
            for (const p of f.publishRm ?? []) {
              const target = /^[0-9]+$/.test(p) ? Number(p) : parsePort(p).targetPort;
              spec.endpoint.ports = spec.endpoint.ports.filter((x) => x.targetPort !== target);
            }
            for (const x of f.constraintRm ?? []) spec.task.placement.constraints = spec.task.placement.constraints.filter((y) => y !== x);
            for (const x of f.mountRm ?? []) ct.mounts = ct.mounts.filter((m) => m.target !== x);
            applySpecFlags(spec, f);
            if (f.image !== undefined) ct.image = f.image;
            if (f.args !== undefined) ct.args = f.args === '' ? [] : f.args.split(/\s+/);
            if (f.replicas !== undefined) {
              if (!('replicated' in spec.mode)) throw new InvalidArgumentError('--replicas can only be used with replicated mode');
              spec.mode = { replicated: { replicas: f.replicas } };
            }
            if (f.force === true) spec.task.forceUpdate += 1;
            try {
              updated = await c.updateService(s.id, s.version, spec);
              break;
            } catch (e) {
              if (attempt < 5 && (e as { code?: string }).code === 'ORC_CONFLICT') continue;
              throw e;
            }
          }
        }
        io.out(`${ref}\n`);
        if (f.detach !== true) await converge(io, c, updated.id, { quiet: f.quiet === true });
      });
    });
}

function rollbackCommand(io: Io): Command {
  return new Command('rollback')
    .description('Go back to a service\'s previous spec')
    .argument('<service>')
    .option('-d, --detach', 'return at once instead of waiting for the service to converge')
    .option('-q, --quiet', 'no progress output')
    .action(async (ref: string, f: { detach?: boolean; quiet?: boolean }, self: Command) => {
      await withCluster(self, async (c) => {
        const s = await c.service(ref);
        await c.rollbackService(s.id, s.version);
        io.out(`${ref}\n`);
        if (f.detach !== true) {
          await converge(io, c, s.id, { quiet: f.quiet === true }).catch((e: unknown) => {
            if (!/rolled back/.test((e as Error).message)) throw e;
          });
          if (f.quiet !== true) io.out('rollback: rollback complete\n');
        }
      });
    });
}

function rmCommand(io: Io): Command {
  return new Command('rm')
    .alias('remove')
    .description('Remove services')
    .argument('<service...>')
    .action(async (refs: string[], _f: unknown, self: Command) => {
      let failure: unknown;
      await withCluster(self, async (c) => {
        for (const r of refs) {
          try {
            await c.removeService(r);
            io.out(`${r}\n`);
          } catch (e) {
            failure ??= e;
            if (refs.length > 1) io.err(`Error: ${(e as Error).message}\n`);
          }
        }
      });
      if (failure !== undefined) throw failure;
    });
}

export function serviceCommand(io: Io): Command {
  return new Command('service')
    .description('Manage the swarm\'s services')
    .addCommand(createCommand(io))
    .addCommand(lsCommand(io))
    .addCommand(psCommand(io))
    .addCommand(inspectCommand(io))
    .addCommand(scaleCommand(io))
    .addCommand(updateCommand(io))
    .addCommand(rollbackCommand(io))
    .addCommand(rmCommand(io))
    .addCommand(serviceLogsCommand(io));
}
