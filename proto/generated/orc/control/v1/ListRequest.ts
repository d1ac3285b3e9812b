// Original file: proto/control.proto

import type { Filter as _orc_control_v1_Filter, Filter__Output as _orc_control_v1_Filter__Output } from '../../../orc/control/v1/Filter.js';

export interface ListRequest {
  'filters'?: (_orc_control_v1_Filter)[];
}

export interface ListRequest__Output {
  'filters': (_orc_control_v1_Filter__Output)[];
}
