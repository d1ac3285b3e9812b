// Original file: proto/engine.proto


export interface StackEvent {
  'kind'?: (string);
  'name'?: (string);
  'status'?: (string);
  'detail'?: (string);
  'service'?: (string);
}

export interface StackEvent__Output {
  'kind': (string);
  'name': (string);
  'status': (string);
  'detail': (string);
  'service': (string);
}
