/**
 * What every normaliser receives: the caller's context and one way to report
 * a problem at a key path of the raw document.
 */
import type { ComposeIssueCode, KeyPath, Reporter, Severity, SourcePos } from '../issues.js';

export interface NormaliseContext {
  projectName: string;
  /** absolute; relative paths resolve against it */
  projectDir: string;
  /** resolved environment (shell > .env > --env-file), for `environment: [KEY]` without value */
  env: Readonly<Record<string, string>>;
  /** for env_file contents; undefined when missing */
  readFile(path: string): string | undefined;
  /** for ~ in paths */
  homeDir: string;
  report: Reporter;
}

/** The context plus the helpers the normalisers share. */
export class Scope {
  constructor(readonly ctx: NormaliseContext) {}

  /** A value the schema allows but that cannot be understood. */
  invalid(path: KeyPath, message: string, severity: Severity = 'error'): void {
    this.issue('COMPOSE_INVALID_VALUE', path, message, severity);
  }

  issue(code: ComposeIssueCode, path: KeyPath, message: string, severity: Severity = 'error', pos?: SourcePos): void {
    this.ctx.report({ code, message, path: [...path], severity, ...(pos ? { pos } : {}) });
  }

  /** The value of `name` in the project environment, when set. */
  envValue(name: string): string | undefined {
    const env = this.ctx.env;
    if (!Object.prototype.hasOwnProperty.call(env, name)) return undefined;
    const v = env[name];
    return typeof v === 'string' ? v : undefined;
  }
}
