// Original file: proto/engine.proto


export interface ContainerRemoveRequest {
  'container'?: (string);
  'force'?: (boolean);
  'volumes'?: (boolean);
}

export interface ContainerRemoveRequest__Output {
  'container': (string);
  'force': (boolean);
  'volumes': (boolean);
}
