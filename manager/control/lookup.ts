/**
 * Finding objects as Docker's CLI names them (a full id, a unique id prefix
 * or a name) and Docker's list filters (`name`, `id`, `label`, and each
 * kind's own keys).
 */
import { OrcError } from '../../common/errors.js';
import type { Config, Kind, Kinds, Network, Node, Secret, Service, Task } from '../../common/cluster/types.js';

export type Filters = Record<string, string[]>;

/** The names an object answers to besides its id. */
export function namesOf(kind: Kind, o: Kinds[Kind]): string[] {
  switch (kind) {
    case 'service':
    case 'network':
    case 'secret':
    case 'config':
      return [(o as Service | Network | Secret | Config).spec.name];
    case 'node': {
      const n = o as Node;
      return n.spec.name === n.description.hostname || n.spec.name === '' ? [n.description.hostname] : [n.spec.name, n.description.hostname];
    }
    case 'task':
      return [taskName(o as Task)];
    default:
      return [];
  }
}

/** Docker's task name: `<service>.<slot>` (global tasks: `<service>.<node id>`). */
export function taskName(t: Task): string {
  return `${t.serviceName}.${t.slot > 0 ? t.slot : t.nodeId}`;
}

/**
 * The one object `ref` names: a full id first, then a name, then a unique id
 * prefix (Docker's order). ORC_NOT_FOUND when none does, ORC_CONFLICT when a
 * name or prefix names several.
 */
export function pick<K extends Kind>(kind: K, all: readonly Kinds[K][], ref: string): Kinds[K] {
  if (ref === '') throw new OrcError('ORC_NOT_FOUND', `${kind} "" not found: give an id or a name`);
  const byId = all.find((o) => o.id === ref);
  if (byId !== undefined) return byId;
  const byName = all.filter((o) => namesOf(kind, o).includes(ref));
  if (byName.length === 1) return byName[0] as Kinds[K];
  if (byName.length > 1) {
    throw new OrcError('ORC_CONFLICT', `${kind} name "${ref}" is ambiguous (${byName.length} ${kind}s: ${byName.map((o) => o.id).join(', ')}): use an id`);
  }
  const byPrefix = all.filter((o) => o.id.startsWith(ref));
  if (byPrefix.length === 1) return byPrefix[0] as Kinds[K];
  if (byPrefix.length > 1) {
    throw new OrcError('ORC_CONFLICT', `${kind} id prefix "${ref}" is ambiguous (${byPrefix.length} ${kind}s: ${byPrefix.map((o) => o.id).join(', ')}): give more characters`);
  }
  throw new OrcError('ORC_NOT_FOUND', `${kind} ${ref} not found`);
}

/** `k` (the label is set) or `k=v` (set to v). */
export function labelMatches(labels: Record<string, string>, want: string): boolean {
  const eq = want.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, want);
  const k = want.slice(0, eq);
  return Object.hasOwn(labels, k) && labels[k] === want.slice(eq + 1);
}

const COMMON = ['id', 'name', 'label'];
const KEYS: Record<Kind, readonly string[]> = {
  service: [...COMMON, 'mode'],
  task: [...COMMON, 'service', 'node', 'desired-state'],
  node: [...COMMON, 'node.label', 'role', 'membership'],
  network: [...COMMON, 'driver'],
  secret: COMMON,
  config: COMMON,
  cluster: COMMON,
};

function labelsOf(kind: Kind, o: Kinds[Kind]): Record<string, string> {
  if (kind === 'task') return (o as Task).labels;
  if (kind === 'cluster') return {};
  return (o as Service | Network | Secret | Config | Node).spec.labels;
}

function modeOf(s: Service): string {
  const m = s.spec.mode;
  return 'replicated' in m ? 'replicated' : 'global' in m ? 'global' : 'replicatedJob' in m ? 'replicated-job' : 'global-job';
}

/**
 * A predicate for Docker's filters on `kind`: every key must match (AND),
 * any value of a key matches (OR), except `label`, whose values must all
 * match. `ctx` resolves the names `service` and `node` filters may give.
 */
export function filterPredicate<K extends Kind>(
  kind: K,
  filters: Filters,
  ctx: { services?: readonly Service[]; nodes?: readonly Node[] } = {},
): (o: Kinds[K]) => boolean {
  const tests: ((o: Kinds[K]) => boolean)[] = [];
  for (const [key, values] of Object.entries(filters)) {
    if (!KEYS[kind].includes(key)) {
      throw new OrcError('ORC_USAGE', `invalid filter '${key}' for ${kind}s (valid: ${KEYS[kind].join(', ')})`);
    }
    if (values.length === 0) continue;
    const any = (f: (o: Kinds[K], v: string) => boolean) => (o: Kinds[K]): boolean => values.some((v) => f(o, v));
    switch (key) {
      case 'id':
        tests.push(any((o, v) => o.id.startsWith(v)));
        break;
      case 'name':
        tests.push(any((o, v) => namesOf(kind, o).some((n) => n.startsWith(v))));
        break;
      case 'label':
      case 'node.label':
        tests.push((o) => values.every((v) => labelMatches(labelsOf(kind, o), v)));
        break;
      case 'mode':
        tests.push(any((o, v) => modeOf(o as Service) === v));
        break;
      case 'driver':
        tests.push(any((o, v) => (o as Network).spec.driver === v));
        break;
      case 'role':
        tests.push(any((o, v) => (o as Node).spec.role === v));
        break;
      case 'membership':
        // A node in the store holds a certificate: it is accepted (Swarm's `pending` never happens here).
        tests.push(any((_o, v) => v === 'accepted'));
        break;
      case 'desired-state':
        tests.push(any((o, v) => (o as Task).desiredState === v));
        break;
      case 'service': {
        const ids = new Set<string>();
        for (const v of values) for (const s of ctx.services ?? []) if (s.id === v || s.spec.name === v || s.id.startsWith(v)) ids.add(s.id);
        tests.push((o) => ids.has((o as Task).serviceId) || values.includes((o as Task).serviceName));
        break;
      }
      case 'node': {
        const ids = new Set<string>();
        for (const v of values) for (const n of ctx.nodes ?? []) if (n.id === v || namesOf('node', n).includes(v) || n.id.startsWith(v)) ids.add(n.id);
        tests.push((o) => ids.has((o as Task).nodeId));
        break;
      }
    }
  }
  return (o) => tests.every((t) => t(o));
}
