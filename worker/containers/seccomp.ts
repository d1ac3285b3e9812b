/**
 * Docker's default seccomp profile, built from compact tables, and its
 * resolution against one container's capabilities and the host's
 * architecture into the OCI `linux.seccomp` object a runtime loads.
 *
 * Semantics follow moby's profiles/seccomp/default.json: everything not
 * listed fails with EPERM; a long list of ordinary syscalls is allowed;
 * some are allowed only with a capability (CAP_SYS_ADMIN: mount, unshare,
 * setns, …); without CAP_SYS_ADMIN `clone` is allowed only when it creates
 * no namespace, `clone3` fails with ENOSYS (so libcs fall back to clone,
 * whose flags can be inspected), `socket` refuses AF_VSOCK, `personality`
 * accepts only a handful of harmless personas.
 */
import type { OciSeccomp, OciSeccompArg, OciSeccompRule } from './oci-types.js';

/** A rule that may apply only with (or without) some capabilities or on some architectures (Go names: amd64, arm64, …). */
export interface SeccompProfileRule extends OciSeccompRule {
  /** Applies only when every listed capability is held and the host is one of the arches. */
  includes?: { caps?: string[]; arches?: string[] };
  /** Does not apply when any listed capability is held or the host is one of the arches. */
  excludes?: { caps?: string[]; arches?: string[] };
}

/** A profile before resolution: OCI seccomp whose rules may carry includes/excludes. */
export interface SeccompProfile extends Omit<OciSeccomp, 'syscalls'> {
  syscalls?: SeccompProfileRule[];
}

const words = (s: string): string[] => s.trim().split(/\s+/);

/** Allowed for everyone, grouped by what they are for ("*32"/"*64" names are the 32-bit ABI's variants). */
const ALWAYS_ALLOWED: Readonly<Record<string, string>> = {
  files: `access chdir chmod chown chown32 creat faccessat faccessat2 fadvise64 fadvise64_64 fallocate
    fchdir fchmod fchmodat fchown fchown32 fchownat fdatasync flock fstat fstat64 fstatat64 fstatfs fstatfs64
    fsync ftruncate ftruncate64 futimesat getcwd getdents getdents64 lchown lchown32 link linkat lstat lstat64
    mkdir mkdirat mknod mknodat name_to_handle_at newfstatat open openat openat2 readlink readlinkat rename
    renameat renameat2 rmdir stat stat64 statfs statfs64 statx symlink symlinkat sync sync_file_range syncfs
    truncate truncate64 umask unlink unlinkat utime utimensat utimensat_time64 utimes`,
  xattrs: `fgetxattr flistxattr fremovexattr fsetxattr getxattr lgetxattr listxattr llistxattr lremovexattr
    lsetxattr removexattr setxattr`,
  io: `close close_range copy_file_range dup dup2 dup3 fcntl fcntl64 _llseek lseek pread64 preadv preadv2
    pwrite64 pwritev pwritev2 read readahead readv sendfile sendfile64 splice tee vmsplice write writev
    io_cancel io_destroy io_getevents io_pgetevents io_pgetevents_time64 io_setup io_submit io_uring_enter
    io_uring_register io_uring_setup ioctl ioprio_get ioprio_set`,
  polling: `epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait
    epoll_wait_old eventfd eventfd2 fanotify_mark inotify_add_watch inotify_init inotify_init1 inotify_rm_watch
    _newselect pause pipe pipe2 poll ppoll ppoll_time64 pselect6 pselect6_time64 select signalfd signalfd4
    timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64`,
  memory: `brk madvise membarrier memfd_create memfd_secret mincore mlock mlock2 mlockall mmap mmap2 mprotect
    mremap msync munlock munlockall munmap pkey_alloc pkey_free pkey_mprotect remap_file_pages`,
  processes: `capget capset execve execveat exit exit_group fork getcpu getpgid getpgrp getpid getppid
    getpriority getrlimit get_robust_list getrusage getsid get_thread_area gettid pidfd_open pidfd_send_signal
    prctl prlimit64 process_mrelease restart_syscall rseq seccomp set_robust_list setpgid setpriority setrlimit
    setsid set_thread_area set_tid_address ugetrlimit uname vfork wait4 waitid waitpid
    landlock_add_rule landlock_create_ruleset landlock_restrict_self`,
  identity: `getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getresgid getresgid32
    getresuid getresuid32 getuid getuid32 setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups
    setgroups32 setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32 setuid
    setuid32`,
  signals: `kill rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend
    rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sigaltstack sigprocmask sigreturn tgkill tkill`,
  time: `adjtimex alarm clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime
    clock_gettime64 clock_nanosleep clock_nanosleep_time64 getitimer gettimeofday nanosleep setitimer time
    timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64 times`,
  scheduling: `futex futex_time64 futex_waitv sched_getaffinity sched_getattr sched_getparam
    sched_get_priority_max sched_get_priority_min sched_getscheduler sched_rr_get_interval
    sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield
    getrandom sysinfo`,
  network: `accept accept4 bind connect getpeername getsockname getsockopt listen recv recvfrom recvmmsg
    recvmmsg_time64 recvmsg send sendmmsg sendmsg sendto setsockopt shutdown socketcall socketpair`,
  sysvIpc: `ipc msgctl msgget msgrcv msgsnd semctl semget semop semtimedop semtimedop_time64 shmat shmctl
    shmdt shmget mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64 mq_timedsend
    mq_timedsend_time64 mq_unlink`,
  // Safe since kernel 4.8 (seccomp runs after ptrace), which orc requires anyway.
  tracing: `ptrace process_vm_readv process_vm_writev`,
};

/** What a capability unlocks (a syscall may appear under several). */
const BY_CAPABILITY: ReadonlyArray<readonly [string, string]> = [
  ['CAP_SYS_ADMIN', `mount umount umount2 mount_setattr move_mount open_tree fsopen fsconfig fsmount fspick
    unshare setns clone clone3 bpf perf_event_open fanotify_init lookup_dcookie quotactl quotactl_fd
    sethostname setdomainname syslog`],
  ['CAP_DAC_READ_SEARCH', 'open_by_handle_at'],
  ['CAP_SYS_BOOT', 'reboot'],
  ['CAP_SYS_CHROOT', 'chroot'],
  ['CAP_SYS_MODULE', 'init_module finit_module delete_module'],
  ['CAP_SYS_PACCT', 'acct'],
  ['CAP_SYS_PTRACE', 'ptrace process_vm_readv process_vm_writev process_madvise kcmp pidfd_getfd'],
  ['CAP_SYS_RAWIO', 'iopl ioperm'],
  ['CAP_SYS_TIME', 'settimeofday stime clock_settime clock_settime64'],
  ['CAP_SYS_TTY_CONFIG', 'vhangup'],
  ['CAP_SYS_NICE', 'get_mempolicy set_mempolicy set_mempolicy_home_node mbind'],
  ['CAP_SYSLOG', 'syslog'],
  ['CAP_BPF', 'bpf'],
  ['CAP_PERFMON', 'perf_event_open'],
];

/** Syscalls that exist (or are safe) only on some architectures. */
const BY_ARCH: ReadonlyArray<readonly [string[], string]> = [
  [['amd64', 'x32'], 'arch_prctl'],
  [['amd64', 'x32', 'x86'], 'modify_ldt'],
  [['arm', 'arm64'], 'arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls'],
  [['ppc64le'], 'sync_file_range2 swapcontext'],
  [['s390', 's390x'], 's390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr'],
  [['riscv64'], 'riscv_flush_icache'],
];

/** The personas `personality(2)` may switch to: Linux, Linux32 (PER_LINUX32), UNAME26, both, and the query (0xffffffff). */
const PERSONAS = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

/** AF_VSOCK: sockets to the hypervisor stay closed. */
const AF_VSOCK = 40;

/** Every CLONE_NEW* flag (NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET): 0x7e020000. */
export const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

const ENOSYS = 38;

/** A native architecture and the ones its kernel also runs (libseccomp names). */
const ARCHITECTURES: Readonly<Record<string, string[]>> = {
  amd64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  arm64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
  s390x: ['SCMP_ARCH_S390X', 'SCMP_ARCH_S390'],
  riscv64: ['SCMP_ARCH_RISCV64'],
};

const arg = (index: number, op: string, value: number, valueTwo?: number): OciSeccompArg =>
  valueTwo === undefined ? { index, value, op } : { index, value, valueTwo, op };

/** Docker's default profile, unresolved: for `HostFacts.seccomp`. */
export function defaultSeccompProfile(): SeccompProfile {
  const allow = (names: string, extra: Partial<SeccompProfileRule> = {}): SeccompProfileRule =>
    ({ names: words(names), action: 'SCMP_ACT_ALLOW', ...extra });
  const syscalls: SeccompProfileRule[] = [
    allow(Object.values(ALWAYS_ALLOWED).join(' ')),
    allow('socket', { args: [arg(0, 'SCMP_CMP_NE', AF_VSOCK)] }),
    ...PERSONAS.map((p) => allow('personality', { args: [arg(0, 'SCMP_CMP_EQ', p)] })),
    ...BY_ARCH.map(([arches, names]) => allow(names, { includes: { arches } })),
    ...BY_CAPABILITY.map(([cap, names]) => allow(names, { includes: { caps: [cap] } })),
    // Without CAP_SYS_ADMIN: clone only when no namespace flag is set (flags are
    // argument 1 on s390), and clone3 (flags in memory, out of seccomp's reach) is ENOSYS.
    allow('clone', { args: [arg(0, 'SCMP_CMP_MASKED_EQ', CLONE_NAMESPACE_FLAGS, 0)], excludes: { caps: ['CAP_SYS_ADMIN'], arches: ['s390', 's390x'] } }),
    allow('clone', { args: [arg(1, 'SCMP_CMP_MASKED_EQ', CLONE_NAMESPACE_FLAGS, 0)], includes: { arches: ['s390', 's390x'] }, excludes: { caps: ['CAP_SYS_ADMIN'] } }),
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, excludes: { caps: ['CAP_SYS_ADMIN'] } },
  ];
  return { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, syscalls };
}

/** Node's process.arch → the Go name the profile's `arches` use. */
export function hostArch(nodeArch: string = process.arch): string {
  const map: Readonly<Record<string, string>> = { x64: 'amd64', ia32: 'x86', arm64: 'arm64', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le', riscv64: 'riscv64' };
  return map[nodeArch] ?? nodeArch;
}

/**
 * The profile as the OCI object for one container: rules whose includes /
 * excludes do not hold for `caps` (the bounding set, as Docker uses) on
 * `arch` are dropped, the rest lose those fields; `architectures` lists the
 * native ABI and the compat ones its kernel runs.
 */
export function resolveSeccomp(profile: SeccompProfile, caps: readonly string[], arch: string = hostArch()): OciSeccomp {
  const held = new Set(caps);
  const applies = (r: SeccompProfileRule): boolean => {
    const inc = r.includes ?? {};
    const exc = r.excludes ?? {};
    if (inc.caps && !inc.caps.every((c) => held.has(c))) return false;
    if (inc.arches && !inc.arches.includes(arch)) return false;
    if (exc.caps?.some((c) => held.has(c))) return false;
    if (exc.arches?.includes(arch)) return false;
    return true;
  };
  const { syscalls, ...head } = profile;
  const architectures = head.architectures ?? ARCHITECTURES[arch];
  return {
    ...head,
    ...(architectures ? { architectures: [...architectures] } : {}),
    ...(syscalls ? { syscalls: syscalls.filter(applies).map(({ includes: _i, excludes: _e, ...rule }): OciSeccompRule => rule) } : {}),
  };
}
