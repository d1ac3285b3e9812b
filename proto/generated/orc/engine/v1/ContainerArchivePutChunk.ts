// Original file: proto/engine.proto

import type { ContainerArchivePutRequest as _orc_engine_v1_ContainerArchivePutRequest, ContainerArchivePutRequest__Output as _orc_engine_v1_ContainerArchivePutRequest__Output } from '../../../orc/engine/v1/ContainerArchivePutRequest.js';

export interface ContainerArchivePutChunk {
  'request'?: (_orc_engine_v1_ContainerArchivePutRequest | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "request"|"data";
}

export interface ContainerArchivePutChunk__Output {
  'request'?: (_orc_engine_v1_ContainerArchivePutRequest__Output | null);
  'data'?: (Buffer);
  'part'?: "request"|"data";
}
