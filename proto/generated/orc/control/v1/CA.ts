// Original file: proto/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _orc_control_v1_Empty, Empty__Output as _orc_control_v1_Empty__Output } from '../../../orc/control/v1/Empty.js';
import type { IssueRequest as _orc_control_v1_IssueRequest, IssueRequest__Output as _orc_control_v1_IssueRequest__Output } from '../../../orc/control/v1/IssueRequest.js';
import type { IssueResponse as _orc_control_v1_IssueResponse, IssueResponse__Output as _orc_control_v1_IssueResponse__Output } from '../../../orc/control/v1/IssueResponse.js';
import type { RootCA as _orc_control_v1_RootCA, RootCA__Output as _orc_control_v1_RootCA__Output } from '../../../orc/control/v1/RootCA.js';

export interface CAClient extends grpc.Client {
  GetRootCACertificate(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  GetRootCACertificate(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  GetRootCACertificate(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  GetRootCACertificate(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_RootCA__Output>): grpc.ClientUnaryCall;
  
  IssueNodeCertificate(argument: _orc_control_v1_IssueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  IssueNodeCertificate(argument: _orc_control_v1_IssueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  IssueNodeCertificate(argument: _orc_control_v1_IssueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  IssueNodeCertificate(argument: _orc_control_v1_IssueRequest, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _orc_control_v1_IssueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _orc_control_v1_IssueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _orc_control_v1_IssueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _orc_control_v1_IssueRequest, callback: grpc.requestCallback<_orc_control_v1_IssueResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface CAHandlers extends grpc.UntypedServiceImplementation {
  GetRootCACertificate: grpc.handleUnaryCall<_orc_control_v1_Empty__Output, _orc_control_v1_RootCA>;
  
  IssueNodeCertificate: grpc.handleUnaryCall<_orc_control_v1_IssueRequest__Output, _orc_control_v1_IssueResponse>;
  
}

export interface CADefinition extends grpc.ServiceDefinition {
  GetRootCACertificate: MethodDefinition<_orc_control_v1_Empty, _orc_control_v1_RootCA, _orc_control_v1_Empty__Output, _orc_control_v1_RootCA__Output>
  IssueNodeCertificate: MethodDefinition<_orc_control_v1_IssueRequest, _orc_control_v1_IssueResponse, _orc_control_v1_IssueRequest__Output, _orc_control_v1_IssueResponse__Output>
}
