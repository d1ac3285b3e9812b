/**
 * What survives a daemon restart, one atomic file per object:
 * `<dataRoot>/networks/<id>.json` per network and
 * `<dataRoot>/networks/endpoints/<containerId>.json` per container attachment.
 * Addresses in use and published ports are rebuilt from the attachments.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import type { DnsRedirect } from './netns.js';
import type { PortBinding } from './types.js';

export interface IpamRecord {
  subnet: string;
  gateway: string;
  ipRange?: string;
  auxAddresses?: Record<string, string>;
}

export interface NetworkRecord {
  id: string;
  name: string;
  created: string;
  driver: 'bridge' | 'host' | 'null';
  /** bridge, host and none: made by orc, never removed. */
  predefined: boolean;
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** The Linux bridge (bridge driver). */
  bridge?: string;
  mtu?: number;
  /** What the user asked for (kept for inspect and for a later allocation). */
  requested: { subnet?: string; ipRange?: string; gateway?: string; auxAddresses?: Record<string, string> };
  /** The subnet in use; absent until the default bridge is first used. */
  ipam?: IpamRecord;
}

export interface EndpointRecord {
  networkId: string;
  endpointId: string;
  ip: string;
  prefixLen: number;
  gateway: string;
  mac: string;
  interfaceName: string;
  hostVeth: string;
  aliases: string[];
  gwPriority: number;
}

export interface AttachmentRecord {
  containerId: string;
  name?: string;
  netnsPath: string;
  endpoints: EndpointRecord[];
  ports: PortBinding[];
  dns?: DnsRedirect;
  /** The network whose gateway is the default route (none when every network is internal). */
  gatewayNetwork?: string;
}

export class RecordStore {
  readonly dir: string;
  readonly endpointsDir: string;

  constructor(dataRoot: string) {
    this.dir = join(dataRoot, 'networks');
    this.endpointsDir = join(this.dir, 'endpoints');
    mkdirSync(this.endpointsDir, { recursive: true, mode: 0o700 });
  }

  private readAll<T>(dir: string): T[] {
    const out: T[] = [];
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(readFileSync(join(dir, f), 'utf8')) as T);
      } catch {
        // an unreadable record cannot be half-written (atomic writes): it was put there by hand; skip it
      }
    }
    return out;
  }

  networks(): NetworkRecord[] {
    return this.readAll<NetworkRecord>(this.dir);
  }

  attachments(): AttachmentRecord[] {
    return this.readAll<AttachmentRecord>(this.endpointsDir);
  }

  saveNetwork(n: NetworkRecord): Promise<void> {
    return writeFileAtomic(join(this.dir, `${n.id}.json`), JSON.stringify(n, null, 2), { mode: 0o600 });
  }

  removeNetwork(id: string): void {
    rmSync(join(this.dir, `${id}.json`), { force: true });
  }

  saveAttachment(a: AttachmentRecord): Promise<void> {
    return writeFileAtomic(join(this.endpointsDir, `${a.containerId}.json`), JSON.stringify(a, null, 2), { mode: 0o600 });
  }

  removeAttachment(containerId: string): void {
    rmSync(join(this.endpointsDir, `${containerId}.json`), { force: true });
  }
}
