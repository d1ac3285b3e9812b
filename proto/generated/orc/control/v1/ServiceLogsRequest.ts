// Original file: proto/control.proto


export interface ServiceLogsRequest {
  'service'?: (string);
  'follow'?: (boolean);
  'tail'?: (number);
  'timestamps'?: (boolean);
}

export interface ServiceLogsRequest__Output {
  'service': (string);
  'follow': (boolean);
  'tail': (number);
  'timestamps': (boolean);
}
