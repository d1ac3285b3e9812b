// Original file: proto/engine.proto


export interface PrunedImage {
  'id'?: (string);
  'untagged'?: (string)[];
}

export interface PrunedImage__Output {
  'id': (string);
  'untagged': (string)[];
}
