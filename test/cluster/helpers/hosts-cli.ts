/**
 * Test hosts by hand (root):
 *
 *   node dist/test/cluster/helpers/hosts-cli.js up [N] [--no-daemons]   N hosts (default 3), state in /tmp/orct-state.json
 *   node dist/test/cluster/helpers/hosts-cli.js status                  the state file, with each daemon's liveness
 *   node dist/test/cluster/helpers/hosts-cli.js down                    removes the cluster of the state file
 *   node dist/test/cluster/helpers/hosts-cli.js sweep [--all]           removes stale clusters (--all: every orct- cluster)
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { answers } from '../../../common/socket.js';
import { bin } from '../../daemon/helpers/daemon.js';
import { createHosts, destroyCluster, sweepStaleTestHosts, type HostsState } from './hosts.js';

export const STATE_FILE = '/tmp/orct-state.json';

function readState(): HostsState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as HostsState;
}

async function print(s: HostsState): Promise<void> {
  const out = [`cluster ${s.id}: bridge ${s.bridge} ${s.gateway} (${s.subnet}), files under ${s.dir}`];
  for (const h of s.hosts) {
    const up = await answers(h.socket);
    out.push(`  ${h.name}  ${h.addr.padEnd(15)} netns ${h.netns}  daemon ${up ? `up (pid ${h.pid ?? '?'})` : 'down'}`);
    out.push(`      orc:  node ${bin} -H unix://${h.socket} ps`);
    out.push(`      shell: nsenter --net=/run/netns/${h.netns} sh     log: ${h.logFile}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'up': {
      const existing = readState();
      if (existing !== undefined) {
        process.stderr.write(`${STATE_FILE} names cluster ${existing.id}: run "down" first\n`);
        return 1;
      }
      const n = Number(rest.find((a) => /^\d+$/.test(a)) ?? '3');
      const hosts = await createHosts(n, { keep: true, startDaemons: !rest.includes('--no-daemons') });
      const state = hosts.state();
      writeFileSync(STATE_FILE, JSON.stringify(state, null, 2) + '\n');
      await print(state);
      return 0;
    }
    case 'status': {
      const s = readState();
      if (s === undefined) {
        process.stdout.write(`no ${STATE_FILE}\n`);
        return 1;
      }
      await print(s);
      return 0;
    }
    case 'down': {
      const s = readState();
      if (s === undefined) {
        process.stderr.write(`no ${STATE_FILE}: nothing to take down (see "sweep --all")\n`);
        return 1;
      }
      await destroyCluster(s.id);
      rmSync(STATE_FILE, { force: true });
      process.stdout.write(`removed ${s.id}\n`);
      return 0;
    }
    case 'sweep': {
      const removed = await sweepStaleTestHosts({ all: rest.includes('--all') });
      if (rest.includes('--all')) rmSync(STATE_FILE, { force: true });
      process.stdout.write(removed.length > 0 ? `removed ${removed.join(' ')}\n` : 'nothing to remove\n');
      return 0;
    }
    default:
      process.stderr.write('usage: hosts-cli up [N] [--no-daemons] | status | down | sweep [--all]\n');
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  return 1;
});
