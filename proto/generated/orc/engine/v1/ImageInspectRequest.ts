// Original file: proto/engine.proto


export interface ImageInspectRequest {
  'reference'?: (string);
}

export interface ImageInspectRequest__Output {
  'reference': (string);
}
