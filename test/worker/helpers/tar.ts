/**
 * A small tar writer for tests: builds archives in memory, including the
 * hostile ones (absolute names, `..`, devices) a real tar would refuse to write.
 * Names longer than 100 bytes get a PAX `path` record.
 */
import { gzipSync } from 'node:zlib';

export interface TarSpec {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'link' | 'char' | 'block' | 'fifo';
  data?: Buffer | string;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  devmajor?: number;
  devminor?: number;
}

const FLAGS = { file: '0', link: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' } as const;

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, '0')}\0`;
}

function header(name: string, flag: string, size: number, s: TarSpec): Buffer {
  const b = Buffer.alloc(512);
  b.write(name.slice(0, 100), 0, 'utf8');
  b.write(octal(s.mode ?? (flag === '5' ? 0o755 : 0o644), 8), 100, 'ascii');
  b.write(octal(s.uid ?? 0, 8), 108, 'ascii');
  b.write(octal(s.gid ?? 0, 8), 116, 'ascii');
  b.write(octal(size, 12), 124, 'ascii');
  b.write(octal(s.mtime ?? 1700000000, 12), 136, 'ascii');
  b.write('        ', 148, 'ascii');
  b.write(flag, 156, 'ascii');
  b.write((s.linkname ?? '').slice(0, 100), 157, 'utf8');
  b.write('ustar\0', 257, 'ascii');
  b.write('00', 263, 'ascii');
  b.write(octal(s.devmajor ?? 0, 8), 329, 'ascii');
  b.write(octal(s.devminor ?? 0, 8), 337, 'ascii');
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return b;
}

function pad(n: number): Buffer {
  return Buffer.alloc((512 - (n % 512)) % 512);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (`${len}${body}`.length !== len) len = `${len}${body}`.length;
  return `${len}${body}`;
}

/** An uncompressed tar of `entries`, in order. */
export function tar(entries: TarSpec[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const type = e.type ?? 'file';
    const flag = FLAGS[type];
    const data = type === 'file' ? Buffer.from(e.data ?? '') : Buffer.alloc(0);
    const name = type === 'dir' && !e.name.endsWith('/') ? `${e.name}/` : e.name;
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(e.linkname ?? '') > 100) {
      let pax = paxRecord('path', name);
      if (e.linkname !== undefined) pax += paxRecord('linkpath', e.linkname);
      const pb = Buffer.from(pax);
      parts.push(header('PaxHeader', 'x', pb.length, { name: 'PaxHeader' }), pb, pad(pb.length));
    }
    parts.push(header(name, flag, data.length, e), data, pad(data.length));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function tgz(entries: TarSpec[]): Buffer {
  return gzipSync(tar(entries));
}
