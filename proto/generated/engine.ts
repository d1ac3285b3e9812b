import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AttachInput as _orc_engine_v1_AttachInput, AttachInput__Output as _orc_engine_v1_AttachInput__Output } from './orc/engine/v1/AttachInput.js';
import type { AttachOutput as _orc_engine_v1_AttachOutput, AttachOutput__Output as _orc_engine_v1_AttachOutput__Output } from './orc/engine/v1/AttachOutput.js';
import type { AttachStart as _orc_engine_v1_AttachStart, AttachStart__Output as _orc_engine_v1_AttachStart__Output } from './orc/engine/v1/AttachStart.js';
import type { ContainerArchiveChunk as _orc_engine_v1_ContainerArchiveChunk, ContainerArchiveChunk__Output as _orc_engine_v1_ContainerArchiveChunk__Output } from './orc/engine/v1/ContainerArchiveChunk.js';
import type { ContainerArchiveGetRequest as _orc_engine_v1_ContainerArchiveGetRequest, ContainerArchiveGetRequest__Output as _orc_engine_v1_ContainerArchiveGetRequest__Output } from './orc/engine/v1/ContainerArchiveGetRequest.js';
import type { ContainerArchivePutChunk as _orc_engine_v1_ContainerArchivePutChunk, ContainerArchivePutChunk__Output as _orc_engine_v1_ContainerArchivePutChunk__Output } from './orc/engine/v1/ContainerArchivePutChunk.js';
import type { ContainerArchivePutRequest as _orc_engine_v1_ContainerArchivePutRequest, ContainerArchivePutRequest__Output as _orc_engine_v1_ContainerArchivePutRequest__Output } from './orc/engine/v1/ContainerArchivePutRequest.js';
import type { ContainerCreateRequest as _orc_engine_v1_ContainerCreateRequest, ContainerCreateRequest__Output as _orc_engine_v1_ContainerCreateRequest__Output } from './orc/engine/v1/ContainerCreateRequest.js';
import type { ContainerCreateResponse as _orc_engine_v1_ContainerCreateResponse, ContainerCreateResponse__Output as _orc_engine_v1_ContainerCreateResponse__Output } from './orc/engine/v1/ContainerCreateResponse.js';
import type { ContainerFileMessage as _orc_engine_v1_ContainerFileMessage, ContainerFileMessage__Output as _orc_engine_v1_ContainerFileMessage__Output } from './orc/engine/v1/ContainerFileMessage.js';
import type { ContainerHealthcheck as _orc_engine_v1_ContainerHealthcheck, ContainerHealthcheck__Output as _orc_engine_v1_ContainerHealthcheck__Output } from './orc/engine/v1/ContainerHealthcheck.js';
import type { ContainerHostConfig as _orc_engine_v1_ContainerHostConfig, ContainerHostConfig__Output as _orc_engine_v1_ContainerHostConfig__Output } from './orc/engine/v1/ContainerHostConfig.js';
import type { ContainerInspectResponse as _orc_engine_v1_ContainerInspectResponse, ContainerInspectResponse__Output as _orc_engine_v1_ContainerInspectResponse__Output } from './orc/engine/v1/ContainerInspectResponse.js';
import type { ContainerKillRequest as _orc_engine_v1_ContainerKillRequest, ContainerKillRequest__Output as _orc_engine_v1_ContainerKillRequest__Output } from './orc/engine/v1/ContainerKillRequest.js';
import type { ContainerListRequest as _orc_engine_v1_ContainerListRequest, ContainerListRequest__Output as _orc_engine_v1_ContainerListRequest__Output } from './orc/engine/v1/ContainerListRequest.js';
import type { ContainerListResponse as _orc_engine_v1_ContainerListResponse, ContainerListResponse__Output as _orc_engine_v1_ContainerListResponse__Output } from './orc/engine/v1/ContainerListResponse.js';
import type { ContainerLogsRequest as _orc_engine_v1_ContainerLogsRequest, ContainerLogsRequest__Output as _orc_engine_v1_ContainerLogsRequest__Output } from './orc/engine/v1/ContainerLogsRequest.js';
import type { ContainerRef as _orc_engine_v1_ContainerRef, ContainerRef__Output as _orc_engine_v1_ContainerRef__Output } from './orc/engine/v1/ContainerRef.js';
import type { ContainerRemoveRequest as _orc_engine_v1_ContainerRemoveRequest, ContainerRemoveRequest__Output as _orc_engine_v1_ContainerRemoveRequest__Output } from './orc/engine/v1/ContainerRemoveRequest.js';
import type { ContainerStats as _orc_engine_v1_ContainerStats, ContainerStats__Output as _orc_engine_v1_ContainerStats__Output } from './orc/engine/v1/ContainerStats.js';
import type { ContainerStatsRequest as _orc_engine_v1_ContainerStatsRequest, ContainerStatsRequest__Output as _orc_engine_v1_ContainerStatsRequest__Output } from './orc/engine/v1/ContainerStatsRequest.js';
import type { ContainerStopRequest as _orc_engine_v1_ContainerStopRequest, ContainerStopRequest__Output as _orc_engine_v1_ContainerStopRequest__Output } from './orc/engine/v1/ContainerStopRequest.js';
import type { ContainerSummary as _orc_engine_v1_ContainerSummary, ContainerSummary__Output as _orc_engine_v1_ContainerSummary__Output } from './orc/engine/v1/ContainerSummary.js';
import type { ContainerTopRequest as _orc_engine_v1_ContainerTopRequest, ContainerTopRequest__Output as _orc_engine_v1_ContainerTopRequest__Output } from './orc/engine/v1/ContainerTopRequest.js';
import type { ContainerTopResponse as _orc_engine_v1_ContainerTopResponse, ContainerTopResponse__Output as _orc_engine_v1_ContainerTopResponse__Output } from './orc/engine/v1/ContainerTopResponse.js';
import type { ContainerWaitResponse as _orc_engine_v1_ContainerWaitResponse, ContainerWaitResponse__Output as _orc_engine_v1_ContainerWaitResponse__Output } from './orc/engine/v1/ContainerWaitResponse.js';
import type { DataChunk as _orc_engine_v1_DataChunk, DataChunk__Output as _orc_engine_v1_DataChunk__Output } from './orc/engine/v1/DataChunk.js';
import type { Empty as _orc_engine_v1_Empty, Empty__Output as _orc_engine_v1_Empty__Output } from './orc/engine/v1/Empty.js';
import type { EngineClient as _orc_engine_v1_EngineClient, EngineDefinition as _orc_engine_v1_EngineDefinition } from './orc/engine/v1/Engine.js';
import type { Event as _orc_engine_v1_Event, Event__Output as _orc_engine_v1_Event__Output } from './orc/engine/v1/Event.js';
import type { EventAttribute as _orc_engine_v1_EventAttribute, EventAttribute__Output as _orc_engine_v1_EventAttribute__Output } from './orc/engine/v1/EventAttribute.js';
import type { EventFilter as _orc_engine_v1_EventFilter, EventFilter__Output as _orc_engine_v1_EventFilter__Output } from './orc/engine/v1/EventFilter.js';
import type { EventsRequest as _orc_engine_v1_EventsRequest, EventsRequest__Output as _orc_engine_v1_EventsRequest__Output } from './orc/engine/v1/EventsRequest.js';
import type { ExecInput as _orc_engine_v1_ExecInput, ExecInput__Output as _orc_engine_v1_ExecInput__Output } from './orc/engine/v1/ExecInput.js';
import type { ExecStart as _orc_engine_v1_ExecStart, ExecStart__Output as _orc_engine_v1_ExecStart__Output } from './orc/engine/v1/ExecStart.js';
import type { ImageInspectRequest as _orc_engine_v1_ImageInspectRequest, ImageInspectRequest__Output as _orc_engine_v1_ImageInspectRequest__Output } from './orc/engine/v1/ImageInspectRequest.js';
import type { ImageInspectResponse as _orc_engine_v1_ImageInspectResponse, ImageInspectResponse__Output as _orc_engine_v1_ImageInspectResponse__Output } from './orc/engine/v1/ImageInspectResponse.js';
import type { ImageListRequest as _orc_engine_v1_ImageListRequest, ImageListRequest__Output as _orc_engine_v1_ImageListRequest__Output } from './orc/engine/v1/ImageListRequest.js';
import type { ImageListResponse as _orc_engine_v1_ImageListResponse, ImageListResponse__Output as _orc_engine_v1_ImageListResponse__Output } from './orc/engine/v1/ImageListResponse.js';
import type { ImageLoadChunk as _orc_engine_v1_ImageLoadChunk, ImageLoadChunk__Output as _orc_engine_v1_ImageLoadChunk__Output } from './orc/engine/v1/ImageLoadChunk.js';
import type { ImageLoadResponse as _orc_engine_v1_ImageLoadResponse, ImageLoadResponse__Output as _orc_engine_v1_ImageLoadResponse__Output } from './orc/engine/v1/ImageLoadResponse.js';
import type { ImagePruneRequest as _orc_engine_v1_ImagePruneRequest, ImagePruneRequest__Output as _orc_engine_v1_ImagePruneRequest__Output } from './orc/engine/v1/ImagePruneRequest.js';
import type { ImagePruneResponse as _orc_engine_v1_ImagePruneResponse, ImagePruneResponse__Output as _orc_engine_v1_ImagePruneResponse__Output } from './orc/engine/v1/ImagePruneResponse.js';
import type { ImagePullEvent as _orc_engine_v1_ImagePullEvent, ImagePullEvent__Output as _orc_engine_v1_ImagePullEvent__Output } from './orc/engine/v1/ImagePullEvent.js';
import type { ImagePullRequest as _orc_engine_v1_ImagePullRequest, ImagePullRequest__Output as _orc_engine_v1_ImagePullRequest__Output } from './orc/engine/v1/ImagePullRequest.js';
import type { ImageRemoveRequest as _orc_engine_v1_ImageRemoveRequest, ImageRemoveRequest__Output as _orc_engine_v1_ImageRemoveRequest__Output } from './orc/engine/v1/ImageRemoveRequest.js';
import type { ImageRemoveResponse as _orc_engine_v1_ImageRemoveResponse, ImageRemoveResponse__Output as _orc_engine_v1_ImageRemoveResponse__Output } from './orc/engine/v1/ImageRemoveResponse.js';
import type { ImageSaveRequest as _orc_engine_v1_ImageSaveRequest, ImageSaveRequest__Output as _orc_engine_v1_ImageSaveRequest__Output } from './orc/engine/v1/ImageSaveRequest.js';
import type { ImageSummary as _orc_engine_v1_ImageSummary, ImageSummary__Output as _orc_engine_v1_ImageSummary__Output } from './orc/engine/v1/ImageSummary.js';
import type { IpamConfig as _orc_engine_v1_IpamConfig, IpamConfig__Output as _orc_engine_v1_IpamConfig__Output } from './orc/engine/v1/IpamConfig.js';
import type { LoadedImage as _orc_engine_v1_LoadedImage, LoadedImage__Output as _orc_engine_v1_LoadedImage__Output } from './orc/engine/v1/LoadedImage.js';
import type { LogEntry as _orc_engine_v1_LogEntry, LogEntry__Output as _orc_engine_v1_LogEntry__Output } from './orc/engine/v1/LogEntry.js';
import type { NetworkConnectRequest as _orc_engine_v1_NetworkConnectRequest, NetworkConnectRequest__Output as _orc_engine_v1_NetworkConnectRequest__Output } from './orc/engine/v1/NetworkConnectRequest.js';
import type { NetworkCreateRequest as _orc_engine_v1_NetworkCreateRequest, NetworkCreateRequest__Output as _orc_engine_v1_NetworkCreateRequest__Output } from './orc/engine/v1/NetworkCreateRequest.js';
import type { NetworkCreateResponse as _orc_engine_v1_NetworkCreateResponse, NetworkCreateResponse__Output as _orc_engine_v1_NetworkCreateResponse__Output } from './orc/engine/v1/NetworkCreateResponse.js';
import type { NetworkDisconnectRequest as _orc_engine_v1_NetworkDisconnectRequest, NetworkDisconnectRequest__Output as _orc_engine_v1_NetworkDisconnectRequest__Output } from './orc/engine/v1/NetworkDisconnectRequest.js';
import type { NetworkInspectResponse as _orc_engine_v1_NetworkInspectResponse, NetworkInspectResponse__Output as _orc_engine_v1_NetworkInspectResponse__Output } from './orc/engine/v1/NetworkInspectResponse.js';
import type { NetworkListRequest as _orc_engine_v1_NetworkListRequest, NetworkListRequest__Output as _orc_engine_v1_NetworkListRequest__Output } from './orc/engine/v1/NetworkListRequest.js';
import type { NetworkListResponse as _orc_engine_v1_NetworkListResponse, NetworkListResponse__Output as _orc_engine_v1_NetworkListResponse__Output } from './orc/engine/v1/NetworkListResponse.js';
import type { NetworkPruneRequest as _orc_engine_v1_NetworkPruneRequest, NetworkPruneRequest__Output as _orc_engine_v1_NetworkPruneRequest__Output } from './orc/engine/v1/NetworkPruneRequest.js';
import type { NetworkPruneResponse as _orc_engine_v1_NetworkPruneResponse, NetworkPruneResponse__Output as _orc_engine_v1_NetworkPruneResponse__Output } from './orc/engine/v1/NetworkPruneResponse.js';
import type { NetworkRef as _orc_engine_v1_NetworkRef, NetworkRef__Output as _orc_engine_v1_NetworkRef__Output } from './orc/engine/v1/NetworkRef.js';
import type { PathStat as _orc_engine_v1_PathStat, PathStat__Output as _orc_engine_v1_PathStat__Output } from './orc/engine/v1/PathStat.js';
import type { PrunedImage as _orc_engine_v1_PrunedImage, PrunedImage__Output as _orc_engine_v1_PrunedImage__Output } from './orc/engine/v1/PrunedImage.js';
import type { PullDone as _orc_engine_v1_PullDone, PullDone__Output as _orc_engine_v1_PullDone__Output } from './orc/engine/v1/PullDone.js';
import type { PullLayer as _orc_engine_v1_PullLayer, PullLayer__Output as _orc_engine_v1_PullLayer__Output } from './orc/engine/v1/PullLayer.js';
import type { PullResolved as _orc_engine_v1_PullResolved, PullResolved__Output as _orc_engine_v1_PullResolved__Output } from './orc/engine/v1/PullResolved.js';
import type { RegistryAuth as _orc_engine_v1_RegistryAuth, RegistryAuth__Output as _orc_engine_v1_RegistryAuth__Output } from './orc/engine/v1/RegistryAuth.js';
import type { RegistryLoginRequest as _orc_engine_v1_RegistryLoginRequest, RegistryLoginRequest__Output as _orc_engine_v1_RegistryLoginRequest__Output } from './orc/engine/v1/RegistryLoginRequest.js';
import type { RegistryLoginResponse as _orc_engine_v1_RegistryLoginResponse, RegistryLoginResponse__Output as _orc_engine_v1_RegistryLoginResponse__Output } from './orc/engine/v1/RegistryLoginResponse.js';
import type { StackDownRequest as _orc_engine_v1_StackDownRequest, StackDownRequest__Output as _orc_engine_v1_StackDownRequest__Output } from './orc/engine/v1/StackDownRequest.js';
import type { StackEvent as _orc_engine_v1_StackEvent, StackEvent__Output as _orc_engine_v1_StackEvent__Output } from './orc/engine/v1/StackEvent.js';
import type { StackListRequest as _orc_engine_v1_StackListRequest, StackListRequest__Output as _orc_engine_v1_StackListRequest__Output } from './orc/engine/v1/StackListRequest.js';
import type { StackListResponse as _orc_engine_v1_StackListResponse, StackListResponse__Output as _orc_engine_v1_StackListResponse__Output } from './orc/engine/v1/StackListResponse.js';
import type { StackRunRequest as _orc_engine_v1_StackRunRequest, StackRunRequest__Output as _orc_engine_v1_StackRunRequest__Output } from './orc/engine/v1/StackRunRequest.js';
import type { StackRunResponse as _orc_engine_v1_StackRunResponse, StackRunResponse__Output as _orc_engine_v1_StackRunResponse__Output } from './orc/engine/v1/StackRunResponse.js';
import type { StackSummary as _orc_engine_v1_StackSummary, StackSummary__Output as _orc_engine_v1_StackSummary__Output } from './orc/engine/v1/StackSummary.js';
import type { StackUpRequest as _orc_engine_v1_StackUpRequest, StackUpRequest__Output as _orc_engine_v1_StackUpRequest__Output } from './orc/engine/v1/StackUpRequest.js';
import type { StatsSample as _orc_engine_v1_StatsSample, StatsSample__Output as _orc_engine_v1_StatsSample__Output } from './orc/engine/v1/StatsSample.js';
import type { TerminalSize as _orc_engine_v1_TerminalSize, TerminalSize__Output as _orc_engine_v1_TerminalSize__Output } from './orc/engine/v1/TerminalSize.js';
import type { TopProcess as _orc_engine_v1_TopProcess, TopProcess__Output as _orc_engine_v1_TopProcess__Output } from './orc/engine/v1/TopProcess.js';
import type { VersionRequest as _orc_engine_v1_VersionRequest, VersionRequest__Output as _orc_engine_v1_VersionRequest__Output } from './orc/engine/v1/VersionRequest.js';
import type { VersionResponse as _orc_engine_v1_VersionResponse, VersionResponse__Output as _orc_engine_v1_VersionResponse__Output } from './orc/engine/v1/VersionResponse.js';
import type { VolumeCreateRequest as _orc_engine_v1_VolumeCreateRequest, VolumeCreateRequest__Output as _orc_engine_v1_VolumeCreateRequest__Output } from './orc/engine/v1/VolumeCreateRequest.js';
import type { VolumeInspectResponse as _orc_engine_v1_VolumeInspectResponse, VolumeInspectResponse__Output as _orc_engine_v1_VolumeInspectResponse__Output } from './orc/engine/v1/VolumeInspectResponse.js';
import type { VolumeListRequest as _orc_engine_v1_VolumeListRequest, VolumeListRequest__Output as _orc_engine_v1_VolumeListRequest__Output } from './orc/engine/v1/VolumeListRequest.js';
import type { VolumeListResponse as _orc_engine_v1_VolumeListResponse, VolumeListResponse__Output as _orc_engine_v1_VolumeListResponse__Output } from './orc/engine/v1/VolumeListResponse.js';
import type { VolumePruneRequest as _orc_engine_v1_VolumePruneRequest, VolumePruneRequest__Output as _orc_engine_v1_VolumePruneRequest__Output } from './orc/engine/v1/VolumePruneRequest.js';
import type { VolumePruneResponse as _orc_engine_v1_VolumePruneResponse, VolumePruneResponse__Output as _orc_engine_v1_VolumePruneResponse__Output } from './orc/engine/v1/VolumePruneResponse.js';
import type { VolumeRef as _orc_engine_v1_VolumeRef, VolumeRef__Output as _orc_engine_v1_VolumeRef__Output } from './orc/engine/v1/VolumeRef.js';
import type { VolumeRemoveRequest as _orc_engine_v1_VolumeRemoveRequest, VolumeRemoveRequest__Output as _orc_engine_v1_VolumeRemoveRequest__Output } from './orc/engine/v1/VolumeRemoveRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orc: {
    engine: {
      v1: {
        AttachInput: MessageTypeDefinition<_orc_engine_v1_AttachInput, _orc_engine_v1_AttachInput__Output>
        AttachOutput: MessageTypeDefinition<_orc_engine_v1_AttachOutput, _orc_engine_v1_AttachOutput__Output>
        AttachStart: MessageTypeDefinition<_orc_engine_v1_AttachStart, _orc_engine_v1_AttachStart__Output>
        ContainerArchiveChunk: MessageTypeDefinition<_orc_engine_v1_ContainerArchiveChunk, _orc_engine_v1_ContainerArchiveChunk__Output>
        ContainerArchiveGetRequest: MessageTypeDefinition<_orc_engine_v1_ContainerArchiveGetRequest, _orc_engine_v1_ContainerArchiveGetRequest__Output>
        ContainerArchivePutChunk: MessageTypeDefinition<_orc_engine_v1_ContainerArchivePutChunk, _orc_engine_v1_ContainerArchivePutChunk__Output>
        ContainerArchivePutRequest: MessageTypeDefinition<_orc_engine_v1_ContainerArchivePutRequest, _orc_engine_v1_ContainerArchivePutRequest__Output>
        ContainerCreateRequest: MessageTypeDefinition<_orc_engine_v1_ContainerCreateRequest, _orc_engine_v1_ContainerCreateRequest__Output>
        ContainerCreateResponse: MessageTypeDefinition<_orc_engine_v1_ContainerCreateResponse, _orc_engine_v1_ContainerCreateResponse__Output>
        ContainerFileMessage: MessageTypeDefinition<_orc_engine_v1_ContainerFileMessage, _orc_engine_v1_ContainerFileMessage__Output>
        ContainerHealthcheck: MessageTypeDefinition<_orc_engine_v1_ContainerHealthcheck, _orc_engine_v1_ContainerHealthcheck__Output>
        ContainerHostConfig: MessageTypeDefinition<_orc_engine_v1_ContainerHostConfig, _orc_engine_v1_ContainerHostConfig__Output>
        ContainerInspectResponse: MessageTypeDefinition<_orc_engine_v1_ContainerInspectResponse, _orc_engine_v1_ContainerInspectResponse__Output>
        ContainerKillRequest: MessageTypeDefinition<_orc_engine_v1_ContainerKillRequest, _orc_engine_v1_ContainerKillRequest__Output>
        ContainerListRequest: MessageTypeDefinition<_orc_engine_v1_ContainerListRequest, _orc_engine_v1_ContainerListRequest__Output>
        ContainerListResponse: MessageTypeDefinition<_orc_engine_v1_ContainerListResponse, _orc_engine_v1_ContainerListResponse__Output>
        ContainerLogsRequest: MessageTypeDefinition<_orc_engine_v1_ContainerLogsRequest, _orc_engine_v1_ContainerLogsRequest__Output>
        ContainerRef: MessageTypeDefinition<_orc_engine_v1_ContainerRef, _orc_engine_v1_ContainerRef__Output>
        ContainerRemoveRequest: MessageTypeDefinition<_orc_engine_v1_ContainerRemoveRequest, _orc_engine_v1_ContainerRemoveRequest__Output>
        ContainerStats: MessageTypeDefinition<_orc_engine_v1_ContainerStats, _orc_engine_v1_ContainerStats__Output>
        ContainerStatsRequest: MessageTypeDefinition<_orc_engine_v1_ContainerStatsRequest, _orc_engine_v1_ContainerStatsRequest__Output>
        ContainerStopRequest: MessageTypeDefinition<_orc_engine_v1_ContainerStopRequest, _orc_engine_v1_ContainerStopRequest__Output>
        ContainerSummary: MessageTypeDefinition<_orc_engine_v1_ContainerSummary, _orc_engine_v1_ContainerSummary__Output>
        ContainerTopRequest: MessageTypeDefinition<_orc_engine_v1_ContainerTopRequest, _orc_engine_v1_ContainerTopRequest__Output>
        ContainerTopResponse: MessageTypeDefinition<_orc_engine_v1_ContainerTopResponse, _orc_engine_v1_ContainerTopResponse__Output>
        ContainerWaitResponse: MessageTypeDefinition<_orc_engine_v1_ContainerWaitResponse, _orc_engine_v1_ContainerWaitResponse__Output>
        DataChunk: MessageTypeDefinition<_orc_engine_v1_DataChunk, _orc_engine_v1_DataChunk__Output>
        Empty: MessageTypeDefinition<_orc_engine_v1_Empty, _orc_engine_v1_Empty__Output>
        Engine: SubtypeConstructor<typeof grpc.Client, _orc_engine_v1_EngineClient> & { service: _orc_engine_v1_EngineDefinition }
        Event: MessageTypeDefinition<_orc_engine_v1_Event, _orc_engine_v1_Event__Output>
        EventAttribute: MessageTypeDefinition<_orc_engine_v1_EventAttribute, _orc_engine_v1_EventAttribute__Output>
        EventFilter: MessageTypeDefinition<_orc_engine_v1_EventFilter, _orc_engine_v1_EventFilter__Output>
        EventsRequest: MessageTypeDefinition<_orc_engine_v1_EventsRequest, _orc_engine_v1_EventsRequest__Output>
        ExecInput: MessageTypeDefinition<_orc_engine_v1_ExecInput, _orc_engine_v1_ExecInput__Output>
        ExecStart: MessageTypeDefinition<_orc_engine_v1_ExecStart, _orc_engine_v1_ExecStart__Output>
        ImageInspectRequest: MessageTypeDefinition<_orc_engine_v1_ImageInspectRequest, _orc_engine_v1_ImageInspectRequest__Output>
        ImageInspectResponse: MessageTypeDefinition<_orc_engine_v1_ImageInspectResponse, _orc_engine_v1_ImageInspectResponse__Output>
        ImageListRequest: MessageTypeDefinition<_orc_engine_v1_ImageListRequest, _orc_engine_v1_ImageListRequest__Output>
        ImageListResponse: MessageTypeDefinition<_orc_engine_v1_ImageListResponse, _orc_engine_v1_ImageListResponse__Output>
        ImageLoadChunk: MessageTypeDefinition<_orc_engine_v1_ImageLoadChunk, _orc_engine_v1_ImageLoadChunk__Output>
        ImageLoadResponse: MessageTypeDefinition<_orc_engine_v1_ImageLoadResponse, _orc_engine_v1_ImageLoadResponse__Output>
        ImagePruneRequest: MessageTypeDefinition<_orc_engine_v1_ImagePruneRequest, _orc_engine_v1_ImagePruneRequest__Output>
        ImagePruneResponse: MessageTypeDefinition<_orc_engine_v1_ImagePruneResponse, _orc_engine_v1_ImagePruneResponse__Output>
        ImagePullEvent: MessageTypeDefinition<_orc_engine_v1_ImagePullEvent, _orc_engine_v1_ImagePullEvent__Output>
        ImagePullRequest: MessageTypeDefinition<_orc_engine_v1_ImagePullRequest, _orc_engine_v1_ImagePullRequest__Output>
        ImageRemoveRequest: MessageTypeDefinition<_orc_engine_v1_ImageRemoveRequest, _orc_engine_v1_ImageRemoveRequest__Output>
        ImageRemoveResponse: MessageTypeDefinition<_orc_engine_v1_ImageRemoveResponse, _orc_engine_v1_ImageRemoveResponse__Output>
        ImageSaveRequest: MessageTypeDefinition<_orc_engine_v1_ImageSaveRequest, _orc_engine_v1_ImageSaveRequest__Output>
        ImageSummary: MessageTypeDefinition<_orc_engine_v1_ImageSummary, _orc_engine_v1_ImageSummary__Output>
        IpamConfig: MessageTypeDefinition<_orc_engine_v1_IpamConfig, _orc_engine_v1_IpamConfig__Output>
        LoadedImage: MessageTypeDefinition<_orc_engine_v1_LoadedImage, _orc_engine_v1_LoadedImage__Output>
        LogEntry: MessageTypeDefinition<_orc_engine_v1_LogEntry, _orc_engine_v1_LogEntry__Output>
        NetworkConnectRequest: MessageTypeDefinition<_orc_engine_v1_NetworkConnectRequest, _orc_engine_v1_NetworkConnectRequest__Output>
        NetworkCreateRequest: MessageTypeDefinition<_orc_engine_v1_NetworkCreateRequest, _orc_engine_v1_NetworkCreateRequest__Output>
        NetworkCreateResponse: MessageTypeDefinition<_orc_engine_v1_NetworkCreateResponse, _orc_engine_v1_NetworkCreateResponse__Output>
        NetworkDisconnectRequest: MessageTypeDefinition<_orc_engine_v1_NetworkDisconnectRequest, _orc_engine_v1_NetworkDisconnectRequest__Output>
        NetworkInspectResponse: MessageTypeDefinition<_orc_engine_v1_NetworkInspectResponse, _orc_engine_v1_NetworkInspectResponse__Output>
        NetworkListRequest: MessageTypeDefinition<_orc_engine_v1_NetworkListRequest, _orc_engine_v1_NetworkListRequest__Output>
        NetworkListResponse: MessageTypeDefinition<_orc_engine_v1_NetworkListResponse, _orc_engine_v1_NetworkListResponse__Output>
        NetworkPruneRequest: MessageTypeDefinition<_orc_engine_v1_NetworkPruneRequest, _orc_engine_v1_NetworkPruneRequest__Output>
        NetworkPruneResponse: MessageTypeDefinition<_orc_engine_v1_NetworkPruneResponse, _orc_engine_v1_NetworkPruneResponse__Output>
        NetworkRef: MessageTypeDefinition<_orc_engine_v1_NetworkRef, _orc_engine_v1_NetworkRef__Output>
        PathStat: MessageTypeDefinition<_orc_engine_v1_PathStat, _orc_engine_v1_PathStat__Output>
        PrunedImage: MessageTypeDefinition<_orc_engine_v1_PrunedImage, _orc_engine_v1_PrunedImage__Output>
        PullDone: MessageTypeDefinition<_orc_engine_v1_PullDone, _orc_engine_v1_PullDone__Output>
        PullLayer: MessageTypeDefinition<_orc_engine_v1_PullLayer, _orc_engine_v1_PullLayer__Output>
        PullResolved: MessageTypeDefinition<_orc_engine_v1_PullResolved, _orc_engine_v1_PullResolved__Output>
        RegistryAuth: MessageTypeDefinition<_orc_engine_v1_RegistryAuth, _orc_engine_v1_RegistryAuth__Output>
        RegistryLoginRequest: MessageTypeDefinition<_orc_engine_v1_RegistryLoginRequest, _orc_engine_v1_RegistryLoginRequest__Output>
        RegistryLoginResponse: MessageTypeDefinition<_orc_engine_v1_RegistryLoginResponse, _orc_engine_v1_RegistryLoginResponse__Output>
        StackDownRequest: MessageTypeDefinition<_orc_engine_v1_StackDownRequest, _orc_engine_v1_StackDownRequest__Output>
        StackEvent: MessageTypeDefinition<_orc_engine_v1_StackEvent, _orc_engine_v1_StackEvent__Output>
        StackListRequest: MessageTypeDefinition<_orc_engine_v1_StackListRequest, _orc_engine_v1_StackListRequest__Output>
        StackListResponse: MessageTypeDefinition<_orc_engine_v1_StackListResponse, _orc_engine_v1_StackListResponse__Output>
        StackRunRequest: MessageTypeDefinition<_orc_engine_v1_StackRunRequest, _orc_engine_v1_StackRunRequest__Output>
        StackRunResponse: MessageTypeDefinition<_orc_engine_v1_StackRunResponse, _orc_engine_v1_StackRunResponse__Output>
        StackSummary: MessageTypeDefinition<_orc_engine_v1_StackSummary, _orc_engine_v1_StackSummary__Output>
        StackUpRequest: MessageTypeDefinition<_orc_engine_v1_StackUpRequest, _orc_engine_v1_StackUpRequest__Output>
        StatsSample: MessageTypeDefinition<_orc_engine_v1_StatsSample, _orc_engine_v1_StatsSample__Output>
        TerminalSize: MessageTypeDefinition<_orc_engine_v1_TerminalSize, _orc_engine_v1_TerminalSize__Output>
        TopProcess: MessageTypeDefinition<_orc_engine_v1_TopProcess, _orc_engine_v1_TopProcess__Output>
        VersionRequest: MessageTypeDefinition<_orc_engine_v1_VersionRequest, _orc_engine_v1_VersionRequest__Output>
        VersionResponse: MessageTypeDefinition<_orc_engine_v1_VersionResponse, _orc_engine_v1_VersionResponse__Output>
        VolumeCreateRequest: MessageTypeDefinition<_orc_engine_v1_VolumeCreateRequest, _orc_engine_v1_VolumeCreateRequest__Output>
        VolumeInspectResponse: MessageTypeDefinition<_orc_engine_v1_VolumeInspectResponse, _orc_engine_v1_VolumeInspectResponse__Output>
        VolumeListRequest: MessageTypeDefinition<_orc_engine_v1_VolumeListRequest, _orc_engine_v1_VolumeListRequest__Output>
        VolumeListResponse: MessageTypeDefinition<_orc_engine_v1_VolumeListResponse, _orc_engine_v1_VolumeListResponse__Output>
        VolumePruneRequest: MessageTypeDefinition<_orc_engine_v1_VolumePruneRequest, _orc_engine_v1_VolumePruneRequest__Output>
        VolumePruneResponse: MessageTypeDefinition<_orc_engine_v1_VolumePruneResponse, _orc_engine_v1_VolumePruneResponse__Output>
        VolumeRef: MessageTypeDefinition<_orc_engine_v1_VolumeRef, _orc_engine_v1_VolumeRef__Output>
        VolumeRemoveRequest: MessageTypeDefinition<_orc_engine_v1_VolumeRemoveRequest, _orc_engine_v1_VolumeRemoveRequest__Output>
      }
    }
  }
}

