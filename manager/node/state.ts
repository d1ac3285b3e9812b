/**
 * A node's membership of a cluster, kept under its data root:
 *   swarm/state.json   who it is (node id, role, cluster, addresses, managers)
 *   swarm/certs/       ca.crt, node.crt, node.key
 *   swarm/data.key     managers only: the key that seals secrets and the CA key in the store
 *   swarm/etcd/        managers only: the etcd member's data
 * Written atomically; removed whole by `swarm leave`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import type { NodeRole } from '../../common/cluster/types.js';

export interface EtcdState {
  name: string;
  peerUrl: string;
  clientUrls: string[];
  initialCluster: string;
  state: 'new' | 'existing';
}

export interface SwarmState {
  nodeId: string;
  nodeName: string;
  clusterId: string;
  role: NodeRole;
  /** The address other nodes reach this one at. */
  advertiseAddr: string;
  /** ADDR:PORT the API listens on (managers). */
  listenAddr: string;
  /** host:port of the managers' APIs, as last learnt. */
  managers: string[];
  etcd?: EtcdState;
}

export class SwarmFiles {
  readonly dir: string;

  constructor(dataRoot: string) {
    this.dir = join(dataRoot, 'swarm');
  }

  get certsDir(): string {
    return join(this.dir, 'certs');
  }

  get etcdDir(): string {
    return join(this.dir, 'etcd');
  }

  get dataKeyPath(): string {
    return join(this.dir, 'data.key');
  }

  private get statePath(): string {
    return join(this.dir, 'state.json');
  }

  read(): SwarmState | undefined {
    if (!existsSync(this.statePath)) return undefined;
    return JSON.parse(readFileSync(this.statePath, 'utf8')) as SwarmState;
  }

  async write(state: SwarmState): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.statePath, `${JSON.stringify(state, null, 1)}\n`, { mode: 0o600 });
  }

  readDataKey(): Buffer | undefined {
    return existsSync(this.dataKeyPath) ? Buffer.from(readFileSync(this.dataKeyPath, 'utf8').trim(), 'base64') : undefined;
  }

  async writeDataKey(key: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.dataKeyPath, `${key.toString('base64')}\n`, { mode: 0o600 });
  }

  /** Everything of the membership: state, certificates, key, etcd data. */
  async removeAll(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
