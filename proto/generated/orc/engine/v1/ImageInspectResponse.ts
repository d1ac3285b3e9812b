// Original file: proto/engine.proto


export interface ImageInspectResponse {
  'json'?: (string);
}

export interface ImageInspectResponse__Output {
  'json': (string);
}
