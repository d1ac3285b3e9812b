// Original file: proto/engine.proto


export interface ContainerTopRequest {
  'container'?: (string);
  'ps_args'?: (string)[];
}

export interface ContainerTopRequest__Output {
  'container': (string);
  'ps_args': (string)[];
}
