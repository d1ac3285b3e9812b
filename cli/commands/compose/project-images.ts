/**
 * `orc compose images` (the images the project's containers use) and
 * `orc compose pull` (each service's image, by its pull policy; services that
 * only have `build` are skipped).
 */
import { Command, Option } from 'commander';
import type { ServiceSpec } from '../../../compose/index.js';
import { OrcError } from '../../../common/errors.js';
import type { ContainerSummary, DockerImageInspect, OrcClient } from '../../client/index.js';
import { table, withClient } from '../../engine-client.js';
import type { Io } from '../../io.js';
import { storedAuth } from '../images.js';
import { humanSize } from '../stats.js';
import { addProjectFlags, byName, checkServices, containerName, listProject, resolveProject } from './project-scope.js';

/** `registry/name:tag` → [name, tag]; a digest reference has no tag; `docker.io/library/` is left out, as Docker's familiar names. */
export function repositoryAndTag(image: string): [string, string] {
  let name = image;
  let tag = '';
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  else {
    const colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.slice(colon + 1);
      name = name.slice(0, colon);
    }
  }
  name = name.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
  return [name, tag];
}

export interface ImageRow {
  container: string;
  id: string;
  repository: string;
  tag: string;
  platform: string;
  size: number;
  created?: string;
}

async function imageRow(c: OrcClient, x: ContainerSummary): Promise<ImageRow> {
  const [repository, tag] = repositoryAndTag(x.image);
  let img: DockerImageInspect | undefined;
  try {
    img = await c.inspectImage(x.image);
  } catch (e) {
    if (!(e instanceof OrcError && e.code === 'ORC_NOT_FOUND')) throw e;
  }
  if (img === undefined) return { container: containerName(x), id: x.imageId, repository, tag, platform: '', size: 0 };
  return {
    container: containerName(x),
    id: img.Id,
    repository,
    tag,
    platform: `${img.Os}/${img.Architecture}${img.Variant !== undefined && img.Variant !== '' ? `/${img.Variant}` : ''}`,
    size: img.Size,
    ...(img.Created !== '' ? { created: img.Created } : {}),
  };
}

export function imagesTable(rows: readonly ImageRow[]): string {
  const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);
  return table(
    ['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'],
    rows.map((r) => [r.container, r.repository === '' ? '<none>' : r.repository, r.tag === '' ? '<none>' : r.tag, short(r.id), humanSize(r.size)]),
  );
}

export function imagesCommand(io: Io): Command {
  const cmd = new Command('images')
    .description('List the images used by the created containers')
    .argument('[service...]', 'only these services')
    .option('-q, --quiet', 'only display IDs')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'));
  addProjectFlags(cmd);
  cmd.action(async (services: string[], f: { quiet?: boolean; format: string }, self: Command) => {
    const ref = await resolveProject(self, io, 'name');
    const rows = await withClient(self, async (c) => {
      const list = byName(await listProject(c, ref.name, { oneOff: 'include', services }));
      return Promise.all(list.map((x) => imageRow(c, x)));
    });
    if (f.quiet === true) {
      io.out([...new Set(rows.map((r) => r.id.replace(/^[^:]*:/, '')))].map((id) => `${id}\n`).join(''));
      return;
    }
    if (f.format === 'json') {
      io.out(`${JSON.stringify(rows.map((r) => ({
        ID: r.id, ContainerName: r.container, Repository: r.repository, Tag: r.tag, Platform: r.platform, Size: r.size, ...(r.created !== undefined ? { Created: r.created } : {}),
      })))}\n`);
      return;
    }
    io.out(imagesTable(rows));
  });
  return cmd;
}

/** Why a service's image is not pulled (undefined: it is), by its pull_policy as Compose decides. */
export async function skipPull(service: ServiceSpec, present: (image: string) => Promise<boolean>, ignoreBuildable: boolean): Promise<string | undefined> {
  if (service.image === undefined || service.image === '') return 'No image to be pulled';
  if (service.build !== undefined && ignoreBuildable) return 'Image can be built';
  const policy = service.pull_policy ?? '';
  if (policy === 'never' || policy === 'build') return 'Pull policy';
  if (policy === 'missing' || policy === 'if_not_present') {
    if (repositoryAndTag(service.image)[1] !== 'latest' && (await present(service.image))) return 'Image is already present locally';
  }
  return undefined;
}

interface PullFlags {
  quiet?: boolean;
  ignorePullFailures?: boolean;
  ignoreBuildable?: boolean;
  includeDeps?: boolean;
}

export function pullCommand(io: Io): Command {
  const cmd = new Command('pull')
    .description('Pull service images')
    .argument('[service...]', 'only these services')
    .option('-q, --quiet', 'pull without printing progress information')
    .option('--ignore-pull-failures', 'pull what it can and ignore images with pull failures')
    .option('--ignore-buildable', 'ignore images that can be built')
    .option('--include-deps', 'also pull the services named ones depend on');
  addProjectFlags(cmd);
  cmd.action(async (named: string[], f: PullFlags, self: Command) => {
    const ref = await resolveProject(self, io, 'project');
    checkServices(ref, named);
    const spec = ref.spec;
    if (spec === undefined) return;
    let chosen = named.length > 0 ? [...named] : Object.keys(spec.services);
    if (f.includeDeps === true && named.length > 0) {
      const needed = new Set(chosen);
      const visit = (s: string): void => {
        for (const d of Object.keys(spec.services[s]?.depends_on ?? {})) if (!needed.has(d)) needed.add(d), visit(d);
      };
      for (const s of chosen) visit(s);
      chosen = [...needed];
    }
    const say = (text: string): void => {
      if (f.quiet !== true) io.err(` ${text}\n`);
    };
    await withClient(self, async (c) => {
      const present = async (image: string): Promise<boolean> => c.inspectImage(image).then(() => true, () => false);
      const scheduled = new Map<string, { name: string; service: ServiceSpec }>();
      for (const name of chosen.sort()) {
        const service = spec.services[name];
        if (service === undefined) continue; // declared, but not enabled by a profile
        const why = await skipPull(service, present, f.ignoreBuildable === true);
        if (why !== undefined) say(`${service.image !== undefined ? `Image ${service.image}` : name}  Skipped - ${why}`);
        else if (service.image !== undefined && !scheduled.has(service.image)) scheduled.set(service.image, { name, service });
      }
      const results = await Promise.allSettled([...scheduled].map(async ([image, { name, service }]) => {
        say(`Image ${image}  Pulling`);
        try {
          const auth = await storedAuth(image);
          for await (const _ of c.pull(image, { ...(service.platform !== undefined ? { platform: service.platform } : {}), ...(auth !== undefined ? { auth } : {}) })) void _;
        } catch (e) {
          say(`Image ${image}  Error ${(e as Error).message}`);
          // an image that can be built is only a warning
          if (service.build !== undefined) {
            io.err(`WARNING: Some service image(s) must be built from source by running:\n    orc compose build ${name}\n`);
            return;
          }
          throw e;
        }
        say(`Image ${image}  Pulled`);
      }));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined && f.ignorePullFailures !== true) throw failed.reason;
    });
  });
  return cmd;
}
