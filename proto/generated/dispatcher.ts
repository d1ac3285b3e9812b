import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AssignmentsMessage as _orc_dispatcher_v1_AssignmentsMessage, AssignmentsMessage__Output as _orc_dispatcher_v1_AssignmentsMessage__Output } from './orc/dispatcher/v1/AssignmentsMessage.js';
import type { AssignmentsRequest as _orc_dispatcher_v1_AssignmentsRequest, AssignmentsRequest__Output as _orc_dispatcher_v1_AssignmentsRequest__Output } from './orc/dispatcher/v1/AssignmentsRequest.js';
import type { DispatcherClient as _orc_dispatcher_v1_DispatcherClient, DispatcherDefinition as _orc_dispatcher_v1_DispatcherDefinition } from './orc/dispatcher/v1/Dispatcher.js';
import type { Empty as _orc_dispatcher_v1_Empty, Empty__Output as _orc_dispatcher_v1_Empty__Output } from './orc/dispatcher/v1/Empty.js';
import type { FileData as _orc_dispatcher_v1_FileData, FileData__Output as _orc_dispatcher_v1_FileData__Output } from './orc/dispatcher/v1/FileData.js';
import type { HeartbeatRequest as _orc_dispatcher_v1_HeartbeatRequest, HeartbeatRequest__Output as _orc_dispatcher_v1_HeartbeatRequest__Output } from './orc/dispatcher/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _orc_dispatcher_v1_HeartbeatResponse, HeartbeatResponse__Output as _orc_dispatcher_v1_HeartbeatResponse__Output } from './orc/dispatcher/v1/HeartbeatResponse.js';
import type { LogChunk as _orc_dispatcher_v1_LogChunk, LogChunk__Output as _orc_dispatcher_v1_LogChunk__Output } from './orc/dispatcher/v1/LogChunk.js';
import type { LogSubscription as _orc_dispatcher_v1_LogSubscription, LogSubscription__Output as _orc_dispatcher_v1_LogSubscription__Output } from './orc/dispatcher/v1/LogSubscription.js';
import type { LogsRequest as _orc_dispatcher_v1_LogsRequest, LogsRequest__Output as _orc_dispatcher_v1_LogsRequest__Output } from './orc/dispatcher/v1/LogsRequest.js';
import type { ManagerAddr as _orc_dispatcher_v1_ManagerAddr, ManagerAddr__Output as _orc_dispatcher_v1_ManagerAddr__Output } from './orc/dispatcher/v1/ManagerAddr.js';
import type { SessionMessage as _orc_dispatcher_v1_SessionMessage, SessionMessage__Output as _orc_dispatcher_v1_SessionMessage__Output } from './orc/dispatcher/v1/SessionMessage.js';
import type { SessionRequest as _orc_dispatcher_v1_SessionRequest, SessionRequest__Output as _orc_dispatcher_v1_SessionRequest__Output } from './orc/dispatcher/v1/SessionRequest.js';
import type { TaskStatusUpdate as _orc_dispatcher_v1_TaskStatusUpdate, TaskStatusUpdate__Output as _orc_dispatcher_v1_TaskStatusUpdate__Output } from './orc/dispatcher/v1/TaskStatusUpdate.js';
import type { UpdateTaskStatusRequest as _orc_dispatcher_v1_UpdateTaskStatusRequest, UpdateTaskStatusRequest__Output as _orc_dispatcher_v1_UpdateTaskStatusRequest__Output } from './orc/dispatcher/v1/UpdateTaskStatusRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orc: {
    dispatcher: {
      v1: {
        AssignmentsMessage: MessageTypeDefinition<_orc_dispatcher_v1_AssignmentsMessage, _orc_dispatcher_v1_AssignmentsMessage__Output>
        AssignmentsRequest: MessageTypeDefinition<_orc_dispatcher_v1_AssignmentsRequest, _orc_dispatcher_v1_AssignmentsRequest__Output>
        Dispatcher: SubtypeConstructor<typeof grpc.Client, _orc_dispatcher_v1_DispatcherClient> & { service: _orc_dispatcher_v1_DispatcherDefinition }
        Empty: MessageTypeDefinition<_orc_dispatcher_v1_Empty, _orc_dispatcher_v1_Empty__Output>
        FileData: MessageTypeDefinition<_orc_dispatcher_v1_FileData, _orc_dispatcher_v1_FileData__Output>
        HeartbeatRequest: MessageTypeDefinition<_orc_dispatcher_v1_HeartbeatRequest, _orc_dispatcher_v1_HeartbeatRequest__Output>
        HeartbeatResponse: MessageTypeDefinition<_orc_dispatcher_v1_HeartbeatResponse, _orc_dispatcher_v1_HeartbeatResponse__Output>
        LogChunk: MessageTypeDefinition<_orc_dispatcher_v1_LogChunk, _orc_dispatcher_v1_LogChunk__Output>
        LogSubscription: MessageTypeDefinition<_orc_dispatcher_v1_LogSubscription, _orc_dispatcher_v1_LogSubscription__Output>
        LogsRequest: MessageTypeDefinition<_orc_dispatcher_v1_LogsRequest, _orc_dispatcher_v1_LogsRequest__Output>
        ManagerAddr: MessageTypeDefinition<_orc_dispatcher_v1_ManagerAddr, _orc_dispatcher_v1_ManagerAddr__Output>
        SessionMessage: MessageTypeDefinition<_orc_dispatcher_v1_SessionMessage, _orc_dispatcher_v1_SessionMessage__Output>
        SessionRequest: MessageTypeDefinition<_orc_dispatcher_v1_SessionRequest, _orc_dispatcher_v1_SessionRequest__Output>
        TaskStatusUpdate: MessageTypeDefinition<_orc_dispatcher_v1_TaskStatusUpdate, _orc_dispatcher_v1_TaskStatusUpdate__Output>
        UpdateTaskStatusRequest: MessageTypeDefinition<_orc_dispatcher_v1_UpdateTaskStatusRequest, _orc_dispatcher_v1_UpdateTaskStatusRequest__Output>
      }
    }
  }
}

