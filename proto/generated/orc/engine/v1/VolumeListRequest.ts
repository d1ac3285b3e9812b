// Original file: proto/engine.proto


export interface VolumeListRequest {
  'filters'?: (string)[];
}

export interface VolumeListRequest__Output {
  'filters': (string)[];
}
