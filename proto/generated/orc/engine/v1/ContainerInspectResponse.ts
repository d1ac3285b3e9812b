// Original file: proto/engine.proto


export interface ContainerInspectResponse {
  'json'?: (string);
}

export interface ContainerInspectResponse__Output {
  'json': (string);
}
