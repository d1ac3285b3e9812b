// Original file: proto/control.proto


export interface StackSummary {
  'name'?: (string);
  'services'?: (number);
}

export interface StackSummary__Output {
  'name': (string);
  'services': (number);
}
