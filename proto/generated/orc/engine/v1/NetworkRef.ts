// Original file: proto/engine.proto


export interface NetworkRef {
  'network'?: (string);
}

export interface NetworkRef__Output {
  'network': (string);
}
