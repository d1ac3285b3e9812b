// Original file: proto/engine.proto


export interface NetworkConnectRequest {
  'network'?: (string);
  'container'?: (string);
  'aliases'?: (string)[];
  'ipv4_address'?: (string);
  'mac_address'?: (string);
  'interface_name'?: (string);
  'gw_priority'?: (number);
}

export interface NetworkConnectRequest__Output {
  'network': (string);
  'container': (string);
  'aliases': (string)[];
  'ipv4_address': (string);
  'mac_address': (string);
  'interface_name': (string);
  'gw_priority': (number);
}
