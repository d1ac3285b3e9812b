/**
 * `orc cp [-a] [-L] CONTAINER:SRC DEST|-` and `orc cp [-a] [-L] SRC|- CONTAINER:DEST`:
 * files and directories to and from a container as tar streams through the
 * daemon, placed by Docker's rules (trailing `/`, `SRC/.` for contents; see
 * worker/copy/placement.ts). On the host, the archive is extracted so that
 * nothing leaves the destination folder; files belong to the user running
 * orc unless -a keeps the archive's uid/gid.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { OrcError } from '../../common/errors.js';
import type { OrcClient } from '../client/index.js';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';

export interface Spec {
  container?: string;
  path: string;
}

/** `name:path` names a container unless it looks like a local path (starts with / or ., or has no colon). */
export function parseCopySpec(arg: string): Spec {
  if (arg.startsWith('/') || arg.startsWith('.')) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon <= 0) return { path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) === '' ? '/' : arg.slice(colon + 1) };
}

async function hostStat(path: string): Promise<import('node:fs').Stats | undefined> {
  return stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new OrcError('ORC_IO', `cannot stat ${path}: ${e.message}`, { cause: e });
  });
}

export function cpCommand(_io: Io): Command {
  return new Command('cp')
    .description('Copy files or folders between a container and the host (- for a tar stream on stdin/stdout)')
    .argument('<src>', 'CONTAINER:PATH, a host path, or -')
    .argument('<dest>', 'CONTAINER:PATH, a host path, or -')
    .option('-a, --archive', 'keep uid/gid of the copied files')
    .option('-L, --follow-link', 'follow a symbolic link given as the source')
    .action(async (srcArg: string, destArg: string, flags: { archive?: boolean; followLink?: boolean }, self: Command) => {
      const src = srcArg === '-' ? { path: '-' } : parseCopySpec(srcArg);
      const dest = destArg === '-' ? { path: '-' } : parseCopySpec(destArg);
      if ((src.container === undefined) === (dest.container === undefined)) {
        throw new OrcError('ORC_USAGE', 'copying between containers or between two local paths is not supported: name exactly one CONTAINER:PATH');
      }
      await withClient(self, (c) => copy(c, src, dest, flags));
    });
}


/** Copies between a container (`src` or `dest` names it) and the host, as `orc cp` does; `-` is a tar stream. */
export async function copy(c: OrcClient, src: Spec, dest: Spec, flags: { archive?: boolean; followLink?: boolean }): Promise<void> {
  const { contentsOnly, extractTar, place, TarPacker } = await import('../../worker/copy/index.js');
  const { readTar } = await import('../../worker/images/index.js');
    if (src.container !== undefined) {
      const got = await c.archiveGet(src.container, src.path, { followLink: flags.followLink === true });
      if (dest.path === '-') {
        if (process.stdout.isTTY === true) throw new OrcError('ORC_USAGE', 'cowardly refusing to write a tar stream to a terminal');
        for await (const chunk of got.data) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
        return;
      }
      const destAbs = resolve(dest.path);
      const st = await hostStat(destAbs);
      const placement = place({
        srcName: got.stat.name,
        srcIsDir: got.stat.isDir,
        contentsOnly: contentsOnly(src.path),
        dest: dest.path,
        destPath: destAbs,
        destIsDir: st === undefined ? undefined : st.isDirectory(),
      });
      const dirStat = await hostStat(placement.dir);
      if (dirStat?.isDirectory() !== true) throw new OrcError('ORC_NOT_FOUND', `no such directory: ${placement.dir}`);
      const root = await realpath(placement.dir);
      const owner = flags.archive === true ? ('keep' as const) : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
      await extractTar(readTar(got.data), { root, dir: '/', rename: placement.rename, owner });
      return;
    }
    const container = dest.container as string;
    if (src.path === '-') {
      await c.archivePut(container, dest.path, process.stdin as AsyncIterable<Buffer>, { raw: true, copyUidGid: flags.archive === true });
      return;
    }
    const srcAbs = resolve(src.path);
    const st = await (flags.followLink === true ? stat(srcAbs) : lstat(srcAbs)).catch((e: NodeJS.ErrnoException) => {
      throw new OrcError(e.code === 'ENOENT' ? 'ORC_NOT_FOUND' : 'ORC_IO', `cannot copy ${src.path}: ${e.message}`, { cause: e });
    });
    if ((src.path.endsWith('/') || contentsOnly(src.path)) && !st.isDirectory()) throw new OrcError('ORC_USAGE', `${src.path} is not a directory`);
    const name = basename(srcAbs) === '' ? 'rootfs' : basename(srcAbs);
    const pipe = new PassThrough({ highWaterMark: 1 << 20 });
    const packing = (async () => {
      const p = new TarPacker(pipe);
      await p.add(srcAbs, name, flags.followLink === true);
      await p.end();
      pipe.end();
    })().catch((e: unknown) => {
      pipe.destroy(e as Error);
      throw e;
    });
    const sending = c.archivePut(container, dest.path, pipe, { copyUidGid: flags.archive === true, contentsOnly: contentsOnly(src.path) });
    await Promise.all([packing, sending]);
}
