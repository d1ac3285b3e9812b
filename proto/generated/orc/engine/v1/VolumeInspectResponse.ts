// Original file: proto/engine.proto


export interface VolumeInspectResponse {
  'json'?: (string);
}

export interface VolumeInspectResponse__Output {
  'json': (string);
}
