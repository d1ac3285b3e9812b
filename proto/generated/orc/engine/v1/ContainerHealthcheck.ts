// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface ContainerHealthcheck {
  'test'?: (string)[];
  'interval'?: (number | string | Long);
  'timeout'?: (number | string | Long);
  'start_period'?: (number | string | Long);
  'start_interval'?: (number | string | Long);
  'retries'?: (number);
}

export interface ContainerHealthcheck__Output {
  'test': (string)[];
  'interval': (string);
  'timeout': (string);
  'start_period': (string);
  'start_interval': (string);
  'retries': (number);
}
