// Original file: proto/control.proto


export interface SwarmJoinRequest {
  'token'?: (string);
  'remote_addrs'?: (string)[];
  'advertise_addr'?: (string);
  'listen_addr'?: (string);
}

export interface SwarmJoinRequest__Output {
  'token': (string);
  'remote_addrs': (string)[];
  'advertise_addr': (string);
  'listen_addr': (string);
}
