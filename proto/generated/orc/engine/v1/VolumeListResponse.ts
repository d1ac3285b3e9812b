// Original file: proto/engine.proto


export interface VolumeListResponse {
  'volumes'?: (string)[];
}

export interface VolumeListResponse__Output {
  'volumes': (string)[];
}
