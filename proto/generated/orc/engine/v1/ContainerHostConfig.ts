// Original file: proto/engine.proto


export interface ContainerHostConfig {
  'restart'?: (string);
  'auto_remove'?: (boolean);
  'log_driver'?: (string);
  'log_opts'?: (string)[];
}

export interface ContainerHostConfig__Output {
  'restart': (string);
  'auto_remove': (boolean);
  'log_driver': (string);
  'log_opts': (string)[];
}
