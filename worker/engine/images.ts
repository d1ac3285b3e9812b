/**
 * Image operations that depend on the containers: an image a container uses
 * keeps its layers (they are the lower dirs of the container's mounted
 * overlay), so `rmi` and `image prune` consult the container list first, as
 * Docker does.
 */
import { OrcError } from '../../common/errors.js';
import { normaliseTag, type PruneResult, type RemoveResult } from '../images/index.js';
import type { Engine } from './engine.js';

function tagOf(ref: string): string | undefined {
  try {
    return normaliseTag(ref);
  } catch {
    return undefined;
  }
}

/**
 * `orc rmi`: removing one of several tags is always allowed; removing an
 * image a container uses needs `force`, and then only untags it (it stays as
 * a dangling image until the container goes); an image a running container
 * uses cannot be removed even with `force`.
 */
export async function removeImage(engine: Engine, ref: string, opts: { force?: boolean } = {}): Promise<RemoveResult> {
  const image = await engine.images.inspect(ref);
  return emitRemoval(engine, image.id, await removeChecked(engine, image, ref, opts));
}

/** Docker's image events of a removal: `untag` per tag and `delete` when the image is gone, both by image ID. */
function emitRemoval(engine: Engine, id: string, r: RemoveResult): RemoveResult {
  for (const tag of r.untagged) engine.events.emit('image', 'untag', { ID: id, Attributes: { name: tag } });
  if (r.deletedImages.length > 0) engine.events.emit('image', 'delete', { ID: id, Attributes: { name: id } });
  return r;
}

async function removeChecked(engine: Engine, image: { id: string; repoTags: string[] }, ref: string, opts: { force?: boolean }): Promise<RemoveResult> {
  const users = engine.list({ all: true }).filter((c) => c.ImageID === image.id);
  const first = users[0];
  if (first === undefined) return engine.images.remove(ref, { force: opts.force === true });
  const tag = tagOf(ref);
  if (tag !== undefined && image.repoTags.length > 1 && image.repoTags.some((t) => tagOf(t) === tag)) return engine.images.remove(ref);
  const more = users.length > 1 ? ` and ${users.length - 1} more` : '';
  if (opts.force !== true) {
    throw new OrcError('ORC_CONFLICT', `unable to remove image ${ref}: container ${first.Id.slice(0, 12)}${more} uses it (must force; remove the container${users.length > 1 ? 's' : ''} first to delete it)`);
  }
  const running = users.find((c) => c.State === 'running');
  if (running !== undefined) {
    throw new OrcError('ORC_CONFLICT', `unable to delete image ${ref} (cannot be forced): running container ${running.Id.slice(0, 12)} uses it`);
  }
  return engine.images.remove(ref, { force: true, untagOnly: true });
}

/** `orc image prune [-a]`: dangling images (with `all`, every image) that no container uses. */
export async function pruneImages(engine: Engine, opts: { all?: boolean } = {}): Promise<PruneResult> {
  const keepIds = new Set(engine.list({ all: true }).map((c) => c.ImageID));
  const r = await engine.images.prune({ all: opts.all === true, keepIds });
  for (const i of r.images) emitRemoval(engine, i.id, { untagged: i.untagged, deletedImages: [i.digest], deletedBlobs: 0, deletedLayers: 0 });
  return r;
}
