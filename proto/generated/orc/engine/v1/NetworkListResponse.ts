// Original file: proto/engine.proto


export interface NetworkListResponse {
  'json'?: (string)[];
}

export interface NetworkListResponse__Output {
  'json': (string)[];
}
