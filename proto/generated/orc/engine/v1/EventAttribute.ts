// Original file: proto/engine.proto


export interface EventAttribute {
  'key'?: (string);
  'value'?: (string);
}

export interface EventAttribute__Output {
  'key': (string);
  'value': (string);
}
