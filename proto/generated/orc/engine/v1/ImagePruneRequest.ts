// Original file: proto/engine.proto


export interface ImagePruneRequest {
  'all'?: (boolean);
}

export interface ImagePruneRequest__Output {
  'all': (boolean);
}
