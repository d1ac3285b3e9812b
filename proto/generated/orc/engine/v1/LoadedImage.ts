// Original file: proto/engine.proto


export interface LoadedImage {
  'id'?: (string);
  'digest'?: (string);
  'repo_tags'?: (string)[];
}

export interface LoadedImage__Output {
  'id': (string);
  'digest': (string);
  'repo_tags': (string)[];
}
