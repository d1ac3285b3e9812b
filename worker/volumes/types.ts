/** Shapes other folders use to hand files (secrets, configs) and volumes to a container. */

/** A file mounted read-only into a container (a Compose secret or config). */
export interface ContainerFile {
  /** The secret's or config's name (used for the file name on the host). */
  name: string;
  /** Absolute path inside the container. */
  target: string;
  /** The content, base64 when it crosses the wire. */
  content: Buffer;
  uid: number;
  gid: number;
  /** Permission bits (default 0o444). */
  mode: number;
}

/** A bind mount the engine adds to a container's spec (a written file, or a copied mount point). */
export interface BindMount {
  source: string;
  destination: string;
  readOnly: boolean;
}

/** One of a container's mounts as `--volumes-from` copies it (Docker's MountPoint). */
export interface MountPoint {
  type: 'volume' | 'bind';
  /** The volume's name (type volume). */
  name?: string;
  /** The host path: the volume's `_data`, or the bind's source. */
  source: string;
  destination: string;
  readOnly: boolean;
  /** An anonymous volume (`-v /path`, an image VOLUME): removed with the container by `rm -v` and `--rm`. */
  anonymous?: boolean;
}

/** Docker's `docker volume inspect` document. */
export interface VolumeInspect {
  /** RFC 3339, whole seconds. */
  CreatedAt: string;
  Driver: 'local';
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: 'local';
}

export interface VolumeCreateOptions {
  /** Absent: an anonymous volume named by 64 hex digits. */
  name?: string;
  /** Only `local` (the default). */
  driver?: string;
  /** The local driver's `type`, `o`, `device` (mount(8)'s -t, -o and device). */
  driverOpts?: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>>;
}

export interface VolumeFilters {
  /** true: only volumes no container uses; false: only used ones. */
  dangling?: boolean;
  /** Volumes whose name matches one of these (a regular expression, as Docker's). */
  name?: string[];
  /** `key` or `key=value`; every one must match. */
  label?: string[];
  driver?: string[];
}

export interface PruneResult {
  /** Names of the removed volumes. */
  deleted: string[];
  /** Bytes of the files they held. */
  reclaimed: number;
}

/** Docker's label on anonymous volumes (23+: `prune` without `--all` removes only those). */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';
