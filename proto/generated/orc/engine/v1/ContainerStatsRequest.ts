// Original file: proto/engine.proto


export interface ContainerStatsRequest {
  'container'?: (string);
  'stream'?: (boolean);
}

export interface ContainerStatsRequest__Output {
  'container': (string);
  'stream': (boolean);
}
