// Original file: proto/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddManagerRequest as _orc_control_v1_AddManagerRequest, AddManagerRequest__Output as _orc_control_v1_AddManagerRequest__Output } from '../../../orc/control/v1/AddManagerRequest.js';
import type { AddManagerResponse as _orc_control_v1_AddManagerResponse, AddManagerResponse__Output as _orc_control_v1_AddManagerResponse__Output } from '../../../orc/control/v1/AddManagerResponse.js';
import type { CreateRequest as _orc_control_v1_CreateRequest, CreateRequest__Output as _orc_control_v1_CreateRequest__Output } from '../../../orc/control/v1/CreateRequest.js';
import type { DeployStackRequest as _orc_control_v1_DeployStackRequest, DeployStackRequest__Output as _orc_control_v1_DeployStackRequest__Output } from '../../../orc/control/v1/DeployStackRequest.js';
import type { DeployStackResponse as _orc_control_v1_DeployStackResponse, DeployStackResponse__Output as _orc_control_v1_DeployStackResponse__Output } from '../../../orc/control/v1/DeployStackResponse.js';
import type { Document as _orc_control_v1_Document, Document__Output as _orc_control_v1_Document__Output } from '../../../orc/control/v1/Document.js';
import type { DocumentList as _orc_control_v1_DocumentList, DocumentList__Output as _orc_control_v1_DocumentList__Output } from '../../../orc/control/v1/DocumentList.js';
import type { Empty as _orc_control_v1_Empty, Empty__Output as _orc_control_v1_Empty__Output } from '../../../orc/control/v1/Empty.js';
import type { IdRequest as _orc_control_v1_IdRequest, IdRequest__Output as _orc_control_v1_IdRequest__Output } from '../../../orc/control/v1/IdRequest.js';
import type { ListRequest as _orc_control_v1_ListRequest, ListRequest__Output as _orc_control_v1_ListRequest__Output } from '../../../orc/control/v1/ListRequest.js';
import type { RemoveRequest as _orc_control_v1_RemoveRequest, RemoveRequest__Output as _orc_control_v1_RemoveRequest__Output } from '../../../orc/control/v1/RemoveRequest.js';
import type { ServiceLogLine as _orc_control_v1_ServiceLogLine, ServiceLogLine__Output as _orc_control_v1_ServiceLogLine__Output } from '../../../orc/control/v1/ServiceLogLine.js';
import type { ServiceLogsRequest as _orc_control_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _orc_control_v1_ServiceLogsRequest__Output } from '../../../orc/control/v1/ServiceLogsRequest.js';
import type { StackList as _orc_control_v1_StackList, StackList__Output as _orc_control_v1_StackList__Output } from '../../../orc/control/v1/StackList.js';
import type { StackRequest as _orc_control_v1_StackRequest, StackRequest__Output as _orc_control_v1_StackRequest__Output } from '../../../orc/control/v1/StackRequest.js';
import type { UpdateClusterRequest as _orc_control_v1_UpdateClusterRequest, UpdateClusterRequest__Output as _orc_control_v1_UpdateClusterRequest__Output } from '../../../orc/control/v1/UpdateClusterRequest.js';
import type { UpdateRequest as _orc_control_v1_UpdateRequest, UpdateRequest__Output as _orc_control_v1_UpdateRequest__Output } from '../../../orc/control/v1/UpdateRequest.js';
import type { UpdateServiceRequest as _orc_control_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _orc_control_v1_UpdateServiceRequest__Output } from '../../../orc/control/v1/UpdateServiceRequest.js';
import type { WatchEvent as _orc_control_v1_WatchEvent, WatchEvent__Output as _orc_control_v1_WatchEvent__Output } from '../../../orc/control/v1/WatchEvent.js';
import type { WatchRequest as _orc_control_v1_WatchRequest, WatchRequest__Output as _orc_control_v1_WatchRequest__Output } from '../../../orc/control/v1/WatchRequest.js';

export interface ControlClient extends grpc.Client {
  AddManager(argument: _orc_control_v1_AddManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  AddManager(argument: _orc_control_v1_AddManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  AddManager(argument: _orc_control_v1_AddManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  AddManager(argument: _orc_control_v1_AddManagerRequest, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  addManager(argument: _orc_control_v1_AddManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  addManager(argument: _orc_control_v1_AddManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  addManager(argument: _orc_control_v1_AddManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  addManager(argument: _orc_control_v1_AddManagerRequest, callback: grpc.requestCallback<_orc_control_v1_AddManagerResponse__Output>): grpc.ClientUnaryCall;
  
  CreateConfig(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateConfig(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateConfig(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateConfig(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createConfig(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createConfig(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createConfig(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createConfig(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  CreateNetwork(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  CreateSecret(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateSecret(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateSecret(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateSecret(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createSecret(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createSecret(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createSecret(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createSecret(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  CreateService(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createService(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createService(argument: _orc_control_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createService(argument: _orc_control_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  createService(argument: _orc_control_v1_CreateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  DeployStack(argument: _orc_control_v1_DeployStackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  DeployStack(argument: _orc_control_v1_DeployStackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  DeployStack(argument: _orc_control_v1_DeployStackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  DeployStack(argument: _orc_control_v1_DeployStackRequest, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _orc_control_v1_DeployStackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _orc_control_v1_DeployStackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _orc_control_v1_DeployStackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _orc_control_v1_DeployStackRequest, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  
  GetCluster(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  GetConfig(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  GetNetwork(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  GetNode(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNode(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNode(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNode(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getNode(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  GetSecret(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetSecret(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetSecret(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetSecret(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getSecret(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getSecret(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getSecret(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getSecret(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  GetService(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetService(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetService(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetService(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getService(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getService(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getService(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getService(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  GetTask(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getTask(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getTask(argument: _orc_control_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getTask(argument: _orc_control_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  getTask(argument: _orc_control_v1_IdRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  ListConfigs(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListConfigs(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListConfigs(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListConfigs(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listConfigs(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listConfigs(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listConfigs(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listConfigs(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  
  ListNetworks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListNetworks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListNetworks(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListNetworks(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  
  ListNodes(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  
  ListSecrets(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListSecrets(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListSecrets(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListSecrets(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listSecrets(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  
  ListServices(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listServices(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listServices(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listServices(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listServices(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  
  ListStacks(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  ListStacks(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  ListStacks(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  ListStacks(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _orc_control_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _orc_control_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _orc_control_v1_Empty, callback: grpc.requestCallback<_orc_control_v1_StackList__Output>): grpc.ClientUnaryCall;
  
  ListTasks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _orc_control_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _orc_control_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _orc_control_v1_ListRequest, callback: grpc.requestCallback<_orc_control_v1_DocumentList__Output>): grpc.ClientUnaryCall;
  
  RemoveConfig(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveConfig(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveConfig(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveConfig(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeConfig(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeConfig(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeConfig(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeConfig(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveNetwork(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveNetwork(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveNetwork(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveNetwork(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveNode(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveSecret(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveSecret(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveSecret(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveSecret(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeSecret(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeSecret(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeSecret(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeSecret(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveService(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeService(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeService(argument: _orc_control_v1_RemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeService(argument: _orc_control_v1_RemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeService(argument: _orc_control_v1_RemoveRequest, callback: grpc.requestCallback<_orc_control_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveStack(argument: _orc_control_v1_StackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  RemoveStack(argument: _orc_control_v1_StackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  RemoveStack(argument: _orc_control_v1_StackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  RemoveStack(argument: _orc_control_v1_StackRequest, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _orc_control_v1_StackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _orc_control_v1_StackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _orc_control_v1_StackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _orc_control_v1_StackRequest, callback: grpc.requestCallback<_orc_control_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  
  ServiceLogs(argument: _orc_control_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_ServiceLogLine__Output>;
  ServiceLogs(argument: _orc_control_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_ServiceLogLine__Output>;
  serviceLogs(argument: _orc_control_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_ServiceLogLine__Output>;
  serviceLogs(argument: _orc_control_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_ServiceLogLine__Output>;
  
  UpdateCluster(argument: _orc_control_v1_UpdateClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateCluster(argument: _orc_control_v1_UpdateClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateCluster(argument: _orc_control_v1_UpdateClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateCluster(argument: _orc_control_v1_UpdateClusterRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _orc_control_v1_UpdateClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _orc_control_v1_UpdateClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _orc_control_v1_UpdateClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _orc_control_v1_UpdateClusterRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  UpdateNode(argument: _orc_control_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _orc_control_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _orc_control_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _orc_control_v1_UpdateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _orc_control_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _orc_control_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _orc_control_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _orc_control_v1_UpdateRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  UpdateService(argument: _orc_control_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _orc_control_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _orc_control_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _orc_control_v1_UpdateServiceRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateService(argument: _orc_control_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateService(argument: _orc_control_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateService(argument: _orc_control_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  updateService(argument: _orc_control_v1_UpdateServiceRequest, callback: grpc.requestCallback<_orc_control_v1_Document__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _orc_control_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_WatchEvent__Output>;
  Watch(argument: _orc_control_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_WatchEvent__Output>;
  watch(argument: _orc_control_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_WatchEvent__Output>;
  watch(argument: _orc_control_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_control_v1_WatchEvent__Output>;
  
}

export interface ControlHandlers extends grpc.UntypedServiceImplementation {
  AddManager: grpc.handleUnaryCall<_orc_control_v1_AddManagerRequest__Output, _orc_control_v1_AddManagerResponse>;
  
  CreateConfig: grpc.handleUnaryCall<_orc_control_v1_CreateRequest__Output, _orc_control_v1_Document>;
  
  CreateNetwork: grpc.handleUnaryCall<_orc_control_v1_CreateRequest__Output, _orc_control_v1_Document>;
  
  CreateSecret: grpc.handleUnaryCall<_orc_control_v1_CreateRequest__Output, _orc_control_v1_Document>;
  
  CreateService: grpc.handleUnaryCall<_orc_control_v1_CreateRequest__Output, _orc_control_v1_Document>;
  
  DeployStack: grpc.handleUnaryCall<_orc_control_v1_DeployStackRequest__Output, _orc_control_v1_DeployStackResponse>;
  
  GetCluster: grpc.handleUnaryCall<_orc_control_v1_Empty__Output, _orc_control_v1_Document>;
  
  GetConfig: grpc.handleUnaryCall<_orc_control_v1_IdRequest__Output, _orc_control_v1_Document>;
  
  GetNetwork: grpc.handleUnaryCall<_orc_control_v1_IdRequest__Output, _orc_control_v1_Document>;
  
  GetNode: grpc.handleUnaryCall<_orc_control_v1_IdRequest__Output, _orc_control_v1_Document>;
  
  GetSecret: grpc.handleUnaryCall<_orc_control_v1_IdRequest__Output, _orc_control_v1_Document>;
  
  GetService: grpc.handleUnaryCall<_orc_control_v1_IdRequest__Output, _orc_control_v1_Document>;
  
  GetTask: grpc.handleUnaryCall<_orc_control_v1_IdRequest__Output, _orc_control_v1_Document>;
  
  ListConfigs: grpc.handleUnaryCall<_orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList>;
  
  ListNetworks: grpc.handleUnaryCall<_orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList>;
  
  ListNodes: grpc.handleUnaryCall<_orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList>;
  
  ListSecrets: grpc.handleUnaryCall<_orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList>;
  
  ListServices: grpc.handleUnaryCall<_orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList>;
  
  ListStacks: grpc.handleUnaryCall<_orc_control_v1_Empty__Output, _orc_control_v1_StackList>;
  
  ListTasks: grpc.handleUnaryCall<_orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList>;
  
  RemoveConfig: grpc.handleUnaryCall<_orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty>;
  
  RemoveNetwork: grpc.handleUnaryCall<_orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty>;
  
  RemoveNode: grpc.handleUnaryCall<_orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty>;
  
  RemoveSecret: grpc.handleUnaryCall<_orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty>;
  
  RemoveService: grpc.handleUnaryCall<_orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty>;
  
  RemoveStack: grpc.handleUnaryCall<_orc_control_v1_StackRequest__Output, _orc_control_v1_DeployStackResponse>;
  
  ServiceLogs: grpc.handleServerStreamingCall<_orc_control_v1_ServiceLogsRequest__Output, _orc_control_v1_ServiceLogLine>;
  
  UpdateCluster: grpc.handleUnaryCall<_orc_control_v1_UpdateClusterRequest__Output, _orc_control_v1_Document>;
  
  UpdateNode: grpc.handleUnaryCall<_orc_control_v1_UpdateRequest__Output, _orc_control_v1_Document>;
  
  UpdateService: grpc.handleUnaryCall<_orc_control_v1_UpdateServiceRequest__Output, _orc_control_v1_Document>;
  
  Watch: grpc.handleServerStreamingCall<_orc_control_v1_WatchRequest__Output, _orc_control_v1_WatchEvent>;
  
}

export interface ControlDefinition extends grpc.ServiceDefinition {
  AddManager: MethodDefinition<_orc_control_v1_AddManagerRequest, _orc_control_v1_AddManagerResponse, _orc_control_v1_AddManagerRequest__Output, _orc_control_v1_AddManagerResponse__Output>
  CreateConfig: MethodDefinition<_orc_control_v1_CreateRequest, _orc_control_v1_Document, _orc_control_v1_CreateRequest__Output, _orc_control_v1_Document__Output>
  CreateNetwork: MethodDefinition<_orc_control_v1_CreateRequest, _orc_control_v1_Document, _orc_control_v1_CreateRequest__Output, _orc_control_v1_Document__Output>
  CreateSecret: MethodDefinition<_orc_control_v1_CreateRequest, _orc_control_v1_Document, _orc_control_v1_CreateRequest__Output, _orc_control_v1_Document__Output>
  CreateService: MethodDefinition<_orc_control_v1_CreateRequest, _orc_control_v1_Document, _orc_control_v1_CreateRequest__Output, _orc_control_v1_Document__Output>
  DeployStack: MethodDefinition<_orc_control_v1_DeployStackRequest, _orc_control_v1_DeployStackResponse, _orc_control_v1_DeployStackRequest__Output, _orc_control_v1_DeployStackResponse__Output>
  GetCluster: MethodDefinition<_orc_control_v1_Empty, _orc_control_v1_Document, _orc_control_v1_Empty__Output, _orc_control_v1_Document__Output>
  GetConfig: MethodDefinition<_orc_control_v1_IdRequest, _orc_control_v1_Document, _orc_control_v1_IdRequest__Output, _orc_control_v1_Document__Output>
  GetNetwork: MethodDefinition<_orc_control_v1_IdRequest, _orc_control_v1_Document, _orc_control_v1_IdRequest__Output, _orc_control_v1_Document__Output>
  GetNode: MethodDefinition<_orc_control_v1_IdRequest, _orc_control_v1_Document, _orc_control_v1_IdRequest__Output, _orc_control_v1_Document__Output>
  GetSecret: MethodDefinition<_orc_control_v1_IdRequest, _orc_control_v1_Document, _orc_control_v1_IdRequest__Output, _orc_control_v1_Document__Output>
  GetService: MethodDefinition<_orc_control_v1_IdRequest, _orc_control_v1_Document, _orc_control_v1_IdRequest__Output, _orc_control_v1_Document__Output>
  GetTask: MethodDefinition<_orc_control_v1_IdRequest, _orc_control_v1_Document, _orc_control_v1_IdRequest__Output, _orc_control_v1_Document__Output>
  ListConfigs: MethodDefinition<_orc_control_v1_ListRequest, _orc_control_v1_DocumentList, _orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList__Output>
  ListNetworks: MethodDefinition<_orc_control_v1_ListRequest, _orc_control_v1_DocumentList, _orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList__Output>
  ListNodes: MethodDefinition<_orc_control_v1_ListRequest, _orc_control_v1_DocumentList, _orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList__Output>
  ListSecrets: MethodDefinition<_orc_control_v1_ListRequest, _orc_control_v1_DocumentList, _orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList__Output>
  ListServices: MethodDefinition<_orc_control_v1_ListRequest, _orc_control_v1_DocumentList, _orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList__Output>
  ListStacks: MethodDefinition<_orc_control_v1_Empty, _orc_control_v1_StackList, _orc_control_v1_Empty__Output, _orc_control_v1_StackList__Output>
  ListTasks: MethodDefinition<_orc_control_v1_ListRequest, _orc_control_v1_DocumentList, _orc_control_v1_ListRequest__Output, _orc_control_v1_DocumentList__Output>
  RemoveConfig: MethodDefinition<_orc_control_v1_RemoveRequest, _orc_control_v1_Empty, _orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty__Output>
  RemoveNetwork: MethodDefinition<_orc_control_v1_RemoveRequest, _orc_control_v1_Empty, _orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty__Output>
  RemoveNode: MethodDefinition<_orc_control_v1_RemoveRequest, _orc_control_v1_Empty, _orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty__Output>
  RemoveSecret: MethodDefinition<_orc_control_v1_RemoveRequest, _orc_control_v1_Empty, _orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty__Output>
  RemoveService: MethodDefinition<_orc_control_v1_RemoveRequest, _orc_control_v1_Empty, _orc_control_v1_RemoveRequest__Output, _orc_control_v1_Empty__Output>
  RemoveStack: MethodDefinition<_orc_control_v1_StackRequest, _orc_control_v1_DeployStackResponse, _orc_control_v1_StackRequest__Output, _orc_control_v1_DeployStackResponse__Output>
  ServiceLogs: MethodDefinition<_orc_control_v1_ServiceLogsRequest, _orc_control_v1_ServiceLogLine, _orc_control_v1_ServiceLogsRequest__Output, _orc_control_v1_ServiceLogLine__Output>
  UpdateCluster: MethodDefinition<_orc_control_v1_UpdateClusterRequest, _orc_control_v1_Document, _orc_control_v1_UpdateClusterRequest__Output, _orc_control_v1_Document__Output>
  UpdateNode: MethodDefinition<_orc_control_v1_UpdateRequest, _orc_control_v1_Document, _orc_control_v1_UpdateRequest__Output, _orc_control_v1_Document__Output>
  UpdateService: MethodDefinition<_orc_control_v1_UpdateServiceRequest, _orc_control_v1_Document, _orc_control_v1_UpdateServiceRequest__Output, _orc_control_v1_Document__Output>
  Watch: MethodDefinition<_orc_control_v1_WatchRequest, _orc_control_v1_WatchEvent, _orc_control_v1_WatchRequest__Output, _orc_control_v1_WatchEvent__Output>
}
