/**
 * What the cluster commands share: a client of the control API through the
 * daemon named by `-H/--host` (its socket), loaded lazily.
 */
import type { Command } from 'commander';
import type { ClusterClient } from './client/cluster.js';

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
