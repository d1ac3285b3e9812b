// Original file: proto/engine.proto

import type { AttachStart as _orc_engine_v1_AttachStart, AttachStart__Output as _orc_engine_v1_AttachStart__Output } from '../../../orc/engine/v1/AttachStart.js';
import type { TerminalSize as _orc_engine_v1_TerminalSize, TerminalSize__Output as _orc_engine_v1_TerminalSize__Output } from '../../../orc/engine/v1/TerminalSize.js';

export interface AttachInput {
  'start'?: (_orc_engine_v1_AttachStart | null);
  'stdin'?: (Buffer | Uint8Array | string);
  'resize'?: (_orc_engine_v1_TerminalSize | null);
  'close_stdin'?: (boolean);
  'input'?: "start"|"stdin"|"resize"|"close_stdin";
}

export interface AttachInput__Output {
  'start'?: (_orc_engine_v1_AttachStart__Output | null);
  'stdin'?: (Buffer);
  'resize'?: (_orc_engine_v1_TerminalSize__Output | null);
  'close_stdin'?: (boolean);
  'input'?: "start"|"stdin"|"resize"|"close_stdin";
}
