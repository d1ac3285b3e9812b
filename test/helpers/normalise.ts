/**
 * The harness of the compose/normalise tests: normaliseProject with a fixed
 * test context (project `proj` in /project, home /home/u, no environment, no
 * readable files) that collects the reported issues.
 */
import type { IssueReport, KeyPath } from '../../compose/issues.js';
import { normaliseProject, type NormaliseContext } from '../../compose/normalise/index.js';
import type { ComposeModel, ServiceSpec } from '../../compose/spec.js';

export interface Normalised {
  model: ComposeModel;
  issues: IssueReport[];
}

/**
 * Normalises `doc`; `ctx` overrides parts of the test context. The issues are
 * collected unless `ctx` brings its own `report`.
 */
export function normalise(doc: Record<string, unknown>, ctx: Partial<NormaliseContext> = {}): Normalised {
  const issues: IssueReport[] = [];
  const model = normaliseProject(doc, {
    projectName: 'proj',
    projectDir: '/project',
    env: {},
    homeDir: '/home/u',
    readFile: () => undefined,
    report: (i) => issues.push(i),
    ...ctx,
  });
  return { model, issues };
}

export interface WebOptions {
  /** further services, after `web` */
  services?: Record<string, unknown>;
  /** further top-level keys, after `services` */
  top?: Record<string, unknown>;
  ctx?: Partial<NormaliseContext>;
}

/** Normalises a project whose service `web` is `{ image: 'nginx', ...service }`, and returns that service. */
export function normaliseWeb(service: Record<string, unknown>, opts: WebOptions = {}): { service: ServiceSpec; issues: IssueReport[] } {
  const { model, issues } = normalise({ services: { web: { image: 'nginx', ...service }, ...opts.services }, ...opts.top }, opts.ctx);
  return { service: model.services['web'] ?? {}, issues };
}

/** Each issue as `[code, path]`, for comparing what was reported where. */
export function issuePaths(issues: readonly IssueReport[]): Array<[string, KeyPath]> {
  return issues.map((i) => [i.code, i.path]);
}
