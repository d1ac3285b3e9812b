// Original file: proto/engine.proto


export interface ContainerWaitResponse {
  'exit_code'?: (number);
}

export interface ContainerWaitResponse__Output {
  'exit_code': (number);
}
