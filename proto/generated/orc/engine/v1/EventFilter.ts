// Original file: proto/engine.proto


export interface EventFilter {
  'key'?: (string);
  'values'?: (string)[];
}

export interface EventFilter__Output {
  'key': (string);
  'values': (string)[];
}
