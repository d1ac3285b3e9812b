/**
 * The single-host stack reconciler: observe the project's containers (by
 * Compose's labels), diff them against the StackSpec, and act in dependency
 * order — networks and volumes first, then each service once the services it
 * depends on meet their conditions, independent services in parallel.
 *
 * Idempotent by construction: everything it makes is found again by name and
 * labels, so an `up` interrupted at any point (CLI or engine killed) and run
 * again converges without duplicates. Failures that can be known before
 * anything is made (missing image, external network or volume, a taken port,
 * a container name in use) are found first, and nothing is made; when
 * creating fails later, what this run created is removed again.
 */
import type { StackSpec, ServiceSpec, DependencyEdge } from '../../compose/spec.js';
import { OrcError, type OrcErrorCode } from '../../common/errors.js';
import { LABEL } from './labels.js';
import { containerName, newSlug, oneoffContainerName } from './names.js';
import { replicaName } from './service-options.js';
import type { StackPorts, StackEvent, UpOptions, DownOptions, RunOneOffOptions, ContainerView, ServiceOptionsFn } from './ports.js';

function trace(msg: string): void {
  const t = process.env.ORC_TRACE;
  if (t === undefined || !t.split(',').some((x) => x === 'stack' || x === '*')) return;
  process.stderr.write(`stack: ${msg}\n`);
}


/** Container numbers of a service's replicas, as Compose reads them. */
function numberOf(c: ContainerView): number {
  const n = Number(c.labels[LABEL.containerNumber]);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** The name of a service's first container (what the config hash is computed for). */
function s0(spec: StackSpec, service: string): string {
  return replicaName(spec, service, 1);
}

function isOneoff(c: ContainerView): boolean {
  return c.labels[LABEL.oneoff] === 'True';
}

/** An error naming the service; its code is the cause's, else `code`. */
function failure(service: string, why: string, cause?: unknown, code: OrcErrorCode = 'ORC_RUNTIME'): OrcError {
  if (cause instanceof OrcError) code = cause.code;
  return new OrcError(code, `service "${service}": ${why}`, cause !== undefined ? { cause } : undefined);
}

/** What one `up` made, so a failure can take it back. */
interface Made {
  networks: string[];
  volumes: string[];
  containers: string[];
}

export class StackReconciler {
  /** One operation per project at a time: an `up` whose client went away finishes before the next one looks. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly ports: StackPorts, private readonly serviceOptions: ServiceOptionsFn) {}

  private exclusive<T>(project: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(project) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.queues.set(project, tail);
    void tail.then(() => {
      if (this.queues.get(project) === tail) this.queues.delete(project);
    });
    return run;
  }

  private projectContainers(project: string): ContainerView[] {
    return this.ports.containers().filter((c) => c.labels[LABEL.project] === project);
  }

  /** The services to act on: the ones asked for and, unless noDeps, what they depend on (transitively). */
  private selected(spec: StackSpec, services: readonly string[], noDeps: boolean): Set<string> {
    for (const s of services) {
      if (spec.services[s] === undefined) throw new OrcError('ORC_NOT_FOUND', `no such service: ${s}`);
    }
    if (services.length === 0) return new Set(Object.keys(spec.services));
    const out = new Set<string>();
    const visit = (s: string): void => {
      if (out.has(s)) return;
      out.add(s);
      if (noDeps) return;
      for (const e of spec.dependencies.edges) if (e.from === s && spec.services[e.to] !== undefined) visit(e.to);
    };
    for (const s of services) visit(s);
    return out;
  }

  private replicas(spec: StackSpec, service: string, scale: Readonly<Record<string, number>>): number {
    const s = spec.services[service] as ServiceSpec;
    const n = scale[service] ?? s.scale ?? s.deploy?.replicas ?? 1;
    if (s.container_name !== undefined && n > 1) {
      throw failure(service, `container_name "${s.container_name}" is set, so the service cannot be scaled to ${n} (names must be unique)`);
    }
    return n;
  }

  // ── up ───────────────────────────────────────────────────────────────

  up(spec: StackSpec, opts: UpOptions, emit: (e: StackEvent) => void): Promise<void> {
    return this.exclusive(spec.name, () => this.upNow(spec, opts, emit));
  }

  private async upNow(spec: StackSpec, opts: UpOptions, emit: (e: StackEvent) => void): Promise<void> {
    const project = spec.name;
    const selected = this.selected(spec, opts.services ?? [], opts.noDeps === true);
    const scale = opts.scale ?? {};
    for (const s of Object.keys(scale)) if (spec.services[s] === undefined) throw new OrcError('ORC_NOT_FOUND', `no such service: ${s}`);
    const made: Made = { networks: [], volumes: [], containers: [] };
    trace(`up ${project}: ${[...selected].join(', ')}`);

    await this.preflight(spec, selected, scale, opts, emit);
    try {
      await this.ensureNetworks(spec, selected, made, emit);
      await this.ensureVolumes(spec, selected, made, emit);
      const observed = this.projectContainers(project).filter((c) => !isOneoff(c));
      this.orphans(spec, observed, opts, emit);
      if (opts.removeOrphans === true) await this.removeOrphans(spec, observed, emit);
      const recreated = new Set<string>();
      const done = new Map<string, Promise<void>>();
      const converge = (service: string): Promise<void> => {
        let p = done.get(service);
        if (p === undefined) {
          p = (async () => {
            const deps = spec.dependencies.edges.filter((e) => e.from === service && selected.has(e.to));
            await Promise.all(deps.map((e) => converge(e.to)));
            if (opts.noStart !== true) await Promise.all(deps.map((e) => this.waitCondition(spec, e, emit)));
            const restartDeps = deps.some((e) => e.restart && recreated.has(e.to));
            await this.convergeService(spec, service, scale, opts, made, emit, recreated, restartDeps);
          })();
          done.set(service, p);
        }
        return p;
      };
      const results = await Promise.allSettled([...selected].map((s) => converge(s)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      if (opts.wait === true && opts.noStart !== true) await this.waitAll(spec, selected, opts.waitTimeout ?? 0, emit);
    } catch (e) {
      await this.undo(made, emit);
      throw e;
    }
  }

  /** Everything that can be known to fail before anything is made. */
  private async preflight(spec: StackSpec, selected: Set<string>, scale: Readonly<Record<string, number>>, opts: UpOptions, emit: (e: StackEvent) => void): Promise<void> {
    const project = spec.name;
    const projectContainers = this.projectContainers(project);
    const own = new Set(projectContainers.map((c) => c.id));
    for (const service of selected) {
      const s = spec.services[service] as ServiceSpec;
      this.replicas(spec, service, scale);
      if (s.image === undefined) throw failure(service, 'has neither an image nor a build orc can run (building images is not supported: build it elsewhere and load it with `orc image load`)');
      if (s.container_name !== undefined) {
        const holder = this.ports.containers().find((c) => c.name === s.container_name);
        if (holder !== undefined && !own.has(holder.id)) {
          throw failure(service, `container name "${s.container_name}" is already in use by container ${holder.id.slice(0, 12)} (not part of project ${project}): remove or rename it`);
        }
      }
      for (const key of Object.keys(s.networks ?? {})) {
        const net = spec.networks[key];
        if (net === undefined) throw failure(service, `refers to undefined network ${key}`);
        if (net.external === true && !this.ports.networkExists(net.name)) {
          throw failure(service, `network ${net.name} declared as external, but could not be found: create it with \`orc network create ${net.name}\``);
        }
      }
      for (const v of s.volumes ?? []) {
        if (v.type !== 'volume' || v.source === undefined) continue;
        const vol = Object.values(spec.volumes).find((x) => x.name === v.source) ?? spec.volumes[v.source];
        if (vol?.external === true && !this.ports.volumeExists(vol.name)) {
          throw failure(service, `external volume "${vol.name}" not found: create it with \`orc volume create ${vol.name}\``);
        }
      }
    }
    // images: present, or pulled now (one pull per image)
    const images = new Map<string, string>();
    for (const service of selected) {
      const s = spec.services[service] as ServiceSpec;
      if (s.image !== undefined && !images.has(s.image)) images.set(s.image, service);
    }
    await Promise.all([...images].map(async ([image, service]) => {
      const policy = (spec.services[service] as ServiceSpec).pull_policy ?? 'missing';
      const present = await this.ports.imageExists(image);
      if (present && policy !== 'always') return;
      if (opts.noPull === true || policy === 'never') {
        if (!present) throw failure(service, `image ${image} is not on this host (pull policy never): load it with \`orc image load\` or pull it`);
        return;
      }
      emit({ kind: 'image', name: image, status: 'Pulling', detail: '', service });
      try {
        await this.ports.pullImage(image, opts.registryAuth);
      } catch (e) {
        if (!present) throw failure(service, `pull access denied or image missing for ${image}: ${(e as Error).message}`, e);
      }
      emit({ kind: 'image', name: image, status: 'Pulled', detail: '', service });
    }));
    // published ports taken by something other than this project's containers
    const mine = new Set(projectContainers.filter((c) => c.running).map((c) => c.id));
    const wanted: Array<{ service: string; hostIp: string; port: number; protocol: 'tcp' | 'udp' }> = [];
    for (const service of selected) {
      for (const p of (spec.services[service] as ServiceSpec).ports ?? []) {
        if (p.published === undefined || p.published === '' || p.published.includes('-')) continue;
        if (p.protocol === 'sctp') continue;
        wanted.push({ service, hostIp: p.host_ip ?? '0.0.0.0', port: Number(p.published), protocol: p.protocol });
      }
    }
    for (const w of wanted) {
      const owner = this.ports.portOwner(w.hostIp, w.port, w.protocol);
      if (owner !== undefined && mine.has(owner)) continue;
      if (!(await this.ports.portFree(w.hostIp, w.port, w.protocol))) {
        throw failure(w.service, `Bind for ${w.hostIp}:${w.port} failed: port is already allocated`, undefined, 'ORC_CONFLICT');
      }
    }
  }

  private async ensureNetworks(spec: StackSpec, selected: Set<string>, made: Made, emit: (e: StackEvent) => void): Promise<void> {
    const used = new Set<string>();
    for (const service of selected) {
      const s = spec.services[service] as ServiceSpec;
      if (s.network_mode !== undefined) continue;
      for (const k of s.networks !== undefined ? Object.keys(s.networks) : ['default']) used.add(k);
    }
    for (const key of [...used].sort()) {
      const net = spec.networks[key];
      if (net === undefined || net.external === true) continue;
      if (this.ports.networkExists(net.name)) continue;
      emit({ kind: 'network', name: net.name, status: 'Creating', detail: '', service: '' });
      await this.ports.createNetwork(net, { [LABEL.project]: spec.name, [LABEL.network]: key, [LABEL.version]: '2.29.0', ...(net.labels ?? {}) });
      made.networks.push(net.name);
      emit({ kind: 'network', name: net.name, status: 'Created', detail: '', service: '' });
    }
  }

  private async ensureVolumes(spec: StackSpec, selected: Set<string>, made: Made, emit: (e: StackEvent) => void): Promise<void> {
    const used = new Set<string>();
    for (const service of selected) {
      for (const v of (spec.services[service] as ServiceSpec).volumes ?? []) if (v.type === 'volume' && v.source !== undefined) used.add(v.source);
    }
    for (const [key, vol] of Object.entries(spec.volumes).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (vol.external === true || !(used.has(key) || used.has(vol.name))) continue;
      if (this.ports.volumeExists(vol.name)) continue;
      emit({ kind: 'volume', name: vol.name, status: 'Creating', detail: '', service: '' });
      await this.ports.createVolume(vol, { [LABEL.project]: spec.name, [LABEL.volume]: key, [LABEL.version]: '2.29.0', ...(vol.labels ?? {}) });
      made.volumes.push(vol.name);
      emit({ kind: 'volume', name: vol.name, status: 'Created', detail: '', service: '' });
    }
  }

  private orphans(spec: StackSpec, observed: ContainerView[], opts: UpOptions, emit: (e: StackEvent) => void): void {
    if (opts.removeOrphans === true) return;
    const names = observed.filter((c) => spec.services[c.labels[LABEL.service] ?? ''] === undefined && !spec.disabledServices.includes(c.labels[LABEL.service] ?? '')).map((c) => c.name);
    if (names.length > 0) {
      emit({
        kind: 'service', name: spec.name, status: 'Warning', service: '',
        detail: `Found orphan containers ([${names.join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
      });
    }
  }

  private async removeOrphans(spec: StackSpec, observed: ContainerView[], emit: (e: StackEvent) => void): Promise<void> {
    for (const c of observed) {
      if (spec.services[c.labels[LABEL.service] ?? ''] !== undefined) continue;
      emit({ kind: 'container', name: c.name, status: 'Removing', detail: '', service: c.labels[LABEL.service] ?? '' });
      await this.ports.removeContainer(c.id, { force: true });
      emit({ kind: 'container', name: c.name, status: 'Removed', detail: '', service: c.labels[LABEL.service] ?? '' });
    }
  }

  private async convergeService(
    spec: StackSpec, service: string, scale: Readonly<Record<string, number>>, opts: UpOptions, made: Made,
    emit: (e: StackEvent) => void, recreated: Set<string>, restartForDeps: boolean,
  ): Promise<void> {
    const want = this.replicas(spec, service, scale);
    const existing = this.projectContainers(spec.name)
      .filter((c) => c.labels[LABEL.service] === service && !isOneoff(c))
      .sort((a, b) => numberOf(a) - numberOf(b));
    const probe = this.serviceOptions(spec, service, { number: 1, name: s0(spec, service) });
    const hash = probe.hash;
    for (const w of probe.warnings) emit({ kind: 'service', name: service, status: 'Warning', detail: w, service });
    // scale down: the highest numbers go first
    const keep = existing.slice(0, want);
    for (const c of existing.slice(want).reverse()) {
      emit({ kind: 'container', name: c.name, status: 'Stopping', detail: '', service });
      await this.ports.removeContainer(c.id, { force: true, ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) });
      emit({ kind: 'container', name: c.name, status: 'Removed', detail: '', service });
    }
    const used = new Set(keep.map(numberOf));
    const tasks: Array<Promise<void>> = [];
    for (const c of keep) {
      const stale = c.labels[LABEL.configHash] !== hash;
      const recreate = opts.noRecreate !== true && (opts.forceRecreate === true || stale);
      if (recreate) {
        recreated.add(service);
        tasks.push((async () => {
          emit({ kind: 'container', name: c.name, status: 'Recreate', detail: '', service });
          await this.ports.removeContainer(c.id, { force: true, ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) });
          await this.createAndStart(spec, service, numberOf(c) || 1, opts, made, emit, 'Recreated');
        })());
      } else if (restartForDeps && c.running && opts.noStart !== true) {
        tasks.push((async () => {
          emit({ kind: 'container', name: c.name, status: 'Restarting', detail: '', service });
          await this.ports.restartContainer(c.id);
          emit({ kind: 'container', name: c.name, status: 'Restarted', detail: '', service });
        })());
      } else if (!c.running && opts.noStart !== true) {
        tasks.push((async () => {
          emit({ kind: 'container', name: c.name, status: 'Starting', detail: '', service });
          try {
            await this.ports.startContainer(c.id);
          } catch (e) {
            throw failure(service, `container ${c.name} failed to start: ${(e as Error).message}`, e);
          }
          emit({ kind: 'container', name: c.name, status: 'Started', detail: '', service });
        })());
      } else {
        emit({ kind: 'container', name: c.name, status: c.running ? 'Running' : 'Created', detail: '', service });
      }
    }
    let next = 1;
    for (let i = keep.length; i < want; i++) {
      while (used.has(next)) next++;
      used.add(next);
      tasks.push(this.createAndStart(spec, service, next, opts, made, emit, 'Created'));
    }
    const results = await Promise.allSettled(tasks);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  private async createAndStart(
    spec: StackSpec, service: string, number: number, opts: UpOptions, made: Made, emit: (e: StackEvent) => void, createdWord: string,
  ): Promise<void> {
    const s = spec.services[service] as ServiceSpec;
    const name = s.container_name ?? containerName(spec.name, service, number);
    const { image, options } = this.serviceOptions(spec, service, { number, name });
    emit({ kind: 'container', name, status: 'Creating', detail: '', service });
    let id: string;
    try {
      id = await this.ports.createContainer(image, { ...options, name });
    } catch (e) {
      throw failure(service, `cannot create container ${name}: ${(e as Error).message}`, e);
    }
    made.containers.push(id);
    emit({ kind: 'container', name, status: createdWord, detail: '', service });
    if (opts.noStart === true) return;
    emit({ kind: 'container', name, status: 'Starting', detail: '', service });
    try {
      await this.ports.startContainer(id);
    } catch (e) {
      throw failure(service, `container ${name} failed to start: ${(e as Error).message}`, e);
    }
    emit({ kind: 'container', name, status: 'Started', detail: '', service });
  }

  /** Waits until the dependency of `edge` meets its condition (Compose's messages when it cannot). */
  private async waitCondition(spec: StackSpec, edge: DependencyEdge, emit: (e: StackEvent) => void): Promise<void> {
    const dep = edge.to;
    const containers = (): ContainerView[] => this.projectContainers(spec.name).filter((c) => c.labels[LABEL.service] === dep && !isOneoff(c));
    if (edge.condition === 'service_started') return;
    const cs = containers();
    if (cs.length === 0) {
      if (!edge.required) return;
      throw failure(edge.from, `dependency ${dep} has no container`);
    }
    for (const c0 of cs) {
      emit({ kind: 'container', name: c0.name, status: 'Waiting', detail: '', service: dep });
      for (;;) {
        const c = this.ports.containerState(c0.id);
        if (c === undefined) throw failure(edge.from, `dependency container ${c0.name} disappeared`);
        if (edge.condition === 'service_healthy') {
          if (c.health === undefined) {
            if (!edge.required) break;
            throw failure(edge.from, `dependency failed to start: container ${c0.name} has no healthcheck configured`);
          }
          if (c.health === 'healthy') {
            emit({ kind: 'container', name: c0.name, status: 'Healthy', detail: '', service: dep });
            break;
          }
          if (c.health === 'unhealthy' || (!c.running && !c.restarting)) {
            if (!edge.required) break;
            throw failure(edge.from, `dependency failed to start: container ${c0.name} is ${c.health === 'unhealthy' ? 'unhealthy' : `not running (exit ${c.exitCode})`}`);
          }
        } else {
          if (!c.running && !c.restarting && c.status !== 'created') {
            if (c.exitCode === 0) {
              emit({ kind: 'container', name: c0.name, status: 'Exited', detail: '', service: dep });
              break;
            }
            if (!edge.required) break;
            throw failure(edge.from, `service "${dep}" didn't complete successfully: exit ${c.exitCode}`);
          }
        }
        await this.ports.changed(c0.id, 1000);
      }
    }
  }

  /** `--wait`: every started service running, healthy when it has a health check; one-shot services that exited 0 count. */
  private async waitAll(spec: StackSpec, selected: Set<string>, timeoutSec: number, emit: (e: StackEvent) => void): Promise<void> {
    const deadline = timeoutSec > 0 ? Date.now() + timeoutSec * 1000 : Infinity;
    const oneShot = new Set(spec.dependencies.edges.filter((e) => e.condition === 'service_completed_successfully').map((e) => e.to));
    const cs = this.projectContainers(spec.name).filter((c) => selected.has(c.labels[LABEL.service] ?? '') && !isOneoff(c));
    await Promise.all(cs.map(async (c0) => {
      const service = c0.labels[LABEL.service] ?? '';
      for (;;) {
        const c = this.ports.containerState(c0.id);
        if (c === undefined) throw failure(service, `container ${c0.name} disappeared`);
        if (c.running && (c.health === undefined || c.health === 'healthy')) {
          emit({ kind: 'container', name: c0.name, status: c.health === 'healthy' ? 'Healthy' : 'Running', detail: '', service });
          return;
        }
        if (!c.running && !c.restarting && c.status !== 'created') {
          if (c.exitCode === 0 && oneShot.has(service)) {
            emit({ kind: 'container', name: c0.name, status: 'Exited', detail: '', service });
            return;
          }
          throw failure(service, `container ${c0.name} exited (${c.exitCode})`);
        }
        if (c.health === 'unhealthy') throw failure(service, `container ${c0.name} is unhealthy`);
        if (Date.now() > deadline) throw new OrcError('ORC_RUNTIME', `timeout waiting for the project to be running (after ${timeoutSec}s): container ${c0.name} is ${c.health ?? c.status}`);
        await this.ports.changed(c0.id, Math.min(1000, Math.max(10, deadline - Date.now())));
      }
    }));
  }

  /** Takes back what a failed `up` made: containers, then networks and volumes. */
  private async undo(made: Made, emit: (e: StackEvent) => void): Promise<void> {
    for (const id of made.containers.reverse()) await this.ports.removeContainer(id, { force: true, volumes: true }).catch(() => undefined);
    for (const n of made.networks.reverse()) {
      await this.ports.removeNetwork(n).then(() => emit({ kind: 'network', name: n, status: 'Removed', detail: '', service: '' }), () => undefined);
    }
    for (const v of made.volumes.reverse()) await this.ports.removeVolume(v).catch(() => undefined);
  }

  // ── down ─────────────────────────────────────────────────────────────

  down(project: string, spec: StackSpec | undefined, opts: DownOptions, emit: (e: StackEvent) => void): Promise<void> {
    return this.exclusive(project, () => this.downNow(project, spec, opts, emit));
  }

  private async downNow(project: string, spec: StackSpec | undefined, opts: DownOptions, emit: (e: StackEvent) => void): Promise<void> {
    const all = this.projectContainers(project);
    const known = (c: ContainerView): boolean => spec === undefined || spec.services[c.labels[LABEL.service] ?? ''] !== undefined || isOneoff(c);
    const targets = all.filter((c) => opts.removeOrphans === true || known(c));
    // dependents stop before what they depend on: reverse start order
    const order = spec !== undefined ? spec.dependencies.levels.flat() : [];
    const rank = (c: ContainerView): number => {
      const i = order.indexOf(c.labels[LABEL.service] ?? '');
      return i < 0 ? order.length : i;
    };
    const levels = new Map<number, ContainerView[]>();
    for (const c of targets) levels.set(rank(c), [...(levels.get(rank(c)) ?? []), c]);
    const images = new Set<string>();
    for (const level of [...levels.keys()].sort((a, b) => b - a)) {
      await Promise.all((levels.get(level) ?? []).map(async (c) => {
        const service = c.labels[LABEL.service] ?? '';
        images.add(c.image);
        if (c.running) {
          emit({ kind: 'container', name: c.name, status: 'Stopping', detail: '', service });
          await this.ports.stopContainer(c.id, opts.timeout);
          emit({ kind: 'container', name: c.name, status: 'Stopped', detail: '', service });
        }
        emit({ kind: 'container', name: c.name, status: 'Removing', detail: '', service });
        await this.ports.removeContainer(c.id, { force: true, volumes: opts.volumes === true });
        emit({ kind: 'container', name: c.name, status: 'Removed', detail: '', service });
      }));
    }
    const networks = new Set(this.ports.networksOf(project));
    if (spec !== undefined) for (const n of Object.values(spec.networks)) if (n.external !== true) networks.add(n.name);
    for (const n of [...networks].sort()) {
      if (!this.ports.networkExists(n)) continue;
      emit({ kind: 'network', name: n, status: 'Removing', detail: '', service: '' });
      await this.ports.removeNetwork(n);
      emit({ kind: 'network', name: n, status: 'Removed', detail: '', service: '' });
    }
    if (opts.volumes === true) {
      const volumes = new Set(this.ports.volumesOf(project));
      if (spec !== undefined) for (const v of Object.values(spec.volumes)) if (v.external !== true) volumes.add(v.name);
      for (const v of [...volumes].sort()) {
        if (!this.ports.volumeExists(v)) continue;
        emit({ kind: 'volume', name: v, status: 'Removing', detail: '', service: '' });
        await this.ports.removeVolume(v);
        emit({ kind: 'volume', name: v, status: 'Removed', detail: '', service: '' });
      }
    }
    if (opts.rmi === 'all' && spec !== undefined) {
      for (const s of Object.values(spec.services)) if (s.image !== undefined) images.add(s.image);
      for (const image of [...images].sort()) {
        if (!(await this.ports.imageExists(image))) continue;
        emit({ kind: 'image', name: image, status: 'Removing', detail: '', service: '' });
        await this.ports.removeImage(image).then(
          () => emit({ kind: 'image', name: image, status: 'Removed', detail: '', service: '' }),
          (e: unknown) => emit({ kind: 'image', name: image, status: 'Warning', detail: (e as Error).message, service: '' }),
        );
      }
    }
  }

  // ── run (one-off) ────────────────────────────────────────────────────

  runOneOff(spec: StackSpec, service: string, opts: RunOneOffOptions, emit: (e: StackEvent) => void): Promise<{ id: string; name: string }> {
    return this.exclusive(spec.name, () => this.runOneOffNow(spec, service, opts, emit));
  }

  private async runOneOffNow(spec: StackSpec, service: string, opts: RunOneOffOptions, emit: (e: StackEvent) => void): Promise<{ id: string; name: string }> {
    if (spec.services[service] === undefined) throw new OrcError('ORC_NOT_FOUND', `no such service: ${service}`);
    const deps = spec.dependencies.edges.filter((e) => e.from === service).map((e) => e.to);
    const pullOpts = { noPull: opts.noPull === true, ...(opts.registryAuth !== undefined ? { registryAuth: opts.registryAuth } : {}) };
    if (opts.noDeps !== true && deps.length > 0) await this.upNow(spec, { services: deps, ...pullOpts }, emit);
    const name = opts.name ?? oneoffContainerName(spec.name, service, newSlug());
    const { image, options } = this.serviceOptions(spec, service, { number: 1, name, oneoff: true, ...(opts.servicePorts === true ? {} : { noPorts: true }), ...(opts.useAliases === true ? {} : { noAliases: true }) });
    await this.preflight(spec, new Set([service]), {}, pullOpts, emit);
    const merged = opts.adjust(options);
    const id = await this.ports.createContainer(image, { ...merged, name });
    return { id, name };
  }
}
