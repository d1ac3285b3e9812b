// Original file: proto/control.proto


export interface Filter {
  'key'?: (string);
  'values'?: (string)[];
}

export interface Filter__Output {
  'key': (string);
  'values': (string)[];
}
