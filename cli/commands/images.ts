/** `orc images`, `orc image ls|load|rm`, `orc pull`: the image store, as Docker's commands. */
import { createReadStream } from 'node:fs';
import { Command, Option } from 'commander';
import { OrcError } from '../../common/errors.js';
import { ago, table, withClient } from '../engine-client.js';
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
    .option('-f, --force', 'remove an image with several tags by id')
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
      await withClient(self, async (c) => {
        const seen = new Map<string, string>();
        for await (const e of c.pull(ref, flags.platform !== undefined ? { platform: flags.platform } : {})) {
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
    .addCommand(rmCommand(io, 'rm'))
    .addCommand(pullCommand(io));
}

export { loadCommand };
