/**
 * `docker image inspect`'s document for an image of the store: Docker's field
 * names, the image's own `config` section as it is in the config blob (with
 * Docker's zero values for the fields it always prints), RootFS from the
 * DiffIDs, RepoDigests for images pulled from a registry.
 */
import type { ImageStore } from './image-store.js';
import { familiarName } from './reference.js';

export interface DockerImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  DockerVersion: string;
  Author: string;
  Config: Record<string, unknown>;
  Architecture: string;
  Variant?: string;
  Os: string;
  Size: number;
  GraphDriver: { Name: 'overlay'; Data: null };
  RootFS: { Type: 'layers'; Layers: string[] };
  Metadata: { LastTagTime: string };
}

/** Fields Docker prints even when the image leaves them out, with its zero values. */
const ALWAYS: Record<string, unknown> = {
  Hostname: '',
  Domainname: '',
  User: '',
  AttachStdin: false,
  AttachStdout: false,
  AttachStderr: false,
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  Env: null,
  Cmd: null,
  Image: '',
  Volumes: null,
  WorkingDir: '',
  Entrypoint: null,
  OnBuild: null,
  Labels: null,
};

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export async function dockerImageInspect(store: ImageStore, ref: string): Promise<DockerImageInspect> {
  const info = await store.inspect(ref);
  const rec = await store.record(info.digest);
  const raw = obj(await store.blobs.readJson(info.manifest.config.digest));
  const config = { ...ALWAYS, ...obj(raw['config']) };
  const doc: DockerImageInspect = {
    Id: info.id,
    RepoTags: info.repoTags,
    RepoDigests: rec.repoDigests.map(familiarName),
    Parent: '',
    Comment: str(raw['comment']),
    Created: info.created ?? '',
    DockerVersion: str(raw['docker_version']),
    Author: str(raw['author']),
    Config: config,
    Architecture: info.architecture,
    Os: info.os,
    Size: info.size,
    GraphDriver: { Name: 'overlay', Data: null },
    RootFS: { Type: 'layers', Layers: info.diffIds },
    Metadata: { LastTagTime: rec.loadedAt },
  };
  if (typeof raw['variant'] === 'string' && raw['variant'] !== '') doc.Variant = raw['variant'];
  return doc;
}
