// Original file: proto/engine.proto


export interface LogEntry {
  'stream'?: (string);
  'time'?: (string);
  'log'?: (Buffer | Uint8Array | string);
}

export interface LogEntry__Output {
  'stream': (string);
  'time': (string);
  'log': (Buffer);
}
