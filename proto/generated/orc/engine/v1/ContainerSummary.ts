// Original file: proto/engine.proto

import type { Long } from '@grpc/proto-loader';

export interface ContainerSummary {
  'id'?: (string);
  'names'?: (string)[];
  'image'?: (string);
  'image_id'?: (string);
  'command'?: (string);
  'created'?: (number | string | Long);
  'state'?: (string);
  'status'?: (string);
  'labels'?: ({[key: string]: string});
  'health'?: (string);
}

export interface ContainerSummary__Output {
  'id': (string);
  'names': (string)[];
  'image': (string);
  'image_id': (string);
  'command': (string);
  'created': (string);
  'state': (string);
  'status': (string);
  'labels': ({[key: string]: string});
  'health': (string);
}
