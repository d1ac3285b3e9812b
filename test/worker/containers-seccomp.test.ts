// Docker's default seccomp profile (moby profiles/seccomp/default.json
// semantics) and its resolution against a container's capabilities.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_CAPABILITIES, CLONE_NAMESPACE_FLAGS, DEFAULT_CAPABILITIES, buildSpec, defaultSeccompProfile, resolveSeccomp,
  type OciSeccomp, type OciSpec, type RunOptions,
} from '../../worker/containers/index.js';
import type { ImageConfig } from '../../worker/images/index.js';

const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWNS = 0x00020000;
const THREAD_FLAGS = 0x3d0f00; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
const FORK_FLAGS = 0x01200011; // CLONE_CHILD_SETTID|CHILD_CLEARTID|SIGCHLD

/** The verdict of a resolved profile for one call, as a runtime would compute it: a matching conditional rule, else an unconditional one, else the default. */
function verdict(p: OciSeccomp, name: string, args: number[] = []): string {
  const rules = (p.syscalls ?? []).filter((r) => r.names.includes(name));
  const holds = (a: { index: number; value: number; valueTwo?: number; op: string }): boolean => {
    const x = BigInt(args[a.index] ?? 0);
    const v = BigInt(a.value);
    switch (a.op) {
      case 'SCMP_CMP_EQ': return x === v;
      case 'SCMP_CMP_NE': return x !== v;
      case 'SCMP_CMP_MASKED_EQ': return (x & v) === BigInt(a.valueTwo ?? 0);
      default: throw new Error(`op ${a.op} not used by the default profile`);
    }
  };
  const show = (r: { action: string; errnoRet?: number } | undefined): string =>
    r === undefined ? `${p.defaultAction}(${p.defaultErrnoRet})` : r.action === 'SCMP_ACT_ERRNO' ? `SCMP_ACT_ERRNO(${r.errnoRet})` : r.action;
  const conditional = rules.find((r) => (r.args?.length ?? 0) > 0 && r.args!.every(holds));
  return show(conditional ?? rules.find((r) => (r.args?.length ?? 0) === 0));
}

const ALLOW = 'SCMP_ACT_ALLOW';
const EPERM = 'SCMP_ACT_ERRNO(1)';

describe('the default seccomp profile', () => {
  const docker = resolveSeccomp(defaultSeccompProfile(), DEFAULT_CAPABILITIES, 'amd64');

  it('denies by default with EPERM and covers the three x86 ABIs', () => {
    assert.equal(docker.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(docker.defaultErrnoRet, 1);
    assert.deepEqual(docker.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    assert.deepEqual(resolveSeccomp(defaultSeccompProfile(), [], 'arm64').architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
  });

  it('allows the ordinary syscalls a shell and its tools make', () => {
    for (const name of ['read', 'write', 'openat', 'execve', 'wait4', 'fork', 'vfork', 'mmap', 'rt_sigaction', 'getdents64', 'arch_prctl', 'prctl', 'capset', 'setuid'])
      assert.equal(verdict(docker, name), ALLOW, name);
  });

  it('keeps mount, unshare, setns, reboot, modules, kexec, keyrings, swapon… out with Docker\'s capabilities', () => {
    for (const name of ['mount', 'umount2', 'unshare', 'setns', 'reboot', 'init_module', 'kexec_load', 'add_key', 'keyctl', 'swapon', 'pivot_root', 'open_by_handle_at', 'bpf', 'perf_event_open', 'settimeofday', 'chroot'])
      assert.equal(verdict(docker, name), name === 'chroot' ? ALLOW : EPERM, name); // CAP_SYS_CHROOT is a default cap
  });

  it('CAP_SYS_ADMIN unlocks mount, unshare, setns and clone with namespace flags', () => {
    const admin = resolveSeccomp(defaultSeccompProfile(), [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'], 'amd64');
    for (const name of ['mount', 'umount2', 'unshare', 'setns', 'sethostname', 'fsopen', 'clone3'])
      assert.equal(verdict(admin, name), ALLOW, name);
    assert.equal(verdict(admin, 'clone', [CLONE_NEWUSER | CLONE_NEWNS]), ALLOW);
    assert.equal(verdict(admin, 'reboot'), EPERM);
  });

  it('without CAP_SYS_ADMIN, clone is allowed only without CLONE_NEW* flags and clone3 is ENOSYS', () => {
    assert.equal(CLONE_NAMESPACE_FLAGS, 0x7e020000);
    assert.equal(verdict(docker, 'clone', [THREAD_FLAGS]), ALLOW);
    assert.equal(verdict(docker, 'clone', [FORK_FLAGS]), ALLOW);
    assert.equal(verdict(docker, 'clone', [FORK_FLAGS | CLONE_NEWUSER]), EPERM);
    assert.equal(verdict(docker, 'clone', [CLONE_NEWNS]), EPERM);
    assert.equal(verdict(docker, 'clone3'), 'SCMP_ACT_ERRNO(38)');
    const rule = docker.syscalls!.find((r) => r.names.includes('clone') && r.args);
    assert.deepEqual(rule?.args, [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }]);
  });

  it('personality accepts only the harmless personas; socket refuses AF_VSOCK', () => {
    for (const p of [0, 8, 0x20000, 0x20008, 0xffffffff]) assert.equal(verdict(docker, 'personality', [p]), ALLOW, String(p));
    assert.equal(verdict(docker, 'personality', [0x0040000]), EPERM); // ADDR_NO_RANDOMIZE
    assert.equal(verdict(docker, 'personality', [0x0400000]), EPERM); // READ_IMPLIES_EXEC
    assert.equal(verdict(docker, 'socket', [2]), ALLOW);
    assert.equal(verdict(docker, 'socket', [40]), EPERM);
  });

  it('other capabilities unlock their syscalls: SYS_PTRACE, SYS_MODULE, SYS_BOOT, SYS_TIME, SYS_NICE, DAC_READ_SEARCH', () => {
    const cases: Array<[string, string[]]> = [
      ['CAP_SYS_PTRACE', ['kcmp', 'pidfd_getfd', 'process_madvise']], ['CAP_SYS_MODULE', ['init_module', 'finit_module', 'delete_module']],
      ['CAP_SYS_BOOT', ['reboot']], ['CAP_SYS_TIME', ['settimeofday', 'clock_settime']], ['CAP_SYS_NICE', ['mbind', 'set_mempolicy']],
      ['CAP_DAC_READ_SEARCH', ['open_by_handle_at']], ['CAP_SYS_PACCT', ['acct']], ['CAP_BPF', ['bpf']], ['CAP_PERFMON', ['perf_event_open']],
    ];
    for (const [cap, names] of cases) {
      const p = resolveSeccomp(defaultSeccompProfile(), [...DEFAULT_CAPABILITIES, cap], 'amd64');
      for (const n of names) {
        assert.equal(verdict(p, n), ALLOW, `${cap} ${n}`);
        assert.equal(verdict(docker, n), EPERM, `without ${cap}: ${n}`);
      }
    }
  });

  it('arch-specific syscalls follow the host architecture', () => {
    const arm = resolveSeccomp(defaultSeccompProfile(), DEFAULT_CAPABILITIES, 'arm64');
    assert.equal(verdict(arm, 'arch_prctl'), EPERM);
    assert.equal(verdict(arm, 'set_tls'), ALLOW);
    assert.equal(verdict(docker, 'set_tls'), EPERM);
    const s390 = resolveSeccomp(defaultSeccompProfile(), DEFAULT_CAPABILITIES, 's390x');
    assert.deepEqual(s390.syscalls!.find((r) => r.names.includes('clone') && r.args)?.args?.[0]?.index, 1);
  });

  it('the resolved object is plain OCI: no includes/excludes left', () => {
    const text = JSON.stringify(docker);
    assert.ok(!/includes|excludes/.test(text));
    assert.deepEqual(JSON.parse(text), docker);
  });
});

describe('buildSpec and the seccomp profile', () => {
  const image: ImageConfig = {
    architecture: 'amd64', os: 'linux', diffIds: [], env: [], entrypoint: null, cmd: ['sh'], workingDir: '', user: '',
    exposedPorts: [], volumes: [], healthcheck: null, stopSignal: null, labels: {},
  };
  const spec = (options: RunOptions): OciSpec =>
    buildSpec({ image, options, host: { containerId: 'c'.repeat(64), rootfs: '/r', seccomp: defaultSeccompProfile() } });

  it('resolves the profile against the final capabilities (--cap-add / --cap-drop)', () => {
    assert.equal(verdict(spec({}).linux.seccomp!, 'mount'), EPERM);
    assert.equal(verdict(spec({ capAdd: ['SYS_ADMIN'] }).linux.seccomp!, 'mount'), ALLOW);
    assert.equal(verdict(spec({ capDrop: ['SYS_CHROOT'] }).linux.seccomp!, 'chroot'), EPERM);
    assert.equal(verdict(spec({ capAdd: ['ALL'] }).linux.seccomp!, 'reboot'), ALLOW);
  });

  it('is left out with --privileged or seccomp=unconfined', () => {
    assert.equal(spec({ privileged: true }).linux.seccomp, undefined);
    assert.equal(spec({ securityOpt: ['seccomp=unconfined'] }).linux.seccomp, undefined);
    assert.equal(ALL_CAPABILITIES.includes('CAP_SYS_ADMIN'), true);
  });
});
