// Original file: proto/dispatcher.proto


export interface ManagerAddr {
  'node_id'?: (string);
  'addr'?: (string);
}

export interface ManagerAddr__Output {
  'node_id': (string);
  'addr': (string);
}
