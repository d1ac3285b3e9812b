// Original file: proto/engine.proto


export interface StackRunRequest {
  'spec_json'?: (string);
  'service'?: (string);
  'command'?: (string)[];
  'entrypoint'?: (string);
  'env'?: (string)[];
  'labels'?: (string)[];
  'no_deps'?: (boolean);
  'volumes'?: (string)[];
  'publish'?: (string)[];
  'service_ports'?: (boolean);
  'name'?: (string);
  'user'?: (string);
  'workdir'?: (string);
  'rm'?: (boolean);
  'tty'?: (boolean);
  'interactive'?: (boolean);
  'use_aliases'?: (boolean);
  'registry_auth_json'?: (string);
  '_entrypoint'?: "entrypoint";
  '_name'?: "name";
  '_user'?: "user";
  '_workdir'?: "workdir";
}

export interface StackRunRequest__Output {
  'spec_json': (string);
  'service': (string);
  'command': (string)[];
  'entrypoint'?: (string);
  'env': (string)[];
  'labels': (string)[];
  'no_deps': (boolean);
  'volumes': (string)[];
  'publish': (string)[];
  'service_ports': (boolean);
  'name'?: (string);
  'user'?: (string);
  'workdir'?: (string);
  'rm': (boolean);
  'tty': (boolean);
  'interactive': (boolean);
  'use_aliases': (boolean);
  'registry_auth_json': (string);
  '_entrypoint'?: "entrypoint";
  '_name'?: "name";
  '_user'?: "user";
  '_workdir'?: "workdir";
}
