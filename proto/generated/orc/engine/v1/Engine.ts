// Original file: proto/engine.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AttachInput as _orc_engine_v1_AttachInput, AttachInput__Output as _orc_engine_v1_AttachInput__Output } from '../../../orc/engine/v1/AttachInput.js';
import type { AttachOutput as _orc_engine_v1_AttachOutput, AttachOutput__Output as _orc_engine_v1_AttachOutput__Output } from '../../../orc/engine/v1/AttachOutput.js';
import type { ContainerArchiveChunk as _orc_engine_v1_ContainerArchiveChunk, ContainerArchiveChunk__Output as _orc_engine_v1_ContainerArchiveChunk__Output } from '../../../orc/engine/v1/ContainerArchiveChunk.js';
import type { ContainerArchiveGetRequest as _orc_engine_v1_ContainerArchiveGetRequest, ContainerArchiveGetRequest__Output as _orc_engine_v1_ContainerArchiveGetRequest__Output } from '../../../orc/engine/v1/ContainerArchiveGetRequest.js';
import type { ContainerArchivePutChunk as _orc_engine_v1_ContainerArchivePutChunk, ContainerArchivePutChunk__Output as _orc_engine_v1_ContainerArchivePutChunk__Output } from '../../../orc/engine/v1/ContainerArchivePutChunk.js';
import type { ContainerCreateRequest as _orc_engine_v1_ContainerCreateRequest, ContainerCreateRequest__Output as _orc_engine_v1_ContainerCreateRequest__Output } from '../../../orc/engine/v1/ContainerCreateRequest.js';
import type { ContainerCreateResponse as _orc_engine_v1_ContainerCreateResponse, ContainerCreateResponse__Output as _orc_engine_v1_ContainerCreateResponse__Output } from '../../../orc/engine/v1/ContainerCreateResponse.js';
import type { ContainerInspectResponse as _orc_engine_v1_ContainerInspectResponse, ContainerInspectResponse__Output as _orc_engine_v1_ContainerInspectResponse__Output } from '../../../orc/engine/v1/ContainerInspectResponse.js';
import type { ContainerKillRequest as _orc_engine_v1_ContainerKillRequest, ContainerKillRequest__Output as _orc_engine_v1_ContainerKillRequest__Output } from '../../../orc/engine/v1/ContainerKillRequest.js';
import type { ContainerListRequest as _orc_engine_v1_ContainerListRequest, ContainerListRequest__Output as _orc_engine_v1_ContainerListRequest__Output } from '../../../orc/engine/v1/ContainerListRequest.js';
import type { ContainerListResponse as _orc_engine_v1_ContainerListResponse, ContainerListResponse__Output as _orc_engine_v1_ContainerListResponse__Output } from '../../../orc/engine/v1/ContainerListResponse.js';
import type { ContainerLogsRequest as _orc_engine_v1_ContainerLogsRequest, ContainerLogsRequest__Output as _orc_engine_v1_ContainerLogsRequest__Output } from '../../../orc/engine/v1/ContainerLogsRequest.js';
import type { ContainerRef as _orc_engine_v1_ContainerRef, ContainerRef__Output as _orc_engine_v1_ContainerRef__Output } from '../../../orc/engine/v1/ContainerRef.js';
import type { ContainerRemoveRequest as _orc_engine_v1_ContainerRemoveRequest, ContainerRemoveRequest__Output as _orc_engine_v1_ContainerRemoveRequest__Output } from '../../../orc/engine/v1/ContainerRemoveRequest.js';
import type { ContainerStats as _orc_engine_v1_ContainerStats, ContainerStats__Output as _orc_engine_v1_ContainerStats__Output } from '../../../orc/engine/v1/ContainerStats.js';
import type { ContainerStatsRequest as _orc_engine_v1_ContainerStatsRequest, ContainerStatsRequest__Output as _orc_engine_v1_ContainerStatsRequest__Output } from '../../../orc/engine/v1/ContainerStatsRequest.js';
import type { ContainerStopRequest as _orc_engine_v1_ContainerStopRequest, ContainerStopRequest__Output as _orc_engine_v1_ContainerStopRequest__Output } from '../../../orc/engine/v1/ContainerStopRequest.js';
import type { ContainerTopRequest as _orc_engine_v1_ContainerTopRequest, ContainerTopRequest__Output as _orc_engine_v1_ContainerTopRequest__Output } from '../../../orc/engine/v1/ContainerTopRequest.js';
import type { ContainerTopResponse as _orc_engine_v1_ContainerTopResponse, ContainerTopResponse__Output as _orc_engine_v1_ContainerTopResponse__Output } from '../../../orc/engine/v1/ContainerTopResponse.js';
import type { ContainerWaitResponse as _orc_engine_v1_ContainerWaitResponse, ContainerWaitResponse__Output as _orc_engine_v1_ContainerWaitResponse__Output } from '../../../orc/engine/v1/ContainerWaitResponse.js';
import type { DataChunk as _orc_engine_v1_DataChunk, DataChunk__Output as _orc_engine_v1_DataChunk__Output } from '../../../orc/engine/v1/DataChunk.js';
import type { Empty as _orc_engine_v1_Empty, Empty__Output as _orc_engine_v1_Empty__Output } from '../../../orc/engine/v1/Empty.js';
import type { Event as _orc_engine_v1_Event, Event__Output as _orc_engine_v1_Event__Output } from '../../../orc/engine/v1/Event.js';
import type { EventsRequest as _orc_engine_v1_EventsRequest, EventsRequest__Output as _orc_engine_v1_EventsRequest__Output } from '../../../orc/engine/v1/EventsRequest.js';
import type { ExecInput as _orc_engine_v1_ExecInput, ExecInput__Output as _orc_engine_v1_ExecInput__Output } from '../../../orc/engine/v1/ExecInput.js';
import type { ImageInspectRequest as _orc_engine_v1_ImageInspectRequest, ImageInspectRequest__Output as _orc_engine_v1_ImageInspectRequest__Output } from '../../../orc/engine/v1/ImageInspectRequest.js';
import type { ImageInspectResponse as _orc_engine_v1_ImageInspectResponse, ImageInspectResponse__Output as _orc_engine_v1_ImageInspectResponse__Output } from '../../../orc/engine/v1/ImageInspectResponse.js';
import type { ImageListRequest as _orc_engine_v1_ImageListRequest, ImageListRequest__Output as _orc_engine_v1_ImageListRequest__Output } from '../../../orc/engine/v1/ImageListRequest.js';
import type { ImageListResponse as _orc_engine_v1_ImageListResponse, ImageListResponse__Output as _orc_engine_v1_ImageListResponse__Output } from '../../../orc/engine/v1/ImageListResponse.js';
import type { ImageLoadChunk as _orc_engine_v1_ImageLoadChunk, ImageLoadChunk__Output as _orc_engine_v1_ImageLoadChunk__Output } from '../../../orc/engine/v1/ImageLoadChunk.js';
import type { ImageLoadResponse as _orc_engine_v1_ImageLoadResponse, ImageLoadResponse__Output as _orc_engine_v1_ImageLoadResponse__Output } from '../../../orc/engine/v1/ImageLoadResponse.js';
import type { ImagePruneRequest as _orc_engine_v1_ImagePruneRequest, ImagePruneRequest__Output as _orc_engine_v1_ImagePruneRequest__Output } from '../../../orc/engine/v1/ImagePruneRequest.js';
import type { ImagePruneResponse as _orc_engine_v1_ImagePruneResponse, ImagePruneResponse__Output as _orc_engine_v1_ImagePruneResponse__Output } from '../../../orc/engine/v1/ImagePruneResponse.js';
import type { ImagePullEvent as _orc_engine_v1_ImagePullEvent, ImagePullEvent__Output as _orc_engine_v1_ImagePullEvent__Output } from '../../../orc/engine/v1/ImagePullEvent.js';
import type { ImagePullRequest as _orc_engine_v1_ImagePullRequest, ImagePullRequest__Output as _orc_engine_v1_ImagePullRequest__Output } from '../../../orc/engine/v1/ImagePullRequest.js';
import type { ImageRemoveRequest as _orc_engine_v1_ImageRemoveRequest, ImageRemoveRequest__Output as _orc_engine_v1_ImageRemoveRequest__Output } from '../../../orc/engine/v1/ImageRemoveRequest.js';
import type { ImageRemoveResponse as _orc_engine_v1_ImageRemoveResponse, ImageRemoveResponse__Output as _orc_engine_v1_ImageRemoveResponse__Output } from '../../../orc/engine/v1/ImageRemoveResponse.js';
import type { ImageSaveRequest as _orc_engine_v1_ImageSaveRequest, ImageSaveRequest__Output as _orc_engine_v1_ImageSaveRequest__Output } from '../../../orc/engine/v1/ImageSaveRequest.js';
import type { LogEntry as _orc_engine_v1_LogEntry, LogEntry__Output as _orc_engine_v1_LogEntry__Output } from '../../../orc/engine/v1/LogEntry.js';
import type { NetworkConnectRequest as _orc_engine_v1_NetworkConnectRequest, NetworkConnectRequest__Output as _orc_engine_v1_NetworkConnectRequest__Output } from '../../../orc/engine/v1/NetworkConnectRequest.js';
import type { NetworkCreateRequest as _orc_engine_v1_NetworkCreateRequest, NetworkCreateRequest__Output as _orc_engine_v1_NetworkCreateRequest__Output } from '../../../orc/engine/v1/NetworkCreateRequest.js';
import type { NetworkCreateResponse as _orc_engine_v1_NetworkCreateResponse, NetworkCreateResponse__Output as _orc_engine_v1_NetworkCreateResponse__Output } from '../../../orc/engine/v1/NetworkCreateResponse.js';
import type { NetworkDisconnectRequest as _orc_engine_v1_NetworkDisconnectRequest, NetworkDisconnectRequest__Output as _orc_engine_v1_NetworkDisconnectRequest__Output } from '../../../orc/engine/v1/NetworkDisconnectRequest.js';
import type { NetworkInspectResponse as _orc_engine_v1_NetworkInspectResponse, NetworkInspectResponse__Output as _orc_engine_v1_NetworkInspectResponse__Output } from '../../../orc/engine/v1/NetworkInspectResponse.js';
import type { NetworkListRequest as _orc_engine_v1_NetworkListRequest, NetworkListRequest__Output as _orc_engine_v1_NetworkListRequest__Output } from '../../../orc/engine/v1/NetworkListRequest.js';
import type { NetworkListResponse as _orc_engine_v1_NetworkListResponse, NetworkListResponse__Output as _orc_engine_v1_NetworkListResponse__Output } from '../../../orc/engine/v1/NetworkListResponse.js';
import type { NetworkPruneRequest as _orc_engine_v1_NetworkPruneRequest, NetworkPruneRequest__Output as _orc_engine_v1_NetworkPruneRequest__Output } from '../../../orc/engine/v1/NetworkPruneRequest.js';
import type { NetworkPruneResponse as _orc_engine_v1_NetworkPruneResponse, NetworkPruneResponse__Output as _orc_engine_v1_NetworkPruneResponse__Output } from '../../../orc/engine/v1/NetworkPruneResponse.js';
import type { NetworkRef as _orc_engine_v1_NetworkRef, NetworkRef__Output as _orc_engine_v1_NetworkRef__Output } from '../../../orc/engine/v1/NetworkRef.js';
import type { RegistryLoginRequest as _orc_engine_v1_RegistryLoginRequest, RegistryLoginRequest__Output as _orc_engine_v1_RegistryLoginRequest__Output } from '../../../orc/engine/v1/RegistryLoginRequest.js';
import type { RegistryLoginResponse as _orc_engine_v1_RegistryLoginResponse, RegistryLoginResponse__Output as _orc_engine_v1_RegistryLoginResponse__Output } from '../../../orc/engine/v1/RegistryLoginResponse.js';
import type { StackDownRequest as _orc_engine_v1_StackDownRequest, StackDownRequest__Output as _orc_engine_v1_StackDownRequest__Output } from '../../../orc/engine/v1/StackDownRequest.js';
import type { StackEvent as _orc_engine_v1_StackEvent, StackEvent__Output as _orc_engine_v1_StackEvent__Output } from '../../../orc/engine/v1/StackEvent.js';
import type { StackListRequest as _orc_engine_v1_StackListRequest, StackListRequest__Output as _orc_engine_v1_StackListRequest__Output } from '../../../orc/engine/v1/StackListRequest.js';
import type { StackListResponse as _orc_engine_v1_StackListResponse, StackListResponse__Output as _orc_engine_v1_StackListResponse__Output } from '../../../orc/engine/v1/StackListResponse.js';
import type { StackRunRequest as _orc_engine_v1_StackRunRequest, StackRunRequest__Output as _orc_engine_v1_StackRunRequest__Output } from '../../../orc/engine/v1/StackRunRequest.js';
import type { StackRunResponse as _orc_engine_v1_StackRunResponse, StackRunResponse__Output as _orc_engine_v1_StackRunResponse__Output } from '../../../orc/engine/v1/StackRunResponse.js';
import type { StackUpRequest as _orc_engine_v1_StackUpRequest, StackUpRequest__Output as _orc_engine_v1_StackUpRequest__Output } from '../../../orc/engine/v1/StackUpRequest.js';
import type { VersionRequest as _orc_engine_v1_VersionRequest, VersionRequest__Output as _orc_engine_v1_VersionRequest__Output } from '../../../orc/engine/v1/VersionRequest.js';
import type { VersionResponse as _orc_engine_v1_VersionResponse, VersionResponse__Output as _orc_engine_v1_VersionResponse__Output } from '../../../orc/engine/v1/VersionResponse.js';
import type { VolumeCreateRequest as _orc_engine_v1_VolumeCreateRequest, VolumeCreateRequest__Output as _orc_engine_v1_VolumeCreateRequest__Output } from '../../../orc/engine/v1/VolumeCreateRequest.js';
import type { VolumeInspectResponse as _orc_engine_v1_VolumeInspectResponse, VolumeInspectResponse__Output as _orc_engine_v1_VolumeInspectResponse__Output } from '../../../orc/engine/v1/VolumeInspectResponse.js';
import type { VolumeListRequest as _orc_engine_v1_VolumeListRequest, VolumeListRequest__Output as _orc_engine_v1_VolumeListRequest__Output } from '../../../orc/engine/v1/VolumeListRequest.js';
import type { VolumeListResponse as _orc_engine_v1_VolumeListResponse, VolumeListResponse__Output as _orc_engine_v1_VolumeListResponse__Output } from '../../../orc/engine/v1/VolumeListResponse.js';
import type { VolumePruneRequest as _orc_engine_v1_VolumePruneRequest, VolumePruneRequest__Output as _orc_engine_v1_VolumePruneRequest__Output } from '../../../orc/engine/v1/VolumePruneRequest.js';
import type { VolumePruneResponse as _orc_engine_v1_VolumePruneResponse, VolumePruneResponse__Output as _orc_engine_v1_VolumePruneResponse__Output } from '../../../orc/engine/v1/VolumePruneResponse.js';
import type { VolumeRef as _orc_engine_v1_VolumeRef, VolumeRef__Output as _orc_engine_v1_VolumeRef__Output } from '../../../orc/engine/v1/VolumeRef.js';
import type { VolumeRemoveRequest as _orc_engine_v1_VolumeRemoveRequest, VolumeRemoveRequest__Output as _orc_engine_v1_VolumeRemoveRequest__Output } from '../../../orc/engine/v1/VolumeRemoveRequest.js';

export interface EngineClient extends grpc.Client {
  ContainerArchiveGet(argument: _orc_engine_v1_ContainerArchiveGetRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerArchiveChunk__Output>;
  ContainerArchiveGet(argument: _orc_engine_v1_ContainerArchiveGetRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerArchiveChunk__Output>;
  containerArchiveGet(argument: _orc_engine_v1_ContainerArchiveGetRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerArchiveChunk__Output>;
  containerArchiveGet(argument: _orc_engine_v1_ContainerArchiveGetRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerArchiveChunk__Output>;
  
  ContainerArchivePut(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  ContainerArchivePut(metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  ContainerArchivePut(options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  ContainerArchivePut(callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  containerArchivePut(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  containerArchivePut(metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  containerArchivePut(options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  containerArchivePut(callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientWritableStream<_orc_engine_v1_ContainerArchivePutChunk>;
  
  ContainerAttach(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_AttachInput, _orc_engine_v1_AttachOutput__Output>;
  ContainerAttach(options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_AttachInput, _orc_engine_v1_AttachOutput__Output>;
  containerAttach(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_AttachInput, _orc_engine_v1_AttachOutput__Output>;
  containerAttach(options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_AttachInput, _orc_engine_v1_AttachOutput__Output>;
  
  ContainerCreate(argument: _orc_engine_v1_ContainerCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  ContainerCreate(argument: _orc_engine_v1_ContainerCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  ContainerCreate(argument: _orc_engine_v1_ContainerCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  ContainerCreate(argument: _orc_engine_v1_ContainerCreateRequest, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  containerCreate(argument: _orc_engine_v1_ContainerCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  containerCreate(argument: _orc_engine_v1_ContainerCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  containerCreate(argument: _orc_engine_v1_ContainerCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  containerCreate(argument: _orc_engine_v1_ContainerCreateRequest, callback: grpc.requestCallback<_orc_engine_v1_ContainerCreateResponse__Output>): grpc.ClientUnaryCall;
  
  ContainerExec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_ExecInput, _orc_engine_v1_AttachOutput__Output>;
  ContainerExec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_ExecInput, _orc_engine_v1_AttachOutput__Output>;
  containerExec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_ExecInput, _orc_engine_v1_AttachOutput__Output>;
  containerExec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_orc_engine_v1_ExecInput, _orc_engine_v1_AttachOutput__Output>;
  
  ContainerInspect(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  ContainerInspect(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  ContainerInspect(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  ContainerInspect(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  containerInspect(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  containerInspect(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  containerInspect(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  containerInspect(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_ContainerInspectResponse__Output>): grpc.ClientUnaryCall;
  
  ContainerKill(argument: _orc_engine_v1_ContainerKillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerKill(argument: _orc_engine_v1_ContainerKillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerKill(argument: _orc_engine_v1_ContainerKillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerKill(argument: _orc_engine_v1_ContainerKillRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerKill(argument: _orc_engine_v1_ContainerKillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerKill(argument: _orc_engine_v1_ContainerKillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerKill(argument: _orc_engine_v1_ContainerKillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerKill(argument: _orc_engine_v1_ContainerKillRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ContainerList(argument: _orc_engine_v1_ContainerListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  ContainerList(argument: _orc_engine_v1_ContainerListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  ContainerList(argument: _orc_engine_v1_ContainerListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  ContainerList(argument: _orc_engine_v1_ContainerListRequest, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  containerList(argument: _orc_engine_v1_ContainerListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  containerList(argument: _orc_engine_v1_ContainerListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  containerList(argument: _orc_engine_v1_ContainerListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  containerList(argument: _orc_engine_v1_ContainerListRequest, callback: grpc.requestCallback<_orc_engine_v1_ContainerListResponse__Output>): grpc.ClientUnaryCall;
  
  ContainerLogs(argument: _orc_engine_v1_ContainerLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_LogEntry__Output>;
  ContainerLogs(argument: _orc_engine_v1_ContainerLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_LogEntry__Output>;
  containerLogs(argument: _orc_engine_v1_ContainerLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_LogEntry__Output>;
  containerLogs(argument: _orc_engine_v1_ContainerLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_LogEntry__Output>;
  
  ContainerPause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerPause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerPause(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerPause(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerPause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerPause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerPause(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerPause(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ContainerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRemove(argument: _orc_engine_v1_ContainerRemoveRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ContainerRestart(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerRestart(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerRestart(argument: _orc_engine_v1_ContainerStopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerRestart(argument: _orc_engine_v1_ContainerStopRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRestart(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRestart(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRestart(argument: _orc_engine_v1_ContainerStopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerRestart(argument: _orc_engine_v1_ContainerStopRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ContainerStart(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerStart(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerStart(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerStart(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStart(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStart(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStart(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStart(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ContainerStats(argument: _orc_engine_v1_ContainerStatsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerStats__Output>;
  ContainerStats(argument: _orc_engine_v1_ContainerStatsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerStats__Output>;
  containerStats(argument: _orc_engine_v1_ContainerStatsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerStats__Output>;
  containerStats(argument: _orc_engine_v1_ContainerStatsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ContainerStats__Output>;
  
  ContainerStop(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerStop(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerStop(argument: _orc_engine_v1_ContainerStopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerStop(argument: _orc_engine_v1_ContainerStopRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStop(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStop(argument: _orc_engine_v1_ContainerStopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStop(argument: _orc_engine_v1_ContainerStopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerStop(argument: _orc_engine_v1_ContainerStopRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ContainerTop(argument: _orc_engine_v1_ContainerTopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  ContainerTop(argument: _orc_engine_v1_ContainerTopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  ContainerTop(argument: _orc_engine_v1_ContainerTopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  ContainerTop(argument: _orc_engine_v1_ContainerTopRequest, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  containerTop(argument: _orc_engine_v1_ContainerTopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  containerTop(argument: _orc_engine_v1_ContainerTopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  containerTop(argument: _orc_engine_v1_ContainerTopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  containerTop(argument: _orc_engine_v1_ContainerTopRequest, callback: grpc.requestCallback<_orc_engine_v1_ContainerTopResponse__Output>): grpc.ClientUnaryCall;
  
  ContainerUnpause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerUnpause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerUnpause(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  ContainerUnpause(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerUnpause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerUnpause(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerUnpause(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  containerUnpause(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ContainerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  ContainerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  ContainerWait(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  ContainerWait(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  
  Events(argument: _orc_engine_v1_EventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_Event__Output>;
  Events(argument: _orc_engine_v1_EventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_Event__Output>;
  events(argument: _orc_engine_v1_EventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_Event__Output>;
  events(argument: _orc_engine_v1_EventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_Event__Output>;
  
  ImageInspect(argument: _orc_engine_v1_ImageInspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  ImageInspect(argument: _orc_engine_v1_ImageInspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  ImageInspect(argument: _orc_engine_v1_ImageInspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  ImageInspect(argument: _orc_engine_v1_ImageInspectRequest, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  imageInspect(argument: _orc_engine_v1_ImageInspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  imageInspect(argument: _orc_engine_v1_ImageInspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  imageInspect(argument: _orc_engine_v1_ImageInspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  imageInspect(argument: _orc_engine_v1_ImageInspectRequest, callback: grpc.requestCallback<_orc_engine_v1_ImageInspectResponse__Output>): grpc.ClientUnaryCall;
  
  ImageList(argument: _orc_engine_v1_ImageListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  ImageList(argument: _orc_engine_v1_ImageListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  ImageList(argument: _orc_engine_v1_ImageListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  ImageList(argument: _orc_engine_v1_ImageListRequest, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  imageList(argument: _orc_engine_v1_ImageListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  imageList(argument: _orc_engine_v1_ImageListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  imageList(argument: _orc_engine_v1_ImageListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  imageList(argument: _orc_engine_v1_ImageListRequest, callback: grpc.requestCallback<_orc_engine_v1_ImageListResponse__Output>): grpc.ClientUnaryCall;
  
  ImageLoad(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  ImageLoad(metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  ImageLoad(options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  ImageLoad(callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  imageLoad(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  imageLoad(metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  imageLoad(options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  imageLoad(callback: grpc.requestCallback<_orc_engine_v1_ImageLoadResponse__Output>): grpc.ClientWritableStream<_orc_engine_v1_ImageLoadChunk>;
  
  ImagePrune(argument: _orc_engine_v1_ImagePruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  ImagePrune(argument: _orc_engine_v1_ImagePruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  ImagePrune(argument: _orc_engine_v1_ImagePruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  ImagePrune(argument: _orc_engine_v1_ImagePruneRequest, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  imagePrune(argument: _orc_engine_v1_ImagePruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  imagePrune(argument: _orc_engine_v1_ImagePruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  imagePrune(argument: _orc_engine_v1_ImagePruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  imagePrune(argument: _orc_engine_v1_ImagePruneRequest, callback: grpc.requestCallback<_orc_engine_v1_ImagePruneResponse__Output>): grpc.ClientUnaryCall;
  
  ImagePull(argument: _orc_engine_v1_ImagePullRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ImagePullEvent__Output>;
  ImagePull(argument: _orc_engine_v1_ImagePullRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ImagePullEvent__Output>;
  imagePull(argument: _orc_engine_v1_ImagePullRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ImagePullEvent__Output>;
  imagePull(argument: _orc_engine_v1_ImagePullRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_ImagePullEvent__Output>;
  
  ImageRemove(argument: _orc_engine_v1_ImageRemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  ImageRemove(argument: _orc_engine_v1_ImageRemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  ImageRemove(argument: _orc_engine_v1_ImageRemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  ImageRemove(argument: _orc_engine_v1_ImageRemoveRequest, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  imageRemove(argument: _orc_engine_v1_ImageRemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  imageRemove(argument: _orc_engine_v1_ImageRemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  imageRemove(argument: _orc_engine_v1_ImageRemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  imageRemove(argument: _orc_engine_v1_ImageRemoveRequest, callback: grpc.requestCallback<_orc_engine_v1_ImageRemoveResponse__Output>): grpc.ClientUnaryCall;
  
  ImageSave(argument: _orc_engine_v1_ImageSaveRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_DataChunk__Output>;
  ImageSave(argument: _orc_engine_v1_ImageSaveRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_DataChunk__Output>;
  imageSave(argument: _orc_engine_v1_ImageSaveRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_DataChunk__Output>;
  imageSave(argument: _orc_engine_v1_ImageSaveRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_DataChunk__Output>;
  
  NetworkConnect(argument: _orc_engine_v1_NetworkConnectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkConnect(argument: _orc_engine_v1_NetworkConnectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkConnect(argument: _orc_engine_v1_NetworkConnectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkConnect(argument: _orc_engine_v1_NetworkConnectRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkConnect(argument: _orc_engine_v1_NetworkConnectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkConnect(argument: _orc_engine_v1_NetworkConnectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkConnect(argument: _orc_engine_v1_NetworkConnectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkConnect(argument: _orc_engine_v1_NetworkConnectRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  NetworkCreate(argument: _orc_engine_v1_NetworkCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  NetworkCreate(argument: _orc_engine_v1_NetworkCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  NetworkCreate(argument: _orc_engine_v1_NetworkCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  NetworkCreate(argument: _orc_engine_v1_NetworkCreateRequest, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  networkCreate(argument: _orc_engine_v1_NetworkCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  networkCreate(argument: _orc_engine_v1_NetworkCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  networkCreate(argument: _orc_engine_v1_NetworkCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  networkCreate(argument: _orc_engine_v1_NetworkCreateRequest, callback: grpc.requestCallback<_orc_engine_v1_NetworkCreateResponse__Output>): grpc.ClientUnaryCall;
  
  NetworkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkDisconnect(argument: _orc_engine_v1_NetworkDisconnectRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  NetworkInspect(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  NetworkInspect(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  NetworkInspect(argument: _orc_engine_v1_NetworkRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  NetworkInspect(argument: _orc_engine_v1_NetworkRef, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  networkInspect(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  networkInspect(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  networkInspect(argument: _orc_engine_v1_NetworkRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  networkInspect(argument: _orc_engine_v1_NetworkRef, callback: grpc.requestCallback<_orc_engine_v1_NetworkInspectResponse__Output>): grpc.ClientUnaryCall;
  
  NetworkList(argument: _orc_engine_v1_NetworkListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  NetworkList(argument: _orc_engine_v1_NetworkListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  NetworkList(argument: _orc_engine_v1_NetworkListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  NetworkList(argument: _orc_engine_v1_NetworkListRequest, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  networkList(argument: _orc_engine_v1_NetworkListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  networkList(argument: _orc_engine_v1_NetworkListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  networkList(argument: _orc_engine_v1_NetworkListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  networkList(argument: _orc_engine_v1_NetworkListRequest, callback: grpc.requestCallback<_orc_engine_v1_NetworkListResponse__Output>): grpc.ClientUnaryCall;
  
  NetworkPrune(argument: _orc_engine_v1_NetworkPruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  NetworkPrune(argument: _orc_engine_v1_NetworkPruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  NetworkPrune(argument: _orc_engine_v1_NetworkPruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  NetworkPrune(argument: _orc_engine_v1_NetworkPruneRequest, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  networkPrune(argument: _orc_engine_v1_NetworkPruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  networkPrune(argument: _orc_engine_v1_NetworkPruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  networkPrune(argument: _orc_engine_v1_NetworkPruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  networkPrune(argument: _orc_engine_v1_NetworkPruneRequest, callback: grpc.requestCallback<_orc_engine_v1_NetworkPruneResponse__Output>): grpc.ClientUnaryCall;
  
  NetworkRemove(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkRemove(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkRemove(argument: _orc_engine_v1_NetworkRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  NetworkRemove(argument: _orc_engine_v1_NetworkRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkRemove(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkRemove(argument: _orc_engine_v1_NetworkRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkRemove(argument: _orc_engine_v1_NetworkRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  networkRemove(argument: _orc_engine_v1_NetworkRef, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RegistryLogin(argument: _orc_engine_v1_RegistryLoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  RegistryLogin(argument: _orc_engine_v1_RegistryLoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  RegistryLogin(argument: _orc_engine_v1_RegistryLoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  RegistryLogin(argument: _orc_engine_v1_RegistryLoginRequest, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  registryLogin(argument: _orc_engine_v1_RegistryLoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  registryLogin(argument: _orc_engine_v1_RegistryLoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  registryLogin(argument: _orc_engine_v1_RegistryLoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  registryLogin(argument: _orc_engine_v1_RegistryLoginRequest, callback: grpc.requestCallback<_orc_engine_v1_RegistryLoginResponse__Output>): grpc.ClientUnaryCall;
  
  StackDown(argument: _orc_engine_v1_StackDownRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  StackDown(argument: _orc_engine_v1_StackDownRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  stackDown(argument: _orc_engine_v1_StackDownRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  stackDown(argument: _orc_engine_v1_StackDownRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  
  StackList(argument: _orc_engine_v1_StackListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  StackList(argument: _orc_engine_v1_StackListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  StackList(argument: _orc_engine_v1_StackListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  StackList(argument: _orc_engine_v1_StackListRequest, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  stackList(argument: _orc_engine_v1_StackListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  stackList(argument: _orc_engine_v1_StackListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  stackList(argument: _orc_engine_v1_StackListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  stackList(argument: _orc_engine_v1_StackListRequest, callback: grpc.requestCallback<_orc_engine_v1_StackListResponse__Output>): grpc.ClientUnaryCall;
  
  StackRun(argument: _orc_engine_v1_StackRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  StackRun(argument: _orc_engine_v1_StackRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  StackRun(argument: _orc_engine_v1_StackRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  StackRun(argument: _orc_engine_v1_StackRunRequest, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  stackRun(argument: _orc_engine_v1_StackRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  stackRun(argument: _orc_engine_v1_StackRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  stackRun(argument: _orc_engine_v1_StackRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  stackRun(argument: _orc_engine_v1_StackRunRequest, callback: grpc.requestCallback<_orc_engine_v1_StackRunResponse__Output>): grpc.ClientUnaryCall;
  
  StackUp(argument: _orc_engine_v1_StackUpRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  StackUp(argument: _orc_engine_v1_StackUpRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  stackUp(argument: _orc_engine_v1_StackUpRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  stackUp(argument: _orc_engine_v1_StackUpRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orc_engine_v1_StackEvent__Output>;
  
  Version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _orc_engine_v1_VersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _orc_engine_v1_VersionRequest, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  
  VolumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  VolumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  VolumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  VolumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeCreate(argument: _orc_engine_v1_VolumeCreateRequest, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  
  VolumeInspect(argument: _orc_engine_v1_VolumeRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  VolumeInspect(argument: _orc_engine_v1_VolumeRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  VolumeInspect(argument: _orc_engine_v1_VolumeRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  VolumeInspect(argument: _orc_engine_v1_VolumeRef, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeInspect(argument: _orc_engine_v1_VolumeRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeInspect(argument: _orc_engine_v1_VolumeRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeInspect(argument: _orc_engine_v1_VolumeRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  volumeInspect(argument: _orc_engine_v1_VolumeRef, callback: grpc.requestCallback<_orc_engine_v1_VolumeInspectResponse__Output>): grpc.ClientUnaryCall;
  
  VolumeList(argument: _orc_engine_v1_VolumeListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  VolumeList(argument: _orc_engine_v1_VolumeListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  VolumeList(argument: _orc_engine_v1_VolumeListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  VolumeList(argument: _orc_engine_v1_VolumeListRequest, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  volumeList(argument: _orc_engine_v1_VolumeListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  volumeList(argument: _orc_engine_v1_VolumeListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  volumeList(argument: _orc_engine_v1_VolumeListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  volumeList(argument: _orc_engine_v1_VolumeListRequest, callback: grpc.requestCallback<_orc_engine_v1_VolumeListResponse__Output>): grpc.ClientUnaryCall;
  
  VolumePrune(argument: _orc_engine_v1_VolumePruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  VolumePrune(argument: _orc_engine_v1_VolumePruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  VolumePrune(argument: _orc_engine_v1_VolumePruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  VolumePrune(argument: _orc_engine_v1_VolumePruneRequest, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  volumePrune(argument: _orc_engine_v1_VolumePruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  volumePrune(argument: _orc_engine_v1_VolumePruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  volumePrune(argument: _orc_engine_v1_VolumePruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  volumePrune(argument: _orc_engine_v1_VolumePruneRequest, callback: grpc.requestCallback<_orc_engine_v1_VolumePruneResponse__Output>): grpc.ClientUnaryCall;
  
  VolumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  VolumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  VolumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  VolumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  volumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  volumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  volumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  volumeRemove(argument: _orc_engine_v1_VolumeRemoveRequest, callback: grpc.requestCallback<_orc_engine_v1_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface EngineHandlers extends grpc.UntypedServiceImplementation {
  ContainerArchiveGet: grpc.handleServerStreamingCall<_orc_engine_v1_ContainerArchiveGetRequest__Output, _orc_engine_v1_ContainerArchiveChunk>;
  
  ContainerArchivePut: grpc.handleClientStreamingCall<_orc_engine_v1_ContainerArchivePutChunk__Output, _orc_engine_v1_Empty>;
  
  ContainerAttach: grpc.handleBidiStreamingCall<_orc_engine_v1_AttachInput__Output, _orc_engine_v1_AttachOutput>;
  
  ContainerCreate: grpc.handleUnaryCall<_orc_engine_v1_ContainerCreateRequest__Output, _orc_engine_v1_ContainerCreateResponse>;
  
  ContainerExec: grpc.handleBidiStreamingCall<_orc_engine_v1_ExecInput__Output, _orc_engine_v1_AttachOutput>;
  
  ContainerInspect: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerInspectResponse>;
  
  ContainerKill: grpc.handleUnaryCall<_orc_engine_v1_ContainerKillRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerList: grpc.handleUnaryCall<_orc_engine_v1_ContainerListRequest__Output, _orc_engine_v1_ContainerListResponse>;
  
  ContainerLogs: grpc.handleServerStreamingCall<_orc_engine_v1_ContainerLogsRequest__Output, _orc_engine_v1_LogEntry>;
  
  ContainerPause: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty>;
  
  ContainerRemove: grpc.handleUnaryCall<_orc_engine_v1_ContainerRemoveRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerRestart: grpc.handleUnaryCall<_orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerStart: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty>;
  
  ContainerStats: grpc.handleServerStreamingCall<_orc_engine_v1_ContainerStatsRequest__Output, _orc_engine_v1_ContainerStats>;
  
  ContainerStop: grpc.handleUnaryCall<_orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerTop: grpc.handleUnaryCall<_orc_engine_v1_ContainerTopRequest__Output, _orc_engine_v1_ContainerTopResponse>;
  
  ContainerUnpause: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty>;
  
  ContainerWait: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerWaitResponse>;
  
  Events: grpc.handleServerStreamingCall<_orc_engine_v1_EventsRequest__Output, _orc_engine_v1_Event>;
  
  ImageInspect: grpc.handleUnaryCall<_orc_engine_v1_ImageInspectRequest__Output, _orc_engine_v1_ImageInspectResponse>;
  
  ImageList: grpc.handleUnaryCall<_orc_engine_v1_ImageListRequest__Output, _orc_engine_v1_ImageListResponse>;
  
  ImageLoad: grpc.handleClientStreamingCall<_orc_engine_v1_ImageLoadChunk__Output, _orc_engine_v1_ImageLoadResponse>;
  
  ImagePrune: grpc.handleUnaryCall<_orc_engine_v1_ImagePruneRequest__Output, _orc_engine_v1_ImagePruneResponse>;
  
  ImagePull: grpc.handleServerStreamingCall<_orc_engine_v1_ImagePullRequest__Output, _orc_engine_v1_ImagePullEvent>;
  
  ImageRemove: grpc.handleUnaryCall<_orc_engine_v1_ImageRemoveRequest__Output, _orc_engine_v1_ImageRemoveResponse>;
  
  ImageSave: grpc.handleServerStreamingCall<_orc_engine_v1_ImageSaveRequest__Output, _orc_engine_v1_DataChunk>;
  
  NetworkConnect: grpc.handleUnaryCall<_orc_engine_v1_NetworkConnectRequest__Output, _orc_engine_v1_Empty>;
  
  NetworkCreate: grpc.handleUnaryCall<_orc_engine_v1_NetworkCreateRequest__Output, _orc_engine_v1_NetworkCreateResponse>;
  
  NetworkDisconnect: grpc.handleUnaryCall<_orc_engine_v1_NetworkDisconnectRequest__Output, _orc_engine_v1_Empty>;
  
  NetworkInspect: grpc.handleUnaryCall<_orc_engine_v1_NetworkRef__Output, _orc_engine_v1_NetworkInspectResponse>;
  
  NetworkList: grpc.handleUnaryCall<_orc_engine_v1_NetworkListRequest__Output, _orc_engine_v1_NetworkListResponse>;
  
  NetworkPrune: grpc.handleUnaryCall<_orc_engine_v1_NetworkPruneRequest__Output, _orc_engine_v1_NetworkPruneResponse>;
  
  NetworkRemove: grpc.handleUnaryCall<_orc_engine_v1_NetworkRef__Output, _orc_engine_v1_Empty>;
  
  RegistryLogin: grpc.handleUnaryCall<_orc_engine_v1_RegistryLoginRequest__Output, _orc_engine_v1_RegistryLoginResponse>;
  
  StackDown: grpc.handleServerStreamingCall<_orc_engine_v1_StackDownRequest__Output, _orc_engine_v1_StackEvent>;
  
  StackList: grpc.handleUnaryCall<_orc_engine_v1_StackListRequest__Output, _orc_engine_v1_StackListResponse>;
  
  StackRun: grpc.handleUnaryCall<_orc_engine_v1_StackRunRequest__Output, _orc_engine_v1_StackRunResponse>;
  
  StackUp: grpc.handleServerStreamingCall<_orc_engine_v1_StackUpRequest__Output, _orc_engine_v1_StackEvent>;
  
  Version: grpc.handleUnaryCall<_orc_engine_v1_VersionRequest__Output, _orc_engine_v1_VersionResponse>;
  
  VolumeCreate: grpc.handleUnaryCall<_orc_engine_v1_VolumeCreateRequest__Output, _orc_engine_v1_VolumeInspectResponse>;
  
  VolumeInspect: grpc.handleUnaryCall<_orc_engine_v1_VolumeRef__Output, _orc_engine_v1_VolumeInspectResponse>;
  
  VolumeList: grpc.handleUnaryCall<_orc_engine_v1_VolumeListRequest__Output, _orc_engine_v1_VolumeListResponse>;
  
  VolumePrune: grpc.handleUnaryCall<_orc_engine_v1_VolumePruneRequest__Output, _orc_engine_v1_VolumePruneResponse>;
  
  VolumeRemove: grpc.handleUnaryCall<_orc_engine_v1_VolumeRemoveRequest__Output, _orc_engine_v1_Empty>;
  
}

export interface EngineDefinition extends grpc.ServiceDefinition {
  ContainerArchiveGet: MethodDefinition<_orc_engine_v1_ContainerArchiveGetRequest, _orc_engine_v1_ContainerArchiveChunk, _orc_engine_v1_ContainerArchiveGetRequest__Output, _orc_engine_v1_ContainerArchiveChunk__Output>
  ContainerArchivePut: MethodDefinition<_orc_engine_v1_ContainerArchivePutChunk, _orc_engine_v1_Empty, _orc_engine_v1_ContainerArchivePutChunk__Output, _orc_engine_v1_Empty__Output>
  ContainerAttach: MethodDefinition<_orc_engine_v1_AttachInput, _orc_engine_v1_AttachOutput, _orc_engine_v1_AttachInput__Output, _orc_engine_v1_AttachOutput__Output>
  ContainerCreate: MethodDefinition<_orc_engine_v1_ContainerCreateRequest, _orc_engine_v1_ContainerCreateResponse, _orc_engine_v1_ContainerCreateRequest__Output, _orc_engine_v1_ContainerCreateResponse__Output>
  ContainerExec: MethodDefinition<_orc_engine_v1_ExecInput, _orc_engine_v1_AttachOutput, _orc_engine_v1_ExecInput__Output, _orc_engine_v1_AttachOutput__Output>
  ContainerInspect: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_ContainerInspectResponse, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerInspectResponse__Output>
  ContainerKill: MethodDefinition<_orc_engine_v1_ContainerKillRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerKillRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerList: MethodDefinition<_orc_engine_v1_ContainerListRequest, _orc_engine_v1_ContainerListResponse, _orc_engine_v1_ContainerListRequest__Output, _orc_engine_v1_ContainerListResponse__Output>
  ContainerLogs: MethodDefinition<_orc_engine_v1_ContainerLogsRequest, _orc_engine_v1_LogEntry, _orc_engine_v1_ContainerLogsRequest__Output, _orc_engine_v1_LogEntry__Output>
  ContainerPause: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_Empty, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty__Output>
  ContainerRemove: MethodDefinition<_orc_engine_v1_ContainerRemoveRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerRemoveRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerRestart: MethodDefinition<_orc_engine_v1_ContainerStopRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerStart: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_Empty, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty__Output>
  ContainerStats: MethodDefinition<_orc_engine_v1_ContainerStatsRequest, _orc_engine_v1_ContainerStats, _orc_engine_v1_ContainerStatsRequest__Output, _orc_engine_v1_ContainerStats__Output>
  ContainerStop: MethodDefinition<_orc_engine_v1_ContainerStopRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerTop: MethodDefinition<_orc_engine_v1_ContainerTopRequest, _orc_engine_v1_ContainerTopResponse, _orc_engine_v1_ContainerTopRequest__Output, _orc_engine_v1_ContainerTopResponse__Output>
  ContainerUnpause: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_Empty, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty__Output>
  ContainerWait: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_ContainerWaitResponse, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerWaitResponse__Output>
  Events: MethodDefinition<_orc_engine_v1_EventsRequest, _orc_engine_v1_Event, _orc_engine_v1_EventsRequest__Output, _orc_engine_v1_Event__Output>
  ImageInspect: MethodDefinition<_orc_engine_v1_ImageInspectRequest, _orc_engine_v1_ImageInspectResponse, _orc_engine_v1_ImageInspectRequest__Output, _orc_engine_v1_ImageInspectResponse__Output>
  ImageList: MethodDefinition<_orc_engine_v1_ImageListRequest, _orc_engine_v1_ImageListResponse, _orc_engine_v1_ImageListRequest__Output, _orc_engine_v1_ImageListResponse__Output>
  ImageLoad: MethodDefinition<_orc_engine_v1_ImageLoadChunk, _orc_engine_v1_ImageLoadResponse, _orc_engine_v1_ImageLoadChunk__Output, _orc_engine_v1_ImageLoadResponse__Output>
  ImagePrune: MethodDefinition<_orc_engine_v1_ImagePruneRequest, _orc_engine_v1_ImagePruneResponse, _orc_engine_v1_ImagePruneRequest__Output, _orc_engine_v1_ImagePruneResponse__Output>
  ImagePull: MethodDefinition<_orc_engine_v1_ImagePullRequest, _orc_engine_v1_ImagePullEvent, _orc_engine_v1_ImagePullRequest__Output, _orc_engine_v1_ImagePullEvent__Output>
  ImageRemove: MethodDefinition<_orc_engine_v1_ImageRemoveRequest, _orc_engine_v1_ImageRemoveResponse, _orc_engine_v1_ImageRemoveRequest__Output, _orc_engine_v1_ImageRemoveResponse__Output>
  ImageSave: MethodDefinition<_orc_engine_v1_ImageSaveRequest, _orc_engine_v1_DataChunk, _orc_engine_v1_ImageSaveRequest__Output, _orc_engine_v1_DataChunk__Output>
  NetworkConnect: MethodDefinition<_orc_engine_v1_NetworkConnectRequest, _orc_engine_v1_Empty, _orc_engine_v1_NetworkConnectRequest__Output, _orc_engine_v1_Empty__Output>
  NetworkCreate: MethodDefinition<_orc_engine_v1_NetworkCreateRequest, _orc_engine_v1_NetworkCreateResponse, _orc_engine_v1_NetworkCreateRequest__Output, _orc_engine_v1_NetworkCreateResponse__Output>
  NetworkDisconnect: MethodDefinition<_orc_engine_v1_NetworkDisconnectRequest, _orc_engine_v1_Empty, _orc_engine_v1_NetworkDisconnectRequest__Output, _orc_engine_v1_Empty__Output>
  NetworkInspect: MethodDefinition<_orc_engine_v1_NetworkRef, _orc_engine_v1_NetworkInspectResponse, _orc_engine_v1_NetworkRef__Output, _orc_engine_v1_NetworkInspectResponse__Output>
  NetworkList: MethodDefinition<_orc_engine_v1_NetworkListRequest, _orc_engine_v1_NetworkListResponse, _orc_engine_v1_NetworkListRequest__Output, _orc_engine_v1_NetworkListResponse__Output>
  NetworkPrune: MethodDefinition<_orc_engine_v1_NetworkPruneRequest, _orc_engine_v1_NetworkPruneResponse, _orc_engine_v1_NetworkPruneRequest__Output, _orc_engine_v1_NetworkPruneResponse__Output>
  NetworkRemove: MethodDefinition<_orc_engine_v1_NetworkRef, _orc_engine_v1_Empty, _orc_engine_v1_NetworkRef__Output, _orc_engine_v1_Empty__Output>
  RegistryLogin: MethodDefinition<_orc_engine_v1_RegistryLoginRequest, _orc_engine_v1_RegistryLoginResponse, _orc_engine_v1_RegistryLoginRequest__Output, _orc_engine_v1_RegistryLoginResponse__Output>
  StackDown: MethodDefinition<_orc_engine_v1_StackDownRequest, _orc_engine_v1_StackEvent, _orc_engine_v1_StackDownRequest__Output, _orc_engine_v1_StackEvent__Output>
  StackList: MethodDefinition<_orc_engine_v1_StackListRequest, _orc_engine_v1_StackListResponse, _orc_engine_v1_StackListRequest__Output, _orc_engine_v1_StackListResponse__Output>
  StackRun: MethodDefinition<_orc_engine_v1_StackRunRequest, _orc_engine_v1_StackRunResponse, _orc_engine_v1_StackRunRequest__Output, _orc_engine_v1_StackRunResponse__Output>
  StackUp: MethodDefinition<_orc_engine_v1_StackUpRequest, _orc_engine_v1_StackEvent, _orc_engine_v1_StackUpRequest__Output, _orc_engine_v1_StackEvent__Output>
  Version: MethodDefinition<_orc_engine_v1_VersionRequest, _orc_engine_v1_VersionResponse, _orc_engine_v1_VersionRequest__Output, _orc_engine_v1_VersionResponse__Output>
  VolumeCreate: MethodDefinition<_orc_engine_v1_VolumeCreateRequest, _orc_engine_v1_VolumeInspectResponse, _orc_engine_v1_VolumeCreateRequest__Output, _orc_engine_v1_VolumeInspectResponse__Output>
  VolumeInspect: MethodDefinition<_orc_engine_v1_VolumeRef, _orc_engine_v1_VolumeInspectResponse, _orc_engine_v1_VolumeRef__Output, _orc_engine_v1_VolumeInspectResponse__Output>
  VolumeList: MethodDefinition<_orc_engine_v1_VolumeListRequest, _orc_engine_v1_VolumeListResponse, _orc_engine_v1_VolumeListRequest__Output, _orc_engine_v1_VolumeListResponse__Output>
  VolumePrune: MethodDefinition<_orc_engine_v1_VolumePruneRequest, _orc_engine_v1_VolumePruneResponse, _orc_engine_v1_VolumePruneRequest__Output, _orc_engine_v1_VolumePruneResponse__Output>
  VolumeRemove: MethodDefinition<_orc_engine_v1_VolumeRemoveRequest, _orc_engine_v1_Empty, _orc_engine_v1_VolumeRemoveRequest__Output, _orc_engine_v1_Empty__Output>
}
