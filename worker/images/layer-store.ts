/**
 * Unpacked layers, one directory per ChainID: `<root>/layers/<hex>/diff`
 * (the overlay lower dir) and `<hex>/layer.json`. A layer is extracted into
 * `<root>/layers/tmp/<random>/` and renamed into place whole, so a reader
 * never sees half a layer and two concurrent unpackers of one ChainID leave
 * exactly one copy (the loser discards its own). Blobs may be plain, gzip or
 * zstd (told apart by their magic bytes).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { OrcError } from '../../common/errors.js';
import { digestHex, mismatch, tmpName, writeFileAtomic } from './blob-store.js';
import { LayerApplier, run } from './layer-applier.js';
import { BytePump, readTar } from './tar-reader.js';

/** `chainID(L1) = diffID(L1)`, `chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln))`. */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  let prev: string | undefined;
  for (const d of diffIds) {
    prev = prev === undefined ? d : `sha256:${createHash('sha256').update(`${prev} ${d}`).digest('hex')}`;
    out.push(prev);
  }
  return out;
}

export type Compression = 'none' | 'gzip' | 'zstd';

/** Looks at the magic bytes of a file. */
export async function detectCompression(file: string): Promise<Compression> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 4, 0);
    if (bytesRead >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
    if (bytesRead === 4 && b.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await fh.close();
  }
}

/**
 * The uncompressed content of a zstd file: Node's zlib has no zstd, so it is
 * streamed through `zstd -dc` (Debian's `zstd`). A stream zstd refuses ends in
 * ORC_INVALID_IMAGE carrying zstd's own message; the child is killed when the
 * reader stops early.
 */
async function* zstdDecompressed(file: string): AsyncGenerator<Buffer> {
  const child = spawn('zstd', ['-dcq', '--no-progress', '--', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  let spawnError: Error | undefined;
  const closed = new Promise<number | null>((resolve) => {
    child.once('error', (e) => {
      spawnError = e;
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await closed;
    if (spawnError !== undefined) {
      throw new OrcError('ORC_INVALID_IMAGE', `cannot decompress zstd layer ${file}: zstd could not be run (${spawnError.message}; apt-get install zstd)`, { cause: spawnError });
    }
    if (code !== 0) {
      const why = stderr.trim().split('\n').pop() ?? '';
      throw new OrcError('ORC_INVALID_IMAGE', `layer ${file} is not a valid zstd stream${why !== '' ? ` (${why})` : ''}`);
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** A readable of the uncompressed tar stream in `file` (plain, gzip or zstd, by magic). */
export async function openUncompressed(file: string): Promise<AsyncIterable<Buffer>> {
  const c = await detectCompression(file);
  if (c === 'zstd') return zstdDecompressed(file);
  const raw = createReadStream(file);
  if (c === 'none') return raw;
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/** sha256 of the uncompressed content of a (possibly gzip- or zstd-compressed) file. */
export async function uncompressedDigest(file: string): Promise<string> {
  const h = createHash('sha256');
  try {
    for await (const chunk of await openUncompressed(file)) h.update(chunk);
  } catch (e) {
    if (e instanceof OrcError) throw e;
    throw new OrcError('ORC_INVALID_IMAGE', `cannot decompress layer ${file}: ${(e as Error).message}`, { cause: e });
  }
  return `sha256:${h.digest('hex')}`;
}

export interface LayerRecord {
  chainId: string;
  diffId: string;
  parent: string | null;
}

export class LayerStore {
  readonly dir: string;
  readonly tmpDir: string;
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(dataRoot: string) {
    this.dir = join(dataRoot, 'layers');
    this.tmpDir = join(this.dir, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
  }

  diffDir(chainId: string): string {
    return join(this.dir, digestHex(chainId), 'diff');
  }

  async has(chainId: string): Promise<boolean> {
    try {
      await stat(join(this.dir, digestHex(chainId), 'layer.json'));
      return true;
    } catch {
      return false;
    }
  }

  /** Unpacks `blobFile` as layer `chainId` unless it is already there. */
  async ensure(rec: LayerRecord, blobFile: string): Promise<void> {
    if (await this.has(rec.chainId)) return;
    const running = this.inflight.get(rec.chainId);
    if (running !== undefined) return running;
    const p = this.unpack(rec, blobFile).finally(() => this.inflight.delete(rec.chainId));
    this.inflight.set(rec.chainId, p);
    return p;
  }

  /** Names of temp dirs this instance is writing, so prune leaves them alone. */
  readonly activeTmp = new Set<string>();

  private async unpack(rec: LayerRecord, blobFile: string): Promise<void> {
    const name = tmpName('layer-');
    const tmp = join(this.tmpDir, name);
    const diff = join(tmp, 'diff');
    this.activeTmp.add(name);
    try {
      await mkdir(diff, { recursive: true, mode: 0o755 });
      const h = createHash('sha256');
      const source = await openUncompressed(blobFile);
      async function* hashed(): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
          h.update(chunk);
          yield chunk;
        }
      }
      const src = hashed();
      const pump = new BytePump(src);
      try {
        await new LayerApplier(diff).apply(readTar(src, pump));
        await pump.drain();
      } catch (e) {
        if (e instanceof OrcError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_INVALID_ARG_TYPE') {
          throw new OrcError('ORC_INVALID_IMAGE', `layer ${rec.diffId} is not a valid gzip stream`, { cause: e });
        }
        throw new OrcError('ORC_IO', `cannot unpack layer ${rec.diffId}: ${(e as Error).message}`, { cause: e });
      }
      const actual = `sha256:${h.digest('hex')}`;
      if (actual !== rec.diffId) throw mismatch(`layer (uncompressed)`, rec.diffId, actual);
      await writeFileAtomic(join(tmp, 'layer.json'), `${JSON.stringify(rec)}\n`);
      await run('sync', ['-f', tmp]);
      const final = join(this.dir, digestHex(rec.chainId));
      try {
        await rename(tmp, final);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await this.has(rec.chainId))) {
          await rm(tmp, { recursive: true, force: true });
          return; // someone else unpacked it first
        }
        throw e;
      }
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      if (e instanceof OrcError) throw e;
      throw new OrcError('ORC_IO', `cannot unpack layer ${rec.diffId}: ${(e as Error).message}`, { cause: e });
    } finally {
      this.activeTmp.delete(name);
    }
  }

  async read(chainId: string): Promise<LayerRecord> {
    const raw = await readFile(join(this.dir, digestHex(chainId), 'layer.json'), 'utf8');
    return JSON.parse(raw) as LayerRecord;
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }

  /** Removes a layer: renamed aside first so a half-deleted layer is never visible under its ChainID. */
  async delete(chainId: string): Promise<void> {
    const final = join(this.dir, digestHex(chainId));
    const aside = join(this.tmpDir, tmpName('rm-'));
    try {
      await rename(final, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    await rm(aside, { recursive: true, force: true });
  }

  /** Removes leftovers of crashed unpacks (not the ones running in this process). */
  async cleanTmp(): Promise<void> {
    for (const n of await readdir(this.tmpDir)) {
      if (!this.activeTmp.has(n)) await rm(join(this.tmpDir, n), { recursive: true, force: true });
    }
  }
}
