// Original file: proto/control.proto


export interface DeployStackRequest {
  'name'?: (string);
  'stack_json'?: (string);
  'prune'?: (boolean);
}

export interface DeployStackRequest__Output {
  'name': (string);
  'stack_json': (string);
  'prune': (boolean);
}
