/**
 * Docker's `local` volume driver options: `type`, `o` and `device` are given
 * to mount(8) (`mount -t TYPE -o O DEVICE _data`); `type=none,o=bind,device=DIR`
 * binds an existing host directory; `type=tmpfs` needs no device. Also the
 * mount table lookups and unmounting the volumes folder needs.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { OrcError } from '../../common/errors.js';

const VALID = ['type', 'o', 'device'];
/** Docker's mandatory pairs: an option needs the other. */
const REQUIRES: Record<string, string> = { device: 'type', type: 'device', o: 'device' };

/** Checks the options as Docker's local driver does; throws ORC_USAGE. */
export function validateLocalOptions(opts: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(opts)) {
    if (key === 'size') throw new OrcError('ORC_USAGE', 'volume option "size": quota size requested but no quota support (the local driver has none here)');
    if (!VALID.includes(key)) throw new OrcError('ORC_USAGE', `invalid option key: "${key}" (the local driver takes type, o and device)`);
  }
  for (const [key, needed] of Object.entries(REQUIRES)) {
    if (opts[key] === undefined || opts[needed] !== undefined) continue;
    // tmpfs needs no device (Docker asks for device=tmpfs; it is the default here).
    if (needed === 'device' && opts['type'] === 'tmpfs') continue;
    throw new OrcError('ORC_USAGE', `missing required option: "${needed}" (given with "${key}")`);
  }
}

/** True when the options ask for a mount on `_data` (else `_data` is a plain folder). */
export function needsMount(opts: Readonly<Record<string, string>>): boolean {
  return opts['type'] !== undefined || opts['device'] !== undefined;
}

function isBind(opts: Readonly<Record<string, string>>): boolean {
  return (opts['o'] ?? '').split(',').some((o) => o === 'bind' || o === 'rbind');
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile(cmd, args, (err, _out, stderr) => {
      if (err === null) done();
      else fail(new Error((stderr.trim() || err.message).replace(/\s+/g, ' ')));
    });
  });
}

/** Mounts the volume's filesystem on `target` (its `_data`). */
export async function mountLocal(name: string, opts: Readonly<Record<string, string>>, target: string): Promise<void> {
  const type = opts['type'] ?? 'none';
  const device = opts['device'] ?? (type === 'tmpfs' ? 'tmpfs' : '');
  if (isBind(opts)) {
    let st;
    try {
      st = statSync(device);
    } catch {
      throw new OrcError('ORC_NOT_FOUND', `volume ${name}: failed to mount local volume: the bind device ${device} does not exist on the host (create it, or change the volume's device option)`);
    }
    if (!st.isDirectory() && !st.isFile()) throw new OrcError('ORC_USAGE', `volume ${name}: the bind device ${device} is neither a directory nor a file`);
  }
  const args = ['-t', type, ...(opts['o'] !== undefined && opts['o'] !== '' ? ['-o', opts['o']] : []), device, target];
  try {
    await run('mount', args);
  } catch (e) {
    throw new OrcError('ORC_IO', `volume ${name}: failed to mount local volume: mount ${args.join(' ')}: ${(e as Error).message}`, { cause: e });
  }
}

function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Mount points in this mount namespace equal to `path` or under it. */
export function mountsUnder(path: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m): m is string => m !== undefined)
    .map(unescape)
    .filter((m) => m === path || m.startsWith(`${path}/`));
}

export function isMounted(path: string): boolean {
  return mountsUnder(path).includes(path);
}

/** Unmounts everything on and under `path` (deepest first; lazily when busy). Throws ORC_IO when something stays. */
export async function unmountAll(path: string): Promise<void> {
  for (const m of mountsUnder(path).sort((a, b) => b.length - a.length)) {
    try {
      await run('umount', [m]);
    } catch {
      await run('umount', ['-l', m]).catch(() => undefined);
    }
  }
  const left = mountsUnder(path);
  if (left.length > 0) throw new OrcError('ORC_IO', `cannot unmount ${left.join(', ')}: unmount it by hand, then retry`);
}
