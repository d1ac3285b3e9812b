// Original file: proto/control.proto


export interface DeployStackResponse {
  'created'?: (string)[];
  'updated'?: (string)[];
  'removed'?: (string)[];
  'warnings'?: (string)[];
}

export interface DeployStackResponse__Output {
  'created': (string)[];
  'updated': (string)[];
  'removed': (string)[];
  'warnings': (string)[];
}
