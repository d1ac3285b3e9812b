/**
 * `orc secret create|ls|inspect|rm`: the swarm's secrets, with Docker's
 * flags, columns and texts. Swarm configs have the same shape (see
 * swarm-config.ts): both are made here by `fileObjectCommands`.
 *
 * The content is read here (a file, or stdin for `-`) and sent base64; the
 * manager never returns a secret's data, and `inspect` drops it should it
 * ever come back.
 */
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { OrcError } from '../../common/errors.js';
import type { Config, Secret, SecretSpec } from '../../common/cluster/types.js';
import type { ClusterClient, Filters } from '../client/cluster.js';
import { ago, table } from '../engine-client.js';
import { withCluster } from '../cluster-client.js';
import type { Io } from '../io.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Docker's `-f key=value` list filters. */
export function listFilters(list: string[] = []): Filters {
  const out: Filters = {};
  for (const f of list) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`bad filter "${f}": expected key=value`);
    (out[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
  }
  return out;
}

function labels(list: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of list) {
    const eq = l.indexOf('=');
    if (eq === 0) throw new InvalidArgumentError(`bad label "${l}": expected key=value`);
    out[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? '' : l.slice(eq + 1);
  }
  return out;
}

/** Everything on stdin, as bytes (`io.stdin` when the program runs in-process). */
async function readStdin(io: Io): Promise<Buffer> {
  if (io.stdin !== undefined) return Buffer.from(io.stdin());
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

type Kind = 'secret' | 'config';
type FileObject = Secret | Config;

interface Api {
  create(c: ClusterClient, spec: SecretSpec): Promise<FileObject>;
  get(c: ClusterClient, ref: string): Promise<FileObject>;
  list(c: ClusterClient, f: Filters): Promise<FileObject[]>;
  remove(c: ClusterClient, ref: string): Promise<void>;
}

const API: Record<Kind, Api> = {
  secret: {
    create: (c, s) => c.createSecret(s),
    get: (c, r) => c.secret(r),
    list: (c, f) => c.secrets(f),
    remove: (c, r) => c.removeSecret(r),
  },
  config: {
    create: (c, s) => c.createConfig(s),
    get: (c, r) => c.config(r),
    list: (c, f) => c.configs(f),
    remove: (c, r) => c.removeConfig(r),
  },
};

/** What may be printed of an object: a secret's data never is. */
function printable(kind: Kind, o: FileObject): FileObject {
  if (kind === 'config') return o;
  const { data: _never, ...spec } = o.spec as SecretSpec & { data?: string };
  return { ...o, spec: spec as SecretSpec };
}

const time = (ms: number): string => new Date(ms).toISOString();

function pretty(kind: Kind, o: FileObject): string {
  const entries = Object.entries(o.spec.labels);
  return [
    `ID:              ${o.id}`,
    `Name:            ${o.spec.name}`,
    ...(entries.length > 0 ? ['Labels:', ...entries.map(([k, v]) => ` - ${k}=${v}`)] : []),
    `Created at:      ${time(o.createdAt)}`,
    `Updated at:      ${time(o.updatedAt)}`,
    ...(kind === 'config' && typeof o.spec.data === 'string' && o.spec.data !== '' ? ['Data:', Buffer.from(o.spec.data, 'base64').toString('utf8')] : []),
    '',
  ].join('\n');
}

function createCommand(io: Io, kind: Kind): Command {
  return new Command('create')
    .description(`Create a ${kind} from a file or from stdin (-)`)
    .argument('<name>')
    .argument('<file>', 'the content: a file, or - for stdin')
    .option('-l, --label <key=value>', `a label of the ${kind} (repeatable)`, collect)
    .action(async (name: string, file: string, f: { label?: string[] }, self: Command) => {
      let content: Buffer;
      try {
        content = file === '-' ? await readStdin(io) : await readFile(file);
      } catch (e) {
        throw new OrcError('ORC_IO', `${kind} ${name}: cannot read ${file === '-' ? 'stdin' : file}: ${(e as Error).message}`, { cause: e });
      }
      const spec: SecretSpec = { name, labels: labels(f.label), data: content.toString('base64') };
      const o = await withCluster(self, (c) => API[kind].create(c, spec));
      io.out(`${o.id}\n`);
    });
}

function lsCommand(io: Io, kind: Kind): Command {
  return new Command('ls')
    .alias('list')
    .description(`List ${kind}s`)
    .option('-q, --quiet', 'only print ids')
    .option('-f, --filter <filter>', 'filter: id, name, label', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (f: { quiet?: boolean; filter?: string[]; format: string }, self: Command) => {
      const filters = listFilters(f.filter);
      const list = await withCluster(self, (c) => API[kind].list(c, filters));
      list.sort((a, b) => a.spec.name.localeCompare(b.spec.name) || a.id.localeCompare(b.id));
      if (f.quiet === true) io.out(list.map((o) => `${o.id}\n`).join(''));
      else if (f.format === 'json') {
        io.out(list.map((o) => `${JSON.stringify({
          ID: o.id, Name: o.spec.name, CreatedAt: time(o.createdAt), UpdatedAt: time(o.updatedAt),
          Labels: Object.entries(o.spec.labels).map(([k, v]) => `${k}=${v}`).join(','),
        })}\n`).join(''));
      } else {
        io.out(table(['ID', 'NAME', 'CREATED', 'UPDATED'], list.map((o) => [o.id, o.spec.name, ago(o.createdAt / 1000), ago(o.updatedAt / 1000)])));
      }
    });
}

function inspectCommand(io: Io, kind: Kind): Command {
  return new Command('inspect')
    .description(`Print ${kind}s as JSON${kind === 'secret' ? ' (never their data)' : ''}`)
    .argument(`<${kind}...>`)
    .option('--pretty', 'a readable summary instead of JSON')
    .action(async (refs: string[], f: { pretty?: boolean }, self: Command) => {
      let failure: unknown;
      const docs = await withCluster(self, async (c) => {
        const out: FileObject[] = [];
        for (const r of refs) {
          try {
            out.push(printable(kind, await API[kind].get(c, r)));
          } catch (e) {
            failure ??= e;
          }
        }
        return out;
      });
      if (f.pretty === true) io.out(docs.map((o) => pretty(kind, o)).join('\n'));
      else io.out(`${JSON.stringify(docs, null, 4)}\n`);
      if (failure !== undefined) throw failure;
    });
}

function rmCommand(io: Io, kind: Kind): Command {
  return new Command('rm')
    .alias('remove')
    .description(`Remove ${kind}s`)
    .argument(`<${kind}...>`)
    .action(async (refs: string[], _f: unknown, self: Command) => {
      let failure: unknown;
      await withCluster(self, async (c) => {
        for (const r of refs) {
          try {
            await API[kind].remove(c, r);
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

/** `create`, `ls`, `inspect`, `rm` over the swarm's secrets or configs. */
export function fileObjectCommands(io: Io, kind: Kind): Command[] {
  return [createCommand(io, kind), lsCommand(io, kind), inspectCommand(io, kind), rmCommand(io, kind)];
}

export function secretCommand(io: Io): Command {
  const cmd = new Command('secret').description('Manage the swarm\'s secrets');
  for (const sub of fileObjectCommands(io, 'secret')) cmd.addCommand(sub);
  return cmd;
}
