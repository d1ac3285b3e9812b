// Original file: proto/engine.proto

import type { TerminalSize as _orc_engine_v1_TerminalSize, TerminalSize__Output as _orc_engine_v1_TerminalSize__Output } from '../../../orc/engine/v1/TerminalSize.js';

export interface AttachStart {
  'container'?: (string);
  'start'?: (boolean);
  'stdin'?: (boolean);
  'size'?: (_orc_engine_v1_TerminalSize | null);
  '_size'?: "size";
}

export interface AttachStart__Output {
  'container': (string);
  'start': (boolean);
  'stdin': (boolean);
  'size'?: (_orc_engine_v1_TerminalSize__Output | null);
  '_size'?: "size";
}
