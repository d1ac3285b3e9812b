/** worker/network: bridge networks, IPAM, container network namespaces, nftables NAT and published ports. */
export {
  Networks,
  type Attachment, type AttachedEndpoint, type AttachOptions, type EndpointInfo, type IpamConfigRequest,
  type NetworkCreateRequest, type NetworkEvent, type NetworkInspect, type NetworksOptions,
} from './networks.js';
export type { EndpointRequest, PortBinding, PortRequest } from './types.js';
export type { DnsRedirect } from './netns.js';
export { portFree } from './ports.js';
export { DEFAULT_POOLS, type AddressPool } from './ipam.js';
export { hostNames, forwardPolicyDrops } from './host.js';
