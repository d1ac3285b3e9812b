/**
 * `orc exec` options → the OCI `process` object the runtime's `exec
 * --process` takes. The container's own process is the base: its
 * capabilities, no_new_privs, rlimits and environment carry over unless an
 * option says otherwise, as with `docker exec`.
 */
import { OrcError } from '../../common/errors.js';
import { ALL_CAPABILITIES } from './defaults.js';
import { replaceOrAppend } from './oci-spec.js';
import type { OciProcess } from './oci-types.js';
import { resolveUser } from './user.js';

export interface ExecOptions {
  /** The command and its arguments (required). */
  command: readonly string[];
  /** `-e KEY=VALUE` (a bare KEY takes the value from `hostEnv`). */
  env?: readonly string[];
  /** `-w`, absolute. */
  workdir?: string;
  /** `-u user[:group]`, names or numbers, resolved in the container's /etc/passwd and /etc/group. */
  user?: string;
  /** `-t`. */
  tty?: boolean;
  /** `--privileged`: every capability. */
  privileged?: boolean;
}

export interface ExecInput {
  /** The container's process (its config.json). */
  base: OciProcess;
  options: ExecOptions;
  passwd?: string;
  group?: string;
  hostEnv?: Readonly<Record<string, string | undefined>>;
}

function usage(option: string, message: string): OrcError {
  return new OrcError('ORC_USAGE', `${option}: ${message}`);
}

export function execProcess(input: ExecInput): OciProcess {
  const { base, options } = input;
  if (options.command.length === 0 || options.command[0] === '') throw usage('orc exec', 'no command specified');
  if (options.workdir !== undefined && !options.workdir.startsWith('/')) {
    throw usage('-w', `the working directory "${options.workdir}" is not an absolute path`);
  }
  const overrides: string[] = [];
  for (const e of options.env ?? []) {
    const eq = e.indexOf('=');
    const key = eq < 0 ? e : e.slice(0, eq);
    if (key === '' || /\s/.test(key)) throw usage('-e', `invalid environment variable: ${e}`);
    if (eq >= 0) overrides.push(e);
    else {
      const v = input.hostEnv?.[key];
      if (v !== undefined) overrides.push(`${key}=${v}`);
    }
  }
  if (options.tty === true && !base.env.some((e) => e.startsWith('TERM=')) && !overrides.some((e) => e.startsWith('TERM='))) overrides.push('TERM=xterm');
  let env = replaceOrAppend([...base.env], overrides);

  let user = base.user;
  let caps = base.capabilities;
  if (options.user !== undefined) {
    const u = resolveUser(options.user, [], input.passwd, input.group);
    user = { uid: u.uid, gid: u.gid, ...(u.additionalGids.length > 0 ? { additionalGids: u.additionalGids } : {}) };
    // HOME follows the user, as the runtime would set it from passwd.
    env = replaceOrAppend(env, [`HOME=${u.home}`]);
  }
  const bounding = options.privileged === true ? [...ALL_CAPABILITIES] : caps.bounding;
  const root = user.uid === 0;
  // As at create: a non-root user keeps only the bounding set.
  caps = { ...caps, bounding, effective: root ? bounding : [], permitted: root ? bounding : [] };

  return {
    ...base,
    terminal: options.tty === true,
    user,
    args: [...options.command],
    env,
    cwd: options.workdir ?? base.cwd,
    capabilities: caps,
  };
}
