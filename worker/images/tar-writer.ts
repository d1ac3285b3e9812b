/**
 * The minimal tar writer `saveArchive` needs: directories and regular files
 * with short (≤ 100 byte) names, ustar format, streamed from disk.
 */
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { OrcError } from '../../common/errors.js';

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, '0')}\0`;
}

/** One ustar header block (name and linkname ≤ 100 bytes: longer ones need PAX records first). */
export function ustarHeader(name: string, flag: string, size: number, st: { mode: number; uid: number; gid: number; mtime: number }, linkname = ''): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'utf8');
  b.write(octal(st.mode & 0o7777, 8), 100, 'ascii');
  b.write(octal(st.uid, 8), 108, 'ascii');
  b.write(octal(st.gid, 8), 116, 'ascii');
  b.write(octal(size, 12), 124, 'ascii');
  b.write(octal(Math.max(0, Math.floor(st.mtime)), 12), 136, 'ascii');
  b.write('        ', 148, 'ascii');
  b.write(flag, 156, 'ascii');
  b.write(linkname, 157, 100, 'utf8');
  b.write('ustar\0', 257, 'ascii');
  b.write('00', 263, 'ascii');
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return b;
}

function header(name: string, type: '0' | '5', size: number, mode: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new OrcError('ORC_INTERNAL', `tar name too long: ${name}`);
  return ustarHeader(name, type, size, { mode, uid: 0, gid: 0, mtime });
}

export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async put(b: Buffer): Promise<void> {
    if (!this.out.write(b)) await once(this.out, 'drain');
  }

  async dir(name: string): Promise<void> {
    await this.put(header(name.endsWith('/') ? name : `${name}/`, '5', 0, 0o755, 0));
  }

  async buffer(name: string, data: Buffer): Promise<void> {
    await this.put(header(name, '0', data.length, 0o644, 0));
    await this.put(data);
    await this.pad(data.length);
  }

  async file(name: string, path: string, size: number): Promise<void> {
    await this.put(header(name, '0', size, 0o644, 0));
    let written = 0;
    for await (const chunk of createReadStream(path)) {
      const b = chunk as Buffer;
      written += b.length;
      await this.put(b);
    }
    if (written !== size) throw new OrcError('ORC_IO', `${path} changed size while being archived`);
    await this.pad(size);
  }

  private async pad(size: number): Promise<void> {
    const r = size % 512;
    if (r !== 0) await this.put(Buffer.alloc(512 - r));
  }

  async end(): Promise<void> {
    await this.put(Buffer.alloc(1024));
  }
}
