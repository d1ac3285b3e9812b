// Original file: proto/engine.proto


export interface DataChunk {
  'data'?: (Buffer | Uint8Array | string);
}

export interface DataChunk__Output {
  'data': (Buffer);
}
