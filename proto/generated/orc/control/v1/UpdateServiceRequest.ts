// Original file: proto/control.proto


export interface UpdateServiceRequest {
  'id'?: (string);
  'version'?: (number | string);
  'spec_json'?: (string);
  'rollback'?: (boolean);
}

export interface UpdateServiceRequest__Output {
  'id': (string);
  'version': (number);
  'spec_json': (string);
  'rollback': (boolean);
}
