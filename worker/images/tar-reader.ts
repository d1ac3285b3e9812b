/**
 * A streaming tar reader: ustar, GNU long names (`L`/`K`), base-256 numbers
 * and PAX extended headers (`x`, `g`). Each entry's body must be consumed (or
 * skipped) before the next entry is requested; the reader does it for you
 * when you move on.
 */
import { OrcError } from '../../common/errors.js';

export type TarEntryType = 'file' | 'link' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo' | 'other';

export interface TarHeader {
  name: string;
  type: TarEntryType;
  /** The raw type flag, for messages. */
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch (fractions from PAX kept). */
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** PAX `SCHILY.xattr.*` records, name → value. */
  xattrs: Map<string, Buffer>;
}

export interface TarEntry {
  header: TarHeader;
  /** Yields the body; read it at most once. */
  body(): AsyncIterable<Buffer>;
}

const BLOCK = 512;

function bad(what: string): OrcError {
  return new OrcError('ORC_INVALID_IMAGE', `malformed tar archive: ${what}`);
}

/** Pulls exact byte counts out of an async chunk source. */
export class BytePump {
  private readonly it: AsyncIterator<Buffer | Uint8Array | string>;
  private buf: Buffer = Buffer.alloc(0);
  private done = false;

  constructor(source: AsyncIterable<Buffer | Uint8Array | string>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done === true) {
      this.done = true;
      return false;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }

  /** Exactly n bytes, or fewer at end of input. */
  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (!(await this.fill())) break;
    }
    const out = this.buf.subarray(0, Math.min(n, this.buf.length));
    this.buf = this.buf.subarray(out.length);
    return out;
  }

  /** Yields up to n bytes in chunks as they arrive. */
  async *stream(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) throw bad('unexpected end of data inside an entry');
      const take = Math.min(left, this.buf.length);
      const out = this.buf.subarray(0, take);
      this.buf = this.buf.subarray(take);
      left -= take;
      yield out;
    }
  }

  async skip(n: number): Promise<void> {
    for await (const _ of this.stream(n)) {
      // discard
    }
  }

  /** Reads and discards everything left (so a hashing source sees every byte). */
  async drain(): Promise<void> {
    this.buf = Buffer.alloc(0);
    while (await this.fill()) this.buf = Buffer.alloc(0);
  }
}

function cstr(b: Buffer, off: number, len: number): string {
  const field = b.subarray(off, off + len);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

function num(b: Buffer, off: number, len: number, what: string): number {
  const field = b.subarray(off, off + len);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    // base-256: big-endian two's complement with the top bit as marker
    let v = 0;
    for (let i = 0; i < field.length; i++) {
      const byte = i === 0 ? (field[0] ?? 0) & 0x7f : field[i] ?? 0;
      v = v * 256 + byte;
    }
    if (!Number.isSafeInteger(v)) throw bad(`${what} too large`);
    return v;
  }
  const s = cstr(b, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw bad(`${what} is not octal: "${s}"`);
  const v = parseInt(s, 8);
  if (!Number.isSafeInteger(v)) throw bad(`${what} too large`);
  return v;
}

function checksumOk(b: Buffer): boolean {
  const stored = num(b, 148, 8, 'checksum');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : b[i] ?? 0;
  return sum === stored;
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '':
    case '7':
      return 'file';
    case '1':
      return 'link';
    case '2':
      return 'symlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '5':
      return 'dir';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

function parsePax(data: Buffer): Map<string, string | Buffer> {
  const out = new Map<string, string | Buffer>();
  let pos = 0;
  while (pos < data.length) {
    const sp = data.indexOf(0x20, pos);
    if (sp < 0) throw bad('PAX record without length');
    const len = Number(data.subarray(pos, sp).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length) throw bad('PAX record length out of range');
    const rec = data.subarray(sp + 1, pos + len - 1); // drop trailing \n
    const eq = rec.indexOf(0x3d);
    if (eq < 0) throw bad('PAX record without "="');
    const key = rec.subarray(0, eq).toString('utf8');
    const value = rec.subarray(eq + 1);
    out.set(key, key.startsWith('SCHILY.xattr.') ? Buffer.from(value) : value.toString('utf8'));
    pos += len;
  }
  return out;
}

const MAX_META = 1 << 20;

/** Iterates over the entries of a tar stream. */
export async function* readTar(source: AsyncIterable<Buffer | Uint8Array | string>, pump = new BytePump(source)): AsyncGenerator<TarEntry> {
  let global = new Map<string, string | Buffer>();
  let pax: Map<string, string | Buffer> | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const block = await pump.read(BLOCK);
    if (block.length === 0) return; // tolerate a missing end-of-archive marker
    if (block.length < BLOCK) throw bad('truncated header');
    if (block.every((x) => x === 0)) return;
    if (!checksumOk(block)) throw bad('header checksum mismatch');
    const typeflag = String.fromCharCode(block[156] ?? 0);
    const size = num(block, 124, 12, 'size');
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (size > MAX_META) throw bad('metadata entry too large');
      const data = await pump.read(padded);
      if (data.length < padded) throw bad('truncated metadata entry');
      const body = data.subarray(0, size);
      if (typeflag === 'x') pax = parsePax(body);
      else if (typeflag === 'g') global = new Map([...global, ...parsePax(body)]);
      else {
        const nul = body.indexOf(0);
        const s = body.subarray(0, nul < 0 ? body.length : nul).toString('utf8');
        if (typeflag === 'L') longName = s;
        else longLink = s;
      }
      continue;
    }
    const attrs = new Map([...global, ...(pax ?? new Map<string, string | Buffer>())]);
    const magic = cstr(block, 257, 6);
    const prefix = magic === 'ustar' ? cstr(block, 345, 155) : '';
    let name = cstr(block, 0, 100);
    if (prefix !== '') name = `${prefix}/${name}`;
    if (longName !== undefined) name = longName;
    let linkname = longLink ?? cstr(block, 157, 100);
    const str = (k: string): string | undefined => {
      const v = attrs.get(k);
      return typeof v === 'string' ? v : undefined;
    };
    const paxNum = (k: string, fallback: number): number => {
      const v = str(k);
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw bad(`PAX ${k} is not a number`);
      return n;
    };
    name = str('path') ?? name;
    linkname = str('linkpath') ?? linkname;
    const realSize = paxNum('size', size);
    const xattrs = new Map<string, Buffer>();
    for (const [k, v] of attrs) if (k.startsWith('SCHILY.xattr.') && Buffer.isBuffer(v)) xattrs.set(k.slice('SCHILY.xattr.'.length), v);
    const header: TarHeader = {
      name,
      type: typeOf(typeflag),
      typeflag,
      mode: num(block, 100, 8, 'mode') & 0o7777,
      uid: paxNum('uid', num(block, 108, 8, 'uid')),
      gid: paxNum('gid', num(block, 116, 8, 'gid')),
      size: headerDataSize(typeflag, realSize),
      mtime: paxNum('mtime', num(block, 136, 12, 'mtime')),
      linkname,
      devmajor: magic === 'ustar' ? num(block, 329, 8, 'devmajor') : 0,
      devminor: magic === 'ustar' ? num(block, 337, 8, 'devminor') : 0,
      xattrs,
    };
    pax = undefined;
    longName = undefined;
    longLink = undefined;
    const dataSize = header.size;
    const bodyPadded = Math.ceil(dataSize / BLOCK) * BLOCK;
    let consumed = false;
    const entry: TarEntry = {
      header,
      body: () => {
        if (consumed) throw new OrcError('ORC_INTERNAL', `tar entry ${name} read twice`);
        consumed = true;
        return pump.stream(dataSize);
      },
    };
    yield entry;
    if (!consumed) {
      consumed = true;
      await pump.skip(dataSize);
    }
    // Note: a partially read body would leave the pump misaligned; callers read bodies fully or not at all.
    await pump.skip(bodyPadded - dataSize);
  }
}

function headerDataSize(typeflag: string, size: number): number {
  // hard links, symlinks, dirs and devices carry no data even when size is set (some writers set it for links)
  return typeflag === '1' || typeflag === '2' || typeflag === '5' || typeflag === '3' || typeflag === '4' || typeflag === '6' ? 0 : size;
}
