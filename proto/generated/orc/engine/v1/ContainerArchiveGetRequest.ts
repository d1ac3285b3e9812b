// Original file: proto/engine.proto


export interface ContainerArchiveGetRequest {
  'container'?: (string);
  'path'?: (string);
  'follow_link'?: (boolean);
}

export interface ContainerArchiveGetRequest__Output {
  'container': (string);
  'path': (string);
  'follow_link': (boolean);
}
