/**
 * StackPorts over the local engine: containers and images from the Engine,
 * networks and volumes from their stores, ports checked by binding them.
 */
import type { NetworkSpec, VolumeSpec } from '../../compose/spec.js';
import { OrcError } from '../../common/errors.js';
import type { CreateOptions, Engine } from '../engine/index.js';
import { portFree } from '../network/index.js';
import type { ContainerState, ContainerView, StackPorts } from './ports.js';

/** The network operations the reconciler needs. */
export interface NetworkBackend {
  exists(name: string): boolean;
  create(spec: NetworkSpec, labels: Record<string, string>): Promise<void>;
  remove(name: string): Promise<void>;
  labelled(project: string): string[];
  /** The container publishing hostIp:port/protocol. */
  portOwner(hostIp: string, port: number, protocol: 'tcp' | 'udp'): string | undefined;
}

/** The volume operations the reconciler needs. */
export interface VolumeBackend {
  exists(name: string): boolean;
  create(spec: VolumeSpec, labels: Record<string, string>): Promise<void>;
  remove(name: string): Promise<void>;
  labelled(project: string): string[];
}

export class EnginePorts implements StackPorts {
  constructor(
    private readonly engine: Engine,
    private readonly networks: NetworkBackend,
    private readonly volumes: VolumeBackend,
    private readonly pull: (ref: string, auths?: Readonly<Record<string, unknown>>) => Promise<void>,
  ) {}

  containers(): ContainerView[] {
    return this.engine.list({ all: true }).map((c) => ({
      id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), image: c.Image, labels: c.Labels, running: c.State === 'running',
    }));
  }

  containerState(id: string): ContainerState | undefined {
    let i;
    try {
      i = this.engine.inspect(id);
    } catch (e) {
      if (e instanceof OrcError && e.code === 'ORC_NOT_FOUND') return undefined;
      throw e;
    }
    const health = (i.State as { Health?: { Status?: string } }).Health?.Status;
    return {
      status: i.State.Status,
      running: i.State.Running,
      restarting: i.State.Restarting,
      exitCode: i.State.ExitCode,
      ...(health === 'starting' || health === 'healthy' || health === 'unhealthy' ? { health } : {}),
    };
  }

  changed(_id: string, ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.min(ms, 50)));
  }

  createContainer(image: string, options: CreateOptions): Promise<string> {
    return this.engine.create(image, options);
  }

  startContainer(id: string): Promise<void> {
    return this.engine.start(id);
  }

  restartContainer(id: string): Promise<void> {
    return this.engine.restart(id);
  }

  stopContainer(id: string, timeout?: number): Promise<void> {
    return this.engine.stop(id, timeout !== undefined ? { timeout } : {});
  }

  async removeContainer(id: string, opts: { force?: boolean; volumes?: boolean; timeout?: number }): Promise<void> {
    if (opts.timeout !== undefined) await this.engine.stop(id, { timeout: opts.timeout }).catch(() => undefined);
    await this.engine.remove(id, { force: opts.force === true, ...(opts.volumes === true ? { volumes: true } : {}) });
  }

  networkExists(name: string): boolean {
    return this.networks.exists(name);
  }

  createNetwork(spec: NetworkSpec, labels: Record<string, string>): Promise<void> {
    return this.networks.create(spec, labels);
  }

  removeNetwork(name: string): Promise<void> {
    return this.networks.remove(name);
  }

  networksOf(project: string): string[] {
    return this.networks.labelled(project);
  }

  volumeExists(name: string): boolean {
    return this.volumes.exists(name);
  }

  createVolume(spec: VolumeSpec, labels: Record<string, string>): Promise<void> {
    return this.volumes.create(spec, labels);
  }

  removeVolume(name: string): Promise<void> {
    return this.volumes.remove(name);
  }

  volumesOf(project: string): string[] {
    return this.volumes.labelled(project);
  }

  async imageExists(ref: string): Promise<boolean> {
    try {
      await this.engine.images.inspect(ref);
      return true;
    } catch (e) {
      if (e instanceof OrcError && (e.code === 'ORC_NOT_FOUND' || e.code === 'ORC_INVALID_REFERENCE')) return false;
      throw e;
    }
  }

  pullImage(ref: string, auths?: Readonly<Record<string, unknown>>): Promise<void> {
    return this.pull(ref, auths);
  }

  async removeImage(ref: string): Promise<void> {
    await this.engine.images.remove(ref);
  }

  portOwner(hostIp: string, port: number, protocol: 'tcp' | 'udp'): string | undefined {
    return this.networks.portOwner(hostIp, port, protocol);
  }

  portFree(hostIp: string, port: number, protocol: 'tcp' | 'udp'): Promise<boolean> {
    return portFree(protocol, hostIp, port);
  }
}
