// Original file: proto/engine.proto

import type { EventAttribute as _orc_engine_v1_EventAttribute, EventAttribute__Output as _orc_engine_v1_EventAttribute__Output } from '../../../orc/engine/v1/EventAttribute.js';
import type { Long } from '@grpc/proto-loader';

export interface Event {
  'type'?: (string);
  'action'?: (string);
  'actor_id'?: (string);
  'attributes'?: (_orc_engine_v1_EventAttribute)[];
  'scope'?: (string);
  'time'?: (number | string | Long);
  'time_nano'?: (number | string | Long);
}

export interface Event__Output {
  'type': (string);
  'action': (string);
  'actor_id': (string);
  'attributes': (_orc_engine_v1_EventAttribute__Output)[];
  'scope': (string);
  'time': (string);
  'time_nano': (string);
}
