/** `-p [ip:][hostPort:]containerPort[/proto]` (Docker's syntax, ranges too) → PortRequests. */
import { OrcError } from '../../common/errors.js';
import type { PortRequest } from '../network/types.js';

function range(text: string, raw: string): [number, number] {
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(text);
  const lo = Number(m?.[1]);
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (m === null || lo < 1 || hi > 65535 || hi < lo) throw new OrcError('ORC_USAGE', `-p: invalid port "${text}" in "${raw}" (expected 1-65535 or a range A-B)`);
  return [lo, hi];
}

export function parsePublish(raw: string): PortRequest[] {
  let rest = raw;
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const p = rest.slice(slash + 1).toLowerCase();
    if (p !== 'tcp' && p !== 'udp') throw new OrcError('ORC_USAGE', `-p: invalid protocol "${p}" in "${raw}" (expected tcp or udp)`);
    protocol = p;
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(rest);
  if (v6 !== null) {
    hostIp = v6[1];
    rest = v6[2] ?? '';
  }
  const parts = rest.split(':');
  if (parts.length > 3 || (hostIp !== undefined && parts.length > 2)) throw new OrcError('ORC_USAGE', `-p: invalid publish specification "${raw}"`);
  let hostPart = '';
  if (parts.length === 3) {
    hostIp = parts[0];
    hostPart = parts[1] ?? '';
  } else if (parts.length === 2) hostPart = parts[0] ?? '';
  const [clo, chi] = range(parts[parts.length - 1] ?? '', raw);
  const base = { protocol, ...(hostIp !== undefined && hostIp !== '' ? { hostIp } : {}) };
  if (hostPart === '') {
    const out: PortRequest[] = [];
    for (let p = clo; p <= chi; p++) out.push({ containerPort: p, ...base });
    return out;
  }
  const [hlo, hhi] = range(hostPart, raw);
  if (clo === chi) return [{ containerPort: clo, ...base, hostPort: hlo === hhi ? String(hlo) : `${hlo}-${hhi}` }];
  if (hhi - hlo !== chi - clo) throw new OrcError('ORC_USAGE', `-p: the host range ${hostPart} and the container range of "${raw}" differ in size`);
  const out: PortRequest[] = [];
  for (let i = 0; i <= chi - clo; i++) out.push({ containerPort: clo + i, ...base, hostPort: String(hlo + i) });
  return out;
}
