// Original file: proto/engine.proto


export interface RegistryLoginRequest {
  'server'?: (string);
  'username'?: (string);
  'password'?: (string);
}

export interface RegistryLoginRequest__Output {
  'server': (string);
  'username': (string);
  'password': (string);
}
