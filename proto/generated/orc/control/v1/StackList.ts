// Original file: proto/control.proto

import type { StackSummary as _orc_control_v1_StackSummary, StackSummary__Output as _orc_control_v1_StackSummary__Output } from '../../../orc/control/v1/StackSummary.js';

export interface StackList {
  'stacks'?: (_orc_control_v1_StackSummary)[];
}

export interface StackList__Output {
  'stacks': (_orc_control_v1_StackSummary__Output)[];
}
