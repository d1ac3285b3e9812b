// Original file: proto/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _orc_control_v1_Empty, Empty__Output as _orc_control_v1_Empty__Output } from '../../../orc/control/v1/Empty.js';
import type { SwarmInfo as _orc_control_v1_SwarmInfo, SwarmInfo__Output as _orc_control_v1_SwarmInfo__Output } from '../../../orc/control/v1/SwarmInfo.js';
import type { SwarmInitRequest as _orc_control_v1_SwarmInitRequest, SwarmInitRequest__Output as _orc_control_v1_SwarmInitRequest__Output } from '../../../orc/control/v1/SwarmInitRequest.js';
import type { SwarmJoinRequest as _orc_control_v1_SwarmJoinRequest, SwarmJoinRequest__Output as _orc_control_v1_SwarmJoinRequest__Output } from '../../../orc/control/v1/SwarmJoinRequest.js';
import type { SwarmLeaveRequest as _orc_control_v1_SwarmLeaveRequest, SwarmLeaveRequest__Output as _orc_control_v1_SwarmLeaveRequest__Output } from '../../../orc/control/v1/SwarmLeaveRequest.js';

export interface SwarmClient extends grpc.Client {
  Info(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Info(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Info(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Info(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  info(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  info(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  info(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  info(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  
  Init(argument: _orc_control_v1_SwarmInitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Init(argument: _orc_control_v1_SwarmInitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Init(argument: _orc_control_v1_SwarmInitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Init(argument: _orc_control_v1_SwarmInitRequest, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  init(argument: _orc_control_v1_SwarmInitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  init(argument: _orc_control_v1_SwarmInitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  init(argument: _orc_control_v1_SwarmInitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  init(argument: _orc_control_v1_SwarmInitRequest, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  
  Join(argument: _orc_control_v1_SwarmJoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Join(argument: _orc_control_v1_SwarmJoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Join(argument: _orc_control_v1_SwarmJoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  Join(argument: _orc_control_v1_SwarmJoinRequest, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  join(argument: _orc_control_v1_SwarmJoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  join(argument: _orc_control_v1_SwarmJoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  join(argument: _orc_control_v1_SwarmJoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  join(argument: _orc_control_v1_SwarmJoinRequest, callback: grpc.requestCallback<_orc_control_v1_SwarmInfo__Output>): grpc.ClientUnaryCall;
  
  Leave(argument: _orc_control_v1_SwarmLeaveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  Leave(argument: _orc_control_v1_SwarmLeaveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  Leave(argument: _orc_control_v1_SwarmLeaveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  Leave(argument: _orc_control_v1_SwarmLeaveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  leave(argument: _orc_control_v1_SwarmLeaveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  leave(argument: _orc_control_v1_SwarmLeaveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  leave(argument: _orc_control_v1_SwarmLeaveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  leave(argument: _orc_control_v1_SwarmLeaveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface SwarmHandlers extends grpc.UntypedServiceImplementation {
  Info: grpc.handleUnaryCall<_orc_control_v1_Empty__Output, _orc_control_v1_SwarmInfo>;
  
  Init: grpc.handleUnaryCall<_orc_control_v1_SwarmInitRequest__Output, _orc_control_v1_SwarmInfo>;
  
  Join: grpc.handleUnaryCall<_orc_control_v1_SwarmJoinRequest__Output, _orc_control_v1_SwarmInfo>;
  
  Leave: grpc.handleUnaryCall<_orc_control_v1_SwarmLeaveRequest__Output, _orc_control_v1_Empty>;
  
}

export interface SwarmDefinition extends grpc.ServiceDefinition {
  Info: MethodDefinition<_orc_control_v1_Empty, _orc_control_v1_SwarmInfo, _orc_control_v1_Empty__Output, _orc_control_v1_SwarmInfo__Output>
  Init: MethodDefinition<_orc_control_v1_SwarmInitRequest, _orc_control_v1_SwarmInfo, _orc_control_v1_SwarmInitRequest__Output, _orc_control_v1_SwarmInfo__Output>
  Join: MethodDefinition<_orc_control_v1_SwarmJoinRequest, _orc_control_v1_SwarmInfo, _orc_control_v1_SwarmJoinRequest__Output, _orc_control_v1_SwarmInfo__Output>
  Leave: MethodDefinition<_orc_control_v1_SwarmLeaveRequest, _orc_control_v1_Empty, _orc_control_v1_SwarmLeaveRequest__Output, _orc_control_v1_Empty__Output>
}
