// Original file: proto/engine.proto


export interface StackUpRequest {
  'spec_json'?: (string);
  'services'?: (string)[];
  'scale'?: ({[key: string]: number});
  'no_deps'?: (boolean);
  'force_recreate'?: (boolean);
  'no_recreate'?: (boolean);
  'remove_orphans'?: (boolean);
  'no_start'?: (boolean);
  'wait'?: (boolean);
  'wait_timeout'?: (number);
  'timeout'?: (number);
  'no_pull'?: (boolean);
  'registry_auth_json'?: (string);
  '_timeout'?: "timeout";
}

export interface StackUpRequest__Output {
  'spec_json': (string);
  'services': (string)[];
  'scale': ({[key: string]: number});
  'no_deps': (boolean);
  'force_recreate': (boolean);
  'no_recreate': (boolean);
  'remove_orphans': (boolean);
  'no_start': (boolean);
  'wait': (boolean);
  'wait_timeout': (number);
  'timeout'?: (number);
  'no_pull': (boolean);
  'registry_auth_json': (string);
  '_timeout'?: "timeout";
}
