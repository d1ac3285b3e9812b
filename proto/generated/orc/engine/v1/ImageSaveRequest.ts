// Original file: proto/engine.proto


export interface ImageSaveRequest {
  'references'?: (string)[];
}

export interface ImageSaveRequest__Output {
  'references': (string)[];
}
