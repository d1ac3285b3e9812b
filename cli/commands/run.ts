/**
 * `orc run`: create and start a container; attached (the default), its
 * output streams here from the first byte (the container starts once
 * attached), stdin follows with `-i`, a terminal with `-t`, and the command
 * exits with the container's code (Docker's 125/126/127 when it could not run).
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { parseDuration as parseGoDuration } from '../../common/duration.js';
import { OrcError } from '../../common/errors.js';
import { ContainerExit, RunFailure } from '../errors.js';
import { withClient, parseInteger } from '../engine-client.js';
import type { Io } from '../io.js';
import { initialSize, pipeAttached } from '../terminal.js';
import type { CreateOptions, HealthcheckOptions } from '../client/index.js';

interface RunFlags {
  detach?: boolean;
  rm?: boolean;
  name?: string;
  env: string[];
  workdir?: string;
  user?: string;
  entrypoint?: string;
  hostname?: string;
  memory?: string;
  cpus?: string;
  pidsLimit?: number;
  capAdd: string[];
  capDrop: string[];
  readOnly?: boolean;
  tmpfs: string[];
  volume: string[];
  network?: string;
  publish: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOption: string[];
  addHost: string[];
  domainname?: string;
  networkAlias: string[];
  ip?: string;
  volumesFrom: string[];
  label: string[];
  stopSignal?: string;
  stopTimeout?: number;
  privileged?: boolean;
  init?: boolean;
  securityOpt: string[];
  interactive?: boolean;
  tty?: boolean;
  envFile: string[];
  mount: string[];
  memorySwap?: string;
  cpuShares?: number;
  ulimit: string[];
  groupAdd: string[];
  sysctl: string[];
  shmSize?: string;
  sigProxy: boolean;
  detachKeys?: string;
  restart?: string;
  logDriver?: string;
  logOpt: string[];
  healthCmd?: string;
  healthInterval?: string;
  healthTimeout?: string;
  healthStartPeriod?: string;
  healthStartInterval?: string;
  healthRetries?: string;
  /** false with `--no-healthcheck`. */
  healthcheck?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function labels(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of list) {
    const eq = l.indexOf('=');
    if (eq < 0) out[l] = '';
    else out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

/** `--env-file` lines (KEY=VALUE, `#` comments; a bare KEY takes this process's value), then `-e`, as Docker. */
export function envFromFiles(files: readonly string[], env: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new OrcError('ORC_USAGE', `--env-file: cannot read ${file}: ${(e as Error).message}`);
    }
    for (const line of text.split(/\r?\n/)) {
      const l = line.replace(/^\s+/, '');
      if (l === '' || l.startsWith('#')) continue;
      out.push(l);
    }
  }
  return [...out, ...env];
}

/** Nanoseconds in a Go duration (`1m30s`, `500ms`, `1.5h`, `0`), as Docker's duration flags take them; negative values refused. */
export function parseDuration(flag: string, text: string): number {
  const bad = (why: string): OrcError => new OrcError('ORC_USAGE', `${flag}: invalid duration "${text}": ${why}`);
  if (text.startsWith('-')) throw bad('a duration cannot be negative');
  const ns = parseGoDuration(text, { goUnitsOnly: true });
  if (ns === undefined) throw bad('expected a number and a unit (ns, us, ms, s, m, h), e.g. 30s, 1m30s, 500ms');
  if (ns > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('too long');
  return Number(ns);
}

/** Docker's healthcheck flags: `--health-cmd` (run through /bin/sh -c), durations, retries; `--no-healthcheck` alone. */
export function healthcheckOptions(f: RunFlags): HealthcheckOptions | undefined {
  const given = [f.healthCmd, f.healthInterval, f.healthTimeout, f.healthStartPeriod, f.healthStartInterval, f.healthRetries].some((v) => v !== undefined);
  if (f.healthcheck === false) {
    if (given) throw new OrcError('ORC_USAGE', '--no-healthcheck conflicts with --health-* options: use one or the other');
    return { test: ['NONE'] };
  }
  if (!given) return undefined;
  const h: HealthcheckOptions = { test: f.healthCmd !== undefined && f.healthCmd !== '' ? ['CMD-SHELL', f.healthCmd] : [] };
  if (f.healthInterval !== undefined) h.interval = parseDuration('--health-interval', f.healthInterval);
  if (f.healthTimeout !== undefined) h.timeout = parseDuration('--health-timeout', f.healthTimeout);
  if (f.healthStartPeriod !== undefined) h.startPeriod = parseDuration('--health-start-period', f.healthStartPeriod);
  if (f.healthStartInterval !== undefined) h.startInterval = parseDuration('--health-start-interval', f.healthStartInterval);
  if (f.healthRetries !== undefined) {
    if (!/^[0-9]+$/.test(f.healthRetries) || !Number.isSafeInteger(Number(f.healthRetries)) || Number(f.healthRetries) > 0x7fffffff) {
      throw new OrcError('ORC_USAGE', `--health-retries: invalid value "${f.healthRetries}" (expected a whole number ≥ 0)`);
    }
    h.retries = Number(f.healthRetries);
  }
  return h;
}

export function createOptions(f: RunFlags, command: string[]): CreateOptions {
  const healthcheck = healthcheckOptions(f);
  return {
    command,
    env: envFromFiles(f.envFile, f.env),
    capAdd: f.capAdd,
    capDrop: f.capDrop,
    tmpfs: f.tmpfs,
    volumes: f.volume,
    labels: labels(f.label),
    securityOpt: f.securityOpt,
    ...(f.name !== undefined ? { name: f.name } : {}),
    ...(f.workdir !== undefined ? { workdir: f.workdir } : {}),
    ...(f.user !== undefined ? { user: f.user } : {}),
    ...(f.entrypoint !== undefined ? { entrypoint: f.entrypoint } : {}),
    ...(f.hostname !== undefined ? { hostname: f.hostname } : {}),
    ...(f.memory !== undefined ? { memory: f.memory } : {}),
    ...(f.cpus !== undefined ? { cpus: f.cpus } : {}),
    ...(f.pidsLimit !== undefined ? { pidsLimit: f.pidsLimit } : {}),
    ...(f.readOnly === true ? { readOnly: true } : {}),
    ...(f.network !== undefined ? { network: f.network } : {}),
    ...(f.publish.length > 0 ? { publish: f.publish } : {}),
    ...(f.dns.length > 0 ? { dns: f.dns } : {}),
    ...(f.dnsSearch.length > 0 ? { dnsSearch: f.dnsSearch } : {}),
    ...(f.dnsOption.length > 0 ? { dnsOption: f.dnsOption } : {}),
    ...(f.addHost.length > 0 ? { addHost: f.addHost } : {}),
    ...(f.domainname !== undefined ? { domainname: f.domainname } : {}),
    ...(f.networkAlias.length > 0 ? { networkAlias: f.networkAlias } : {}),
    ...(f.ip !== undefined ? { ip: f.ip } : {}),
    ...(f.volumesFrom.length > 0 ? { volumesFrom: f.volumesFrom } : {}),
    ...(f.stopSignal !== undefined ? { stopSignal: f.stopSignal } : {}),
    ...(f.stopTimeout !== undefined ? { stopTimeout: f.stopTimeout } : {}),
    ...(f.privileged === true ? { privileged: true } : {}),
    ...(f.init === true ? { init: true } : {}),
    ...(f.tty === true ? { tty: true } : {}),
    ...(f.interactive === true ? { interactive: true } : {}),
    ...(f.mount.length > 0 ? { mounts: f.mount } : {}),
    ...(f.ulimit.length > 0 ? { ulimits: f.ulimit } : {}),
    ...(f.groupAdd.length > 0 ? { groupAdd: f.groupAdd } : {}),
    ...(f.sysctl.length > 0 ? { sysctls: f.sysctl } : {}),
    ...(f.memorySwap !== undefined ? { memorySwap: f.memorySwap } : {}),
    ...(f.cpuShares !== undefined ? { cpuShares: f.cpuShares } : {}),
    ...(f.shmSize !== undefined ? { shmSize: f.shmSize } : {}),
    ...(f.restart !== undefined ? { restart: f.restart } : {}),
    ...(f.logDriver !== undefined ? { logDriver: f.logDriver } : {}),
    ...(f.logOpt.length > 0 ? { logOpts: f.logOpt } : {}),
    ...(healthcheck !== undefined ? { healthcheck } : {}),
    // Detached, the engine removes it on exit; attached, this command does once it has read the output.
    ...(f.rm === true && f.detach === true ? { autoRemove: true } : {}),
  };
}

export function runCommand(io: Io): Command {
  const cmd = new Command('run')
    .description('Create and run a new container from an image')
    .argument('<image>', 'the image')
    .argument('[command...]', 'the command and its arguments (default: the image\'s)')
    .passThroughOptions()
    .option('-d, --detach', 'run in the background and print the container id')
    .option('-i, --interactive', 'keep stdin open and forward it')
    .option('-t, --tty', 'give the container a terminal')
    .option('--env-file <file>', 'read environment variables from a file (repeatable)', collect, [])
    .option('--mount <type=…,target=…>', 'attach a bind mount, volume or tmpfs (repeatable)', collect, [])
    .option('--memory-swap <bytes>', 'memory plus swap limit (-1: unlimited swap)')
    .option('--cpu-shares <n>', 'CPU shares (relative weight)', parseInteger())
    .option('--ulimit <name=soft[:hard]>', 'a resource limit (repeatable)', collect, [])
    .option('--group-add <group>', 'an additional group (repeatable)', collect, [])
    .option('--sysctl <key=value>', 'a namespaced kernel parameter (repeatable)', collect, [])
    .option('--shm-size <bytes>', 'size of /dev/shm (default 64m)')
    .option('--sig-proxy [bool]', 'forward received signals to the container (attached, without -t)', (v: string) => v !== 'false', true)
    .option('--detach-keys <keys>', 'the key sequence that detaches (default ctrl-p,ctrl-q)')
    .option('--rm', 'remove the container when it exits')
    .option('--name <name>', 'the container\'s name')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect, [])
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-u, --user <user[:group]>', 'user name or uid (and group)')
    .option('--entrypoint <cmd>', 'replace the image\'s entrypoint')
    .option('--hostname <name>', 'the container\'s hostname')
    .option('-m, --memory <bytes>', 'memory limit (e.g. 64m)')
    .option('--cpus <n>', 'number of CPUs')
    .option('--pids-limit <n>', 'process limit (-1: unlimited)', parseInteger())
    .option('--cap-add <cap>', 'add a Linux capability (repeatable)', collect, [])
    .option('--cap-drop <cap>', 'drop a Linux capability (repeatable)', collect, [])
    .option('--read-only', 'mount the root filesystem read-only')
    .option('--tmpfs <path[:opts]>', 'mount a tmpfs (repeatable)', collect, [])
    .option('-v, --volume <[src:]dst[:opts]>', 'bind mount a host path (repeatable)', collect, [])
    .option('--network <network>', 'none, host, bridge (the default), container:C, or a user-defined network')
    .option('-p, --publish <[ip:][host:]port[/proto]>', 'publish a container port (repeatable; ranges too)', collect, [])
    .option('--network-alias <name>', 'a DNS name on the user-defined network (repeatable)', collect, [])
    .option('--ip <address>', 'a static address on the user-defined network')
    .option('--dns <ip>', 'a DNS server (repeatable)', collect, [])
    .option('--dns-search <domain>', 'a DNS search domain (repeatable)', collect, [])
    .option('--dns-option <option>', 'a resolv.conf option (repeatable)', collect, [])
    .option('--add-host <host:ip>', 'an /etc/hosts entry (repeatable; ip may be host-gateway)', collect, [])
    .option('--domainname <name>', 'the container\'s NIS domain name')
    .option('--volumes-from <container[:ro|rw]>', 'mount the volumes of another container (repeatable)', collect, [])
    .option('-l, --label <key=value>', 'set a label (repeatable)', collect, [])
    .option('--stop-signal <signal>', 'signal that stops the container (default SIGTERM)')
    .option('--stop-timeout <seconds>', 'seconds before stop kills the container', parseInteger())
    .option('--privileged', 'give extended privileges')
    .option('--init', 'run an init inside the container')
    .option('--security-opt <opt>', 'security option (repeatable)', collect, [])
    .option('--restart <policy>', 'restart policy: no, always, on-failure[:max-retries], unless-stopped')
    .option('--log-driver <driver>', 'logging driver: json-file (default) or none')
    .option('--log-opt <key=value>', 'json-file option: max-size=10m, max-file=3 (repeatable)', collect, [])
    .option('--health-cmd <command>', 'command to run to check health (through /bin/sh -c)')
    .option('--health-interval <duration>', 'time between checks (e.g. 30s, 1m30s; default 30s)')
    .option('--health-timeout <duration>', 'maximum time one check may take (default 30s)')
    .option('--health-start-period <duration>', 'start period: failures do not count until then (default 0s)')
    .option('--health-start-interval <duration>', 'time between checks during the start period (default 5s)')
    .option('--health-retries <n>', 'consecutive failures needed to report unhealthy (default 3)')
    .option('--no-healthcheck', 'disable any container-specified HEALTHCHECK');
  cmd.action(async (image: string, command: string[], flags: RunFlags, self: Command) => {
    if (flags.rm === true && flags.restart !== undefined && flags.restart !== 'no') {
      const { OrcError } = await import('../../common/errors.js');
      throw new RunFailure(new OrcError('ORC_USAGE', `conflicting options: --restart ${flags.restart} and --rm`));
    }
    const code = await withClient(self, async (client) => {
      let id: string;
      try {
        id = await client.createContainer(image, createOptions(flags, command));
        if (flags.detach === true) {
          await client.startContainer(id).catch(async (e: unknown) => {
            await client.removeContainer(id, { force: true }).catch(() => undefined);
            throw e;
          });
          io.out(`${id}\n`);
          return 0;
        }
      } catch (e) {
        throw new RunFailure(e);
      }
      const tty = flags.tty === true;
      const size = initialSize(tty);
      const attached = client.attach(id, { start: true, stdin: flags.interactive === true, ...(size !== undefined ? { size } : {}) });
      let detached = false;
      try {
        const exit = await pipeAttached(attached, {
          tty,
          stdin: flags.interactive === true,
          ...(flags.detachKeys !== undefined ? { detachKeys: flags.detachKeys } : {}),
          ...(flags.sigProxy ? { onSignal: (sig: NodeJS.Signals) => void client.killContainer(id, sig).catch(() => undefined) } : {}),
        });
        if (exit === undefined) {
          detached = true;
          return 0;
        }
        return exit;
      } catch (e) {
        throw new RunFailure(e);
      } finally {
        if (flags.rm === true && !detached) await client.removeContainer(id, { force: true }).catch(() => undefined);
      }
    });
    if (code !== 0) throw new ContainerExit(code);
  });
  return cmd;
}
