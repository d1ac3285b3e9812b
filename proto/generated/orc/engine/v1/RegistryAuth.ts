// Original file: proto/engine.proto


export interface RegistryAuth {
  'username'?: (string);
  'password'?: (string);
}

export interface RegistryAuth__Output {
  'username': (string);
  'password': (string);
}
