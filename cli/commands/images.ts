/**
 * `orc images`, `orc image ls|load|save|inspect|prune|rm`, `orc save`,
 * `orc pull`, `orc rmi`: the image store, as Docker's commands.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { OrcError } from '../../common/errors.js';
import { ago, printInspect, readAnswer, table, withClient } from '../engine-client.js';
import type { Io } from '../io.js';

/** Docker's SIZE column: decimal units, three significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : Number(v.toPrecision(3))}${units[i]}`;
}

function repoTag(t: string): [string, string] {
  const at = t.lastIndexOf(':');
  return at > 0 && !t.slice(at).includes('/') ? [t.slice(0, at), t.slice(at + 1)] : [t, '<none>'];
}

function listAction(io: Io) {
  return async (flags: { quiet?: boolean; format: string }, self: Command): Promise<void> => {
    const images = await withClient(self, (c) => c.images());
    const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);
    if (flags.quiet === true) {
      io.out([...new Set(images.map((i) => short(i.id)))].map((i) => `${i}\n`).join(''));
      return;
    }
    const rows = images.flatMap((i) => (i.repoTags.length > 0 ? i.repoTags : ['<none>:<none>']).map((t) => ({ image: i, tag: repoTag(t) })));
    if (flags.format === 'json') {
      io.out(rows.map(({ image: i, tag }) => `${JSON.stringify({
        Repository: tag[0], Tag: tag[1], ID: short(i.id), Digest: i.digest, CreatedAt: i.created ?? '', Size: humanSize(i.size),
      })}\n`).join(''));
      return;
    }
    io.out(table(
      ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'],
      rows.map(({ image: i, tag }) => [tag[0], tag[1], short(i.id), i.created === null ? 'N/A' : ago(Date.parse(i.created) / 1000), humanSize(i.size)]),
    ));
  };
}

function listOptions(cmd: Command): Command {
  return cmd
    .option('-q, --quiet', 'only print image ids')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'));
}

export function imagesCommand(io: Io): Command {
  return listOptions(new Command('images').description('List images')).action(listAction(io));
}

function loadCommand(io: Io): Command {
  return new Command('load')
    .description('Load an image from a docker-save or OCI archive (a file, or stdin)')
    .option('-i, --input <file>', 'read from this archive instead of stdin')
    .option('-q, --quiet', 'print nothing')
    .action(async (flags: { input?: string; quiet?: boolean }, self: Command) => {
      if (flags.input === undefined && process.stdin.isTTY) {
        throw new OrcError('ORC_USAGE', 'requested load from stdin, but stdin is a terminal: use -i FILE or a pipe');
      }
      const source = flags.input !== undefined ? createReadStream(flags.input) : process.stdin;
      const opened = new Promise<void>((resolve, reject) => {
        if (flags.input === undefined) resolve();
        source.once('error', (e: Error) => reject(new OrcError('ORC_IO', `cannot read ${flags.input ?? 'stdin'}: ${e.message}`, { cause: e })));
        source.once('readable', () => resolve());
      });
      await opened;
      const loaded = await withClient(self, (c) => c.loadImage(source));
      if (flags.quiet === true) return;
      for (const i of loaded) {
        if (i.repoTags.length === 0) io.out(`Loaded image ID: ${i.id}\n`);
        for (const t of i.repoTags) io.out(`Loaded image: ${t}\n`);
      }
    });
}

function rmCommand(io: Io, name: string): Command {
  return new Command(name)
    .description('Remove one or more images')
    .argument('<image...>')
    .option('-f, --force', 'remove an image with several tags by id; untag an image a stopped container uses')
    .action(async (refs: string[], flags: { force?: boolean }, self: Command) => {
      await withClient(self, async (c) => {
        for (const ref of refs) {
          const r = await c.removeImage(ref, { force: flags.force === true });
          for (const t of r.untagged) io.out(`Untagged: ${t}\n`);
          for (const d of r.deleted) io.out(`Deleted: ${d}\n`);
        }
      });
    });
}

export function rmiCommand(io: Io): Command {
  return rmCommand(io, 'rmi');
}

export function pullCommand(io: Io): Command {
  return new Command('pull')
    .description('Download an image from a registry')
    .argument('<image>', 'name[:tag|@digest]')
    .option('--platform <os/arch>', 'the platform (default linux/amd64)')
    .option('-q, --quiet', 'only print the image reference')
    .action(async (ref: string, flags: { platform?: string; quiet?: boolean }, self: Command) => {
      const auth = await storedAuth(ref);
      await withClient(self, async (c) => {
        const seen = new Map<string, string>();
        for await (const e of c.pull(ref, { ...(flags.platform !== undefined ? { platform: flags.platform } : {}), ...(auth !== undefined ? { auth } : {}) })) {
          if (flags.quiet === true) {
            if (e.kind === 'done') io.out(`${e.reference}\n`);
            continue;
          }
          if (e.kind === 'layer') {
            // Plain lines (not a TTY redraw): one per layer state change.
            const text = e.status === 'exists' ? 'Already exists' : e.status === 'done' ? 'Pull complete' : e.status === 'waiting' ? 'Waiting' : 'Downloading';
            if (seen.get(e.id) !== text) io.out(`${e.id}: ${text}\n`);
            seen.set(e.id, text);
          } else if (e.kind === 'done') {
            io.out(`Digest: ${e.digest}\nStatus: Downloaded newer image for ${e.reference}\n${e.reference}\n`);
          }
        }
      });
    });
}

export function imageCommand(io: Io): Command {
  return new Command('image')
    .description('Manage images')
    .addCommand(listOptions(new Command('ls').description('List images')).action(listAction(io)))
    .addCommand(loadCommand(io))
    .addCommand(saveCommand())
    .addCommand(imageInspectCommand(io))
    .addCommand(pruneCommand(io))
    .addCommand(rmCommand(io, 'rm'))
    .addCommand(pullCommand(io));
}

/** The credentials `orc login` stored for the registry of `ref` (sent with the pull, as Docker's client does). */
export async function storedAuth(ref: string): Promise<{ username: string; password: string } | undefined> {
  const { parseReference } = await import('../../worker/images/index.js');
  const { readCredentials } = await import('../../worker/registry/index.js');
  let registry: string;
  try {
    registry = parseReference(ref).registry;
  } catch {
    return undefined; // the daemon reports the bad reference
  }
  return readCredentials(registry);
}

/** `orc save` / `orc image save`: a docker-save archive to -o FILE, or to stdout when it is not a terminal. */
export function saveCommand(): Command {
  return new Command('save')
    .description('Save one or more images to a tar archive (streamed to stdout by default)')
    .argument('<image...>')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (refs: string[], flags: { output?: string }, self: Command) => {
      if (flags.output === undefined && process.stdout.isTTY === true) {
        throw new OrcError('ORC_USAGE', 'cowardly refusing to save to a terminal: use the -o flag or redirect');
      }
      await withClient(self, async (c) => {
        if (flags.output === undefined) {
          for await (const chunk of c.saveImages(refs)) {
            if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
          }
          return;
        }
        const target = flags.output;
        const tmp = `${target}.orc-save-${process.pid}`;
        const file = createWriteStream(tmp, { flags: 'wx', mode: 0o644 });
        try {
          await once(file, 'open');
          for await (const chunk of c.saveImages(refs)) {
            if (!file.write(chunk)) await once(file, 'drain');
          }
          file.end();
          await finished(file);
          await rename(tmp, target);
        } catch (e) {
          file.destroy();
          await rm(tmp, { force: true });
          if (e instanceof OrcError) throw e;
          throw new OrcError('ORC_IO', `cannot write ${target}: ${(e as Error).message}`, { cause: e });
        }
      });
    });
}

/** `orc image inspect`: Docker's documents as a JSON array; every image is tried, the first failure is reported. */
export function imageInspectCommand(io: Io): Command {
  return new Command('inspect')
    .description('Print the low-level information of images as JSON')
    .argument('<image...>')
    .action(async (refs: string[], _f: unknown, self: Command) => printInspect(io, self, refs, (c, ref) => c.inspectImage(ref)));
}

/** `orc image prune [-a] [-f]`: as Docker's, with its prompt, "Deleted Images:" and "Total reclaimed space:". */
function pruneCommand(io: Io): Command {
  return new Command('prune')
    .description('Remove unused images (dangling ones; every image no container uses with -a)')
    .option('-a, --all', 'remove all images not used by a container, not just dangling ones')
    .option('-f, --force', 'do not prompt for confirmation')
    .action(async (flags: { all?: boolean; force?: boolean }, self: Command) => {
      if (flags.force !== true) {
        const what = flags.all === true ? 'all images without at least one container associated to them' : 'all dangling images';
        io.out(`WARNING! This will remove ${what}.\nAre you sure you want to continue? [y/N] `);
        const answer = (await readAnswer(io)).trim().toLowerCase();
        if (answer !== 'y' && answer !== 'yes') {
          io.out('Total reclaimed space: 0B\n');
          return;
        }
      }
      const r = await withClient(self, (c) => c.pruneImages({ all: flags.all === true }));
      if (r.deleted.length > 0) {
        let out = 'Deleted Images:\n';
        for (const d of r.deleted) {
          for (const t of d.untagged) out += `untagged: ${t}\n`;
          out += `deleted: ${d.id}\n`;
        }
        io.out(`${out}\n`);
      }
      io.out(`Total reclaimed space: ${humanSize(r.reclaimed)}\n`);
    });
}

export { loadCommand };
