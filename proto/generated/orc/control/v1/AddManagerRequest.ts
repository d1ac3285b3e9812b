// Original file: proto/control.proto


export interface AddManagerRequest {
  'peer_url'?: (string);
}

export interface AddManagerRequest__Output {
  'peer_url': (string);
}
