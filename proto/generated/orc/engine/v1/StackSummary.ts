// Original file: proto/engine.proto


export interface StackSummary {
  'name'?: (string);
  'status'?: (string);
  'config_files'?: (string);
}

export interface StackSummary__Output {
  'name': (string);
  'status': (string);
  'config_files': (string);
}
