// Original file: proto/engine.proto

import type { StackSummary as _orc_engine_v1_StackSummary, StackSummary__Output as _orc_engine_v1_StackSummary__Output } from '../../../orc/engine/v1/StackSummary.js';

export interface StackListResponse {
  'stacks'?: (_orc_engine_v1_StackSummary)[];
}

export interface StackListResponse__Output {
  'stacks': (_orc_engine_v1_StackSummary__Output)[];
}
