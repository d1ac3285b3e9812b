// Original file: proto/control.proto


export interface WatchRequest {
  'kinds'?: (string)[];
  'from_revision'?: (number | string);
}

export interface WatchRequest__Output {
  'kinds': (string)[];
  'from_revision': (number);
}
