/**
 * `-u user[:group]` and `--group-add` resolved against the image's
 * /etc/passwd and /etc/group, with Docker's (runc's) rules and messages:
 * numbers need no entry, names must have one; a user matched in passwd
 * brings its primary group, home and supplementary groups (unless a group
 * is given).
 */
import { OrcError } from '../../common/errors.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home: string;
}

const MAX_ID = 2 ** 31 - 1;

function parseId(s: string): number | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n > MAX_ID) {
    throw new OrcError('ORC_USAGE', `--user: uids and gids must be in range 0-${MAX_ID}, got ${s}`);
  }
  return n;
}

/** Lines of `name:x:uid:gid:gecos:home:shell`; malformed lines are skipped, as libc does. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 4 || f[0] === undefined || f[0] === '' || f[0].startsWith('#')) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || f[2] === '' || f[3] === '') continue;
    out.push({ name: f[0], uid, gid, home: f[5] ?? '' });
  }
  return out;
}

/** Lines of `name:x:gid:member,member`. */
export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 3 || f[0] === undefined || f[0] === '' || f[0].startsWith('#')) continue;
    const gid = Number(f[2]);
    if (!Number.isInteger(gid) || f[2] === '') continue;
    out.push({ name: f[0], gid, members: (f[3] ?? '').split(',').filter((m) => m !== '') });
  }
  return out;
}

/**
 * Resolves `spec` (`user`, `uid`, `user:group`, `uid:gid`, … ; '' is root)
 * plus `groupAdd`. `passwd`/`group` are the image's files (undefined when the
 * image has none: then only numbers resolve).
 */
export function resolveUser(spec: string, groupAdd: readonly string[], passwd: string | undefined, group: string | undefined): ResolvedUser {
  const users = parsePasswd(passwd ?? '');
  const groups = parseGroup(group ?? '');
  const [userPart = '', groupPart, ...rest] = spec.split(':');
  if (rest.length > 0) throw new OrcError('ORC_USAGE', `--user: invalid value "${spec}" (expected user[:group])`);

  let uid = 0;
  let gid = 0;
  let home = '/';
  let matched: PasswdEntry | undefined;
  if (userPart !== '') {
    const n = parseId(userPart);
    matched = n === undefined ? users.find((u) => u.name === userPart) : users.find((u) => u.uid === n);
    if (matched === undefined && n === undefined) {
      throw new OrcError('ORC_NOT_FOUND', `--user: unable to find user ${userPart}: no matching entries in passwd file`);
    }
    uid = n ?? (matched as PasswdEntry).uid;
  } else {
    matched = users.find((u) => u.uid === 0);
  }
  if (matched !== undefined) {
    gid = matched.gid;
    if (matched.home !== '') home = matched.home;
  }

  let additional: number[] = [];
  if (groupPart !== undefined && groupPart !== '') {
    gid = lookupGroup(groupPart, groups, '--user');
  } else if (matched !== undefined) {
    const name = matched.name;
    additional = groups.filter((g) => g.members.includes(name)).map((g) => g.gid);
  }
  for (const g of groupAdd) additional.push(lookupGroup(g, groups, '--group-add'));
  const unique = [...new Set(additional)];
  return { uid, gid, additionalGids: unique, home };
}

function lookupGroup(spec: string, groups: GroupEntry[], option: string): number {
  const n = parseId(spec);
  if (n !== undefined) return n;
  const g = groups.find((x) => x.name === spec);
  if (g === undefined) throw new OrcError('ORC_NOT_FOUND', `${option}: unable to find group ${spec}: no matching entries in group file`);
  return g.gid;
}
