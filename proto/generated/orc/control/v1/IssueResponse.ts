// Original file: proto/control.proto


export interface IssueResponse {
  'node_id'?: (string);
  'cert_pem'?: (string);
  'role'?: (string);
  'cluster_id'?: (string);
  'managers'?: (string)[];
}

export interface IssueResponse__Output {
  'node_id': (string);
  'cert_pem': (string);
  'role': (string);
  'cluster_id': (string);
  'managers': (string)[];
}
