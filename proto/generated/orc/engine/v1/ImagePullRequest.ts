// Original file: proto/engine.proto


export interface ImagePullRequest {
  'reference'?: (string);
  'platform'?: (string);
}

export interface ImagePullRequest__Output {
  'reference': (string);
  'platform': (string);
}
