/**
 * Placement constraints (`node.labels.zone==east`) and the node attributes
 * they and the spread preferences read. Values compare without regard to
 * case, as Swarm's do; a label the node lacks reads as empty.
 */
import { OrcError } from '../../common/errors.js';
import type { Node } from '../../common/cluster/types.js';

export interface Constraint {
  key: string;
  op: '==' | '!=';
  value: string;
}

const FIXED_KEYS = ['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch'];
const LABEL_PREFIXES = ['node.labels.', 'engine.labels.'];

/** Whether a key names something `nodeAttribute` can read. */
export function knownKey(key: string): boolean {
  return FIXED_KEYS.includes(key) || LABEL_PREFIXES.some((p) => key.startsWith(p) && key.length > p.length);
}

const SHAPE = /^\s*([A-Za-z0-9_.-]+)\s*(==|!=)\s*(.*?)\s*$/;

/** Parses `key==value` or `key!=value`; throws ORC_INVALID_SPEC saying what is wrong. */
export function parseConstraint(text: string): Constraint {
  const m = SHAPE.exec(text);
  if (m === null) throw new OrcError('ORC_INVALID_SPEC', `invalid constraint "${text}": expected KEY==VALUE or KEY!=VALUE`);
  const [, key = '', op = '==', value = ''] = m;
  if (!knownKey(key)) {
    throw new OrcError('ORC_INVALID_SPEC', `invalid constraint "${text}": unknown key "${key}" (known: ${FIXED_KEYS.join(', ')}, node.labels.NAME, engine.labels.NAME)`);
  }
  if (value === '') throw new OrcError('ORC_INVALID_SPEC', `invalid constraint "${text}": no value after ${op}`);
  if (/[=!]=/.test(value)) throw new OrcError('ORC_INVALID_SPEC', `invalid constraint "${text}": more than one operator`);
  return { key, op: op === '!=' ? '!=' : '==', value };
}

export function parseConstraints(texts: readonly string[]): Constraint[] {
  return texts.map(parseConstraint);
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', armhf: 'arm', i386: '386', i686: '386' };

function normaliseArch(a: string): string {
  const l = a.toLowerCase();
  return ARCH_ALIASES[l] ?? l;
}

/** The value a constraint or preference key reads on a node; '' for a label it lacks (engine labels are never set). */
export function nodeAttribute(node: Node, key: string): string {
  switch (key) {
    case 'node.id':
      return node.id;
    case 'node.hostname':
      return node.description.hostname;
    case 'node.role':
      return node.spec.role;
    case 'node.platform.os':
      return node.description.platform.os;
    case 'node.platform.arch':
      return node.description.platform.architecture;
    default:
      if (key.startsWith('node.labels.')) return node.spec.labels[key.slice('node.labels.'.length)] ?? '';
      return '';
  }
}

/** Whether the node satisfies one constraint. */
export function matchesConstraint(node: Node, c: Constraint): boolean {
  const arch = c.key === 'node.platform.arch';
  const have = arch ? normaliseArch(nodeAttribute(node, c.key)) : nodeAttribute(node, c.key).toLowerCase();
  const want = arch ? normaliseArch(c.value) : c.value.toLowerCase();
  return (have === want) === (c.op === '==');
}

/** Whether the node satisfies all of them. */
export function matchesConstraints(node: Node, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (!matchesConstraint(node, c)) return false;
  return true;
}
