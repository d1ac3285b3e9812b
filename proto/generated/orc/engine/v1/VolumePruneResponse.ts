// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface VolumePruneResponse {
  'deleted'?: (string)[];
  'reclaimed'?: (number | string | Long);
}

export interface VolumePruneResponse__Output {
  'deleted': (string)[];
  'reclaimed': (string);
}
