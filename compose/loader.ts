/**
 * The compose front end end to end: files + environment → StackSpec.
 *
 *   resolve files, project dir and environment
 *   → per file: parse YAML, interpolate, validate against the schema
 *   → merge files → include → extends → profiles
 *   → normalise → semantic checks → dependency graph
 *
 * Every problem is collected with its file:line:col; the load fails with one
 * ComposeError listing all of them, and never with an untyped error.
 */
import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { OrcError } from '../common/errors.js';
import { buildDependencyGraph } from './graph.js';
import {
  ComposeError,
  formatKeyPath,
  type ComposeIssue,
  type IssueReport,
  type KeyPath,
  type SourcePos,
} from './issues.js';
import { isMap, mergeDocuments, mergeService, stripMarkers, withoutMarkers } from './merge.js';
import { normaliseProject } from './normalise/index.js';
import { rebaseDocument, rebaseService, resolvePath } from './paths.js';
import { selectServices } from './profiles.js';
import {
  discoverFiles,
  loadEnvironment,
  normaliseProjectName,
  PROJECT_NAME_RE,
  COMPOSE_FILE_NAMES,
  type ComposeFs,
} from './project.js';
import { validateComposeDocument } from './schema/validate.js';
import { checkProject } from './semantic.js';
import { carryKey, carryNode, locate } from './source-map.js';
import type { StackSpec } from './spec.js';
import { readComposeYaml, type Data, type DataMap } from './yaml-source.js';

export interface LoadOptions {
  /** the working directory files and flags are relative to */
  cwd: string;
  /** the shell environment */
  env: Readonly<Record<string, string | undefined>>;
  /** -f files ('-' for stdin); when absent: COMPOSE_FILE, then discovery */
  files?: readonly string[];
  projectDirectory?: string;
  projectName?: string;
  envFiles?: readonly string[];
  /** --profile; when absent: COMPOSE_PROFILES */
  profiles?: readonly string[];
  /** services named on the command line */
  services?: readonly string[];
  /** false for --no-interpolate */
  interpolate?: boolean;
  fs?: ComposeFs;
  stdin?: () => string;
  homeDir?: string;
}

export interface LoadResult {
  spec: StackSpec;
  warnings: ComposeIssue[];
}

export const nodeFs: ComposeFs = {
  readFile: (path) => readFileSync(path, 'utf8'),
  exists: (path) => existsSync(path),
};

const MAX_INCLUDE_DEPTH = 32;

export function loadProject(opts: LoadOptions): LoadResult {
  const load = new Load(opts);
  try {
    return load.run();
  } catch (e) {
    if (e instanceof OrcError) throw e;
    load.issues.push({
      code: 'COMPOSE_INTERNAL',
      severity: 'error',
      path: '',
      message: `internal error while loading the project: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    });
    throw new ComposeError(load.issues);
  }
}

interface Model {
  doc: DataMap;
  projectDir: string;
}

class Load {
  readonly issues: ComposeIssue[] = [];
  private readonly fs: ComposeFs;
  private readonly home: string;
  private readonly shell: Readonly<Record<string, string | undefined>>;
  private readonly unsetSeen = new Set<string>();
  private readonly extendsFiles = new Map<string, DataMap | undefined>();
  /** documents that use !reset or !override */
  private readonly tagged = new WeakSet<DataMap>();
  /** Where schema errors were found: later stages stay quiet about what lies inside them. */
  private readonly schemaFailures: KeyPath[] = [];

  constructor(private readonly opts: LoadOptions) {
    this.fs = opts.fs ?? nodeFs;
    this.home = opts.homeDir ?? opts.env['HOME'] ?? homedir();
    this.shell = opts.env;
  }

  private report(issue: IssueReport, root?: unknown): void {
    if (issue.code !== 'COMPOSE_SCHEMA' && this.schemaFailures.some((p) => isPrefix(p, issue.path))) return;
    const pos = issue.pos ?? (root === undefined ? undefined : locate(root, issue.path));
    this.issues.push({
      code: issue.code,
      severity: issue.severity ?? 'error',
      message: issue.message,
      path: formatKeyPath(issue.path),
      ...(pos ? { pos } : {}),
    });
  }

  private get failed(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }

  private stopIfFailed(): void {
    if (this.failed) throw new ComposeError(sortIssues(this.issues));
  }

  /** How a file is named in messages: relative to the working directory when below it. */
  private label(file: string): string {
    if (file === '-') return '(stdin)';
    const rel = relative(this.opts.cwd, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  }

  run(): LoadResult {
    const { opts } = this;
    const startDir = resolve(opts.cwd, opts.projectDirectory ?? '.');
    const files = this.resolveFiles(startDir);
    this.stopIfFailed();
    const first = files[0] as string;
    const projectDir =
      opts.projectDirectory !== undefined ? startDir : first === '-' ? resolve(opts.cwd) : dirname(first);
    const envFiles = (opts.envFiles ?? []).map((f) => resolve(opts.cwd, f));
    const envLoad = loadEnvironment(this.shell, join(projectDir, '.env'), envFiles, this.fs);
    for (const issue of envLoad.issues) this.report(issue);
    this.stopIfFailed();
    const env = envLoad.env;

    // schema errors do not stop the load here: later stages report what else is wrong
    const model = this.loadModel(files, projectDir, env, [], 0);
    if (!model) throw new ComposeError(sortIssues(this.issues));
    const doc = model.doc;

    const name = this.projectName(doc, env, projectDir);
    const rawServices = isMap(doc['services']) ? doc['services'] : {};
    const enabled =
      opts.profiles !== undefined && opts.profiles.length > 0
        ? [...opts.profiles]
        : (env['COMPOSE_PROFILES'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
    const selection = selectServices(rawServices, enabled, opts.services ?? []);
    for (const unknown of selection.unknown) {
      this.report({ code: 'COMPOSE_NO_SUCH_SERVICE', message: `no such service: ${unknown}`, path: [] });
    }
    const active: DataMap = {};
    carryNode(rawServices, active);
    for (const n of Object.keys(rawServices)) {
      if (!selection.active.has(n)) continue;
      Object.defineProperty(active, n, { value: rawServices[n], enumerable: true, writable: true, configurable: true });
      carryKey(rawServices, n, active, n);
    }
    const selected: DataMap = { ...doc, services: active };
    carryNode(doc, selected);
    for (const k of Object.keys(doc)) carryKey(doc, k, selected, k);

    const report = (issue: IssueReport): void => this.report(issue, doc);
    const model2 = normaliseProject(selected, {
      projectName: name,
      projectDir,
      env,
      readFile: (path) => {
        try {
          return this.fs.readFile(path);
        } catch {
          return undefined;
        }
      },
      homeDir: this.home,
      report,
    });
    model2.name = name;
    checkProject(model2, report);
    this.stopIfFailed();
    const spec: StackSpec = {
      ...model2,
      projectDir,
      composeFiles: files,
      profiles: enabled,
      allProfiles: selection.allProfiles,
      disabledServices: selection.disabled,
      dependencies: buildDependencyGraph(model2.services),
    };
    return { spec, warnings: sortIssues(this.issues) };
  }

  private resolveFiles(startDir: string): string[] {
    const { opts } = this;
    if (opts.files !== undefined && opts.files.length > 0) {
      return opts.files.map((f) => (f === '-' ? '-' : resolve(opts.cwd, f)));
    }
    // COMPOSE_FILE may come from the shell or from .env in the working/project directory
    let composeFile = this.shell['COMPOSE_FILE'];
    let separator = this.shell['COMPOSE_PATH_SEPARATOR'];
    if (composeFile === undefined) {
      const dotEnv = loadEnvironment({}, join(startDir, '.env'), [], this.fs);
      composeFile = dotEnv.env['COMPOSE_FILE'];
      separator ??= dotEnv.env['COMPOSE_PATH_SEPARATOR'];
    }
    if (composeFile !== undefined && composeFile !== '') {
      return composeFile
        .split(separator ?? ':')
        .filter((f) => f !== '')
        .map((f) => resolve(startDir, f));
    }
    const found = discoverFiles(startDir, this.fs);
    if (!found) {
      this.report({
        code: 'COMPOSE_FILE_NOT_FOUND',
        message: `no compose file found in ${startDir} or its parents (looked for ${COMPOSE_FILE_NAMES.join(', ')})`,
        path: [],
      });
      return [];
    }
    return found;
  }

  private projectName(doc: DataMap, env: Record<string, string>, projectDir: string): string {
    const explicit: Array<[string | undefined, string]> = [
      [this.opts.projectName, 'the project name given with -p'],
      [env['COMPOSE_PROJECT_NAME'], 'COMPOSE_PROJECT_NAME'],
      [typeof doc['name'] === 'string' ? doc['name'] : undefined, 'the top-level name'],
    ];
    for (const [value, source] of explicit) {
      if (value === undefined || value === '') continue;
      if (!PROJECT_NAME_RE.test(value)) {
        this.report(
          {
            code: 'COMPOSE_PROJECT_NAME',
            message: `${source} ${JSON.stringify(value)} is not a valid project name: use lowercase letters, digits, dashes and underscores, starting with a letter or digit`,
            path: source === 'the top-level name' ? ['name'] : [],
          },
          doc,
        );
      }
      return value;
    }
    const derived = normaliseProjectName(projectDir.split('/').filter((p) => p !== '').pop() ?? '');
    if (derived === '') {
      this.report({
        code: 'COMPOSE_PROJECT_NAME',
        message: `cannot derive a project name from ${projectDir}: set one with -p or a top-level name:`,
        path: [],
      });
    }
    return derived;
  }

  /** Reads, interpolates and validates one file; undefined when it cannot be used. */
  private parseFile(file: string, env: Record<string, string>): DataMap | undefined {
    const label = this.label(file);
    let text: string;
    try {
      text = file === '-' ? (this.opts.stdin ?? (() => readFileSync(0, 'utf8')))() : this.fs.readFile(file);
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      this.report({
        code: missing ? 'COMPOSE_FILE_NOT_FOUND' : 'COMPOSE_FILE_READ',
        message: missing ? `compose file ${label} not found` : `cannot read ${label}: ${(e as Error).message}`,
        path: [],
      });
      return undefined;
    }
    const interpolating = this.opts.interpolate !== false;
    const parsed = readComposeYaml(text, {
      file: label,
      lookup: interpolating ? (name) => env[name] : undefined,
      report: (issue) => this.report(issue),
      onUnset: (name, path, pos) => this.warnUnset(name, path, pos),
    });
    if (!parsed) return undefined;
    const data = parsed.data;
    if (parsed.tagged) this.tagged.add(data);
    const schemaIssues = validateComposeDocument(parsed.tagged ? withoutMarkers(data) : data);
    for (const issue of schemaIssues) {
      this.report({ code: 'COMPOSE_SCHEMA', message: issue.message, path: issue.path }, data);
      this.schemaFailures.push(issue.path);
    }
    if (Object.prototype.hasOwnProperty.call(data, 'version')) {
      this.report(
        {
          code: 'COMPOSE_OBSOLETE',
          severity: 'warning',
          message: 'the top-level `version` is obsolete and ignored',
          path: ['version'],
        },
        data,
      );
    }
    return data;
  }

  private warnUnset(name: string, path: KeyPath, pos: SourcePos): void {
    if (this.unsetSeen.has(name)) return;
    this.unsetSeen.add(name);
    this.report({
      code: 'COMPOSE_UNSET_VARIABLE',
      severity: 'warning',
      message: `the ${JSON.stringify(name)} variable is not set: using a blank string`,
      path,
      pos,
    });
  }

  /** Files of one project merged, with its includes and extends resolved. */
  private loadModel(
    files: readonly string[],
    projectDir: string,
    env: Record<string, string>,
    chain: readonly string[],
    depth: number,
  ): Model | undefined {
    const docs: DataMap[] = [];
    for (const file of files) {
      const doc = this.parseFile(file, env);
      if (doc) docs.push(doc);
    }
    if (docs.length !== files.length) return undefined;
    const tagged = docs.some((d) => this.tagged.has(d));
    let doc = docs[0] as DataMap;
    for (const next of docs.slice(1)) doc = mergeDocuments(doc, next);
    if (tagged) doc = stripMarkers(doc) as DataMap;
    if (Array.isArray(doc['include'])) this.applyIncludes(doc, projectDir, [...chain, ...files], depth);
    delete doc['include'];
    this.resolveExtends(doc, projectDir, env);
    return { doc, projectDir };
  }

  private applyIncludes(doc: DataMap, projectDir: string, chain: readonly string[], depth: number): void {
    const entries = doc['include'] as Data[];
    entries.forEach((entry, i) => {
      const path: KeyPath = ['include', i];
      const spec: DataMap = isMap(entry) ? entry : { path: entry };
      const rawPaths = Array.isArray(spec['path']) ? spec['path'] : [spec['path']];
      const files = rawPaths.filter((p): p is string => typeof p === 'string').map((p) => resolvePath(projectDir, p, this.home));
      if (files.length === 0) return;
      const first = files[0] as string;
      if (depth >= MAX_INCLUDE_DEPTH || chain.includes(first)) {
        this.report(
          { code: 'COMPOSE_INCLUDE', message: `include cycle: ${[...chain, first].map((f) => this.label(f)).join(' -> ')}`, path },
          doc,
        );
        return;
      }
      const subDir =
        typeof spec['project_directory'] === 'string' ? resolvePath(projectDir, spec['project_directory'], this.home) : dirname(first);
      const envSpec = spec['env_file'];
      const envFiles = (Array.isArray(envSpec) ? envSpec : envSpec === undefined ? [] : [envSpec])
        .filter((p): p is string => typeof p === 'string')
        .map((p) => resolvePath(projectDir, p, this.home));
      const envLoad = loadEnvironment(this.shell, envFiles.length > 0 ? undefined : join(subDir, '.env'), envFiles, this.fs);
      for (const issue of envLoad.issues) this.report({ ...issue, path }, doc);
      const sub = this.loadModel(files, subDir, envLoad.env, chain, depth + 1);
      if (!sub) return;
      rebaseDocument(sub.doc, subDir, this.home);
      for (const kind of ['services', 'networks', 'volumes', 'secrets', 'configs', 'models']) {
        const incoming = sub.doc[kind];
        if (!isMap(incoming)) continue;
        let target = doc[kind];
        if (!isMap(target)) {
          target = {};
          doc[kind] = target;
        }
        for (const [name, value] of Object.entries(incoming)) {
          if (Object.prototype.hasOwnProperty.call(target, name)) {
            if (kind === 'services' || !isDeepStrictEqual(target[name], value)) {
              this.report(
                {
                  code: 'COMPOSE_INCLUDE',
                  message: `${kind.slice(0, -1)} ${JSON.stringify(name)} from ${this.label(first)} conflicts with one already defined`,
                  path,
                },
                doc,
              );
            }
            continue;
          }
          Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
          carryKey(incoming, name, target, name);
        }
      }
    });
  }

  /** Replaces every service that uses `extends` by its merge onto the service it extends. */
  private resolveExtends(doc: DataMap, dir: string, env: Record<string, string>): void {
    const services = doc['services'];
    if (!isMap(services)) return;
    const done = new Map<string, Data>();
    for (const name of Object.keys(services)) {
      services[name] = this.extended(services, name, dir, dir, env, doc, [], done);
    }
  }

  private extended(
    services: DataMap,
    name: string,
    dir: string,
    fileKey: string,
    env: Record<string, string>,
    root: DataMap,
    chain: readonly string[],
    done: Map<string, Data>,
  ): Data {
    const key = `${fileKey}#${name}`;
    const cached = done.get(key);
    if (cached !== undefined) return cached;
    const service = services[name] as Data;
    if (!isMap(service) || service['extends'] === undefined) return service;
    const path: KeyPath = ['services', name, 'extends'];
    const own: DataMap = {};
    carryNode(service, own);
    for (const k of Object.keys(service)) {
      if (k === 'extends') continue;
      Object.defineProperty(own, k, { value: service[k], enumerable: true, writable: true, configurable: true });
      carryKey(service, k, own, k);
    }
    if (chain.includes(key)) {
      const names = [...chain, key].map((k) => k.split('#').pop() ?? k);
      this.report({ code: 'COMPOSE_EXTENDS', message: `extends cycle: ${names.join(' -> ')}`, path }, root);
      return own;
    }
    const ext = service['extends'];
    const baseName = typeof ext === 'string' ? ext : isMap(ext) ? String(ext['service']) : '';
    const file = isMap(ext) && typeof ext['file'] === 'string' ? resolvePath(dir, ext['file'], this.home) : undefined;
    let base: Data;
    if (file !== undefined) {
      const other = this.extendsFile(file, env, path, root);
      if (!other) return own;
      const otherServices = isMap(other['services']) ? other['services'] : {};
      if (!Object.prototype.hasOwnProperty.call(otherServices, baseName)) {
        this.report(
          { code: 'COMPOSE_EXTENDS', message: `cannot extend service ${JSON.stringify(baseName)}: not defined in ${this.label(file)}`, path },
          root,
        );
        return own;
      }
      base = this.extended(otherServices, baseName, dirname(file), file, env, other, [...chain, key], done);
      rebaseService(base, dirname(file), this.home);
    } else {
      if (!Object.prototype.hasOwnProperty.call(services, baseName)) {
        this.report(
          { code: 'COMPOSE_EXTENDS', message: `cannot extend service ${JSON.stringify(baseName)}: no such service`, path },
          root,
        );
        return own;
      }
      base = this.extended(services, baseName, dir, fileKey, env, root, [...chain, key], done);
    }
    const merged = mergeService(base, own);
    done.set(key, merged);
    return merged;
  }

  private extendsFile(file: string, env: Record<string, string>, path: KeyPath, root: DataMap): DataMap | undefined {
    if (!this.extendsFiles.has(file)) {
      if (!this.fs.exists(file)) {
        this.report({ code: 'COMPOSE_EXTENDS', message: `cannot extend from ${this.label(file)}: file not found`, path }, root);
        this.extendsFiles.set(file, undefined);
      } else {
        const doc = this.parseFile(file, env);
        this.extendsFiles.set(file, doc && this.tagged.has(doc) ? (stripMarkers(doc) as DataMap) : doc);
      }
    }
    return this.extendsFiles.get(file);
  }
}

function isPrefix(prefix: KeyPath, path: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => k === path[i]);
}

/** Errors and warnings in file order, then line, then column; unplaced ones first. */
function sortIssues(issues: ComposeIssue[]): ComposeIssue[] {
  const fileOrder = new Map<string, number>();
  for (const i of issues) if (i.pos && !fileOrder.has(i.pos.file)) fileOrder.set(i.pos.file, fileOrder.size);
  return issues
    .map((issue, n) => ({ issue, n }))
    .sort((a, b) => {
      const pa = a.issue.pos;
      const pb = b.issue.pos;
      if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0) || a.n - b.n;
      return (
        (fileOrder.get(pa.file) ?? 0) - (fileOrder.get(pb.file) ?? 0) || pa.line - pb.line || pa.col - pb.col || a.n - b.n
      );
    })
    .map((x) => x.issue);
}
