// Original file: proto/engine.proto

import type { ContainerHostConfig as _orc_engine_v1_ContainerHostConfig, ContainerHostConfig__Output as _orc_engine_v1_ContainerHostConfig__Output } from '../../../orc/engine/v1/ContainerHostConfig.js';
import type { Long } from '@grpc/proto-loader';

export interface ContainerCreateRequest {
  'image'?: (string);
  'name'?: (string);
  'command'?: (string)[];
  'entrypoint'?: (string);
  'env'?: (string)[];
  'workdir'?: (string);
  'user'?: (string);
  'hostname'?: (string);
  'memory'?: (string);
  'cpus'?: (string);
  'pids_limit'?: (number | string | Long);
  'cap_add'?: (string)[];
  'cap_drop'?: (string)[];
  'read_only'?: (boolean);
  'tmpfs'?: (string)[];
  'volumes'?: (string)[];
  'network'?: (string);
  'labels'?: ({[key: string]: string});
  'stop_signal'?: (string);
  'stop_timeout'?: (number);
  'privileged'?: (boolean);
  'init'?: (boolean);
  'security_opt'?: (string)[];
  'host_config'?: (_orc_engine_v1_ContainerHostConfig | null);
  '_name'?: "name";
  '_entrypoint'?: "entrypoint";
  '_workdir'?: "workdir";
  '_user'?: "user";
  '_hostname'?: "hostname";
  '_memory'?: "memory";
  '_cpus'?: "cpus";
  '_pids_limit'?: "pids_limit";
  '_network'?: "network";
  '_stop_signal'?: "stop_signal";
  '_stop_timeout'?: "stop_timeout";
}

export interface ContainerCreateRequest__Output {
  'image': (string);
  'name'?: (string);
  'command': (string)[];
  'entrypoint'?: (string);
  'env': (string)[];
  'workdir'?: (string);
  'user'?: (string);
  'hostname'?: (string);
  'memory'?: (string);
  'cpus'?: (string);
  'pids_limit'?: (string);
  'cap_add': (string)[];
  'cap_drop': (string)[];
  'read_only': (boolean);
  'tmpfs': (string)[];
  'volumes': (string)[];
  'network'?: (string);
  'labels': ({[key: string]: string});
  'stop_signal'?: (string);
  'stop_timeout'?: (number);
  'privileged': (boolean);
  'init': (boolean);
  'security_opt': (string)[];
  'host_config': (_orc_engine_v1_ContainerHostConfig__Output | null);
  '_name'?: "name";
  '_entrypoint'?: "entrypoint";
  '_workdir'?: "workdir";
  '_user'?: "user";
  '_hostname'?: "hostname";
  '_memory'?: "memory";
  '_cpus'?: "cpus";
  '_pids_limit'?: "pids_limit";
  '_network'?: "network";
  '_stop_signal'?: "stop_signal";
  '_stop_timeout'?: "stop_timeout";
}
