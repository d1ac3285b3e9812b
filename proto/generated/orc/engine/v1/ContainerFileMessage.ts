// Original file: proto/engine.proto


export interface ContainerFileMessage {
  'name'?: (string);
  'target'?: (string);
  'content'?: (Buffer | Uint8Array | string);
  'uid'?: (number);
  'gid'?: (number);
  'mode'?: (number);
}

export interface ContainerFileMessage__Output {
  'name': (string);
  'target': (string);
  'content': (Buffer);
  'uid': (number);
  'gid': (number);
  'mode': (number);
}
