// Original file: proto/engine.proto

import type { ContainerSummary as _orc_engine_v1_ContainerSummary, ContainerSummary__Output as _orc_engine_v1_ContainerSummary__Output } from '../../../orc/engine/v1/ContainerSummary.js';

export interface ContainerListResponse {
  'containers'?: (_orc_engine_v1_ContainerSummary)[];
}

export interface ContainerListResponse__Output {
  'containers': (_orc_engine_v1_ContainerSummary__Output)[];
}
