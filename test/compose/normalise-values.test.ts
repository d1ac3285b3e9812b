/**
 * Value conversions of compose/normalise: durations, byte sizes, numbers and
 * booleans left as strings by interpolation, command strings, healthchecks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, parseBytes, parseDuration, splitShellWords } from '../../compose/normalise/index.js';
import { issuePaths as codesAndPaths, normaliseWeb as web } from '../helpers/normalise.js';

describe('durations (05-services.md healthcheck, stop_grace_period; deploy.md)', () => {
  it('05-services.md stop_grace_period: Go durations are printed the way Go prints them', () => {
    const cases: Array<[string, string]> = [
      ['1m30s', '1m30s'],
      ['90s', '1m30s'],
      ['500ms', '500ms'],
      ['1h', '1h0m0s'],
      ['1h30m', '1h30m0s'],
      ['0', '0s'],
      ['0s', '0s'],
      ['1.5s', '1.5s'],
      ['1500ms', '1.5s'],
      ['2us', '2µs'],
      ['1500us', '1.5ms'],
      ['10ns', '10ns'],
      ['.5s', '500ms'],
      ['1d', '24h0m0s'],
      ['1w', '168h0m0s'],
      ['1h1m1s1ms', '1h1m1.001s'],
      ['3µs', '3µs'],
    ];
    for (const [input, expected] of cases) {
      const { service, issues } = web({ stop_grace_period: input });
      assert.deepEqual(issues, [], input);
      assert.equal(service.stop_grace_period, expected, input);
    }
  });

  it('05-services.md healthcheck: interval, timeout, start_period and start_interval are durations', () => {
    const { service, issues } = web({
      healthcheck: { test: 'curl -f http://localhost', interval: '90s', timeout: '5s', start_period: '1m', start_interval: '250ms', retries: '3' },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.healthcheck, {
      interval: '1m30s',
      retries: 3,
      start_interval: '250ms',
      start_period: '1m0s',
      test: ['CMD-SHELL', 'curl -f http://localhost'],
      timeout: '5s',
    });
  });

  it('deploy.md restart_policy and update_config: delay, window and monitor are durations', () => {
    const { service, issues } = web({
      deploy: {
        restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: '3', window: '2m' },
        update_config: { parallelism: '2', delay: '10s', monitor: '1m', max_failure_ratio: '0.3', order: 'start-first' },
        rollback_config: { delay: '0s' },
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.deploy?.restart_policy, { condition: 'on-failure', delay: '5s', max_attempts: 3, window: '2m0s' });
    assert.deepEqual(service.deploy?.update_config, {
      delay: '10s',
      max_failure_ratio: 0.3,
      monitor: '1m0s',
      order: 'start-first',
      parallelism: 2,
    });
    assert.deepEqual(service.deploy?.rollback_config, { delay: '0s' });
  });

  it('05-services.md stop_grace_period: numbers, unitless values and unknown units are invalid values at the key path', () => {
    for (const bad of [30, '30', '1x', 'abc', '', '-5s', '1..5s', 's', '99999999999999999999h']) {
      const { service, issues } = web({ stop_grace_period: bad });
      assert.deepEqual(codesAndPaths(issues), [['COMPOSE_INVALID_VALUE', ['services', 'web', 'stop_grace_period']]], String(bad));
      assert.equal(service.stop_grace_period, undefined);
    }
  });

  it('parseDuration and formatDuration agree with Go on edge cases', () => {
    assert.equal(parseDuration('1.0000000001s'), 1_000_000_000n);
    assert.equal(parseDuration('+2s'), 2_000_000_000n);
    assert.equal(parseDuration('2562047h47m16.854775807s'), 9223372036854775807n);
    assert.equal(parseDuration('2562047h47m16.854775808s'), undefined);
    assert.equal(formatDuration(9223372036854775807n), '2562047h47m16.854775807s');
    assert.equal(formatDuration(-1_500_000n), '-1.5ms');
  });
});

describe('byte sizes (05-services.md mem_limit, shm_size; Docker RAMInBytes)', () => {
  it('05-services.md mem_limit: suffixes are 1024-based and case-insensitive; numbers are bytes', () => {
    const cases: Array<[unknown, number]> = [
      ['512m', 512 * 1024 ** 2],
      ['512M', 512 * 1024 ** 2],
      ['1g', 1024 ** 3],
      ['1gb', 1024 ** 3],
      ['1GB', 1024 ** 3],
      ['1GiB', 1024 ** 3],
      ['1.5GB', 1.5 * 1024 ** 3],
      ['100k', 102400],
      ['100kb', 102400],
      ['100 KB', 102400],
      ['2t', 2 * 1024 ** 4],
      ['1p', 1024 ** 5],
      ['100b', 100],
      ['1024', 1024],
      [1073741824, 1073741824],
      ['0.5k', 512],
      ['1.7b', 1],
    ];
    for (const [input, expected] of cases) {
      const { service, issues } = web({ mem_limit: input });
      assert.deepEqual(issues, [], String(input));
      assert.equal(service.mem_limit, expected, String(input));
    }
  });

  it('05-services.md: mem_reservation, memswap_limit, shm_size and deploy memory are converted too', () => {
    const { service, issues } = web({
      mem_reservation: '256m',
      memswap_limit: -1,
      shm_size: '64m',
      deploy: { resources: { limits: { memory: '1g', cpus: '0.5', pids: '100' }, reservations: { memory: '256m', cpus: 0.25 } } },
    });
    assert.deepEqual(issues, []);
    assert.equal(service.mem_reservation, 256 * 1024 ** 2);
    assert.equal(service.memswap_limit, -1);
    assert.equal(service.shm_size, 64 * 1024 ** 2);
    assert.deepEqual(service.deploy?.resources, {
      limits: { cpus: 0.5, memory: 1024 ** 3, pids: 100 },
      reservations: { cpus: 0.25, memory: 256 * 1024 ** 2 },
    });
  });

  it('05-services.md memswap_limit: "-1" from interpolation means unlimited swap', () => {
    assert.equal(web({ memswap_limit: '-1' }).service.memswap_limit, -1);
  });

  it('05-services.md mem_limit: sizes that cannot be read are invalid values at their path', () => {
    for (const bad of ['1x', 'lots', '1.2.3g', '-1', -5, '1kbb', '']) {
      const { issues } = web({ mem_limit: bad });
      assert.deepEqual(codesAndPaths(issues), [['COMPOSE_INVALID_VALUE', ['services', 'web', 'mem_limit']]], String(bad));
    }
    const { issues } = web({ deploy: { resources: { limits: { memory: 'huge' } } } });
    assert.deepEqual(codesAndPaths(issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'deploy', 'resources', 'limits', 'memory']],
    ]);
  });

  it('05-services.md blkio_config: bps rates are byte sizes, iops rates and weights integers', () => {
    const { service, issues } = web({
      blkio_config: {
        weight: '300',
        weight_device: [{ path: '/dev/sda', weight: 400 }],
        device_read_bps: [{ path: '/dev/sdb', rate: '12mb' }],
        device_write_bps: [{ path: '/dev/sdb', rate: 1024 }],
        device_read_iops: [{ path: '/dev/sdb', rate: '120' }],
        device_write_iops: [{ path: '/dev/sdb', rate: 30 }],
      },
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(service.blkio_config, {
      device_read_bps: [{ path: '/dev/sdb', rate: 12 * 1024 ** 2 }],
      device_read_iops: [{ path: '/dev/sdb', rate: 120 }],
      device_write_bps: [{ path: '/dev/sdb', rate: 1024 }],
      device_write_iops: [{ path: '/dev/sdb', rate: 30 }],
      weight: 300,
      weight_device: [{ path: '/dev/sda', weight: 400 }],
    });
  });

  it('parseBytes reads what RAMInBytes reads and nothing else', () => {
    assert.equal(parseBytes('1KiB'), 1024);
    assert.equal(parseBytes('1ki'), 1024);
    assert.equal(parseBytes('1kbi'), undefined);
    assert.equal(parseBytes('k'), undefined);
  });
});

describe('numbers and booleans from interpolation (12-interpolation.md: values are strings)', () => {
  it('05-services.md: "true"/"false" strings become booleans', () => {
    const { service, issues } = web({
      init: 'true',
      tty: 'false',
      stdin_open: 'TRUE',
      privileged: 'yes',
      read_only: 'off',
      oom_kill_disable: true,
      attach: 'false',
      use_api_socket: false,
    });
    assert.deepEqual(issues, []);
    assert.equal(service.init, true);
    assert.equal(service.tty, false);
    assert.equal(service.stdin_open, true);
    assert.equal(service.privileged, true);
    assert.equal(service.read_only, false);
    assert.equal(service.oom_kill_disable, true);
    assert.equal(service.attach, false);
    assert.equal(service.use_api_socket, false);
  });

  it('05-services.md: a boolean that is not one is an invalid value', () => {
    const { service, issues } = web({ init: 'maybe', tty: 1 });
    assert.deepEqual(codesAndPaths(issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'init']],
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'tty']],
    ]);
    assert.equal(service.init, undefined);
  });

  it('05-services.md: numeric strings become numbers (cpus, cpu_*, pids_limit, oom_score_adj, scale)', () => {
    const { service, issues } = web({
      cpus: '0.5',
      cpu_count: '2',
      cpu_percent: '50',
      cpu_shares: '512',
      cpu_period: '100000',
      cpu_quota: '50000',
      cpu_rt_period: '400ms',
      cpu_rt_runtime: 95000,
      pids_limit: '-1',
      oom_score_adj: '-500',
      mem_swappiness: '60',
      scale: '2',
    });
    assert.deepEqual(issues, []);
    assert.equal(service.cpus, 0.5);
    assert.equal(service.cpu_count, 2);
    assert.equal(service.cpu_percent, 50);
    assert.equal(service.cpu_shares, 512);
    assert.equal(service.cpu_period, 100000);
    assert.equal(service.cpu_quota, 50000);
    assert.equal(service.cpu_rt_period, 400000);
    assert.equal(service.cpu_rt_runtime, 95000);
    assert.equal(service.pids_limit, -1);
    assert.equal(service.oom_score_adj, -500);
    assert.equal(service.mem_swappiness, 60);
    assert.equal(service.scale, 2);
  });

  it('05-services.md: numbers out of range or unreadable are invalid values at their path', () => {
    const { issues } = web({ cpus: 'two', oom_score_adj: 2000, cpu_percent: 150, scale: '-1', mem_swappiness: '1.5' });
    assert.ok(issues.every((i) => i.code === 'COMPOSE_INVALID_VALUE'));
    assert.deepEqual(issues.map((i) => i.path.join('.')).sort(), [
      'services.web.cpu_percent',
      'services.web.cpus',
      'services.web.mem_swappiness',
      'services.web.oom_score_adj',
      'services.web.scale',
    ]);
  });

  it('deploy.md replicas: "3" becomes 3', () => {
    const { service, issues } = web({ deploy: { replicas: '3' } });
    assert.deepEqual(issues, []);
    assert.equal(service.deploy?.replicas, 3);
  });
});

describe('command and entrypoint (05-services.md command)', () => {
  it('05-services.md command: a string is split like a shell would, quotes and escapes included', () => {
    const cases: Array<[string, string[]]> = [
      ['npm run start', ['npm', 'run', 'start']],
      ['  echo   a  ', ['echo', 'a']],
      [`sh -c "echo 'hello world' && exit 1"`, ['sh', '-c', "echo 'hello world' && exit 1"]],
      [`echo 'a b' "c d"`, ['echo', 'a b', 'c d']],
      ['echo a\\ b', ['echo', 'a b']],
      [`echo "a \\"quoted\\" \\$HOME \\n"`, ['echo', 'a "quoted" $HOME \\n']],
      [`echo ''`, ['echo', '']],
      [`echo a"b"'c'`, ['echo', 'abc']],
      ['echo $HOME', ['echo', '$HOME']],
      ['a\\\nb', ['ab']],
      ['', []],
    ];
    for (const [input, expected] of cases) {
      const { service, issues } = web({ command: input, entrypoint: input });
      assert.deepEqual(issues, [], input);
      assert.deepEqual(service.command, expected, input);
      assert.deepEqual(service.entrypoint, expected, input);
    }
  });

  it('05-services.md command: a list is kept as it is', () => {
    const { service } = web({ command: ['sh', '-c', 'echo "$X"'], entrypoint: [] });
    assert.deepEqual(service.command, ['sh', '-c', 'echo "$X"']);
    assert.deepEqual(service.entrypoint, []);
  });

  it('05-services.md command: an unterminated quote is an invalid value at the key path', () => {
    for (const bad of [`echo "abc`, `echo 'abc`, 'echo \\']) {
      const { service, issues } = web({ command: bad });
      assert.deepEqual(codesAndPaths(issues), [['COMPOSE_INVALID_VALUE', ['services', 'web', 'command']]], bad);
      assert.equal(service.command, undefined);
    }
  });

  it('splitShellWords keeps shell operators as ordinary characters', () => {
    assert.deepEqual(splitShellWords('a && b | c; d'), { words: ['a', '&&', 'b', '|', 'c;', 'd'] });
  });
});

describe('healthcheck (05-services.md healthcheck)', () => {
  it('05-services.md healthcheck: a test string becomes ["CMD-SHELL", string]; a list is kept', () => {
    assert.deepEqual(web({ healthcheck: { test: 'pg_isready' } }).service.healthcheck, { test: ['CMD-SHELL', 'pg_isready'] });
    assert.deepEqual(web({ healthcheck: { test: ['CMD', 'curl', '-f', 'http://x'] } }).service.healthcheck, {
      test: ['CMD', 'curl', '-f', 'http://x'],
    });
  });

  it('05-services.md healthcheck: disable: true becomes test: ["NONE"]', () => {
    assert.deepEqual(web({ healthcheck: { disable: true } }).service.healthcheck, { test: ['NONE'] });
    assert.deepEqual(web({ healthcheck: { disable: 'true', test: ['NONE'] } }).service.healthcheck, { test: ['NONE'] });
    assert.deepEqual(web({ healthcheck: { disable: false, test: 'x' } }).service.healthcheck, { test: ['CMD-SHELL', 'x'] });
  });

  it('05-services.md healthcheck: disable with a test, or a test list not starting with CMD/CMD-SHELL/NONE, is invalid', () => {
    assert.deepEqual(codesAndPaths(web({ healthcheck: { disable: true, test: 'x' } }).issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'healthcheck', 'disable']],
    ]);
    assert.deepEqual(codesAndPaths(web({ healthcheck: { test: ['curl', 'x'] } }).issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'healthcheck', 'test']],
    ]);
  });

  it('05-services.md healthcheck: retries must be a non-negative integer', () => {
    assert.deepEqual(codesAndPaths(web({ healthcheck: { retries: 'x' } }).issues), [
      ['COMPOSE_INVALID_VALUE', ['services', 'web', 'healthcheck', 'retries']],
    ]);
  });
});
