// Original file: proto/control.proto

import type { Document as _orc_control_v1_Document, Document__Output as _orc_control_v1_Document__Output } from '../../../orc/control/v1/Document.js';

export interface WatchEvent {
  'type'?: (string);
  'object'?: (_orc_control_v1_Document | null);
  'revision'?: (number | string);
}

export interface WatchEvent__Output {
  'type': (string);
  'object': (_orc_control_v1_Document__Output | null);
  'revision': (number);
}
