/**
 * What the cluster commands share: a client of the control API through the
 * daemon named by `-H/--host` (its socket), loaded lazily.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { ClusterClient, Filters } from './client/cluster.js';

export async function withCluster<T>(cmd: Command, fn: (client: ClusterClient) => Promise<T>): Promise<T> {
  const { connectCluster } = await import('./client/cluster.js');
  const { host } = cmd.optsWithGlobals<{ host?: string }>();
  const client = await connectCluster(host !== undefined ? { host } : {});
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** Docker's `-f key=value` flags (repeatable) as list filters. */
export function listFilters(list: string[] = []): Filters {
  const out: Filters = {};
  for (const f of list) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`bad filter "${f}": expected key=value`);
    (out[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
  }
  return out;
}
