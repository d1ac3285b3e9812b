// Original file: proto/control.proto


export interface CreateRequest {
  'spec_json'?: (string);
}

export interface CreateRequest__Output {
  'spec_json': (string);
}
