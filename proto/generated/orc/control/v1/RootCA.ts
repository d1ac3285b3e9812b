// Original file: proto/control.proto


export interface RootCA {
  'cert_pem'?: (string);
}

export interface RootCA__Output {
  'cert_pem': (string);
}
