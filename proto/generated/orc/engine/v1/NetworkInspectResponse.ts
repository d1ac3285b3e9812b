// Original file: proto/engine.proto


export interface NetworkInspectResponse {
  'json'?: (string);
}

export interface NetworkInspectResponse__Output {
  'json': (string);
}
