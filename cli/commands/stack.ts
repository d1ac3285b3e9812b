/**
 * `orc stack deploy|ls|services|ps|rm`: compose projects run as swarm
 * stacks (Docker's `docker stack`), with Docker's flags, columns and texts.
 * Not `orc compose …` (compose/stack.ts), which runs a project on this host.
 *
 * `deploy` loads the project with the compose front end as `orc up` does
 * (interpolation, the `.env` beside the file, `--env-file`; no profiles
 * enabled), then makes the StackSpec sendable: the manager reads neither
 * this machine's files nor its environment, so every top-level secret and
 * config with `file:` carries the file's bytes — `content` when they are
 * UTF-8 text, else base64 under `x-orc-content-base64` — and one with
 * `environment:` carries the variable's value as `content`; `file` and
 * `environment` are dropped. Anything unreadable fails before the manager
 * is called.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { OrcError } from '../../common/errors.js';
import { STACK_LABEL, type Service } from '../../common/cluster/types.js';
import type { StackSpec } from '../../compose/index.js';
import type { ClusterClient, DeployResult } from '../client/cluster.js';
import { table } from '../engine-client.js';
import { withCluster } from '../cluster-client.js';
import type { Io } from '../io.js';
import { converge, portsText, replicasText, taskRows } from './service.js';
import { durationMs, modeName } from './service-flags.js';
import { listFilters } from './secret.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
const short = (id: string): string => id.slice(0, 12);

/** Docker's (and Compose's project names): lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
const STACK_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export function checkStackName(name: string): string {
  if (!STACK_NAME.test(name)) {
    throw new OrcError('ORC_USAGE', `invalid stack name "${name}": use lowercase letters, digits, "-" and "_", starting with a letter or digit`);
  }
  return name;
}

/** The extension key the manager reads a secret's or config's bytes from (base64). */
export const CONTENT_BASE64_KEY = 'x-orc-content-base64';

export interface ClientSide {
  readFile(path: string): Buffer;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * `spec` with every top-level secret and config made of what this machine
 * has: a `file:` becomes its content, an `environment:` the variable's
 * value. An unreadable file is an error (ORC_IO) naming the secret and the
 * path; an unset variable is one (ORC_INVALID_SPEC) when a service uses
 * the secret, else the secret is left out, as `orc up` does.
 */
export function inlineFiles(spec: StackSpec, client: ClientSide): StackSpec {
  const used = (k: 'secrets' | 'configs'): Set<string> => new Set(Object.values(spec.services).flatMap((s) => (s[k] ?? []).map((r) => r.source)));
  const resolve = <T extends StackSpec['secrets'][string] | StackSpec['configs'][string]>(kind: 'secret' | 'config', all: Record<string, T>, inUse: Set<string>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [key, def] of Object.entries(all)) {
      if (def.external === true || (def.file === undefined && def.environment === undefined)) {
        out[key] = def;
        continue;
      }
      const { file, environment, ...rest } = def;
      if (file !== undefined) {
        let bytes: Buffer;
        try {
          bytes = client.readFile(file);
        } catch (e) {
          throw new OrcError('ORC_IO', `${kind} "${key}": cannot read its file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
        }
        const text = bytes.toString('utf8');
        out[key] = (Buffer.from(text, 'utf8').equals(bytes) ? { ...rest, content: text } : { ...rest, [CONTENT_BASE64_KEY]: bytes.toString('base64') }) as T;
        continue;
      }
      const value = environment === undefined ? undefined : client.env[environment];
      if (value === undefined) {
        if (inUse.has(key)) {
          throw new OrcError('ORC_INVALID_SPEC', `${kind} "${key}" takes its content from the environment variable ${environment ?? ''}, which is not set: set it in this shell or give the ${kind} a file`);
        }
        continue;
      }
      out[key] = { ...rest, content: value } as T;
    }
    return out;
  };
  return { ...spec, secrets: resolve('secret', spec.secrets, used('secrets')), configs: resolve('config', spec.configs, used('configs')) };
}

interface DeployFlags {
  composeFile?: string[];
  envFile?: string[];
  projectDirectory?: string;
  prune?: boolean;
  wait?: boolean;
  timeout: number;
  detach?: boolean;
  withRegistryAuth?: boolean;
}

async function loadStack(io: Io, name: string, f: DeployFlags): Promise<StackSpec> {
  const { formatIssue, loadProject } = await import('../../compose/index.js');
  const r = loadProject({
    cwd: process.cwd(),
    env: process.env,
    projectName: name,
    profiles: [],
    ...(f.composeFile !== undefined ? { files: f.composeFile } : {}),
    ...(f.envFile !== undefined ? { envFiles: f.envFile } : {}),
    ...(f.projectDirectory !== undefined ? { projectDirectory: f.projectDirectory } : {}),
    ...(io.stdin ? { stdin: io.stdin } : {}),
  });
  for (const w of r.warnings) if (w.severity === 'warning') io.err(`warning: ${formatIssue(w)}\n`);
  return r.spec;
}

/** `service web_x` → ['service', 'web_x']. */
function entry(e: string): [string, string] {
  const sp = e.indexOf(' ');
  return sp < 0 ? ['', e] : [e.slice(0, sp), e.slice(sp + 1)];
}

const KIND_ORDER = ['service', 'secret', 'config', 'network'];
const kindRank = (e: string): number => {
  const i = KIND_ORDER.indexOf(entry(e)[0]);
  return i < 0 ? KIND_ORDER.length : i;
};

/** Docker's lines for a deploy: pruned services, new networks, secrets and configs, then each service created or updated. */
export function deployLines(r: DeployResult, serviceIds: ReadonlyMap<string, string>): string[] {
  const lines = r.removed.map((e) => `Removing ${e}`);
  const isService = (e: string): boolean => entry(e)[0] === 'service';
  lines.push(...r.created.filter((e) => !isService(e)).map((e) => `Creating ${e}`));
  lines.push(...r.updated.filter((e) => !isService(e)).map((e) => `Updating ${e}`));
  const services = [...r.created.filter(isService).map((e) => ({ e, created: true })), ...r.updated.filter(isService).map((e) => ({ e, created: false }))];
  services.sort((a, b) => entry(a.e)[1].localeCompare(entry(b.e)[1]));
  for (const s of services) {
    const id = serviceIds.get(entry(s.e)[1]);
    lines.push(s.created ? `Creating ${s.e}` : `Updating ${s.e}${id !== undefined ? ` (id: ${id})` : ''}`);
  }
  return lines;
}

/** Docker's lines for a removal: services, secrets, configs, then networks. */
export function removeLines(r: DeployResult): string[] {
  return r.removed.map((e, i) => ({ e, i })).sort((a, b) => kindRank(a.e) - kindRank(b.e) || a.i - b.i).map(({ e }) => `Removing ${e}`);
}

const stackFilter = (name: string): string => `${STACK_LABEL}=${name}`;

async function stackServices(c: ClusterClient, name: string, extra: Record<string, string[]> = {}): Promise<Service[]> {
  const list = await c.services({ ...extra, label: [...(extra['label'] ?? []), stackFilter(name)] });
  return list.sort((a, b) => a.spec.name.localeCompare(b.spec.name));
}

/** Waits for every service of the stack at once; says which failed. */
async function waitForStack(io: Io, c: ClusterClient, name: string, timeoutMs: number): Promise<void> {
  const services = await stackServices(c, name);
  io.out('Waiting for services to converge…\n');
  const results = await Promise.allSettled(services.map(async (s) => {
    await converge(io, c, s.id, { quiet: true, timeoutMs });
    io.out(`${s.spec.name}: converged\n`);
  }));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ name: services[i]?.spec.name ?? '', error: r.reason as Error }] : []));
  for (const f of failed) io.err(`${f.name}: ${f.error.message}\n`);
  if (failed.length > 0) throw new OrcError('ORC_UNAVAILABLE', `stack ${name}: ${failed.length} of ${services.length} service${services.length === 1 ? '' : 's'} did not converge`);
}

function deployCommand(io: Io): Command {
  return new Command('deploy')
    .alias('up')
    .description('Deploy a new stack or update an existing one')
    .argument('<stack>')
    .option('-c, --compose-file <file>', 'compose file (repeatable; - for stdin)', collect)
    .option('--env-file <file>', 'environment file for interpolation (repeatable)', collect)
    .option('--project-directory <dir>', 'project directory (default: the first file\'s folder)')
    .option('--prune', 'remove the stack\'s services the files no longer have')
    .addOption(new Option('--wait', 'wait until every service of the stack converged').conflicts('detach'))
    .addOption(new Option('--timeout <duration>', 'with --wait: how long to wait').argParser(durationMs('--timeout')).default(600_000, '10m'))
    .option('-d, --detach', 'return once the stack is deployed (the default; --wait waits)')
    .option('--with-registry-auth', 'accepted for Docker\'s sake; ignored')
    .action(async (stack: string, f: DeployFlags, self: Command) => {
      const name = checkStackName(stack);
      if (f.withRegistryAuth === true) io.err('note: --with-registry-auth is ignored: each node pulls with its own credentials (orc login on the node)\n');
      const spec = inlineFiles(await loadStack(io, name, f), { readFile: (p) => readFileSync(p), env: process.env });
      await withCluster(self, async (c) => {
        const r = await c.deployStack(name, spec, f.prune === true);
        for (const w of r.warnings) io.err(`warning: ${w}\n`);
        const ids = r.updated.some((e) => entry(e)[0] === 'service')
          ? new Map((await stackServices(c, name)).map((s) => [s.spec.name, s.id]))
          : new Map<string, string>();
        io.out(deployLines(r, ids).map((l) => `${l}\n`).join(''));
        if (f.wait === true) await waitForStack(io, c, name, f.timeout);
      });
    });
}

function lsCommand(io: Io): Command {
  return new Command('ls')
    .alias('list')
    .description('List stacks')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (f: { format: string }, self: Command) => {
      const stacks = await withCluster(self, (c) => c.stacks());
      stacks.sort((a, b) => a.name.localeCompare(b.name));
      if (f.format === 'json') io.out(stacks.map((s) => `${JSON.stringify({ Name: s.name, Services: String(s.services) })}\n`).join(''));
      else io.out(table(['NAME', 'SERVICES'], stacks.map((s) => [s.name, String(s.services)])));
    });
}

function servicesCommand(io: Io): Command {
  return new Command('services')
    .description('List the services of a stack')
    .argument('<stack>')
    .option('-q, --quiet', 'only print ids')
    .option('-f, --filter <filter>', 'filter: id, name, label, mode', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (name: string, f: { quiet?: boolean; filter?: string[]; format: string }, self: Command) => {
      const filters = listFilters(f.filter);
      const { services, tasks } = await withCluster(self, async (c) => {
        const services = await stackServices(c, name, filters);
        return { services, tasks: services.length === 0 ? [] : await c.tasks({ service: services.map((s) => s.id) }) };
      });
      if (services.length === 0) {
        io.err(`Nothing found in stack: ${name}\n`);
        return;
      }
      const row = (s: Service): string[] => [short(s.id), s.spec.name, modeName(s.spec.mode), replicasText(s, tasks), s.spec.task.container.image, portsText(s.endpoint.ports)];
      if (f.quiet === true) io.out(services.map((s) => `${s.id}\n`).join(''));
      else if (f.format === 'json') {
        io.out(services.map((s) => {
          const [ID, Name, Mode, Replicas, Image, Ports] = row(s);
          return `${JSON.stringify({ ID, Name, Mode, Replicas, Image, Ports })}\n`;
        }).join(''));
      } else io.out(table(['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'], services.map(row)));
    });
}

function psCommand(io: Io): Command {
  return new Command('ps')
    .description('List the tasks of a stack')
    .argument('<stack>')
    .option('-q, --quiet', 'only print task ids')
    .option('--no-trunc', 'do not shorten ids and errors')
    .option('-f, --filter <filter>', 'filter: desired-state=running|shutdown|accepted, node, name, id', collect)
    .action(async (name: string, f: { quiet?: boolean; trunc?: boolean; filter?: string[] }, self: Command) => {
      const filters = listFilters(f.filter);
      const { tasks, nodes } = await withCluster(self, async (c) => {
        const services = await stackServices(c, name);
        if (services.length === 0) return { tasks: [], nodes: [] };
        return { tasks: await c.tasks({ ...filters, service: services.map((s) => s.id) }), nodes: await c.nodes() };
      });
      if (tasks.length === 0) throw new OrcError('ORC_NOT_FOUND', `nothing found in stack: ${name}`);
      if (f.quiet === true) io.out(tasks.map((t) => `${t.id}\n`).join(''));
      else io.out(table(['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'], taskRows(tasks, nodes, { noTrunc: f.trunc === false })));
    });
}

function rmCommand(io: Io): Command {
  return new Command('rm')
    .aliases(['remove', 'down'])
    .description('Remove stacks: their services, networks, secrets and configs')
    .argument('<stack...>')
    .action(async (names: string[], _f: unknown, self: Command) => {
      let failure: unknown;
      await withCluster(self, async (c) => {
        for (const name of names) {
          try {
            const r = await c.removeStack(name);
            if (r.removed.length === 0 && r.warnings.length === 0) {
              io.err(`Nothing found in stack: ${name}\n`);
              continue;
            }
            io.out(removeLines(r).map((l) => `${l}\n`).join(''));
            for (const w of r.warnings) io.err(`warning: ${w}\n`);
          } catch (e) {
            failure ??= e;
            if (names.length > 1) io.err(`Error: ${(e as Error).message}\n`);
          }
        }
      });
      if (failure !== undefined) throw failure;
    });
}

export function stackCommand(io: Io): Command {
  return new Command('stack')
    .description('Run compose projects as swarm stacks')
    .addCommand(deployCommand(io))
    .addCommand(lsCommand(io))
    .addCommand(servicesCommand(io))
    .addCommand(psCommand(io))
    .addCommand(rmCommand(io));
}
