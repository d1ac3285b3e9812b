// Original file: proto/engine.proto


export interface ImageRemoveRequest {
  'reference'?: (string);
  'force'?: (boolean);
}

export interface ImageRemoveRequest__Output {
  'reference': (string);
  'force': (boolean);
}
