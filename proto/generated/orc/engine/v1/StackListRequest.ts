// Original file: proto/engine.proto


export interface StackListRequest {
  'all'?: (boolean);
}

export interface StackListRequest__Output {
  'all': (boolean);
}
