// Original file: proto/engine.proto


export interface NetworkPruneRequest {
}

export interface NetworkPruneRequest__Output {
}
