// Original file: proto/engine.proto


export interface ContainerCreateResponse {
  'id'?: (string);
}

export interface ContainerCreateResponse__Output {
  'id': (string);
}
