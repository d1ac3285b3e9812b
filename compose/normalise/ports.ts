/**
 * `ports` and `expose` (05-services.md). Short syntax
 * `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` follows Docker's parser:
 * a container range gives one entry per port and needs a host range of the
 * same length; a host range with a single container port is kept as a range
 * ("8000-8010") for the engine to pick one free port from; a single host port
 * for a container range is an error.
 */
import { isIP } from 'node:net';
import type { KeyPath } from '../issues.js';
import type { ServicePortSpec } from '../spec.js';
import type { Scope } from './context.js';
import { recordOrigin } from './provenance.js';
import { copyExtensions, describe, isMap, own, reportUnknownKeys, toInt, toStr, type RawMap } from './values.js';

const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
type Protocol = (typeof PROTOCOLS)[number];
const MODES = ['ingress', 'host'] as const;
const LONG_KEYS = new Set(['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol']);

interface PortRange {
  start: number;
  end: number;
}

/** "80" or "8000-8010", each port 0–65535, start ≤ end. */
function parseRange(text: string): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return { start, end };
}

function parseProtocol(text: string): Protocol | undefined {
  const lower = text.toLowerCase();
  return PROTOCOLS.find((p) => p === lower);
}

/** A host IP without IPv6 brackets, or undefined when it is not an address. */
function parseHostIp(text: string): string | undefined {
  let ip = text;
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) return undefined;
    ip = ip.slice(1, -1);
  }
  return isIP(ip) === 0 ? undefined : ip;
}

/** Parses one short-syntax port; returns the entries or an error message. */
export function parsePortSpec(spec: string): ServicePortSpec[] | string {
  const parts = spec.split(':');
  const n = parts.length;
  let containerPart = parts[n - 1] ?? '';
  let hostIp = '';
  let hostPart = '';
  if (n === 2) hostPart = parts[0] ?? '';
  else if (n >= 3) {
    hostIp = parts.slice(0, n - 2).join(':');
    hostPart = parts[n - 2] ?? '';
  }
  let protocol: Protocol = 'tcp';
  const slash = containerPart.split('/');
  if (slash.length > 2) return `invalid protocol in ${JSON.stringify(spec)}`;
  if (slash.length === 2) {
    containerPart = slash[0] ?? '';
    const proto = slash[1] ?? '';
    if (proto !== '') {
      const p = parseProtocol(proto);
      if (!p) return `invalid protocol ${JSON.stringify(proto)}: expected tcp, udp or sctp`;
      protocol = p;
    }
  }
  if (containerPart === '') return `no container port in ${JSON.stringify(spec)}`;
  let ip: string | undefined;
  if (hostIp !== '') {
    ip = parseHostIp(hostIp);
    if (ip === undefined) return `invalid host IP address ${JSON.stringify(hostIp)}`;
  }
  const container = parseRange(containerPart);
  if (!container) return `invalid container port ${JSON.stringify(containerPart)}: expected a port (1-65535) or a range`;
  if (container.start === 0) return `invalid container port ${JSON.stringify(containerPart)}: ports start at 1`;
  let host: PortRange | undefined;
  if (hostPart !== '') {
    host = parseRange(hostPart);
    if (!host) return `invalid host port ${JSON.stringify(hostPart)}: expected a port (0-65535) or a range`;
  }
  const count = container.end - container.start;
  if (host && host.end - host.start !== count && count !== 0) {
    return `host port range ${hostPart} does not match container port range ${containerPart}`;
  }
  const out: ServicePortSpec[] = [];
  for (let i = 0; i <= count; i++) {
    const entry: ServicePortSpec = { mode: 'ingress', protocol, target: container.start + i };
    if (ip !== undefined) entry.host_ip = ip;
    if (host) {
      entry.published =
        count === 0 && host.start !== host.end ? `${host.start}-${host.end}` : String(host.start + i);
    }
    out.push(entry);
  }
  return out;
}

function normaliseLongPort(raw: RawMap, path: KeyPath, scope: Scope): ServicePortSpec | undefined {
  reportUnknownKeys(raw, LONG_KEYS, path, scope);
  const rawTarget = own(raw, 'target');
  if (rawTarget === undefined) {
    scope.invalid(path, 'a port needs a target (the container port)');
    return undefined;
  }
  const target = toInt(rawTarget, [...path, 'target'], scope, { min: 1, max: 65535 });
  let ok = target !== undefined;
  let protocol: Protocol = 'tcp';
  const rawProtocol = own(raw, 'protocol');
  if (rawProtocol !== undefined) {
    const p = typeof rawProtocol === 'string' ? parseProtocol(rawProtocol) : undefined;
    if (p) protocol = p;
    else {
      scope.invalid([...path, 'protocol'], `invalid protocol ${describe(rawProtocol)}: expected tcp, udp or sctp`);
      ok = false;
    }
  }
  let mode: ServicePortSpec['mode'] = 'ingress';
  const rawMode = own(raw, 'mode');
  if (rawMode !== undefined) {
    const m = MODES.find((x) => x === rawMode);
    if (m) mode = m;
    else {
      scope.invalid([...path, 'mode'], `invalid port mode ${describe(rawMode)}: expected ingress or host`);
      ok = false;
    }
  }
  if (!ok || target === undefined) return undefined;
  const entry: ServicePortSpec = { mode, protocol, target };
  const rawPublished = own(raw, 'published');
  if (rawPublished !== undefined && rawPublished !== null && rawPublished !== '') {
    const text = typeof rawPublished === 'number' ? String(rawPublished) : rawPublished;
    const range = typeof text === 'string' ? parseRange(text) : undefined;
    if (!range || typeof text !== 'string') {
      scope.invalid([...path, 'published'], `invalid published port ${describe(rawPublished)}`);
      return undefined;
    }
    entry.published = range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
  }
  const rawIp = own(raw, 'host_ip');
  if (rawIp !== undefined && rawIp !== '') {
    const ip = typeof rawIp === 'string' ? parseHostIp(rawIp) : undefined;
    if (ip === undefined) {
      scope.invalid([...path, 'host_ip'], `invalid host IP address ${describe(rawIp)}`);
      return undefined;
    }
    entry.host_ip = ip;
  }
  for (const key of ['name', 'app_protocol'] as const) {
    const v = own(raw, key);
    if (v === undefined) continue;
    const s = toStr(v, [...path, key], scope);
    if (s !== undefined) entry[key] = s;
  }
  copyExtensions(raw, entry, path, scope);
  return entry;
}

/** `ports`: every entry in long syntax, one entry per port. */
export function normalisePorts(raw: unknown, path: KeyPath, scope: Scope): ServicePortSpec[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list of ports, got ${describe(raw)}`);
    return undefined;
  }
  const out: ServicePortSpec[] = [];
  raw.forEach((item, i) => {
    const at = [...path, i];
    let entries: ServicePortSpec[] = [];
    if (typeof item === 'string' || (typeof item === 'number' && Number.isInteger(item))) {
      const parsed = parsePortSpec(String(item).trim());
      if (typeof parsed === 'string') {
        scope.invalid(at, parsed);
        return;
      }
      entries = parsed;
    } else if (isMap(item)) {
      const entry = normaliseLongPort(item, at, scope);
      if (entry) entries = [entry];
    } else {
      scope.invalid(at, `expected a port string, number or mapping, got ${describe(item)}`);
      return;
    }
    for (const entry of entries) {
      recordOrigin(entry, at);
      out.push(entry);
    }
  });
  return out;
}

/** `expose`: container ports or ranges, as strings. */
export function normaliseExpose(raw: unknown, path: KeyPath, scope: Scope): string[] | undefined {
  if (!Array.isArray(raw)) {
    scope.invalid(path, `expected a list of ports, got ${describe(raw)}`);
    return undefined;
  }
  const out: string[] = [];
  raw.forEach((item, i) => {
    const text = typeof item === 'number' && Number.isInteger(item) ? String(item) : item;
    if (typeof text !== 'string' || !/^\d{1,5}(?:-\d{1,5})?(?:\/[A-Za-z]+)?$/.test(text.trim())) {
      scope.invalid([...path, i], `invalid port ${describe(item)}: expected PORT[-PORT][/PROTOCOL]`);
      return;
    }
    out.push(text.trim());
  });
  return out;
}
