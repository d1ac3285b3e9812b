// Original file: proto/engine.proto


export interface ImageLoadChunk {
  'data'?: (Buffer | Uint8Array | string);
}

export interface ImageLoadChunk__Output {
  'data': (Buffer);
}
