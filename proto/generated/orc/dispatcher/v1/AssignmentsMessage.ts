// Original file: proto/dispatcher.proto

import type { FileData as _orc_dispatcher_v1_FileData, FileData__Output as _orc_dispatcher_v1_FileData__Output } from '../../../orc/dispatcher/v1/FileData.js';

export interface AssignmentsMessage {
  'type'?: (string);
  'applies'?: (string)[];
  'removes'?: (string)[];
  'secrets'?: (_orc_dispatcher_v1_FileData)[];
  'configs'?: (_orc_dispatcher_v1_FileData)[];
  'removes_files'?: (string)[];
  'sequence'?: (number);
}

export interface AssignmentsMessage__Output {
  'type': (string);
  'applies': (string)[];
  'removes': (string)[];
  'secrets': (_orc_dispatcher_v1_FileData__Output)[];
  'configs': (_orc_dispatcher_v1_FileData__Output)[];
  'removes_files': (string)[];
  'sequence': (number);
}
