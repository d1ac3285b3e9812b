// Original file: proto/engine.proto


export interface ContainerRef {
  'container'?: (string);
}

export interface ContainerRef__Output {
  'container': (string);
}
