/** The etcd member a manager runs, its membership, clients, leases and watches. */
export { EtcdMember, etcdArgs, etcdBinary, etcdDataDir, type EtcdExit, type EtcdMemberOptions, type EtcdTlsFiles } from './member.js';
export { addMember, initialClusterOf, listMembers, memberIdHex, removeMember, type AddMemberOptions, type EtcdMemberInfo, type MembershipOptions } from './cluster.js';
export { CALL_TIMEOUT_MS, callOptions, connectEtcd, etcdError, type ConnectEtcdOptions, type EtcdClientTls } from './client.js';
export { KeptLease, type LeaseOptions } from './lease.js';
export { prefixEnd, watchRange, type WatchRangeOptions } from './watch.js';
