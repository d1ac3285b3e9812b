// Original file: proto/dispatcher.proto


export interface LogsRequest {
  'session_id'?: (string);
}

export interface LogsRequest__Output {
  'session_id': (string);
}
