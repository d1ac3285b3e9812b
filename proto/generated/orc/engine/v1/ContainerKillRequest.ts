// Original file: proto/engine.proto


export interface ContainerKillRequest {
  'container'?: (string);
  'signal'?: (string);
}

export interface ContainerKillRequest__Output {
  'container': (string);
  'signal': (string);
}
