// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface ImageSummary {
  'id'?: (string);
  'digest'?: (string);
  'repo_tags'?: (string)[];
  'created'?: (string);
  'size'?: (number | string | Long);
  'architecture'?: (string);
  'os'?: (string);
}

export interface ImageSummary__Output {
  'id': (string);
  'digest': (string);
  'repo_tags': (string)[];
  'created': (string);
  'size': (string);
  'architecture': (string);
  'os': (string);
}
