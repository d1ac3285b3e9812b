/**
 * Applies one layer tar to an empty directory in the form overlayfs wants:
 * `.wh.NAME` → a 0/0 character device NAME, `.wh..wh..opq` → the
 * `trusted.overlay.opaque=y` xattr on its directory.
 *
 * Safety: names are relative and free of `..`; every parent component is
 * checked with lstat (a symlink or non-directory parent is an error, so a
 * write never goes through a symlink); files are created with
 * O_EXCL|O_NOFOLLOW after removing whatever was there; hard links must point
 * at a file already extracted from this layer; device nodes and fifos are
 * refused. Errors name the entry.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { chmod, chown, lchown, link, lstat, lutimes, mkdir, open, rm, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { OrcError } from '../../common/errors.js';
import type { TarEntry, TarHeader } from './tar-reader.js';

const WH_PREFIX = '.wh.';
const WH_OPAQUE = '.wh..wh..opq';

function unsafe(entry: string, why: string): OrcError {
  return new OrcError('ORC_UNSAFE_LAYER', `unsafe layer entry "${entry}": ${why}`);
}

/** Splits a tar member name into safe components; [] is the layer root itself. */
export function safeComponents(name: string, entry: string = name): string[] {
  if (name.includes('\0')) throw unsafe(entry, 'NUL byte in name');
  if (name.startsWith('/')) throw unsafe(entry, 'absolute path');
  const out: string[] = [];
  for (const c of name.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') throw unsafe(entry, '".." component');
    out.push(c);
  }
  return out;
}

export function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', (e) => reject(new OrcError('ORC_IO', `cannot run ${cmd}: ${e.message}`, { cause: e })));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new OrcError('ORC_IO', `${cmd} ${args.join(' ')} failed (exit ${String(code)}): ${err.trim()}`));
    });
  });
}

const canChown = typeof process.getuid === 'function' && process.getuid() === 0;

async function lstatOrNull(p: string): Promise<Awaited<ReturnType<typeof lstat>> | null> {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export interface ApplyStats {
  entries: number;
  whiteouts: number;
  opaque: number;
}

export class LayerApplier {
  /** Relative paths of directories verified by lstat in this layer. */
  private readonly dirs = new Set<string>(['']);
  private readonly dirTimes: Array<{ rel: string; mtime: number }> = [];
  readonly stats: ApplyStats = { entries: 0, whiteouts: 0, opaque: 0 };

  constructor(private readonly root: string) {}

  private abs(comps: string[]): string {
    return comps.length === 0 ? this.root : join(this.root, ...comps);
  }

  /** Makes sure every component of `comps` is a real directory inside the root, creating missing ones. */
  private async ensureDirs(comps: string[], entry: string): Promise<void> {
    for (let i = 1; i <= comps.length; i++) {
      const rel = comps.slice(0, i).join('/');
      if (this.dirs.has(rel)) continue;
      const p = this.abs(comps.slice(0, i));
      const st = await lstatOrNull(p);
      if (st === null) {
        await mkdir(p, { mode: 0o755 });
      } else if (st.isSymbolicLink()) {
        throw unsafe(entry, `parent "${rel}" is a symlink; writing through it could leave the layer`);
      } else if (!st.isDirectory()) {
        throw unsafe(entry, `parent "${rel}" is not a directory`);
      }
      this.dirs.add(rel);
    }
  }

  /** Removes whatever is at `comps` (never following a symlink) and forgets directories below it. */
  private async clear(comps: string[], keepDir: boolean): Promise<boolean> {
    const p = this.abs(comps);
    const st = await lstatOrNull(p);
    if (st === null) return false;
    if (keepDir && st.isDirectory()) return true;
    await rm(p, { recursive: true, force: true });
    const rel = comps.join('/');
    for (const d of [...this.dirs]) if (d === rel || d.startsWith(`${rel}/`)) this.dirs.delete(d);
    return false;
  }

  private async setOwner(p: string, h: TarHeader, isLink: boolean): Promise<void> {
    if (!canChown) return;
    if (isLink) await lchown(p, h.uid, h.gid);
    else await chown(p, h.uid, h.gid);
  }

  async apply(entries: AsyncIterable<TarEntry>): Promise<ApplyStats> {
    for await (const e of entries) {
      await this.entry(e);
      this.stats.entries++;
    }
    await this.finish();
    return this.stats;
  }

  private async entry(e: TarEntry): Promise<void> {
    const h = e.header;
    const comps = safeComponents(h.name);
    const base = comps[comps.length - 1];
    if (base === undefined) {
      // the layer root itself ("./")
      if (h.type !== 'dir') throw unsafe(h.name, 'the layer root must be a directory');
      await chmod(this.root, h.mode);
      await this.setOwner(this.root, h, false);
      this.dirTimes.push({ rel: '', mtime: h.mtime });
      return;
    }
    const parent = comps.slice(0, -1);
    await this.ensureDirs(parent, h.name);
    const path = this.abs(comps);

    if (base === WH_OPAQUE) {
      await run('setfattr', ['-h', '-n', 'trusted.overlay.opaque', '-v', 'y', this.abs(parent)]);
      this.stats.opaque++;
      return;
    }
    if (base.startsWith(WH_PREFIX)) {
      const victim = base.slice(WH_PREFIX.length);
      if (victim === '' || victim === '.' || victim === '..') throw unsafe(h.name, 'whiteout without a name');
      await this.whiteout([...parent, victim]);
      return;
    }

    switch (h.type) {
      case 'dir': {
        const existed = await this.clear(comps, true);
        if (!existed) await mkdir(path, { mode: 0o700 });
        const st = await lstat(path);
        if (!st.isDirectory()) throw unsafe(h.name, 'directory was replaced while extracting');
        await this.setOwner(path, h, false);
        await chmod(path, h.mode);
        this.dirs.add(comps.join('/'));
        this.dirTimes.push({ rel: comps.join('/'), mtime: h.mtime });
        return;
      }
      case 'file': {
        await this.clear(comps, false);
        const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        try {
          for await (const chunk of e.body()) await fh.write(chunk);
          if (canChown) await fh.chown(h.uid, h.gid);
          await fh.chmod(h.mode);
          await fh.utimes(h.mtime, h.mtime);
        } finally {
          await fh.close();
        }
        return;
      }
      case 'symlink': {
        if (h.linkname.includes('\0')) throw unsafe(h.name, 'NUL byte in link target');
        await this.clear(comps, false);
        await symlink(h.linkname, path);
        await this.setOwner(path, h, true);
        await lutimes(path, h.mtime, h.mtime);
        return;
      }
      case 'link': {
        if (h.linkname.startsWith('/')) throw unsafe(h.name, `hard link to absolute path "${h.linkname}"`);
        const target = safeComponents(h.linkname, h.name);
        if (target.length === 0) throw unsafe(h.name, 'hard link to the layer root');
        // the target's parents must be real directories of this layer, the target a file or symlink already extracted
        for (let i = 1; i < target.length; i++) {
          const st = await lstatOrNull(this.abs(target.slice(0, i)));
          if (st === null || !st.isDirectory()) throw unsafe(h.name, `hard link target "${h.linkname}" is not inside this layer`);
        }
        const tpath = this.abs(target);
        const tst = await lstatOrNull(tpath);
        if (tst === null) throw unsafe(h.name, `hard link target "${h.linkname}" is not in this layer`);
        if (!tst.isFile() && !tst.isSymbolicLink()) throw unsafe(h.name, `hard link target "${h.linkname}" is not a regular file`);
        if (target.join('/') === comps.join('/')) return;
        await this.clear(comps, false);
        await link(tpath, path);
        return;
      }
      case 'char':
        if (h.devmajor === 0 && h.devminor === 0) {
          // an overlay-style whiteout carried as a device
          await this.whiteout(comps);
          return;
        }
        throw unsafe(h.name, `character device ${h.devmajor}:${h.devminor} refused`);
      case 'block':
        throw unsafe(h.name, `block device ${h.devmajor}:${h.devminor} refused`);
      case 'fifo':
        throw unsafe(h.name, 'fifo refused');
      default:
        throw new OrcError('ORC_INVALID_IMAGE', `layer entry "${h.name}" has unsupported tar type "${h.typeflag}"`);
    }
  }

  private async whiteout(comps: string[]): Promise<void> {
    await this.clear(comps, false);
    await run('mknod', ['-m', '000', this.abs(comps), 'c', '0', '0']);
    this.stats.whiteouts++;
  }

  /** True when every component of `rel` is a directory (not a symlink) inside the root. */
  private async isRealDir(rel: string): Promise<boolean> {
    const comps = rel === '' ? [] : rel.split('/');
    for (let i = 1; i <= comps.length; i++) {
      const st = await lstatOrNull(this.abs(comps.slice(0, i)));
      if (st === null || !st.isDirectory()) return false;
    }
    return true;
  }

  /** Directory mtimes last (children change them), deepest first; skips anything no longer a directory. */
  private async finish(): Promise<void> {
    const seen = new Set<string>();
    for (const { rel, mtime } of [...this.dirTimes].reverse().sort((a, b) => b.rel.length - a.rel.length)) {
      if (seen.has(rel)) continue;
      seen.add(rel);
      if (!(await this.isRealDir(rel))) continue;
      await utimes(rel === '' ? this.root : join(this.root, rel), mtime, mtime);
    }
  }
}
