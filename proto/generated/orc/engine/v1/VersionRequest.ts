// Original file: proto/engine.proto


export interface VersionRequest {
}

export interface VersionRequest__Output {
}
