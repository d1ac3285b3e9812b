// Original file: proto/control.proto


export interface AddManagerResponse {
  'initial_cluster'?: (string);
  'member_name'?: (string);
  'member_id'?: (string);
  'data_key'?: (string);
  'client_urls'?: (string)[];
}

export interface AddManagerResponse__Output {
  'initial_cluster': (string);
  'member_name': (string);
  'member_id': (string);
  'data_key': (string);
  'client_urls': (string)[];
}
