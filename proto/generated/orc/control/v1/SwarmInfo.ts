// Original file: proto/control.proto


export interface SwarmInfo {
  'state'?: (string);
  'node_id'?: (string);
  'node_name'?: (string);
  'role'?: (string);
  'cluster_id'?: (string);
  'is_manager'?: (boolean);
  'leader_addr'?: (string);
  'managers'?: (string)[];
  'error'?: (string);
  'advertise_addr'?: (string);
}

export interface SwarmInfo__Output {
  'state': (string);
  'node_id': (string);
  'node_name': (string);
  'role': (string);
  'cluster_id': (string);
  'is_manager': (boolean);
  'leader_addr': (string);
  'managers': (string)[];
  'error': (string);
  'advertise_addr': (string);
}
