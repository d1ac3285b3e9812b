/**
 * The daemon's composition root for what surrounds the engine: the networks
 * and the embedded DNS server (joined to the engine as ContainerNetworking),
 * and the stack reconciler over the engine, the networks and the volumes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { ConfigSpec, NetworkSpec, SecretSpec, VolumeSpec } from '../../compose/spec.js';
import { OrcError } from '../../common/errors.js';
import { DnsServer, hostsFile, resolvConf } from '../dns/index.js';
import { ContainerNetworking, type Engine, type NetworksApi } from '../engine/index.js';
import { Networks } from '../network/index.js';
import { credentialsIn, pull } from '../registry/index.js';
import { parseReference } from '../images/index.js';
import { configHash, EnginePorts, LABEL, serviceCreateOptions, StackReconciler, type NetworkBackend, type ServiceOptionsFn, type VolumeBackend } from '../stack/index.js';
import type { Volumes } from '../volumes/index.js';

export interface NetworkServices {
  networks: Networks;
  dns: DnsServer;
  networking: ContainerNetworking;
  close(): Promise<void>;
}

/** Opens the networks of a data root and the DNS server; `resolvConfPath` is the host's resolver file (upstreams, and the base of containers' resolv.conf). */
export async function openNetworkServices(dataRoot: string, resolvConfPath: string, trace?: (line: string) => void): Promise<NetworkServices> {
  const networks = await Networks.open({ dataRoot, ...(trace !== undefined ? { trace } : {}) });
  const dns = new DnsServer({ resolvConf: resolvConfPath });
  const api: NetworksApi = {
    netnsPath: (id) => networks.netnsPath(id),
    attach: (id, endpoints, opts) => networks.attach(id, endpoints, opts),
    detach: (id) => networks.detach(id),
    attachment: (id) => networks.attachment(id),
    resolve: (ref) => {
      const n = networks.inspect(ref);
      return { id: n.Id, name: n.Name, gateway: n.IPAM.Config[0]?.Gateway ?? '', isDefault: n.Name === 'bridge' };
    },
  };
  const networking = new ContainerNetworking(api, dns, { resolvConf, hostsFile }, dataRoot, ContainerNetworking.hostResolvConfReader(resolvConfPath));
  networks.onChange((e) => {
    if (e.kind === 'network-removed') void networking.forget(e.networkId).catch(() => undefined);
  });
  return {
    networks, dns, networking,
    async close() {
      await dns.close();
      await networks.close();
    },
  };
}

function networkBackend(networks: Networks): NetworkBackend {
  const exists = (name: string): boolean => {
    try {
      return networks.inspect(name).Name === name;
    } catch {
      return false;
    }
  };
  return {
    exists,
    async create(spec: NetworkSpec, labels: Record<string, string>) {
      const driver = spec.driver ?? 'bridge';
      if (driver !== 'bridge') throw new OrcError('ORC_USAGE', `network ${spec.name}: driver "${driver}" is not supported on one host (use bridge)`);
      const mtu = spec.driver_opts?.['com.docker.network.driver.mtu'];
      const config = (spec.ipam?.config ?? []).map((c) => ({
        ...(c.subnet !== undefined ? { subnet: c.subnet } : {}),
        ...(c.ip_range !== undefined ? { ipRange: c.ip_range } : {}),
        ...(c.gateway !== undefined ? { gateway: c.gateway } : {}),
        ...(c.aux_addresses !== undefined ? { auxAddresses: c.aux_addresses } : {}),
      }));
      await networks.create({
        name: spec.name,
        driver,
        internal: spec.internal === true,
        attachable: spec.attachable === true,
        labels,
        options: { ...(spec.driver_opts ?? {}), ...(mtu !== undefined ? { 'com.docker.network.driver.mtu': mtu } : {}) },
        ...(config.length > 0 ? { ipam: { config } } : {}),
      });
    },
    remove: (name) => networks.remove(name),
    labelled: (project) => networks.list().filter((n) => n.Labels[LABEL.project] === project).map((n) => n.Name),
    portOwner: (hostIp, port, protocol) => {
      for (const e of networks.endpoints()) {
        if (networks.ports(e.containerId).some((p) => p.hostPort === port && p.protocol === protocol && (p.hostIp === hostIp || p.hostIp === '0.0.0.0' || hostIp === '0.0.0.0'))) return e.containerId;
      }
      return undefined;
    },
  };
}

function volumeBackend(volumes: Volumes): VolumeBackend {
  const exists = (name: string): boolean => {
    try {
      volumes.inspect(name);
      return true;
    } catch {
      return false;
    }
  };
  return {
    exists,
    async create(spec: VolumeSpec, labels: Record<string, string>) {
      await volumes.create({ name: spec.name, ...(spec.driver !== undefined ? { driver: spec.driver } : {}), ...(spec.driver_opts !== undefined ? { driverOpts: spec.driver_opts } : {}), labels });
    },
    remove: (name) => volumes.remove(name),
    labelled: (project) => volumes.list().filter((v) => v.Labels?.[LABEL.project] === project).map((v) => v.Name),
  };
}

/** The content of a secret or config: inline, or the host file (the CLI turned `environment:` into content). */
function fileContent(kind: 'secret' | 'config', key: string, s: SecretSpec | ConfigSpec): Buffer {
  if (s.content !== undefined) return Buffer.from(s.content);
  if (s.file !== undefined) {
    try {
      return readFileSync(s.file);
    } catch (e) {
      throw new OrcError('ORC_NOT_FOUND', `${kind} "${key}": cannot read ${s.file}: ${(e as Error).message}`);
    }
  }
  if (s.environment !== undefined) throw new OrcError('ORC_USAGE', `${kind} "${key}": its environment variable ${s.environment} was not resolved by the client`);
  throw new OrcError('ORC_USAGE', `${kind} "${key}" has no file, content or environment (external ${kind}s need a cluster)`);
}

const serviceOptions: ServiceOptionsFn = (spec, service, replica) => {
  const ctx = {
    secretContent: (key: string, s: SecretSpec) => fileContent('secret', key, s),
    configContent: (key: string, c: ConfigSpec) => fileContent('config', key, c),
    useNetworkAliases: replica.noAliases !== true,
  };
  const r = serviceCreateOptions(spec, service, { number: replica.number, name: replica.name, ...(replica.oneoff === true ? { oneoff: true } : {}) }, ctx);
  for (const p of r.createHostPaths) mkdirSync(p, { recursive: true });
  const options = replica.noPorts === true ? { ...r.options, publish: [] } : r.options;
  return { image: r.image, options, hash: configHash(spec, service, ctx), warnings: r.warnings };
};

/** The stack reconciler of this daemon. */
export function stackReconciler(engine: Engine, networks: Networks, volumes: Volumes): StackReconciler {
  const doPull = async (ref: string, auths?: Readonly<Record<string, unknown>>): Promise<void> => {
    const registry = parseReference(ref).registry;
    const credentials = auths !== undefined ? credentialsIn(auths, registry) ?? null : null;
    await pull(engine.images, ref, { credentials });
  };
  return new StackReconciler(new EnginePorts(engine, networkBackend(networks), volumeBackend(volumes), doPull), serviceOptions);
}
