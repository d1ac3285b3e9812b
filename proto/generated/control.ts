import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddManagerRequest as _orc_control_v1_AddManagerRequest, AddManagerRequest__Output as _orc_control_v1_AddManagerRequest__Output } from './orc/control/v1/AddManagerRequest.js';
import type { AddManagerResponse as _orc_control_v1_AddManagerResponse, AddManagerResponse__Output as _orc_control_v1_AddManagerResponse__Output } from './orc/control/v1/AddManagerResponse.js';
import type { CAClient as _orc_control_v1_CAClient, CADefinition as _orc_control_v1_CADefinition } from './orc/control/v1/CA.js';
import type { ControlClient as _orc_control_v1_ControlClient, ControlDefinition as _orc_control_v1_ControlDefinition } from './orc/control/v1/Control.js';
import type { CreateRequest as _orc_control_v1_CreateRequest, CreateRequest__Output as _orc_control_v1_CreateRequest__Output } from './orc/control/v1/CreateRequest.js';
import type { DeployStackRequest as _orc_control_v1_DeployStackRequest, DeployStackRequest__Output as _orc_control_v1_DeployStackRequest__Output } from './orc/control/v1/DeployStackRequest.js';
import type { DeployStackResponse as _orc_control_v1_DeployStackResponse, DeployStackResponse__Output as _orc_control_v1_DeployStackResponse__Output } from './orc/control/v1/DeployStackResponse.js';
import type { Document as _orc_control_v1_Document, Document__Output as _orc_control_v1_Document__Output } from './orc/control/v1/Document.js';
import type { DocumentList as _orc_control_v1_DocumentList, DocumentList__Output as _orc_control_v1_DocumentList__Output } from './orc/control/v1/DocumentList.js';
import type { Empty as _orc_control_v1_Empty, Empty__Output as _orc_control_v1_Empty__Output } from './orc/control/v1/Empty.js';
import type { Filter as _orc_control_v1_Filter, Filter__Output as _orc_control_v1_Filter__Output } from './orc/control/v1/Filter.js';
import type { IdRequest as _orc_control_v1_IdRequest, IdRequest__Output as _orc_control_v1_IdRequest__Output } from './orc/control/v1/IdRequest.js';
import type { IssueRequest as _orc_control_v1_IssueRequest, IssueRequest__Output as _orc_control_v1_IssueRequest__Output } from './orc/control/v1/IssueRequest.js';
import type { IssueResponse as _orc_control_v1_IssueResponse, IssueResponse__Output as _orc_control_v1_IssueResponse__Output } from './orc/control/v1/IssueResponse.js';
import type { ListRequest as _orc_control_v1_ListRequest, ListRequest__Output as _orc_control_v1_ListRequest__Output } from './orc/control/v1/ListRequest.js';
import type { RemoveRequest as _orc_control_v1_RemoveRequest, RemoveRequest__Output as _orc_control_v1_RemoveRequest__Output } from './orc/control/v1/RemoveRequest.js';
import type { RootCA as _orc_control_v1_RootCA, RootCA__Output as _orc_control_v1_RootCA__Output } from './orc/control/v1/RootCA.js';
import type { ServiceLogLine as _orc_control_v1_ServiceLogLine, ServiceLogLine__Output as _orc_control_v1_ServiceLogLine__Output } from './orc/control/v1/ServiceLogLine.js';
import type { ServiceLogsRequest as _orc_control_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _orc_control_v1_ServiceLogsRequest__Output } from './orc/control/v1/ServiceLogsRequest.js';
import type { StackList as _orc_control_v1_StackList, StackList__Output as _orc_control_v1_StackList__Output } from './orc/control/v1/StackList.js';
import type { StackRequest as _orc_control_v1_StackRequest, StackRequest__Output as _orc_control_v1_StackRequest__Output } from './orc/control/v1/StackRequest.js';
import type { StackSummary as _orc_control_v1_StackSummary, StackSummary__Output as _orc_control_v1_StackSummary__Output } from './orc/control/v1/StackSummary.js';
import type { SwarmClient as _orc_control_v1_SwarmClient, SwarmDefinition as _orc_control_v1_SwarmDefinition } from './orc/control/v1/Swarm.js';
import type { SwarmInfo as _orc_control_v1_SwarmInfo, SwarmInfo__Output as _orc_control_v1_SwarmInfo__Output } from './orc/control/v1/SwarmInfo.js';
import type { SwarmInitRequest as _orc_control_v1_SwarmInitRequest, SwarmInitRequest__Output as _orc_control_v1_SwarmInitRequest__Output } from './orc/control/v1/SwarmInitRequest.js';
import type { SwarmJoinRequest as _orc_control_v1_SwarmJoinRequest, SwarmJoinRequest__Output as _orc_control_v1_SwarmJoinRequest__Output } from './orc/control/v1/SwarmJoinRequest.js';
import type { SwarmLeaveRequest as _orc_control_v1_SwarmLeaveRequest, SwarmLeaveRequest__Output as _orc_control_v1_SwarmLeaveRequest__Output } from './orc/control/v1/SwarmLeaveRequest.js';
import type { UpdateClusterRequest as _orc_control_v1_UpdateClusterRequest, UpdateClusterRequest__Output as _orc_control_v1_UpdateClusterRequest__Output } from './orc/control/v1/UpdateClusterRequest.js';
import type { UpdateRequest as _orc_control_v1_UpdateRequest, UpdateRequest__Output as _orc_control_v1_UpdateRequest__Output } from './orc/control/v1/UpdateRequest.js';
import type { UpdateServiceRequest as _orc_control_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _orc_control_v1_UpdateServiceRequest__Output } from './orc/control/v1/UpdateServiceRequest.js';
import type { WatchEvent as _orc_control_v1_WatchEvent, WatchEvent__Output as _orc_control_v1_WatchEvent__Output } from './orc/control/v1/WatchEvent.js';
import type { WatchRequest as _orc_control_v1_WatchRequest, WatchRequest__Output as _orc_control_v1_WatchRequest__Output } from './orc/control/v1/WatchRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orc: {
    control: {
      v1: {
        AddManagerRequest: MessageTypeDefinition<_orc_control_v1_AddManagerRequest, _orc_control_v1_AddManagerRequest__Output>
        AddManagerResponse: MessageTypeDefinition<_orc_control_v1_AddManagerResponse, _orc_control_v1_AddManagerResponse__Output>
        CA: SubtypeConstructor<typeof grpc.Client, _orc_control_v1_CAClient> & { service: _orc_control_v1_CADefinition }
        Control: SubtypeConstructor<typeof grpc.Client, _orc_control_v1_ControlClient> & { service: _orc_control_v1_ControlDefinition }
        CreateRequest: MessageTypeDefinition<_orc_control_v1_CreateRequest, _orc_control_v1_CreateRequest__Output>
        DeployStackRequest: MessageTypeDefinition<_orc_control_v1_DeployStackRequest, _orc_control_v1_DeployStackRequest__Output>
        DeployStackResponse: MessageTypeDefinition<_orc_control_v1_DeployStackResponse, _orc_control_v1_DeployStackResponse__Output>
        Document: MessageTypeDefinition<_orc_control_v1_Document, _orc_control_v1_Document__Output>
        DocumentList: MessageTypeDefinition<_orc_control_v1_DocumentList, _orc_control_v1_DocumentList__Output>
        Empty: MessageTypeDefinition<_orc_control_v1_Empty, _orc_control_v1_Empty__Output>
        Filter: MessageTypeDefinition<_orc_control_v1_Filter, _orc_control_v1_Filter__Output>
        IdRequest: MessageTypeDefinition<_orc_control_v1_IdRequest, _orc_control_v1_IdRequest__Output>
        IssueRequest: MessageTypeDefinition<_orc_control_v1_IssueRequest, _orc_control_v1_IssueRequest__Output>
        IssueResponse: MessageTypeDefinition<_orc_control_v1_IssueResponse, _orc_control_v1_IssueResponse__Output>
        ListRequest: MessageTypeDefinition<_orc_control_v1_ListRequest, _orc_control_v1_ListRequest__Output>
        RemoveRequest: MessageTypeDefinition<_orc_control_v1_RemoveRequest, _orc_control_v1_RemoveRequest__Output>
        RootCA: MessageTypeDefinition<_orc_control_v1_RootCA, _orc_control_v1_RootCA__Output>
        ServiceLogLine: MessageTypeDefinition<_orc_control_v1_ServiceLogLine, _orc_control_v1_ServiceLogLine__Output>
        ServiceLogsRequest: MessageTypeDefinition<_orc_control_v1_ServiceLogsRequest, _orc_control_v1_ServiceLogsRequest__Output>
        StackList: MessageTypeDefinition<_orc_control_v1_StackList, _orc_control_v1_StackList__Output>
        StackRequest: MessageTypeDefinition<_orc_control_v1_StackRequest, _orc_control_v1_StackRequest__Output>
        StackSummary: MessageTypeDefinition<_orc_control_v1_StackSummary, _orc_control_v1_StackSummary__Output>
        Swarm: SubtypeConstructor<typeof grpc.Client, _orc_control_v1_SwarmClient> & { service: _orc_control_v1_SwarmDefinition }
        SwarmInfo: MessageTypeDefinition<_orc_control_v1_SwarmInfo, _orc_control_v1_SwarmInfo__Output>
        SwarmInitRequest: MessageTypeDefinition<_orc_control_v1_SwarmInitRequest, _orc_control_v1_SwarmInitRequest__Output>
        SwarmJoinRequest: MessageTypeDefinition<_orc_control_v1_SwarmJoinRequest, _orc_control_v1_SwarmJoinRequest__Output>
        SwarmLeaveRequest: MessageTypeDefinition<_orc_control_v1_SwarmLeaveRequest, _orc_control_v1_SwarmLeaveRequest__Output>
        UpdateClusterRequest: MessageTypeDefinition<_orc_control_v1_UpdateClusterRequest, _orc_control_v1_UpdateClusterRequest__Output>
        UpdateRequest: MessageTypeDefinition<_orc_control_v1_UpdateRequest, _orc_control_v1_UpdateRequest__Output>
        UpdateServiceRequest: MessageTypeDefinition<_orc_control_v1_UpdateServiceRequest, _orc_control_v1_UpdateServiceRequest__Output>
        WatchEvent: MessageTypeDefinition<_orc_control_v1_WatchEvent, _orc_control_v1_WatchEvent__Output>
        WatchRequest: MessageTypeDefinition<_orc_control_v1_WatchRequest, _orc_control_v1_WatchRequest__Output>
      }
    }
  }
}

