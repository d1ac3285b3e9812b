/**
 * Checks on the normalised model that no single key can make: dependency
 * cycles, references to things the project does not define, container names
 * that must be unique, mounts on the same target, and (as warnings) host
 * ports published twice. Reports use raw key paths where normalisation
 * recorded them (compose/normalise rawPathOf).
 */
import type { ComposeIssueCode, KeyPath, Reporter, Severity } from './issues.js';
import { rawPathOf } from './normalise/index.js';
import type { ComposeModel, ServicePortSpec, ServiceSpec } from './spec.js';

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function has(map: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

type Emit = (code: ComposeIssueCode, path: KeyPath, message: string, severity?: Severity) => void;

export function checkProject(model: ComposeModel, report: Reporter): void {
  const emit: Emit = (code, path, message, severity = 'error') => report({ code, message, path, severity });
  const names = Object.keys(model.services).sort(byName);
  for (const name of names) {
    const service = model.services[name];
    if (service) checkService(model, name, service, emit);
  }
  checkCycles(model, names, emit);
  checkContainerNames(model, names, emit);
  checkPorts(model, names, emit);
  for (const [kind, entries] of [
    ['secrets', model.secrets],
    ['configs', model.configs],
  ] as const) {
    for (const key of Object.keys(entries).sort(byName)) {
      const e = entries[key];
      if (!e || e.external === true) continue;
      if (e.file === undefined && e.environment === undefined && e.content === undefined) {
        const message = `${kind.slice(0, -1)} ${key} declares none of file, environment or content`;
        emit('COMPOSE_INVALID_VALUE', [kind, key], message, 'warning');
      }
    }
  }
}

function checkService(model: ComposeModel, name: string, s: ServiceSpec, emit: Emit): void {
  const at = (...rest: Array<string | number>): KeyPath => ['services', name, ...rest];
  const undefinedRef = (path: KeyPath, what: string, severity: Severity = 'error'): void =>
    emit('COMPOSE_UNDEFINED_REFERENCE', path, `service ${name} refers to undefined ${what}`, severity);
  const isService = (n: string): boolean => has(model.services, n);

  for (const dep of Object.keys(s.depends_on ?? {}).sort(byName)) {
    if (isService(dep)) continue;
    const required = s.depends_on?.[dep]?.required ?? true;
    const what = `service ${dep}${required ? '' : ' (not required: ignored)'}`;
    undefinedRef(at('depends_on', dep), what, required ? 'error' : 'warning');
  }
  (s.links ?? []).forEach((link, i) => {
    const target = link.split(':')[0] ?? '';
    if (!isService(target)) undefinedRef(at('links', i), `service ${target} in links`);
  });
  for (const key of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const) {
    const v = s[key];
    if (typeof v === 'string' && v.startsWith('service:') && !isService(v.slice('service:'.length))) {
      undefinedRef(at(key), `service ${v.slice('service:'.length)} in ${key}`);
    }
  }
  (s.volumes_from ?? []).forEach((from, i) => {
    if (from.startsWith('container:')) return;
    const target = from.split(':')[0] ?? '';
    if (!isService(target)) undefinedRef(at('volumes_from', i), `service ${target} in volumes_from`);
  });
  for (const [ctxName, ctx] of Object.entries(s.build?.additional_contexts ?? {})) {
    if (ctx.startsWith('service:') && !isService(ctx.slice('service:'.length))) {
      undefinedRef(at('build', 'additional_contexts', ctxName), `service ${ctx.slice('service:'.length)} as a build context`);
    }
  }

  if (s.network_mode !== undefined && s.networks !== undefined) {
    const message = `service ${name} sets both network_mode and networks, which exclude each other`;
    emit('COMPOSE_INVALID_VALUE', at('networks'), message);
  }
  for (const net of Object.keys(s.networks ?? {}).sort(byName)) {
    if (!has(model.networks, net)) undefinedRef(at('networks', net), `network ${net}`);
  }
  (s.volumes ?? []).forEach((mount, i) => {
    if (mount.type === 'volume' && mount.source !== undefined && !has(model.volumes, mount.source)) {
      undefinedRef(rawPathOf(mount, at('volumes', i)), `volume ${mount.source}`);
    }
  });
  (s.secrets ?? []).forEach((ref, i) => {
    if (!has(model.secrets, ref.source)) undefinedRef(rawPathOf(ref, at('secrets', i)), `secret ${ref.source}`);
  });
  (s.build?.secrets ?? []).forEach((ref, i) => {
    if (!has(model.secrets, ref.source)) undefinedRef(rawPathOf(ref, at('build', 'secrets', i)), `secret ${ref.source}`);
  });
  (s.configs ?? []).forEach((ref, i) => {
    if (!has(model.configs, ref.source)) undefinedRef(rawPathOf(ref, at('configs', i)), `config ${ref.source}`);
  });
  for (const m of Object.keys(s.models ?? {}).sort(byName)) {
    if (!model.models || !has(model.models, m)) undefinedRef(at('models', m), `model ${m}`);
  }

  // two mounts on one target: the engine would refuse the container
  const targets = new Map<string, KeyPath>();
  (s.tmpfs ?? []).forEach((t, i) => {
    const target = t.split(':')[0] ?? t;
    if (!targets.has(target)) targets.set(target, at('tmpfs', i));
  });
  (s.volumes ?? []).forEach((mount, i) => {
    const path = rawPathOf(mount, at('volumes', i));
    const earlier = targets.get(mount.target);
    if (earlier !== undefined) {
      emit('COMPOSE_INVALID_VALUE', path, `service ${name} mounts two things on ${mount.target}`);
    } else targets.set(mount.target, path);
  });

  if (s.image === undefined && s.build === undefined && s.provider === undefined) {
    emit('COMPOSE_INVALID_VALUE', at(), `service ${name} has neither an image nor a build context`, 'warning');
  }
}

/** Every dependency cycle once, named from its alphabetically first service. */
function checkCycles(model: ComposeModel, names: string[], emit: Emit): void {
  const next = new Map<string, string[]>();
  for (const n of names) {
    const deps = Object.keys(model.services[n]?.depends_on ?? {}).filter((d) => has(model.services, d));
    next.set(n, deps.sort(byName));
  }
  const components = stronglyConnected(names, next).map((c) => c.sort(byName));
  components.sort((a, b) => byName(a[0] ?? '', b[0] ?? ''));
  for (const component of components) {
    const members = new Set(component);
    const start = component[0];
    if (start === undefined) continue;
    const selfLoop = next.get(start)?.includes(start) ?? false;
    if (component.length === 1 && !selfLoop) continue;
    const cycle = shortestCycle(start, next, members);
    const second = cycle[1] ?? start;
    emit(
      'COMPOSE_DEPENDENCY_CYCLE',
      ['services', start, 'depends_on', second],
      `dependency cycle: ${cycle.join(' -> ')}`,
    );
  }
}

/** Tarjan's algorithm, iterative (no recursion depth limit on long chains). */
function stronglyConnected(names: string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of names) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; child: number }> = [{ node: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const children = next.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child] as string;
        frame.child++;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter);
          counter++;
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(child) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        for (;;) {
          const n = stack.pop();
          if (n === undefined) break;
          onStack.delete(n);
          component.push(n);
          if (n === frame.node) break;
        }
        out.push(component);
      }
    }
  }
  return out;
}

/** The shortest path start -> … -> start inside one strongly connected component (breadth first, names in order). */
function shortestCycle(start: string, next: Map<string, string[]>, members: Set<string>): string[] {
  const parent = new Map<string, string>();
  const queue: string[] = [start];
  const seen = new Set<string>([start]);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const child of next.get(node) ?? []) {
      if (!members.has(child)) continue;
      if (child === start) {
        const path = [start];
        for (let n: string | undefined = node; n !== undefined && n !== start; n = parent.get(n)) path.splice(1, 0, n);
        path.push(start);
        return path;
      }
      if (seen.has(child)) continue;
      seen.add(child);
      parent.set(child, node);
      queue.push(child);
    }
  }
  return [start, start];
}

function replicasOf(s: ServiceSpec): number {
  return s.deploy?.replicas ?? s.scale ?? 1;
}

function checkContainerNames(model: ComposeModel, names: string[], emit: Emit): void {
  const owners = new Map<string, string>();
  for (const name of names) {
    const s = model.services[name];
    const container = s?.container_name;
    if (!s || container === undefined) continue;
    const path = ['services', name, 'container_name'];
    const owner = owners.get(container);
    if (owner !== undefined) {
      emit('COMPOSE_DUPLICATE_CONTAINER_NAME', path, `container name ${container} is already used by service ${owner}`);
    } else owners.set(container, name);
    if (replicasOf(s) > 1) {
      emit(
        'COMPOSE_CONTAINER_NAME_SCALE',
        path,
        `service ${name} runs ${replicasOf(s)} replicas but container name ${container} can only be used once`,
      );
    }
  }
}

interface Claim {
  service: string;
  ip: string;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::']);

function overlaps(a: string, b: string): boolean {
  return a === b || WILDCARDS.has(a) || WILDCARDS.has(b);
}

function checkPorts(model: ComposeModel, names: string[], emit: Emit): void {
  const claims = new Map<string, Claim[]>();
  for (const name of names) {
    const s = model.services[name];
    if (!s) continue;
    const replicas = replicasOf(s);
    (s.ports ?? []).forEach((port: ServicePortSpec, i) => {
      // a host range lets the engine pick a free port: it conflicts with nothing
      if (port.published === undefined || !/^\d+$/.test(port.published)) return;
      const number = Number(port.published);
      if (number === 0) return;
      const path = rawPathOf(port, ['services', name, 'ports', i]);
      const ip = port.host_ip ?? '';
      const where = `${ip === '' ? '' : `${ip}:`}${number}/${port.protocol}`;
      if (replicas > 1) {
        const message = `service ${name} runs ${replicas} replicas but publishes the fixed host port ${where}`;
        emit('COMPOSE_PORT_CONFLICT', path, message, 'warning');
      }
      const key = `${number}/${port.protocol}`;
      const same = claims.get(key) ?? [];
      const clash = same.find((c) => overlaps(c.ip, ip));
      if (clash) {
        const other = clash.service === name ? 'another port of this service' : `service ${clash.service}`;
        emit('COMPOSE_PORT_CONFLICT', path, `host port ${where} is also published by ${other}`, 'warning');
      }
      same.push({ service: name, ip });
      claims.set(key, same);
    });
  }
}
