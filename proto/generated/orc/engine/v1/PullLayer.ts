// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface PullLayer {
  'id'?: (string);
  'digest'?: (string);
  'status'?: (string);
  'current'?: (number | string | Long);
  'total'?: (number | string | Long);
}

export interface PullLayer__Output {
  'id': (string);
  'digest': (string);
  'status': (string);
  'current': (string);
  'total': (string);
}
