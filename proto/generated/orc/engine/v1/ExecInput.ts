// Original file: proto/engine.proto

import type { ExecStart as _orc_engine_v1_ExecStart, ExecStart__Output as _orc_engine_v1_ExecStart__Output } from '../../../orc/engine/v1/ExecStart.js';
import type { TerminalSize as _orc_engine_v1_TerminalSize, TerminalSize__Output as _orc_engine_v1_TerminalSize__Output } from '../../../orc/engine/v1/TerminalSize.js';

export interface ExecInput {
  'start'?: (_orc_engine_v1_ExecStart | null);
  'stdin'?: (Buffer | Uint8Array | string);
  'resize'?: (_orc_engine_v1_TerminalSize | null);
  'close_stdin'?: (boolean);
  'input'?: "start"|"stdin"|"resize"|"close_stdin";
}

export interface ExecInput__Output {
  'start'?: (_orc_engine_v1_ExecStart__Output | null);
  'stdin'?: (Buffer);
  'resize'?: (_orc_engine_v1_TerminalSize__Output | null);
  'close_stdin'?: (boolean);
  'input'?: "start"|"stdin"|"resize"|"close_stdin";
}
