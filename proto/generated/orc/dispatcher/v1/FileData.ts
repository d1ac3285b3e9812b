// Original file: proto/dispatcher.proto


export interface FileData {
  'id'?: (string);
  'name'?: (string);
  'data'?: (Buffer | Uint8Array | string);
}

export interface FileData__Output {
  'id': (string);
  'name': (string);
  'data': (Buffer);
}
