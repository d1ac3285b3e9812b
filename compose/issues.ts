/**
 * What the compose front end reports: every problem found in a project, each
 * with a stable code, the key path inside the document and, where known, the
 * file:line:column it came from. A load that finds any error throws one
 * ComposeError carrying all of them.
 */
import { OrcError } from '../common/errors.js';

export type ComposeIssueCode =
  | 'COMPOSE_FILE_NOT_FOUND' // no compose file found, or a -f/include/extends/env file missing
  | 'COMPOSE_FILE_READ' // a file exists but could not be read
  | 'COMPOSE_YAML' // YAML syntax, duplicate keys, alias abuse, non-mapping top level
  | 'COMPOSE_INTERPOLATION' // malformed ${...} expression
  | 'COMPOSE_REQUIRED_VARIABLE' // ${VAR:?msg} / ${VAR?msg} with VAR missing
  | 'COMPOSE_UNSET_VARIABLE' // warning: $VAR not set, "" used
  | 'COMPOSE_SCHEMA' // the document does not match the Compose schema
  | 'COMPOSE_INVALID_VALUE' // a value the schema allows but that cannot be understood (bad port, size, duration…)
  | 'COMPOSE_MERGE' // !reset/!override misuse, include conflicts
  | 'COMPOSE_EXTENDS' // extends of a missing service or file, or an extends cycle
  | 'COMPOSE_INCLUDE' // include problems
  | 'COMPOSE_PROJECT_NAME' // an explicitly given project name is not valid
  | 'COMPOSE_DEPENDENCY_CYCLE' // depends_on forms a cycle
  | 'COMPOSE_UNDEFINED_REFERENCE' // reference to an undefined service/network/volume/secret/config
  | 'COMPOSE_DUPLICATE_CONTAINER_NAME'
  | 'COMPOSE_CONTAINER_NAME_SCALE' // container_name with more than one replica
  | 'COMPOSE_PORT_CONFLICT' // warning: two services publish the same host ip:port/protocol
  | 'COMPOSE_NO_SUCH_SERVICE' // a service named on the command line does not exist
  | 'COMPOSE_OBSOLETE' // warning: a key that is accepted and ignored (version)
  | 'COMPOSE_INTERNAL'; // a defect in orc itself, not in the file

export type Severity = 'error' | 'warning';

export interface SourcePos {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

/** A key path inside a compose document: ['services', 'web', 'ports', 0]. */
export type KeyPath = ReadonlyArray<string | number>;

export interface ComposeIssue {
  code: ComposeIssueCode;
  severity: Severity;
  message: string;
  /** Key path as Compose prints it: services.web.ports[0] ('' for the whole document). */
  path: string;
  pos?: SourcePos;
}

/** What a stage hands to `report`: the path is resolved to a position by the loader. */
export interface IssueReport {
  code: ComposeIssueCode;
  severity?: Severity;
  message: string;
  path: KeyPath;
  /** When the reporter knows the position itself (YAML errors, env files). */
  pos?: SourcePos;
}

export type Reporter = (issue: IssueReport) => void;

export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export function formatPos(pos: SourcePos | undefined): string {
  return pos ? `${pos.file}:${pos.line}:${pos.col}` : '';
}

/** One line per issue: `file:line:col: path: message [CODE]` (callers add the severity). */
export function formatIssue(issue: ComposeIssue): string {
  const where = [formatPos(issue.pos), issue.path].filter((s) => s !== '').join(': ');
  return `${where === '' ? '' : `${where}: `}${issue.message} [${issue.code}]`;
}

export class ComposeError extends OrcError {
  readonly issues: readonly ComposeIssue[];

  constructor(issues: readonly ComposeIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    const head = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    super('ORC_INVALID_SPEC', `invalid compose project (${head}):\n${errors.map(formatIssue).join('\n')}`);
    this.name = 'ComposeError';
    this.issues = issues;
  }
}
