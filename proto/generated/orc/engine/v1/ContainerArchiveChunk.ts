// Original file: proto/engine.proto

import type { PathStat as _orc_engine_v1_PathStat, PathStat__Output as _orc_engine_v1_PathStat__Output } from '../../../orc/engine/v1/PathStat.js';

export interface ContainerArchiveChunk {
  'stat'?: (_orc_engine_v1_PathStat | null);
  'data'?: (Buffer | Uint8Array | string);
}

export interface ContainerArchiveChunk__Output {
  'stat': (_orc_engine_v1_PathStat__Output | null);
  'data': (Buffer);
}
