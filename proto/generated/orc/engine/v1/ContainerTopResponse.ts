// Original file: proto/engine.proto

import type { TopProcess as _orc_engine_v1_TopProcess, TopProcess__Output as _orc_engine_v1_TopProcess__Output } from '../../../orc/engine/v1/TopProcess.js';

export interface ContainerTopResponse {
  'titles'?: (string)[];
  'processes'?: (_orc_engine_v1_TopProcess)[];
}

export interface ContainerTopResponse__Output {
  'titles': (string)[];
  'processes': (_orc_engine_v1_TopProcess__Output)[];
}
