/** What the control API's tests share: a fake clock, predictable ids, a reversible seal, nodes and a cluster in a MemoryStore. */
import type { Clock } from '../../common/clock.js';
import type { Cluster, Node, NodeRole } from '../../common/cluster/types.js';
import { MemoryStore } from '../../manager/store/memory-store.js';
import { ControlApi, type ControlDeps } from '../../manager/control/index.js';

export class FakeClock implements Clock {
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
  }
}

/** Ids that differ in their first characters (so 4-character prefixes are unique), in a fixed order. */
export function idSequence(): () => string {
  let n = 0;
  return () => {
    n++;
    return `${((n * 0x9e3779b1) >>> 0).toString(16).padStart(8, '0')}${'0'.repeat(16)}${n % 10}`;
  };
}

export const seal = (plain: Buffer): string => `sealed:${Buffer.from(plain).reverse().toString('hex')}`;
export const open = (sealed: string): Buffer => Buffer.from(sealed.slice('sealed:'.length), 'hex').reverse();

export function setUp(extra: Partial<ControlDeps> = {}): { store: MemoryStore; api: ControlApi; clock: FakeClock } {
  const clock = new FakeClock();
  const store = new MemoryStore(clock);
  const api = new ControlApi(store, { clock, newId: idSequence(), seal, open, ...extra });
  return { store, api, clock };
}

export function node(id: string, hostname: string, role: NodeRole = 'worker', state: Node['status']['state'] = 'ready'): Node {
  return {
    id, version: 0, createdAt: 0, updatedAt: 0,
    spec: { name: hostname, labels: {}, role, availability: 'active' },
    description: { hostname, platform: { os: 'linux', architecture: 'x86_64' }, resources: { nanoCpus: 2e9, memoryBytes: 2 ** 31 }, engineVersion: '0.1.0' },
    status: { state, addr: '10.0.0.1', message: '' },
    ...(role === 'manager' ? { managerStatus: { addr: '10.0.0.1:2377', peerAddr: '10.0.0.1:2380', memberId: 'abc', leader: true, reachability: 'reachable' as const } } : {}),
    certSerial: '01',
  };
}

export function cluster(): Cluster {
  return {
    id: 'cluster1', version: 0, createdAt: 0, updatedAt: 0,
    spec: { name: 'default', labels: {}, dispatcher: { heartbeatPeriodMs: 5000 }, orchestration: { taskHistoryRetentionLimit: 5 }, caConfig: { nodeCertExpiryMs: 90 * 24 * 3600 * 1000 } },
    caCertPem: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n',
    caKeySealed: 'sealed:the-ca-key',
    joinTokens: { worker: 'ORC-1-w', manager: 'ORC-1-m' },
    defaultAddrPool: ['10.0.0.0/8'], subnetSize: 24, dataPathPort: 4789,
  };
}
