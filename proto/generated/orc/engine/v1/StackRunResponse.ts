// Original file: proto/engine.proto


export interface StackRunResponse {
  'id'?: (string);
  'name'?: (string);
}

export interface StackRunResponse__Output {
  'id': (string);
  'name': (string);
}
