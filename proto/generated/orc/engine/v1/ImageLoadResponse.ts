// Original file: proto/engine.proto

import type { LoadedImage as _orc_engine_v1_LoadedImage, LoadedImage__Output as _orc_engine_v1_LoadedImage__Output } from '../../../orc/engine/v1/LoadedImage.js';

export interface ImageLoadResponse {
  'images'?: (_orc_engine_v1_LoadedImage)[];
}

export interface ImageLoadResponse__Output {
  'images': (_orc_engine_v1_LoadedImage__Output)[];
}
