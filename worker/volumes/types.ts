/** Shapes other folders use to hand files (secrets, configs) to a container. */

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
