// Original file: proto/engine.proto


export interface ContainerLogsRequest {
  'container'?: (string);
  'follow'?: (boolean);
  'tail'?: (number);
  'since'?: (string);
  'until'?: (string);
  'stdout'?: (boolean);
  'stderr'?: (boolean);
  '_tail'?: "tail";
}

export interface ContainerLogsRequest__Output {
  'container': (string);
  'follow': (boolean);
  'tail'?: (number);
  'since': (string);
  'until': (string);
  'stdout': (boolean);
  'stderr': (boolean);
  '_tail'?: "tail";
}
