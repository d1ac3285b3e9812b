// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface StatsSample {
  'read'?: (string);
  'cpu_total_ns'?: (number | string | Long);
  'system_cpu_ns'?: (number | string | Long);
  'online_cpus'?: (number);
  'memory_usage'?: (number | string | Long);
  'memory_inactive_file'?: (number | string | Long);
  'memory_limit'?: (number | string | Long);
  'pids'?: (number | string | Long);
  'block_read'?: (number | string | Long);
  'block_write'?: (number | string | Long);
  'net_rx'?: (number | string | Long);
  'net_tx'?: (number | string | Long);
}

export interface StatsSample__Output {
  'read': (string);
  'cpu_total_ns': (string);
  'system_cpu_ns': (string);
  'online_cpus': (number);
  'memory_usage': (string);
  'memory_inactive_file': (string);
  'memory_limit': (string);
  'pids': (string);
  'block_read': (string);
  'block_write': (string);
  'net_rx': (string);
  'net_tx': (string);
}
