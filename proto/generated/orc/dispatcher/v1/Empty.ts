// Original file: proto/dispatcher.proto


export interface Empty {
}

export interface Empty__Output {
}
