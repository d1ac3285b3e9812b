// Original file: proto/control.proto


export interface Document {
  'kind'?: (string);
  'id'?: (string);
  'version'?: (number | string);
  'json'?: (string);
}

export interface Document__Output {
  'kind': (string);
  'id': (string);
  'version': (number);
  'json': (string);
}
