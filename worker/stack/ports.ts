/**
 * What the reconciler needs from the host, as one narrow interface: the
 * engine's containers, networks, volumes and images. `engine-ports.ts`
 * implements it over the local engine; tests may implement it in memory.
 */
import type { NetworkSpec, StackSpec, VolumeSpec } from '../../compose/spec.js';
import type { CreateOptions } from '../engine/index.js';

/** One container of the host as the reconciler sees it. */
export interface ContainerView {
  id: string;
  name: string;
  image: string;
  labels: Readonly<Record<string, string>>;
  running: boolean;
}

/** A container's current state, read again on every check. */
export interface ContainerState {
  status: string;
  running: boolean;
  restarting: boolean;
  exitCode: number;
  /** undefined: the container has no health check. */
  health?: 'starting' | 'healthy' | 'unhealthy';
}

export interface StackEvent {
  kind: 'network' | 'volume' | 'container' | 'image' | 'service';
  name: string;
  status: string;
  detail: string;
  service: string;
}

export interface UpOptions {
  services?: readonly string[];
  scale?: Readonly<Record<string, number>>;
  noDeps?: boolean;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  removeOrphans?: boolean;
  noStart?: boolean;
  wait?: boolean;
  waitTimeout?: number;
  timeout?: number;
  noPull?: boolean;
  /** The client's registry credentials (a config's `auths` map) for pulls. */
  registryAuth?: Readonly<Record<string, unknown>>;
}

export interface DownOptions {
  volumes?: boolean;
  rmi?: '' | 'local' | 'all';
  removeOrphans?: boolean;
  timeout?: number;
}

export interface RunOneOffOptions {
  name?: string;
  noDeps?: boolean;
  servicePorts?: boolean;
  useAliases?: boolean;
  noPull?: boolean;
  registryAuth?: Readonly<Record<string, unknown>>;
  /** The request's overrides (command, env, -v, -p, …) applied to the service's options. */
  adjust: (o: CreateOptions) => CreateOptions;
}

/** Which replica a container is. */
export interface Replica {
  number: number;
  name: string;
  oneoff?: boolean;
  /** `run` without --service-ports: the service's ports are not published. */
  noPorts?: boolean;
  /** `run` without --use-aliases: no network aliases. */
  noAliases?: boolean;
}

/** A service's container options, image and config hash. */
export type ServiceOptionsFn = (spec: StackSpec, service: string, replica: Replica) => { image: string; options: CreateOptions; hash: string; warnings: string[] };

export interface StackPorts {
  containers(): ContainerView[];
  containerState(id: string): ContainerState | undefined;
  /** Resolves when the container's state may have changed, or after `ms`. */
  changed(id: string, ms: number): Promise<void>;
  createContainer(image: string, options: CreateOptions): Promise<string>;
  startContainer(id: string): Promise<void>;
  restartContainer(id: string): Promise<void>;
  stopContainer(id: string, timeout?: number): Promise<void>;
  removeContainer(id: string, opts: { force?: boolean; volumes?: boolean; timeout?: number }): Promise<void>;

  networkExists(name: string): boolean;
  createNetwork(spec: NetworkSpec, labels: Record<string, string>): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  /** Networks labelled as the project's. */
  networksOf(project: string): string[];

  volumeExists(name: string): boolean;
  createVolume(spec: VolumeSpec, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;
  volumesOf(project: string): string[];

  imageExists(ref: string): Promise<boolean>;
  pullImage(ref: string, auths?: Readonly<Record<string, unknown>>): Promise<void>;
  removeImage(ref: string): Promise<void>;

  /** The container publishing hostIp:port/protocol, if a container of this engine does. */
  portOwner(hostIp: string, port: number, protocol: 'tcp' | 'udp'): string | undefined;
  /** Whether nothing on the host holds hostIp:port/protocol. */
  portFree(hostIp: string, port: number, protocol: 'tcp' | 'udp'): Promise<boolean>;
}
