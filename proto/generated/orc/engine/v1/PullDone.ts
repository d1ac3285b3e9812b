// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface PullDone {
  'reference'?: (string);
  'digest'?: (string);
  'id'?: (string);
  'repo_tags'?: (string)[];
  'downloaded'?: (number);
  'skipped'?: (number);
  'bytes'?: (number | string | Long);
}

export interface PullDone__Output {
  'reference': (string);
  'digest': (string);
  'id': (string);
  'repo_tags': (string)[];
  'downloaded': (number);
  'skipped': (number);
  'bytes': (string);
}
