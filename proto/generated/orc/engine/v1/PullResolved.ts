// Original file: proto/engine.proto


export interface PullResolved {
  'reference'?: (string);
  'digest'?: (string);
  'layers'?: (number);
}

export interface PullResolved__Output {
  'reference': (string);
  'digest': (string);
  'layers': (number);
}
