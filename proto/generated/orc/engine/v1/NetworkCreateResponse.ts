// Original file: proto/engine.proto


export interface NetworkCreateResponse {
  'id'?: (string);
}

export interface NetworkCreateResponse__Output {
  'id': (string);
}
