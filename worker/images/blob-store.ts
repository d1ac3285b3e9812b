/**
 * The content-addressed blob store: `<root>/images/blobs/sha256/<hex>` in the
 * OCI image layout. A blob is written to a temporary file while it is hashed
 * and renamed into place only when its sha256 is the expected one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, unlink, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { fsyncDir, writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';
import { isDigest } from './reference.js';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function digestOf(data: Buffer | string): string {
  return `sha256:${sha256Hex(data)}`;
}

export function digestHex(digest: string): string {
  if (!isDigest(digest)) throw new OrcError('ORC_INVALID_IMAGE', `unsupported or malformed digest "${digest}"`);
  return digest.slice('sha256:'.length);
}

export function ioError(what: string, path: string, e: unknown): OrcError {
  const msg = e instanceof Error ? e.message : String(e);
  return new OrcError('ORC_IO', `${what} ${path}: ${msg}`, { cause: e });
}

export function tmpName(prefix = ''): string {
  return `${prefix}${process.pid}-${randomBytes(6).toString('hex')}`;
}


/** Hashes everything that flows through it. */
export class HashingStream extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

export interface BlobInfo {
  digest: string;
  size: number;
}

export class BlobStore {
  readonly dir: string;
  readonly tmpDir: string;

  constructor(readonly imagesRoot: string) {
    this.dir = join(imagesRoot, 'blobs', 'sha256');
    this.tmpDir = join(imagesRoot, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  path(digest: string): string {
    return join(this.dir, digestHex(digest));
  }

  async has(digest: string): Promise<boolean> {
    try {
      return (await stat(this.path(digest))).isFile();
    } catch {
      return false;
    }
  }

  async size(digest: string): Promise<number> {
    try {
      return (await stat(this.path(digest))).size;
    } catch (e) {
      throw new OrcError('ORC_NOT_FOUND', `blob ${digest} is not in the store`, { cause: e });
    }
  }

  async read(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.path(digest));
    } catch (e) {
      throw new OrcError('ORC_NOT_FOUND', `blob ${digest} is not in the store`, { cause: e });
    }
  }

  async readJson(digest: string): Promise<unknown> {
    const data = await this.read(digest);
    try {
      return JSON.parse(data.toString('utf8')) as unknown;
    } catch (e) {
      throw new OrcError('ORC_INVALID_IMAGE', `blob ${digest} is not valid JSON`, { cause: e });
    }
  }

  openRead(digest: string): NodeJS.ReadableStream {
    return createReadStream(this.path(digest));
  }

  /** Stores bytes already in memory; verifies `expected` when given. */
  async put(data: Buffer | string, expected?: string): Promise<BlobInfo> {
    const digest = digestOf(data);
    if (expected !== undefined && expected !== digest) throw mismatch('data', expected, digest);
    if (await this.has(digest)) return { digest, size: Buffer.byteLength(data) };
    await writeFileAtomic(this.path(digest), data, { tmpDir: this.tmpDir });
    return { digest, size: Buffer.byteLength(data) };
  }

  /**
   * Streams `source` into the store. With `expected`, a mismatch throws
   * ORC_DIGEST_MISMATCH and leaves nothing behind.
   */
  async write(source: NodeJS.ReadableStream | AsyncIterable<Buffer>, expected?: string): Promise<BlobInfo> {
    if (expected !== undefined) digestHex(expected);
    const tmp = join(this.tmpDir, tmpName('blob-'));
    const hasher = new HashingStream();
    try {
      const out = createWriteStream(tmp, { flags: 'wx', mode: 0o644 });
      await pipeline(source, hasher, out);
      const digest = `sha256:${hasher.hash.digest('hex')}`;
      if (expected !== undefined && digest !== expected) throw mismatch('stream', expected, digest);
      await this.commitFile(tmp, digest);
      return { digest, size: hasher.size };
    } catch (e) {
      await rm(tmp, { force: true });
      if (e instanceof OrcError) throw e;
      throw ioError('cannot store blob from', 'stream', e);
    }
  }

  /** Moves an already-hashed file (on the same filesystem) into place; fsyncs it first. */
  async commitFile(file: string, digest: string): Promise<void> {
    const fh = await open(file, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const target = this.path(digest);
    if (await this.has(digest)) {
      await unlink(file);
      return;
    }
    await rename(file, target);
    await fsyncDir(this.dir);
  }

  async delete(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }
}

export function mismatch(what: string, expected: string, actual: string): OrcError {
  return new OrcError('ORC_DIGEST_MISMATCH', `digest mismatch for ${what}: expected ${expected}, got ${actual}`);
}

/** sha256 of a file on disk. */
export async function hashFile(path: string): Promise<BlobInfo> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    h.update(b);
    size += b.length;
  }
  return { digest: `sha256:${h.digest('hex')}`, size };
}

export { fsyncDir, writeFileAtomic };
