// Original file: proto/control.proto


export interface UpdateRequest {
  'id'?: (string);
  'version'?: (number | string);
  'spec_json'?: (string);
}

export interface UpdateRequest__Output {
  'id': (string);
  'version': (number);
  'spec_json': (string);
}
