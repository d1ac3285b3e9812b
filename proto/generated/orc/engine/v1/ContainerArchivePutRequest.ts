// Original file: proto/engine.proto


export interface ContainerArchivePutRequest {
  'container'?: (string);
  'path'?: (string);
  'copy_uid_gid'?: (boolean);
  'contents_only'?: (boolean);
  'raw'?: (boolean);
}

export interface ContainerArchivePutRequest__Output {
  'container': (string);
  'path': (string);
  'copy_uid_gid': (boolean);
  'contents_only': (boolean);
  'raw': (boolean);
}
