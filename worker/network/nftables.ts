/**
 * orc's nftables table, generated whole from state and applied in one
 * `nft -f -` transaction (add table; delete table; table … { … }): never a
 * partial ruleset, never another table touched. Changes are serialized and
 * coalesced: while one apply runs, later requests wait for a single next one.
 */
import { run } from './host.js';

export interface NftNetwork {
  bridge: string;
  /** `172.18.0.0/16` */
  subnet: string;
  internal: boolean;
}

export interface NftPort {
  protocol: 'tcp' | 'udp';
  /** '' or 0.0.0.0: every local address */
  hostIp: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

export interface NftState {
  networks: readonly NftNetwork[];
  ports: readonly NftPort[];
}

const q = (s: string): string => JSON.stringify(s);

/** The table's text (without the add/delete prelude). */
export function renderTable(table: string, state: NftState): string {
  const L: string[] = [];
  L.push(`table ip ${table} {`);
  // Published ports: any local destination (also 127.0.0.1 and the gateways), from outside (prerouting) and from the host (output).
  L.push('  chain ports {');
  for (const p of state.ports) {
    const ip = p.hostIp !== '' && p.hostIp !== '0.0.0.0' ? `ip daddr ${p.hostIp} ` : '';
    L.push(`    ${ip}${p.protocol} dport ${p.hostPort} dnat to ${p.containerIp}:${p.containerPort}`);
  }
  L.push('  }');
  L.push('  chain prerouting {', '    type nat hook prerouting priority dstnat; policy accept;', '    fib daddr type local jump ports', '  }');
  L.push('  chain output {', '    type nat hook output priority -100; policy accept;', '    fib daddr type local jump ports', '  }');
  L.push('  chain postrouting {', '    type nat hook postrouting priority srcnat; policy accept;');
  for (const n of state.networks) {
    // The host's own connections to 127.0.0.1:PORT reach the container from the gateway (route_localnet is set on the bridge).
    L.push(`    oifname ${q(n.bridge)} ip saddr 127.0.0.0/8 masquerade`);
    // Hairpin: a container reaching a published port of its own network gets the answer back through the gateway.
    L.push(`    oifname ${q(n.bridge)} ip saddr ${n.subnet} ip daddr ${n.subnet} ct status dnat masquerade`);
    if (!n.internal) L.push(`    ip saddr ${n.subnet} oifname != ${q(n.bridge)} masquerade`);
  }
  L.push('  }');
  L.push('  chain forward {', '    type filter hook forward priority filter; policy accept;');
  const bridges = state.networks.map((n) => n.bridge);
  for (const n of state.networks) {
    if (n.internal) {
      // No way out, and no way in, except within the bridge.
      L.push(`    iifname ${q(n.bridge)} oifname != ${q(n.bridge)} drop`);
      L.push(`    oifname ${q(n.bridge)} iifname != ${q(n.bridge)} drop`);
    } else {
      // Isolation between orc networks (Docker's DOCKER-ISOLATION): a bridge never forwards into another.
      const others = bridges.filter((b) => b !== n.bridge);
      if (others.length > 0) L.push(`    iifname ${q(n.bridge)} oifname { ${others.map(q).join(', ')} } drop`);
    }
  }
  L.push('  }');
  L.push('}');
  return L.join('\n') + '\n';
}

/** The whole transaction: the table replaced atomically (it is created first so `delete` never fails). */
export function renderTransaction(table: string, state: NftState): string {
  return `add table ip ${table}\ndelete table ip ${table}\n${renderTable(table, state)}`;
}

/** Serializes and coalesces applies of one table; `state()` is read at the moment each apply starts. */
export class NftApplier {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  /** nft runs so far (for measurements and tests). */
  runs = 0;

  constructor(private readonly table: string, private readonly state: () => NftState, private readonly trace: (line: string) => void = () => undefined) {}

  /** Resolves once a transaction that started after this call has been applied. */
  apply(): Promise<void> {
    if (this.running === undefined) return this.start();
    this.next ??= this.running.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<void> {
    this.next = undefined;
    const p = this.once().finally(() => {
      if (this.running === p) this.running = undefined;
    });
    this.running = p;
    return p;
  }

  private async once(): Promise<void> {
    const s = this.state();
    this.runs++;
    this.trace(`nft: table ${this.table}: ${s.networks.length} networks, ${s.ports.length} ports`);
    // nothing to say: no table at all (a daemon that never made a network leaves none behind)
    const empty = s.networks.length === 0 && s.ports.length === 0;
    await run('nft', ['-f', '-'], empty ? `add table ip ${this.table}\ndelete table ip ${this.table}\n` : renderTransaction(this.table, s));
  }

  /** Deletes the table (nothing else); absent is fine. */
  async remove(): Promise<void> {
    await this.running?.catch(() => undefined);
    await run('nft', ['-f', '-'], `add table ip ${this.table}\ndelete table ip ${this.table}\n`);
  }
}
