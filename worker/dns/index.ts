/**
 * The embedded DNS server and the name-resolution files of a container: the
 * only file other folders import.
 */
export { DnsServer, DNS_TTL, parseUpstream, resolvConfNameservers } from './server.js';
export type { DnsEndpoint, DnsServerOptions } from './server.js';
export { resolvConf, hostsFile, hostnameFile, parseExtraHost, EMBEDDED_DNS_ADDRESS } from './files.js';
export type { ResolvConfOptions, HostsFileOptions } from './files.js';
