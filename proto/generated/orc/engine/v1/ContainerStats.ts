// Original file: proto/engine.proto

import type { StatsSample as _orc_engine_v1_StatsSample, StatsSample__Output as _orc_engine_v1_StatsSample__Output } from '../../../orc/engine/v1/StatsSample.js';

export interface ContainerStats {
  'id'?: (string);
  'name'?: (string);
  'sample'?: (_orc_engine_v1_StatsSample | null);
  'previous'?: (_orc_engine_v1_StatsSample | null);
}

export interface ContainerStats__Output {
  'id': (string);
  'name': (string);
  'sample': (_orc_engine_v1_StatsSample__Output | null);
  'previous': (_orc_engine_v1_StatsSample__Output | null);
}
