// Original file: proto/dispatcher.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AssignmentsMessage as _orc_dispatcher_v1_AssignmentsMessage, AssignmentsMessage__Output as _orc_dispatcher_v1_AssignmentsMessage__Output } from '../../../orc/dispatcher/v1/AssignmentsMessage.js';
import type { AssignmentsRequest as _orc_dispatcher_v1_AssignmentsRequest, AssignmentsRequest__Output as _orc_dispatcher_v1_AssignmentsRequest__Output } from '../../../orc/dispatcher/v1/AssignmentsRequest.js';
import type { Empty as _orc_dispatcher_v1_Empty, Empty__Output as _orc_dispatcher_v1_Empty__Output } from '../../../orc/dispatcher/v1/Empty.js';
import type { HeartbeatRequest as _orc_dispatcher_v1_HeartbeatRequest, HeartbeatRequest__Output as _orc_dispatcher_v1_HeartbeatRequest__Output } from '../../../orc/dispatcher/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _orc_dispatcher_v1_HeartbeatResponse, HeartbeatResponse__Output as _orc_dispatcher_v1_HeartbeatResponse__Output } from '../../../orc/dispatcher/v1/HeartbeatResponse.js';
import type { LogChunk as _orc_dispatcher_v1_LogChunk, LogChunk__Output as _orc_dispatcher_v1_LogChunk__Output } from '../../../orc/dispatcher/v1/LogChunk.js';
import type { LogSubscription as _orc_dispatcher_v1_LogSubscription, LogSubscription__Output as _orc_dispatcher_v1_LogSubscription__Output } from '../../../orc/dispatcher/v1/LogSubscription.js';
import type { LogsRequest as _orc_dispatcher_v1_LogsRequest, LogsRequest__Output as _orc_dispatcher_v1_LogsRequest__Output } from '../../../orc/dispatcher/v1/LogsRequest.js';
import type { SessionMessage as _orc_dispatcher_v1_SessionMessage, SessionMessage__Output as _orc_dispatcher_v1_SessionMessage__Output } from '../../../orc/dispatcher/v1/SessionMessage.js';
import type { SessionRequest as _orc_dispatcher_v1_SessionRequest, SessionRequest__Output as _orc_dispatcher_v1_SessionRequest__Output } from '../../../orc/dispatcher/v1/SessionRequest.js';
import type { UpdateTaskStatusRequest as _orc_dispatcher_v1_UpdateTaskStatusRequest, UpdateTaskStatusRequest__Output as _orc_dispatcher_v1_UpdateTaskStatusRequest__Output } from '../../../orc/dispatcher/v1/UpdateTaskStatusRequest.js';

export interface DispatcherClient extends grpc.Client {
  Assignments(argument: _orc_dispatcher_v1_AssignmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_AssignmentsMessage__Output>;
  Assignments(argument: _orc_dispatcher_v1_AssignmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_AssignmentsMessage__Output>;
  assignments(argument: _orc_dispatcher_v1_AssignmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_AssignmentsMessage__Output>;
  assignments(argument: _orc_dispatcher_v1_AssignmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_AssignmentsMessage__Output>;
  
  Heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _orc_dispatcher_v1_HeartbeatRequest, callback: grpc.requestCallback<_orc_dispatcher_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  Logs(argument: _orc_dispatcher_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_LogSubscription__Output>;
  Logs(argument: _orc_dispatcher_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_LogSubscription__Output>;
  logs(argument: _orc_dispatcher_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_LogSubscription__Output>;
  logs(argument: _orc_dispatcher_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_LogSubscription__Output>;
  
  PublishLogs(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  PublishLogs(metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  PublishLogs(options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  PublishLogs(callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  publishLogs(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  publishLogs(metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  publishLogs(options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  publishLogs(callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientWritableStream<_orc_dispatcher_v1_LogChunk>;
  
  Session(argument: _orc_dispatcher_v1_SessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_SessionMessage__Output>;
  Session(argument: _orc_dispatcher_v1_SessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_SessionMessage__Output>;
  session(argument: _orc_dispatcher_v1_SessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_SessionMessage__Output>;
  session(argument: _orc_dispatcher_v1_SessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_dispatcher_v1_SessionMessage__Output>;
  
  UpdateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _orc_dispatcher_v1_UpdateTaskStatusRequest, callback: grpc.requestCallback<_orc_dispatcher_v1_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface DispatcherHandlers extends grpc.UntypedServiceImplementation {
  Assignments: grpc.handleServerStreamingCall<_orc_dispatcher_v1_AssignmentsRequest__Output, _orc_dispatcher_v1_AssignmentsMessage>;
  
  Heartbeat: grpc.handleUnaryCall<_orc_dispatcher_v1_HeartbeatRequest__Output, _orc_dispatcher_v1_HeartbeatResponse>;
  
  Logs: grpc.handleServerStreamingCall<_orc_dispatcher_v1_LogsRequest__Output, _orc_dispatcher_v1_LogSubscription>;
  
  PublishLogs: grpc.handleClientStreamingCall<_orc_dispatcher_v1_LogChunk__Output, _orc_dispatcher_v1_Empty>;
  
  Session: grpc.handleServerStreamingCall<_orc_dispatcher_v1_SessionRequest__Output, _orc_dispatcher_v1_SessionMessage>;
  
  UpdateTaskStatus: grpc.handleUnaryCall<_orc_dispatcher_v1_UpdateTaskStatusRequest__Output, _orc_dispatcher_v1_Empty>;
  
}

export interface DispatcherDefinition extends grpc.ServiceDefinition {
  Assignments: MethodDefinition<_orc_dispatcher_v1_AssignmentsRequest, _orc_dispatcher_v1_AssignmentsMessage, _orc_dispatcher_v1_AssignmentsRequest__Output, _orc_dispatcher_v1_AssignmentsMessage__Output>
  Heartbeat: MethodDefinition<_orc_dispatcher_v1_HeartbeatRequest, _orc_dispatcher_v1_HeartbeatResponse, _orc_dispatcher_v1_HeartbeatRequest__Output, _orc_dispatcher_v1_HeartbeatResponse__Output>
  Logs: MethodDefinition<_orc_dispatcher_v1_LogsRequest, _orc_dispatcher_v1_LogSubscription, _orc_dispatcher_v1_LogsRequest__Output, _orc_dispatcher_v1_LogSubscription__Output>
  PublishLogs: MethodDefinition<_orc_dispatcher_v1_LogChunk, _orc_dispatcher_v1_Empty, _orc_dispatcher_v1_LogChunk__Output, _orc_dispatcher_v1_Empty__Output>
  Session: MethodDefinition<_orc_dispatcher_v1_SessionRequest, _orc_dispatcher_v1_SessionMessage, _orc_dispatcher_v1_SessionRequest__Output, _orc_dispatcher_v1_SessionMessage__Output>
  UpdateTaskStatus: MethodDefinition<_orc_dispatcher_v1_UpdateTaskStatusRequest, _orc_dispatcher_v1_Empty, _orc_dispatcher_v1_UpdateTaskStatusRequest__Output, _orc_dispatcher_v1_Empty__Output>
}
