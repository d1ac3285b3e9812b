/**
 * Specs of networks, secrets, configs, nodes and the cluster as a caller
 * sent them → complete, checked specs; and what of an object may leave the
 * manager (a secret without its data, the cluster without its CA key).
 */
import type { Cluster, ClusterSpec, Kind, Kinds, NetworkSpec, NodeSpec, Secret, SecretSpec } from '../../common/cluster/types.js';
import { DEFAULT_HEARTBEAT_MS } from '../../common/cluster/types.js';
import { checkName, Fields, isObject } from './fields.js';

/** Docker's limits: a secret's data up to 500 KB, a config's up to 1000 KB. */
export const MAX_SECRET_BYTES = 500 * 1024;
export const MAX_CONFIG_BYTES = 1000 * 1024;

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const top = (input: unknown, what: string): Record<string, unknown> => (isObject(input) ? input : new Fields(what).obj(input, 'spec'));
const nameOf = (o: Record<string, unknown>): string => (typeof o['name'] === 'string' ? o['name'] : '');

function ipv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
}

export function normaliseNetworkSpec(input: unknown): NetworkSpec {
  const o = top(input, 'network');
  const name = nameOf(o);
  const f = new Fields(name === '' ? 'network' : `network ${name}`);
  checkName(f, f.str(o['name'], 'name'));
  const driver = f.str(o['driver'], 'driver', 'overlay') || 'overlay';
  if (driver !== 'overlay') f.fail('driver', `"${driver}" is not supported: cluster networks are overlay networks`);
  const subnet = f.str(o['subnet'], 'subnet');
  const gateway = f.str(o['gateway'], 'gateway');
  if (subnet !== '') {
    const [addr, bits] = subnet.split('/');
    if (ipv4(addr ?? '') === undefined || bits === undefined || !/^\d+$/.test(bits) || Number(bits) > 30 || Number(bits) < 8) {
      f.fail('subnet', `"${subnet}" is not an IPv4 subnet (a.b.c.d/8 to /30)`);
    }
  }
  if (gateway !== '') {
    if (subnet === '') f.fail('gateway', 'needs a subnet');
    if (ipv4(gateway) === undefined) f.fail('gateway', `"${gateway}" is not an IPv4 address`);
  }
  return {
    name, labels: f.labels(o['labels'], 'labels'), driver: 'overlay',
    internal: f.bool(o['internal'], 'internal'), attachable: f.bool(o['attachable'], 'attachable'), subnet, gateway,
  };
}

/** A secret's or config's spec and its data decoded; `data` must be base64 of 1 byte up to the limit. */
export function normaliseFileSpec(kind: 'secret' | 'config', input: unknown): { spec: SecretSpec; data: Buffer } {
  const o = top(input, kind);
  const name = nameOf(o);
  const f = new Fields(name === '' ? kind : `${kind} ${name}`);
  checkName(f, f.str(o['name'], 'name'));
  if (name.length > 64) f.fail('name', 'is longer than 64 characters');
  const b64 = f.str(o['data'], 'data');
  if (!BASE64_RE.test(b64)) f.fail('data', 'must be base64');
  const data = Buffer.from(b64, 'base64');
  const max = kind === 'secret' ? MAX_SECRET_BYTES : MAX_CONFIG_BYTES;
  if (data.length === 0 || data.length > max) f.fail('data', `must be larger than 0 and at most ${max / 1024} KB (got ${data.length} bytes)`);
  return { spec: { name, labels: f.labels(o['labels'], 'labels'), data: b64 }, data };
}

export function normaliseNodeSpec(input: unknown, id: string): NodeSpec {
  const o = top(input, `node ${id}`);
  const f = new Fields(`node ${id}`);
  return {
    name: f.str(o['name'], 'name'),
    labels: f.labels(o['labels'], 'labels'),
    role: f.oneOf(o['role'], 'role', ['manager', 'worker'], 'worker'),
    availability: f.oneOf(o['availability'], 'availability', ['active', 'pause', 'drain'], 'active'),
  };
}

/** The shortest certificate life Docker accepts. */
const MIN_CERT_EXPIRY_MS = 60 * 60 * 1000;

export function normaliseClusterSpec(input: unknown, current: ClusterSpec): ClusterSpec {
  const o = top(input, 'cluster');
  const f = new Fields('cluster');
  const d = f.obj(o['dispatcher'], 'dispatcher');
  const orch = f.obj(o['orchestration'], 'orchestration');
  const ca = f.obj(o['caConfig'], 'caConfig');
  const spec: ClusterSpec = {
    name: f.str(o['name'], 'name', current.name) || current.name,
    labels: f.labels(o['labels'], 'labels'),
    dispatcher: { heartbeatPeriodMs: f.num(d['heartbeatPeriodMs'], 'dispatcher.heartbeatPeriodMs', current.dispatcher.heartbeatPeriodMs || DEFAULT_HEARTBEAT_MS, 1) },
    orchestration: { taskHistoryRetentionLimit: f.int(orch['taskHistoryRetentionLimit'], 'orchestration.taskHistoryRetentionLimit', current.orchestration.taskHistoryRetentionLimit) },
    caConfig: { nodeCertExpiryMs: f.num(ca['nodeCertExpiryMs'], 'caConfig.nodeCertExpiryMs', current.caConfig.nodeCertExpiryMs, MIN_CERT_EXPIRY_MS) },
  };
  return spec;
}

/** What of an object may leave the manager: secrets without data, the cluster without its CA key. */
export function outward<K extends Kind>(kind: K, o: Kinds[K]): Kinds[K] {
  if (kind === 'secret') {
    const s = o as Secret;
    return { ...s, spec: { ...s.spec, data: '' } } as Kinds[K];
  }
  if (kind === 'cluster') {
    const { caKeySealed: _key, ...rest } = o as Cluster;
    return rest as Kinds[K];
  }
  return o;
}
