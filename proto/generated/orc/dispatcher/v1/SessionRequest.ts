// Original file: proto/dispatcher.proto


export interface SessionRequest {
  'node_id'?: (string);
  'description_json'?: (string);
  'session_id_hint'?: (string);
}

export interface SessionRequest__Output {
  'node_id': (string);
  'description_json': (string);
  'session_id_hint': (string);
}
