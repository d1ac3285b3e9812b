// Original file: proto/engine.proto


export interface NetworkListRequest {
}

export interface NetworkListRequest__Output {
}
