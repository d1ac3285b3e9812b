// Original file: proto/engine.proto


export interface StackDownRequest {
  'project'?: (string);
  'spec_json'?: (string);
  'volumes'?: (boolean);
  'rmi'?: (string);
  'remove_orphans'?: (boolean);
  'timeout'?: (number);
  '_timeout'?: "timeout";
}

export interface StackDownRequest__Output {
  'project': (string);
  'spec_json': (string);
  'volumes': (boolean);
  'rmi': (string);
  'remove_orphans': (boolean);
  'timeout'?: (number);
  '_timeout'?: "timeout";
}
