// Original file: proto/engine.proto


export interface ImageListRequest {
}

export interface ImageListRequest__Output {
}
