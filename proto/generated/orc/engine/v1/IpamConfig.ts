// Original file: proto/engine.proto


export interface IpamConfig {
  'subnet'?: (string);
  'ip_range'?: (string);
  'gateway'?: (string);
  'aux_addresses'?: ({[key: string]: string});
}

export interface IpamConfig__Output {
  'subnet': (string);
  'ip_range': (string);
  'gateway': (string);
  'aux_addresses': ({[key: string]: string});
}
