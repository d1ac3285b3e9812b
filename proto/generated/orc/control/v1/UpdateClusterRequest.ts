// Original file: proto/control.proto


export interface UpdateClusterRequest {
  'version'?: (number | string);
  'spec_json'?: (string);
  'rotate_worker_token'?: (boolean);
  'rotate_manager_token'?: (boolean);
}

export interface UpdateClusterRequest__Output {
  'version': (number);
  'spec_json': (string);
  'rotate_worker_token': (boolean);
  'rotate_manager_token': (boolean);
}
