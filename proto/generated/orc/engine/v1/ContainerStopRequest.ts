// Original file: proto/engine.proto


export interface ContainerStopRequest {
  'container'?: (string);
  'timeout'?: (number);
  '_timeout'?: "timeout";
}

export interface ContainerStopRequest__Output {
  'container': (string);
  'timeout'?: (number);
  '_timeout'?: "timeout";
}
