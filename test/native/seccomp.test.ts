// Docker's default seccomp profile on a real kernel: orc-runtime compiles it
// to BPF itself (argument conditions, the i386/x32 ABIs, a cache), runc
// loads the same profile through libseccomp; both must give the same
// verdicts. A static probe (fixtures/syscall-probe.c) makes raw syscalls,
// also i386 ones through int $0x80. The compiler's own cases run without
// a kernel through `orc-check seccomp-eval`.
import assert from 'node:assert/strict';
import { createHash, randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../helpers/paths.js';
import { DEFAULT_CAPABILITIES, defaultSeccompProfile, resolveSeccomp, type OciSeccomp } from '../../worker/containers/index.js';
import { type Bundle, type Json, config, sh, runtimes as runtimesFor, type Runtime } from './helpers/bundle.js';
import { nativeSkipReason, runtimeCli } from './helpers/runtime-cli.js';

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');
const orcCheck = join(repoRoot, 'native', 'build', 'orc-check');
const probeSource = join(repoRoot, 'test', 'native', 'fixtures', 'syscall-probe.c');

function skipReason(): string | false {
  if (process.arch !== 'x64') return 'the probe and the ABI cases are x86_64';
  return nativeSkipReason('namespaces, mounts, cgroups', [orcRuntime, orcCheck]) ||
    (spawnSync('gcc', ['--version']).status !== 0 && 'gcc is needed to build the syscall probe');
}
const skip = skipReason();
const runtimes: Runtime[] = runtimesFor(orcRuntime, skip);

const work = mkdtempSync(join(tmpdir(), 'orc-seccomp-'));
const stateRoot = join(work, 'state');
const probe = join(work, 'syscall-probe');
after(() => rmSync(work, { recursive: true, force: true }));
before(() => {
  if (skip) return;
  const cc = spawnSync('gcc', ['-static', '-O2', '-o', probe, probeSource, '-lpthread'], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
});

const SYS = { clone: 56, unshare: 272, mount: 165, personality: 135, socket: 41, getpid: 39, reboot: 169, keyctl: 250 };
const I386 = { getpid: 20, clone: 120, mount: 21, unshare: 310, personality: 136, socketcall: 102 };
const X32 = 0x40000000;
const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWNS = 0x00020000;
const SIGCHLD = 17;
const EPERM = 'errno 1';

const profile = (caps: readonly string[]): OciSeccomp => resolveSeccomp(defaultSeccompProfile(), caps, 'amd64');

/** A busybox bundle with the probe at /bin/probe, `caps` as its capabilities and the default profile resolved for `profileCaps`. */
function seccompConfig(script: string, caps: readonly string[], profileCaps: readonly string[] = caps): (cg: string) => Json {
  return (cg) => config(sh(script), cg, (c) => {
    c.process['capabilities'] = { bounding: caps, effective: caps, permitted: caps };
    c.linux['seccomp'] = profile(profileCaps);
  });
}

const cli = runtimeCli(stateRoot, 'orc-seccomp-bundle-', { timeoutMs: 60_000 });
const run = cli.run;

/** A bundle with the probe at /bin/probe. */
function withBundle<T>(rt: Runtime, cfg: (cg: string) => Json, fn: (b: Bundle) => T | Promise<T>): Promise<T> {
  return cli.withBundle(rt, cfg, (b) => {
    copyFileSync(probe, join(b.dir, 'rootfs', 'bin', 'probe'));
    return fn(b);
  });
}

/** Runs `script` (one probe or command a line, each echoing a result line) and returns the output lines. */
async function lines(rt: Runtime, script: string, caps: readonly string[] = DEFAULT_CAPABILITIES, profileCaps: readonly string[] = caps): Promise<string[]> {
  return withBundle(rt, seccompConfig(script, caps, profileCaps), (b) => {
    const r = run(rt, b);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout.trim().split('\n');
  });
}

for (const rt of runtimes) {
  describe(`${rt.name}: Docker's default seccomp profile`, { skip: rt.skip }, () => {
    it('busybox works: sh, ls, ps, sleep, a fork, a pipe, a thread', async () => {
      const out = await lines(rt, 'ls / >/dev/null && echo ls; ps >/dev/null && echo ps; sleep 0.1 && echo sleep; (true) && echo fork; echo x | cat; probe --thread');
      assert.deepEqual(out, ['ls', 'ps', 'sleep', 'fork', 'x', 'ok 0']);
    });

    it('refuses unshare -U / -m, mount, reboot, keyctl with EPERM, even with the capabilities held', async () => {
      // CAP_SYS_ADMIN and CAP_SYS_BOOT are held, but the profile is Docker's default one:
      // EPERM then can only come from the filter.
      const caps = [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT'];
      const out = await lines(rt, [
        'unshare -U true 2>&1 | grep -q "Operation not permitted" && echo unshare-U-refused',
        'unshare -m true 2>&1 | grep -q "Operation not permitted" && echo unshare-m-refused',
        `probe ${SYS.mount} 0 0 0 0 0`, `probe ${SYS.unshare} ${CLONE_NEWNS}`, `probe ${SYS.reboot} 0 0 0 0`, `probe ${SYS.keyctl} 0 0 0 0 0`,
      ].join('; '), caps, DEFAULT_CAPABILITIES);
      assert.deepEqual(out, ['unshare-U-refused', 'unshare-m-refused', EPERM, EPERM, EPERM, EPERM]);
    });

    it('clone: a fork passes, namespace flags are refused; clone3 is ENOSYS', async () => {
      const out = await lines(rt, [
        `probe ${SYS.clone} ${SIGCHLD} 0 0 0 0 | sed 's/ok [0-9]*/ok/'`,
        `probe ${SYS.clone} ${CLONE_NEWUSER | SIGCHLD} 0 0 0 0`,
        `probe ${SYS.clone} ${CLONE_NEWNS | SIGCHLD} 0 0 0 0`,
        'probe 435 0 0',
      ].join('; '));
      assert.deepEqual(out, ['ok', EPERM, EPERM, 'errno 38']);
    });

    it('personality: Linux, Linux32 and the query pass, ADDR_NO_RANDOMIZE and READ_IMPLIES_EXEC are refused', async () => {
      const out = await lines(rt, [
        'linux32 uname -m', `probe ${SYS.personality} 0xffffffff`, `probe ${SYS.personality} 0x0040000`,
        `probe ${SYS.personality} 0x0400000`, `probe ${SYS.socket} 40 1 0`,
      ].join('; '));
      assert.deepEqual(out, ['i686', 'ok 0', EPERM, EPERM, EPERM]);
    });

    it('the i386 ABI (int $0x80) gets the same verdicts; x32 calls meet the filter before the kernel', async () => {
      const out = await lines(rt, [
        `probe --i386 ${I386.getpid} | sed 's/ok [0-9]*/ok/'`,
        `probe --i386 ${I386.mount} 0 0 0 0 0`, `probe --i386 ${I386.unshare} ${CLONE_NEWUSER}`,
        `probe --i386 ${I386.clone} ${CLONE_NEWUSER | SIGCHLD} 0 0 0 0`, `probe --i386 ${I386.personality} 0x0040000`,
        // This kernel has no x32 ABI: an allowed x32 call gets ENOSYS from it, a refused one EPERM from the filter.
        `probe ${X32 | SYS.getpid}`, `probe ${X32 | SYS.mount} 0 0 0 0 0`,
      ].join('; '));
      assert.deepEqual(out, ['ok', EPERM, EPERM, EPERM, EPERM, 'errno 38', EPERM]);
    });

    it('with CAP_SYS_ADMIN the profile allows mount and unshare', async () => {
      const caps = [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'];
      const out = await lines(rt, 'mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && echo mounted; unshare -m true && echo unshared', caps);
      assert.deepEqual(out, ['mounted', 'unshared']);
    });
  });
}

describe('orc-runtime: the seccomp cache', { skip }, () => {
  const rt = runtimes[0]!;
  const cacheDir = join(stateRoot, rt.name, '@seccomp-cache');
  const cacheFiles = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith('.bpf')) : []);
  const script = 'unshare -U true 2>/dev/null && echo unshared || echo refused';

  it('stores the compiled profile, reuses it, and rebuilds a corrupted one', async () => {
    rmSync(cacheDir, { recursive: true, force: true });
    assert.deepEqual(await lines(rt, script), ['refused']);
    const files = cacheFiles();
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    assert.match(files[0]!, /^[0-9a-f]{64}\.bpf$/);
    const file = join(cacheDir, files[0]!);
    const original = readFileSync(file);
    const mtime = statSync(file).mtimeMs;

    // A second container with the same profile loads the file and leaves it as it is.
    assert.deepEqual(await lines(rt, script), ['refused']);
    assert.equal(statSync(file).mtimeMs, mtime);

    // Proof that the file is what gets loaded: a well-formed entry whose program
    // allows everything (header: magic 8, count 4, reserved 4, key 32, sum 32).
    const allowAll = Buffer.alloc(8);
    allowAll.writeUInt16LE(0x06, 0); // BPF_RET | BPF_K
    allowAll.writeUInt32LE(0x7fff0000, 4); // SECCOMP_RET_ALLOW
    const header = Buffer.from(original.subarray(0, 80));
    header.writeUInt32LE(1, 8);
    createHash('sha256').update(allowAll).digest().copy(header, 48);
    writeFileSync(file, Buffer.concat([header, allowAll]));
    assert.deepEqual(await lines(rt, script), ['unshared']);

    // A corrupted entry (one flipped byte, checksum no longer matching) is detected and rebuilt.
    const corrupt = Buffer.from(original);
    corrupt[corrupt.length - 3]! ^= 0x55;
    writeFileSync(file, corrupt);
    assert.deepEqual(await lines(rt, script), ['refused']);
    assert.deepEqual(readFileSync(file), original);

    // So is a truncated one.
    writeFileSync(file, original.subarray(0, 100));
    assert.deepEqual(await lines(rt, script), ['refused']);
    assert.deepEqual(readFileSync(file), original);
  });

  it('a different profile (other capabilities) gets a file of its own', async () => {
    const before = cacheFiles().length;
    await lines(rt, 'true', [...DEFAULT_CAPABILITIES, 'CAP_SYS_PTRACE']);
    assert.equal(cacheFiles().length, before + 1);
  });
});

// ── the compiler without a kernel ─────────────────────────────────────────

/** A bundle directory holding only config.json (with `seccomp`) and an empty rootfs. */
function checkBundle(seccomp: Json): string {
  const dir = mkdtempSync(join(work, 'check-'));
  mkdirSync(join(dir, 'rootfs'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ process: { args: ['true'] }, root: { path: 'rootfs' }, linux: { seccomp } }));
  return dir;
}

/** Verdicts of `seccomp` for calls "ABI SYSCALL ARG…", one a line, through orc-check. */
function verdicts(seccomp: Json, calls: string[]): string[] {
  const r = spawnSync(orcCheck, ['seccomp-eval', checkBundle(seccomp), '-'], { input: `${calls.join('\n')}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

describe('orc-check: the seccomp compiler', { skip: existsSync(orcCheck) ? false : 'native/build is missing' }, () => {
  const allowByDefault = (syscalls: Json[], extra: Json = {}): Json => ({ defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'], syscalls, ...extra });
  const rule = (op: string, value: number | bigint, valueTwo?: number): Json =>
    ({ names: ['write'], action: 'SCMP_ACT_ERRNO', errnoRet: 7, args: [{ index: 2, value: Number(value), ...(valueTwo !== undefined ? { valueTwo } : {}), op }] });

  it('compares 64-bit arguments as two halves with every operator', () => {
    const hi = 0x1_0000_0005; // high half 1, low half 5
    const cases: Array<[string, number, Array<[string, string]>]> = [
      ['SCMP_CMP_EQ', hi, [['0x100000005', 'ERRNO 7'], ['5', 'ALLOW'], ['0x200000005', 'ALLOW']]],
      ['SCMP_CMP_NE', hi, [['0x100000005', 'ALLOW'], ['5', 'ERRNO 7']]],
      ['SCMP_CMP_GT', hi, [['0x100000006', 'ERRNO 7'], ['0x100000005', 'ALLOW'], ['0x200000000', 'ERRNO 7'], ['0xffffffff', 'ALLOW']]],
      ['SCMP_CMP_GE', hi, [['0x100000005', 'ERRNO 7'], ['0x100000004', 'ALLOW'], ['0x200000000', 'ERRNO 7']]],
      ['SCMP_CMP_LT', hi, [['0x100000004', 'ERRNO 7'], ['0xffffffff', 'ERRNO 7'], ['0x100000005', 'ALLOW'], ['0x200000000', 'ALLOW']]],
      ['SCMP_CMP_LE', hi, [['0x100000005', 'ERRNO 7'], ['0x100000006', 'ALLOW'], ['0', 'ERRNO 7']]],
    ];
    for (const [op, value, probes] of cases) {
      const got = verdicts(allowByDefault([rule(op, value)]), probes.map(([arg]) => `x86_64 write 1 2 ${arg}`));
      assert.deepEqual(got, probes.map(([, v]) => v), op);
    }
    const masked = verdicts(allowByDefault([rule('SCMP_CMP_MASKED_EQ', 0x1_0000_00f0, 0x1_0000_0010)]),
      ['x86_64 write 0 0 0x100000011', 'x86_64 write 0 0 0x000000011', 'x86_64 write 0 0 0x1000000f1']);
    assert.deepEqual(masked, ['ERRNO 7', 'ALLOW', 'ALLOW']);
  });

  it('ANDs the conditions of one rule, ORs rules of one syscall and conditions repeated on one argument', () => {
    const and = { names: ['write'], action: 'SCMP_ACT_ERRNO', errnoRet: 3, args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }, { index: 1, value: 2, op: 'SCMP_CMP_EQ' }] };
    const or = { names: ['read'], action: 'SCMP_ACT_ERRNO', errnoRet: 4, args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }, { index: 0, value: 2, op: 'SCMP_CMP_EQ' }] };
    const second = { names: ['write'], action: 'SCMP_ACT_KILL_PROCESS', args: [{ index: 0, value: 9, op: 'SCMP_CMP_EQ' }] };
    assert.deepEqual(verdicts(allowByDefault([and, or, second]), [
      'x86_64 write 1 2', 'x86_64 write 1 3', 'x86_64 write 9', 'x86_64 read 1', 'x86_64 read 2', 'x86_64 read 3',
    ]), ['ERRNO 3', 'ALLOW', 'KILL_PROCESS', 'ERRNO 4', 'ERRNO 4', 'ALLOW']);
  });

  it('honours every action, defaultErrnoRet, and skips unknown syscall names', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 13,
      syscalls: [
        { names: ['getpid', 'no_such_syscall'], action: 'SCMP_ACT_ALLOW' }, { names: ['getppid'], action: 'SCMP_ACT_KILL' },
        { names: ['gettid'], action: 'SCMP_ACT_TRAP' }, { names: ['getuid'], action: 'SCMP_ACT_LOG' },
        { names: ['getgid'], action: 'SCMP_ACT_TRACE', errnoRet: 5 }, { names: ['getegid'], action: 'SCMP_ACT_KILL_PROCESS' },
        { names: ['geteuid'], action: 'SCMP_ACT_ERRNO' },
      ],
    };
    assert.deepEqual(verdicts(p, ['x86_64 getpid', 'x86_64 getppid', 'x86_64 gettid', 'x86_64 getuid', 'x86_64 getgid', 'x86_64 getegid', 'x86_64 geteuid', 'x86_64 read']),
      ['ALLOW', 'KILL_THREAD', 'TRAP', 'LOG', 'TRACE 5', 'KILL_PROCESS', 'ERRNO 1', 'ERRNO 13']);
  });

  it('kills calls of an architecture the profile does not list (x32 and i386 under an x86_64-only profile)', () => {
    const p = { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls: [] };
    assert.deepEqual(verdicts(p, ['x86_64 read', 'x32 read', 'x86 read', 'aarch64 63']), ['ALLOW', 'KILL_PROCESS', 'KILL_PROCESS', 'KILL_PROCESS']);
    const noArch = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] };
    assert.deepEqual(verdicts(noArch, ['x86_64 read', 'x86 read']), ['ALLOW', 'KILL_PROCESS']);
  });

  it('uses each ABI\'s own numbers (i386 socketcall, x32 rt_sigaction at 512)', () => {
    const p = { defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'], syscalls: [{ names: ['socketcall', 'rt_sigaction'], action: 'SCMP_ACT_ALLOW' }] };
    assert.deepEqual(verdicts(p, ['x86 102', 'x86 174', 'x32 0x40000200', 'x32 0x4000000d', 'x86_64 13']), ['ALLOW', 'ALLOW', 'ALLOW', 'ERRNO 1', 'ALLOW']);
  });

  it('agrees with a reference evaluator on a large random profile (long jumps over 255 instructions)', () => {
    const seed = Number(process.env['ORC_SEED'] ?? randomInt(1, 2 ** 31));
    let state = seed;
    const rand = (n: number): number => { // mulberry32
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const names = ['read', 'write', 'openat', 'close', 'mmap', 'ioctl', 'fcntl', 'getpid', 'kill', 'mount', 'prctl', 'socket', 'bind', 'clone', 'futex'];
    const ops = ['SCMP_CMP_EQ', 'SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_GE', 'SCMP_CMP_GT', 'SCMP_CMP_MASKED_EQ'];
    type Arg = { index: number; value: number; valueTwo: number; op: string };
    const rules: Array<{ names: string[]; action: string; errnoRet: number; args: Arg[] }> = [];
    for (let i = 0; i < 120; i++) {
      const args: Arg[] = [];
      const used = new Set<number>();
      for (let k = rand(4); k > 0; k--) {
        const index = rand(6);
        if (used.has(index)) continue;
        used.add(index);
        args.push({ index, value: rand(4) * 2 ** 32 + rand(8), valueTwo: rand(4), op: ops[rand(ops.length)]! });
      }
      rules.push({ names: [names[rand(names.length)]!], action: 'SCMP_ACT_ERRNO', errnoRet: 100 + i, args });
    }
    const holds = (a: Arg, x: bigint): boolean => {
      const v = BigInt(a.value);
      switch (a.op) {
        case 'SCMP_CMP_EQ': return x === v;
        case 'SCMP_CMP_NE': return x !== v;
        case 'SCMP_CMP_LT': return x < v;
        case 'SCMP_CMP_LE': return x <= v;
        case 'SCMP_CMP_GE': return x >= v;
        case 'SCMP_CMP_GT': return x > v;
        default: return (x & v) === BigInt(a.valueTwo);
      }
    };
    // The reference: for a syscall, the first rule (profile order) with conditions that all hold,
    // then the first unconditional one, else the default.
    const expect = (name: string, args: bigint[]): string => {
      const mine = rules.filter((r) => r.names[0] === name);
      const hit = mine.find((r) => r.args.length > 0 && r.args.every((a) => holds(a, args[a.index]!))) ?? mine.find((r) => r.args.length === 0);
      return hit ? `ERRNO ${hit.errnoRet}` : 'ALLOW';
    };
    const calls: string[] = [];
    const want: string[] = [];
    for (let i = 0; i < 400; i++) {
      const name = names[rand(names.length)]!;
      const args = Array.from({ length: 6 }, () => BigInt(rand(4)) * 2n ** 32n + BigInt(rand(8)));
      calls.push(`x86_64 ${name} ${args.map((a) => `0x${a.toString(16)}`).join(' ')}`);
      want.push(expect(name, args));
    }
    const profile = { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls: rules };
    const got = verdicts(profile, calls);
    for (let i = 0; i < calls.length; i++) assert.equal(got[i], want[i], `seed=${seed} (replay with ORC_SEED=${seed}): ${calls[i]}`);
    const stats = JSON.parse(spawnSync(orcCheck, ['seccomp-stats', checkBundle(profile), join(work, 'cache-large'), '1'], { encoding: 'utf8' }).stdout) as { instructions: number };
    assert.ok(stats.instructions > 256, `the program is long enough to need long jumps: ${stats.instructions}`);
  });

  it('refuses a program beyond the kernel\'s 4096 instructions with a clear error', () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({ names: ['write'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 + (i % 50), args: [{ index: 0, value: i, op: 'SCMP_CMP_EQ' }] }));
    const r = spawnSync(orcCheck, ['seccomp-eval', checkBundle({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: many }), 'x86_64', 'write'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /seccomp filter of \d+ instructions \(the kernel takes 4096\): Argument list too long/);
  });

  it('Docker\'s default profile compiles to under 4096 instructions and loads from the cache faster than it compiles', () => {
    const r = spawnSync(orcCheck, ['seccomp-stats', checkBundle(profile(DEFAULT_CAPABILITIES) as unknown as Json), join(work, 'cache-stats'), '20'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { instructions: number; compileMicros: number; cachedMicros: number; fromCache: boolean };
    assert.ok(s.instructions > 500 && s.instructions < 4096, String(s.instructions));
    assert.equal(s.fromCache, true);
    assert.ok(s.cachedMicros < s.compileMicros, r.stdout);
  });
});
