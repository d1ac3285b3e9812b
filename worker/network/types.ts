/**
 * The shapes other folders use to ask for network attachments and port
 * publishing. The engine's CreateOptions carry them; worker/network acts on them.
 */

/** One attachment of a container to a user-defined (or the default) network. */
export interface EndpointRequest {
  /** Network name or id. */
  network: string;
  /** Extra DNS names on this network (Compose `aliases`). */
  aliases?: readonly string[];
  /** A static address inside the network's subnet (Compose `ipv4_address`). */
  ipv4Address?: string;
  macAddress?: string;
  /** The interface name inside the container (default eth0, eth1, … in order). */
  interfaceName?: string;
  /** Higher first; the default route goes through the highest (Compose `gw_priority`). */
  gwPriority?: number;
}

/** A port to publish (`-p`, Compose `ports`). */
export interface PortRequest {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Default: every host address (0.0.0.0). */
  hostIp?: string;
  /** `'8080'`, a range `'8000-8010'` to pick a free one from, or absent / `''` for a random free port. */
  hostPort?: string;
}

/** A published port as it was bound. */
export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
}
