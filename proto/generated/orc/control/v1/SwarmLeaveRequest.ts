// Original file: proto/control.proto


export interface SwarmLeaveRequest {
  'force'?: (boolean);
}

export interface SwarmLeaveRequest__Output {
  'force': (boolean);
}
