/**
 * Mounting an image rootfs with overlayfs (`mount -t overlay`, spawned: Node
 * cannot call mount(2)). Lower dirs are passed topmost first.
 */
import { OrcError } from '../../common/errors.js';
import { run } from './layer-applier.js';
import type { OverlaySpec } from './image-store.js';

/** Page-size limit of the mount data the kernel accepts. */
const MAX_OPTIONS = 4000;

function checkPath(p: string): void {
  if (/[,:\\\n]/.test(p)) throw new OrcError('ORC_INVALID_SPEC', `overlay path "${p}" contains a character overlayfs options cannot carry (, : \\)`);
}

export function overlayOptions(spec: OverlaySpec): string {
  if (spec.lowerDirs.length === 0) throw new OrcError('ORC_INVALID_IMAGE', 'an overlay needs at least one lower dir');
  for (const p of [...spec.lowerDirs, spec.upperDir, spec.workDir]) checkPath(p);
  const opts = `lowerdir=${spec.lowerDirs.join(':')},upperdir=${spec.upperDir},workdir=${spec.workDir}`;
  if (opts.length > MAX_OPTIONS) {
    throw new OrcError('ORC_INVALID_IMAGE', `overlay mount options too long (${spec.lowerDirs.length} layers, ${opts.length} bytes)`);
  }
  return opts;
}

export async function mountOverlay(spec: OverlaySpec): Promise<void> {
  checkPath(spec.target);
  await run('mount', ['-t', 'overlay', 'overlay', '-o', overlayOptions(spec), spec.target]);
}

export async function unmountOverlay(target: string): Promise<void> {
  await run('umount', [target]);
}
