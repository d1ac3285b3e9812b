export { Allocator, DEFAULT_ADDR_POOL, DEFAULT_SUBNET_SIZE, FIRST_VNI, PENDING_MESSAGE, type AllocatorDeps } from './allocator.js';
export { AddressPool, parseCidr, formatCidr, parseIp, formatIp, overlaps, pickSubnet, type Cidr } from './ipv4.js';
export { PortAllocator, DYNAMIC_FIRST, DYNAMIC_LAST, type PortsResult } from './ports.js';
