// Original file: proto/engine.proto


export interface VolumePruneRequest {
  'all'?: (boolean);
}

export interface VolumePruneRequest__Output {
  'all': (boolean);
}
