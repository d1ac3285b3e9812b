/**
 * `orc cp` on the daemon side: ContainerArchiveGet packs a path of the
 * container's rootfs (resolved inside it, see worker/copy) into a tar stream,
 * its stat first; ContainerArchivePut places a tar stream by Docker's rules.
 * The rootfs is the container's overlay, mounted from create to remove, so
 * created, running and stopped containers all work.
 */
import { lstat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { PassThrough } from 'node:stream';
import { posix } from 'node:path';
import { OrcError } from '../../common/errors.js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { ContainerArchivePutChunk__Output } from '../../proto/generated/orc/engine/v1/ContainerArchivePutChunk.js';
import { cleanName, contentsOnly, extractTar, place, resolveInRoot, TarPacker } from '../copy/index.js';
import type { Engine } from '../engine/index.js';
import { readTar, type TarEntry } from '../images/index.js';
import { writeWithBackpressure } from './image-service.js';
import { toStatus } from './status.js';

/** Go's os.FileMode type bits, as Docker's path stat reports them. */
function goMode(st: { mode: number; isDirectory(): boolean; isSymbolicLink(): boolean }): number {
  let m = st.mode & 0o777;
  if (st.isDirectory()) m |= 0x80000000;
  if (st.isSymbolicLink()) m |= 0x08000000;
  return m >>> 0;
}

async function statIn(root: string, path: string, follow: boolean): Promise<{ host: string; inside: string; st: Stats | undefined }> {
  const r = await resolveInRoot(root, path, follow);
  const st = await lstat(r.host).catch((e: NodeJS.ErrnoException): undefined => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  return { ...r, st };
}

export function copyHandlers(engine: Engine): Pick<EngineHandlers, 'ContainerArchiveGet' | 'ContainerArchivePut'> {
  return {
    ContainerArchiveGet: (call) => {
      const req = call.request;
      void (async () => {
        const out = new PassThrough({ highWaterMark: 1 << 20 });
        out.on('error', () => undefined); // reported through the writer's promise
        call.on('cancelled', () => out.destroy(new Error('the client cancelled the copy')));
        try {
          const root = engine.rootfsPath(req.container);
          const src = await statIn(root, req.path, req.follow_link);
          if (src.st === undefined) throw new OrcError('ORC_NOT_FOUND', `no such file or directory in container ${req.container}: ${req.path}`);
          if ((req.path.endsWith('/') || contentsOnly(req.path)) && !src.st.isDirectory()) throw new OrcError('ORC_USAGE', `${req.path} is not a directory`);
          const name = src.inside === '/' ? 'rootfs' : posix.basename(src.inside);
          const st = src.st;
          await writeWithBackpressure(call, {
            stat: { name, size: String(st.size), mode: goMode(st), mtime: new Date(Number(st.mtimeMs)).toISOString(), link_target: '', is_dir: st.isDirectory() },
            data: Buffer.alloc(0),
          });
          const packing = (async () => {
            const p = new TarPacker(out);
            await p.add(src.host, name, req.follow_link);
            await p.end();
            out.end();
          })().catch((e: unknown) => {
            out.destroy();
            throw e;
          });
          try {
            for await (const chunk of out) {
              if (!(await writeWithBackpressure(call, { data: chunk as Buffer }))) break;
            }
          } catch {
            // the packer's error is the one to report
          }
          await packing;
          if (!call.cancelled) call.end();
        } catch (e) {
          if (!call.cancelled) call.emit('error', toStatus(e));
        }
      })();
    },

    ContainerArchivePut: (call, callback) => {
      call.on('error', () => undefined); // a client that goes away mid-stream is answered by the callback
      const it = (call as AsyncIterable<ContainerArchivePutChunk__Output>)[Symbol.asyncIterator]();
      void (async () => {
        const first = await it.next();
        const req = first.done === true ? undefined : first.value.request;
        if (req === undefined || req === null) throw new OrcError('ORC_USAGE', 'ContainerArchivePut: the first message must be the request');
        async function* data(): AsyncGenerator<Buffer> {
          for (;;) {
            const n = await it.next();
            if (n.done === true) return;
            if (n.value.data !== undefined && n.value.data !== null) yield n.value.data;
          }
        }
        const root = engine.rootfsPath(req.container);
        const owner = req.copy_uid_gid ? ('keep' as const) : { uid: 0, gid: 0 };
        const dest = await statIn(root, req.path, true);
        const entries = readTar(data())[Symbol.asyncIterator]();
        if (req.raw) {
          if (dest.st?.isDirectory() !== true) throw new OrcError('ORC_NOT_FOUND', `destination directory ${req.path} does not exist in container ${req.container}`);
          await extractTar({ [Symbol.asyncIterator]: () => entries }, { root, dir: dest.inside, rename: (n) => n, owner });
          return;
        }
        const head = await entries.next();
        if (head.done === true) throw new OrcError('ORC_USAGE', 'the archive to copy is empty');
        const top = head.value.header;
        const srcName = cleanName(top.name).split('/')[0] ?? '';
        const placement = place({
          srcName,
          srcIsDir: top.type === 'dir',
          contentsOnly: req.contents_only,
          dest: req.path,
          destPath: dest.inside,
          destIsDir: dest.st === undefined ? undefined : dest.st.isDirectory(),
        });
        const parent = await statIn(root, placement.dir, true);
        if (parent.st?.isDirectory() !== true) throw new OrcError('ORC_NOT_FOUND', `no such directory in container ${req.container}: ${placement.dir}`);
        async function* all(): AsyncGenerator<TarEntry> {
          yield head.value as TarEntry;
          for (;;) {
            const n = await entries.next();
            if (n.done === true) return;
            yield n.value;
          }
        }
        await extractTar(all(), { root, dir: parent.inside, rename: placement.rename, owner });
      })().then(
        () => callback(null, {}),
        (e: unknown) => {
          callback(toStatus(e));
          // read (and drop) what the client still sends, so its writes end
          void (async () => {
            for (;;) if ((await it.next()).done === true) return;
          })().catch(() => undefined);
        },
      );
    },
  };
}
