// Original file: proto/engine.proto


export interface ContainerListRequest {
  'all'?: (boolean);
}

export interface ContainerListRequest__Output {
  'all': (boolean);
}
