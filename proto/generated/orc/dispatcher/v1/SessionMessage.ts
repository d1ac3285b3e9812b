// Original file: proto/dispatcher.proto

import type { ManagerAddr as _orc_dispatcher_v1_ManagerAddr, ManagerAddr__Output as _orc_dispatcher_v1_ManagerAddr__Output } from '../../../orc/dispatcher/v1/ManagerAddr.js';

export interface SessionMessage {
  'session_id'?: (string);
  'managers'?: (_orc_dispatcher_v1_ManagerAddr)[];
  'heartbeat_period_ms'?: (number);
  'node_json'?: (string);
}

export interface SessionMessage__Output {
  'session_id': (string);
  'managers': (_orc_dispatcher_v1_ManagerAddr__Output)[];
  'heartbeat_period_ms': (number);
  'node_json': (string);
}
