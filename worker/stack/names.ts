/**
 * Compose's names for a project's containers: `<project>-<service>-<n>` for
 * the replicas `up` creates, `<project>-<service>-run-<12 hex>` for the
 * one-off containers of `run`, and the project-name rule they rest on.
 */
import { randomBytes } from 'node:crypto';
import { OrcError } from '../../common/errors.js';

/** Compose's project-name rule: lowercase letters, digits, dashes and underscores, starting with a letter or a digit. */
export const PROJECT_NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;

/** The separator Compose v2 puts between the parts of a container name. */
const SEPARATOR = '-';

export function validProjectName(name: string): boolean {
  return PROJECT_NAME_RE.test(name);
}

/** Throws ORC_USAGE when `name` breaks Compose's project-name rule. */
export function assertProjectName(name: string): void {
  if (!validProjectName(name)) {
    throw new OrcError(
      'ORC_USAGE',
      `invalid project name "${name}": it must contain only lowercase letters, digits, dashes and underscores, and start with a letter or a digit`,
    );
  }
}

/** `<project>-<service>-<n>`: the name of replica `n` (from 1) of a service. */
export function containerName(project: string, service: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new OrcError('ORC_INTERNAL', `container number ${n} of service "${service}" is not a positive integer`);
  return [project, service, String(n)].join(SEPARATOR);
}

/** A one-off container's slug: 64 hex digits, like a Docker id (`random` is an input, for tests). */
export function newSlug(random: (bytes: number) => Buffer = randomBytes): string {
  return random(32).toString('hex');
}

/** `<project>-<service>-run-<first 12 hex of the slug>`: the name `run` gives a one-off container. */
export function oneoffContainerName(project: string, service: string, slug: string): string {
  if (!/^[0-9a-f]{12,}$/.test(slug)) throw new OrcError('ORC_INTERNAL', `one-off slug "${slug}" is not at least 12 hex digits`);
  return [project, service, 'run', slug.slice(0, 12)].join(SEPARATOR);
}

export type ParsedContainerName =
  | { service: string; oneoff: false; number: number }
  | { service: string; oneoff: true; slug: string };

/**
 * The service and number (or one-off slug) in a container name of `project`,
 * or undefined when the name does not follow Compose's rule. A name ending in
 * `-run-` and 12 lowercase hex digits is read as a one-off container.
 */
export function parseContainerName(project: string, name: string): ParsedContainerName | undefined {
  const prefix = project + SEPARATOR;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  const oneoff = /^(.+)-run-([0-9a-f]{12})$/.exec(rest);
  if (oneoff !== null) return { service: oneoff[1] as string, oneoff: true, slug: oneoff[2] as string };
  const replica = /^(.+)-([1-9][0-9]*)$/.exec(rest);
  if (replica === null) return undefined;
  const number = Number(replica[2]);
  if (!Number.isSafeInteger(number)) return undefined;
  return { service: replica[1] as string, oneoff: false, number };
}
