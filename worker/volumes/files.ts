/**
 * Secrets and configs as files in a container: the Compose definitions
 * turned into `ContainerFile`s, and those written on the host (atomically,
 * with their owner and mode) for the engine to bind read-only.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fsyncDir } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';
import type { ConfigSpec, SecretSpec, ServiceFileRefSpec } from '../../compose/spec.js';
import type { BindMount, ContainerFile } from './types.js';

export const DEFAULT_FILE_MODE = 0o444;

function checkTarget(f: ContainerFile): string {
  if (!f.target.startsWith('/')) throw new OrcError('ORC_USAGE', `${f.name}: the target "${f.target}" must be an absolute path`);
  const t = posix.normalize(f.target);
  if (t === '/' || t.endsWith('/')) throw new OrcError('ORC_USAGE', `${f.name}: the target "${f.target}" must name a file`);
  return t;
}

function checkId(what: string, f: ContainerFile, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffff_fffe) throw new OrcError('ORC_USAGE', `${f.name}: invalid ${what} ${n}`);
}

/** Writes `tmp` (owner and mode set before any content), fsyncs it and renames it to `path`. */
async function writeOwned(tmp: string, path: string, f: ContainerFile): Promise<void> {
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.chown(f.uid, f.gid);
      await fh.chmod(f.mode);
      await fh.writeFile(f.content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new OrcError('ORC_IO', `${f.name}: cannot write ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Writes each file into `dir` (created 0700; file names from their index and
 * name) with its uid, gid and mode, each replaced atomically; → the bind
 * mounts (read-only) that put them at their targets.
 */
export async function writeContainerFiles(dir: string, files: readonly ContainerFile[]): Promise<BindMount[]> {
  const targets = new Set<string>();
  const out: BindMount[] = [];
  if (files.length === 0) return out;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [i, f] of files.entries()) {
    const destination = checkTarget(f);
    if (targets.has(destination)) throw new OrcError('ORC_USAGE', `${f.name}: another secret or config already has the target ${destination}`);
    targets.add(destination);
    checkId('uid', f, f.uid);
    checkId('gid', f, f.gid);
    if (!Number.isSafeInteger(f.mode) || f.mode < 0 || f.mode > 0o7777) throw new OrcError('ORC_USAGE', `${f.name}: invalid mode ${f.mode.toString(8)}`);
    const source = join(dir, `${i}-${f.name.replace(/[^a-zA-Z0-9_.-]/g, '_')}`);
    await writeOwned(join(dir, `.${i}.tmp`), source, f);
    out.push({ source, destination, readOnly: true });
  }
  await fsyncDir(dir);
  return out;
}

// ── Compose ───────────────────────────────────────────────────────────

export interface FileSources {
  /** The environment `environment:` reads (the project's). */
  env: Readonly<Record<string, string | undefined>>;
}

function numeric(kind: string, source: string, what: string, v: string | undefined): number {
  if (v === undefined || v === '') return 0;
  if (!/^[0-9]+$/.test(v)) throw new OrcError('ORC_INVALID_SPEC', `${kind} "${source}": ${what} "${v}" is not a numeric id`);
  return Number(v);
}

async function content(kind: 'secret' | 'config', key: string, spec: SecretSpec | ConfigSpec, src: FileSources): Promise<Buffer> {
  if (spec.external === true) {
    throw new OrcError('ORC_NOT_FOUND', `${kind} "${key}" is external (${spec.name}): external ${kind}s need a swarm; give it a file, environment or content instead`);
  }
  if (spec.file !== undefined) {
    try {
      return await readFile(spec.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new OrcError('ORC_NOT_FOUND', `${kind} "${key}": file ${spec.file} does not exist`, { cause: e });
      throw new OrcError('ORC_IO', `${kind} "${key}": cannot read ${spec.file}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (spec.environment !== undefined) {
    const v = src.env[spec.environment];
    if (v === undefined) throw new OrcError('ORC_NOT_FOUND', `${kind} "${key}": environment variable ${spec.environment} is not set`);
    return Buffer.from(v);
  }
  if (spec.content !== undefined) return Buffer.from(spec.content);
  throw new OrcError('ORC_INVALID_SPEC', `${kind} "${key}" has none of file, environment or content`);
}

function fileOf(kind: 'secret' | 'config', ref: ServiceFileRefSpec, data: Buffer): ContainerFile {
  let target: string;
  const t = ref.target;
  if (kind === 'secret') target = t === undefined || t === '' ? `/run/secrets/${ref.source}` : t.startsWith('/') ? t : `/run/secrets/${t}`;
  else target = t === undefined || t === '' ? `/${ref.source}` : t.startsWith('/') ? t : `/${t}`;
  return {
    name: ref.source,
    target: posix.normalize(target),
    content: data,
    uid: numeric(kind, ref.source, 'uid', ref.uid),
    gid: numeric(kind, ref.source, 'gid', ref.gid),
    mode: ref.mode ?? DEFAULT_FILE_MODE,
  };
}

/** A service's `secrets:` entry → the file (default target /run/secrets/<source>; a relative target goes under /run/secrets). */
export async function secretFile(secrets: Readonly<Record<string, SecretSpec>>, ref: ServiceFileRefSpec, src: FileSources): Promise<ContainerFile> {
  const spec = secrets[ref.source];
  if (spec === undefined) throw new OrcError('ORC_NOT_FOUND', `secret "${ref.source}" is not defined in the project's top-level secrets`);
  return fileOf('secret', ref, await content('secret', ref.source, spec, src));
}

/** A service's `configs:` entry → the file (default target /<source>). */
export async function configFile(configs: Readonly<Record<string, ConfigSpec>>, ref: ServiceFileRefSpec, src: FileSources): Promise<ContainerFile> {
  const spec = configs[ref.source];
  if (spec === undefined) throw new OrcError('ORC_NOT_FOUND', `config "${ref.source}" is not defined in the project's top-level configs`);
  return fileOf('config', ref, await content('config', ref.source, spec, src));
}
