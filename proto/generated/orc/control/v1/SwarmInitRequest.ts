// Original file: proto/control.proto


export interface SwarmInitRequest {
  'advertise_addr'?: (string);
  'listen_addr'?: (string);
  'default_addr_pool'?: (string)[];
  'subnet_size'?: (number);
  'data_path_port'?: (number);
  'force_new_cluster'?: (boolean);
}

export interface SwarmInitRequest__Output {
  'advertise_addr': (string);
  'listen_addr': (string);
  'default_addr_pool': (string)[];
  'subnet_size': (number);
  'data_path_port': (number);
  'force_new_cluster': (boolean);
}
