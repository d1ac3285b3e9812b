// Original file: proto/control.proto


export interface StackRequest {
  'name'?: (string);
}

export interface StackRequest__Output {
  'name': (string);
}
