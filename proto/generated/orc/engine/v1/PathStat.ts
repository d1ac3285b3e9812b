// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface PathStat {
  'name'?: (string);
  'size'?: (number | string | Long);
  'mode'?: (number);
  'mtime'?: (string);
  'link_target'?: (string);
  'is_dir'?: (boolean);
}

export interface PathStat__Output {
  'name': (string);
  'size': (string);
  'mode': (number);
  'mtime': (string);
  'link_target': (string);
  'is_dir': (boolean);
}
