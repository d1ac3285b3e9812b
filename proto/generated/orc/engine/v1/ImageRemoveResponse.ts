// Original file: proto/engine.proto


export interface ImageRemoveResponse {
  'untagged'?: (string)[];
  'deleted'?: (string)[];
}

export interface ImageRemoveResponse__Output {
  'untagged': (string)[];
  'deleted': (string)[];
}
