/**
 * A container's network namespace and its interfaces, with as few processes
 * as possible:
 *
 *   create:  unshare --net=FILE ip -batch -   (bound to FILE; the veths are made inside, host ends sent out)
 *            ip -batch -                      (host ends: master bridge, up)
 *   change:  nsenter --net=FILE ip -batch -, then the same host batch
 *   remove:  umount FILE (the namespace ends with its last process); host veths deleted after
 *
 * With the DNS redirection the inside step is a `sh` running ip, a
 * route_localnet write and `nft -f -`.
 */
import { OrcError } from '../../common/errors.js';
import { rmSync } from 'node:fs';
import { run } from './host.js';

/** One interface to give the container. */
export interface VethPlan {
  hostVeth: string;
  bridge: string;
  interfaceName: string;
  mac: string;
  mtu: number;
  /** `172.18.0.2/16` */
  address: string;
}

export interface DnsRedirect {
  address: string;
  udpPort: number;
  tcpPort: number;
}

const NAME = /^[A-Za-z0-9_.-]{1,15}$/;

export function checkIfName(name: string, what: string): void {
  if (!NAME.test(name) || name === '.' || name === '..') throw new OrcError('ORC_USAGE', `invalid ${what} "${name}": 1-15 characters of A-Z a-z 0-9 _ . -`);
}

/** Paths end up in `ip -batch` lines and shell words: keep them plain. */
export function checkPath(path: string): void {
  if (!/^\/[A-Za-z0-9_.\/+@:-]+$/.test(path)) throw new OrcError('ORC_USAGE', `the path ${path} has characters orc's network setup cannot pass to ip (spaces or quotes): choose a plain data root`);
}

/** `cmd` with `lines` on its stdin; a `|| …` tail of cmd stays after the here-document's operator, where sh wants it. */
function heredoc(cmd: string, lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const [head, tail] = cmd.split(' || ');
  return `${head} <<'ORC_EOF'${tail !== undefined ? ` || ${tail}` : ''}\n${lines.join('\n')}\nORC_EOF\n`;
}

/** The nftables table inside the container's namespace that sends 127.0.0.11:53 to the DNS server. */
export function dnsTable(dns: DnsRedirect): string {
  return [
    'add table ip orc_dns', 'delete table ip orc_dns', 'table ip orc_dns {',
    '  chain output {', '    type nat hook output priority -100; policy accept;',
    `    ip daddr 127.0.0.11 udp dport 53 dnat to ${dns.address}:${dns.udpPort}`,
    `    ip daddr 127.0.0.11 tcp dport 53 dnat to ${dns.address}:${dns.tcpPort}`,
    '  }',
    '  chain postrouting {', '    type nat hook postrouting priority srcnat; policy accept;',
    `    ip saddr 127.0.0.0/8 ip daddr ${dns.address} masquerade`,
    '  }', '}',
  ].join('\n');
}

/** A program to run inside the container's namespace, with its stdin. */
export interface InsideCommand {
  args: string[];
  input: string;
}

/**
 * What runs inside the container's namespace: each veth pair is created
 * there (its host end sent to the daemon's namespace `hostNetns`), then
 * addresses, links up and the default route — one `ip -batch`; with `dns`, a
 * shell adds route_localnet and the DNS table. `defaultRoute`: set it, or
 * leave it as it is (undefined).
 */
export function insideCommand(o: {
  hostNetns: string;
  fresh: boolean;
  veths: readonly VethPlan[];
  defaultRoute?: { gateway: string; dev: string };
  dns?: DnsRedirect;
}): InsideCommand {
  const lines: string[] = o.fresh ? ['link set lo up'] : [];
  for (const v of o.veths) {
    lines.push(
      `link add ${v.interfaceName} mtu ${v.mtu} address ${v.mac} type veth peer name ${v.hostVeth} mtu ${v.mtu} netns ${o.hostNetns}`,
      `addr add ${v.address} dev ${v.interfaceName}`,
      `link set ${v.interfaceName} up`,
    );
  }
  if (o.defaultRoute !== undefined) lines.push(`route replace default via ${o.defaultRoute.gateway} dev ${o.defaultRoute.dev}`);
  const batch = lines.join('\n') + '\n';
  if (o.dns === undefined) return { args: ['ip', '-batch', '-'], input: batch };
  let s = heredoc('ip -batch -', lines);
  for (const v of o.veths) s += `echo 1 > /proc/sys/net/ipv4/conf/${v.interfaceName}/route_localnet\n`;
  if (o.fresh) s += heredoc('nft -f -', [dnsTable(o.dns)]);
  return { args: ['sh', '-e'], input: s };
}

/** The host side of new veths: each host end joins its bridge and goes up. */
export function hostBatch(veths: readonly VethPlan[]): string {
  return veths.map((v) => `link set ${v.hostVeth} master ${v.bridge} up`).join('\n') + '\n';
}

/** Creates the namespace bound to `netnsPath` (an existing empty file) and runs `cmd` in it. */
export async function createNetns(netnsPath: string, cmd: InsideCommand): Promise<void> {
  await run('unshare', [`--net=${netnsPath}`, ...cmd.args], cmd.input);
}

/** Runs `cmd` inside the namespace bound to `netnsPath`. */
export async function inNetns(netnsPath: string, cmd: InsideCommand): Promise<void> {
  await run('nsenter', [`--net=${netnsPath}`, ...cmd.args], cmd.input);
}

/** Unmounts a namespace file (the namespace ends with its last process) and removes it. */
export async function unmountNetns(netnsPath: string): Promise<void> {
  await run('umount', [netnsPath]).catch(() => undefined);
  rmSync(netnsPath, { force: true });
}

/** Deletes host veths (their container ends go with them) and, with `netnsPath`, unmounts it; every step tolerates absence. */
export async function teardown(hostVeths: readonly string[], netnsPath?: string): Promise<void> {
  let s = heredoc('ip -force -batch - 2>/dev/null || true', hostVeths.map((v) => `link del ${v}`));
  if (netnsPath !== undefined) s += `umount ${netnsPath} 2>/dev/null || true\n`;
  if (s.trim() === '') return;
  await run('sh', ['-c', s]);
}
