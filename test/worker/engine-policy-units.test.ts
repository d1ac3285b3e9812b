// The pure parts of restart policies, log options, stats and their CLI
// formatting: Docker's restart manager decisions and back-off, json-file
// option parsing, cgroup v1 and v2 counters read from fake trees, and the
// docker CLI's stats columns. No root needed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { isOrcError } from '../../common/errors.js';
import { bytesSize, humanSize, statsRow } from '../../cli/commands/stats.js';
import { topTable } from '../../cli/commands/top.js';
import { parseHumanSize, parseLogConfig, logLimits } from '../../worker/engine/log-config.js';
import {
  BACKOFF_MAX_MS, formatRestartPolicy, nextBackoff, parseRestartPolicy, restartOnEngineStart, restartOnExit, type ExitFacts,
} from '../../worker/engine/restart.js';
import { containerCgroups, hostCpu, netBytes, readStats } from '../../worker/engine/stats.js';

const usage = (e: unknown): boolean => isOrcError(e) && e.code === 'ORC_USAGE';
const facts = (f: Partial<ExitFacts>): ExitFacts => ({ exitCode: 1, restartCount: 0, manuallyStopped: false, exitOnNext: false, ...f });

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orc-units-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('restart policies (Docker\'s restart manager)', () => {
  it('parses no, always, unless-stopped, on-failure[:N] and refuses the rest', () => {
    assert.deepEqual(parseRestartPolicy('no'), { Name: 'no', MaximumRetryCount: 0 });
    assert.deepEqual(parseRestartPolicy('on-failure:5'), { Name: 'on-failure', MaximumRetryCount: 5 });
    assert.deepEqual(parseRestartPolicy('unless-stopped'), { Name: 'unless-stopped', MaximumRetryCount: 0 });
    for (const bad of ['', 'yes', 'always:2', 'on-failure:', 'on-failure:-1', 'on-failure:1.5', 'ALWAYS']) {
      assert.throws(() => parseRestartPolicy(bad), usage, bad);
    }
    assert.equal(formatRestartPolicy(parseRestartPolicy('on-failure:3')), 'on-failure:3');
  });

  it('on an exit: on-failure counts, always ignores the code, the user\'s stop or kill is never undone', () => {
    const onFailure2 = parseRestartPolicy('on-failure:2');
    assert.equal(restartOnExit(onFailure2, facts({ restartCount: 0 })), true);
    assert.equal(restartOnExit(onFailure2, facts({ restartCount: 1 })), true);
    assert.equal(restartOnExit(onFailure2, facts({ restartCount: 2 })), false);
    assert.equal(restartOnExit(onFailure2, facts({ exitCode: 0 })), false);
    assert.equal(restartOnExit(parseRestartPolicy('on-failure'), facts({ restartCount: 1000 })), true);
    assert.equal(restartOnExit(parseRestartPolicy('always'), facts({ exitCode: 0 })), true);
    assert.equal(restartOnExit(parseRestartPolicy('no'), facts({})), false);
    for (const p of ['always', 'unless-stopped', 'on-failure']) {
      assert.equal(restartOnExit(parseRestartPolicy(p), facts({ exitOnNext: true, manuallyStopped: true })), false, p);
    }
    // kill with another signal marks the container stopped by the user without ending its restarts
    assert.equal(restartOnExit(parseRestartPolicy('unless-stopped'), facts({ manuallyStopped: true })), false);
    assert.equal(restartOnExit(parseRestartPolicy('always'), facts({ manuallyStopped: true })), true);
  });

  it('at engine start: always comes back even after a stop, unless-stopped and on-failure do not', () => {
    const stopped = facts({ exitCode: 137, manuallyStopped: true, exitOnNext: true });
    assert.equal(restartOnEngineStart(parseRestartPolicy('always'), stopped), true);
    assert.equal(restartOnEngineStart(parseRestartPolicy('unless-stopped'), stopped), false);
    assert.equal(restartOnEngineStart(parseRestartPolicy('on-failure'), stopped), false);
    assert.equal(restartOnEngineStart(parseRestartPolicy('unless-stopped'), facts({ exitCode: 0 })), true);
    assert.equal(restartOnEngineStart(parseRestartPolicy('on-failure:1'), facts({ restartCount: 1 })), false);
  });

  it('back-off: 100 ms doubling to a 1 min cap, back to 100 ms after a run of 10 s', () => {
    const seq: number[] = [];
    let b = 0;
    for (let i = 0; i < 12; i++) seq.push((b = nextBackoff(b, 50)));
    assert.deepEqual(seq.slice(0, 5), [100, 200, 400, 800, 1600]);
    assert.equal(seq.at(-1), BACKOFF_MAX_MS);
    assert.equal(nextBackoff(BACKOFF_MAX_MS, 9_999), BACKOFF_MAX_MS);
    assert.equal(nextBackoff(BACKOFF_MAX_MS, 10_000), 100);
  });
});

describe('log options (json-file)', () => {
  it('max-size in Docker\'s decimal units, max-file ≥ 1; unknown keys, drivers and values are usage errors', () => {
    assert.equal(parseHumanSize('10m'), 10_000_000);
    assert.equal(parseHumanSize('512k'), 512_000);
    assert.equal(parseHumanSize('1g'), 1e9);
    assert.equal(parseHumanSize('1.5KB'), 1500);
    assert.equal(parseHumanSize('100'), 100);
    assert.deepEqual(logLimits(parseLogConfig(undefined, ['max-size=10m', 'max-file=3'])), { maxSize: 10_000_000, maxFiles: 3 });
    assert.deepEqual(parseLogConfig('none', []), { Type: 'none', Config: {} });
    for (const [driver, opts] of [[undefined, ['max-size=ten']], [undefined, ['max-size=-1']], [undefined, ['max-file=0']], [undefined, ['tag=x']], [undefined, ['=1']], ['gelf', []], ['none', ['max-file=2']]] as const) {
      assert.throws(() => parseLogConfig(driver, opts), usage, `${driver ?? ''} ${opts.join(' ')}`);
    }
  });
});

describe('stats from cgroup files', () => {
  const procStat = 'cpu  100 0 50 850 0 0 0 7 0 0\ncpu0 50 0 25 425 0 0 0 0 0 0\ncpu1 50 0 25 425 0 0 0 0 0 0\nbtime 1\n';
  const netDev = 'Inter-|   Receive |  Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets\n    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0\n  eth0: 1500 10 0 0 0 0 0 0 700 5 0 0 0 0 0 0\n';

  it('cgroup v1: usage minus total_inactive_file, cpuacct.usage, pids, blkio, host memory when unlimited, net without lo', () => {
    const root = tree({
      'cg/memory/orc/c1/memory.usage_in_bytes': '10485760\n',
      'cg/memory/orc/c1/memory.stat': 'cache 4096\ntotal_inactive_file 2097152\n',
      'cg/memory/orc/c1/memory.limit_in_bytes': '9223372036854771712\n',
      'cg/cpuacct/orc/c1/cpuacct.usage': '123456789\n',
      'cg/pids/orc/c1/pids.current': '3\n',
      'cg/blkio/orc/c1/blkio.throttle.io_service_bytes': '8:0 Read 4096\n8:0 Write 8192\n8:0 Total 12288\nTotal 12288\n',
      'proc/stat': procStat,
      'proc/42/net/dev': netDev,
      'proc/42/cgroup': '4:memory:/orc/c1\n3:cpu,cpuacct:/orc/c1\n2:pids:/orc/c1\n1:blkio:/orc/c1\n',
    });
    try {
      const cg = containerCgroups(42, '/elsewhere', join(root, 'cg'), join(root, 'proc'));
      assert.equal(cg.version, 1);
      const s = readStats({ cgroups: cg, pid: 42, now: 0, procRoot: join(root, 'proc'), hostMemory: 2 ** 33 });
      assert.equal(s.memoryUsage, 10485760);
      assert.equal(s.memoryInactiveFile, 2097152);
      assert.equal(s.memoryLimit, 2 ** 33);
      assert.equal(s.cpuTotalNs, 123456789);
      assert.equal(s.systemCpuNs, 1000 * 1e7); // 1000 ticks at 100 Hz
      assert.equal(s.onlineCpus, 2);
      assert.equal(s.pids, 3);
      assert.deepEqual([s.blockRead, s.blockWrite], [4096, 8192]);
      assert.deepEqual([s.netRx, s.netTx], [1500, 700]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('cgroup v2 (unified): memory.current/stat/max, cpu.stat usage_usec, pids.current, io.stat', () => {
    const root = tree({
      'cg/cgroup.controllers': 'cpu memory pids io\n',
      'cg/orc/c2/memory.current': '5000000\n',
      'cg/orc/c2/memory.stat': 'anon 100\ninactive_file 1000000\n',
      'cg/orc/c2/memory.max': '67108864\n',
      'cg/orc/c2/cpu.stat': 'usage_usec 2500\nuser_usec 2000\n',
      'cg/orc/c2/pids.current': '1\n',
      'cg/orc/c2/io.stat': '8:0 rbytes=100 wbytes=200 rios=1 wios=2\n8:16 rbytes=1 wbytes=2\n',
      'proc/stat': procStat,
    });
    try {
      const cg = containerCgroups(undefined, '/orc/c2', join(root, 'cg'), join(root, 'proc'));
      assert.deepEqual(cg, { version: 2, dir: join(root, 'cg', 'orc', 'c2') });
      const s = readStats({ cgroups: cg, pid: undefined, now: 0, procRoot: join(root, 'proc'), hostMemory: 2 ** 33 });
      assert.deepEqual(
        [s.memoryUsage, s.memoryInactiveFile, s.memoryLimit, s.cpuTotalNs, s.pids, s.blockRead, s.blockWrite, s.netRx],
        [5000000, 1000000, 67108864, 2_500_000, 1, 101, 202, 0],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('host cpu and net/dev parsing', () => {
    const root = tree({ 'stat': procStat });
    try {
      assert.deepEqual(hostCpu(root), { systemCpuNs: 1e10, onlineCpus: 2 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    assert.deepEqual(netBytes(netDev), { rx: 1500, tx: 700 });
    assert.deepEqual(netBytes(undefined), { rx: 0, tx: 0 });
  });
});

describe('stats and top output (docker CLI)', () => {
  it('units: binary for memory, decimal with 3 digits for I/O', () => {
    assert.equal(bytesSize(0), '0B');
    assert.equal(bytesSize(1536), '1.5KiB');
    assert.equal(bytesSize(64 * 1024 * 1024), '64MiB');
    assert.equal(bytesSize(2_261_000), '2.156MiB');
    assert.equal(humanSize(0), '0B');
    assert.equal(humanSize(1450), '1.45kB');
    assert.equal(humanSize(12_345_678), '12.3MB');
  });

  it('a row: CPU % between two samples × online CPUs, memory without inactive file', () => {
    const base = { read: '', onlineCpus: 2, memoryUsage: 4 * 1048576, memoryInactiveFile: 1048576, memoryLimit: 64 * 1048576, pids: 4, blockRead: 0, blockWrite: 4096, netRx: 1450, netTx: 0 };
    const row = statsRow({
      id: 'a'.repeat(64), name: 'web',
      previous: { ...base, cpuTotalNs: 0, systemCpuNs: 0 },
      sample: { ...base, cpuTotalNs: 250e6, systemCpuNs: 1e9 },
    });
    assert.deepEqual(row, {
      ID: 'a'.repeat(64), Name: 'web', CPUPerc: '50.00%', MemUsage: '3MiB / 64MiB', MemPerc: '4.69%', NetIO: '1.45kB / 0B', BlockIO: '0B / 4.1kB', PIDs: '4',
    });
  });

  it('top is a tab-writer table with columns at least 20 wide', () => {
    assert.equal(topTable(['UID', 'PID', 'CMD'], [['root', '1', 'sh -c x']]), `${'UID'.padEnd(20)}${'PID'.padEnd(20)}CMD\n${'root'.padEnd(20)}${'1'.padEnd(20)}sh -c x\n`);
  });
});
