// Original file: proto/engine.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AttachInput as _orc_engine_v1_AttachInput, AttachInput__Output as _orc_engine_v1_AttachInput__Output } from '../../../orc/engine/v1/AttachInput.js';
import type { AttachOutput as _orc_engine_v1_AttachOutput, AttachOutput__Output as _orc_engine_v1_AttachOutput__Output } from '../../../orc/engine/v1/AttachOutput.js';
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
import type { Empty as _orc_engine_v1_Empty, Empty__Output as _orc_engine_v1_Empty__Output } from '../../../orc/engine/v1/Empty.js';
import type { ExecInput as _orc_engine_v1_ExecInput, ExecInput__Output as _orc_engine_v1_ExecInput__Output } from '../../../orc/engine/v1/ExecInput.js';
import type { ImageListRequest as _orc_engine_v1_ImageListRequest, ImageListRequest__Output as _orc_engine_v1_ImageListRequest__Output } from '../../../orc/engine/v1/ImageListRequest.js';
import type { ImageListResponse as _orc_engine_v1_ImageListResponse, ImageListResponse__Output as _orc_engine_v1_ImageListResponse__Output } from '../../../orc/engine/v1/ImageListResponse.js';
import type { ImageLoadChunk as _orc_engine_v1_ImageLoadChunk, ImageLoadChunk__Output as _orc_engine_v1_ImageLoadChunk__Output } from '../../../orc/engine/v1/ImageLoadChunk.js';
import type { ImageLoadResponse as _orc_engine_v1_ImageLoadResponse, ImageLoadResponse__Output as _orc_engine_v1_ImageLoadResponse__Output } from '../../../orc/engine/v1/ImageLoadResponse.js';
import type { ImagePullEvent as _orc_engine_v1_ImagePullEvent, ImagePullEvent__Output as _orc_engine_v1_ImagePullEvent__Output } from '../../../orc/engine/v1/ImagePullEvent.js';
import type { ImagePullRequest as _orc_engine_v1_ImagePullRequest, ImagePullRequest__Output as _orc_engine_v1_ImagePullRequest__Output } from '../../../orc/engine/v1/ImagePullRequest.js';
import type { ImageRemoveRequest as _orc_engine_v1_ImageRemoveRequest, ImageRemoveRequest__Output as _orc_engine_v1_ImageRemoveRequest__Output } from '../../../orc/engine/v1/ImageRemoveRequest.js';
import type { ImageRemoveResponse as _orc_engine_v1_ImageRemoveResponse, ImageRemoveResponse__Output as _orc_engine_v1_ImageRemoveResponse__Output } from '../../../orc/engine/v1/ImageRemoveResponse.js';
import type { LogEntry as _orc_engine_v1_LogEntry, LogEntry__Output as _orc_engine_v1_LogEntry__Output } from '../../../orc/engine/v1/LogEntry.js';
import type { VersionRequest as _orc_engine_v1_VersionRequest, VersionRequest__Output as _orc_engine_v1_VersionRequest__Output } from '../../../orc/engine/v1/VersionRequest.js';
import type { VersionResponse as _orc_engine_v1_VersionResponse, VersionResponse__Output as _orc_engine_v1_VersionResponse__Output } from '../../../orc/engine/v1/VersionResponse.js';

export interface EngineClient extends grpc.Client {
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
  
  ContainerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  ContainerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  ContainerWait(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  ContainerWait(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  containerWait(argument: _orc_engine_v1_ContainerRef, callback: grpc.requestCallback<_orc_engine_v1_ContainerWaitResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  Version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _orc_engine_v1_VersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _orc_engine_v1_VersionRequest, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _orc_engine_v1_VersionRequest, callback: grpc.requestCallback<_orc_engine_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface EngineHandlers extends grpc.UntypedServiceImplementation {
  ContainerAttach: grpc.handleBidiStreamingCall<_orc_engine_v1_AttachInput__Output, _orc_engine_v1_AttachOutput>;
  
  ContainerCreate: grpc.handleUnaryCall<_orc_engine_v1_ContainerCreateRequest__Output, _orc_engine_v1_ContainerCreateResponse>;
  
  ContainerExec: grpc.handleBidiStreamingCall<_orc_engine_v1_ExecInput__Output, _orc_engine_v1_AttachOutput>;
  
  ContainerInspect: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerInspectResponse>;
  
  ContainerKill: grpc.handleUnaryCall<_orc_engine_v1_ContainerKillRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerList: grpc.handleUnaryCall<_orc_engine_v1_ContainerListRequest__Output, _orc_engine_v1_ContainerListResponse>;
  
  ContainerLogs: grpc.handleServerStreamingCall<_orc_engine_v1_ContainerLogsRequest__Output, _orc_engine_v1_LogEntry>;
  
  ContainerRemove: grpc.handleUnaryCall<_orc_engine_v1_ContainerRemoveRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerRestart: grpc.handleUnaryCall<_orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerStart: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty>;
  
  ContainerStats: grpc.handleServerStreamingCall<_orc_engine_v1_ContainerStatsRequest__Output, _orc_engine_v1_ContainerStats>;
  
  ContainerStop: grpc.handleUnaryCall<_orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty>;
  
  ContainerTop: grpc.handleUnaryCall<_orc_engine_v1_ContainerTopRequest__Output, _orc_engine_v1_ContainerTopResponse>;
  
  ContainerWait: grpc.handleUnaryCall<_orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerWaitResponse>;
  
  ImageList: grpc.handleUnaryCall<_orc_engine_v1_ImageListRequest__Output, _orc_engine_v1_ImageListResponse>;
  
  ImageLoad: grpc.handleClientStreamingCall<_orc_engine_v1_ImageLoadChunk__Output, _orc_engine_v1_ImageLoadResponse>;
  
  ImagePull: grpc.handleServerStreamingCall<_orc_engine_v1_ImagePullRequest__Output, _orc_engine_v1_ImagePullEvent>;
  
  ImageRemove: grpc.handleUnaryCall<_orc_engine_v1_ImageRemoveRequest__Output, _orc_engine_v1_ImageRemoveResponse>;
  
  Version: grpc.handleUnaryCall<_orc_engine_v1_VersionRequest__Output, _orc_engine_v1_VersionResponse>;
  
}

export interface EngineDefinition extends grpc.ServiceDefinition {
  ContainerAttach: MethodDefinition<_orc_engine_v1_AttachInput, _orc_engine_v1_AttachOutput, _orc_engine_v1_AttachInput__Output, _orc_engine_v1_AttachOutput__Output>
  ContainerCreate: MethodDefinition<_orc_engine_v1_ContainerCreateRequest, _orc_engine_v1_ContainerCreateResponse, _orc_engine_v1_ContainerCreateRequest__Output, _orc_engine_v1_ContainerCreateResponse__Output>
  ContainerExec: MethodDefinition<_orc_engine_v1_ExecInput, _orc_engine_v1_AttachOutput, _orc_engine_v1_ExecInput__Output, _orc_engine_v1_AttachOutput__Output>
  ContainerInspect: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_ContainerInspectResponse, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerInspectResponse__Output>
  ContainerKill: MethodDefinition<_orc_engine_v1_ContainerKillRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerKillRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerList: MethodDefinition<_orc_engine_v1_ContainerListRequest, _orc_engine_v1_ContainerListResponse, _orc_engine_v1_ContainerListRequest__Output, _orc_engine_v1_ContainerListResponse__Output>
  ContainerLogs: MethodDefinition<_orc_engine_v1_ContainerLogsRequest, _orc_engine_v1_LogEntry, _orc_engine_v1_ContainerLogsRequest__Output, _orc_engine_v1_LogEntry__Output>
  ContainerRemove: MethodDefinition<_orc_engine_v1_ContainerRemoveRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerRemoveRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerRestart: MethodDefinition<_orc_engine_v1_ContainerStopRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerStart: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_Empty, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_Empty__Output>
  ContainerStats: MethodDefinition<_orc_engine_v1_ContainerStatsRequest, _orc_engine_v1_ContainerStats, _orc_engine_v1_ContainerStatsRequest__Output, _orc_engine_v1_ContainerStats__Output>
  ContainerStop: MethodDefinition<_orc_engine_v1_ContainerStopRequest, _orc_engine_v1_Empty, _orc_engine_v1_ContainerStopRequest__Output, _orc_engine_v1_Empty__Output>
  ContainerTop: MethodDefinition<_orc_engine_v1_ContainerTopRequest, _orc_engine_v1_ContainerTopResponse, _orc_engine_v1_ContainerTopRequest__Output, _orc_engine_v1_ContainerTopResponse__Output>
  ContainerWait: MethodDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_ContainerWaitResponse, _orc_engine_v1_ContainerRef__Output, _orc_engine_v1_ContainerWaitResponse__Output>
  ImageList: MethodDefinition<_orc_engine_v1_ImageListRequest, _orc_engine_v1_ImageListResponse, _orc_engine_v1_ImageListRequest__Output, _orc_engine_v1_ImageListResponse__Output>
  ImageLoad: MethodDefinition<_orc_engine_v1_ImageLoadChunk, _orc_engine_v1_ImageLoadResponse, _orc_engine_v1_ImageLoadChunk__Output, _orc_engine_v1_ImageLoadResponse__Output>
  ImagePull: MethodDefinition<_orc_engine_v1_ImagePullRequest, _orc_engine_v1_ImagePullEvent, _orc_engine_v1_ImagePullRequest__Output, _orc_engine_v1_ImagePullEvent__Output>
  ImageRemove: MethodDefinition<_orc_engine_v1_ImageRemoveRequest, _orc_engine_v1_ImageRemoveResponse, _orc_engine_v1_ImageRemoveRequest__Output, _orc_engine_v1_ImageRemoveResponse__Output>
  Version: MethodDefinition<_orc_engine_v1_VersionRequest, _orc_engine_v1_VersionResponse, _orc_engine_v1_VersionRequest__Output, _orc_engine_v1_VersionResponse__Output>
}
