// Original file: proto/engine.proto


export interface VolumeRef {
  'name'?: (string);
}

export interface VolumeRef__Output {
  'name': (string);
}
