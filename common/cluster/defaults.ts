/**
 * A complete spec from a name and an image, with Docker's defaults: the
 * start of every service the CLI, the stack deployer or a script makes.
 */
import { DEFAULT_RESTART_POLICY, DEFAULT_UPDATE_CONFIG, type ContainerSpec, type ServiceSpec, type TaskSpec } from './types.js';

export function containerSpec(image: string): ContainerSpec {
  return {
    image, command: [], args: [], env: [], workdir: '', user: '', hostname: '', labels: {}, mounts: [],
    stopSignal: '', init: false, secrets: [], configs: [],
  };
}

export function taskSpec(image: string): TaskSpec {
  return {
    container: containerSpec(image),
    resources: { limits: { nanoCpus: 0, memoryBytes: 0 }, reservations: { nanoCpus: 0, memoryBytes: 0 } },
    restartPolicy: { ...DEFAULT_RESTART_POLICY },
    placement: { constraints: [], preferences: [], maxReplicasPerNode: 0 },
    forceUpdate: 0,
    networks: [],
  };
}

export function serviceSpec(name: string, image: string): ServiceSpec {
  return {
    name, labels: {}, task: taskSpec(image), mode: { replicated: { replicas: 1 } },
    update: { ...DEFAULT_UPDATE_CONFIG }, rollback: { ...DEFAULT_UPDATE_CONFIG },
    endpoint: { ports: [] }, dependsOn: [],
  };
}
