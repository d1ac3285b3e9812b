// Original file: proto/control.proto


export interface RemoveRequest {
  'id'?: (string);
  'force'?: (boolean);
}

export interface RemoveRequest__Output {
  'id': (string);
  'force': (boolean);
}
