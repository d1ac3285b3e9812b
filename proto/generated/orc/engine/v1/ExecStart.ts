// Original file: proto/engine.proto

import type { TerminalSize as _orc_engine_v1_TerminalSize, TerminalSize__Output as _orc_engine_v1_TerminalSize__Output } from '../../../orc/engine/v1/TerminalSize.js';

export interface ExecStart {
  'container'?: (string);
  'command'?: (string)[];
  'env'?: (string)[];
  'workdir'?: (string);
  'user'?: (string);
  'tty'?: (boolean);
  'interactive'?: (boolean);
  'detach'?: (boolean);
  'privileged'?: (boolean);
  'size'?: (_orc_engine_v1_TerminalSize | null);
  '_workdir'?: "workdir";
  '_user'?: "user";
  '_size'?: "size";
}

export interface ExecStart__Output {
  'container': (string);
  'command': (string)[];
  'env': (string)[];
  'workdir'?: (string);
  'user'?: (string);
  'tty': (boolean);
  'interactive': (boolean);
  'detach': (boolean);
  'privileged': (boolean);
  'size'?: (_orc_engine_v1_TerminalSize__Output | null);
  '_workdir'?: "workdir";
  '_user'?: "user";
  '_size'?: "size";
}
