// Original file: proto/engine.proto


export interface AttachOutput {
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exit_code'?: (number);
  'exec_id'?: (string);
  'output'?: "stdout"|"stderr"|"exit_code"|"exec_id";
}

export interface AttachOutput__Output {
  'stdout'?: (Buffer);
  'stderr'?: (Buffer);
  'exit_code'?: (number);
  'exec_id'?: (string);
  'output'?: "stdout"|"stderr"|"exit_code"|"exec_id";
}
