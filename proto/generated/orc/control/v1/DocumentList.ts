// Original file: proto/control.proto

import type { Document as _orc_control_v1_Document, Document__Output as _orc_control_v1_Document__Output } from '../../../orc/control/v1/Document.js';

export interface DocumentList {
  'items'?: (_orc_control_v1_Document)[];
}

export interface DocumentList__Output {
  'items': (_orc_control_v1_Document__Output)[];
}
