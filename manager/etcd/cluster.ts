/**
 * The etcd membership, through a client of the running cluster: list, add
 * (returning the --initial-cluster the new member must start with) and
 * remove. Member ids are etcd's own (hex, never reused).
 */
import type { Etcd3, IMember } from 'etcd3';
import { OrcError } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { callOptions, etcdError } from './client.js';

export interface EtcdMemberInfo {
  /** Hex, as etcd prints it. */
  id: string;
  /** Empty until the member has started. */
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

export function memberIdHex(decimal: string): string {
  return BigInt(decimal).toString(16);
}

function info(m: IMember): EtcdMemberInfo {
  return { id: memberIdHex(m.ID), name: m.name, peerUrls: [...m.peerURLs], clientUrls: [...m.clientURLs], isLearner: m.isLearner };
}

export interface MembershipOptions {
  /** Per call (default 5 s). */
  timeoutMs?: number;
  clock?: Clock;
}

export async function listMembers(client: Etcd3, o: MembershipOptions = {}): Promise<EtcdMemberInfo[]> {
  try {
    const res = await client.cluster.memberList({ linearizable: true }, callOptions(o.timeoutMs));
    return res.members.map(info);
  } catch (e) {
    throw etcdError(e, 'listing the etcd members');
  }
}

/** The --initial-cluster of a membership: name=peerUrl for every peer URL (an unstarted member is named by its id). */
export function initialClusterOf(members: readonly EtcdMemberInfo[], names: ReadonlyMap<string, string> = new Map()): string {
  const parts: string[] = [];
  for (const m of members) {
    const name = names.get(m.id) ?? (m.name !== '' ? m.name : m.id);
    for (const url of m.peerUrls) parts.push(`${name}=${url}`);
  }
  return parts.join(',');
}

// etcd refuses to add a member while the cluster could lose its quorum by it
// (--strict-reconfig-check): every voting member must have been connected for
// 5 s and a quorum of the new size must have started. Both pass with time.
const NOT_YET = /unhealthy cluster|not enough started members|re-configuration failed due to not enough started members/i;

export interface AddMemberOptions extends MembershipOptions {
  /** How long to retry while etcd says the cluster is not ready for another member (default 30 s). */
  readyTimeoutMs?: number;
}

/**
 * Adds a voting member with this peer URL and returns its id and the
 * --initial-cluster it must start with (state 'existing'), under `name`.
 * Adding a peer URL that is already a member which has not started yet
 * returns that member again (a join retried after a crash).
 */
export async function addMember(client: Etcd3, name: string, peerUrl: string, o: AddMemberOptions = {}): Promise<{ memberId: string; initialCluster: string }> {
  const clock = o.clock ?? systemClock;
  const deadline = clock.now() + (o.readyTimeoutMs ?? 30_000);
  for (;;) {
    const members = await listMembers(client, o);
    const existing = members.find((m) => m.peerUrls.includes(peerUrl));
    if (existing !== undefined) {
      if (existing.name !== '' && existing.name !== name) {
        throw new OrcError('ORC_CONFLICT', `the etcd peer URL ${peerUrl} belongs to member ${existing.name} (${existing.id}): remove it first`);
      }
      return { memberId: existing.id, initialCluster: initialClusterOf(members, new Map([[existing.id, name]])) };
    }
    try {
      const res = await client.cluster.memberAdd({ peerURLs: [peerUrl], isLearner: false }, callOptions(o.timeoutMs));
      const id = memberIdHex(res.member.ID);
      return { memberId: id, initialCluster: initialClusterOf(res.members.map(info), new Map([[id, name]])) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!NOT_YET.test(message) || clock.now() >= deadline) throw etcdError(e, `adding the etcd member ${name} (${peerUrl})`);
      await clock.sleep(500);
    }
  }
}

/** Removes a member by its hex id; removing an id that is not a member is not an error. */
export async function removeMember(client: Etcd3, memberIdHexId: string, o: MembershipOptions = {}): Promise<void> {
  if (!/^[0-9a-f]{1,16}$/i.test(memberIdHexId)) throw new OrcError('ORC_USAGE', `${memberIdHexId} is not an etcd member id (hex)`);
  const id = BigInt(`0x${memberIdHexId}`).toString();
  try {
    await client.cluster.memberRemove({ ID: id }, callOptions(o.timeoutMs));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/member not found/i.test(message)) return;
    throw etcdError(e, `removing the etcd member ${memberIdHexId}`);
  }
}
