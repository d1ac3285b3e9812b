// Original file: proto/dispatcher.proto


export interface HeartbeatResponse {
  'period_ms'?: (number);
}

export interface HeartbeatResponse__Output {
  'period_ms': (number);
}
