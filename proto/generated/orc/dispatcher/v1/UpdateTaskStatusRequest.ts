// Original file: proto/dispatcher.proto

import type { TaskStatusUpdate as _orc_dispatcher_v1_TaskStatusUpdate, TaskStatusUpdate__Output as _orc_dispatcher_v1_TaskStatusUpdate__Output } from '../../../orc/dispatcher/v1/TaskStatusUpdate.js';

export interface UpdateTaskStatusRequest {
  'session_id'?: (string);
  'updates'?: (_orc_dispatcher_v1_TaskStatusUpdate)[];
}

export interface UpdateTaskStatusRequest__Output {
  'session_id': (string);
  'updates': (_orc_dispatcher_v1_TaskStatusUpdate__Output)[];
}
