// Original file: proto/engine.proto


export interface VolumeRemoveRequest {
  'name'?: (string);
  'force'?: (boolean);
}

export interface VolumeRemoveRequest__Output {
  'name': (string);
  'force': (boolean);
}
