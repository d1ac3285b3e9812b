// Original file: proto/engine.proto


export interface NetworkPruneResponse {
  'deleted'?: (string)[];
}

export interface NetworkPruneResponse__Output {
  'deleted': (string)[];
}
