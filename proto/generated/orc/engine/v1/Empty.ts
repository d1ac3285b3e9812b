// Original file: proto/engine.proto


export interface Empty {
}

export interface Empty__Output {
}
