// Original file: proto/engine.proto


export interface NetworkDisconnectRequest {
  'network'?: (string);
  'container'?: (string);
  'force'?: (boolean);
}

export interface NetworkDisconnectRequest__Output {
  'network': (string);
  'container': (string);
  'force': (boolean);
}
