// Original file: proto/engine.proto


export interface RegistryLoginResponse {
  'registry'?: (string);
}

export interface RegistryLoginResponse__Output {
  'registry': (string);
}
