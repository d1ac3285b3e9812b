// Original file: proto/engine.proto


export interface VersionResponse {
  'version'?: (string);
  'api_version'?: (string);
  'node_name'?: (string);
  'data_root'?: (string);
  'pid'?: (number);
  'os'?: (string);
  'arch'?: (string);
}

export interface VersionResponse__Output {
  'version': (string);
  'api_version': (string);
  'node_name': (string);
  'data_root': (string);
  'pid': (number);
  'os': (string);
  'arch': (string);
}
