// Original file: proto/engine.proto

import type { EventFilter as _orc_engine_v1_EventFilter, EventFilter__Output as _orc_engine_v1_EventFilter__Output } from '../../../orc/engine/v1/EventFilter.js';
import type { Long } from '@grpc/proto-loader';

export interface EventsRequest {
  'since_ms'?: (number | string | Long);
  'until_ms'?: (number | string | Long);
  'filters'?: (_orc_engine_v1_EventFilter)[];
  '_since_ms'?: "since_ms";
  '_until_ms'?: "until_ms";
}

export interface EventsRequest__Output {
  'since_ms'?: (string);
  'until_ms'?: (string);
  'filters': (_orc_engine_v1_EventFilter__Output)[];
  '_since_ms'?: "since_ms";
  '_until_ms'?: "until_ms";
}
