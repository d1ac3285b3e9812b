/**
 * Writes a tar of one file, link or directory tree: ustar headers with PAX
 * records for long names and large values, modes, uid/gid and mtimes kept,
 * symlinks stored as links (never followed), hard links within the tree.
 * Regular files are opened O_NOFOLLOW, so a file swapped for a link while
 * the walk runs is refused rather than followed.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { OrcError } from '../../common/errors.js';
import { ustarHeader } from '../images/index.js';

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${len}${body}`) !== len) len = Buffer.byteLength(`${len}${body}`);
  return `${len}${body}`;
}

const header = ustarHeader;

export class TarPacker {
  private readonly inodes = new Map<string, string>();

  constructor(private readonly out: Writable) {}

  private async put(b: Buffer): Promise<void> {
    if (!this.out.write(b)) await once(this.out, 'drain');
  }

  private async entry(name: string, flag: string, size: number, st: Stats, linkname = ''): Promise<void> {
    const ids = { mode: st.mode, uid: st.uid, gid: st.gid, mtime: st.mtimeMs / 1000 };
    let pax = '';
    if (Buffer.byteLength(name) > 100) pax += paxRecord('path', name);
    if (Buffer.byteLength(linkname) > 100) pax += paxRecord('linkpath', linkname);
    if (size > 0o77777777777) pax += paxRecord('size', String(size));
    if (st.uid > 0o7777777) pax += paxRecord('uid', String(st.uid));
    if (st.gid > 0o7777777) pax += paxRecord('gid', String(st.gid));
    if (pax !== '') {
      const pb = Buffer.from(pax);
      await this.put(header('PaxHeader', 'x', pb.length, { mode: 0o644, uid: 0, gid: 0, mtime: 0 }));
      await this.put(pb);
      await this.pad(pb.length);
    }
    const safeIds = { ...ids, uid: st.uid > 0o7777777 ? 0 : st.uid, gid: st.gid > 0o7777777 ? 0 : st.gid };
    await this.put(header(Buffer.byteLength(name) > 100 ? name.slice(0, 99) : name, flag, size > 0o77777777777 ? 0 : size, safeIds, Buffer.byteLength(linkname) > 100 ? '' : linkname));
  }

  private async pad(size: number): Promise<void> {
    const r = size % 512;
    if (r !== 0) await this.put(Buffer.alloc(512 - r));
  }

  /** Adds `path` (lstat'ed, or stat'ed when `follow`) as `name`, recursing into directories. */
  async add(path: string, name: string, follow = false): Promise<void> {
    const st = follow ? await (await import('node:fs/promises')).stat(path) : await lstat(path);
    if (st.isDirectory()) {
      await this.entry(`${name}/`, '5', 0, st);
      for (const child of (await readdir(path)).sort()) await this.add(join(path, child), `${name}/${child}`);
    } else if (st.isSymbolicLink()) {
      await this.entry(name, '2', 0, st, await readlink(path));
    } else if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? this.inodes.get(key) : undefined;
      if (first !== undefined) {
        await this.entry(name, '1', 0, st, first);
        return;
      }
      if (st.nlink > 1) this.inodes.set(key, name);
      const fh = await open(path, constants.O_RDONLY | (follow ? 0 : constants.O_NOFOLLOW));
      try {
        await this.entry(name, '0', st.size, st);
        let left = st.size;
        const buf = Buffer.alloc(64 << 10);
        while (left > 0) {
          const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, left), null);
          if (bytesRead === 0) throw new OrcError('ORC_IO', `${path} shrank while being copied`);
          await this.put(Buffer.from(buf.subarray(0, bytesRead)));
          left -= bytesRead;
        }
        await this.pad(st.size);
      } finally {
        await fh.close();
      }
    }
    // sockets, fifos and devices are skipped, as docker cp does for sockets
  }

  async end(): Promise<void> {
    await this.put(Buffer.alloc(1024));
  }
}
