/**
 * The Stack rpcs: compose projects on this host, served by the stack
 * reconciler (worker/stack). The request carries the StackSpec the CLI
 * loaded; progress goes back as StackEvents; a failure ends the call with
 * the status of the error (which names the service).
 */
import type * as grpc from '@grpc/grpc-js';
import type { StackSpec } from '../../compose/spec.js';
import { OrcError } from '../../common/errors.js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { StackEvent as WireEvent } from '../../proto/generated/orc/engine/v1/StackEvent.js';
import { LABEL, parsePublish, type StackReconciler, type StackEvent } from '../stack/index.js';
import type { ServiceContext } from './service.js';
import { toStatus } from './status.js';

type StackHandlers = Pick<EngineHandlers, 'StackUp' | 'StackDown' | 'StackRun' | 'StackList'>;

/** The StackSpec the CLI sent, checked for the parts the reconciler walks. */
export function parseSpec(json: string): StackSpec {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new OrcError('ORC_USAGE', `the stack spec is not valid JSON: ${(e as Error).message}`);
  }
  const o = v as Partial<StackSpec> | null;
  const isObj = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(o) || typeof o?.name !== 'string' || o.name === '') throw new OrcError('ORC_USAGE', 'the stack spec has no project name');
  for (const k of ['services', 'networks', 'volumes', 'secrets', 'configs'] as const) {
    if (!isObj(o[k])) throw new OrcError('ORC_USAGE', `the stack spec of project ${o.name} has no ${k} object`);
  }
  if (!isObj(o.dependencies) || !Array.isArray(o.dependencies?.edges) || !Array.isArray(o.dependencies.levels)) {
    throw new OrcError('ORC_USAGE', `the stack spec of project ${o.name} has no dependency graph`);
  }
  if (!Array.isArray(o.disabledServices)) o.disabledServices = [];
  return o as StackSpec;
}

function parseAuths(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new OrcError('ORC_USAGE', 'registry credentials: expected a JSON object of registries');
}

function streamEvents(call: grpc.ServerWritableStream<unknown, WireEvent>): (e: StackEvent) => void {
  return (e) => {
    if (!call.cancelled) call.write(e);
  };
}

function stacks(ctx: ServiceContext): StackReconciler {
  if (ctx.stacks === undefined) throw new OrcError('ORC_INTERNAL', 'this daemon serves no stacks');
  return ctx.stacks;
}

export function stackHandlers(ctx: ServiceContext): StackHandlers {
  return {
    StackUp: (call) => {
      const r = call.request;
      void (async () => {
        const spec = parseSpec(r.spec_json);
        await stacks(ctx).up(spec, {
          services: r.services,
          scale: r.scale,
          noDeps: r.no_deps,
          forceRecreate: r.force_recreate,
          noRecreate: r.no_recreate,
          removeOrphans: r.remove_orphans,
          noStart: r.no_start,
          wait: r.wait,
          waitTimeout: r.wait_timeout,
          ...(r.timeout !== undefined ? { timeout: r.timeout } : {}),
          noPull: r.no_pull,
          ...(r.registry_auth_json !== '' ? { registryAuth: parseAuths(r.registry_auth_json) } : {}),
        }, streamEvents(call));
      })().then(() => call.end(), (e: unknown) => {
        if (!call.cancelled) call.emit('error', toStatus(e));
      });
    },

    StackDown: (call) => {
      const r = call.request;
      void (async () => {
        if (r.project === '') throw new OrcError('ORC_USAGE', 'no project name given');
        const spec = r.spec_json !== '' ? parseSpec(r.spec_json) : undefined;
        if (r.rmi !== '' && r.rmi !== 'local' && r.rmi !== 'all') throw new OrcError('ORC_USAGE', `--rmi: invalid value "${r.rmi}" (expected local or all)`);
        await stacks(ctx).down(r.project, spec, {
          volumes: r.volumes, rmi: r.rmi, removeOrphans: r.remove_orphans, ...(r.timeout !== undefined ? { timeout: r.timeout } : {}),
        }, streamEvents(call));
      })().then(() => call.end(), (e: unknown) => {
        if (!call.cancelled) call.emit('error', toStatus(e));
      });
    },

    StackRun: (call, callback) => {
      const r = call.request;
      (async () => {
        const spec = parseSpec(r.spec_json);
        return stacks(ctx).runOneOff(spec, r.service, {
          ...(r.name !== undefined ? { name: r.name } : {}),
          noDeps: r.no_deps,
          servicePorts: r.service_ports,
          useAliases: r.use_aliases,
          ...(r.registry_auth_json !== '' ? { registryAuth: parseAuths(r.registry_auth_json) } : {}),
          adjust: (o) => {
            const labels = { ...(o.labels ?? {}) };
            for (const l of r.labels) {
              const i = l.indexOf('=');
              labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? '' : l.slice(i + 1);
            }
            return {
              ...o,
              labels,
              ...(r.command.length > 0 ? { command: r.command } : {}),
              ...(r.entrypoint !== undefined ? { entrypoint: r.entrypoint === '' ? [] : r.entrypoint } : {}),
              ...(r.env.length > 0 ? { env: [...(o.env ?? []), ...r.env] } : {}),
              ...(r.volumes.length > 0 ? { volumes: [...(o.volumes ?? []), ...r.volumes] } : {}),
              ...(r.user !== undefined ? { user: r.user } : {}),
              ...(r.workdir !== undefined ? { workdir: r.workdir } : {}),
              tty: r.tty,
              interactive: r.interactive,
              ...(r.rm ? { autoRemove: true, restartPolicy: 'no' } : { restartPolicy: 'no' }),
              ...(r.publish.length > 0 ? { publish: [...(o.publish ?? []), ...r.publish.flatMap(parsePublish)] } : {}),
            };
          },
        }, () => undefined);
      })().then((res) => callback(null, res), (e: unknown) => callback(toStatus(e)));
    },

    StackList: (call, callback) => {
      try {
        const byProject = new Map<string, { states: Map<string, number>; files: Set<string> }>();
        for (const c of ctx.engine.list({ all: true })) {
          const p = c.Labels[LABEL.project];
          if (p === undefined) continue;
          const entry = byProject.get(p) ?? { states: new Map<string, number>(), files: new Set<string>() };
          entry.states.set(c.State, (entry.states.get(c.State) ?? 0) + 1);
          for (const f of (c.Labels[LABEL.configFiles] ?? '').split(',')) if (f !== '') entry.files.add(f);
          byProject.set(p, entry);
        }
        const out = [...byProject].filter(([, e]) => call.request.all || e.states.has('running')).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, e]) => ({
          name,
          status: [...e.states].sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, n]) => `${s}(${n})`).join(', '),
          config_files: [...e.files].join(','),
        }));
        callback(null, { stacks: out });
      } catch (e) {
        callback(toStatus(e));
      }
    },
  };
}
