// Original file: proto/dispatcher.proto


export interface LogChunk {
  'session_id'?: (string);
  'subscription_id'?: (string);
  'task_id'?: (string);
  'stream'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'timestamp_ms'?: (number | string);
  'close'?: (boolean);
  'error'?: (string);
}

export interface LogChunk__Output {
  'session_id': (string);
  'subscription_id': (string);
  'task_id': (string);
  'stream': (string);
  'data': (Buffer);
  'timestamp_ms': (number);
  'close': (boolean);
  'error': (string);
}
