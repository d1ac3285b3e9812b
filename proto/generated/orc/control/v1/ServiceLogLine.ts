// Original file: proto/control.proto


export interface ServiceLogLine {
  'task_id'?: (string);
  'node_id'?: (string);
  'node_name'?: (string);
  'service_name'?: (string);
  'slot'?: (number);
  'stream'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'timestamp_ms'?: (number | string);
  'error'?: (string);
}

export interface ServiceLogLine__Output {
  'task_id': (string);
  'node_id': (string);
  'node_name': (string);
  'service_name': (string);
  'slot': (number);
  'stream': (string);
  'data': (Buffer);
  'timestamp_ms': (number);
  'error': (string);
}
