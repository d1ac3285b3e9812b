// Original file: proto/control.proto


export interface IssueRequest {
  'csr_pem'?: (string);
  'token'?: (string);
  'node_name'?: (string);
  'advertise_addr'?: (string);
}

export interface IssueRequest__Output {
  'csr_pem': (string);
  'token': (string);
  'node_name': (string);
  'advertise_addr': (string);
}
